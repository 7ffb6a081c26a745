import type { ReactNode } from 'react';

interface PageHeaderProps {
  title: string;
  /** What the page is for, in a sentence. */
  subtitle: ReactNode;
  /** Buttons at the header's end, if the page has any. */
  actions?: ReactNode;
}

/** The heading every top-level page opens with: its name, what it is for, and its page-wide actions. */
export function PageHeader({ title, subtitle, actions }: PageHeaderProps) {
  return (
    <header className="page-header">
      <div>
        <h1 className="page-title">{title}</h1>
        <p className="page-subtitle">{subtitle}</p>
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}
