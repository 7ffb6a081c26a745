import type { ReactNode, RefObject } from 'react';
import { FormAlert } from '../../components/FormAlert';
import { PlusIcon } from '../../components/icons';

interface RuleFormProps {
  formRef: RefObject<HTMLFormElement | null>;
  formError: string | null;
  onSubmit: () => void;
  children: ReactNode;
}

/** A rule card's form that adds a row: its fields under the alert. */
export function RuleForm({ formRef, formError, onSubmit, children }: RuleFormProps) {
  return (
    <form
      ref={formRef}
      noValidate
      className="settings-card-body rule-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {formError && <FormAlert message={formError} />}
      {children}
    </form>
  );
}

/** The submit button of a rule card's add form. */
export function AddRuleButton({ label, saving }: { label: string; saving: boolean }) {
  return (
    <button type="submit" className="button rule-form-submit" disabled={saving}>
      <PlusIcon />
      {label}
    </button>
  );
}

interface RuleListFrameProps {
  listRef: RefObject<HTMLDivElement | null>;
  /** Shown instead of the list while it has no rows. */
  empty: string | null;
  children: ReactNode;
}

/** The frame under a rule card's form: its rows, or a sentence saying there are none. */
export function RuleListFrame({ listRef, empty, children }: RuleListFrameProps) {
  return (
    <div className="rule-list-frame" ref={listRef}>
      {empty === null ? children : <p className="rule-empty">{empty}</p>}
    </div>
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
      className={`rule-row ${className}${past ? ' is-past' : ''}${highlighted ? ' is-highlighted' : ''}`}
    >
      {children}
      <button type="button" className="button button-small button-remove" title={removeTitle} onClick={onRemove}>
        Remove
      </button>
    </li>
  );
}
