import type { Input } from '../../../../shared/contract';
import { type Day, isCalendarDay, isSupportedDay } from '../../../../shared/days';
import {
  DEFAULT_KPI_TRAINS,
  type DeploymentExposure,
  type KpiReport,
  type TrainKpis,
  medianOf,
} from '../../../../shared/kpis';
import { HALT_SEVERITIES, type HaltSeverity } from '../../../../shared/rollout-steps';

// The Insights view's models, free of state and React: which trains a range asks for, and the rows
// its charts and tables draw from a KPI report.

/** Which trains the figures cover: the last N started, or those starting between two days (either end open). */
export type InsightsRange = { kind: 'last'; last: number } | { kind: 'dates'; from: Day | null; to: Day | null };

/** The presets offered beside a custom range: about a quarter, half a year and a year of two-week trains. */
export const RANGE_PRESETS = [6, 12, 26] as const;

export const DEFAULT_RANGE: InsightsRange = { kind: 'last', last: DEFAULT_KPI_TRAINS };

/** What `kpis.report` is asked for a range. */
export function rangeInput(range: InsightsRange): Input<'kpis.report'> {
  if (range.kind === 'last') return { last: range.last };
  return { ...(range.from === null ? {} : { from: range.from }), ...(range.to === null ? {} : { to: range.to }) };
}

export function sameRange(a: InsightsRange, b: InsightsRange): boolean {
  if (a.kind === 'last') return b.kind === 'last' && a.last === b.last;
  return b.kind === 'dates' && a.from === b.from && a.to === b.to;
}

export interface CustomRangeErrors {
  from?: string;
  to?: string;
}

function dayError(text: string): string | undefined {
  if (!isCalendarDay(text)) return 'Choose a day written YYYY-MM-DD.';
  if (!isSupportedDay(text)) return 'Choose a day from 1970 to 2199.';
  return undefined;
}

/**
 * The custom range two date fields stand for, or what to fix first. Either end may be left empty
 * (open), not both; the last day is included and may not come before the first.
 */
export function checkCustomRange(
  from: string,
  to: string,
): { ok: true; range: InsightsRange } | { ok: false; errors: CustomRangeErrors } {
  const first = from.trim();
  const last = to.trim();
  const errors: CustomRangeErrors = {};
  if (first === '' && last === '') {
    errors.from = 'Choose a first day, a last day, or both.';
    return { ok: false, errors };
  }
  const fromError = first === '' ? undefined : dayError(first);
  const toError = last === '' ? undefined : dayError(last);
  if (fromError) errors.from = fromError;
  if (toError) errors.to = toError;
  else if (!fromError && first !== '' && last !== '' && last < first)
    errors.to = 'The last day must be on or after the first.';
  if (errors.from || errors.to) return { ok: false, errors };
  return { ok: true, range: { kind: 'dates', from: first === '' ? null : first, to: last === '' ? null : last } };
}

/** One train's row of the trend charts and their tables. */
export interface TrainTrendRow {
  version: string;
  start: Day;
  state: TrainKpis['state'];
  releaseDays: number;
  onTime: number;
  /** On-time release days over the release days due, 0–1; null when none was due. */
  onTimeRate: number | null;
  halts: number;
  bySeverity: Record<HaltSeverity, number>;
  /** Halts resumed, whose time to fix was measured. */
  fixesMeasured: number;
  /** The median of the train's times to fix, in hours. */
  fixHours: number | null;
  rolloutHours: number | null;
}

/** The rows of the per-train charts, in start order (the report's). */
export function trainTrendRows(trains: readonly TrainKpis[]): TrainTrendRow[] {
  return trains.map((t) => ({
    version: t.version,
    start: t.start,
    state: t.state,
    releaseDays: t.releaseDays,
    onTime: t.onTime,
    onTimeRate: t.releaseDays === 0 ? null : t.onTime / t.releaseDays,
    halts: t.halts,
    bySeverity: { ...t.bySeverity },
    fixesMeasured: t.fixHours.length,
    fixHours: medianOf(t.fixHours),
    rolloutHours: t.rolloutHours,
  }));
}

/** Deployments drawn in the exposure chart at most: more bars than this are no longer readable. */
export const EXPOSURE_CHART_LIMIT = 20;

/** Most regressions first, then most early slots, then by key: the order of the exposure chart and table. */
export function byExposure(a: DeploymentExposure, b: DeploymentExposure): number {
  return (
    b.regressions - a.regressions || b.earlySlots - a.earlySlots || a.key.localeCompare(b.key, 'en', { numeric: true })
  );
}

export interface ExposureChart {
  /** The deployments drawn: those a regression reached, most first, at most EXPOSURE_CHART_LIMIT. */
  rows: DeploymentExposure[];
  /** Every deployment of the range, in the same order: the table's rows. */
  all: DeploymentExposure[];
  /** Deployments a regression reached. */
  reached: number;
  /** What the chart leaves out, in a sentence; null when it draws every deployment. */
  note: string | null;
}

function count(n: number, word: string, words = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : words}`;
}

/** The exposure chart of a range: only deployments a regression reached, the most reached first, at most `limit`. */
export function exposureChart(
  deployments: readonly DeploymentExposure[],
  limit: number = EXPOSURE_CHART_LIMIT,
): ExposureChart {
  const all = [...deployments].sort(byExposure);
  const hit = all.filter((d) => d.regressions > 0);
  const rows = hit.slice(0, limit);
  let note: string | null = null;
  if (hit.length > rows.length)
    note = `Showing the ${rows.length} deployments regressions reached most, of the ${count(hit.length, 'deployment')} reached; the table lists all ${all.length.toLocaleString('en-US')}.`;
  else if (rows.length > 0 && rows.length < all.length)
    note = `Showing only the ${count(rows.length, 'deployment')} a regression reached; the table lists all ${all.length.toLocaleString('en-US')}.`;
  return { rows, all, reached: hit.length, note };
}

/** Whether any train of the report had a halt: without one the halts chart is a sentence. */
export function hasHalts(report: KpiReport): boolean {
  return report.summary.halts > 0;
}

/** The severities in the order the halts chart stacks them (least severe at the bottom). */
export const SEVERITY_ORDER: readonly HaltSeverity[] = HALT_SEVERITIES;

/**
 * How an axis of durations counts: in hours while the longest is under two days, else in days
 * (as `formatHours` writes them).
 */
export interface DurationScale {
  unit: 'h' | 'd';
  hoursPerUnit: number;
  /** The axis' name: "hours" or "days". */
  label: string;
}

export function durationScale(longestHours: number | null): DurationScale {
  return longestHours !== null && longestHours >= 48
    ? { unit: 'd', hoursPerUnit: 24, label: 'days' }
    : { unit: 'h', hoursPerUnit: 1, label: 'hours' };
}

/** The longest of some durations, or null when none was measured. */
export function longest(values: readonly (number | null)[]): number | null {
  let max: number | null = null;
  for (const v of values) if (v !== null && (max === null || v > max)) max = v;
  return max;
}
