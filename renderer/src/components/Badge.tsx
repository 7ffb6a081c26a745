import type { ReactNode } from 'react';

export type BadgeTone = 'accent' | 'warning' | 'muted' | 'success' | 'danger';

interface BadgeProps {
  tone: BadgeTone;
  /** Shown on hover: what the badge means for a release. */
  title?: string;
  children: ReactNode;
}

export function Badge({ tone, title, children }: BadgeProps) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
