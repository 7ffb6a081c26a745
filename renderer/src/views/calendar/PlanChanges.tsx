import { useState } from 'react';
import type { RolloutPlanView } from '../../../../shared/contract';
import type { Day } from '../../../../shared/days';
import { waveIsOpen } from '../../../../shared/manual-move';
import { formatInstant } from '../rollouts/rollout-format';
import { shortDay } from './calendar-format';
import { WaveChoiceForm, useRolloutMove } from './RolloutMoveDialog';
import { useMayCall } from '../../stores/session';

/** When and why the plan last changed, from its audit trail: a plan re-planned by a fleet change says so. */
export function PlanLastChange({ plan }: { plan: RolloutPlanView }) {
  const last = plan.lastChange;
  if (!last) return null;
  return (
    <p className="rollout-plan-change" data-testid="rollout-plan-change">
      Last changed {formatInstant(last.at)} by {last.actor}: {last.summary}
    </p>
  );
}

interface AddFormProps {
  plan: RolloutPlanView;
  deployment: RolloutPlanView['unplanned'][number];
  waves: RolloutPlanView['waves'];
  onDone: () => void;
}

function AddForm({ plan, deployment, waves, onDone }: AddFormProps) {
  const [wave, setWave] = useState(waves.at(-1)!.index);
  const move = useRolloutMove(plan.trainId, deployment.key, onDone);
  return (
    <WaveChoiceForm
      label={`Add ${deployment.key}`}
      name={`rollout-add-${deployment.key}`}
      move={move}
      waves={waves.map((w) => ({ wave: w.index, label: `Wave ${w.index} · ${shortDay(w.date)}` }))}
      wave={wave}
      onWave={setWave}
      submitLabel="Add to the wave"
      busyLabel="Adding…"
      onSubmit={() => void move.submit(wave)}
      onCancel={onDone}
    />
  );
}

/**
 * A started train keeps its plan, so a deployment added to the fleet since is not in it: listed
 * here, each may be added to a wave still to come (checked like a move, with a reason, undoable).
 */
export function UnplannedDeployments({ plan, today }: { plan: RolloutPlanView; today: Day }) {
  const mayMove = useMayCall('rollout.move');
  const [adding, setAdding] = useState<string | null>(null);
  if (plan.unplanned.length === 0) return null;
  const open = plan.waves.filter((w) => waveIsOpen(w, today));
  return (
    <section className="rollout-unplanned" aria-labelledby="rollout-unplanned-title" data-testid="rollout-unplanned">
      <h4 id="rollout-unplanned-title" className="rollout-wave-title">
        Not in this rollout
      </h4>
      <p className="rollout-plan-hint">
        {plan.started
          ? 'Added to the fleet after the train started, which keeps its plan.'
          : 'Not planned in this train.'}{' '}
        {open.length > 0
          ? 'Add one to a wave still to come, or leave it for the next train.'
          : 'No wave is left to add one to.'}
      </p>
      <ul className="rollout-deployments">
        {plan.unplanned.map((d) => (
          <li key={d.key} className="rollout-deployment">
            <div className="rollout-deployment-row">
              <p className="rollout-deployment-name">
                <span className="mono rollout-deployment-key">{d.key}</span>
                <span>{d.name}</span>
              </p>
              {open.length > 0 && adding !== d.key && (
                <button
                  type="button"
                  className="button button-ghost rollout-move-button"
                  aria-label={`Add ${d.key} to a wave…`}
                  disabled={!mayMove.allowed}
                  title={mayMove.reason ?? undefined}
                  onClick={() => setAdding(d.key)}
                >
                  Add to a wave…
                </button>
              )}
            </div>
            {adding === d.key && <AddForm plan={plan} deployment={d} waves={open} onDone={() => setAdding(null)} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
