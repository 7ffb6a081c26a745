import { useRef, useState } from 'react';
import type { LifecycleTemplate, PhaseKind } from '../../../../shared/cadence';
import { CheckboxField } from '../../components/Field';
import { useSettingsStore } from '../../stores/settings';
import { toast } from '../../stores/toasts';
import { AddRowButton, RowActions, RowInput, RowMessage, rowControlProps } from './RowEditor';
import { SettingsForm, SettingsSection } from './SettingsSection';
import {
  KIND_OPTIONS,
  MAX_PHASES,
  type PhaseErrors,
  type PhaseField,
  type PhaseRow,
  TEMPLATE_ERRORS,
  type TrainDay,
  addPhase,
  isTemplateChanged,
  lengthOf,
  movePhase,
  offsetsOf,
  removePhase,
  rowsOf,
  templateInput,
  templateLengthOf,
  toggleReleaseDay,
  trainDays,
  updatePhase,
  validateTemplate,
  weekdayOf,
} from './template-model';
import { TemplatePreview } from './TemplatePreview';
import { useResetOnSaved } from './useResetOnSaved';
import { newRowUid, useRowsEditor } from './useRowsEditor';

interface TemplateSectionProps {
  saved: LifecycleTemplate;
  /** For weekday labels: trains share the anchor's weekdays when the cadence is whole weeks. */
  anchorDate: string | null;
  cadenceDays: number;
  workingDays: readonly number[];
}

/** The phases of a train in order, edited as a table, with a preview of the whole train life. */
export function TemplateSection({ saved, anchorDate, cadenceDays, workingDays }: TemplateSectionProps) {
  const update = useSettingsStore((s) => s.update);
  const [applyToPlanned, setApplyToPlanned] = useState(true);
  const formRef = useRef<HTMLFormElement>(null);
  const editor = useRowsEditor({
    initial: () => rowsOf(saved, newRowUid),
    table: TEMPLATE_ERRORS,
    validate: validateTemplate,
    update: updatePhase,
    root: formRef,
  });
  const { rows, errors } = editor;
  useResetOnSaved(saved, (template) => editor.reset(rowsOf(template, newRowUid)));

  const dirty = isTemplateChanged(saved, rows);
  const offsets = offsetsOf(rows);
  const total = templateLengthOf(rows);
  const days = trainDays(total, anchorDate, cadenceDays, workingDays);

  function submit() {
    void editor.submit(async (r) => {
      await update({ template: templateInput(r), applyToPlanned });
      // The server re-lays trains only when the template changed.
      toast(
        dirty && applyToPlanned
          ? 'Saved lifecycle template; trains not started yet were re-laid'
          : 'Saved lifecycle template',
      );
    });
  }

  return (
    <SettingsSection
      id="settings-template"
      title="Lifecycle template"
      description="The phases every train goes through, in order. Each phase starts the day after the previous one ends."
    >
      <SettingsForm
        formRef={formRef}
        onSubmit={submit}
        formError={editor.formError}
        bodyClassName="template-body"
        dirty={dirty}
        saving={editor.saving}
        label="Save template"
        onDiscard={() => editor.reset(rowsOf(saved, newRowUid))}
        footer={
          <CheckboxField
            name="template-apply"
            label="Re-lay trains that have not started yet"
            hint="Planned trains take the new phases and release days. Trains that have started keep their dates."
            checked={applyToPlanned}
            onChange={setApplyToPlanned}
            onBlur={() => undefined}
          />
        }
      >
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
                onChange={(patch) => editor.change(index, patch)}
                onTouch={(...fields) => editor.touch(row.uid, ...fields)}
                onMove={(delta) => editor.moved(movePhase(rows, index, delta), index, delta)}
                onRemove={() => editor.removed(removePhase(rows, index), index)}
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
          <AddRowButton
            label="Add phase"
            focusTarget
            disabled={rows.length >= MAX_PHASES}
            onClick={() => {
              const uid = newRowUid();
              editor.added(addPhase(rows, uid), uid);
            }}
          />
          <span className="template-total">
            {rows.length >= MAX_PHASES ? `At most ${MAX_PHASES} phases. ` : ''}A train lives{' '}
            <strong>{total === 1 ? '1 day' : `${total} days`}</strong>.
          </span>
        </div>
      </SettingsForm>
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
  const { uid } = row;
  const length = lengthOf(row);

  return (
    <tbody className={`phase-group${row.production ? ' is-production' : ''}`} data-testid={`phase-${n}`}>
      <tr className="phase-row">
        <td className="phase-col-index">
          <span className={`phase-index phase-kind-${row.kind}`}>{n}</span>
        </td>
        <td>
          <RowInput
            uid={uid}
            field="name"
            error={errors.name}
            aria-label={`Phase ${n} name`}
            value={row.name}
            placeholder="Name"
            onChange={(name) => onChange({ name })}
            onBlur={() => onTouch('name', 'key')}
          />
        </td>
        <td>
          {row.isNew ? (
            <RowInput
              uid={uid}
              field="key"
              error={errors.key}
              className="input input-mono"
              aria-label={`Phase ${n} key`}
              value={row.key}
              spellCheck={false}
              onChange={(key) => onChange({ key })}
              onBlur={() => onTouch('key')}
            />
          ) : (
            <>
              <code className="phase-key" title="Saved phases keep their key: trains and history refer to it.">
                {row.key}
              </code>
              <RowMessage uid={uid} field="key" error={errors.key} />
            </>
          )}
        </td>
        <td>
          <select
            className="input select"
            aria-label={`Phase ${n} kind`}
            {...rowControlProps(uid, 'kind', errors.kind)}
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
          <RowMessage uid={uid} field="kind" error={errors.kind} />
        </td>
        <td className="phase-col-length">
          <RowInput
            uid={uid}
            field="lengthDays"
            error={errors.lengthDays}
            inputMode="numeric"
            className="input input-number"
            aria-label={`Phase ${n} length in days`}
            value={row.lengthDays}
            onChange={(lengthDays) => onChange({ lengthDays })}
            onBlur={() => onTouch('lengthDays')}
          />
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
          <RowActions
            uid={uid}
            label={row.name.trim() || `phase ${n}`}
            index={index}
            count={count}
            removeVerb="Delete"
            removeTitle="Delete phase"
            canRemove={count > 1}
            onMove={onMove}
            onRemove={onRemove}
          />
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
                describedBy={rowControlProps(uid, 'releaseDays', errors.releaseDays)['aria-describedby']}
                onToggle={(day) => {
                  onChange({ releaseDays: toggleReleaseDay(row, day) });
                  onTouch('releaseDays');
                }}
              />
            )}
            <RowMessage uid={uid} field="releaseDays" error={errors.releaseDays} />
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
                data-row-control={day === 0 ? `${row.uid}:releaseDays` : undefined}
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
