import { type FormEvent, useEffect, useState } from 'react';
import type { Deployment } from '../../../../shared/deployment';
import { type Day, formatRange } from '../../../../shared/days';
import type { ExportSelection } from '../../../../shared/export/snapshot';
import type { TrainView } from '../../../../shared/train';
import { ApiCallError, call, transportKind } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { CheckboxField, Field, RadioGroupField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useCalendarStore } from '../../stores/calendar';
import { toast } from '../../stores/toasts';
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
import { useExportStore } from './export-store';
import './export.css';

const WHAT_CHOICES: readonly { value: ExportWhat; label: string; description: string }[] = [
  { value: 'all', label: 'Everything', description: 'Every train, its phases and waves.' },
  { value: 'train', label: 'A train', description: 'Its rollout plan, gates and status.' },
  { value: 'deployment', label: 'A deployment', description: 'The day it gets each release.' },
  { value: 'range', label: 'A date range', description: 'The trains and waves in those days.' },
];

/** Hands a rendered file to the browser as a download (a Blob behind a link), as the fleet export does. */
function download(fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked on the next task: the download has taken its own reference by then.
  setTimeout(() => URL.revokeObjectURL(url));
}

function describe(selection: ExportSelection, trains: readonly TrainView[]): string {
  switch (selection.kind) {
    case 'all':
      return 'Every train';
    case 'train':
      return `Release ${trains.find((t) => t.id === selection.trainId)?.version ?? selection.trainId} rollout plan`;
    case 'deployment':
      return `Releases to ${selection.key}`;
    case 'range':
      return formatRange(selection.from, selection.to);
  }
}

/** Every train and deployment, fresh: the calendar and fleet views may show filtered or stale lists. */
function useChoices(): { trains: TrainView[]; deployments: Deployment[]; error: string | null } {
  const [trains, setTrains] = useState<TrainView[]>([]);
  const [deployments, setDeployments] = useState<Deployment[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([call('trains.list', {}), call('deployments.list', { status: 'all' })])
      .then(([t, d]) => {
        if (!live) return;
        setTrains(t);
        setDeployments(d.deployments);
      })
      .catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, []);
  return { trains, deployments, error };
}

function ExportDialogForm({ preset, today }: { preset: ExportPreset; today: Day }) {
  const close = useExportStore((s) => s.close);
  const showPrint = useExportStore((s) => s.showPrint);
  const [form, setForm] = useState<ExportForm>(() => initialForm(preset, today));
  const [errors, setErrors] = useState<ExportFormErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const choices = useChoices();

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
      if (transportKind === 'electron') {
        // The main process renders, asks where to save (its own dialog) and writes the file; PDF too.
        const saved = await call('export.save', { selection, format, options });
        if (saved.saved) {
          toast(`Saved ${saved.fileName}`);
          close();
        }
      } else if (format === 'pdf') {
        // A browser prints the printable page itself; "Save as PDF" in its print dialog keeps the file.
        const page = await call('export.render', { selection, format: 'html', options });
        const calendar = useCalendarStore.getState();
        const returnTo = calendar.selectedId;
        // The train panel is modal: it would keep the print view out of reach.
        calendar.closeTrain();
        showPrint({ html: page.content, title: describe(selection, choices.trains), printNow: true }, returnTo);
      } else {
        const file = await call('export.render', { selection, format, options });
        download(file.fileName, file.mimeType, file.content);
        toast(`Downloaded ${file.fileName}`);
        close();
      }
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
        {(problem ?? choices.error) && <FormAlert message={(problem ?? choices.error)!} />}
        <fieldset className="export-fieldset" disabled={busy}>
          <div className="export-what">
            <RadioGroupField
              name="export-what"
              label="What"
              value={form.what}
              options={WHAT_CHOICES}
              onChange={(what) => change({ what })}
              onBlur={() => undefined}
            />
          </div>
          {form.what === 'train' && (
            <Field name="export-train" label="Train" error={errors.train}>
              {(control) => (
                <select
                  {...control}
                  className="input select"
                  value={form.trainId ?? ''}
                  onChange={(e) => change({ trainId: e.target.value === '' ? null : Number(e.target.value) })}
                >
                  <option value="">Choose a train…</option>
                  {choices.trains.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.version} · {formatRange(t.start, t.end)}
                      {t.state === 'active' ? '' : ` (${t.state})`}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {form.what === 'deployment' && (
            <Field name="export-deployment" label="Deployment" error={errors.deployment}>
              {(control) => (
                <select
                  {...control}
                  className="input select"
                  value={form.key}
                  onChange={(e) => change({ key: e.target.value })}
                >
                  <option value="">Choose a deployment…</option>
                  {choices.deployments.map((d) => (
                    <option key={d.key} value={d.key}>
                      {d.key} · {d.name}
                      {d.status === 'retired' ? ' (retired)' : ''}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {form.what === 'range' && (
            <div className="field-row">
              <Field name="export-from" label="From" error={errors.from} hint="First day, included.">
                {(control) => (
                  <input
                    {...control}
                    type="date"
                    className="input"
                    value={form.from}
                    onChange={(e) => change({ from: e.target.value })}
                  />
                )}
              </Field>
              <Field name="export-to" label="To" error={errors.to} hint="Last day, included.">
                {(control) => (
                  <input
                    {...control}
                    type="date"
                    className="input"
                    value={form.to}
                    onChange={(e) => change({ to: e.target.value })}
                  />
                )}
              </Field>
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
              onBlur={() => undefined}
            />
          </div>
          {form.format === 'csv' && (
            <CheckboxField
              name="export-bom"
              label="Start with a byte-order mark (for Excel)"
              hint="Excel then shows accents and other non-English letters correctly."
              checked={form.bom}
              onChange={(bom) => change({ bom })}
              onBlur={() => undefined}
            />
          )}
          {(form.format === 'pdf' || form.format === 'html') && (
            <Field
              name="export-paper"
              label="Paper"
              hint="Landscape. A train prints on one sheet; a calendar on one per quarter."
            >
              {(control) => (
                <select
                  {...control}
                  className="input select export-paper"
                  value={form.paper}
                  onChange={(e) => change({ paper: e.target.value === 'letter' ? 'letter' : 'a4' })}
                >
                  <option value="a4">A4</option>
                  <option value="letter">US Letter</option>
                </select>
              )}
            </Field>
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
