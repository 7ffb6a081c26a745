import { type Announcements, DndContext, type DragEndEvent, DragOverlay } from '@dnd-kit/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PlannedDeployment, RolloutPlanView } from '../../../../shared/contract';
import type { Day } from '../../../../shared/days';
import type { TrainView } from '../../../../shared/train';
import { Badge } from '../../components/Badge';
import { FormAlert } from '../../components/FormAlert';
import { useCalendarStore } from '../../stores/calendar';
import { useRolloutPlanStore } from '../../stores/rollout-plan';
import { problemOf } from './action-errors';
import { plural, shortDay } from './calendar-format';
import {
  DeploymentPreview,
  DraggableDeployment,
  DropWave,
  collisionDetection,
  useRolloutSensors,
  waveOfTarget,
} from './RolloutDrag';
import { PlanLastChange, UnplannedDeployments } from './PlanChanges';
import { RolloutMoveDialog, type WaveDrop, WaveChoiceForm, useRolloutMove } from './RolloutMoveDialog';
import { type DropVerdict, canMove, dropVerdicts, waveOf } from './rollout-move-model';
import { WaveProgress } from '../rollouts/TrainTrackingSummary';
import './rollout-plan.css';
import { useMayCall } from '../../stores/session';

type Wave = RolloutPlanView['waves'][number];

function waveTitle(wave: Wave): string {
  const what = wave.index === 0 ? 'Internal' : plural(wave.deployments.length, 'deployment');
  return `Wave ${wave.index} · ${shortDay(wave.date)} · ${what}`;
}

interface MoveFormProps {
  trainId: number;
  deployment: PlannedDeployment;
  currentWave: number;
  /** Every customer wave, and whether it would take the deployment. */
  verdicts: readonly DropVerdict[];
  onMoved: () => void;
  onCancel: () => void;
}

/** The form way to move a deployment (the keyboard and screen-reader alternative to dragging it). */
function MoveForm({ trainId, deployment, currentWave, verdicts, onMoved, onCancel }: MoveFormProps) {
  const [wave, setWave] = useState(currentWave);
  const move = useRolloutMove(trainId, deployment.key, onMoved);
  const chosen = verdicts.find((v) => v.wave === wave);
  const sameWave = `${deployment.key} is already in wave ${wave}; pick another wave.`;
  return (
    <WaveChoiceForm
      label={`Move ${deployment.key}`}
      name={`rollout-move-${deployment.key}`}
      move={move}
      waves={verdicts.map((v) => ({
        wave: v.wave,
        label: `Wave ${v.wave}${v.kind === 'current' ? ' (current)' : v.kind === 'refused' ? ' (refused)' : ''}`,
      }))}
      wave={wave}
      onWave={setWave}
      hint={chosen?.kind === 'refused' ? `Refused: ${chosen.reason}` : undefined}
      submitLabel="Move deployment"
      busyLabel="Moving…"
      onSubmit={() => void move.submit(wave, wave === currentWave ? { wave: sameWave } : {})}
      onCancel={onCancel}
    />
  );
}

/** What a drag says to screen readers, wave by wave (dnd-kit's live region). */
function announcements(verdictsOf: (key: string) => readonly DropVerdict[], plan: RolloutPlanView): Announcements {
  const from = (key: string) => waveOf(plan, key)?.index ?? 0;
  const over = (key: string, target: number | null) => {
    const verdict = verdictsOf(key).find((v) => v.wave === target);
    if (!verdict) return `${key} is not over a wave.`;
    if (verdict.kind === 'current') return `${key} is over wave ${verdict.wave}, its wave now.`;
    if (verdict.kind === 'allowed') return `${key} can move to wave ${verdict.wave}.`;
    return verdict.message;
  };
  return {
    onDragStart: ({ active }) =>
      `Picked up ${String(active.id)} from wave ${from(String(active.id))}. Up and down arrows choose a wave; space drops it there, escape cancels.`,
    onDragOver: ({ active, over: target }) => over(String(active.id), waveOfTarget(target?.id)),
    onDragEnd: ({ active, over: target }) => {
      const key = String(active.id);
      const wave = waveOfTarget(target?.id);
      return wave === null || wave === from(key) ? `${key} stays in wave ${from(key)}.` : over(key, wave);
    },
    onDragCancel: ({ active }) => `Cancelled: ${String(active.id)} stays in wave ${from(String(active.id))}.`,
  };
}

const SCREEN_READER_INSTRUCTIONS = {
  draggable:
    'To move this deployment to another wave, press space to pick it up, the up and down arrows to choose a wave, then space to drop it there or escape to cancel. The Move button does the same with a form.',
};

/** The train's rollout plan: its waves in order, why each deployment is where it is, and manual moves (drag and drop, or a form). */
export function RolloutPlanSection({ train }: { train: TrainView }) {
  const mayPlan = useMayCall('rollout.plan');
  const mayMove = useMayCall('rollout.move');
  const plan = useRolloutPlanStore((s) => (s.trainId === train.id ? s.plan : undefined));
  const loadError = useRolloutPlanStore((s) => (s.trainId === train.id ? s.loadError : null));
  const planRollout = useCalendarStore((s) => s.planRollout);
  const [problem, setProblem] = useState<string | null>(null);
  const [planning, setPlanning] = useState(false);
  const [moving, setMoving] = useState<string | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const [drop, setDrop] = useState<WaveDrop | null>(null);
  const [liveRegion, setLiveRegion] = useState<HTMLDivElement | null>(null);
  const moveButtons = useRef(new Map<string, HTMLButtonElement>());
  const today = useCalendarStore((s) => s.today);
  const sensors = useRolloutSensors();

  const trainId = train.id;
  // Read when the drawer opens on a train; after a change the calendar's overview brings the plan.
  useEffect(() => {
    void useRolloutPlanStore.getState().load(trainId);
  }, [trainId]);
  // Opened again later, the drawer loads afresh instead of showing the plan as it was.
  useEffect(() => () => useRolloutPlanStore.getState().close(), []);

  // Escape cancels a drag (dnd-kit); it must not also close the drawer around the plan.
  useEffect(() => {
    if (dragged === null) return;
    const keepDrawer = (event: KeyboardEvent) => {
      if (event.key === 'Escape') event.preventDefault();
    };
    window.addEventListener('keydown', keepDrawer, true);
    return () => window.removeEventListener('keydown', keepDrawer, true);
  }, [dragged]);

  const verdictsOf = useMemo(() => verdictCache(plan ?? null, today), [plan, today]);

  async function submitPlan() {
    setPlanning(true);
    setProblem(null);
    try {
      await planRollout(trainId, train.version);
    } catch (err) {
      setProblem(problemOf(err).message);
    } finally {
      setPlanning(false);
    }
  }

  function dropped({ active, over }: DragEndEvent) {
    setDragged(null);
    if (!plan) return;
    const key = String(active.id);
    const from = waveOf(plan, key);
    const to = plan.waves.find((w) => w.index === waveOfTarget(over?.id));
    if (!from || !to || to.index === from.index) return;
    const verdict = verdictsOf(key).find((v) => v.wave === to.index);
    setDrop({ key, from, to, refusal: verdict?.kind === 'refused' ? verdict.message : null });
  }

  if (loadError) return <FormAlert message={loadError} />;
  if (plan === undefined) return <p className="notes-empty">Loading the rollout plan…</p>;

  const verdicts = dragged ? verdictsOf(dragged) : null;
  const draggedDeployment = dragged ? plan && waveOf(plan, dragged)?.deployments.find((d) => d.key === dragged) : null;
  return (
    <div className="rollout-plan" data-testid="rollout-plan">
      <div ref={setLiveRegion} />
      {problem && <FormAlert message={problem} />}
      {!plan ? (
        <>
          <p className="notes-empty">No rollout plan yet.</p>
          <div>
            <button
              type="button"
              className="button button-primary"
              disabled={planning || !mayPlan.allowed}
              title={mayPlan.reason ?? undefined}
              onClick={() => void submitPlan()}
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
              <button
                type="button"
                className="button"
                disabled={planning || !mayPlan.allowed}
                title={mayPlan.reason ?? undefined}
                onClick={() => void submitPlan()}
              >
                {planning ? 'Re-planning…' : 'Re-plan'}
              </button>
            )}
          </div>
          <PlanLastChange plan={plan} />
          {plan.waves.some((w) => w.deployments.some((d) => canMove(w, d, today))) && (
            <p className="rollout-plan-hint">
              Drag a deployment to another wave, or use Move…: waves that would break a rule say why.
            </p>
          )}
          <DndContext
            sensors={sensors}
            collisionDetection={collisionDetection}
            accessibility={{
              announcements: announcements(verdictsOf, plan),
              screenReaderInstructions: SCREEN_READER_INSTRUCTIONS,
              // Inside the drawer: a modal dialog makes everything outside it inert, live regions too.
              ...(liveRegion ? { container: liveRegion } : {}),
            }}
            onDragStart={({ active }) => {
              setMoving(null);
              setDragged(String(active.id));
            }}
            onDragEnd={dropped}
            onDragCancel={() => setDragged(null)}
          >
            <ol className="rollout-waves">
              {plan.waves.map((wave) => (
                <DropWave
                  key={wave.index}
                  wave={wave.index}
                  dragging={dragged !== null}
                  verdict={verdicts?.find((v) => v.wave === wave.index) ?? null}
                  title={
                    <div className="rollout-wave-heading">
                      <h4 id={`rollout-wave-${wave.index}`} className="rollout-wave-title">
                        {waveTitle(wave)}
                      </h4>
                      <WaveProgress trainId={trainId} wave={wave.index} />
                    </div>
                  }
                >
                  <ul className="rollout-deployments">
                    {wave.deployments.map((d) => (
                      <DraggableDeployment
                        key={d.key}
                        deployment={d}
                        wave={wave.index}
                        draggable={canMove(wave, d, today) && moving !== d.key && mayMove.allowed}
                      >
                        {(handle) => (
                          <>
                            <div className="rollout-deployment-row">
                              {handle}
                              <div className="rollout-deployment-text">
                                <p className="rollout-deployment-name">
                                  <span className="mono rollout-deployment-key">{d.key}</span>
                                  <span>{d.name}</span>
                                  <span className="rollout-deployment-region">{d.region}</span>
                                  {d.manual && (
                                    <Badge tone="warning">
                                      {d.reason.startsWith('added by hand') ? 'added by hand' : 'moved by hand'}
                                    </Badge>
                                  )}
                                </p>
                                <p className="rollout-deployment-reason">{d.reason}</p>
                              </div>
                              {canMove(wave, d, today) && moving !== d.key && (
                                <button
                                  ref={(el) => {
                                    if (el) moveButtons.current.set(d.key, el);
                                    else moveButtons.current.delete(d.key);
                                  }}
                                  type="button"
                                  className="button button-ghost rollout-move-button"
                                  aria-label={`Move ${d.key}…`}
                                  disabled={!mayMove.allowed}
                                  title={mayMove.reason ?? undefined}
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
                                verdicts={verdictsOf(d.key)}
                                onMoved={() => setMoving(null)}
                                onCancel={() => {
                                  setMoving(null);
                                  requestAnimationFrame(() => moveButtons.current.get(d.key)?.focus());
                                }}
                              />
                            )}
                          </>
                        )}
                      </DraggableDeployment>
                    ))}
                  </ul>
                </DropWave>
              ))}
            </ol>
            <DragOverlay dropAnimation={null}>
              {draggedDeployment ? <DeploymentPreview deployment={draggedDeployment} /> : null}
            </DragOverlay>
          </DndContext>
          <UnplannedDeployments plan={plan} today={today} />
          {drop && (
            <RolloutMoveDialog
              trainId={trainId}
              drop={drop}
              onMoved={() => setDrop(null)}
              onClose={() => setDrop(null)}
            />
          )}
        </>
      )}
    </div>
  );
}

/** `dropVerdicts` per dragged deployment, computed once per plan (a drag asks on every wave it crosses). */
function verdictCache(plan: RolloutPlanView | null, today: Day): (key: string) => readonly DropVerdict[] {
  const cache = new Map<string, readonly DropVerdict[]>();
  return (key) => {
    if (!plan) return [];
    let verdicts = cache.get(key);
    if (!verdicts) cache.set(key, (verdicts = dropVerdicts(plan, key, today)));
    return verdicts;
  };
}
