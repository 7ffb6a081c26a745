import type { ReactNode, Ref } from 'react';
import { FormAlert } from '../../components/FormAlert';
import type { MethodName } from '../../../../shared/method-names';
import { useMayCall } from '../../stores/session';

interface SettingsSectionProps {
  /** Element id prefix; the heading is `<id>-title`. */
  id: string;
  title: string;
  description: ReactNode;
  className?: string;
  children: ReactNode;
}

/** One card of the settings page: a heading that names the region, a sentence on what it changes, the content. */
export function SettingsSection({ id, title, description, className, children }: SettingsSectionProps) {
  return (
    <section id={id} className={`settings-card${className ? ` ${className}` : ''}`} aria-labelledby={`${id}-title`}>
      <header className="settings-card-header">
        <h2 id={`${id}-title`} className="settings-card-title">
          {title}
        </h2>
        <p className="settings-card-description">{description}</p>
      </header>
      {children}
    </section>
  );
}

interface SaveBarProps {
  dirty: boolean;
  saving: boolean;
  label: string;
  onDiscard: () => void;
  /** The method the save calls: its Save is greyed out, saying why, for someone whose role may not call it. */
  method: MethodName;
  children?: ReactNode;
}

/** The foot of a settings form: what is pending, Discard, and the section's own Save. */
export function SaveBar({ dirty, saving, label, onDiscard, method, children }: SaveBarProps) {
  const may = useMayCall(method);
  return (
    <footer className="settings-card-footer">
      <div className="settings-card-footer-start">{children}</div>
      <div className="settings-card-footer-end">
        {dirty && <span className="settings-unsaved">Unsaved changes</span>}
        {dirty && (
          <button type="button" className="button button-ghost" onClick={onDiscard} disabled={saving}>
            Discard
          </button>
        )}
        <button
          type="submit"
          className="button button-primary"
          disabled={saving || !may.allowed}
          title={may.reason ?? undefined}
        >
          {saving ? 'Saving…' : label}
        </button>
      </div>
    </footer>
  );
}

interface SettingsFormProps extends Omit<SaveBarProps, 'children'> {
  formRef?: Ref<HTMLFormElement>;
  onSubmit: () => void;
  /** The alert above the fields; a form that places it elsewhere leaves it out. */
  formError?: string | null;
  bodyClassName?: string;
  /** Beside the Save button, e.g. an option of the save. */
  footer?: ReactNode;
  children: ReactNode;
}

/** A settings card's form: its fields under the alert, and the save bar at its foot. */
export function SettingsForm({
  formRef,
  onSubmit,
  formError,
  bodyClassName,
  footer,
  children,
  ...saveBar
}: SettingsFormProps) {
  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <div className={`settings-card-body${bodyClassName ? ` ${bodyClassName}` : ''}`}>
        {formError && <FormAlert message={formError} />}
        {children}
      </div>
      <SaveBar {...saveBar}>{footer}</SaveBar>
    </form>
  );
}
