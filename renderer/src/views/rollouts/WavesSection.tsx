import { useState } from 'react';
import type { Input, PatchView, StepView, TrainTracking, WaveTracking } from '../../../../shared/contract';
import {
  ACTIONS_NEEDING_REASON,
  STEP_ACTIONS,
  type StepAction,
  stepTransition,
} from '../../../../shared/rollout-steps';
import { Badge } from '../../components/Badge';
import { FormAlert } from '../../components/FormAlert';
import { useRolloutsStore } from '../../stores/rollouts';
import { problemOf } from '../calendar/action-errors';
import { plural, shortDay } from '../calendar/calendar-format';
import { ProgressBar } from './ProgressBar';
import { keysPhrase, overridableBake, waveButton, waveWaitingFor } from './rollout-model';
import { ReasonDialog } from './ReasonDialog';
import {
  STEP_ACTION_VERB,
  STEP_STATE_LABEL,
  STEP_STATE_TONE,
  formatInstant,
  formatTime,
  sameDay,
  stepActionLabel,
} from './rollout-format';
import { useMayCall } from '../../stores/session';

/** A transition that asks first: a reason (fail, roll back, skip) or a bake override. */
interface Asking {
  action: StepAction;
  /** One step, or the wave's steps the action applies to. */
  keys: string[];
  /** Named as a whole wave (the audit trail then says "wave 2"). */
  wave: boolean;
  /** The bake the start would override, in the backend's words. */
  bake: string | null;
}

/** "started Mon 1 Mar 09:00, released 11:00 · by alice". */
function StepTimes({ step }: { step: StepView }) {
  const parts: string[] = [];
  if (step.startedAt) parts.push(`started ${formatInstant(step.startedAt, { year: false })}`);
  if (step.finishedAt) {
    const when =
      step.startedAt && sameDay(step.startedAt, step.finishedAt)
        ? formatTime(step.finishedAt)
        : formatInstant(step.finishedAt, { year: false });
    parts.push(`${STEP_STATE_LABEL[step.state].toLowerCase()} ${when}`);
  }
  if (parts.length === 0) return null;
  return (
    <span className="step-times">
      {parts.join(', ')}
      {step.state !== 'pending' && ` · by ${step.updatedBy}`}
    </span>
  );
}

interface WaveCardProps {
  tracking: TrainTracking;
  /** Set when the wave is a patch's: its steps move through `patches.transition`. */
  patch?: PatchView;
  wave: WaveTracking;
  /** Which halt each regression id is, to name it on the steps it reached. */
  references: ReadonlyMap<number, string>;
}

type StepBatch = Omit<Input<'steps.transition'>, 'trainId'>;

function WaveCard({ tracking, patch, wave, references }: WaveCardProps) {
  const mayStep = useMayCall(patch ? 'patches.transition' : 'steps.transition');
  const transitionTrain = useRolloutsStore((s) => s.transition);
  const transitionPatch = useRolloutsStore((s) => s.transitionPatch);
  const [asking, setAsking] = useState<Asking | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { trainId } = tracking;
  const version = patch ? `the patch ${patch.version}` : tracking.version;
  const bulk = waveButton(wave);
  const waiting = waveWaitingFor(wave);
  const bake = overridableBake(wave);
  const title = wave.index === 0 ? 'Wave 0 · internal' : `Wave ${wave.index}`;
  const id = patch ? `patch-${patch.id}-wave-${wave.index}` : `wave-${wave.index}`;

  function request(action: StepAction, keys: string[], asWave: boolean): StepBatch {
    return asWave ? { wave: wave.index, action } : { keys, action };
  }

  function transition(batch: StepBatch) {
    return patch ? transitionPatch(trainId, { patchId: patch.id, ...batch }) : transitionTrain({ trainId, ...batch });
  }

  /** Runs at once, unless the action needs a reason or a start would override a bake: then asks first. */
  async function run(action: StepAction, keys: string[], asWave: boolean) {
    setRefusal(null);
    if (ACTIONS_NEEDING_REASON.includes(action) || (action === 'start' && bake)) {
      setAsking({ action, keys, wave: asWave, bake: action === 'start' ? bake : null });
      return;
    }
    setBusy(true);
    try {
      await transition(request(action, keys, asWave));
    } catch (err) {
      setRefusal(problemOf(err).message);
    } finally {
      setBusy(false);
    }
  }

  const subject = asking ? (asking.wave ? `wave ${wave.index}` : keysPhrase(asking.keys)) : '';
  return (
    <li className="tile wave" data-testid={id} aria-labelledby={`${id}-title`}>
      <div className="wave-head">
        <div className="wave-title-block">
          <h4 id={`${id}-title`} className="wave-title">
            {title}
          </h4>
          <p className="wave-meta">
            {shortDay(wave.date)} · {plural(wave.steps.length, 'deployment')}
            {waiting && (
              <span className="wave-waiting" title={wave.next?.refusal ?? undefined}>
                {' '}
                · {waiting}
              </span>
            )}
          </p>
        </div>
        <ProgressBar
          progress={wave.progress}
          label={`Wave ${wave.index}${patch ? ` of the patch ${patch.version}` : ''} progress`}
        />
        <div className="wave-actions">
          {bulk && (
            <button
              type="button"
              className={`button button-small${bulk.action === 'release' ? ' button-primary' : ''}`}
              disabled={busy || !mayStep.allowed}
              title={mayStep.reason ?? undefined}
              onClick={() => void run(bulk.action, bulk.keys, bulk.asWave)}
            >
              {bulk.action === 'start' && bake ? `${bulk.label}…` : bulk.label}
            </button>
          )}
        </div>
      </div>
      {refusal && <FormAlert message={refusal} />}
      <ul
        className="steps"
        aria-label={`Deployments of wave ${wave.index}${patch ? ` of the patch ${patch.version}` : ''}`}
      >
        {wave.steps.map((step) => (
          <li
            key={step.key}
            className={`step step-${step.state}`}
            data-testid={patch ? `patch-step-${step.key}` : `step-${step.key}`}
          >
            <div className="step-main">
              <p className="step-name">
                <span className="mono step-key">{step.key}</span>
                <span className="step-deployment">{step.name}</span>
                <span className="step-region">{step.region}</span>
              </p>
              <p className="step-meta">
                <Badge tone={STEP_STATE_TONE[step.state]}>{STEP_STATE_LABEL[step.state]}</Badge>
                {step.regressions.map((id) => (
                  <Badge key={id} tone="danger" title="A regression that reached this deployment">
                    Regression {references.get(id) ?? `#${id}`}
                  </Badge>
                ))}
                <StepTimes step={step} />
              </p>
              {step.reason && <p className="step-reason">{step.reason}</p>}
            </div>
            <div className="step-actions">
              {STEP_ACTIONS.filter((a) => stepTransition(step.state, a).ok).map((action) => (
                <button
                  key={action}
                  type="button"
                  className={`button button-small${action === 'start' || action === 'release' ? '' : ' button-ghost'}`}
                  aria-label={`${stepActionLabel(action, step.state).replace('…', '')} ${step.key}${patch ? ` (patch ${patch.version})` : ''}${ACTIONS_NEEDING_REASON.includes(action) ? '…' : ''}`}
                  disabled={busy || !mayStep.allowed}
                  title={mayStep.reason ?? undefined}
                  onClick={() => void run(action, [step.key], false)}
                >
                  {stepActionLabel(action, step.state)}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ul>
      {asking && (
        <ReasonDialog
          title={
            asking.bake
              ? `Override the bake: start ${subject} of ${version}`
              : `${STEP_ACTION_VERB[asking.action]} ${subject} of ${version}`
          }
          description={
            asking.bake
              ? `Starting now skips the rest of the bake time ${patch ? 'of the patch on the internal deployment' : 'between waves'}. Say why it is safe; the reason is recorded.`
              : `${STEP_ACTION_VERB[asking.action]} ${asking.wave ? `the ${plural(asking.keys.length, 'deployment')} of wave ${wave.index}` : keysPhrase(asking.keys)}. The reason is shown beside ${asking.keys.length === 1 ? 'it' : 'them'} and recorded.`
          }
          notice={asking.bake}
          reason="required"
          reasonField={asking.bake ? 'bakeOverride' : 'reason'}
          submitLabel={asking.bake ? 'Override and start' : STEP_ACTION_VERB[asking.action]}
          busyLabel="Saving…"
          danger={asking.action !== 'start' && asking.action !== 'skip'}
          onSubmit={({ reason }) =>
            transition({
              ...request(asking.action, asking.keys, asking.wave),
              ...(asking.bake ? { bakeOverride: reason } : { reason }),
            })
          }
          onClose={() => setAsking(null)}
        />
      )}
    </li>
  );
}

/** The waves of a train in order, each deployment's step with its actions, and wave-wide start and release. */
export function WavesSection({ tracking }: { tracking: TrainTracking }) {
  if (!tracking.planned) return <p className="rollout-empty">No rollout plan yet: plan it from the calendar.</p>;
  const references = new Map(tracking.halts.map((h) => [h.id, h.reference]));
  return (
    <ol className="waves" aria-label={`Waves of ${tracking.version}`}>
      {tracking.waves.map((wave) => (
        <WaveCard key={wave.index} tracking={tracking} wave={wave} references={references} />
      ))}
    </ol>
  );
}

/** A patch's waves: the same cards as a train's, moving the patch's steps. */
export function PatchWaves({ tracking, patch }: { tracking: TrainTracking; patch: PatchView }) {
  const references = new Map<number, string>();
  return (
    <ol className="waves" aria-label={`Waves of the patch ${patch.version}`}>
      {patch.waves.map((wave) => (
        <WaveCard key={wave.index} tracking={tracking} patch={patch} wave={wave} references={references} />
      ))}
    </ol>
  );
}
