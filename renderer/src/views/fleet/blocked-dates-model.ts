import type { BlockedDatesChange } from '../../../../shared/contract';
import { type Day, daysBetween, formatDay, formatRange } from '../../../../shared/days';
import { type BlockedDateRange, blockedDateRangeSchema } from '../../../../shared/deployment';
import { type FieldErrors, schemaErrors } from '../settings/form-errors';

// The blocked-dates part of the deployment drawer: a small form checked with the
// backend's own schema, and the sentences the list and its notices show. An empty
// date gets a plainer message than "is not a day written YYYY-MM-DD", since a date
// picker cannot be mistyped (as in the settings' freeze form).

export const BLOCK_FIELDS = ['from', 'to', 'reason'] as const;
export type BlockField = (typeof BLOCK_FIELDS)[number];
export type BlockValues = Record<BlockField, string>;

export const EMPTY_BLOCK: BlockValues = { from: '', to: '', reason: '' };

export function validateBlock(values: BlockValues): FieldErrors<BlockField> {
  const errors = schemaErrors(blockedDateRangeSchema, values, BLOCK_FIELDS);
  if (values.from.trim() === '') errors.from = 'From is required: the first day it takes no release.';
  if (values.to.trim() === '') errors.to = 'To is required: the last day it takes no release (the same day for one).';
  return errors;
}

/** Days a range covers, both ends included. */
function rangeLengthDays(r: Pick<BlockedDateRange, 'from' | 'to'>): number {
  return daysBetween(r.from, r.to) + 1;
}

/** "Mon 1 Mar 2027" for one day, "1–5 Mar 2027" for a range (the calendar's own formatter). */
export function rangeSpan(r: Pick<BlockedDateRange, 'from' | 'to'>): string {
  return r.from === r.to ? formatDay(r.from, { weekday: true }) : formatRange(r.from, r.to);
}

/** "1 day", "5 days". */
export function rangeLength(r: Pick<BlockedDateRange, 'from' | 'to'>): string {
  const n = rangeLengthDays(r);
  return n === 1 ? '1 day' : `${n} days`;
}

export function rangeTiming(r: Pick<BlockedDateRange, 'from' | 'to'>, today: Day): 'past' | 'current' | 'upcoming' {
  if (r.to < today) return 'past';
  return r.from <= today ? 'current' : 'upcoming';
}

/** One sentence per stored plan the block changed (re-planned) or could not (a started train: move it by hand). */
export function plannedNotices(
  key: string,
  change: Pick<BlockedDatesChange, 'replanned' | 'plannedOnBlockedDays'>,
): string[] {
  return [
    ...change.replanned.map((t) => `Re-planned the rollout of ${t.version} to keep ${key} off these days.`),
    ...change.plannedOnBlockedDays.map(
      (p) =>
        `${p.version} has started and keeps its plan, which has ${key} in wave ${p.wave} on ${formatDay(p.date, { weekday: true })}: move ${key} to another wave by hand.`,
    ),
  ];
}

/** The ranges to show: the ones not over yet first (soonest first), then the past ones, most recent first. */
export function sortedRanges(ranges: readonly BlockedDateRange[], today: Day): BlockedDateRange[] {
  const coming = ranges.filter((r) => r.to >= today).sort((a, b) => a.from.localeCompare(b.from) || a.id - b.id);
  const past = ranges.filter((r) => r.to < today).sort((a, b) => b.to.localeCompare(a.to) || b.id - a.id);
  return [...coming, ...past];
}
