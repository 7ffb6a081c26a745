import type { Day } from '../../../shared/days';
import { DomainError } from '../../../shared/errors';
import { moveRefusal } from '../../../shared/manual-move';
import type { Deployment } from '../../../shared/deployment';
import { type AccountLedger, ENGINE_VERSION, PlanRefused, advanceLedger } from '../../../shared/ordering';
import type { TrainView } from '../../../shared/train';
import { listDeployments } from '../repositories/deployments';
import {
  type StoredPlacement,
  type StoredPlan,
  findPlan,
  savePlan,
  updatePlanRows,
} from '../repositories/rollout-plans';
import { pastPlans } from '../repositories/fairness-accounts';
import { anyStepStarted } from '../repositories/tracking';
import { listTrains } from '../repositories/trains';
import { type ServiceContext, audit } from './context';
import { clause, list, wavesOf } from './plan-sync';
import { accountsBefore, freshPlan, movablePlan, orderingFleet } from './rollout-planning';
import { views } from './train-views';

// Stored plans follow their inputs until the train starts. The engine's inputs are the active
// fleet (who, with which tier, weight, pairing, pin and opt-out), the policy, and the history
// of the trains before (their plans and the regressions that reached their deployments). Every
// change to one of them calls `refreshUnstartedPlans` in its own transaction, and each train
// that has not started (it starts after today and no step has left pending) and has a plan is
// planned again, in start order, so that each one's history holds the earlier ones' new plans:
//
// - the manual moves of the old plan are made again on the new one when they still keep every
//   rule (`moveRefusal`, the rule `rollout.move` applies), and dropped, with the rule they break
//   named, when they do not;
// - a plan whose waves and placements come out the same is not touched, but for explanations
//   ("fewest early slots: …") that moved with the history, which are brought up to date quietly;
// - a plan that changed is saved and audited (`rollout.replan`), the cause first.
//
// A started train keeps its plan; the plan view lists the active deployments it lacks, which a
// lead may add to a wave still to come (`rollout.move`).

/** A change to the inputs of the plans, worded for their audit events and for a refusal. */
export interface PlanInputChange {
  /** The change as the subject of a refusal: "Adding us-east-9 to the fleet". */
  change: string;
  /** Why the plans changed, after "Re-planned the rollout of 2027.05: " ("us-east-9 was added to the fleet"). */
  because: string;
  /** Only the trains that start after this day (those whose history holds a changed train); every unstarted one when absent. */
  after?: Day;
  /**
   * When the engine cannot plan a train any more: refuse the change (the default), or keep that
   * train's plan as it was, with an audit event saying it needs a look (a halt must never be refused).
   */
  whenUnplannable?: 'refuse' | 'keep';
}

const samePlacements = (a: readonly StoredPlacement[], b: readonly StoredPlacement[]): boolean => {
  const key = (p: StoredPlacement) => `${p.key}:${p.wave}:${p.manual ? 1 : 0}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((k, i) => k === right[i]);
};

const sameWaveNumbers = (a: StoredPlan['waves'], b: StoredPlan['waves']): boolean =>
  a.length === b.length && a.every((w, i) => w.index === b[i]!.index);

const sameWaves = (a: StoredPlan['waves'], b: StoredPlan['waves']): boolean =>
  a.length === b.length && a.every((w, i) => w.index === b[i]!.index && w.date === b[i]!.date);

interface Remade {
  placements: StoredPlacement[];
  kept: string[];
  dropped: { key: string; why: string }[];
}

/** The engine's new placements with the old plan's manual moves made again where they still keep every rule. */
function remakeManualMoves(
  ctx: ServiceContext,
  train: TrainView,
  old: StoredPlan,
  fresh: ReturnType<typeof freshPlan>,
  deployments: readonly Deployment[],
): Remade {
  let placements: StoredPlacement[] = fresh.plan.placements.map((p) => ({ ...p, manual: false }));
  const waves = fresh.plan.waves.map((w) => ({ index: w.index, date: w.date }));
  const fleet = orderingFleet(
    deployments,
    waves.map((w) => w.date),
  );
  const activeKeys = new Set(fleet.map((d) => d.key));
  const kept: string[] = [];
  const dropped: { key: string; why: string }[] = [];
  for (const move of old.placements.filter((p) => p.manual)) {
    const now = placements.find((p) => p.key === move.key);
    if (!now || !activeKeys.has(move.key)) {
      dropped.push({ key: move.key, why: `${move.key} is no longer in the active fleet` });
      continue;
    }
    if (!waves.some((w) => w.index === move.wave)) {
      dropped.push({ key: move.key, why: `the plan has no wave ${move.wave} now` });
      continue;
    }
    const refusal =
      now.wave === move.wave
        ? null
        : moveRefusal(
            movablePlan(train.version, { waves, placements }, fleet, fresh.policy),
            move.key,
            move.wave,
            ctx.today(),
          );
    if (refusal) {
      dropped.push({ key: move.key, why: clause(refusal.reason) });
      continue;
    }
    placements = placements.map((p) => (p.key === move.key ? { ...move } : p));
    kept.push(move.key);
  }
  return { placements, kept, dropped };
}

/** What became of the manual moves, for the end of an audit summary. */
function movesWords({ kept, dropped }: Remade): string {
  const parts: string[] = [];
  if (kept.length > 0)
    parts.push(
      `the manual move${kept.length === 1 ? ' of ' + list(kept) + ' still holds' : 's of ' + list(kept) + ' still hold'}`,
    );
  for (const d of dropped) parts.push(`the manual move of ${d.key} is undone: ${d.why}`);
  return parts.length > 0 ? `; ${parts.join('; ')}` : '';
}

/**
 * Plans again every train that has not started and has a stored plan (see the rules above), in
 * the caller's transaction. Returns the versions whose plan changed.
 */
export function refreshUnstartedPlans(ctx: ServiceContext, change: PlanInputChange): string[] {
  const today = ctx.today();
  const after = change.after;
  const trains = views(
    ctx,
    listTrains(ctx.db).filter(
      (t) => t.state === 'active' && t.start > today && (after === undefined || t.start > after),
    ),
  );
  const at = ctx.now().toISOString();
  // Read once: the fleet does not change while the plans follow it. The accounts are read for
  // the first train (the kept ones, advanced to it), then advanced by each train's plan as it is
  // saved: each plan is read once, not once per later train.
  const deployments = listDeployments(ctx.db);
  let ledger: AccountLedger | undefined;
  const changed: string[] = [];
  for (const train of trains) {
    const old = findPlan(ctx.db, train.id);
    if (!old) continue;
    const accounts = (ledger ??= accountsBefore(ctx, train));
    const counted = (): void => {
      const [plan] = pastPlans(ctx.db, [train.id]);
      if (plan) advanceLedger(accounts, plan);
    };
    if (anyStepStarted(ctx.db, train.id)) {
      counted();
      continue;
    }
    let fresh;
    try {
      fresh = freshPlan(ctx, train, { deployments, ledger: accounts });
    } catch (err) {
      if (!(err instanceof PlanRefused)) throw err;
      if (change.whenUnplannable === 'keep') {
        audit(ctx, {
          at,
          action: 'rollout.stale',
          entityType: 'train',
          entityKey: String(train.id),
          summary: `Kept the rollout plan of ${train.version} as it was although ${change.because}: it cannot be planned again (${clause(err.message)}); look at it before it starts`,
          before: undefined,
          after: undefined,
        });
        counted();
        continue;
      }
      throw new DomainError(
        'rule_violation',
        `${change.change} is refused: the rollout of ${train.version}, which has not started, would have to be planned again and cannot be: ${clause(err.message)}.`,
      );
    }
    const remade = remakeManualMoves(ctx, train, old, fresh, deployments);
    const waves = fresh.plan.waves.map((w) => ({ index: w.index, date: w.date }));
    const moved = !sameWaves(old.waves, waves) || !samePlacements(old.placements, remade.placements);
    const policyJson = JSON.stringify(fresh.policy);
    const next: StoredPlan = {
      trainId: train.id,
      engineVersion: ENGINE_VERSION,
      policyJson,
      createdAt: old.createdAt,
      updatedAt: moved ? at : old.updatedAt,
      waves,
      placements: remade.placements,
    };
    // The same waves: only the rows that differ are written (explanations whose figures moved
    // included); a plan of another shape is written whole.
    if (sameWaveNumbers(old.waves, waves)) updatePlanRows(ctx.db, old, next, ctx.actor);
    else savePlan(ctx.db, next, ctx.actor);
    counted();
    if (!moved) continue;
    changed.push(train.version);
    audit(ctx, {
      at,
      action: 'rollout.replan',
      entityType: 'train',
      entityKey: String(train.id),
      summary: `Re-planned the rollout of ${train.version}: ${change.because}${movesWords(remade)} (engine ${ENGINE_VERSION})`,
      before: { waves: wavesOf(old) },
      after: { waves: wavesOf(next) },
    });
  }
  return changed;
}
