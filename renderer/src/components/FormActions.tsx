interface FormActionsProps {
  /** The confirm button's text, and what it says while the action runs (it is disabled then). */
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  /** A destructive action (halting a train, failing a deployment) gets the danger button. */
  danger?: boolean;
  onCancel: () => void;
  /** Where the footer sits: a modal (the default), a drawer, an inline form. */
  className?: string;
  /** Why the person may not submit (their role; the submit button says so and is greyed out); null or absent when they may. */
  refusal?: string | null | undefined;
}

/** A form's footer: Cancel, then the submit button that confirms the action. */
export function FormActions({
  submitLabel,
  busyLabel,
  busy,
  danger = false,
  onCancel,
  className = 'modal-footer',
  refusal = null,
}: FormActionsProps) {
  return (
    <footer className={className}>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button
        type="submit"
        className={`button ${danger ? 'button-danger' : 'button-primary'}`}
        disabled={busy || refusal !== null}
        title={refusal ?? undefined}
      >
        {busy ? busyLabel : submitLabel}
      </button>
    </footer>
  );
}
