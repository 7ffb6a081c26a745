import { useEffect, useRef, useState } from 'react';
import type { PlannedDeployment, RolloutPlanView } from '../../../../shared/contract';
import type { TrainView } from '../../../../shared/train';
import { call } from '../../api/client';
import { Badge } from '../../components/Badge';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useCalendarStore } from '../../stores/calendar';
import { toast } from '../../stores/toasts';
import { type ActionProblem, problemOf, unplacedMessage } from './action-errors';
import { plural, shortDay } from './calendar-format';
import './rollout-plan.css';

type Wave = RolloutPlanView['waves'][number];

function waveTitle(wave: Wave): string {
  const what = wave.index === 0 ? 'Internal' : plural(wave.deployments.length, 'deployment');
  return `Wave ${wave.index} · ${shortDay(wave.date)} · ${what}`;
}

interface MoveFormProps {
  trainId: number;
  deployment: PlannedDeployment;
  currentWave: number;
  lastWave: number;
  onMoved: (plan: RolloutPlanView) => void;
  onCancel: () => void;
}

function MoveForm({ trainId, deployment, currentWave, lastWave, onMoved, onCancel }: MoveFormProps) {
  const [wave, setWave] = useState(currentWave);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<ActionProblem | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit() {
    const fields: Record<string, string> = {};
    if (wave === currentWave) fields.wave = `${deployment.key} is already in wave ${wave}; pick another wave.`;
    if (!reason.trim()) fields.reason = 'Give a reason for the move.';
    if (Object.keys(fields).length > 0) {
      setProblem({ message: Object.values(fields).join(' '), fields });
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      const plan = await call('rollout.move', { trainId, key: deployment.key, wave, reason: reason.trim() });
      toast(`Moved ${deployment.key} to wave ${wave}`);
      onMoved(plan);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setSaving(false);
    }
  }

  const formMessage = unplacedMessage(problem, ['reason', 'wave']);
  const name = `rollout-move-${deployment.key}`;
  return (
    <form
      className="rollout-move-form"
      aria-label={`Move ${deployment.key}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {formMessage && <FormAlert message={formMessage} />}
      <Field name={`${name}-wave`} label="Wave" error={problem?.fields.wave}>
        {(control) => (
          <select {...control} className="input select" value={wave} onChange={(e) => setWave(Number(e.target.value))}>
            {Array.from({ length: lastWave }, (_, i) => i + 1).map((w) => (
              <option key={w} value={w}>
                Wave {w}
                {w === currentWave ? ' (current)' : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        name={`${name}-reason`}
        label="Reason"
        error={problem?.fields.reason}
        hint="Recorded in the train's history."
      >
        {(control) => (
          <textarea
            {...control}
            className="input"
            rows={2}
            value={reason}
            autoFocus
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <div className="rollout-move-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? 'Moving…' : 'Move deployment'}
        </button>
      </div>
    </form>
  );
}

/** The train's rollout plan: its waves in order, why each deployment is where it is, and manual moves. */
export function RolloutPlanSection({ train }: { train: TrainView }) {
  const [plan, setPlan] = useState<RolloutPlanView | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [planning, setPlanning] = useState(false);
  const [moving, setMoving] = useState<string | null>(null);
  const moveButtons = useRef(new Map<string, HTMLButtonElement>());

  const trainId = train.id;
  // Reload when the train changes (moved, skipped, reinstated): its plan may have changed with it.
  useEffect(() => {
    let live = true;
    call('rollout.get', { trainId }).then(
      (next) => {
        if (!live) return;
        setPlan(next);
        setLoadError(null);
      },
      (err: unknown) => {
        if (live) setLoadError(problemOf(err).message);
      },
    );
    return () => {
      live = false;
    };
  }, [trainId, train.start, train.state]);

  /** The plan changed: show it, and reload the drawer so the history lists the change. */
  function changed(next: RolloutPlanView) {
    setPlan(next);
    useCalendarStore.getState().openTrain(trainId);
  }

  async function planRollout() {
    setPlanning(true);
    setProblem(null);
    try {
      const next = await call('rollout.plan', { trainId });
      toast(`${plan ? 'Re-planned' : 'Planned'} the rollout of ${train.version}`);
      changed(next);
    } catch (err) {
      setProblem(problemOf(err).message);
    } finally {
      setPlanning(false);
    }
  }

  if (loadError) return <FormAlert message={loadError} />;
  if (plan === undefined) return <p className="notes-empty">Loading the rollout plan…</p>;

  const lastWave = plan ? plan.waves.length - 1 : 0;
  return (
    <div className="rollout-plan" data-testid="rollout-plan">
      {problem && <FormAlert message={problem} />}
      {!plan ? (
        <>
          <p className="notes-empty">No rollout plan yet.</p>
          <div>
            <button
              type="button"
              className="button button-primary"
              disabled={planning}
              onClick={() => void planRollout()}
            >
              {planning ? 'Planning…' : 'Plan rollout'}
            </button>
          </div>
        </>
      ) : (
        <>
          <div className="rollout-plan-head">
            <p className="rollout-plan-meta">
              {plural(
                plan.waves.reduce((n, w) => n + w.deployments.length, 0),
                'deployment',
              )}{' '}
              in {plural(plan.waves.length, 'wave')} · engine <span className="mono">{plan.engineVersion}</span>
              {plan.started && ' · started: the plan is kept'}
            </p>
            {!plan.started && (
              <button type="button" className="button" disabled={planning} onClick={() => void planRollout()}>
                {planning ? 'Re-planning…' : 'Re-plan'}
              </button>
            )}
          </div>
          <ol className="rollout-waves">
            {plan.waves.map((wave) => (
              <li key={wave.index} className="rollout-wave" aria-labelledby={`rollout-wave-${wave.index}`}>
                <h4 id={`rollout-wave-${wave.index}`} className="rollout-wave-title">
                  {waveTitle(wave)}
                </h4>
                <ul className="rollout-deployments">
                  {wave.deployments.map((d) => (
                    <li key={d.key} className="rollout-deployment" data-testid={`plan-deployment-${d.key}`}>
                      <div className="rollout-deployment-row">
                        <div className="rollout-deployment-text">
                          <p className="rollout-deployment-name">
                            <span className="mono rollout-deployment-key">{d.key}</span>
                            <span>{d.name}</span>
                            <span className="rollout-deployment-region">{d.region}</span>
                            {d.manual && <Badge tone="warning">moved by hand</Badge>}
                          </p>
                          <p className="rollout-deployment-reason">{d.reason}</p>
                        </div>
                        {wave.index > 0 && moving !== d.key && (
                          <button
                            ref={(el) => {
                              if (el) moveButtons.current.set(d.key, el);
                              else moveButtons.current.delete(d.key);
                            }}
                            type="button"
                            className="button button-ghost rollout-move-button"
                            aria-label={`Move ${d.key}…`}
                            onClick={() => setMoving(d.key)}
                          >
                            Move…
                          </button>
                        )}
                      </div>
                      {moving === d.key && (
                        <MoveForm
                          trainId={trainId}
                          deployment={d}
                          currentWave={wave.index}
                          lastWave={lastWave}
                          onMoved={(next) => {
                            setMoving(null);
                            changed(next);
                          }}
                          onCancel={() => {
                            setMoving(null);
                            requestAnimationFrame(() => moveButtons.current.get(d.key)?.focus());
                          }}
                        />
                      )}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
