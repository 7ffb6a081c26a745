import type { ReactNode, Ref } from 'react';

interface FormSectionProps {
  /** The heading is `form-section-<id>`, which names the section. */
  id: string;
  title: string;
  className?: string;
  ref?: Ref<HTMLElement>;
  'data-testid'?: string;
  children: ReactNode;
}

/** One titled group of a drawer's fields. */
export function FormSection({ id, title, className, ref, 'data-testid': testId, children }: FormSectionProps) {
  return (
    <section
      ref={ref}
      className={`form-section${className ? ` ${className}` : ''}`}
      aria-labelledby={`form-section-${id}`}
      data-testid={testId}
    >
      <h3 id={`form-section-${id}`} className="form-section-title">
        {title}
      </h3>
      {children}
    </section>
  );
}
