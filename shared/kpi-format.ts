import { formatDay } from './days';
import { type Distribution, KPI_DEFINITIONS, type KpiName, type KpiReport, type RangeKpis } from './kpis';
import { HALT_SEVERITIES } from './rollout-steps';

// The release-health figures as people read them, the same words in the Insights view, the CLI and
// the printable schedule: a label, the value, and the figure's one-line definition.

export interface KpiFigure {
  name: KpiName;
  label: string;
  value: string;
  /** What the value counts, in a few words (e.g. "6 of 7 release days"). */
  detail: string;
  definition: string;
}

export function formatPercent(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(rate === 0 || rate === 1 ? 0 : 1)} %`;
}

/** Hours as people say them: minutes below an hour, hours below two days, then days. */
export function formatHours(hours: number | null): string {
  if (hours === null) return '–';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${round1(hours)} h`;
  return `${round1(hours / 24)} d`;
}

export function formatDays(days: number | null): string {
  if (days === null) return '–';
  const text = `${round1(Math.abs(days))} ${Math.abs(days) === 1 ? 'day' : 'days'}`;
  return days < 0 ? `−${text}` : text;
}

/** A number with at most one decimal: 7, 7.5. */
export function round1(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** "1 train", "12 trains". */
export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : words}`;
}

/** "p90 30 h · 4 halts resumed", or "no halt resumed" when nothing was measured. */
function spread(d: Distribution, format: (n: number | null) => string, noun: string, words: string): string {
  return d.count === 0 ? `no ${noun} ${words}` : `p90 ${format(d.p90)} · ${plural(d.count, noun)} ${words}`;
}

/** The headline figures of a range, in the order every surface shows them. */
export function kpiFigures(s: RangeKpis): KpiFigure[] {
  const d = KPI_DEFINITIONS;
  return [
    {
      name: 'onTimeRate',
      label: 'On-time release days',
      value: formatPercent(s.onTimeRate),
      detail: `${s.onTime} of ${plural(s.releaseDays, 'release day')}`,
      definition: d.onTimeRate,
    },
    {
      name: 'medianSlipDays',
      label: 'Median slip',
      value: formatDays(s.medianSlipDays),
      detail: 'started day − planned day',
      definition: d.medianSlipDays,
    },
    {
      name: 'trainsHalted',
      label: 'Trains halted',
      value: String(s.trainsHalted),
      detail: `of ${plural(s.trains, 'train')}${s.openHalts > 0 ? ` · ${s.openHalts} halt still open` : ''}`,
      definition: d.trainsHalted,
    },
    {
      name: 'haltsPerTrain',
      label: 'Halts per train',
      value: s.haltsPerTrain === null ? '–' : s.haltsPerTrain.toFixed(2),
      detail: `${plural(s.halts, 'halt')} over ${plural(s.rolloutsStarted, 'rollout')} started`,
      definition: d.haltsPerTrain,
    },
    {
      name: 'bySeverity',
      label: 'Regressions by severity',
      value: String(s.halts),
      detail: HALT_SEVERITIES.map((sev) => `${sev} ${s.bySeverity[sev]}`).join(' · '),
      definition: d.bySeverity,
    },
    {
      name: 'timeToFix',
      label: 'Time to fix (median)',
      value: formatHours(s.timeToFixHours.median),
      detail: spread(s.timeToFixHours, formatHours, 'halt', 'resumed'),
      definition: d.timeToFix,
    },
    {
      name: 'rolloutHours',
      label: 'Rollout duration (median)',
      value: formatHours(s.rolloutHours.median),
      detail: spread(s.rolloutHours, formatHours, 'rollout', 'complete'),
      definition: d.rolloutHours,
    },
    {
      name: 'bakeHours',
      label: 'Internal bake (median)',
      value: formatHours(s.bakeHours.median),
      detail: spread(s.bakeHours, formatHours, 'bake', 'measured'),
      definition: d.bakeHours,
    },
    {
      name: 'changeFailureRate',
      label: 'Change failure rate',
      value: formatPercent(s.changeFailureRate),
      detail: `${s.stepsFailed} of ${plural(s.stepsStarted, 'step')} started`,
      definition: d.changeFailureRate,
    },
    {
      name: 'regressionReachRate',
      label: 'Deployments a regression reached',
      value: formatPercent(s.regressionReachRate),
      detail: `${s.deploymentsReached} of ${plural(s.deploymentsReleased, 'deployment')} released`,
      definition: d.regressionReachRate,
    },
    {
      name: 'leadTimeDays',
      label: 'Lead time (median)',
      value: formatDays(s.leadTimeDays.median),
      detail: spread(s.leadTimeDays, formatDays, 'rollout', 'complete'),
      definition: d.leadTimeDays,
    },
    {
      name: 'skippedCancelled',
      label: 'Trains skipped or cancelled',
      value: String(s.skipped + s.cancelled),
      detail: `${s.skipped} skipped · ${s.cancelled} cancelled`,
      definition: d.skippedCancelled,
    },
  ];
}

/** What a report covers, in words: "12 trains, 2026.14 … 2026.25 (last 12 started)". */
export function describeKpiRange(report: KpiReport): string {
  const { from, to, last } = report.range;
  const asked =
    last !== null
      ? `the last ${plural(last, 'train')} started`
      : from !== null && to !== null
        ? `trains starting ${formatDay(from, { year: true })} – ${formatDay(to, { year: true })}`
        : from !== null
          ? `trains starting from ${formatDay(from, { year: true })}`
          : `trains starting up to ${formatDay(to!, { year: true })}`;
  const first = report.trains[0];
  const latest = report.trains.at(-1);
  if (!first || !latest) return `No trains: ${asked}.`;
  const versions = first === latest ? first.version : `${first.version} … ${latest.version}`;
  return `${plural(report.trains.length, 'train')}, ${versions} (${asked})`;
}
