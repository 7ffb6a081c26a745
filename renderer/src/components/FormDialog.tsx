import type { ReactNode } from 'react';
import { Dialog } from './Dialog';
import { FormActions } from './FormActions';
import { FormAlert } from './FormAlert';

interface FormDialogProps {
  /** The dialog's name and heading, e.g. "Resume 2027.03 with the fix". */
  title: string;
  /** What the action does, in a sentence or two. */
  description: ReactNode;
  /** A warning about what the action overrides, shown above the form's message. */
  notice?: string | null | undefined;
  /** The refusal no field shows beside itself, or null. */
  message: string | null;
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  danger?: boolean;
  onSubmit: () => void;
  onClose: () => void;
  /** The fields. */
  children: ReactNode;
}

/** A modal that asks for what an action needs: heading, description, the refusal if any, the fields, Cancel and confirm. */
export function FormDialog({
  title,
  description,
  notice,
  message,
  submitLabel,
  busyLabel,
  busy,
  danger = false,
  onSubmit,
  onClose,
  children,
}: FormDialogProps) {
  return (
    <Dialog label={title} variant="modal" onClose={onClose}>
      <form
        aria-label={title}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <div className="modal-body form-dialog">
          <h2>{title}</h2>
          <p className="modal-subtitle">{description}</p>
          {notice && <p className="callout callout-warning">{notice}</p>}
          {message && <FormAlert message={message} />}
          {children}
        </div>
        <FormActions submitLabel={submitLabel} busyLabel={busyLabel} busy={busy} danger={danger} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
