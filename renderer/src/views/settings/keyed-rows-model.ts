import type { FieldError } from '../../../../shared/errors';
import { type ErrorMap, type PathMessage, firstPerField, isOneOf, splitServerErrors } from './form-errors';

// The editable lists of Settings whose rows carry a permanent key (template phases, validation
// gates): rows that move and go, a new row's key following its name until typed by hand, and
// messages kept by row so they follow a row that moves.

/** A row of an editor: `uid` is its local identity for React keys, messages and focus; never sent. */
export interface EditorRow {
  uid: string;
  key: string;
  name: string;
  /** Saved rows keep their key: history and scripts refer to it. */
  isNew: boolean;
  /** A new row's key follows its name until the person types a key of their own. */
  keyEdited: boolean;
}

/** Messages of one row: by field, and `row` for the row as a whole. */
export type RowErrors<F extends string> = Partial<Record<F | 'row', string>>;

type ByRow<F extends string> = Record<string, RowErrors<F>>;

/** Messages by row uid, and one about the list as a whole under `L`. */
export type RowListErrors<F extends string, L extends string> = { rows: ByRow<F> } & Partial<Record<L, string>>;

/** A name as a key: "Production rollout" → "production-rollout", cut to `maxLength`, `leading` stripped. */
function slugKey(name: string, maxLength: number, leading: RegExp): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(leading, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}

/** A key no other row uses: "base", "base-2", …, within `maxLength` characters. */
function freeKey(base: string, rows: readonly { key: string }[], maxLength: number): string {
  const used = new Set(rows.map((r) => r.key));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const key = `${base.slice(0, maxLength - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!used.has(key)) return key;
  }
}

function removeRow<R>(rows: readonly R[], index: number): R[] {
  return rows.filter((_, i) => i !== index);
}

function moveRow<R>(rows: readonly R[], index: number, delta: -1 | 1): R[] {
  const target = index + delta;
  const row = rows[index];
  if (!row || target < 0 || target >= rows.length) return [...rows];
  const next = rows.filter((_, i) => i !== index);
  next.splice(target, 0, row);
  return next;
}

interface KeyedRowsSpec<F extends string, L extends string> {
  /** Keys: at most `maxLength` characters, `leading` characters stripped, `fallback` for a name that leaves none. */
  keys: { maxLength: number; leading: RegExp; fallback: string };
  /** Where schema and server paths name the rows by position: `phases` for `phases.2.key`. */
  path: string;
  /** The fields a row shows messages under. */
  fields: readonly F[];
  /** Where a message about the list as a whole is kept. */
  listKey: L;
  /** The server names the paths under this input (`template.phases.2.key`). */
  serverPrefix: string;
}

/**
 * The model of one editor of keyed rows. Messages are kept by row uid: `path.N.field` is row N's
 * field, `path.N` (or a field the editor does not show) the row as a whole, `path` or `` the list.
 */
export function keyedRowsModel<R extends EditorRow, F extends string, L extends string>(spec: KeyedRowsSpec<F, L>) {
  type Errors = RowListErrors<F, L>;
  const { keys, path, fields, listKey, serverPrefix } = spec;
  const none = { rows: {} } as Errors;
  const rowPath = new RegExp(`^${path}\\.(\\d+)(?:\\.([A-Za-z]+))?`);
  const listOf = (errors: Errors): string | undefined => (errors as Partial<Record<L, string>>)[listKey];
  const withList = (rows: ByRow<F>, list: string | undefined): Errors =>
    (list === undefined ? { rows } : { rows, [listKey]: list }) as Errors;

  const keyFromName = (name: string) => slugKey(name, keys.maxLength, keys.leading);
  const freeRowKey = (base: string, rows: readonly { key: string }[]) => freeKey(base, rows, keys.maxLength);

  function place(errors: ErrorMap, rows: readonly R[]): { placed: Errors; unplaced: string[] } {
    const byRow: ByRow<F> = {};
    let list: string | undefined;
    const unplaced: string[] = [];
    for (const [field, message] of Object.entries(errors)) {
      const m = rowPath.exec(field);
      const row = m ? rows[Number(m[1])] : undefined;
      if (row && m) {
        const name: F | 'row' = m[2] && isOneOf(fields, m[2]) ? m[2] : 'row';
        const rowErrors = (byRow[row.uid] ??= {});
        rowErrors[name] ??= message;
      } else if (field === path || field === '') {
        list ??= message;
      } else {
        unplaced.push(message);
      }
    }
    return { placed: withList(byRow, list), unplaced };
  }

  return {
    fields,
    keyFromName,
    /** A key no other row uses: "base", "base-2", … */
    freeKey: freeRowKey,

    /** A stored row as the editor starts it: its key is kept. */
    savedRow: (uid: string, { key, name }: { key: string; name: string }): EditorRow => ({
      uid,
      isNew: false,
      keyEdited: true,
      key,
      name,
    }),
    /** A row just added, without a name yet, keyed `base` (or the next free key after it). */
    newRow: (uid: string, rows: readonly R[], base = keys.fallback): EditorRow => ({
      uid,
      isNew: true,
      keyEdited: false,
      key: freeRowKey(base, rows),
      name: '',
    }),
    remove: (rows: readonly R[], index: number): R[] => removeRow(rows, index),
    move: (rows: readonly R[], index: number, delta: -1 | 1): R[] => moveRow(rows, index, delta),
    /** Applies `patch` to row `index`. Typing a key marks it edited; until then a new row's key follows its name. */
    update(rows: readonly R[], index: number, patch: Partial<R>): R[] {
      return rows.map((row, i) => {
        if (i !== index) return row;
        const next = { ...row, ...patch };
        if (patch.key !== undefined) next.keyEdited = true;
        if (patch.name !== undefined && next.isNew && !next.keyEdited) {
          const others = rows.filter((_, j) => j !== index);
          next.key = freeRowKey(keyFromName(patch.name) || keys.fallback, others);
        }
        return next;
      });
    },
    /**
     * True when `next` (the input about to be sent) stores the same rows as `saved`: as many, and
     * each with the key and name the server would store (trimmed) and `sameRest` for the rest.
     */
    unchanged<N extends { key: string; name: string }, S extends { key: string; name: string }>(
      next: readonly N[],
      saved: readonly S[],
      sameRest: (next: N, saved: S) => boolean,
    ): boolean {
      return (
        next.length === saved.length &&
        next.every((n, i) => {
          const s = saved[i] as S;
          return n.key.trim() === s.key && n.name.trim() === s.name && sameRest(n, s);
        })
      );
    },

    noErrors: none,
    /** The schema's issues for the editor's input; an issue it cannot place is said about the list. */
    errorsFromIssues(issues: readonly PathMessage[], rows: readonly R[]): Errors {
      const { placed, unplaced } = place(firstPerField(issues), rows);
      return withList(placed.rows, listOf(placed) ?? unplaced[0]);
    },
    /** A server refusal; what cannot be placed on a row or the list is returned for the form alert. */
    errorsFromServer(
      refusal: readonly FieldError[] | undefined,
      rows: readonly R[],
    ): { errors: Errors; unplaced: string[] } {
      const { byField, unplaced } = splitServerErrors(
        refusal,
        serverPrefix,
        (f) => f === path || f.startsWith(`${path}.`),
      );
      const { placed, unplaced: unknownRows } = place(byField, rows);
      return { errors: placed, unplaced: [...unplaced.map((u) => u.message), ...unknownRows] };
    },
    hasErrors(errors: Errors): boolean {
      return listOf(errors) !== undefined || Object.values(errors.rows).some((r) => Object.keys(r).length > 0);
    },
    /**
     * The client's messages a person should see now: a field's once it was left
     * (`touched` holds `<uid>.<field>`), every one after a Save attempt.
     */
    shownErrors(errors: Errors, touched: ReadonlySet<string>, submitted: boolean): Errors {
      if (submitted) return errors;
      const rows: ByRow<F> = {};
      for (const [uid, rowErrors] of Object.entries(errors.rows)) {
        const shown = Object.entries(rowErrors).filter(([field]) => touched.has(`${uid}.${field}`));
        if (shown.length > 0) rows[uid] = Object.fromEntries(shown) as RowErrors<F>;
      }
      return withList(rows, undefined);
    },
    /** Both error maps, the server's winning (it saw what was sent). */
    mergeErrors(client: Errors, server: Errors): Errors {
      const rows: ByRow<F> = { ...client.rows };
      for (const [uid, errors] of Object.entries(server.rows)) rows[uid] = { ...rows[uid], ...errors };
      return withList(rows, listOf(server) ?? listOf(client));
    },
  };
}

export type KeyedRowsModel<R extends EditorRow, F extends string, L extends string> = ReturnType<
  typeof keyedRowsModel<R, F, L>
>;
