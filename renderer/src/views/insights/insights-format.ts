import { formatHours, formatPercent, plural, round1 } from '../../../../shared/kpi-format';
import type { DurationScale, ExposureChart, TrainTrendRow } from './insights-model';
import { SEVERITY_ORDER } from './insights-model';

// The words of the Insights charts: each chart's text alternative (what a screen reader says for
// the picture) and the numbers on its axes. State-free, so the sentences are unit-tested.

export interface SeriesPoint {
  version: string;
  value: number | null;
}

/**
 * A per-train series in one sentence: where it starts and ends, and its worst train, e.g. "On-time
 * rate per train, from 2026.14 at 100 % to 2026.25 at 80 %; lowest 2026.20 at 60 %." Trains
 * without a value are left out and counted.
 */
export function describeSeries(
  title: string,
  points: readonly SeriesPoint[],
  format: (value: number) => string,
  extreme: 'lowest' | 'longest',
  none: string,
): string {
  const measured = points.filter((p): p is { version: string; value: number } => p.value !== null);
  const first = measured[0];
  const last = measured.at(-1);
  if (!first || !last) return `${title}: ${none}`;
  const of = measured.length < points.length ? ` (${measured.length} of ${plural(points.length, 'train')})` : '';
  if (first === last) return `${title}${of}: ${first.version} at ${format(first.value)}.`;
  const worst = measured.reduce((w, p) => ((extreme === 'lowest' ? p.value < w.value : p.value > w.value) ? p : w));
  return `${title}${of}, from ${first.version} at ${format(first.value)} to ${last.version} at ${format(last.value)}; ${extreme} ${worst.version} at ${format(worst.value)}.`;
}

export const NO_HALTS = 'No halts in these trains.';

function severities(row: Pick<TrainTrendRow, 'bySeverity'>, all = false): string {
  return SEVERITY_ORDER.filter((s) => all || row.bySeverity[s] > 0)
    .map((s) => `${s} ${row.bySeverity[s]}`)
    .join(', ');
}

/** "Halts per train: 3 halts in 2 of 12 trains; most in 2026.20, 2 (high 1, critical 1). By severity: …" */
export function describeHalts(rows: readonly TrainTrendRow[]): string {
  const halted = rows.filter((r) => r.halts > 0);
  const first = halted[0];
  if (!first) return NO_HALTS;
  const total = halted.reduce((n, r) => n + r.halts, 0);
  const most = halted.reduce((m, r) => (r.halts > m.halts ? r : m), first);
  const overall = { bySeverity: Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as TrainTrendRow['bySeverity'] };
  for (const r of halted) for (const s of SEVERITY_ORDER) overall.bySeverity[s] += r.bySeverity[s];
  return (
    `Halts per train: ${plural(total, 'halt')} in ${halted.length} of ${plural(rows.length, 'train')}; ` +
    `most in ${most.version}, ${most.halts} (${severities(most)}). By severity: ${severities(overall, true)}.`
  );
}

/** Deployments named in the exposure chart's sentence; the table has the rest. */
const NAMED = 5;

export const NO_REGRESSIONS = 'No regression reached a deployment in these trains.';

/** "Regressions per deployment, the 6 deployments a regression reached: eu-north-1 1 regression, 1 early slot; …" */
export function describeExposure(chart: ExposureChart): string {
  if (chart.rows.length === 0) return NO_REGRESSIONS;
  const named = chart.rows
    .slice(0, NAMED)
    .map((d) => `${d.key} ${plural(d.regressions, 'regression')}, ${plural(d.earlySlots, 'early slot')}`);
  const more = chart.reached - Math.min(NAMED, chart.rows.length);
  return `Regressions and early slots per deployment, ${plural(chart.reached, 'deployment')} a regression reached, most first: ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`;
}

/** A tick of a percentage axis (0–100). */
export function percentTick(value: number): string {
  return `${round1(value)} %`;
}

/** A tick of a duration axis, in its scale's unit. */
export function durationTick(value: number, scale: DurationScale): string {
  return `${round1(value)} ${scale.unit}`;
}

/** The sentences of the four per-train charts. */
export function describeOnTime(rows: readonly TrainTrendRow[]): string {
  return describeSeries(
    'On-time rate per train',
    rows.map((r) => ({ version: r.version, value: r.onTimeRate })),
    formatPercent,
    'lowest',
    'no release day was due in these trains.',
  );
}

export function describeFix(rows: readonly TrainTrendRow[]): string {
  return describeSeries(
    'Median time to fix per train',
    rows.map((r) => ({ version: r.version, value: r.fixHours })),
    formatHours,
    'longest',
    'no halt was resumed in these trains.',
  );
}

export function describeRollout(rows: readonly TrainTrendRow[]): string {
  return describeSeries(
    'Rollout duration per train',
    rows.map((r) => ({ version: r.version, value: r.rolloutHours })),
    formatHours,
    'longest',
    'no rollout is complete in these trains.',
  );
}
