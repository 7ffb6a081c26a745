import { type FormEvent, useState } from 'react';
import type { RolloutPlanView } from '../../../../shared/contract';
import { call } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { FormAlert } from '../../components/FormAlert';
import { ReasonField } from '../../components/ReasonField';
import { toast } from '../../stores/toasts';
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
  onMoved: (plan: RolloutPlanView) => void;
  onClose: () => void;
}

/** After a drop: the reason for the move (required), then `rollout.move`; a refusal, the server's or ours, stays here. */
export function RolloutMoveDialog({ trainId, drop, onMoved, onClose }: RolloutMoveDialogProps) {
  const { key, from, to, refusal } = drop;
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<ActionProblem | null>(null);
  const [saving, setSaving] = useState(false);
  const title = moveTitle(key, from.index, to.index);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!reason.trim()) {
      setProblem({ message: 'Give a reason for the move.', fields: { reason: 'Give a reason for the move.' } });
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      const plan = await call('rollout.move', { trainId, key, wave: to.index, reason: reason.trim() });
      toast(`Moved ${key} to wave ${to.index}`);
      onMoved(plan);
    } catch (err) {
      setProblem(problemOf(err));
      setSaving(false);
    }
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

  const formMessage = unplacedMessage(problem, ['reason']);
  return (
    <Dialog label={title} variant="modal" onClose={onClose}>
      <form className="rollout-move-dialog-form" aria-label={title} noValidate onSubmit={(e) => void submit(e)}>
        <div className="modal-body rollout-move-dialog">
          <h2>{title}</h2>
          <p className="modal-subtitle">{when}</p>
          {formMessage && <FormAlert message={formMessage} />}
          <ReasonField
            name="rollout-drop-reason"
            hint="Recorded in the train's history."
            error={problem?.fields.reason}
            value={reason}
            maxLength={500}
            onChange={setReason}
          />
        </div>
        <DialogActions submitLabel="Move deployment" busyLabel="Moving…" busy={saving} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
