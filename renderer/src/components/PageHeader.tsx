import type { ReactNode } from 'react';

interface PageHeaderProps {
  title: string;
  subtitle: string;
  /** Buttons at the end of the header. */
  children?: ReactNode;
}

/** The top of a page: its title, a sentence on what it holds, and its actions. */
export function PageHeader({ title, subtitle, children }: PageHeaderProps) {
  return (
    <header className="page-header">
      <div>
        <h1 className="page-title">{title}</h1>
        <p className="page-subtitle">{subtitle}</p>
      </div>
      {children && <div className="page-actions">{children}</div>}
    </header>
  );
}
