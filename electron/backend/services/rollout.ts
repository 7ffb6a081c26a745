import type { FairnessReport, ParsedInput, RolloutPlanView } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import { fairness } from '../../../shared/fairness';
import { moveRefusal, waveIsOpen, wavesAfterMove } from '../../../shared/manual-move';
import {
  ENGINE_VERSION,
  type PastPlan,
  PlanRefused,
  type RolloutPolicy,
  lateOnlyReason,
  planViolations,
  rolloutPolicySchema,
} from '../../../shared/ordering';
import type { StepState } from '../../../shared/rollout-steps';
import { simulationTooLarge } from '../../../shared/simulate';
import type { TrainView } from '../../../shared/train';
import { latestEventOf } from '../repositories/audit-trail';
import { listDeployments } from '../repositories/deployments';
import { latestChange } from '../repositories/audit';
import { type StoredPlan, customerWaves, findPlan, planRevision, savePlan } from '../repositories/rollout-plans';
import { settingsRevision, writeSetting } from '../repositories/settings';
import { anyStepStarted, regressionsByTrain, trainSteps } from '../repositories/tracking';
import { listTrains } from '../repositories/trains';
import type { SimulationJob } from '../workers/simulate-protocol';
import { type ServiceContext, audit } from './context';
import { refreshUnstartedPlans } from './plan-refresh';
import { movablePlan, orderingFleet, readPolicy, saveFreshPlan } from './rollout-planning';
import { checkRevision, lastChangeOf } from './revisions';
import { POLICY_SETTING, viewOf } from './train-views';

export function updatePolicy(ctx: ServiceContext, policy: RolloutPolicy, expectedRevision?: number): RolloutPolicy {
  checkRevision(ctx, expectedRevision, settingsRevision(ctx.db, [POLICY_SETTING]), {
    subject: 'The rollout policy',
    verb: 'was',
    pronoun: 'it',
    again: 'save your changes',
    lastChange: () => lastChangeOf(latestChange(ctx.db, 'settings', [POLICY_SETTING], ['policy.update'])),
  });
  const before = readPolicy(ctx);
  writeSetting(ctx.db, POLICY_SETTING, policy);
  audit(ctx, {
    action: 'policy.update',
    entityType: 'settings',
    entityKey: 'rollout_policy',
    summary: 'Changed the rollout policy',
    before,
    after: policy,
  });
  refreshUnstartedPlans(ctx, { change: 'The new rollout policy', because: 'the rollout policy changed' });
  return policy;
}

/** The audit actions that change a stored plan: its last change is the newest of them. */
const PLAN_CHANGES = [
  'rollout.plan',
  'rollout.replan',
  'rollout.redate',
  'rollout.move',
  'rollout.add',
  'rollout.stale',
];

function view(ctx: ServiceContext, train: TrainView): RolloutPlanView | null {
  const plan = findPlan(ctx.db, train.id);
  if (!plan) return null;
  const deployments = listDeployments(ctx.db);
  const planned = new Set(plan.placements.map((p) => p.key));
  const last = latestEventOf(ctx.db, PLAN_CHANGES, train.id);
  const byKey = new Map(deployments.map((d) => [d.key, d]));
  const steps = new Map(trainSteps(ctx.db, train.id).map((s) => [s.key, s.state]));
  return {
    trainId: train.id,
    version: train.version,
    engineVersion: plan.engineVersion,
    policy: rolloutPolicySchema.parse(JSON.parse(plan.policyJson)),
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
    revision: planRevision(ctx.db, train.id) ?? 0,
    started: train.start <= ctx.today() || anyStepStarted(ctx.db, train.id),
    waves: plan.waves.map((w) => ({
      index: w.index,
      date: w.date,
      deployments: plan.placements
        .filter((p) => p.wave === w.index)
        .map((p) => {
          const d = byKey.get(p.key)!;
          return {
            key: p.key,
            name: d.name,
            region: d.region,
            timeZone: d.timeZone,
            reason: p.reason,
            manual: p.manual,
            step: steps.get(p.key) ?? null,
          };
        }),
    })),
    // The same facts moveInPlan checks, so the UI can tell which waves accept a deployment before it asks.
    fleet: orderingFleet(
      deployments,
      plan.waves.map((w) => w.date),
    ),
    lastChange: last ? { at: last.at, actor: last.actor, summary: last.summary } : null,
    // Only while a wave is still to come: a finished rollout has nowhere to add one.
    unplanned: plan.waves.some((w) => waveIsOpen(w, ctx.today()))
      ? deployments
          .filter((d) => d.status === 'active' && !d.internal && !planned.has(d.key))
          .map((d) => ({ key: d.key, name: d.name }))
      : [],
  };
}

export function getRolloutPlan(ctx: ServiceContext, trainId: number): RolloutPlanView | null {
  return view(ctx, viewOf(ctx, trainId));
}

/** Plans (or re-plans) a train that has not started; a started train keeps its plan. */
export function planTrainRollout(ctx: ServiceContext, trainId: number): RolloutPlanView {
  const train = viewOf(ctx, trainId);
  if (train.state !== 'active')
    throw new DomainError('rule_violation', `${train.version} is ${train.state}; it has no rollout.`);
  const existing = findPlan(ctx.db, trainId);
  if (existing && (train.start <= ctx.today() || anyStepStarted(ctx.db, trainId))) {
    throw new DomainError(
      'rule_violation',
      `${train.version} has started; it keeps its plan (move deployments by hand instead).`,
    );
  }
  const at = ctx.now().toISOString();
  let plan;
  try {
    plan = saveFreshPlan(ctx, train, existing, at);
  } catch (err) {
    if (err instanceof PlanRefused)
      throw new DomainError('rule_violation', `${train.version} cannot be planned: ${err.message}`);
    throw err;
  }
  audit(ctx, {
    at,
    action: existing ? 'rollout.replan' : 'rollout.plan',
    entityType: 'train',
    entityKey: String(trainId),
    summary: `${existing ? 'Re-planned' : 'Planned'} the rollout of ${train.version}: ${plan.waves.length - 1} customer waves (engine ${ENGINE_VERSION})`,
    before: existing ? { waves: existing.waves.length } : undefined,
    after: { waves: plan.waves.map((w) => w.keys) },
  });
  refreshUnstartedPlans(ctx, {
    change: `Planning ${train.version}`,
    because: `the plan of ${train.version}, which comes before it, changed`,
    after: train.start,
  });
  return view(ctx, train)!;
}

/** A stored plan as a lead's move checks it: with today's fleet on its days and the policy it was made with. */
function storedMovable(
  ctx: ServiceContext,
  train: TrainView,
  plan: StoredPlan,
  steps?: ReadonlyMap<string, StepState>,
) {
  return movablePlan(
    train.version,
    plan,
    orderingFleet(
      listDeployments(ctx.db),
      plan.waves.map((w) => w.date),
    ),
    rolloutPolicySchema.parse(JSON.parse(plan.policyJson)),
    steps,
  );
}

/** A lead's manual move: checked against every hard constraint, with a reason, audited, and counted in history like any placement. */
export function moveInPlan(
  ctx: ServiceContext,
  trainId: number,
  key: string,
  wave: number,
  reason: string,
  expectedRevision?: number,
): RolloutPlanView {
  const train = viewOf(ctx, trainId);
  const plan = findPlan(ctx.db, trainId);
  if (!plan)
    throw new DomainError('not_found', `${train.version} has no rollout plan yet; plan its rollout first.`, undefined, {
      kind: 'plan_rollout',
      version: train.version,
    });
  checkRevision(ctx, expectedRevision, planRevision(ctx.db, trainId)!, {
    subject: `The rollout plan of ${train.version}`,
    verb: 'was',
    pronoun: 'it',
    again: 'move the deployment',
    lastChange: () => lastChangeOf(latestEventOf(ctx.db, PLAN_CHANGES, trainId)),
  });
  const placement = plan.placements.find((p) => p.key === key);
  if (!placement) return addToPlan(ctx, train, plan, key, wave, reason);
  if (!plan.waves.some((w) => w.index === wave)) {
    throw new DomainError(
      'invalid_input',
      `${train.version} has waves 1–${plan.waves.length - 1}; there is no wave ${wave}.`,
      [{ field: 'wave', message: `Choose a wave from 1 to ${plan.waves.length - 1}.` }],
    );
  }
  if (placement.wave === wave) return view(ctx, train)!;
  const steps = new Map(trainSteps(ctx.db, trainId).map((s) => [s.key, s.state]));
  const refusal = moveRefusal(storedMovable(ctx, train, plan, steps), key, wave, ctx.today());
  if (refusal) throw new DomainError('rule_violation', refusal.message);
  const moved = plan.placements.map((p) => (p.key === key ? { ...p, wave } : p));
  const at = ctx.now().toISOString();
  savePlan(
    ctx.db,
    {
      ...plan,
      updatedAt: at,
      placements: moved.map((p) =>
        p.key === key ? { ...p, manual: true, reason: `moved by hand from wave ${placement.wave}: ${reason}` } : p,
      ),
    },
    ctx.actor,
  );
  return handEdited(ctx, train, {
    at,
    action: 'rollout.move',
    summary: `Moved ${key} from wave ${placement.wave} to wave ${wave} of ${train.version}: ${reason}`,
    // The placement's own reason and flag too, so that undo can put it back exactly.
    before: { key, wave: placement.wave, reason: placement.reason, manual: placement.manual },
    after: { key, wave, reason },
    change: `Moving ${key} in ${train.version}`,
    because: `${key} was moved by hand in ${train.version}, which comes before it`,
  });
}

/** A lead's edit of a plan, saved: audited, then the plans of the trains after it follow; the plan's new view. */
function handEdited(
  ctx: ServiceContext,
  train: TrainView,
  edit: {
    at: string;
    action: string;
    summary: string;
    before: unknown;
    after: unknown;
    change: string;
    because: string;
  },
): RolloutPlanView {
  const { change, because, ...event } = edit;
  audit(ctx, { ...event, entityType: 'train', entityKey: String(train.id) });
  refreshUnstartedPlans(ctx, { change, because, after: train.start });
  return view(ctx, train)!;
}

/**
 * A deployment the plan lacks (added to the fleet after the train started) joins a wave still to
 * come: checked against every hard constraint like a move, with a reason, audited, undoable.
 */
function addToPlan(
  ctx: ServiceContext,
  train: TrainView,
  plan: StoredPlan,
  key: string,
  wave: number,
  reason: string,
): RolloutPlanView {
  const deployment = listDeployments(ctx.db).find((d) => d.key === key);
  if (!deployment)
    throw new DomainError('not_found', `No deployment has the key ${key}.`, undefined, { kind: 'list_deployments' });
  if (deployment.status !== 'active' || deployment.internal) {
    throw new DomainError(
      'rule_violation',
      `${key} is ${deployment.internal ? 'the internal deployment, which is wave 0 of every plan' : 'retired'}; it cannot be added to the plan of ${train.version}.`,
    );
  }
  const target = plan.waves.find((w) => w.index === wave);
  if (!target || wave === 0) {
    throw new DomainError(
      'invalid_input',
      `${train.version} has waves 1–${plan.waves.length - 1}; there is no wave ${wave}.`,
      [{ field: 'wave', message: `Choose a wave from 1 to ${plan.waves.length - 1}.` }],
    );
  }
  if (!waveIsOpen(target, ctx.today()))
    throw new DomainError(
      'rule_violation',
      `Wave ${wave} of ${train.version} is today or past; add ${key} to a wave still to come.`,
    );
  const movable = storedMovable(ctx, train, plan);
  const violations = planViolations(wavesAfterMove(movable, key, wave), movable.fleet, movable.policy);
  const own = violations.find((v) => v.startsWith(`${key} `)) ?? violations[0];
  if (own !== undefined) throw new DomainError('rule_violation', `Adding ${key} to wave ${wave} is refused: ${own}`);
  const at = ctx.now().toISOString();
  savePlan(
    ctx.db,
    {
      ...plan,
      updatedAt: at,
      placements: [...plan.placements, { key, wave, reason: `added by hand to wave ${wave}: ${reason}`, manual: true }],
    },
    ctx.actor,
  );
  return handEdited(ctx, train, {
    at,
    action: 'rollout.add',
    summary: `Added ${key} to wave ${wave} of ${train.version}: ${reason}`,
    before: { key, wave: null },
    after: { key, wave, reason },
    change: `Adding ${key} to ${train.version}`,
    because: `${key} was added by hand to ${train.version}, which comes before it`,
  });
}

export function fairnessReport(ctx: ServiceContext, last?: number): FairnessReport {
  const policy = readPolicy(ctx);
  const k = last ?? policy.historyWindow;
  const trains = listTrains(ctx.db).filter((t) => t.state === 'active');
  const waves = customerWaves(
    ctx.db,
    trains.map((t) => t.id),
  );
  const everPlanned = trains.filter((t) => waves.has(t.id));
  const regressions = regressionsByTrain(
    ctx.db,
    everPlanned.map((t) => t.id),
  );
  const allPlans: PastPlan[] = everPlanned.map((t) => ({
    waves: waves.get(t.id)!,
    regressions: regressions.get(t.id)!,
  }));
  const planned = everPlanned.slice(-k);
  const plans = allPlans.slice(-k);
  const deployments = listDeployments(ctx.db).filter((d) => d.status === 'active' && !d.internal);
  // Metrics count the deployments that may go early; the heatmap shows everyone.
  const mayGoEarly = orderingFleet(deployments)
    .filter((d) => lateOnlyReason(d, policy) === null)
    .map((d) => d.key);
  return {
    trains: planned.map((t) => ({ id: t.id, version: t.version, start: t.start })),
    metrics: fairness(plans, mayGoEarly),
    allTime: fairness(allPlans, mayGoEarly),
    heatmap: deployments.map((d) => ({
      key: d.key,
      name: d.name,
      waves: plans.map((p) => {
        const i = p.waves.findIndex((w) => w.includes(d.key));
        return i < 0 ? null : i + 1;
      }),
    })),
  };
}

/**
 * What a simulation needs from the database (the policy, the real fleet when asked), read in the
 * call's transaction; the simulation itself runs after it, off the request thread.
 */
export function prepareSimulation(ctx: ServiceContext, req: ParsedInput<'simulate.run'>): SimulationJob {
  const policy = req.policy ?? readPolicy(ctx);
  const fleet = req.useFleet ? orderingFleet(listDeployments(ctx.db)) : undefined;
  const tooLarge = fleet ? simulationTooLarge(fleet.length, req.trains) : null;
  if (tooLarge) throw new DomainError('invalid_input', tooLarge, [{ field: 'trains', message: tooLarge }]);
  return {
    request: {
      deployments: fleet?.length ?? req.deployments,
      trains: req.trains,
      seed: req.seed,
      regressionRate: req.regressionRate,
      constraints: req.constraints,
    },
    policy,
    ...(fleet ? { fleet } : {}),
  };
}
