import type { PlannedDeployment, RolloutPlanView } from '../../../../shared/contract';
import type { Day } from '../../../../shared/days';
import { planViolations } from '../../../../shared/ordering';

// Which waves accept a deployment dragged out of its wave, decided in the renderer with the
// same pure check (`planViolations`) and the same facts (`plan.fleet`, `plan.policy`) that
// `rollout.move` applies, so a drop the UI offers is one the server takes.

type PlanWave = RolloutPlanView['waves'][number];

/** What dropping the dragged deployment on one customer wave would do. */
export type DropVerdict =
  | { wave: number; kind: 'current' }
  | { wave: number; kind: 'allowed' }
  /**
   * `reason`: the first rule the move would break, in one sentence (a wave's tooltip);
   * `message`: the refusal as the server words it.
   */
  | { wave: number; kind: 'refused'; reason: string; message: string };

/** Only waves still to come can change (the server's rule): today's and past waves are done. */
export function waveIsOpen(wave: Pick<PlanWave, 'index' | 'date'>, today: Day): boolean {
  return wave.index > 0 && wave.date > today;
}

/** Whether a deployment may be picked up at all: in a wave still to come, its step not started. */
export function canMove(wave: Pick<PlanWave, 'index' | 'date'>, deployment: PlannedDeployment, today: Day): boolean {
  return waveIsOpen(wave, today) && (deployment.step === null || deployment.step === 'pending');
}

/** The wave that holds `key`, or null when it is not in the plan. */
export function waveOf(plan: RolloutPlanView, key: string): PlanWave | null {
  return plan.waves.find((w) => w.deployments.some((d) => d.key === key)) ?? null;
}

/**
 * The plan's waves as `planViolations` reads them after `key` moves to wave `to`. The server
 * lists placements by wave, then key, and keeps the moved one where it was: ahead of the new
 * wave's deployments when it moves later, after them when it moves earlier. The same order
 * here makes a pairing refusal name the two deployments the way the server does.
 */
export function wavesAfterMove(plan: RolloutPlanView, key: string, to: number): { date: Day; keys: string[] }[] {
  const from = waveOf(plan, key)?.index ?? 0;
  return plan.waves.map((w) => {
    const keys = w.deployments.map((d) => d.key).filter((k) => k !== key);
    if (w.index !== to) return { date: w.date, keys };
    return { date: w.date, keys: from < to ? [key, ...keys] : [...keys, key] };
  });
}

/**
 * For every customer wave (1…k, never the internal wave 0): may `key` be dropped there? The
 * deployment's own rule is named first (pinned late, eligibility, pairing, blocked day), then
 * the wave's size, as the server words its refusal.
 */
export function dropVerdicts(plan: RolloutPlanView, key: string, today: Day): DropVerdict[] {
  const from = waveOf(plan, key);
  const refused = (wave: number, reason: string, message = reason): DropVerdict => ({
    wave,
    kind: 'refused',
    reason,
    message,
  });
  return plan.waves
    .filter((w) => w.index > 0)
    .map((w): DropVerdict => {
      if (w.index === from?.index) return { wave: w.index, kind: 'current' };
      if (!from) return refused(w.index, `${key} is not in the plan of ${plan.version}.`);
      if (from.index === 0)
        return refused(w.index, `${key} is the internal deployment: it always goes first, in wave 0.`);
      const step = from.deployments.find((d) => d.key === key)?.step;
      if (step && step !== 'pending')
        return refused(
          w.index,
          `${key} is ${step.replace('_', ' ')}; only a deployment whose step has not started can move.`,
          `${key} is ${step.replace('_', ' ')} in wave ${from.index} of ${plan.version}; only a deployment whose step has not started can move.`,
        );
      const done = [from, w].find((x) => !waveIsOpen(x, today));
      if (done)
        return refused(
          w.index,
          `Wave ${done.index} is today or past; only waves still to come can change.`,
          `Wave ${done.index} of ${plan.version} is today or past; only waves still to come can change.`,
        );
      const violations = planViolations(wavesAfterMove(plan, key, w.index), plan.fleet, plan.policy);
      if (violations.length === 0) return { wave: w.index, kind: 'allowed' };
      const first = violations.find((v) => v.startsWith(`${key} `)) ?? violations[0]!;
      return refused(w.index, first, `Moving ${key} to wave ${w.index} is refused: ${first}`);
    });
}

/** "Move eu-west-2 from wave 3 to wave 1": the drop dialog's title. */
export function moveTitle(key: string, from: number, to: number): string {
  return `Move ${key} from wave ${from} to wave ${to}`;
}

/**
 * The wave a keyboard drag goes to with an arrow key: the next target below (`1`) or above
 * (`-1`) the one it is over, or null at either end. `targets` are the drop targets' wave numbers.
 */
export function adjacentWave(targets: readonly number[], over: number, direction: 1 | -1): number | null {
  const sorted = [...targets].sort((a, b) => a - b);
  const next = direction === 1 ? sorted.find((w) => w > over) : sorted.findLast((w) => w < over);
  return next ?? null;
}
