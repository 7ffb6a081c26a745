import type { ReactNode } from 'react';

interface ModalHeadingProps {
  /** Shown in a red disc: the dialog is about something refused or destructive. */
  icon: ReactNode;
  title: string;
  subtitle: ReactNode;
}

/** The top of a modal dialog that warns: its icon, title and the sentence under it. */
export function ModalHeading({ icon, title, subtitle }: ModalHeadingProps) {
  return (
    <div className="modal-heading">
      <span className="modal-icon modal-icon-danger">{icon}</span>
      <div>
        <h2>{title}</h2>
        <p className="modal-subtitle">{subtitle}</p>
      </div>
    </div>
  );
}
