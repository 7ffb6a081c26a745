// Words for the calendar: status names, phase kinds, and the sentences that
// screen readers and tooltips use for bands and release days.

import type { PhaseKind } from '../../../../shared/cadence';
import { type Day, formatDay, formatRange, isoWeekday, weekdayName } from '../../../../shared/days';
import type { ScheduledPhase, TrainStatus } from '../../../../shared/schedule';
import type { TrainView } from '../../../../shared/train';
import type { BadgeTone } from '../../components/Badge';
import type { DayRules, ReleaseMark } from './calendar-model';

export const STATUS_LABEL: Record<TrainStatus, string> = {
  planned: 'Planned',
  developing: 'Developing',
  validating: 'Validating',
  rolling_out: 'Rolling out',
  completed: 'Completed',
  halted: 'Halted',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
};

export const STATUS_TONE: Record<TrainStatus, BadgeTone> = {
  planned: 'muted',
  developing: 'accent',
  validating: 'accent',
  rolling_out: 'accent',
  completed: 'muted',
  halted: 'warning',
  cancelled: 'muted',
  skipped: 'muted',
};

/** Legend names of the phase kinds (the template's own phase names are shown on the bands). */
export const PHASE_KIND_LABEL: Record<PhaseKind, string> = {
  development: 'Development',
  validation: 'Internal validation',
  rollout: 'Production rollout',
  monitoring: 'Monitoring',
  other: 'Other',
};

/** One-letter marks for phases too narrow for their name; with the pattern, colour is never the only cue. */
export const PHASE_KIND_INITIAL: Record<PhaseKind, string> = {
  development: 'D',
  validation: 'V',
  rollout: 'R',
  monitoring: 'M',
  other: '·',
};

/** "Wed 23 Dec". */
export function shortDay(day: Day): string {
  return formatDay(day, { weekday: true, year: false });
}

/** "Wed 23 Dec 2026". */
export function longDay(day: Day): string {
  return formatDay(day, { weekday: true });
}

/** "20–28 Jan" (no year, for lists inside one train's context). */
export function shortRange(start: Day, end: Day): string {
  const full = formatRange(start, end);
  // formatRange ends with the year of `end`; drop it when both ends share it.
  return start.slice(0, 4) === end.slice(0, 4) ? full.replace(/ \d{4}$/, '') : full;
}

/** "Release 2 of 4 · Thu 24 Dec, moved from Wed 23 Dec: holiday: Christmas Eve". */
export function releaseMarkTitle(mark: ReleaseMark, version?: string): string {
  const who = version ? `${version} release` : 'Release';
  const head = `${who} ${mark.index} of ${mark.total}`;
  if (mark.actual === null)
    return `${head}: no allowed day left for ${shortDay(mark.nominal)} (${mark.movedBecause ?? 'blocked'})`;
  if (mark.actual === mark.nominal) return `${head} · ${shortDay(mark.actual)}`;
  return `${head} · ${shortDay(mark.actual)}, moved from ${shortDay(mark.nominal)}: ${mark.movedBecause ?? 'blocked'}`;
}

/** "Production rollout 20–28 Jan". */
function phaseSummary(phase: Pick<ScheduledPhase, 'name' | 'start' | 'end'>): string {
  return `${phase.name}, ${shortRange(phase.start, phase.end)}`;
}

/**
 * The accessible name of a train band: which train, what part of its life the
 * band shows, and its status, e.g.
 * "Train 2027.01, Production rollout, 20–28 Jan, status planned".
 */
export function bandLabel(train: TrainView, phases: readonly Pick<ScheduledPhase, 'name' | 'start' | 'end'>[]): string {
  const parts = [
    `Train ${train.version}`,
    ...phases.map(phaseSummary),
    `status ${STATUS_LABEL[train.status].toLowerCase()}`,
  ];
  if (train.stateReason && train.state !== 'active') parts.push(`reason: ${train.stateReason}`);
  if (train.conflicts.length > 0)
    parts.push(`${train.conflicts.length} ${train.conflicts.length === 1 ? 'conflict' : 'conflicts'}`);
  return parts.join(', ');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A day cell's accessible name: "Thursday 24 Dec 2026, holiday: Christmas Eve, freeze: Year-end freeze". */
export function dayDescription(day: Day, rules: DayRules, today: Day): string {
  const parts = [`${weekdayName(isoWeekday(day))} ${formatDay(day)}`];
  if (day === today) parts.push('today');
  if (rules.holiday) parts.push(`holiday: ${rules.holiday.name}`);
  for (const f of rules.freezes) parts.push(`freeze: ${f.name}`);
  if (!rules.working) parts.push('not a working day');
  return parts.join(', ');
}

/** The number in a month cell: "25", or "1 Dec" on the first of a month so month changes stand out. */
export function monthDayNumber(day: Day): string {
  const d = Number(day.slice(8, 10));
  return d === 1 ? formatDay(day, { year: false }) : String(d);
}

/** A whole train in one phrase, for a timeline bar: "Train 2026.24, 9 Nov – 6 Dec 2026, status rolling out, 1 conflict". */
export function trainLabel(train: TrainView): string {
  const parts = [`Train ${train.version}`, formatRange(train.start, train.end)];
  parts.push(`status ${STATUS_LABEL[train.status].toLowerCase()}`);
  if (train.releaseDays.length > 0) parts.push(`release days ${train.releaseDays.map((d) => shortDay(d)).join(', ')}`);
  if (train.stateReason && train.state !== 'active') parts.push(`reason: ${train.stateReason}`);
  if (train.conflicts.length > 0) parts.push(plural(train.conflicts.length, 'conflict'));
  return parts.join(', ');
}
