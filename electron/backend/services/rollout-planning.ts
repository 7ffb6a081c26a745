import { type Day, daysBetween } from '../../../shared/days';
import type { Deployment } from '../../../shared/deployment';
import {
  type AccountLedger,
  DEFAULT_POLICY,
  ENGINE_VERSION,
  type OrderingDeployment,
  type RolloutPlan,
  type RolloutPolicy,
  planRollout,
  rolloutPolicySchema,
} from '../../../shared/ordering';
import type { MovablePlan } from '../../../shared/manual-move';
import type { StepState } from '../../../shared/rollout-steps';
import type { TrainView } from '../../../shared/train';
import { listDeployments } from '../repositories/deployments';
import { type StoredPlan, savePlan } from '../repositories/rollout-plans';
import { readSetting } from '../repositories/settings';
import { ensureGates, readGatePolicy } from '../repositories/tracking';
import type { ServiceContext } from './context';
import { ledgerBefore } from './fairness-ledger';

// The planning core of rollouts, shared by the rollout service and the plan sync: the fleet
// as the engine sees it, the history its accounts come from, and a fresh plan saved.

export function readPolicy(ctx: ServiceContext): RolloutPolicy {
  return readSetting(ctx.db, 'rollout_policy', rolloutPolicySchema, DEFAULT_POLICY);
}

/**
 * The active fleet as the engine sees it. `releaseDays` are the days the plan may
 * use: blocked ranges are expanded to the days of theirs among them (a year-long
 * range costs a train no more than its own release days).
 */
export function orderingFleet(
  deployments: readonly Deployment[],
  releaseDays: readonly Day[] = [],
): OrderingDeployment[] {
  return deployments
    .filter((d) => d.status === 'active')
    .map((d) => ({
      key: d.key,
      region: d.region,
      tier: d.tier,
      weight: d.weight,
      pairingGroup: d.pairingGroup,
      pinPolicy: d.pinPolicy,
      internal: d.internal,
      earlyOptOut: d.earlyOptOut,
      blockedDays: releaseDays.filter((day) => d.blockedDates.some((r) => r.from <= day && day <= r.to)),
    }));
}

/**
 * A plan as the manual-move rule reads it (`moveRefusal`, `wavesAfterMove`): each wave with its
 * deployments and their steps (none when absent), the fleet as the engine sees it on the plan's
 * days, and the policy.
 */
export function movablePlan(
  version: string,
  plan: Pick<StoredPlan, 'waves' | 'placements'>,
  fleet: readonly OrderingDeployment[],
  policy: RolloutPolicy,
  steps: ReadonlyMap<string, StepState> = new Map(),
): MovablePlan {
  return {
    version,
    waves: plan.waves.map((w) => ({
      index: w.index,
      date: w.date,
      deployments: plan.placements
        .filter((p) => p.wave === w.index)
        .map((p) => ({ key: p.key, step: steps.get(p.key) ?? null })),
    })),
    fleet,
    policy,
  };
}

/**
 * The accounts the plan of `train` reads: the kept accounts of the committed trains, advanced by
 * the stored plans of the other active trains that start before it (`ledgerBefore`).
 */
export function accountsBefore(
  ctx: ServiceContext,
  train: TrainView,
  policy: RolloutPolicy = readPolicy(ctx),
): AccountLedger {
  return ledgerBefore(ctx.db, policy, train.start);
}

/** The day the internal deployment takes the release (wave 0): the first day of internal validation. */
export function internalDayOf(train: TrainView): Day {
  return train.phases.find((p) => p.kind === 'validation')?.start ?? train.start;
}

/**
 * The plan the engine makes for `train` now, on its current release days with today's fleet,
 * policy and accounts (of the stored plans of the trains before it); nothing is saved.
 * Throws PlanRefused when no plan keeps the hard constraints.
 */
export function freshPlan(
  ctx: ServiceContext,
  train: TrainView,
  given: { deployments?: readonly Deployment[]; ledger?: AccountLedger } = {},
): { policy: RolloutPolicy; plan: RolloutPlan } {
  const policy = readPolicy(ctx);
  const plan = planRollout({
    fleet: orderingFleet(given.deployments ?? listDeployments(ctx.db), train.releaseDays),
    policy,
    internalDay: internalDayOf(train),
    releaseDays: train.releaseDays,
    ledger: given.ledger ?? accountsBefore(ctx, train, policy),
    daysBetween,
  });
  return { policy, plan };
}

/**
 * Plans `train` afresh on its current release days with today's policy and history, and saves the
 * plan (steps carried along, gates given) in the caller's transaction; the caller audits.
 * Throws PlanRefused when no plan keeps the hard constraints.
 */
export function saveFreshPlan(
  ctx: ServiceContext,
  train: TrainView,
  existing: StoredPlan | undefined,
  at: string,
): RolloutPlan {
  const { policy, plan } = freshPlan(ctx, train);
  savePlan(
    ctx.db,
    {
      trainId: train.id,
      engineVersion: ENGINE_VERSION,
      policyJson: JSON.stringify(policy),
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
      waves: plan.waves.map((w) => ({ index: w.index, date: w.date })),
      placements: plan.placements.map((p) => ({ ...p, manual: false })),
    },
    ctx.actor,
  );
  ensureGates(ctx.db, train.id, readGatePolicy(ctx.db).gates, ctx.actor, at);
  return plan;
}
