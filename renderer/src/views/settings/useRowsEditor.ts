import { type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import { ApiCallError } from '../../api/client';
import { afterPointerRelease } from '../../components/pointer-release';
import type { EditorRow, KeyedRowsModel, RowErrors, RowListErrors } from './keyed-rows-model';
import { errorMessage } from '../../../../shared/errors';

let uidCounter = 0;

/** A row identity no other editor on the page uses: element ids are built from it. */
export function newRowUid(): string {
  return `row-${++uidCounter}`;
}

/** Where focus goes after a row action, once the rows have re-rendered. */
type FocusTarget = { uid: string; control: 'name' | 'up' | 'down' | 'remove' } | { control: 'add' };

/** The selector of a control of an editor row (`<uid>:<field>`, `<uid>:up`), or of the Add button (`add`). */
function rowControl(name: string): string {
  return `[data-row-control="${name}"]`;
}

/** What the view of one row gets from the editor. */
export interface RowViewProps<R extends EditorRow, F extends string> {
  row: R;
  index: number;
  count: number;
  errors: RowErrors<F>;
  onChange: (patch: Partial<R>) => void;
  /** The fields whose messages may show now that they were left. */
  onTouch: (...fields: (F | 'row')[]) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

/**
 * The house behaviour of a list edited as rows (template phases, validation gates):
 * messages appear when a field is left or Save is tried, and follow a row that moves;
 * a server message about a row goes once the row changes, and all of them once rows
 * move; after a move, removal or addition focus stays on the row (or goes to Add).
 * Controls carry `data-row-control` (see `rowControl`) under `root`.
 */
export function useRowsEditor<R extends EditorRow, F extends string, L extends string>(options: {
  initial: () => R[];
  model: KeyedRowsModel<R, F, L>;
  validate: (rows: R[]) => RowListErrors<F, L>;
  root: RefObject<HTMLElement | null>;
}) {
  const { model, validate, root } = options;
  const [rows, setRows] = useState<R[]>(options.initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState(model.noErrors);
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const focusTarget = useRef<FocusTarget | null>(null);

  useEffect(() => {
    const target = focusTarget.current;
    if (!target) return;
    focusTarget.current = null;
    if (target.control === 'add') {
      root.current?.querySelector<HTMLElement>(rowControl('add'))?.focus();
      return;
    }
    const find = (control: string) =>
      root.current?.querySelector<HTMLButtonElement | HTMLInputElement>(rowControl(`${target.uid}:${control}`));
    // A row moved to the top or bottom has that arrow disabled; the other arrow keeps focus in the row.
    const wanted = find(target.control);
    const fallback = target.control === 'up' ? find('down') : target.control === 'down' ? find('up') : null;
    (wanted && !wanted.disabled ? wanted : fallback)?.focus();
  }, [rows, root]);

  const clientErrors = useMemo(() => validate(rows), [validate, rows]);
  const errors = model.mergeErrors(model.shownErrors(clientErrors, touched, submitted), serverErrors);

  function reset(next: R[]) {
    setRows(next);
    setTouched(new Set());
    setSubmitted(false);
    setServerErrors(model.noErrors);
    setFormError(null);
  }

  function change(index: number, patch: Partial<R>) {
    const uid = rows[index]?.uid;
    setRows((r) => model.update(r, index, patch));
    // A server verdict is about what it saw; once the row changes it no longer applies.
    if (uid)
      setServerErrors((s) => {
        const { [uid]: _stale, ...rest } = s.rows;
        return { ...model.noErrors, rows: rest };
      });
  }

  function touch(uid: string, ...fields: (F | 'row')[]) {
    afterPointerRelease(() =>
      setTouched((t) => {
        const next = new Set(t);
        for (const f of fields) next.add(`${uid}.${f}`);
        return next.size === t.size ? t : next;
      }),
    );
  }

  function restructure(next: R[], focus: FocusTarget) {
    focusTarget.current = focus;
    setRows(next);
    // Indexes changed: verdicts about rows by position no longer hold.
    setServerErrors(model.noErrors);
  }

  /** Props of the view of row `index`: after a move focus stays on the arrow, after a removal it goes to the next row. */
  function rowProps(index: number): RowViewProps<R, F> {
    const row = rows[index] as R;
    const neighbour = rows[index + 1] ?? rows[index - 1];
    return {
      row,
      index,
      count: rows.length,
      errors: errors.rows[row.uid] ?? {},
      onChange: (patch) => change(index, patch),
      onTouch: (...fields) => touch(row.uid, ...fields),
      onMove: (delta) =>
        restructure(model.move(rows, index, delta), { uid: row.uid, control: delta < 0 ? 'up' : 'down' }),
      onRemove: () =>
        restructure(
          model.remove(rows, index),
          neighbour ? { uid: neighbour.uid, control: 'remove' } : { control: 'add' },
        ),
    };
  }

  /** Appends the row `add` makes with a new uid; its name takes the focus. */
  function append(add: (rows: readonly R[], uid: string) => R[]) {
    const uid = newRowUid();
    restructure(add(rows, uid), { uid, control: 'name' });
  }

  /** The first row with a message: its first field with one, else its name (a saved key cannot take focus). */
  function focusFirstError(e: RowListErrors<F, L>) {
    for (const row of rows) {
      const rowErrors = e.rows[row.uid];
      if (!rowErrors || Object.keys(rowErrors).length === 0) continue;
      const find = (field: string) => root.current?.querySelector<HTMLElement>(rowControl(`${row.uid}:${field}`));
      const field = model.fields.find((f) => rowErrors[f]);
      (find(field ?? 'name') ?? find('name'))?.focus();
      return;
    }
  }

  /** Validates, then runs `save`; a refusal is placed on its rows, the rest becomes the form's alert. */
  async function submit(save: (rows: R[]) => Promise<void>) {
    setSubmitted(true);
    setFormError(null);
    if (model.hasErrors(clientErrors)) {
      focusFirstError(clientErrors);
      return;
    }
    setSaving(true);
    try {
      await save(rows);
    } catch (err) {
      if (!(err instanceof ApiCallError)) {
        setFormError(errorMessage(err));
        return;
      }
      const { errors: placed, unplaced } = model.errorsFromServer(err.error.fields, rows);
      setServerErrors(placed);
      if (!model.hasErrors(placed) || unplaced.length > 0) setFormError(err.error.message);
      focusFirstError(placed);
    } finally {
      setSaving(false);
    }
  }

  return { rows, errors, formError, saving, reset, rowProps, append, submit };
}
