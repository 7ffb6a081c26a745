import { type Day, addMonths, endOfMonth, isDay } from '../../../../shared/days';
import type { FileFormat, PaperSize } from '../../../../shared/export/formats';
import type { ExportSelection } from '../../../../shared/export/snapshot';

// The Export dialog's form, as pure functions: what a person picked, what the
// API is asked, and what stops the request before it is sent.

export type ExportWhat = ExportSelection['kind'];

/** How the dialog is opened: from the toolbar (everything), the train panel (that train)… */
export type ExportPreset =
  | { kind: 'all' }
  | { kind: 'train'; trainId: number }
  | { kind: 'deployment'; key: string }
  | { kind: 'range'; from: Day; to: Day };

export interface ExportForm {
  what: ExportWhat;
  trainId: number | null;
  key: string;
  from: string;
  to: string;
  format: FileFormat;
  bom: boolean;
  paper: PaperSize;
}

export type ExportFormErrors = Partial<Record<'train' | 'deployment' | 'from' | 'to' | 'format', string>>;

/** The calendar quarter that holds `day`: what a lead prints for the wall. */
export function quarterOf(day: Day): { from: Day; to: Day } {
  const month = Number(day.slice(5, 7));
  const from = `${day.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
  return { from, to: endOfMonth(addMonths(from, 2)) };
}

export function initialForm(preset: ExportPreset, today: Day): ExportForm {
  const quarter = quarterOf(today);
  return {
    what: preset.kind,
    trainId: preset.kind === 'train' ? preset.trainId : null,
    key: preset.kind === 'deployment' ? preset.key : '',
    from: preset.kind === 'range' ? preset.from : quarter.from,
    to: preset.kind === 'range' ? preset.to : quarter.to,
    // A train opens on its printable plan; everything else on the calendar feed.
    format: preset.kind === 'train' ? 'pdf' : 'ics',
    bom: false,
    paper: 'a4',
  };
}

/** What is asked of the backend: which part of the plan, in which format (PDF too), with which options. */
export interface ExportRequest {
  selection: ExportSelection;
  format: FileFormat;
  options: { bom: boolean; paper: PaperSize };
}

/** The request the form stands for, or what to fix first; nothing is sent while a field is wrong. */
export function buildRequest(
  form: ExportForm,
): ({ ok: true } & ExportRequest) | { ok: false; errors: ExportFormErrors } {
  const errors: ExportFormErrors = {};
  let selection: ExportSelection | null = null;
  switch (form.what) {
    case 'all':
      selection = { kind: 'all' };
      break;
    case 'train':
      if (form.trainId === null) errors.train = 'Choose a train.';
      else selection = { kind: 'train', trainId: form.trainId };
      break;
    case 'deployment':
      if (form.key === '') errors.deployment = 'Choose a deployment.';
      else selection = { kind: 'deployment', key: form.key };
      break;
    case 'range':
      if (!isDay(form.from)) errors.from = 'Choose the first day.';
      if (!isDay(form.to)) errors.to = 'Choose the last day.';
      else if (isDay(form.from) && form.to < form.from) errors.to = 'The last day must be on or after the first.';
      if (!errors.from && !errors.to) selection = { kind: 'range', from: form.from, to: form.to };
      break;
  }
  if (form.format === 'md' && form.what !== 'train')
    errors.format = 'A Markdown summary covers one train: choose "A train" above.';
  if (!selection || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    selection,
    format: form.format,
    options: { bom: form.format === 'csv' && form.bom, paper: form.paper },
  };
}

export interface FormatChoice {
  value: FileFormat;
  label: string;
  description: string;
}

export const FORMAT_CHOICES: readonly FormatChoice[] = [
  { value: 'ics', label: 'iCalendar (.ics)', description: 'For Outlook, Google or Apple Calendar.' },
  { value: 'csv', label: 'CSV (.csv)', description: 'The rollout schedule, a row per deployment.' },
  { value: 'json', label: 'JSON (.json)', description: 'The whole plan, in a versioned schema.' },
  { value: 'md', label: 'Markdown (.md)', description: "A train's summary for chat or email." },
  { value: 'pdf', label: 'PDF', description: 'The printable schedule, to pin to a wall.' },
  { value: 'html', label: 'Printable page (.html)', description: 'The same schedule, as a page to print.' },
  {
    value: 'atom',
    label: 'Atom feed (.atom)',
    description: 'Release notes of the released trains, for a feed reader.',
  },
];

/** What the main button does: a browser downloads, the desktop app asks where to save; PDF in a browser goes through print. */
export function actionLabel(format: FileFormat, transport: 'electron' | 'browser' | 'team'): string {
  if (transport === 'electron') return 'Save…';
  return format === 'pdf' ? 'Open print view' : 'Download';
}
