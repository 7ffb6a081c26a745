import type { Day } from './days';
import { type OrderingDeployment, type RolloutPolicy, planViolations } from './ordering';
import type { StepState } from './rollout-steps';

// May a lead move one deployment of a stored rollout plan to another customer wave by hand?
// One rule, in one place: `rollout.move` refuses with it, and the drag-and-drop preview asks
// it for every wave before the person lets go, so a drop the app offers is one it takes.

export interface MovablePlan {
  version: string;
  /** Every wave of the plan, in order, with its deployments as stored (by wave, then key). */
  waves: readonly { index: number; date: Day; deployments: readonly { key: string; step: StepState | null }[] }[];
  /** The active fleet as the engine sees it on the plan's days (`orderingFleet`). */
  fleet: readonly OrderingDeployment[];
  policy: RolloutPolicy;
}

/** Why a move is refused: `reason` is the short form beside a wave, `message` the full sentence. */
export interface MoveRefusal {
  reason: string;
  message: string;
}

/** Only waves still to come can change: today's and past waves, and the internal wave 0, are done. */
export function waveIsOpen(wave: { index: number; date: Day }, today: Day): boolean {
  return wave.index > 0 && wave.date > today;
}

/**
 * The plan's waves as `planViolations` reads them after `key` moves to wave `to`: the moved
 * deployment keeps its place in the list order, ahead of the new wave's deployments when it
 * moves later and after them when it moves earlier, so a pairing refusal names the two the
 * same way wherever it is asked.
 */
export function wavesAfterMove(
  plan: Pick<MovablePlan, 'waves'>,
  key: string,
  to: number,
): { date: Day; keys: string[] }[] {
  const from = plan.waves.find((w) => w.deployments.some((d) => d.key === key))?.index ?? 0;
  return plan.waves.map((w) => {
    const keys = w.deployments.map((d) => d.key).filter((k) => k !== key);
    if (w.index !== to) return { date: w.date, keys };
    return { date: w.date, keys: from < to ? [key, ...keys] : [...keys, key] };
  });
}

/**
 * Why moving `key` (which is in the plan) to customer wave `to` (another wave of it) is refused,
 * or null when it may move. Checked in order: the internal deployment never moves; a step
 * that has started stays; both waves must be still to come; then every hard constraint of
 * the plan after the move, the moved deployment's own rule first, then the wave's size.
 */
export function moveRefusal(plan: MovablePlan, key: string, to: number, today: Day): MoveRefusal | null {
  const from = plan.waves.find((w) => w.deployments.some((d) => d.key === key))!;
  const target = plan.waves.find((w) => w.index === to)!;
  const same = (sentence: string): MoveRefusal => ({ reason: sentence, message: sentence });
  if (from.index === 0) return same(`${key} is the internal deployment: it always goes first, in wave 0.`);
  const step = from.deployments.find((d) => d.key === key)?.step;
  if (step && step !== 'pending')
    return {
      reason: `${key} is ${step.replace('_', ' ')}; only a deployment whose step has not started can move.`,
      message: `${key} is ${step.replace('_', ' ')} in wave ${from.index} of ${plan.version}; only a deployment whose step has not started can move.`,
    };
  const done = [from, target].find((w) => !waveIsOpen(w, today));
  if (done)
    return {
      reason: `Wave ${done.index} is today or past; only waves still to come can change.`,
      message: `Wave ${done.index} of ${plan.version} is today or past; only waves still to come can change.`,
    };
  const violations = planViolations(wavesAfterMove(plan, key, to), plan.fleet, plan.policy);
  if (violations.length === 0) return null;
  const first = violations.find((v) => v.startsWith(`${key} `)) ?? violations[0]!;
  return { reason: first, message: `Moving ${key} to wave ${to} is refused: ${first}` };
}
