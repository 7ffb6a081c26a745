import { type FormEvent, useState } from 'react';
import type { RolloutPlanView } from '../../../../shared/contract';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormAlert } from '../../components/FormAlert';
import { ReasonField } from '../../components/ReasonField';
import { useCalendarStore } from '../../stores/calendar';
import { useRolloutPlanStore } from '../../stores/rollout-plan';
import { type ActionProblem, problemOf, unplacedMessage } from './action-errors';
import { longDay } from './calendar-format';
import { moveTitle } from './rollout-move-model';

type PlanWave = RolloutPlanView['waves'][number];

export interface WaveDrop {
  key: string;
  from: PlanWave;
  to: PlanWave;
  /** Why the drop breaks a rule (nothing is asked of the server then), or null when it keeps them all. */
  refusal: string | null;
}

interface RolloutMoveDialogProps {
  trainId: number;
  drop: WaveDrop;
  onMoved: () => void;
  onClose: () => void;
}

interface RolloutMove {
  reason: string;
  setReason: (reason: string) => void;
  problem: ActionProblem | null;
  saving: boolean;
  /** Moves the deployment to `wave` unless the reason is missing or `fields` names another problem. */
  submit: (wave: number, fields?: Record<string, string>) => Promise<void>;
}

/** A manual move's reason and its save, shared by the drop dialog and the Move… form; a refusal stays with them. */
export function useRolloutMove(trainId: number, key: string, onMoved: () => void): RolloutMove {
  const move = useCalendarStore((s) => s.moveInPlan);
  // The plan as it was when the move began: a change by someone else since is refused, not overwritten.
  const [revision] = useState(() => {
    const plan = useRolloutPlanStore.getState().plan;
    return plan?.trainId === trainId ? plan.revision : undefined;
  });
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<ActionProblem | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(wave: number, checked: Record<string, string> = {}) {
    const fields = { ...checked };
    if (!reason.trim()) fields.reason = 'Give a reason for the move.';
    if (Object.keys(fields).length > 0) {
      setProblem({ message: Object.values(fields).join(' '), fields });
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      await move({
        trainId,
        key,
        wave,
        reason: reason.trim(),
        ...(revision === undefined ? {} : { expectedRevision: revision }),
      });
      onMoved();
    } catch (err) {
      setProblem(problemOf(err));
      setSaving(false);
    }
  }

  return { reason, setReason, problem, saving, submit };
}

interface WaveChoiceFormProps {
  /** The form's accessible name ("Move us-east-3"), and the prefix of its fields' names. */
  label: string;
  name: string;
  move: RolloutMove;
  waves: readonly { wave: number; label: string }[];
  wave: number;
  onWave: (wave: number) => void;
  /** Under the wave: why the chosen one would be refused, when the page can tell. */
  hint?: string | undefined;
  submitLabel: string;
  busyLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
}

/** A wave to choose and the reason: the form way to move a deployment, or to add one the plan lacks. */
export function WaveChoiceForm(props: WaveChoiceFormProps) {
  const { move } = props;
  const formMessage = unplacedMessage(move.problem, ['reason', 'wave']);
  return (
    <form
      className="rollout-move-form"
      aria-label={props.label}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      {formMessage && <FormAlert message={formMessage} />}
      <Field name={`${props.name}-wave`} label="Wave" error={move.problem?.fields.wave} hint={props.hint}>
        {(control) => (
          <select
            {...control}
            className="input select"
            value={props.wave}
            onChange={(e) => props.onWave(Number(e.target.value))}
          >
            {props.waves.map((w) => (
              <option key={w.wave} value={w.wave}>
                {w.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <MoveReasonField name={`${props.name}-reason`} move={move} inline />
      <FormActions
        className="rollout-move-actions"
        submitLabel={props.submitLabel}
        busyLabel={props.busyLabel}
        busy={move.saving}
        onCancel={props.onCancel}
      />
    </form>
  );
}

/** The reason a manual move asks for, recorded in the train's history. */
export function MoveReasonField({ name, move, inline = false }: { name: string; move: RolloutMove; inline?: boolean }) {
  return (
    <ReasonField
      name={name}
      hint="Recorded in the train's history."
      error={move.problem?.fields.reason}
      value={move.reason}
      rows={inline ? 2 : undefined}
      maxLength={500}
      focus={inline ? 'mount' : 'dialog'}
      onChange={move.setReason}
    />
  );
}

/** After a drop: the reason for the move (required), then `rollout.move`; a refusal, the server's or ours, stays here. */
export function RolloutMoveDialog({ trainId, drop, onMoved, onClose }: RolloutMoveDialogProps) {
  const { key, from, to, refusal } = drop;
  const move = useRolloutMove(trainId, key, onMoved);
  const title = moveTitle(key, from.index, to.index);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void move.submit(to.index);
  }

  const when = `${key} would get the release on ${longDay(to.date)} instead of ${longDay(from.date)}.`;
  if (refusal) {
    return (
      <Dialog label={title} variant="modal" role="alertdialog" onClose={onClose}>
        <div className="modal-body rollout-move-dialog">
          <h2>{title}</h2>
          <FormAlert message={refusal} />
          <p className="modal-subtitle">
            Nothing was changed: {key} stays in wave {from.index}.
          </p>
        </div>
        <footer className="modal-footer">
          <button type="button" className="button" onClick={onClose} data-autofocus>
            Close
          </button>
        </footer>
      </Dialog>
    );
  }

  const formMessage = unplacedMessage(move.problem, ['reason']);
  return (
    <Dialog label={title} variant="modal" onClose={onClose}>
      <form className="rollout-move-dialog-form" aria-label={title} noValidate onSubmit={submit}>
        <div className="modal-body rollout-move-dialog">
          <h2>{title}</h2>
          <p className="modal-subtitle">{when}</p>
          {formMessage && <FormAlert message={formMessage} />}
          <MoveReasonField name="rollout-drop-reason" move={move} />
        </div>
        <FormActions submitLabel="Move deployment" busyLabel="Moving…" busy={move.saving} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
