import type {
  DeploymentHistory,
  FleetVersions,
  GateView,
  HaltView,
  NextWaveAction,
  PatchView,
  StatusReport,
  StepView,
  TodayBoard,
  TodayRow,
  TrainTracking,
  WaveTracking,
} from '../../../shared/contract';
import { type Day, formatDay } from '../../../shared/days';
import { DomainError } from '../../../shared/errors';
import { formatInstant, openGates } from '../../../shared/gates';
import { todaysNotifications } from '../../../shared/notifications';
import { DEFAULT_POLICY, rolloutPolicySchema } from '../../../shared/ordering';
import {
  type Progress,
  statusSentence,
  trackedStatus,
  trainProgress,
  waveIndexes,
} from '../../../shared/rollout-steps';
import type { TrainView } from '../../../shared/train';
import { type WaveRefusal, waveStartRefusal } from '../../../shared/wave-rules';
import { type DeploymentVersion, deploymentVersions } from '../../../shared/fleet-versions';
import { patchStatus, patchWaveRefusal } from '../../../shared/patches';
import { type StoredPatch, type StoredPatchStep, listPatchSteps, listPatches } from '../repositories/patches';
import { findDeployment, listDeployments } from '../repositories/deployments';
import { readNotificationSettings } from '../repositories/notifications';
import { listTrains } from '../repositories/trains';
import { type StoredPlan, findPlan } from '../repositories/rollout-plans';
import {
  type StoredGate,
  type StoredHalt,
  type StoredStep,
  listGates,
  listHalts,
  listSteps,
  stepsOfDeployment,
} from '../repositories/tracking';
import { type ServiceContext, notificationClock } from './context';
import { auditedStep } from './tracking-records';
import { listTrainViews, viewOf } from './train-views';

// Rollout tracking's read models: a train's facts (plan, steps, gates, halts) and the
// tracking, status, Today board and deployment history built on them.

export function mustPlan(ctx: ServiceContext, train: TrainView): StoredPlan {
  const plan = findPlan(ctx.db, train.id);
  if (!plan)
    throw new DomainError('not_found', `${train.version} has no rollout plan yet; plan its rollout first.`, undefined, {
      kind: 'plan_rollout',
      version: train.version,
    });
  return plan;
}

function bakeDaysOf(plan: StoredPlan): number {
  try {
    return rolloutPolicySchema.parse(JSON.parse(plan.policyJson)).bakeDays;
  } catch {
    return DEFAULT_POLICY.bakeDays;
  }
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** An instant for the audit trail, in UTC: "09:40 UTC", with its day when it is not the day of `sameDayAs`. */
export function clockTime(at: string, sameDayAs: string = at): string {
  const time = `${at.slice(11, 16)} UTC`;
  return at.slice(0, 10) === sameDayAs.slice(0, 10) ? time : `${at.slice(0, 10)} ${time}`;
}

/**
 * The audit note of the clock rule (shared/rollout-steps.ts `notBefore`): the clock read `at`,
 * before `what` at `earlier`, so the record took that instant.
 */
export function clockBehindNote(at: string, what: string, earlier: string): string {
  return `; the clock read ${clockTime(at, earlier)}, before ${what} at ${clockTime(earlier)}, so it is recorded at that instant`;
}

export function keyList(keys: readonly string[], max = 5): string {
  return keys.length > max ? `${keys.slice(0, max).join(', ')} and ${keys.length - max} more` : keys.join(', ');
}

// ----- read models ------------------------------------------------------------

export interface TrainFacts {
  train: TrainView;
  plan: StoredPlan | undefined;
  steps: StoredStep[];
  gates: StoredGate[];
  halts: StoredHalt[];
  /** Its patches, oldest first, each with its steps. */
  patches: { patch: StoredPatch; steps: StoredPatchStep[] }[];
}

function factsOf(ctx: ServiceContext, trains: readonly TrainView[]): TrainFacts[] {
  const ids = trains.map((t) => t.id);
  const steps = listSteps(ctx.db, ids);
  const gates = listGates(ctx.db, ids);
  const halts = listHalts(ctx.db, ids);
  const patches = listPatches(ctx.db, ids);
  const patchSteps = listPatchSteps(
    ctx.db,
    patches.map((p) => p.id),
  );
  return trains.map((train) => ({
    train,
    plan: findPlan(ctx.db, train.id),
    steps: steps.get(train.id)!,
    gates: gates.get(train.id)!,
    halts: halts.get(train.id)!,
    patches: patches
      .filter((p) => p.trainId === train.id)
      .map((patch) => ({ patch, steps: patchSteps.filter((s) => s.patchId === patch.id) })),
  }));
}

/** The facts of one train: what its actions check. */
export function trainFacts(ctx: ServiceContext, train: TrainView): TrainFacts {
  return factsOf(ctx, [train])[0]!;
}

/** A patch of a train's facts, with its steps. */
export type PatchFacts = TrainFacts['patches'][number];

/** A progress without its per-wave breakdown. */
function progressOf(p: Progress): Progress {
  return { released: p.released, skipped: p.skipped, finished: p.finished, total: p.total };
}

function haltView(h: StoredHalt): HaltView {
  return { ...h };
}

export function gateView(g: StoredGate): GateView {
  return { ...g };
}

export function openHalt(halts: readonly StoredHalt[]): StoredHalt | null {
  return halts.find((h) => h.resumedAt === null) ?? null;
}

/** The wave-rule verdict for starting a step of `wave` now. */
export function waveRefusal(ctx: ServiceContext, f: TrainFacts, wave: number): WaveRefusal | null {
  const halt = openHalt(f.halts);
  return waveStartRefusal({
    version: f.train.version,
    trainState: f.train.state,
    stateReason: f.train.stateReason,
    halt: halt && { reason: halt.reason, reference: halt.reference },
    wave,
    gates: f.gates,
    waves: (f.plan?.waves ?? []).map((w) => ({ index: w.index, steps: f.steps.filter((s) => s.wave === w.index) })),
    bakeDays: f.plan ? bakeDaysOf(f.plan) : 0,
    today: ctx.today(),
    dayOf: (instant) => ctx.dayOf(new Date(instant)),
  });
}

function nextAction(
  steps: readonly (StoredStep | StoredPatchStep)[],
  refusalNow: () => WaveRefusal | null,
): NextWaveAction | null {
  const inProgress = steps.filter((s) => s.state === 'in_progress').map((s) => s.key);
  if (inProgress.length > 0)
    return { action: 'release', keys: inProgress, refusal: null, refusalKind: null, overridable: false, until: null };
  const pending = steps.filter((s) => s.state === 'pending').map((s) => s.key);
  const retry = steps.filter((s) => s.state === 'failed' || s.state === 'rolled_back').map((s) => s.key);
  const keys = pending.length > 0 ? pending : retry;
  if (keys.length === 0) return null;
  const refusal = refusalNow();
  return {
    action: 'start',
    keys,
    refusal: refusal?.message ?? null,
    refusalKind: refusal?.kind ?? null,
    overridable: refusal?.overridable ?? false,
    until: refusal?.until ?? null,
  };
}

function tracking(ctx: ServiceContext, f: TrainFacts): TrainTracking {
  const halt = openHalt(f.halts);
  const status = trackedStatus({ calendar: f.train.status, halted: halt !== null, steps: f.steps });
  const progress = trainProgress(f.steps);
  const reachedBy = new Map<string, number[]>();
  for (const h of f.halts) for (const k of h.deployments) reachedBy.set(k, [...(reachedBy.get(k) ?? []), h.id]);
  const waves: WaveTracking[] = (f.plan?.waves ?? []).map((w) => {
    const steps = f.steps.filter((s) => s.wave === w.index);
    const p = progress.waves.find((x) => x.wave === w.index);
    return {
      index: w.index,
      date: w.date,
      steps: steps.map((s) => stepView(s, reachedBy.get(s.key) ?? [])),
      progress: p ? progressOf(p) : { released: 0, skipped: 0, finished: 0, total: 0 },
      next: nextAction(steps, () => waveRefusal(ctx, f, w.index)),
    };
  });
  let sentence = statusSentence(status, f.train.version);
  if (halt)
    sentence = `${f.train.version} is halted in wave ${halt.haltedWave} since ${formatInstant(halt.haltedAt)}: ${halt.reason} (${halt.reference}).`;
  return {
    trainId: f.train.id,
    version: f.train.version,
    start: f.train.start,
    end: f.train.end,
    calendarStatus: f.train.status,
    status,
    statusSentence: sentence,
    planned: f.plan !== undefined,
    halt: halt && haltView(halt),
    halts: f.halts.map(haltView),
    gates: f.gates.map(gateView),
    openGates: openGates(f.gates),
    waves,
    progress: progressOf(progress),
    bakeDays: f.plan ? bakeDaysOf(f.plan) : 0,
    patches: f.patches.map((p) => patchView(ctx, f, p)),
  };
}

/** The wave-rule verdict for starting a step of a patch's `wave` now. */
export function patchRefusal(
  ctx: ServiceContext,
  f: TrainFacts,
  { patch, steps }: PatchFacts,
  wave: number,
): WaveRefusal | null {
  const halt = openHalt(f.halts);
  return patchWaveRefusal({
    version: patch.version,
    trainVersion: f.train.version,
    halt: halt && { reason: halt.reason, reference: halt.reference },
    wave,
    waves: waveIndexes(steps).map((index) => ({ index, steps: steps.filter((s) => s.wave === index) })),
    bakeHours: patch.bakeHours,
    now: ctx.now().toISOString(),
    dayOf: (instant) => ctx.dayOf(new Date(instant)),
  });
}

function stepView(s: StoredStep | StoredPatchStep, regressions: number[]): StepView {
  const { key, ...record } = auditedStep(s);
  return { key, name: s.name, region: s.region, internal: s.internal, ...record, regressions };
}

function patchView(ctx: ServiceContext, f: TrainFacts, facts: PatchFacts): PatchView {
  const { patch, steps } = facts;
  const progress = trainProgress(steps);
  const waves: WaveTracking[] = waveIndexes(steps).map((index) => {
    const inWave = steps.filter((s) => s.wave === index);
    const p = progress.waves.find((x) => x.wave === index)!;
    return {
      index,
      date: inWave[0]!.date,
      steps: inWave.map((s) => stepView(s, [])),
      progress: progressOf(p),
      next: nextAction(inWave, () => patchRefusal(ctx, f, facts, index)),
    };
  });
  return {
    ...patch,
    trainVersion: f.train.version,
    status: patchStatus(steps, openHalt(f.halts) !== null),
    waves,
    progress: progressOf(progress),
  };
}

export function trainTracking(ctx: ServiceContext, trainId: number): TrainTracking {
  return tracking(ctx, trainFacts(ctx, viewOf(ctx, trainId)));
}

const IN_FLIGHT = new Set(['developing', 'validating', 'rolling_out', 'halted', 'overdue']);

/**
 * Trains in flight: planned for rollout and neither before their start, finished, skipped nor
 * cancelled; or with a patch still rolling out, whatever the train's own status.
 */
function inFlight(ctx: ServiceContext): TrainTracking[] {
  const trains = listTrainViews(ctx).filter((t) => t.state === 'active');
  return factsOf(ctx, trains)
    .filter((f) => f.plan !== undefined)
    .map((f) => tracking(ctx, f))
    .filter((t) => IN_FLIGHT.has(t.status) || t.patches.some((p) => p.status !== 'completed'));
}

/** The trains asked for (each must exist), in start order, or every train in flight. */
export function statusReport(ctx: ServiceContext, trainIds?: readonly number[]): StatusReport {
  if (trainIds === undefined) return { today: ctx.today(), trains: inFlight(ctx) };
  const trains = [...new Set(trainIds)]
    .map((id) => viewOf(ctx, id))
    .sort((a, b) => a.start.localeCompare(b.start) || a.id - b.id);
  return { today: ctx.today(), trains: factsOf(ctx, trains).map((f) => tracking(ctx, f)) };
}

const TODAY_KIND_OF: Record<WaveRefusal['kind'], TodayRow['kind']> = {
  train_state: 'blocked',
  halted: 'halt',
  gates: 'gate',
  previous_wave: 'waiting',
  bake: 'bake',
};

/**
 * What should happen today, one row per train and wave that needs someone:
 * failed or rolled-back steps first, then steps in progress, then waves due
 * today (or late) with what they may do or why they wait.
 */
export function todayBoard(ctx: ServiceContext): TodayBoard {
  const today = ctx.today();
  const rows: TodayRow[] = [];
  const trains = inFlight(ctx);
  for (const t of trains) {
    waveRows(rows, today, { trainId: t.trainId, patchId: null, version: t.version, of: '' }, t.waves);
    for (const p of t.patches.filter((x) => x.status !== 'completed'))
      waveRows(
        rows,
        today,
        { trainId: t.trainId, patchId: p.id, version: p.version, of: ` of the patch ${p.version}` },
        p.waves,
      );
  }
  const { kinds } = readNotificationSettings(ctx.db);
  const notifications = todaysNotifications(trains, notificationClock(ctx)).filter((n) => kinds[n.kind]);
  return { today, rows, notifications };
}

/** The Today rows of one rollout's waves (a train's, or a patch's, named by `of` in sentences). */
function waveRows(
  rows: TodayRow[],
  today: Day,
  rollout: { trainId: number; patchId: number | null; version: string; of: string },
  waves: readonly WaveTracking[],
): void {
  // Waves after the first one that waits wait for the same reason (or for it): one row says it.
  let waiting = false;
  const { of, ...ids } = rollout;
  for (const w of waves) {
    const base = { ...ids, wave: w.index, date: w.date, until: null };
    const trouble = w.steps.filter((s) => s.state === 'failed' || s.state === 'rolled_back');
    const running = w.steps.filter((s) => s.state === 'in_progress');
    const pending = w.steps.filter((s) => s.state === 'pending');
    if (trouble.length > 0) {
      rows.push({
        ...base,
        kind: 'attention',
        keys: trouble.map((s) => s.key),
        reason: `${trouble.map((s) => `${s.key} ${s.state === 'failed' ? 'failed' : 'was rolled back'} (${s.reason})`).join('; ')}: start ${trouble.length === 1 ? 'it' : 'them'} again with the fix, or skip ${trouble.length === 1 ? 'it' : 'them'} with a reason.`,
      });
    } else if (running.length > 0) {
      rows.push({
        ...base,
        kind: 'in_progress',
        keys: running.map((s) => s.key),
        reason: `${plural(running.length, 'deployment')} in progress (${keyList(running.map((s) => s.key))}): release ${running.length === 1 ? 'it' : 'them'} once healthy, or mark ${running.length === 1 ? 'it' : 'them'} failed.`,
      });
    } else if (pending.length > 0 && w.date <= today && w.next && !waiting) {
      const keys = pending.map((s) => s.key);
      if (w.next.refusal === null) {
        const when = w.date === today ? 'today' : `since ${formatDay(w.date, { weekday: true })}`;
        rows.push({
          ...base,
          kind: 'release',
          keys,
          reason: `Wave ${w.index}${of} is due ${when}: start ${plural(keys.length, 'deployment')} (${keyList(keys)}).`,
        });
      } else {
        waiting = true;
        rows.push({
          ...base,
          kind: TODAY_KIND_OF[w.next.refusalKind!],
          keys,
          reason: w.next.refusal,
          until: w.next.until,
        });
      }
    }
  }
}

/** A deployment's history across trains: wave, step state and the regressions that reached it, newest first. */
export function deploymentHistory(ctx: ServiceContext, key: string): DeploymentHistory {
  const d = findDeployment(ctx.db, key);
  if (!d)
    throw new DomainError('not_found', `No deployment has the key ${key}.`, undefined, { kind: 'list_deployments' });
  const mine = stepsOfDeployment(ctx.db, key);
  const ids = new Set(mine.map((s) => s.trainId));
  const trains = listTrainViews(ctx).filter((t) => ids.has(t.id));
  const facts = factsOf(ctx, trains);
  return {
    key: d.key,
    name: d.name,
    internal: d.internal,
    trains: facts
      .map((f) => {
        const step = mine.find((s) => s.trainId === f.train.id)!;
        const halt = openHalt(f.halts);
        return {
          trainId: f.train.id,
          version: f.train.version,
          trainStatus: trackedStatus({ calendar: f.train.status, halted: halt !== null, steps: f.steps }),
          wave: step.wave,
          date: f.plan?.waves.find((w) => w.index === step.wave)?.date ?? f.train.start,
          state: step.state,
          reason: step.reason,
          startedAt: step.startedAt,
          finishedAt: step.finishedAt,
          regressions: f.halts.filter((h) => h.deployments.includes(key)).map(haltView),
        };
      })
      .reverse(),
  };
}

/** Every patch and its steps, read once for what the fleet runs. */
function allPatches(ctx: ServiceContext): { patches: StoredPatch[]; steps: StoredPatchStep[] } {
  return { patches: listPatches(ctx.db), steps: listPatchSteps(ctx.db) };
}

/** What each of `keys` runs now, from every train's and patch's releases and every halt. */
export function currentVersions(
  ctx: ServiceContext,
  keys: readonly string[],
  { patches, steps: patchSteps } = allPatches(ctx),
): DeploymentVersion[] {
  // The stored trains are enough (id and version): their schedules are not read.
  const trains = listTrains(ctx.db);
  const ids = trains.map((t) => t.id);
  const steps = [...listSteps(ctx.db, ids).values()].flat();
  const halts = [...listHalts(ctx.db, ids).values()].flat();
  const byId = new Map(patches.map((p) => [p.id, p]));
  const released = patchSteps.map((s) => ({
    ...s,
    trainId: byId.get(s.patchId)!.trainId,
    version: byId.get(s.patchId)!.version,
  }));
  return deploymentVersions(keys, trains, steps, halts, released);
}

/**
 * Which version every deployment runs now (its latest release), which still run a version a
 * regression was found in, and where the patch that fixes it has reached them.
 */
export function fleetVersions(ctx: ServiceContext): FleetVersions {
  const fleet = listDeployments(ctx.db);
  const patched = allPatches(ctx);
  const versions = currentVersions(
    ctx,
    fleet.map((d) => d.key),
    patched,
  );
  const { patches, steps } = patched;
  const patchOf = (key: string, haltId: number): FleetVersions['deployments'][number]['patch'] => {
    const patch = patches.filter((p) => p.haltId === haltId).at(-1);
    const step = patch && steps.find((s) => s.patchId === patch.id && s.key === key);
    return step ? { id: patch.id, version: patch.version, state: step.state, wave: step.wave, date: step.date } : null;
  };
  return {
    deployments: versions.map((v, i) => ({
      ...v,
      name: fleet[i]!.name,
      status: fleet[i]!.status,
      patch: v.broken ? patchOf(v.key, v.broken.haltId) : null,
    })),
  };
}
