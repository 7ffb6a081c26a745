import { type EditorRow, type RowListErrors, keyedRowsModel } from './keyed-rows-model';
import {
  DEFAULT_BAKE_HOURS,
  type GateKind,
  type GatePolicy,
  MAX_GATES,
  gatePolicySchema,
} from '../../../../shared/gates';
import { issuesOf, parseWholeNumber } from './form-errors';

// The default validation gates editor: an ordered list of gate rows and the resume
// policy, saved as one `gates.defaults.update`. Rows carry a local id so errors and
// focus follow a row that moves. Checked with the backend's own schema.

export { MAX_GATES };

const GATE_FIELDS = ['name', 'key', 'bakeHours'] as const;
export type GateField = (typeof GATE_FIELDS)[number];

/** Gates already saved keep their key (`isNew` false): `gates pass --gate KEY` in scripts refers to it. */
export interface GateRow extends EditorRow {
  kind: GateKind;
  required: boolean;
  /** As typed; only the internal bake gate has (and sends) it. */
  bakeHours: string;
}

export interface GatesValues {
  rows: GateRow[];
  freshInternalBakeOnResume: boolean;
}

/** By row uid, and `list` about the list as a whole ("Only one gate can be the internal deployment bake."). */
export type GatesErrors = RowListErrors<GateField, 'list'>;

/** Gate keys: lowercase letters, digits and hyphens, 40 characters. */
export const GATE_ROWS = keyedRowsModel<GateRow, GateField, 'list'>({
  keys: { maxLength: 40, leading: /^-+/, fallback: 'gate' },
  path: 'gates',
  fields: GATE_FIELDS,
  listKey: 'list',
  serverPrefix: 'policy',
});

export const NO_GATES_ERRORS: GatesErrors = GATE_ROWS.noErrors;

export function gatesValuesOf(policy: GatePolicy, nextUid: () => string): GatesValues {
  return {
    rows: policy.gates.map((g) => ({
      ...GATE_ROWS.savedRow(nextUid(), g),
      kind: g.kind,
      required: g.required,
      bakeHours: g.kind === 'internal_bake' ? String(g.bakeHours) : '',
    })),
    freshInternalBakeOnResume: policy.freshInternalBakeOnResume,
  };
}

/** What `gates.defaults.update` receives; the server trims names and keys. */
export function gatePolicyInput(values: GatesValues): GatePolicy {
  return {
    gates: values.rows.map((row) =>
      row.kind === 'internal_bake'
        ? {
            key: row.key,
            name: row.name,
            kind: 'internal_bake',
            required: row.required,
            bakeHours: parseWholeNumber(row.bakeHours),
          }
        : { key: row.key, name: row.name, kind: 'check', required: row.required },
    ),
    freshInternalBakeOnResume: values.freshInternalBakeOnResume,
  };
}

export function validateGates(values: GatesValues): GatesErrors {
  const result = gatePolicySchema.safeParse(gatePolicyInput(values));
  return result.success ? NO_GATES_ERRORS : GATE_ROWS.errorsFromIssues(issuesOf(result.error), values.rows);
}

export const {
  hasErrors: hasGatesErrors,
  shownErrors: shownGatesErrors,
  mergeErrors: mergeGatesErrors,
  /** Server field paths are under `policy.`. */
  errorsFromServer: splitGatesServerErrors,
  /** "Security review" → "security-review". */
  keyFromName: gateKeyFromName,
  remove: removeGate,
  move: moveGate,
  update: updateGate,
} = GATE_ROWS;

export function hasInternalBake(rows: readonly GateRow[]): boolean {
  return rows.some((r) => r.kind === 'internal_bake');
}

/**
 * A new gate at the end: a check a person signs off, or (when the list has none)
 * the internal deployment's bake, named and timed like the default one.
 */
export function addGate(rows: readonly GateRow[], uid: string, kind: GateKind = 'check'): GateRow[] {
  const bake = kind === 'internal_bake';
  return [
    ...rows,
    {
      ...GATE_ROWS.newRow(uid, rows, bake ? 'internal-bake' : 'gate'),
      ...(bake ? { keyEdited: true, name: 'Internal deployment released and baked' } : {}),
      kind,
      required: true,
      bakeHours: bake ? String(DEFAULT_BAKE_HOURS) : '',
    },
  ];
}

/** True when saving would change what is stored (names and keys are trimmed by the server). */
export function isGatesChanged(saved: GatePolicy, values: GatesValues): boolean {
  const next = gatePolicyInput(values);
  return (
    next.freshInternalBakeOnResume !== saved.freshInternalBakeOnResume ||
    !GATE_ROWS.unchanged(
      next.gates,
      saved.gates,
      (g, s) =>
        g.kind === s.kind &&
        g.required === s.required &&
        (g.kind !== 'internal_bake' || s.kind !== 'internal_bake' || g.bakeHours === s.bakeHours),
    )
  );
}

/** "4 gates, all required.", for the foot of the list. */
export function gatesSummary(rows: readonly GateRow[]): string {
  if (rows.length === 0) return 'No gates: customer waves of new trains wait on no sign-off.';
  const required = rows.filter((r) => r.required).length;
  if (rows.length === 1) return `1 gate, ${required === 1 ? 'required' : 'optional'}.`;
  const which = required === rows.length ? 'all' : required === 0 ? 'none' : String(required);
  return `${rows.length} gates, ${which} required.`;
}
