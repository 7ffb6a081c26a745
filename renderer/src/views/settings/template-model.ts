import { type EditorRow, type RowListErrors, keyedRowsModel } from './keyed-rows-model';
import {
  type LifecycleTemplate,
  PHASE_KINDS,
  type PhaseKind,
  lifecycleTemplateSchema,
} from '../../../../shared/cadence';
import { type Day, addDays, isoWeekday, weekdayName } from '../../../../shared/days';
import { issuesOf, parseWholeNumber } from './form-errors';

// The lifecycle template editor: an ordered list of phase rows. Offsets are not
// typed: phases follow each other, so each offset is the sum of the lengths
// before it. Rows carry a local id so errors and focus follow a row that moves.

const PHASE_FIELDS = ['name', 'key', 'kind', 'lengthDays', 'releaseDays'] as const;
export type PhaseField = (typeof PHASE_FIELDS)[number];

export const MAX_PHASES = 12;
export const MAX_PHASE_DAYS = 120;

export const KIND_LABELS: Record<PhaseKind, string> = {
  development: 'Development',
  validation: 'Validation',
  rollout: 'Rollout',
  monitoring: 'Monitoring',
  other: 'Other',
};
export const KIND_OPTIONS = PHASE_KINDS.map((value) => ({ value, label: KIND_LABELS[value] }));

/** Phases already saved keep their key (`isNew` false): trains and history refer to it. */
export interface PhaseRow extends EditorRow {
  kind: PhaseKind;
  lengthDays: string;
  production: boolean;
  /**
   * Offsets inside the phase. Kept while the phase is shortened or made
   * non-production, so undoing that brings them back; only the days that apply
   * are sent (see templateInput).
   */
  releaseDays: number[];
}

/** By row uid, and `template` about the template as a whole ("needs at least one production phase"). */
export type TemplateErrors = RowListErrors<PhaseField, 'template'>;

/** Phase keys: lowercase, starting with a letter, 31 characters. */
export const PHASE_ROWS = keyedRowsModel<PhaseRow, PhaseField, 'template'>({
  keys: { maxLength: 31, leading: /^[^a-z]+/, fallback: 'phase' },
  path: 'phases',
  fields: PHASE_FIELDS,
  listKey: 'template',
  serverPrefix: 'template',
});

export const NO_TEMPLATE_ERRORS: TemplateErrors = PHASE_ROWS.noErrors;

export function rowsOf(template: LifecycleTemplate, nextUid: () => string): PhaseRow[] {
  return template.phases.map((p) => ({
    ...PHASE_ROWS.savedRow(nextUid(), p),
    kind: p.kind,
    lengthDays: String(p.lengthDays),
    production: p.production,
    releaseDays: [...p.releaseDays],
  }));
}

/** A valid length, or null while the field holds something else. */
export function lengthOf(row: PhaseRow): number | null {
  const n = parseWholeNumber(row.lengthDays);
  return Number.isInteger(n) && n >= 1 && n <= MAX_PHASE_DAYS ? n : null;
}

/** The release days that apply: none for a non-production phase, and only days inside the phase. */
export function effectiveReleaseDays(row: PhaseRow): number[] {
  if (!row.production) return [];
  const length = lengthOf(row);
  return [...new Set(row.releaseDays)].filter((d) => length === null || d < length).sort((a, b) => a - b);
}

/** Where each phase starts (offset in days from the train's start), phases being contiguous. */
export function offsetsOf(rows: readonly PhaseRow[]): number[] {
  let offset = 0;
  return rows.map((row) => {
    const start = offset;
    offset += lengthOf(row) ?? 0;
    return start;
  });
}

export function templateLengthOf(rows: readonly PhaseRow[]): number {
  return rows.reduce((sum, row) => sum + (lengthOf(row) ?? 0), 0);
}

export function templateInput(rows: readonly PhaseRow[]): LifecycleTemplate {
  const offsets = offsetsOf(rows);
  return {
    phases: rows.map((row, i) => ({
      key: row.key,
      name: row.name,
      kind: row.kind,
      offsetDays: offsets[i] ?? 0,
      lengthDays: parseWholeNumber(row.lengthDays),
      production: row.production,
      releaseDays: effectiveReleaseDays(row),
    })),
  };
}

export function validateTemplate(rows: readonly PhaseRow[]): TemplateErrors {
  const result = lifecycleTemplateSchema.safeParse(templateInput(rows));
  if (result.success) return NO_TEMPLATE_ERRORS;
  // Offsets are derived from the lengths here, so a gap can only come from a bad length: blame that row alone.
  const issues = issuesOf(result.error).filter((i) => !i.field.endsWith('.offsetDays'));
  return PHASE_ROWS.errorsFromIssues(issues, rows);
}

export const {
  hasErrors: hasTemplateErrors,
  shownErrors: shownTemplateErrors,
  mergeErrors: mergeTemplateErrors,
  /** Server field paths are under `template.`. */
  errorsFromServer: splitTemplateServerErrors,
  /** "Production rollout" → "production-rollout". */
  keyFromName,
  remove: removePhase,
  move: movePhase,
  update: updatePhase,
} = PHASE_ROWS;

export function addPhase(rows: readonly PhaseRow[], uid: string): PhaseRow[] {
  return [
    ...rows,
    {
      ...PHASE_ROWS.newRow(uid, rows),
      kind: 'other',
      lengthDays: '1',
      production: false,
      releaseDays: [],
    },
  ];
}

export function toggleReleaseDay(row: PhaseRow, day: number): number[] {
  return row.releaseDays.includes(day)
    ? row.releaseDays.filter((d) => d !== day)
    : [...row.releaseDays, day].sort((a, b) => a - b);
}

/** True when saving would change the stored template (names and keys are trimmed by the server). */
export function isTemplateChanged(saved: LifecycleTemplate, rows: readonly PhaseRow[]): boolean {
  return !PHASE_ROWS.unchanged(
    templateInput(rows).phases,
    saved.phases,
    (p, s) =>
      p.kind === s.kind &&
      p.lengthDays === s.lengthDays &&
      p.production === s.production &&
      p.releaseDays.join() === s.releaseDays.join(),
  );
}

export interface TrainDay {
  /** 0-based day of the train's life. */
  offset: number;
  /** When the anchor is known: the weekday every train has on this day (1 = Monday). */
  weekday: number | null;
  /** False when the weekday is known and is not a working day. */
  working: boolean;
}

/**
 * The train's life day by day. Trains start a whole number of cadences from the
 * anchor, so with a cadence of whole weeks every train shares the anchor's
 * weekdays; otherwise weekdays vary from train to train and are not shown.
 */
export function trainDays(
  total: number,
  anchor: Day | null,
  cadenceDays: number,
  workingDays: readonly number[],
): TrainDay[] {
  const fixedWeekdays = anchor !== null && cadenceDays % 7 === 0;
  return Array.from({ length: total }, (_, offset) => {
    const weekday = fixedWeekdays ? isoWeekday(addDays(anchor, offset)) : null;
    return { offset, weekday, working: weekday === null || workingDays.includes(weekday) };
  });
}

/** "Wed" for a day of the train, or null when weekdays are not fixed. */
export function weekdayOf(days: readonly TrainDay[], offset: number): string | null {
  const weekday = days[offset]?.weekday;
  return weekday ? weekdayName(weekday, true) : null;
}
