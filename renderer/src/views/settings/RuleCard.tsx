import type { ReactNode, RefObject } from 'react';
import { FormAlert } from '../../components/FormAlert';
import { PlusIcon } from '../../components/icons';
import { RemoveButton } from '../../components/RemoveButton';
import { ConfirmRemoveDialog, type ConfirmRemoveDialogProps } from './ConfirmRemoveDialog';
import { SettingsSection } from './SettingsSection';
import type { MethodName } from '../../../../shared/method-names';
import { useMayCall } from '../../stores/session';

interface RuleCardProps {
  /** The card's element id (see SettingsSection). */
  id: string;
  title: string;
  description: string;
  /** From useRuleList. */
  list: {
    form: { formError: string | null };
    submit: () => void;
    confirmRemove: ConfirmRemoveDialogProps | null;
  };
  formRef: RefObject<HTMLFormElement | null>;
  listRef: RefObject<HTMLDivElement | null>;
  /** The add form's fields and its button. */
  fields: ReactNode;
  /** Shown instead of the rules while there are none. */
  empty: string | null;
  /** The rules. */
  children: ReactNode;
}

/** A card of calendar rules: a form that adds one, the rules, and the question before one is removed. */
export function RuleCard({ id, title, description, list, formRef, listRef, fields, empty, children }: RuleCardProps) {
  return (
    <SettingsSection id={id} title={title} description={description}>
      <form
        ref={formRef}
        noValidate
        className="settings-card-body rule-form"
        onSubmit={(e) => {
          e.preventDefault();
          list.submit();
        }}
      >
        {list.form.formError && <FormAlert message={list.form.formError} />}
        {fields}
      </form>
      <div className="rule-list-frame" ref={listRef}>
        {empty === null ? children : <p className="rule-empty">{empty}</p>}
      </div>
      {list.confirmRemove && <ConfirmRemoveDialog {...list.confirmRemove} />}
    </SettingsSection>
  );
}

/** The submit button of a rule card's add form. */
export function AddRuleButton({ label, saving, method }: { label: string; saving: boolean; method: MethodName }) {
  const may = useMayCall(method);
  return (
    <button
      type="submit"
      className="button rule-form-submit"
      disabled={saving || !may.allowed}
      title={may.reason ?? undefined}
    >
      <PlusIcon />
      {label}
    </button>
  );
}

interface RuleRowProps {
  testId: string;
  /** The row's own class, after `rule-row`. */
  className: string;
  past: boolean;
  highlighted: boolean;
  /** "Remove holiday Christmas Day": the button's tooltip. */
  removeTitle: string;
  onRemove: () => void;
  children: ReactNode;
}

/** One rule in a list: what it is, dimmed once past, and its Remove button. */
export function RuleRow({ testId, className, past, highlighted, removeTitle, onRemove, children }: RuleRowProps) {
  return (
    <li
      data-testid={testId}
      className={`removable-row rule-row ${className}${past ? ' is-past' : ''}${highlighted ? ' is-highlighted' : ''}`}
    >
      {children}
      <RemoveButton title={removeTitle} onClick={onRemove} />
    </li>
  );
}
