import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { type Day, formatRange } from '../../../../shared/days';
import { ApiCallError, transportKind } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { CheckboxField, Field, RadioGroupField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useCalendarStore } from '../../stores/calendar';
import {
  type ExportForm,
  type ExportFormErrors,
  type ExportPreset,
  type ExportWhat,
  FORMAT_CHOICES,
  actionLabel,
  buildRequest,
  initialForm,
} from './export-model';
import { useExportStore } from '../../stores/export';
import './export.css';

const WHAT_CHOICES: readonly { value: ExportWhat; label: string; description: string }[] = [
  { value: 'all', label: 'Everything', description: 'Every train, its phases and waves.' },
  { value: 'train', label: 'A train', description: 'Its rollout plan, gates and status.' },
  { value: 'deployment', label: 'A deployment', description: 'The day it gets each release.' },
  { value: 'range', label: 'A date range', description: 'The trains and waves in those days.' },
];

interface ControlFieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: string | number;
  onChange: (value: string) => void;
}

/** A day, picked with the browser's date control. */
function DayField({ value, onChange, ...field }: ControlFieldProps) {
  return (
    <Field {...field}>
      {(control) => (
        <input {...control} type="date" className="input" value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </Field>
  );
}

/** One of the options given as children. */
function SelectField({
  value,
  onChange,
  className,
  children,
  ...field
}: ControlFieldProps & { className?: string; children: ReactNode }) {
  return (
    <Field {...field}>
      {(control) => (
        <select
          {...control}
          className={`input select${className ? ` ${className}` : ''}`}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        >
          {children}
        </select>
      )}
    </Field>
  );
}

function ExportDialogForm({ preset, today }: { preset: ExportPreset; today: Day }) {
  const close = useExportStore((s) => s.close);
  const [form, setForm] = useState<ExportForm>(() => initialForm(preset, today));
  const [errors, setErrors] = useState<ExportFormErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const choices = useExportStore((s) => s.choices);
  const choicesError = useExportStore((s) => s.choicesError);
  const exportSchedule = useExportStore((s) => s.exportSchedule);

  useEffect(() => {
    void useExportStore.getState().loadChoices();
  }, []);

  function change(patch: Partial<ExportForm>) {
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
    setProblem(null);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const built = buildRequest(form);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    const { selection, format, options } = built;
    setBusy(true);
    setProblem(null);
    try {
      await exportSchedule({ selection, format, options });
    } catch (err) {
      setProblem(err instanceof ApiCallError || err instanceof Error ? err.message : 'The export failed; try again.');
    } finally {
      setBusy(false);
    }
  }

  const action = actionLabel(form.format, transportKind);
  return (
    <form className="export-form" noValidate aria-busy={busy} onSubmit={(e) => void submit(e)}>
      <div className="modal-body export-body">
        <h2 className="export-title">Export the schedule</h2>
        <p className="modal-subtitle">
          For calendars, spreadsheets and scripts, or printed for the wall. Files show the plan as it is now.
        </p>
        {(problem ?? choicesError) && <FormAlert message={(problem ?? choicesError)!} />}
        <fieldset className="export-fieldset" disabled={busy}>
          <div className="export-what">
            <RadioGroupField
              name="export-what"
              label="What"
              value={form.what}
              options={WHAT_CHOICES}
              onChange={(what) => change({ what })}
            />
          </div>
          {form.what === 'train' && (
            <SelectField
              name="export-train"
              label="Train"
              error={errors.train}
              value={form.trainId ?? ''}
              onChange={(id) => change({ trainId: id === '' ? null : Number(id) })}
            >
              <option value="">Choose a train…</option>
              {choices.trains.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.version} · {formatRange(t.start, t.end)}
                  {t.state === 'active' ? '' : ` (${t.state})`}
                </option>
              ))}
            </SelectField>
          )}
          {form.what === 'deployment' && (
            <SelectField
              name="export-deployment"
              label="Deployment"
              error={errors.deployment}
              value={form.key}
              onChange={(key) => change({ key })}
            >
              <option value="">Choose a deployment…</option>
              {choices.deployments.map((d) => (
                <option key={d.key} value={d.key}>
                  {d.key} · {d.name}
                  {d.status === 'retired' ? ' (retired)' : ''}
                </option>
              ))}
            </SelectField>
          )}
          {form.what === 'range' && (
            <div className="field-row">
              <DayField
                name="export-from"
                label="From"
                error={errors.from}
                hint="First day, included."
                value={form.from}
                onChange={(from) => change({ from })}
              />
              <DayField
                name="export-to"
                label="To"
                error={errors.to}
                hint="Last day, included."
                value={form.to}
                onChange={(to) => change({ to })}
              />
            </div>
          )}
          <div className="export-format">
            <RadioGroupField
              name="export-format"
              label="Format"
              value={form.format}
              options={FORMAT_CHOICES}
              error={errors.format}
              onChange={(format) => change({ format })}
            />
          </div>
          {form.format === 'csv' && (
            <CheckboxField
              name="export-bom"
              label="Start with a byte-order mark (for Excel)"
              hint="Excel then shows accents and other non-English letters correctly."
              checked={form.bom}
              onChange={(bom) => change({ bom })}
            />
          )}
          {(form.format === 'pdf' || form.format === 'html') && (
            <SelectField
              name="export-paper"
              label="Paper"
              hint="Landscape. A train prints on one sheet; a calendar on one per quarter."
              className="export-paper"
              value={form.paper}
              onChange={(paper) => change({ paper: paper === 'letter' ? 'letter' : 'a4' })}
            >
              <option value="a4">A4</option>
              <option value="letter">US Letter</option>
            </SelectField>
          )}
        </fieldset>
      </div>
      <div className="export-actions">
        <p className="export-progress" role="status">
          {busy && (
            <>
              <span className="spinner export-spinner" aria-hidden="true" />
              Preparing the {form.format === 'pdf' ? 'printable schedule' : `.${form.format} file`}…
            </>
          )}
        </p>
        <button type="button" className="button" onClick={close}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Preparing…' : action}
        </button>
      </div>
    </form>
  );
}

/** The Export dialog: what, which format, and the file (a download, the desktop save dialog, or the print view). */
export function ExportDialog() {
  const preset = useExportStore((s) => s.preset);
  const close = useExportStore((s) => s.close);
  const today = useCalendarStore((s) => s.today);
  if (!preset) return null;
  return (
    <Dialog label="Export the schedule" variant="modal" onClose={close}>
      <ExportDialogForm preset={preset} today={today} />
    </Dialog>
  );
}
