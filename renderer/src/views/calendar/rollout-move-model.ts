import type { PlannedDeployment, RolloutPlanView } from '../../../../shared/contract';
import type { Day } from '../../../../shared/days';
import { moveRefusal, waveIsOpen } from '../../../../shared/manual-move';

// Which waves accept a deployment dragged out of its wave: the same rule `rollout.move`
// applies (shared/manual-move.ts), on the same facts (`plan.fleet`, `plan.policy`), so a drop
// the UI offers is one the server takes.

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

/** Whether a deployment may be picked up at all: in a wave still to come, its step not started. */
export function canMove(wave: Pick<PlanWave, 'index' | 'date'>, deployment: PlannedDeployment, today: Day): boolean {
  return waveIsOpen(wave, today) && (deployment.step === null || deployment.step === 'pending');
}

/** The wave that holds `key`, or null when it is not in the plan. */
export function waveOf(plan: RolloutPlanView, key: string): PlanWave | null {
  return plan.waves.find((w) => w.deployments.some((d) => d.key === key)) ?? null;
}

/** For every customer wave (1…k, never the internal wave 0): may `key` be dropped there? */
export function dropVerdicts(plan: RolloutPlanView, key: string, today: Day): DropVerdict[] {
  const from = waveOf(plan, key);
  return plan.waves
    .filter((w) => w.index > 0)
    .map((w): DropVerdict => {
      if (w.index === from?.index) return { wave: w.index, kind: 'current' };
      if (!from) {
        const sentence = `${key} is not in the plan of ${plan.version}.`;
        return { wave: w.index, kind: 'refused', reason: sentence, message: sentence };
      }
      const refusal = moveRefusal(plan, key, w.index, today);
      return refusal ? { wave: w.index, kind: 'refused', ...refusal } : { wave: w.index, kind: 'allowed' };
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
