import type { InputHTMLAttributes } from 'react';
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon } from '../../components/icons';

// The controls of an editor row (see useRowsEditor): each carries `data-row-control`
// so focus can find it again after the rows re-render, and names its message by id.

/** The id of the message under a row's field. */
const messageId = (uid: string, field: string) => `${uid}-${field}-error`;

/** What a row's control needs to be tied to its message and found again for focus. */
export function rowControlProps(uid: string, field: string, error: string | undefined) {
  return {
    'aria-invalid': Boolean(error),
    'aria-describedby': error ? messageId(uid, field) : undefined,
    'data-row-control': `${uid}:${field}`,
  };
}

/** A row's message about one field (or about the row as a whole, `row`). */
export function RowMessage({ uid, field, error }: { uid: string; field: string; error: string | undefined }) {
  return error ? (
    <p id={messageId(uid, field)} className="field-error">
      {error}
    </p>
  ) : null;
}

interface RowInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  uid: string;
  field: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
}

/** A text input of a row, labelled by `aria-label`, with its message under it. */
export function RowInput({ uid, field, error, value, onChange, className = 'input', ...attributes }: RowInputProps) {
  return (
    <>
      <input
        type="text"
        className={className}
        autoComplete="off"
        {...attributes}
        {...rowControlProps(uid, field, error)}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <RowMessage uid={uid} field={field} error={error} />
    </>
  );
}

interface RowActionsProps {
  uid: string;
  /** The row's name as the buttons say it: "Move Unit tests up". */
  label: string;
  index: number;
  count: number;
  /** "Remove" or "Delete", and the button's tooltip. */
  removeVerb: string;
  removeTitle: string;
  canRemove: boolean;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

/** Move up, move down and remove, at the end of a row. */
export function RowActions({
  uid,
  label,
  index,
  count,
  removeVerb,
  removeTitle,
  canRemove,
  onMove,
  onRemove,
}: RowActionsProps) {
  return (
    <div className="phase-actions">
      <button
        type="button"
        className="icon-button"
        aria-label={`Move ${label} up`}
        title="Move up"
        data-row-control={`${uid}:up`}
        disabled={index === 0}
        onClick={() => onMove(-1)}
      >
        <ArrowUpIcon />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={`Move ${label} down`}
        title="Move down"
        data-row-control={`${uid}:down`}
        disabled={index === count - 1}
        onClick={() => onMove(1)}
      >
        <ArrowDownIcon />
      </button>
      <button
        type="button"
        className="icon-button icon-button-danger"
        aria-label={`${removeVerb} ${label}`}
        title={removeTitle}
        data-row-control={`${uid}:remove`}
        disabled={!canRemove}
        onClick={onRemove}
      >
        <TrashIcon />
      </button>
    </div>
  );
}

/** A button under an editor's rows that appends one; `add` marks the one focus goes to when the last row is removed. */
export function AddRowButton({
  label,
  disabled,
  focusTarget = false,
  onClick,
}: {
  label: string;
  disabled: boolean;
  focusTarget?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className="button"
      data-row-control={focusTarget ? 'add' : undefined}
      disabled={disabled}
      onClick={onClick}
    >
      <PlusIcon />
      {label}
    </button>
  );
}
