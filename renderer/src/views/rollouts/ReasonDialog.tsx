import { type FormEvent, type ReactNode, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { ReasonField } from '../../components/ReasonField';
import { type ActionProblem, problemOf, unplacedMessage } from '../calendar/action-errors';

export interface ReasonValues {
  reason: string;
  evidenceUrl: string;
}

interface ReasonDialogProps {
  /** The dialog's name and heading, e.g. "Fail us-east-3 in 2027.03". */
  title: string;
  /** What the action does, in a sentence. */
  description: ReactNode;
  /** What the action overrides (a bake's refusal), shown as a warning above the reason. */
  notice?: string | null;
  /** `required`: a reason must be given (waive, fail, skip, a bake override); `optional`: it may be. */
  reason: 'required' | 'optional' | 'none';
  reasonHint?: string;
  /** The contract's name of the reason field, for placing the backend's field errors. */
  reasonField?: 'reason' | 'bakeOverride';
  /** Ask for an evidence link (gates). */
  evidence?: boolean;
  submitLabel: string;
  busyLabel: string;
  danger?: boolean;
  /** Runs the action; a rejection is shown here, in the backend's words, and the dialog stays open. */
  onSubmit: (values: ReasonValues) => Promise<unknown>;
  onClose: () => void;
}

/** The dialog of an action that asks why (and, for gates, for evidence); a refusal stays in it. */
export function ReasonDialog({
  title,
  description,
  notice,
  reason: reasonMode,
  reasonHint = 'Recorded in the audit trail.',
  reasonField = 'reason',
  evidence = false,
  submitLabel,
  busyLabel,
  danger = false,
  onSubmit,
  onClose,
}: ReasonDialogProps) {
  const [reason, setReason] = useState('');
  const [evidenceUrl, setEvidenceUrl] = useState('');
  const [problem, setProblem] = useState<ActionProblem | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reasonMode === 'required' && !reason.trim()) {
      const message = 'Give a reason: it is recorded with the change.';
      setProblem({ message, fields: { [reasonField]: message } });
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      await onSubmit({ reason: reason.trim(), evidenceUrl: evidenceUrl.trim() });
      onClose();
    } catch (err) {
      setProblem(problemOf(err));
      setSaving(false);
    }
  }

  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const formMessage = unplacedMessage(problem, [reasonField, ...(evidence ? ['evidenceUrl'] : [])]);
  return (
    <Dialog label={title} variant="modal" onClose={onClose}>
      <form className="rollout-dialog-form" aria-label={title} noValidate onSubmit={(e) => void submit(e)}>
        <div className="modal-body rollout-dialog">
          <h2>{title}</h2>
          <p className="modal-subtitle">{description}</p>
          {notice && <p className="rollout-dialog-notice">{notice}</p>}
          {formMessage && <FormAlert message={formMessage} />}
          {reasonMode !== 'none' && (
            <ReasonField
              name={`${slug}-reason`}
              optional={reasonMode === 'optional'}
              hint={reasonHint}
              error={problem?.fields[reasonField]}
              value={reason}
              maxLength={500}
              onChange={setReason}
            />
          )}
          {evidence && (
            <Field
              name={`${slug}-evidence`}
              label="Evidence link"
              optional
              error={problem?.fields.evidenceUrl}
              hint="The test run, dashboard or ticket: an http:// or https:// link."
            >
              {(control) => (
                <input
                  {...control}
                  type="url"
                  className="input"
                  value={evidenceUrl}
                  autoComplete="off"
                  spellCheck={false}
                  data-autofocus={reasonMode === 'none' ? true : undefined}
                  onChange={(e) => setEvidenceUrl(e.target.value)}
                />
              )}
            </Field>
          )}
        </div>
        <DialogActions
          submitLabel={submitLabel}
          busyLabel={busyLabel}
          busy={saving}
          danger={danger}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
