import { useRef, useState } from 'react';
import type { LifecycleTemplate, PhaseKind } from '../../../../shared/cadence';
import { CheckboxField } from '../../components/Field';
import { useSettingsStore } from '../../stores/settings';
import { toast } from '../../stores/toasts';
import {
  RowActions,
  RowInput,
  RowKey,
  RowListMessage,
  type RowColumn,
  RowTable,
  RowsFoot,
  RowMessage,
  RowNameInput,
  rowControlProps,
} from './RowEditor';
import { SettingsForm, SettingsSection } from './SettingsSection';
import {
  KIND_OPTIONS,
  MAX_PHASES,
  type PhaseField,
  type PhaseRow,
  PHASE_ROWS,
  type TrainDay,
  addPhase,
  isTemplateChanged,
  lengthOf,
  offsetsOf,
  rowsOf,
  templateInput,
  templateLengthOf,
  trainDays,
  validateTemplate,
} from './template-model';
import { phaseColours } from './phase-colours';
import { ReleaseDayPicker } from './ReleaseDayPicker';
import { TemplatePreview } from './TemplatePreview';
import { useResetOnSaved } from './useResetOnSaved';
import { type RowViewProps, newRowUid, useRowsEditor } from './useRowsEditor';

const PHASE_COLUMNS: readonly RowColumn[] = [
  ['Phase'],
  ['Key'],
  ['Kind'],
  ['Days', 'length'],
  ['Span', 'span'],
  ['Production', 'production'],
];

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
    model: PHASE_ROWS,
    validate: validateTemplate,
    root: formRef,
  });
  const { rows } = editor;
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
        method="settings.update"
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
          />
        }
      >
        <TemplatePreview rows={rows} offsets={offsets} days={days} />
        <RowTable prefix="phase" columns={PHASE_COLUMNS}>
          {rows.map((row, index) => (
            <PhaseRowView key={row.uid} {...editor.rowProps(index)} offset={offsets[index] ?? 0} days={days} />
          ))}
        </RowTable>
        <RowListMessage id="template-error" message={editor.errors.template} />
        <RowsFoot addLabel="Add phase" canAdd={rows.length < MAX_PHASES} onAdd={() => editor.append(addPhase)}>
          <span className="template-total">
            {rows.length >= MAX_PHASES ? `At most ${MAX_PHASES} phases. ` : ''}A train lives{' '}
            <strong>{total === 1 ? '1 day' : `${total} days`}</strong>.
          </span>
        </RowsFoot>
      </SettingsForm>
    </SettingsSection>
  );
}

interface PhaseRowViewProps extends RowViewProps<PhaseRow, PhaseField> {
  offset: number;
  days: readonly TrainDay[];
}

function spanText(offset: number, length: number | null): string {
  if (length === null) return '—';
  return length === 1 ? `Day ${offset + 1}` : `Days ${offset + 1}–${offset + length}`;
}

function PhaseRowView({ offset, days, ...view }: PhaseRowViewProps) {
  const { row, index, count, errors, onChange, onTouch } = view;
  const n = index + 1;
  const { uid } = row;
  const length = lengthOf(row);

  return (
    <tbody className={`phase-group${row.production ? ' is-production' : ''}`} data-testid={`phase-${n}`}>
      <tr className="phase-row">
        <td className="phase-col-index">
          <span className="phase-index" style={phaseColours(row.kind, { edge: true })}>
            {n}
          </span>
        </td>
        <td>
          <RowNameInput view={view} label={`Phase ${n}`} placeholder="Name" />
        </td>
        <td>
          <RowKey
            view={view}
            label={`Phase ${n}`}
            kept="Saved phases keep their key: trains and history refer to it."
          />
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
            view={view}
            label={row.name.trim() || `phase ${n}`}
            removeVerb="Delete"
            removeTitle="Delete phase"
            canRemove={count > 1}
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
                phaseDays={days.slice(offset, offset + length)}
                describedBy={rowControlProps(uid, 'releaseDays', errors.releaseDays)['aria-describedby']}
                onChange={(releaseDays) => {
                  onChange({ releaseDays });
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
