import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { afterPointerRelease } from '../../components/pointer-release';
import type { LifecycleTemplate, PhaseKind } from '../../../../shared/cadence';
import { ApiCallError } from '../../api/client';
import { CheckboxField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PlusIcon } from '../../components/icons';
import { useSettingsStore } from '../../stores/settings';
import { toast } from '../../stores/toasts';
import { ArrowDownIcon, ArrowUpIcon, TrashIcon } from '../../components/icons';
import { SaveBar, SettingsSection } from './SettingsSection';
import {
  KIND_OPTIONS,
  MAX_PHASES,
  NO_TEMPLATE_ERRORS,
  PHASE_FIELDS,
  type PhaseErrors,
  type PhaseField,
  type PhaseRow,
  type TemplateErrors,
  type TrainDay,
  addPhase,
  hasTemplateErrors,
  isTemplateChanged,
  lengthOf,
  mergeTemplateErrors,
  movePhase,
  offsetsOf,
  removePhase,
  rowsOf,
  shownTemplateErrors,
  splitTemplateServerErrors,
  templateInput,
  templateLengthOf,
  toggleReleaseDay,
  trainDays,
  updatePhase,
  validateTemplate,
  weekdayOf,
} from './template-model';
import { TemplatePreview } from './TemplatePreview';

let uidCounter = 0;
const newUid = () => `phase-${++uidCounter}`;

interface TemplateSectionProps {
  saved: LifecycleTemplate;
  /** For weekday labels: trains share the anchor's weekdays when the cadence is whole weeks. */
  anchorDate: string | null;
  cadenceDays: number;
  workingDays: readonly number[];
}

/** Where focus goes after a row action, once the rows have re-rendered. */
type FocusTarget = { uid: string; control: 'name' | 'up' | 'down' | 'remove' } | { control: 'add' };

/** The phases of a train in order, edited as a table, with a preview of the whole train life. */
export function TemplateSection({ saved, anchorDate, cadenceDays, workingDays }: TemplateSectionProps) {
  const update = useSettingsStore((s) => s.update);
  const [rows, setRows] = useState<PhaseRow[]>(() => rowsOf(saved, newUid));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<TemplateErrors>(NO_TEMPLATE_ERRORS);
  const [formError, setFormError] = useState<string | null>(null);
  const [applyToPlanned, setApplyToPlanned] = useState(true);
  const [saving, setSaving] = useState(false);
  const tableRef = useRef<HTMLDivElement>(null);
  const focusTarget = useRef<FocusTarget | null>(null);

  function reset() {
    setRows(rowsOf(saved, newUid));
    setTouched(new Set());
    setSubmitted(false);
    setServerErrors(NO_TEMPLATE_ERRORS);
    setFormError(null);
  }

  // A save (here or by a refresh) brings a new stored template: the editor starts from it.
  const savedKey = JSON.stringify(saved);
  const [shownKey, setShownKey] = useState(savedKey);
  if (shownKey !== savedKey) {
    setShownKey(savedKey);
    reset();
  }

  useEffect(() => {
    const target = focusTarget.current;
    if (!target) return;
    focusTarget.current = null;
    const root = tableRef.current;
    if (!root) return;
    if (target.control === 'add') {
      root.querySelector<HTMLElement>('[data-phase-control="add"]')?.focus();
      return;
    }
    const find = (control: string) =>
      root.querySelector<HTMLButtonElement | HTMLInputElement>(`[data-phase-control="${target.uid}:${control}"]`);
    // A row moved to the top or bottom has that arrow disabled; the other arrow keeps focus in the row.
    const wanted = find(target.control);
    const fallback = target.control === 'up' ? find('down') : target.control === 'down' ? find('up') : null;
    (wanted && !wanted.disabled ? wanted : fallback)?.focus();
  }, [rows]);

  const clientErrors = useMemo(() => validateTemplate(rows), [rows]);
  const errors = mergeTemplateErrors(shownTemplateErrors(clientErrors, touched, submitted), serverErrors);
  const dirty = isTemplateChanged(saved, rows);
  const offsets = offsetsOf(rows);
  const total = templateLengthOf(rows);
  const days = trainDays(total, anchorDate, cadenceDays, workingDays);

  function change(index: number, patch: Partial<PhaseRow>) {
    const uid = rows[index]?.uid;
    setRows((r) => updatePhase(r, index, patch));
    // A server verdict is about what it saw; once the row changes it no longer applies.
    if (uid)
      setServerErrors((s) => {
        const { [uid]: _stale, ...rest } = s.rows;
        return { rows: rest };
      });
  }

  function touch(uid: string, ...fields: (PhaseField | 'row')[]) {
    afterPointerRelease(() =>
      setTouched((t) => {
        const next = new Set(t);
        for (const f of fields) next.add(`${uid}.${f}`);
        return next.size === t.size ? t : next;
      }),
    );
  }

  function restructure(next: PhaseRow[], focus: FocusTarget) {
    focusTarget.current = focus;
    setRows(next);
    // Indexes changed: verdicts about rows by position no longer hold.
    setServerErrors(NO_TEMPLATE_ERRORS);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    setFormError(null);
    if (hasTemplateErrors(clientErrors)) {
      focusFirstError(clientErrors);
      return;
    }
    setSaving(true);
    try {
      await update({ template: templateInput(rows), applyToPlanned });
      // The server re-lays trains only when the template changed.
      toast(
        dirty && applyToPlanned
          ? 'Saved lifecycle template; trains not started yet were re-laid'
          : 'Saved lifecycle template',
      );
    } catch (err) {
      if (!(err instanceof ApiCallError)) {
        setFormError(err instanceof Error ? err.message : String(err));
        return;
      }
      const { errors: placed, unplaced } = splitTemplateServerErrors(err.error.fields, rows);
      setServerErrors(placed);
      if (!hasTemplateErrors(placed) || unplaced.length > 0) setFormError(err.error.message);
      focusFirstError(placed);
    } finally {
      setSaving(false);
    }
  }

  function focusFirstError(e: TemplateErrors) {
    for (const row of rows) {
      const rowErrors = e.rows[row.uid];
      if (!rowErrors) continue;
      const field = PHASE_FIELDS.find((f) => rowErrors[f]);
      if (!field) continue;
      tableRef.current?.querySelector<HTMLElement>(`[data-phase-control="${row.uid}:${field}"]`)?.focus();
      return;
    }
  }

  return (
    <SettingsSection
      id="settings-template"
      title="Lifecycle template"
      description="The phases every train goes through, in order. Each phase starts the day after the previous one ends."
    >
      <form noValidate onSubmit={(e) => void submit(e)}>
        <div className="settings-card-body template-body" ref={tableRef}>
          {formError && <FormAlert message={formError} />}
          <TemplatePreview rows={rows} offsets={offsets} days={days} />
          <div className="phase-table-frame">
            <table className="phase-table">
              <thead>
                <tr>
                  <th scope="col" className="phase-col-index">
                    <span className="visually-hidden">Order</span>
                  </th>
                  <th scope="col">Phase</th>
                  <th scope="col">Key</th>
                  <th scope="col">Kind</th>
                  <th scope="col" className="phase-col-length">
                    Days
                  </th>
                  <th scope="col" className="phase-col-span">
                    Span
                  </th>
                  <th scope="col" className="phase-col-production">
                    Production
                  </th>
                  <th scope="col" className="phase-col-actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              {rows.map((row, index) => (
                <PhaseRowView
                  key={row.uid}
                  row={row}
                  index={index}
                  count={rows.length}
                  offset={offsets[index] ?? 0}
                  days={days}
                  errors={errors.rows[row.uid] ?? {}}
                  onChange={(patch) => change(index, patch)}
                  onTouch={(...fields) => touch(row.uid, ...fields)}
                  onMove={(delta) =>
                    restructure(movePhase(rows, index, delta), { uid: row.uid, control: delta < 0 ? 'up' : 'down' })
                  }
                  onRemove={() => {
                    const neighbour = rows[index + 1] ?? rows[index - 1];
                    restructure(
                      removePhase(rows, index),
                      neighbour ? { uid: neighbour.uid, control: 'remove' } : { control: 'add' },
                    );
                  }}
                />
              ))}
            </table>
          </div>
          {errors.template && (
            <p id="template-error" className="field-error" role="alert">
              {errors.template}
            </p>
          )}
          <div className="template-actions">
            <button
              type="button"
              className="button"
              data-phase-control="add"
              disabled={rows.length >= MAX_PHASES}
              onClick={() => {
                const uid = newUid();
                restructure(addPhase(rows, uid), { uid, control: 'name' });
              }}
            >
              <PlusIcon />
              Add phase
            </button>
            <span className="template-total">
              {rows.length >= MAX_PHASES ? `At most ${MAX_PHASES} phases. ` : ''}A train lives{' '}
              <strong>{total === 1 ? '1 day' : `${total} days`}</strong>.
            </span>
          </div>
        </div>
        <SaveBar dirty={dirty} saving={saving} label="Save template" onDiscard={reset}>
          <CheckboxField
            name="template-apply"
            label="Re-lay trains that have not started yet"
            hint="Planned trains take the new phases and release days. Trains that have started keep their dates."
            checked={applyToPlanned}
            onChange={setApplyToPlanned}
            onBlur={() => undefined}
          />
        </SaveBar>
      </form>
    </SettingsSection>
  );
}

interface PhaseRowViewProps {
  row: PhaseRow;
  index: number;
  count: number;
  offset: number;
  days: readonly TrainDay[];
  errors: PhaseErrors;
  onChange: (patch: Partial<PhaseRow>) => void;
  onTouch: (...fields: (PhaseField | 'row')[]) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

function spanText(offset: number, length: number | null): string {
  if (length === null) return '—';
  return length === 1 ? `Day ${offset + 1}` : `Days ${offset + 1}–${offset + length}`;
}

function PhaseRowView({
  row,
  index,
  count,
  offset,
  days,
  errors,
  onChange,
  onTouch,
  onMove,
  onRemove,
}: PhaseRowViewProps) {
  const n = index + 1;
  const id = (field: string) => `${row.uid}-${field}`;
  const described = (field: PhaseField) => (errors[field] ? `${id(field)}-error` : undefined);
  const length = lengthOf(row);
  const label = row.name.trim() || `phase ${n}`;
  const error = (field: PhaseField) =>
    errors[field] && (
      <p id={`${id(field)}-error`} className="field-error">
        {errors[field]}
      </p>
    );

  return (
    <tbody className={`phase-group${row.production ? ' is-production' : ''}`} data-testid={`phase-${n}`}>
      <tr className="phase-row">
        <td className="phase-col-index">
          <span className={`phase-index phase-kind-${row.kind}`}>{n}</span>
        </td>
        <td>
          <input
            type="text"
            className="input"
            aria-label={`Phase ${n} name`}
            aria-invalid={Boolean(errors.name)}
            aria-describedby={described('name')}
            data-phase-control={`${row.uid}:name`}
            value={row.name}
            placeholder="Name"
            autoComplete="off"
            onChange={(e) => onChange({ name: e.target.value })}
            onBlur={() => onTouch('name', 'key')}
          />
          {error('name')}
        </td>
        <td>
          {row.isNew ? (
            <input
              type="text"
              className="input input-mono"
              aria-label={`Phase ${n} key`}
              aria-invalid={Boolean(errors.key)}
              aria-describedby={described('key')}
              data-phase-control={`${row.uid}:key`}
              value={row.key}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => onChange({ key: e.target.value })}
              onBlur={() => onTouch('key')}
            />
          ) : (
            <code className="phase-key" title="Saved phases keep their key: trains and history refer to it.">
              {row.key}
            </code>
          )}
          {error('key')}
        </td>
        <td>
          <select
            className="input select"
            aria-label={`Phase ${n} kind`}
            aria-invalid={Boolean(errors.kind)}
            aria-describedby={described('kind')}
            data-phase-control={`${row.uid}:kind`}
            value={row.kind}
            onChange={(e) => onChange({ kind: e.target.value as PhaseKind })}
            onBlur={() => onTouch('kind')}
          >
            {KIND_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          {error('kind')}
        </td>
        <td className="phase-col-length">
          <input
            type="text"
            inputMode="numeric"
            className="input input-number"
            aria-label={`Phase ${n} length in days`}
            aria-invalid={Boolean(errors.lengthDays)}
            aria-describedby={described('lengthDays')}
            data-phase-control={`${row.uid}:lengthDays`}
            value={row.lengthDays}
            autoComplete="off"
            onChange={(e) => onChange({ lengthDays: e.target.value })}
            onBlur={() => onTouch('lengthDays')}
          />
          {error('lengthDays')}
        </td>
        <td className="phase-col-span">
          <span className="phase-span">{spanText(offset, length)}</span>
        </td>
        <td className="phase-col-production">
          <input
            type="checkbox"
            className="phase-production"
            aria-label={`Phase ${n} is a production phase`}
            checked={row.production}
            onChange={(e) => {
              onChange({ production: e.target.checked });
              onTouch('releaseDays');
            }}
          />
        </td>
        <td className="phase-col-actions">
          <div className="phase-actions">
            <button
              type="button"
              className="icon-button"
              aria-label={`Move ${label} up`}
              title="Move up"
              data-phase-control={`${row.uid}:up`}
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
              data-phase-control={`${row.uid}:down`}
              disabled={index === count - 1}
              onClick={() => onMove(1)}
            >
              <ArrowDownIcon />
            </button>
            <button
              type="button"
              className="icon-button icon-button-danger"
              aria-label={`Delete ${label}`}
              title="Delete phase"
              data-phase-control={`${row.uid}:remove`}
              disabled={count === 1}
              onClick={onRemove}
            >
              <TrashIcon />
            </button>
          </div>
        </td>
      </tr>
      {(row.production || errors.releaseDays || errors.row) && (
        <tr className="phase-detail-row">
          <td />
          <td colSpan={7}>
            {row.production && length !== null && (
              <ReleaseDayPicker
                row={row}
                n={n}
                length={length}
                offset={offset}
                days={days}
                describedBy={described('releaseDays')}
                onToggle={(day) => {
                  onChange({ releaseDays: toggleReleaseDay(row, day) });
                  onTouch('releaseDays');
                }}
              />
            )}
            {error('releaseDays')}
            {errors.row && <p className="field-error">{errors.row}</p>}
          </td>
        </tr>
      )}
    </tbody>
  );
}

interface ReleaseDayPickerProps {
  row: PhaseRow;
  n: number;
  length: number;
  offset: number;
  days: readonly TrainDay[];
  describedBy: string | undefined;
  onToggle: (day: number) => void;
}

/** One toggle per day of a production phase; the ones on are its planned release days. */
function ReleaseDayPicker({ row, n, length, offset, days, describedBy, onToggle }: ReleaseDayPickerProps) {
  return (
    <fieldset className="release-days" aria-describedby={describedBy}>
      <legend className="release-days-legend">
        Release days<span className="visually-hidden"> of phase {n}</span>{' '}
        <span className="release-days-hint">by day of the phase</span>
      </legend>
      <div className="release-settings-chips">
        {Array.from({ length }, (_, day) => {
          const trainDay = days[offset + day];
          const weekday = weekdayOf(days, offset + day);
          const on = row.releaseDays.includes(day);
          const offDay = trainDay !== undefined && !trainDay.working;
          return (
            <label
              key={day}
              className={`settings-chip${on ? ' is-on' : ''}${offDay ? ' is-off-day' : ''}`}
              title={offDay ? `Not a working day: a release planned on it moves to the next working day.` : undefined}
            >
              <input
                type="checkbox"
                className="settings-chip-input"
                data-phase-control={day === 0 ? `${row.uid}:releaseDays` : undefined}
                aria-label={weekday ? `Day ${day + 1} (${weekday})` : `Day ${day + 1}`}
                checked={on}
                onChange={() => onToggle(day)}
              />
              <span className="settings-chip-number" aria-hidden="true">
                {day + 1}
              </span>
              {weekday && (
                <span className="settings-chip-weekday" aria-hidden="true">
                  {weekday}
                </span>
              )}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
