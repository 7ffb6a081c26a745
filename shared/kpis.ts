import { type Day, daysBetween } from './days';
import { HALT_SEVERITIES, type HaltSeverity, type StepState } from './rollout-steps';

// Release health: the key performance indicators of the release process, computed from stored
// facts only (trains, their planned waves, rollout steps and halts), per train and over a range of
// trains. docs/kpis.md defines each figure; KPI_DEFINITIONS holds the one-line definitions every
// surface (the Insights view, the CLI, the exports) shows beside it.

/** The facts of one train the figures are computed from. */
export interface KpiTrainFacts {
  id: number;
  version: string;
  start: Day;
  state: 'active' | 'skipped' | 'cancelled';
  /** Its rollout plan's waves (none when it has no plan), each with its planned day. */
  waves: readonly { index: number; day: Day }[];
  /** Its rollout steps, one per deployment in the plan. */
  steps: readonly KpiStepFacts[];
  /** Its halts, oldest first. */
  halts: readonly KpiHaltFacts[];
}

export interface KpiStepFacts {
  key: string;
  wave: number;
  state: StepState;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface KpiHaltFacts {
  severity: HaltSeverity;
  haltedAt: string;
  resumedAt: string | null;
  /** The deployments the regression reached. */
  deployments: readonly string[];
}

/** When the figures are taken, and what day an instant falls on where the user is. */
export interface KpiClock {
  today: Day;
  dayOf: (instant: string) => Day;
}

export type SeverityCounts = Record<HaltSeverity, number>;

/** The figures of one train. Durations are in hours and lead times in days; null where nothing was measured. */
export interface TrainKpis {
  id: number;
  version: string;
  start: Day;
  state: 'active' | 'skipped' | 'cancelled';
  /** Some rollout step has started. */
  rolloutStarted: boolean;
  /** Every customer step has finished and one at least was released. */
  rolloutComplete: boolean;
  releaseDays: number;
  onTime: number;
  /** Started day − planned day of each wave that started, in wave order. */
  slipDays: number[];
  medianSlipDays: number | null;
  halts: number;
  openHalts: number;
  bySeverity: SeverityCounts;
  /** Halted → resumed, for each resumed halt, oldest first. */
  fixHours: number[];
  rolloutHours: number | null;
  bakeHours: number | null;
  stepsStarted: number;
  stepsFailed: number;
  deploymentsReleased: number;
  deploymentsReached: number;
  leadTimeDays: number | null;
}

export interface Distribution {
  count: number;
  median: number | null;
  p90: number | null;
}

export interface DeploymentExposure {
  key: string;
  /** Trains of the range whose plan holds it. */
  trains: number;
  /** Of those, the trains it was in the first customer wave. */
  earlySlots: number;
  /** Regressions (halts) of the range that reached it. */
  regressions: number;
}

/** The figures over a range of trains. */
export interface RangeKpis {
  trains: number;
  skipped: number;
  cancelled: number;
  /** Active trains whose rollout has started: what halts are counted per. */
  rolloutsStarted: number;
  releaseDays: number;
  onTime: number;
  onTimeRate: number | null;
  medianSlipDays: number | null;
  trainsHalted: number;
  halts: number;
  haltsPerTrain: number | null;
  openHalts: number;
  bySeverity: SeverityCounts;
  timeToFixHours: Distribution;
  rolloutHours: Distribution;
  bakeHours: Distribution;
  stepsStarted: number;
  stepsFailed: number;
  changeFailureRate: number | null;
  deploymentsReleased: number;
  deploymentsReached: number;
  regressionReachRate: number | null;
  leadTimeDays: Distribution;
  deployments: DeploymentExposure[];
}

export const KPI_DEFINITIONS = {
  onTimeRate:
    'Customer release days whose wave started on its planned day, over the release days due (a wave whose day has passed without a start is late).',
  medianSlipDays: 'Median of (day the wave started − its planned day) over the waves that started, in days.',
  trainsHalted: 'Trains of the range with at least one halt.',
  haltsPerTrain: 'Halts over the trains whose rollout has started.',
  bySeverity: 'Regressions (halts) by the severity recorded when the train was halted.',
  timeToFix: 'Hours from a halt to its resume with the fix, over the halts resumed: median and 90th percentile.',
  rolloutHours:
    'Hours from the first customer step started to the last customer step released, over the rollouts complete.',
  bakeHours: 'Hours from the internal deployment’s release to the first customer step started.',
  changeFailureRate: 'Rollout steps failed or rolled back over the steps started.',
  regressionReachRate: 'Deployments a regression reached over the deployments released (or rolled back).',
  leadTimeDays:
    'Days from the train’s start to the day its last customer step was released, over the rollouts complete.',
  skippedCancelled: 'Trains of the range skipped or cancelled.',
  exposure:
    'Per customer deployment, over the trains of the range: times in the first customer wave, and regressions that reached it.',
} as const;

export type KpiName = keyof typeof KPI_DEFINITIONS;

const HOUR_MS = 3_600_000;

function hoursBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / HOUR_MS;
}

function noSeverities(): SeverityCounts {
  return Object.fromEntries(HALT_SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
}

/** The median: the middle value, or the mean of the two middle values of an even count. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The p-th percentile by nearest rank: the smallest value with at least p % of the values at or below it. */
export function percentileOf(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function distribution(values: readonly number[]): Distribution {
  return { count: values.length, median: medianOf(values), p90: percentileOf(values, 90) };
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** The earliest of some instants (ISO strings in UTC order), or null. */
function earliest(instants: readonly (string | null)[]): string | null {
  let first: string | null = null;
  for (const t of instants) if (t !== null && (first === null || t < first)) first = t;
  return first;
}

function latest(instants: readonly (string | null)[]): string | null {
  let last: string | null = null;
  for (const t of instants) if (t !== null && (last === null || t > last)) last = t;
  return last;
}

/** One train's figures. */
export function trainKpis(train: KpiTrainFacts, clock: KpiClock): TrainKpis {
  const active = train.state === 'active';
  const customer = train.steps.filter((s) => s.wave >= 1);
  const internal = train.steps.filter((s) => s.wave === 0);
  const started = train.steps.filter((s) => s.startedAt !== null);

  // Release days: a skipped or cancelled train released nothing, and a wave whose every step was
  // skipped unstarted was not a release day.
  let releaseDays = 0;
  let onTime = 0;
  const slips: number[] = [];
  if (active)
    for (const wave of train.waves) {
      // The internal deployment's wave is validation, not a release to customers; it is also
      // started again when a fix goes to it, so its start says nothing of its planned day.
      if (wave.index === 0) continue;
      const steps = train.steps.filter((s) => s.wave === wave.index);
      if (steps.length === 0) continue;
      const first = earliest(steps.map((s) => s.startedAt));
      if (first === null) {
        if (steps.every((s) => s.state === 'skipped')) continue;
        // Not started: late once its day has passed, not yet due otherwise.
        if (wave.day < clock.today) releaseDays++;
        continue;
      }
      releaseDays++;
      const slip = daysBetween(wave.day, clock.dayOf(first));
      slips.push(slip);
      if (slip === 0) onTime++;
    }

  const rolloutComplete =
    active &&
    customer.some((s) => s.state === 'released') &&
    customer.every((s) => s.state !== 'pending' && s.state !== 'in_progress');
  const firstCustomerStart = earliest(customer.map((s) => s.startedAt));
  const lastCustomerRelease = latest(customer.filter((s) => s.state === 'released').map((s) => s.finishedAt));
  const rolloutHours =
    rolloutComplete && firstCustomerStart !== null && lastCustomerRelease !== null
      ? hoursBetween(firstCustomerStart, lastCustomerRelease)
      : null;
  // A step keeps only its latest release: an internal deployment released again after the first
  // customer start (with a fix) no longer shows the bake before it, so that train has none.
  const internalRelease = latest(internal.filter((s) => s.state === 'released').map((s) => s.finishedAt));
  const bakeHours =
    internalRelease !== null && firstCustomerStart !== null && internalRelease <= firstCustomerStart
      ? hoursBetween(internalRelease, firstCustomerStart)
      : null;

  const bySeverity = noSeverities();
  for (const h of train.halts) bySeverity[h.severity]++;
  const reached = new Set(train.halts.flatMap((h) => h.deployments));

  return {
    id: train.id,
    version: train.version,
    start: train.start,
    state: train.state,
    rolloutStarted: active && started.length > 0,
    rolloutComplete,
    releaseDays,
    onTime,
    slipDays: slips,
    medianSlipDays: medianOf(slips),
    halts: train.halts.length,
    openHalts: train.halts.filter((h) => h.resumedAt === null).length,
    bySeverity,
    fixHours: train.halts.flatMap((h) => (h.resumedAt === null ? [] : [hoursBetween(h.haltedAt, h.resumedAt)])),
    rolloutHours,
    bakeHours,
    stepsStarted: started.length,
    stepsFailed: train.steps.filter((s) => s.state === 'failed' || s.state === 'rolled_back').length,
    deploymentsReleased: train.steps.filter((s) => s.state === 'released' || s.state === 'rolled_back').length,
    deploymentsReached: reached.size,
    leadTimeDays:
      rolloutComplete && lastCustomerRelease !== null
        ? daysBetween(train.start, clock.dayOf(lastCustomerRelease))
        : null,
  };
}

/** Each deployment's early slots and regressions over the trains given (those with a plan). */
function exposure(trains: readonly KpiTrainFacts[]): DeploymentExposure[] {
  const byKey = new Map<string, DeploymentExposure>();
  const of = (key: string): DeploymentExposure => {
    let e = byKey.get(key);
    if (!e) byKey.set(key, (e = { key, trains: 0, earlySlots: 0, regressions: 0 }));
    return e;
  };
  for (const train of trains) {
    if (train.state !== 'active') continue;
    const customerWaves = train.steps.filter((s) => s.wave >= 1).map((s) => s.wave);
    const firstWave = customerWaves.length > 0 ? Math.min(...customerWaves) : null;
    const customers = new Set<string>();
    for (const s of train.steps) {
      if (s.wave === 0) continue;
      customers.add(s.key);
      const e = of(s.key);
      e.trains++;
      if (s.wave === firstWave) e.earlySlots++;
    }
    // The internal deployment takes every regression first by design; exposure is the customers'.
    for (const h of train.halts) for (const key of h.deployments) if (customers.has(key)) of(key).regressions++;
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The figures over a range of trains (each train's figures are `trainKpis` of it). */
export function rangeKpis(trains: readonly KpiTrainFacts[], perTrain: readonly TrainKpis[]): RangeKpis {
  const sum = (f: (t: TrainKpis) => number): number => perTrain.reduce((n, t) => n + f(t), 0);
  const bySeverity = noSeverities();
  for (const t of perTrain) for (const s of HALT_SEVERITIES) bySeverity[s] += t.bySeverity[s];
  const slips = perTrain.flatMap((t) => t.slipDays);
  const rolloutsStarted = perTrain.filter((t) => t.rolloutStarted).length;
  const halts = sum((t) => t.halts);
  const releaseDays = sum((t) => t.releaseDays);
  const onTime = sum((t) => t.onTime);
  const stepsStarted = sum((t) => t.stepsStarted);
  const stepsFailed = sum((t) => t.stepsFailed);
  const deploymentsReleased = sum((t) => t.deploymentsReleased);
  const deploymentsReached = sum((t) => t.deploymentsReached);
  const measured = (f: (t: TrainKpis) => number | null): number[] =>
    perTrain.flatMap((t) => {
      const v = f(t);
      return v === null ? [] : [v];
    });
  return {
    trains: perTrain.length,
    skipped: perTrain.filter((t) => t.state === 'skipped').length,
    cancelled: perTrain.filter((t) => t.state === 'cancelled').length,
    rolloutsStarted,
    releaseDays,
    onTime,
    onTimeRate: ratio(onTime, releaseDays),
    medianSlipDays: medianOf(slips),
    trainsHalted: perTrain.filter((t) => t.halts > 0).length,
    halts,
    haltsPerTrain: ratio(halts, rolloutsStarted),
    openHalts: sum((t) => t.openHalts),
    bySeverity,
    timeToFixHours: distribution(perTrain.flatMap((t) => t.fixHours)),
    rolloutHours: distribution(measured((t) => t.rolloutHours)),
    bakeHours: distribution(measured((t) => t.bakeHours)),
    stepsStarted,
    stepsFailed,
    changeFailureRate: ratio(stepsFailed, stepsStarted),
    deploymentsReleased,
    deploymentsReached,
    regressionReachRate: ratio(deploymentsReached, deploymentsReleased),
    leadTimeDays: distribution(measured((t) => t.leadTimeDays)),
    deployments: exposure(trains),
  };
}

/** Trains the figures cover when no range is asked for: about half a year of a two-week train. */
export const DEFAULT_KPI_TRAINS = 12;
export const MAX_KPI_TRAINS = 520;

/** Which trains: those starting from `from` to `to` (days included, either may be open), or the last `last` started. */
export interface KpiRangeRequest {
  from?: Day | undefined;
  to?: Day | undefined;
  last?: number | undefined;
}

export interface KpiReport {
  generatedAt: string;
  today: Day;
  /** The range asked for; with neither dates nor a count, the last DEFAULT_KPI_TRAINS trains started. */
  range: { from: Day | null; to: Day | null; last: number | null };
  definitions: typeof KPI_DEFINITIONS;
  summary: RangeKpis;
  /** Each train of the range, in start order. */
  trains: TrainKpis[];
}

/** The range a request means, with the default filled in. */
export function kpiRange(request: KpiRangeRequest): KpiReport['range'] {
  const from = request.from ?? null;
  const to = request.to ?? null;
  const last = request.last ?? (from === null && to === null ? DEFAULT_KPI_TRAINS : null);
  return { from, to, last };
}

/**
 * The trains of a range, from every train in start order: by dates, those whose start falls in
 * it; by count, the last ones that have started by today (skipped and cancelled ones included,
 * since they are counted too).
 */
export function selectKpiTrains<T extends { start: Day }>(
  trains: readonly T[],
  range: KpiReport['range'],
  today: Day,
): T[] {
  if (range.last !== null) return trains.filter((t) => t.start <= today).slice(-range.last);
  return trains.filter(
    (t) => (range.from === null || t.start >= range.from) && (range.to === null || t.start <= range.to),
  );
}

/** The report of the trains given (a range's, in start order). */
export function kpiReport(
  trains: readonly KpiTrainFacts[],
  range: KpiReport['range'],
  clock: KpiClock,
  generatedAt: string,
): KpiReport {
  const perTrain = trains.map((t) => trainKpis(t, clock));
  return {
    generatedAt,
    today: clock.today,
    range,
    definitions: KPI_DEFINITIONS,
    summary: rangeKpis(trains, perTrain),
    trains: perTrain,
  };
}
