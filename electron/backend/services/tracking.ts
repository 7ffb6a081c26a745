import type {
  DeploymentHistory,
  GateView,
  HaltView,
  NextWaveAction,
  StatusReport,
  StepView,
  TodayBoard,
  TodayRow,
  TrainTracking,
  WaveTracking,
} from '../../../shared/contract';
import { formatDay } from '../../../shared/days';
import { DomainError } from '../../../shared/errors';
import {
  type GateAction,
  type GatePolicy,
  formatInstant,
  gateRefusal,
  gateTransition,
  internalBakeRefusal,
  openGates,
} from '../../../shared/gates';
import { DEFAULT_POLICY, rolloutPolicySchema } from '../../../shared/ordering';
import {
  type HaltSeverity,
  type StepAction,
  type StepRecord,
  type StepState,
  WAVE_ACTION_SOURCES,
  applyTransition,
  statusSentence,
  stepRefusal,
  stepTransition,
  trackedStatus,
  trainActionRefusal,
  trainProgress,
} from '../../../shared/rollout-steps';
import { todaysNotifications } from '../../../shared/notifications';
import type { TrainView } from '../../../shared/train';
import { type WaveRefusal, waveStartRefusal } from '../../../shared/wave-rules';
import { appendAudit } from '../repositories/audit';
import { findDeployment } from '../repositories/deployments';
import { readNotificationSettings } from '../repositories/notifications';
import { type StoredPlan, findPlan } from '../repositories/rollout-plans';
import { writeSetting } from '../repositories/settings';
import {
  type StoredGate,
  type StoredHalt,
  type StoredStep,
  insertHalt,
  listGates,
  listHalts,
  listSteps,
  readGatePolicy,
  stepsOfDeployment,
  trainGates,
  trainHalts,
  trainSteps,
  writeGate,
  writeResume,
  writeStep,
} from '../repositories/tracking';
import { listTrainViews, viewOf } from './calendar';
import { type ServiceContext, notificationClock } from './context';

// Rollout tracking: gates, steps, halts and the read models built on them. Every
// change is one immediate transaction with its audit event in it; a refusal
// throws before anything is written, so nothing changes.

/** The records an audit event keeps of a step, so that undo can put it back exactly. */
export interface AuditedStep extends StepRecord {
  wave: number;
  updatedBy: string;
  updatedAt: string;
}

/** The records an audit event keeps of a gate. */
export interface AuditedGate {
  key: string;
  state: StoredGate['state'];
  reason: string | null;
  evidenceUrl: string | null;
  updatedBy: string;
  updatedAt: string;
}

export function auditedStep(s: StoredStep): AuditedStep {
  return {
    key: s.key,
    wave: s.wave,
    state: s.state,
    reason: s.reason,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    updatedBy: s.updatedBy,
    updatedAt: s.updatedAt,
  };
}

export function auditedGate(g: StoredGate): AuditedGate {
  return {
    key: g.key,
    state: g.state,
    reason: g.reason,
    evidenceUrl: g.evidenceUrl,
    updatedBy: g.updatedBy,
    updatedAt: g.updatedAt,
  };
}

function audit(
  ctx: ServiceContext,
  trainId: number,
  action: string,
  summary: string,
  before: unknown,
  after: unknown,
): void {
  appendAudit(ctx.db, {
    at: ctx.now().toISOString(),
    actor: ctx.actor,
    action,
    entityType: 'train',
    entityKey: String(trainId),
    summary,
    before,
    after,
  });
}

function mustPlan(ctx: ServiceContext, train: TrainView): StoredPlan {
  const plan = findPlan(ctx.db, train.id);
  if (!plan)
    throw new DomainError(
      'not_found',
      `${train.version} has no rollout plan yet; plan it first ("rollout plan --train ${train.version}").`,
    );
  return plan;
}

function bakeDaysOf(plan: StoredPlan): number {
  try {
    return rolloutPolicySchema.parse(JSON.parse(plan.policyJson)).bakeDays;
  } catch {
    return DEFAULT_POLICY.bakeDays;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function keyList(keys: readonly string[], max = 5): string {
  return keys.length > max ? `${keys.slice(0, max).join(', ')} and ${keys.length - max} more` : keys.join(', ');
}

// ----- read models ------------------------------------------------------------

interface TrainFacts {
  train: TrainView;
  plan: StoredPlan | undefined;
  steps: StoredStep[];
  gates: StoredGate[];
  halts: StoredHalt[];
}

function factsOf(ctx: ServiceContext, trains: readonly TrainView[]): TrainFacts[] {
  const ids = trains.map((t) => t.id);
  const steps = listSteps(ctx.db, ids);
  const gates = listGates(ctx.db, ids);
  const halts = listHalts(ctx.db, ids);
  return trains.map((train) => ({
    train,
    plan: findPlan(ctx.db, train.id),
    steps: steps.get(train.id)!,
    gates: gates.get(train.id)!,
    halts: halts.get(train.id)!,
  }));
}

function haltView(h: StoredHalt): HaltView {
  return { ...h };
}

function gateView(g: StoredGate): GateView {
  return { ...g };
}

function openHalt(halts: readonly StoredHalt[]): StoredHalt | null {
  return halts.find((h) => h.resumedAt === null) ?? null;
}

/** The wave-rule verdict for starting a step of `wave` now. */
function waveRefusal(ctx: ServiceContext, f: TrainFacts, wave: number): WaveRefusal | null {
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
  ctx: ServiceContext,
  f: TrainFacts,
  wave: number,
  steps: readonly StoredStep[],
): NextWaveAction | null {
  const inProgress = steps.filter((s) => s.state === 'in_progress').map((s) => s.key);
  if (inProgress.length > 0)
    return { action: 'release', keys: inProgress, refusal: null, refusalKind: null, overridable: false, until: null };
  const pending = steps.filter((s) => s.state === 'pending').map((s) => s.key);
  const retry = steps.filter((s) => s.state === 'failed' || s.state === 'rolled_back').map((s) => s.key);
  const keys = pending.length > 0 ? pending : retry;
  if (keys.length === 0) return null;
  const refusal = waveRefusal(ctx, f, wave);
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
      steps: steps.map((s): StepView => ({
        key: s.key,
        name: s.name,
        region: s.region,
        internal: s.internal,
        wave: s.wave,
        state: s.state,
        reason: s.reason,
        startedAt: s.startedAt,
        finishedAt: s.finishedAt,
        updatedBy: s.updatedBy,
        updatedAt: s.updatedAt,
        regressions: reachedBy.get(s.key) ?? [],
      })),
      progress: p
        ? { released: p.released, skipped: p.skipped, finished: p.finished, total: p.total }
        : { released: 0, skipped: 0, finished: 0, total: 0 },
      next: nextAction(ctx, f, w.index, steps),
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
    progress: {
      released: progress.released,
      skipped: progress.skipped,
      finished: progress.finished,
      total: progress.total,
    },
    bakeDays: f.plan ? bakeDaysOf(f.plan) : 0,
  };
}

export function trainTracking(ctx: ServiceContext, trainId: number): TrainTracking {
  return tracking(ctx, factsOf(ctx, [viewOf(ctx, trainId)])[0]!);
}

const IN_FLIGHT = new Set(['developing', 'validating', 'rolling_out', 'halted', 'overdue']);

/** Trains in flight: planned for rollout and neither before their start, finished, skipped nor cancelled. */
function inFlight(ctx: ServiceContext): TrainTracking[] {
  const trains = listTrainViews(ctx).filter((t) => t.state === 'active');
  return factsOf(ctx, trains)
    .filter((f) => f.plan !== undefined)
    .map((f) => tracking(ctx, f))
    .filter((t) => IN_FLIGHT.has(t.status));
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
    // Waves after the first one that waits wait for the same reason (or for it): one row says it.
    let waiting = false;
    for (const w of t.waves) {
      const base = { trainId: t.trainId, version: t.version, wave: w.index, date: w.date, until: null };
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
            reason: `Wave ${w.index} is due ${when}: start ${plural(keys.length, 'deployment')} (${keyList(keys)}).`,
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
  const { kinds } = readNotificationSettings(ctx.db);
  const notifications = todaysNotifications(trains, notificationClock(ctx)).filter((n) => kinds[n.kind]);
  return { today, rows, notifications };
}

/** A deployment's history across trains: wave, step state and the regressions that reached it, newest first. */
export function deploymentHistory(ctx: ServiceContext, key: string): DeploymentHistory {
  const d = findDeployment(ctx.db, key);
  if (!d) throw new DomainError('not_found', `No deployment has the key ${key}; list them with "deployments list".`);
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

// ----- gates ------------------------------------------------------------------

export function listTrainGates(ctx: ServiceContext, trainId: number): GateView[] {
  viewOf(ctx, trainId);
  return trainGates(ctx.db, trainId).map(gateView);
}

export function readGateDefaults(ctx: ServiceContext): GatePolicy {
  return readGatePolicy(ctx.db);
}

/** Replaces the gate list of trains planned from now on (trains already planned keep theirs) and the resume policy. */
export function updateGateDefaults(ctx: ServiceContext, policy: GatePolicy): GatePolicy {
  return ctx.db
    .transaction(() => {
      const before = readGatePolicy(ctx.db);
      writeSetting(ctx.db, 'gate_policy', policy);
      appendAudit(ctx.db, {
        at: ctx.now().toISOString(),
        actor: ctx.actor,
        action: 'settings.update',
        entityType: 'settings',
        entityKey: 'gate_policy',
        summary: `Changed the default validation gates (${policy.gates.map((g) => g.name).join(', ') || 'none'})`,
        before,
        after: policy,
      });
      return policy;
    })
    .immediate();
}

const GATE_VERB: Record<GateAction, string> = {
  pass: 'Passed',
  fail: 'Failed',
  waive: 'Waived',
  reset: 'Reset',
};

export function setGate(
  ctx: ServiceContext,
  req: { trainId: number; key: string; action: GateAction; reason?: string; evidenceUrl?: string },
): TrainTracking {
  return ctx.db
    .transaction(() => {
      const train = viewOf(ctx, req.trainId);
      const gates = trainGates(ctx.db, train.id);
      if (gates.length === 0) {
        mustPlan(ctx, train);
        throw new DomainError('not_found', `${train.version} has no validation gates.`);
      }
      const gate = gates.find((g) => g.key === req.key);
      if (!gate)
        throw new DomainError(
          'not_found',
          `${train.version} has no gate "${req.key}"; its gates are ${gates.map((g) => g.key).join(', ')}.`,
        );
      if (train.state !== 'active')
        throw new DomainError('rule_violation', `${train.version} is ${train.state}; its gates can no longer change.`);
      const t = gateTransition(gate.state, req.action);
      if (!t.ok) throw new DomainError('rule_violation', gateRefusal(gate.name, t.refusal));
      const now = ctx.now();
      if (req.action === 'pass' && gate.kind === 'internal_bake') {
        const steps = trainSteps(ctx.db, train.id);
        const internal = steps.find((s) => s.internal && s.wave === 0) ?? null;
        const halts = trainHalts(ctx.db, train.id);
        const refusal = internalBakeRefusal({
          internalKey: internal?.key ?? null,
          internalStep: internal,
          bakeHours: gate.bakeHours!,
          releasedAfter: readGatePolicy(ctx.db).freshInternalBakeOnResume ? (halts.at(-1)?.haltedAt ?? null) : null,
          now,
        });
        if (refusal) throw new DomainError('rule_violation', `The gate "${gate.name}" cannot pass yet: ${refusal}.`);
      }
      const at = now.toISOString();
      const next: AuditedGate = {
        key: gate.key,
        state: t.next,
        reason: t.next === 'pending' ? null : (req.reason ?? null),
        evidenceUrl: t.next === 'pending' ? null : (req.evidenceUrl ?? null),
        updatedBy: ctx.actor,
        updatedAt: at,
      };
      writeGate(ctx.db, train.id, gate.key, next);
      const why = req.reason ? `: ${req.reason}` : '';
      audit(
        ctx,
        train.id,
        `gate.${req.action}`,
        req.action === 'reset'
          ? `Reset the gate "${gate.name}" of ${train.version} to pending`
          : `${GATE_VERB[req.action]} the gate "${gate.name}" of ${train.version}${why}`,
        { gate: auditedGate(gate) },
        { gate: next },
      );
      return trainTracking(ctx, train.id);
    })
    .immediate();
}

// ----- steps ------------------------------------------------------------------

const STEP_VERB: Record<StepAction, string> = {
  start: 'Started',
  release: 'Released',
  fail: 'Marked failed',
  rollback: 'Rolled back',
  skip: 'Skipped',
};

export interface TransitionRequest {
  trainId: number;
  keys?: string[];
  wave?: number;
  action: StepAction;
  reason?: string;
  bakeOverride?: string;
}

function stateCounts(steps: readonly StoredStep[]): string {
  const counts = new Map<StepState, number>();
  for (const s of steps) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${state.replace('_', ' ')}`).join(', ');
}

/**
 * Moves several steps at once, all or nothing: named deployments, or every step
 * of a wave the action applies to (starting a wave starts its pending steps).
 * Each step must allow the action; starting checks the wave rules (a bake may be
 * overridden with a reason, recorded in the audit event).
 */
export function transitionSteps(ctx: ServiceContext, req: TransitionRequest): TrainTracking {
  return ctx.db
    .transaction(() => {
      const train = viewOf(ctx, req.trainId);
      const plan = mustPlan(ctx, train);
      const steps = trainSteps(ctx.db, train.id);
      let targets: StoredStep[];
      if (req.wave !== undefined) {
        const wave = req.wave;
        if (!plan.waves.some((w) => w.index === wave)) {
          throw new DomainError(
            'invalid_input',
            `${train.version} has waves 0–${plan.waves.length - 1}; there is no wave ${wave}.`,
            [{ field: 'wave', message: `Choose a wave from 0 to ${plan.waves.length - 1}.` }],
          );
        }
        const inWave = steps.filter((s) => s.wave === wave);
        targets = inWave.filter((s) => WAVE_ACTION_SOURCES[req.action].includes(s.state));
        if (targets.length === 0) {
          const from = WAVE_ACTION_SOURCES[req.action].map((s) => s.replace('_', ' ')).join(' or ');
          throw new DomainError(
            'rule_violation',
            `Wave ${wave} of ${train.version} has no ${from} deployment to ${req.action}${inWave.length ? ` (${stateCounts(inWave)})` : ''}; name deployments with --deployment to act on them one by one.`,
          );
        }
      } else {
        targets = (req.keys ?? []).map((key) => {
          const step = steps.find((s) => s.key === key);
          if (!step) throw new DomainError('not_found', `${key} is not in the plan of ${train.version}.`);
          return step;
        });
      }
      const nextStates = targets.map((s) => {
        const t = stepTransition(s.state, req.action);
        if (!t.ok) throw new DomainError('rule_violation', stepRefusal(s.key, t.refusal));
        return t.next;
      });
      let overridden: string | null = null;
      if (req.action === 'start') {
        const facts: TrainFacts = {
          train,
          plan,
          steps,
          gates: trainGates(ctx.db, train.id),
          halts: trainHalts(ctx.db, train.id),
        };
        for (const wave of [...new Set(targets.map((s) => s.wave))].sort((a, b) => a - b)) {
          const refusal = waveRefusal(ctx, facts, wave);
          if (!refusal) continue;
          if (!refusal.overridable || req.bakeOverride === undefined)
            throw new DomainError('rule_violation', refusal.message);
          overridden = refusal.message;
        }
      }
      if (req.bakeOverride !== undefined && overridden === null) {
        throw new DomainError(
          'rule_violation',
          `No bake blocks ${req.wave !== undefined ? `wave ${req.wave}` : 'these deployments'} of ${train.version}; leave out the bake override.`,
          [{ field: 'bakeOverride', message: 'Nothing to override.' }],
        );
      }
      const at = ctx.now().toISOString();
      const reason = req.action === 'start' || req.action === 'release' ? null : (req.reason ?? null);
      const after = targets.map((s, i): AuditedStep => {
        const next = {
          ...applyTransition(auditedStep(s), nextStates[i]!, at, reason),
          updatedBy: ctx.actor,
          updatedAt: at,
        };
        writeStep(ctx.db, train.id, next, ctx.actor, at);
        return next;
      });
      const keys = targets.map((s) => s.key);
      const waves = [...new Set(targets.map((s) => s.wave))];
      const what =
        req.wave !== undefined
          ? `wave ${req.wave} of ${train.version} (${plural(keys.length, 'deployment')}: ${keyList(keys)})`
          : `${keyList(keys)} in ${waves.length === 1 ? `wave ${waves[0]} of ` : ''}${train.version}`;
      const why = reason ? `: ${reason}` : '';
      const override = overridden !== null ? ` (bake overridden: ${req.bakeOverride})` : '';
      audit(
        ctx,
        train.id,
        `step.${req.action}`,
        `${STEP_VERB[req.action]} ${what}${why}${override}`,
        { steps: targets.map(auditedStep), deployments: keys },
        {
          steps: after,
          deployments: keys,
          ...(req.wave !== undefined ? { wave: req.wave } : {}),
          ...(overridden !== null ? { bakeOverride: req.bakeOverride, overrode: overridden } : {}),
        },
      );
      return trainTracking(ctx, train.id);
    })
    .immediate();
}

// ----- halt and resume --------------------------------------------------------

export interface HaltRequest {
  trainId: number;
  reason: string;
  reference: string;
  severity: HaltSeverity;
  deployments?: string[];
}

/**
 * Records a regression: the train halts (no step may start), the deployments it
 * reached count against their exposure in the next plans, and — by the resume
 * policy — the internal bake gate goes back to pending for a fresh pass.
 */
export function haltTrain(ctx: ServiceContext, req: HaltRequest): TrainTracking {
  return ctx.db
    .transaction(() => {
      const train = viewOf(ctx, req.trainId);
      mustPlan(ctx, train);
      const steps = trainSteps(ctx.db, train.id);
      const halts = trainHalts(ctx.db, train.id);
      const status = trackedStatus({ calendar: train.status, halted: openHalt(halts) !== null, steps });
      const started = steps.filter((s) => s.state !== 'pending');
      const refusal = trainActionRefusal('halt', status, started.length > 0);
      if (refusal) throw new DomainError('rule_violation', `Train ${train.version} ${refusal}.`);
      let reached: string[];
      if (req.deployments) {
        for (const key of req.deployments)
          if (!steps.some((s) => s.key === key))
            throw new DomainError(
              'rule_violation',
              `${key} is not in the plan of ${train.version}; name only deployments of this train.`,
              [{ field: 'deployments', message: `${key} is not in this train.` }],
            );
        reached = [...req.deployments].sort();
      } else {
        reached = steps
          .filter((s) => s.state === 'released' || s.state === 'in_progress')
          .map((s) => s.key)
          .sort();
        if (reached.length === 0)
          throw new DomainError(
            'rule_violation',
            `No deployment of ${train.version} is released or in progress; name the deployments the regression reached.`,
            [{ field: 'deployments', message: 'Name the deployments the regression reached.' }],
          );
      }
      const at = ctx.now().toISOString();
      const haltedWave = Math.max(...started.map((s) => s.wave));
      const id = insertHalt(ctx.db, {
        trainId: train.id,
        reason: req.reason,
        reference: req.reference,
        severity: req.severity,
        haltedAt: at,
        haltedBy: ctx.actor,
        haltedWave,
        deployments: reached,
      });
      // By policy a resume needs a fresh pass of the internal bake: the fix must be released and baked.
      let gateBefore: AuditedGate | null = null;
      let gateAfter: AuditedGate | null = null;
      const bake = trainGates(ctx.db, train.id).find((g) => g.kind === 'internal_bake');
      if (bake && readGatePolicy(ctx.db).freshInternalBakeOnResume && bake.state !== 'pending') {
        gateBefore = auditedGate(bake);
        gateAfter = {
          ...gateBefore,
          state: 'pending',
          reason: null,
          evidenceUrl: null,
          updatedBy: ctx.actor,
          updatedAt: at,
        };
        writeGate(ctx.db, train.id, bake.key, gateAfter);
      }
      audit(
        ctx,
        train.id,
        'train.halt',
        `Halted ${train.version} in wave ${haltedWave}: ${req.reason} (${req.reference}, ${req.severity}); it reached ${plural(reached.length, 'deployment')}: ${keyList(reached)}`,
        { gate: gateBefore },
        {
          haltId: id,
          reason: req.reason,
          reference: req.reference,
          severity: req.severity,
          haltedWave,
          deployments: reached,
          gate: gateAfter,
        },
      );
      return trainTracking(ctx, train.id);
    })
    .immediate();
}

/**
 * Resumes a halted train with the fix version that was integrated. By policy
 * (default on) the internal bake gate must have passed (or been waived) since the
 * halt. The rollout continues from the halted wave: nothing else changes.
 */
export function resumeTrain(ctx: ServiceContext, trainId: number, fixVersion: string): TrainTracking {
  return ctx.db
    .transaction(() => {
      const train = viewOf(ctx, trainId);
      const steps = trainSteps(ctx.db, train.id);
      const halts = trainHalts(ctx.db, train.id);
      const halt = openHalt(halts);
      const status = trackedStatus({ calendar: train.status, halted: halt !== null, steps });
      const refusal = trainActionRefusal(
        'resume',
        status,
        steps.some((s) => s.state !== 'pending'),
      );
      if (refusal || !halt)
        throw new DomainError('rule_violation', `Train ${train.version} ${refusal ?? 'is not halted'}.`);
      const bake = trainGates(ctx.db, train.id).find((g) => g.kind === 'internal_bake');
      if (
        bake &&
        readGatePolicy(ctx.db).freshInternalBakeOnResume &&
        !((bake.state === 'passed' || bake.state === 'waived') && bake.updatedAt >= halt.haltedAt)
      ) {
        const internal = steps.find((s) => s.internal && s.wave === 0)?.key ?? 'the internal deployment';
        throw new DomainError(
          'rule_violation',
          `Train ${train.version} cannot resume yet: by policy the gate "${bake.name}" must pass again after the halt (release the fix to ${internal} and let it bake for ${bake.bakeHours} hours); it is ${bake.state}.`,
        );
      }
      const at = ctx.now().toISOString();
      writeResume(ctx.db, halt.id, { resumedAt: at, resumedBy: ctx.actor, fixVersion });
      audit(
        ctx,
        train.id,
        'train.resume',
        `Resumed ${train.version} with the fix ${fixVersion} (halted for ${halt.reason}, ${halt.reference}); the rollout continues from wave ${halt.haltedWave}`,
        { haltId: halt.id, resumedAt: null, resumedBy: null, fixVersion: null },
        { haltId: halt.id, resumedAt: at, resumedBy: ctx.actor, fixVersion },
      );
      return trainTracking(ctx, train.id);
    })
    .immediate();
}

/** For undo and tests: the open halt of a train, if any. */
export function openHaltOf(ctx: ServiceContext, trainId: number): StoredHalt | null {
  return openHalt(trainHalts(ctx.db, trainId));
}

// ----- the demo -----------------------------------------------------------------

const DEMO_REGRESSION = {
  reason: 'Session cache evicts SSO tokens early; users are signed out',
  reference: 'INC-2417',
  severity: 'high' as const,
};

/**
 * Demo only: the rollout of a freshly planned demo train as it would stand today
 * had it been tracked. Waves planned before today are released (started 09:00,
 * released 11:00 UTC on their day) and the gates passed in time; with
 * `regression`, a train that has ended was halted in wave 2 by a regression and
 * resumed with a fix, so the fairness figures have one to count. One audit event
 * says what was recorded. Returns whether the regression was recorded.
 */
export function recordDemoRollout(ctx: ServiceContext, trainId: number, regression: boolean): boolean {
  const train = viewOf(ctx, trainId);
  const plan = findPlan(ctx.db, trainId);
  const today = ctx.today();
  if (!plan) return false;
  const due = plan.waves.filter((w) => w.date < today);
  if (due.length === 0) return false;
  const actor = ctx.actor;
  const at = (day: string, hour: number) =>
    new Date(Date.parse(`${day}T00:00:00.000Z`) + hour * 3_600_000).toISOString();
  const steps = trainSteps(ctx.db, trainId);
  const gates = trainGates(ctx.db, trainId);
  const bake = gates.find((g) => g.kind === 'internal_bake');
  const internalDay = plan.waves[0]!.date;
  const bakeHours = bake?.bakeHours ?? 0;
  const gatePassed = at(internalDay, 11 + bakeHours);
  // A regression needs an ended train with a wave after the halted one, late enough for the fix to bake.
  const halted = plan.waves.find((w) => w.index === 2);
  const after = plan.waves.find((w) => w.index === 3);
  const haltAt = halted ? at(halted.date, 13) : '';
  const resumeAt = halted ? at(halted.date, 13 + 2 + bakeHours + 1) : '';
  const withRegression =
    regression && train.end < today && halted !== undefined && after !== undefined && at(after.date, 9) > resumeAt;

  for (const w of due)
    for (const s of steps.filter((x) => x.wave === w.index))
      writeStep(
        ctx.db,
        trainId,
        { key: s.key, state: 'released', reason: null, startedAt: at(w.date, 9), finishedAt: at(w.date, 11) },
        actor,
        at(w.date, 11),
      );
  for (const g of gates) {
    if (g.kind === 'internal_bake' && gatePassed > ctx.now().toISOString()) continue;
    const when = g.kind === 'internal_bake' ? gatePassed : at(internalDay, 8);
    writeGate(ctx.db, trainId, g.key, {
      state: 'passed',
      reason: null,
      evidenceUrl: null,
      updatedBy: actor,
      updatedAt: when,
    });
  }
  let summary = `Demo: recorded the rollout of ${train.version} as of ${formatDay(today, { weekday: true })}: ${plural(
    due.reduce((n, w) => n + steps.filter((s) => s.wave === w.index).length, 0),
    'deployment',
  )} released in waves ${due[0]!.index}–${due.at(-1)!.index}`;
  if (withRegression) {
    const reached = steps.filter((s) => s.wave <= 2).map((s) => s.key);
    const id = insertHalt(ctx.db, {
      trainId,
      ...DEMO_REGRESSION,
      haltedAt: haltAt,
      haltedBy: actor,
      haltedWave: 2,
      deployments: [...reached].sort(),
    });
    // The fix goes to the internal deployment, bakes, and the train resumes.
    const internal = steps.find((s) => s.wave === 0)!;
    const fixReleased = at(halted!.date, 15);
    writeStep(
      ctx.db,
      trainId,
      { key: internal.key, state: 'released', reason: null, startedAt: at(halted!.date, 14), finishedAt: fixReleased },
      actor,
      fixReleased,
    );
    if (bake)
      writeGate(ctx.db, trainId, bake.key, {
        state: 'passed',
        reason: null,
        evidenceUrl: null,
        updatedBy: actor,
        updatedAt: at(halted!.date, 15 + bakeHours),
      });
    writeResume(ctx.db, id, { resumedAt: resumeAt, resumedBy: actor, fixVersion: `${train.version}.1` });
    summary += `; ${DEMO_REGRESSION.reference} halted it in wave 2 and ${train.version}.1 fixed it`;
  }
  audit(ctx, trainId, 'demo.rollout', summary, undefined, { waves: due.map((w) => w.index) });
  return withRegression;
}
