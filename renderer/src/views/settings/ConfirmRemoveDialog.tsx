import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { FormAlert } from '../../components/FormAlert';
import { TrashIcon } from '../../components/icons';
import { ModalHeading } from '../../components/ModalHeading';
import { errorMessage } from '../../../../shared/errors';

export interface ConfirmRemoveDialogProps {
  /** "Remove holiday?" — also the dialog's accessible name. */
  title: string;
  /** What is removed, e.g. "Christmas Day (Fri 25 Dec 2026)". */
  subject: string;
  consequence: string;
  confirmLabel: string;
  /** The confirm button while it works (default "Removing…"). */
  busyLabel?: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** Asks before a calendar rule is removed; a refusal stays in the dialog with the reason. */
export function ConfirmRemoveDialog({
  title,
  subject,
  consequence,
  confirmLabel,
  busyLabel = 'Removing…',
  onConfirm,
  onClose,
}: ConfirmRemoveDialogProps) {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setRefusal(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setBusy(false);
      setRefusal(errorMessage(err));
    }
  }

  return (
    <Dialog label={title} variant="modal" role="alertdialog" onClose={onClose}>
      <div className="modal-body confirm-body">
        <ModalHeading
          icon={<TrashIcon />}
          title={title}
          subtitle={
            <>
              <strong className="confirm-subject">{subject}</strong> {consequence}
            </>
          }
        />
        {refusal && <FormAlert message={refusal} />}
      </div>
      <footer className="modal-footer">
        <button type="button" className="button" onClick={onClose} disabled={busy} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={() => void confirm()} disabled={busy}>
          {busy ? busyLabel : confirmLabel}
        </button>
      </footer>
    </Dialog>
  );
}
