import { type ReactNode, useState } from 'react';
import { ExactTextField } from '../../components/InputField';
import { FormDialog } from '../../components/FormDialog';
import { ReasonField } from '../../components/ReasonField';
import { unplacedMessage } from '../calendar/action-errors';
import { useAction } from '../calendar/use-action';

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
  const { problem, busy, refuse, run } = useAction();

  function submit() {
    if (reasonMode === 'required' && !reason.trim())
      return refuse({ [reasonField]: 'Give a reason: it is recorded with the change.' });
    void run(async () => {
      await onSubmit({ reason: reason.trim(), evidenceUrl: evidenceUrl.trim() });
      onClose();
    });
  }

  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return (
    <FormDialog
      title={title}
      description={description}
      notice={notice}
      message={unplacedMessage(problem, [reasonField, ...(evidence ? ['evidenceUrl'] : [])])}
      submitLabel={submitLabel}
      busyLabel={busyLabel}
      busy={busy}
      danger={danger}
      onSubmit={submit}
      onClose={onClose}
    >
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
        <ExactTextField
          name={`${slug}-evidence`}
          label="Evidence link"
          type="url"
          optional
          hint="The test run, dashboard or ticket: an http:// or https:// link."
          error={problem?.fields.evidenceUrl}
          value={evidenceUrl}
          focus={reasonMode === 'none' ? 'dialog' : undefined}
          onChange={setEvidenceUrl}
        />
      )}
    </FormDialog>
  );
}
