import { z } from 'zod';
import { exportSelectionSchema, type ExportSelection } from './snapshot';

// The export formats, their files and the request every transport sends: the
// backend renders the text formats; PDF is the printable HTML printed by a
// browser engine (Electron's printToPDF, headless Chromium for the CLI, the
// browser's own print in browser mode).

/** What the backend renders as text. */
const RENDER_FORMATS = ['ics', 'csv', 'json', 'md', 'html', 'atom'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];

/** What a person can save: the text formats and PDF. */
export const FILE_FORMATS = [...RENDER_FORMATS, 'pdf'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export const PAPER_SIZES = ['a4', 'letter'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

export const FORMAT_INFO: Record<FileFormat, { label: string; extension: string; mimeType: string }> = {
  ics: { label: 'iCalendar', extension: 'ics', mimeType: 'text/calendar; charset=utf-8' },
  csv: { label: 'CSV (rollout schedule)', extension: 'csv', mimeType: 'text/csv; charset=utf-8' },
  json: { label: 'JSON (whole plan)', extension: 'json', mimeType: 'application/json; charset=utf-8' },
  md: { label: 'Markdown summary', extension: 'md', mimeType: 'text/markdown; charset=utf-8' },
  html: { label: 'Printable schedule (HTML)', extension: 'html', mimeType: 'text/html; charset=utf-8' },
  pdf: { label: 'Printable schedule (PDF)', extension: 'pdf', mimeType: 'application/pdf' },
  atom: { label: 'Atom feed (release notes)', extension: 'atom', mimeType: 'application/atom+xml; charset=utf-8' },
};

const formatError = (formats: readonly string[]) => `Format must be one of: ${formats.join(', ')}.`;

const exportOptionsSchema = z
  .object({
    /** CSV: start with a UTF-8 byte order mark, so Excel reads accents and emoji. */
    bom: z.boolean().default(false),
    /** Printable schedule: the paper it is laid out for (landscape). */
    paper: z.enum(PAPER_SIZES, { error: 'Paper must be a4 or letter.' }).default('a4'),
  })
  .strict()
  .prefault({});
export type ExportOptions = z.output<typeof exportOptionsSchema>;

/** An export request: what to export, in which of `formats`, with which options. */
function exportRequestSchema<const Formats extends readonly [string, ...string[]]>(formats: Formats) {
  return z
    .object({
      selection: exportSelectionSchema,
      format: z.enum(formats, { error: formatError(formats) }),
      options: exportOptionsSchema,
    })
    .strict();
}

export const exportRenderRequestSchema = exportRequestSchema(RENDER_FORMATS);
export const exportSaveRequestSchema = exportRequestSchema(FILE_FORMATS);
export type ExportSaveRequest = z.output<typeof exportSaveRequestSchema>;

/** A file name that every system accepts: letters, digits, dots, hyphens and underscores. */
function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
}

/** What a file is named after: what it holds (the schedule, one release, its notes), else the calendar. */
const FILE_BASE: Partial<Record<FileFormat, string>> = {
  csv: 'rollout-schedule',
  md: 'release',
  atom: 'release-notes',
};

/**
 * The file an export suggests: `release-calendar.ics`, `rollout-schedule-2027.03.csv`,
 * `release-2027.03.md`, `release-notes.atom`, `release-calendar-us-east-3.ics`,
 * `release-calendar-2027-01-01-to-2027-03-31.pdf`. The publish folder uses the names of the whole plan.
 */
export function exportFileName(format: FileFormat, selection: ExportSelection, trainVersion?: string): string {
  const base = FILE_BASE[format] ?? 'release-calendar';
  let suffix: string;
  switch (selection.kind) {
    case 'all':
      suffix = '';
      break;
    case 'train':
      suffix = safe(trainVersion ?? `train-${selection.trainId}`);
      break;
    case 'deployment':
      suffix = selection.key;
      break;
    case 'range':
      suffix = `${selection.from}-to-${selection.to}`;
      break;
  }
  return `${suffix ? `${base}-${suffix}` : base}.${FORMAT_INFO[format].extension}`;
}
