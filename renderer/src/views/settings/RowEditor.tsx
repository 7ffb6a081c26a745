import type { InputHTMLAttributes, ReactNode } from 'react';
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon } from '../../components/icons';
import type { EditorRow } from './keyed-rows-model';
import type { RowViewProps } from './useRowsEditor';

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

/** The part of a row's view the name and key cells use. */
type KeyedRowView<R extends EditorRow> = Pick<
  RowViewProps<R, 'name' | 'key'>,
  'row' | 'errors' | 'onChange' | 'onTouch'
>;

interface RowCellProps<R extends EditorRow> {
  view: KeyedRowView<R>;
  /** "Gate 3": the inputs are "Gate 3 name" and "Gate 3 key". */
  label: string;
}

/** A row's name; leaving it may show the key's message too, since a new row's key follows the name. */
export function RowNameInput<R extends EditorRow>({
  view,
  label,
  placeholder,
}: RowCellProps<R> & { placeholder: string }) {
  const { row, errors } = view;
  return (
    <RowInput
      uid={row.uid}
      field="name"
      error={errors.name}
      aria-label={`${label} name`}
      value={row.name}
      placeholder={placeholder}
      onChange={(name) => view.onChange({ name } as Partial<R>)}
      onBlur={() => view.onTouch('name', 'key')}
    />
  );
}

/** A new row's key, as typed; a saved row's key cannot change (`kept` says why). */
export function RowKey<R extends EditorRow>({ view, label, kept }: RowCellProps<R> & { kept: string }) {
  const { row, errors } = view;
  return row.isNew ? (
    <RowInput
      uid={row.uid}
      field="key"
      error={errors.key}
      className="input input-mono"
      aria-label={`${label} key`}
      value={row.key}
      spellCheck={false}
      onChange={(key) => view.onChange({ key } as Partial<R>)}
      onBlur={() => view.onTouch('key')}
    />
  ) : (
    <>
      <code className="phase-key" title={kept}>
        {row.key}
      </code>
      <RowMessage uid={row.uid} field="key" error={errors.key} />
    </>
  );
}

interface RowActionsProps {
  view: Pick<RowViewProps<EditorRow, string>, 'row' | 'index' | 'count' | 'onMove' | 'onRemove'>;
  /** The row's name as the buttons say it: "Move Unit tests up". */
  label: string;
  /** "Remove" or "Delete", and the button's tooltip. */
  removeVerb: string;
  removeTitle: string;
  canRemove: boolean;
}

const MOVES = [
  { delta: -1, direction: 'up', Icon: ArrowUpIcon },
  { delta: 1, direction: 'down', Icon: ArrowDownIcon },
] as const;

/** Move up, move down and remove, at the end of a row. */
export function RowActions({ view, label, removeVerb, removeTitle, canRemove }: RowActionsProps) {
  const { row, index, count, onMove, onRemove } = view;
  return (
    <div className="phase-actions">
      {MOVES.map(({ delta, direction, Icon }) => (
        <button
          key={direction}
          type="button"
          className="icon-button"
          aria-label={`Move ${label} ${direction}`}
          title={`Move ${direction}`}
          data-row-control={`${row.uid}:${direction}`}
          disabled={delta < 0 ? index === 0 : index === count - 1}
          onClick={() => onMove(delta)}
        >
          <Icon />
        </button>
      ))}
      <button
        type="button"
        className="icon-button icon-button-danger"
        aria-label={`${removeVerb} ${label}`}
        title={removeTitle}
        data-row-control={`${row.uid}:remove`}
        disabled={!canRemove}
        onClick={onRemove}
      >
        <TrashIcon />
      </button>
    </div>
  );
}

/** A message about the editor's list as a whole, under its table. */
export function RowListMessage({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="field-error" role="alert">
      {message}
    </p>
  ) : null;
}

/** A column between the row number and the actions: its heading, and its name in `<prefix>-col-<name>`. */
export type RowColumn = readonly [heading: string, name?: string];

interface RowTableProps {
  /** The table is `<prefix>-table`, its columns `<prefix>-col-<name>`. */
  prefix: string;
  columns: readonly RowColumn[];
  describedBy?: string;
  /** The row groups (`tbody`). */
  children: ReactNode;
}

/** The framed table of an editor's rows: the row number, the columns, the row's actions. */
export function RowTable({ prefix, columns, describedBy, children }: RowTableProps) {
  const hidden = (heading: string) => <span className="visually-hidden">{heading}</span>;
  return (
    <div className="table-frame">
      <table className={`row-table ${prefix}-table`} aria-describedby={describedBy}>
        <thead>
          <tr>
            <th scope="col" className={`${prefix}-col-index`}>
              {hidden('Order')}
            </th>
            {columns.map(([heading, name]) => (
              <th key={heading} scope="col" className={name && `${prefix}-col-${name}`}>
                {heading}
              </th>
            ))}
            <th scope="col" className={`${prefix}-col-actions`}>
              {hidden('Actions')}
            </th>
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}

interface RowsFootProps {
  /** "Add gate": appends a row; where focus goes when the last row is removed. */
  addLabel: string;
  canAdd: boolean;
  onAdd: () => void;
  /** Other ways to add, and what the rows add up to. */
  children: ReactNode;
}

/** Under an editor's rows: the buttons that add one, and a summary. */
export function RowsFoot({ addLabel, canAdd, onAdd, children }: RowsFootProps) {
  return (
    <div className="template-actions">
      <button type="button" className="button" data-row-control="add" disabled={!canAdd} onClick={onAdd}>
        <PlusIcon />
        {addLabel}
      </button>
      {children}
    </div>
  );
}
