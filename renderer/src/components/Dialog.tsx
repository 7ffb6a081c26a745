import { type ReactNode, type MouseEvent, useEffect, useRef } from 'react';
import { useToastHost } from './toast-host';

interface DialogProps {
  /** The accessible name, e.g. "Add deployment". */
  label: string;
  onClose: () => void;
  /** `drawer` slides in from the right edge; `modal` is centred. */
  variant: 'drawer' | 'modal';
  /** `alertdialog` for messages that need an answer before anything else. */
  role?: 'dialog' | 'alertdialog';
  /** A wide modal, for content set in columns. */
  wide?: boolean;
  children: ReactNode;
}

/**
 * A modal built on the native <dialog>: the browser traps focus, makes the page
 * behind it inert and restores focus on close, which a hand-rolled overlay would
 * have to reimplement. Rendering it opens it; unmounting it closes it.
 */
export function Dialog({ label, onClose, variant, role = 'dialog', wide = false, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    dialog.showModal();
    // showModal focuses the first focusable element (often a close button); a form wants its first field instead.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const { open, close } = useToastHost.getState();
    open(dialog);
    return () => {
      close(dialog);
      dialog.close();
    };
  }, []);

  // The content fills the dialog's box, so an event that lands on the element itself hit the backdrop.
  // Both ends of the click must: a text selection dragged out of an input ends on the dialog too.
  const pressedOnBackdrop = useRef(false);
  function closeOnBackdrop(event: MouseEvent<HTMLDialogElement>) {
    if (pressedOnBackdrop.current && event.target === event.currentTarget) onClose();
  }

  return (
    <dialog
      ref={ref}
      role={role}
      aria-label={label}
      className={`dialog dialog-${variant}${wide ? ' dialog-wide' : ''}`}
      onCancel={(event) => {
        // React bubbles `cancel` up its tree: Escape in a dialog opened from this one (or a file
        // picker dismissed inside it) must close only that one.
        if (event.target !== event.currentTarget) return;
        event.preventDefault();
        onClose();
      }}
      onPointerDown={(event) => {
        pressedOnBackdrop.current = event.target === event.currentTarget;
      }}
      onClick={closeOnBackdrop}
    >
      <div className="dialog-surface">{children}</div>
    </dialog>
  );
}
