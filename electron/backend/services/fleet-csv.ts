import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import {
  DEPLOYMENT_STATUSES,
  type Deployment,
  type DeploymentDraft,
  type DeploymentStatus,
  deploymentDraftSchema,
} from '../../../shared/deployment';
import { DomainError, type FieldError } from '../../../shared/errors';
import { parseReleaseWindowText, releaseWindowText, releaseWindowTextProblem } from '../../../shared/release-window';
import { defuse, restore } from '../export/formula-guard';
import { type CsvRecord, controlCharacterProblem, hasUndecodableBytes, readCsvRecords } from './csv-records';

/** The documented columns of a fleet CSV, in export order. README.md lists them for people. */
export const FLEET_CSV_COLUMNS = [
  'key',
  'name',
  'region',
  'time_zone',
  'tier',
  'weight',
  'pairing_group',
  'pin_policy',
  'internal',
  'early_opt_out',
  'release_window',
  'status',
] as const;
type Column = (typeof FLEET_CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly Column[] = ['key', 'name', 'region', 'time_zone'];

const FIELD_TO_COLUMN: Record<string, Column> = {
  key: 'key',
  name: 'name',
  region: 'region',
  timeZone: 'time_zone',
  tier: 'tier',
  weight: 'weight',
  pairingGroup: 'pairing_group',
  pinPolicy: 'pin_policy',
  internal: 'internal',
  earlyOptOut: 'early_opt_out',
  releaseWindow: 'release_window',
};

export interface CsvDeploymentRow {
  line: number;
  draft: DeploymentDraft;
  status: DeploymentStatus;
  /**
   * False when the file has no early_opt_out column (files written before it existed):
   * an existing deployment then keeps its opt-out rather than losing it silently.
   */
  earlyOptOutGiven: boolean;
  /** False when the file has no release_window column: an existing deployment keeps its window. */
  releaseWindowGiven: boolean;
}

const booleanCell = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(
    z.enum(['', 'true', 'false', 'yes', 'no', '1', '0'], { error: 'Use true or false (yes/no and 1/0 also work).' }),
  )
  .transform((s) => s === 'true' || s === 'yes' || s === '1');

/** Where the header is and what it names: lowercased and trimmed, in file order. */
interface Header {
  line: number;
  columns: string[];
}

/** Problems with the header: columns named twice, unknown ones, required ones missing. */
function headerProblems(header: Header): FieldError[] {
  const problems: FieldError[] = [];
  const { line, columns } = header;
  const firstPosition = new Map<string, number>();
  columns.forEach((c, i) => {
    const position = `column ${i + 1}`;
    const control = controlCharacterProblem(c, 'This header cell');
    if (control !== undefined) {
      problems.push({ line, field: position, message: control });
      return;
    }
    const first = firstPosition.get(c);
    if (first !== undefined) {
      problems.push({
        line,
        field: c || '(blank)',
        message: `This column is named twice in the header, as columns ${first + 1} and ${i + 1}; keep one of them.`,
      });
      return;
    }
    firstPosition.set(c, i);
    if (!(FLEET_CSV_COLUMNS as readonly string[]).includes(c))
      problems.push({
        line,
        field: c || '(blank)',
        message: `Unknown column; the columns are ${FLEET_CSV_COLUMNS.join(', ')}.`,
      });
  });
  for (const c of REQUIRED_COLUMNS)
    if (!columns.includes(c)) problems.push({ line, field: c, message: 'Required column is missing from the header.' });
  return problems;
}

/** A row whose cell count differs from the header's, in words that point at the likely cause. */
function cellCountProblem(line: number, cells: number, columns: number): FieldError {
  const cause =
    cells > columns
      ? 'check for a stray comma, and put any name that holds a comma in double quotes'
      : 'check for a missing comma, and put any name that holds a line break in double quotes';
  return {
    line,
    field: 'csv',
    message: `This row has ${cells} cells where the header has ${columns} columns; ${cause}.`,
  };
}

/**
 * Refuses a file whose bytes were not UTF-8, at every cell that shows it. Nothing else read
 * from such a file can be trusted, so this is the only problem reported for it.
 */
function refuseUndecodable(header: Header, records: readonly CsvRecord[]): void {
  const where: FieldError[] = [];
  header.columns.forEach((c, i) => {
    if (hasUndecodableBytes(c)) where.push({ line: header.line, field: `column ${i + 1}`, message: NOT_UTF8 });
  });
  for (const { cells, line } of records)
    cells.forEach((cell, i) => {
      if (hasUndecodableBytes(cell))
        where.push({ line, field: header.columns[i] ?? `column ${i + 1}`, message: NOT_UTF8 });
    });
  const first = where[0];
  if (first !== undefined) throw undecodableFile(`line ${first.line}, column ${first.field}`, where);
}

/**
 * The most deployments one file may import: about half a second of work on this machine
 * (docs/benchmarks.md), so that no import keeps the backend from answering for longer.
 */
export const MAX_IMPORT_ROWS = 20_000;

const NOT_UTF8 = 'This cell holds bytes that are not UTF-8; save the file as UTF-8 and import it again.';

const undecodableFile = (where: string, fields: FieldError[]): DomainError =>
  new DomainError(
    'invalid_input',
    `Nothing was imported: the file is not valid UTF-8 (first at ${where}): save it as UTF-8 and import it again.`,
    fields,
  );

/**
 * Parses a fleet CSV. Throws one DomainError listing every problem, each with its
 * line and column, when anything is wrong; returns rows only when all are good.
 */
export function parseFleetCsv(text: string): CsvDeploymentRow[] {
  let records: CsvRecord[];
  try {
    records = readCsvRecords(text);
  } catch (err) {
    // Undecodable bytes are the likelier cause of a broken quote than the quote itself.
    const at = text.indexOf('\uFFFD');
    if (at < 0) throw err;
    const line = (text.slice(0, at).match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
    throw undecodableFile(`line ${line}`, [
      {
        line,
        field: 'csv',
        message: 'This line holds bytes that are not UTF-8; save the file as UTF-8 and import it again.',
      },
    ]);
  }
  const [first, ...rest] = records;
  const header: Header = { line: first?.line ?? 1, columns: (first?.cells ?? []).map((c) => c.toLowerCase()) };
  refuseUndecodable(header, rest);

  const problems = headerProblems(header);
  if (problems.length > 0) throw importError(problems);
  if (rest.length === 0) throw new DomainError('invalid_input', 'The CSV file has a header but no deployments.');
  if (rest.length > MAX_IMPORT_ROWS) {
    throw new DomainError(
      'invalid_input',
      `Nothing was imported: the file lists ${rest.length.toLocaleString('en-US')} deployments, and one import takes at most ${MAX_IMPORT_ROWS.toLocaleString('en-US')}; split the file and import each part.`,
    );
  }

  const rows: CsvDeploymentRow[] = [];
  const seen = new Map<string, number>();
  for (const { cells, line } of rest) {
    if (cells.length !== header.columns.length) {
      problems.push(cellCountProblem(line, cells.length, header.columns.length));
      continue;
    }
    const record: Partial<Record<string, string>> = Object.fromEntries(header.columns.map((c, i) => [c, cells[i]]));
    const cell = (c: Column): string | undefined => {
      const v = record[c];
      return v === undefined || v === '' ? undefined : restore(v);
    };
    // A cell with control characters gets that one problem: what else it breaks would echo them.
    const unprintable = new Map<string, string>();
    header.columns.forEach((c, i) => {
      const control = controlCharacterProblem(cells[i] ?? '');
      if (control !== undefined) unprintable.set(c, control);
    });
    const rowProblems: FieldError[] = [];
    let weight: number | undefined;
    const weightText = cell('weight');
    if (weightText !== undefined) {
      weight = /^-?\d+$/.test(weightText.replace(/[_,]/g, '')) ? Number(weightText.replace(/[_,]/g, '')) : Number.NaN;
      if (Number.isNaN(weight))
        rowProblems.push({ line, field: 'weight', message: `"${weightText}" is not a whole number.` });
    }
    const internal = booleanCell.safeParse(record.internal ?? '');
    if (!internal.success)
      rowProblems.push({ line, field: 'internal', message: internal.error.issues[0]?.message ?? 'Invalid.' });
    const earlyOptOut = booleanCell.safeParse(record.early_opt_out ?? '');
    if (!earlyOptOut.success)
      rowProblems.push({ line, field: 'early_opt_out', message: earlyOptOut.error.issues[0]?.message ?? 'Invalid.' });
    const windowText = cell('release_window') ?? '';
    const releaseWindow = parseReleaseWindowText(windowText);
    if (releaseWindow === undefined)
      rowProblems.push({ line, field: 'release_window', message: releaseWindowTextProblem(windowText) });
    const statusText = (cell('status') ?? 'active').toLowerCase();
    if (!(DEPLOYMENT_STATUSES as readonly string[]).includes(statusText))
      rowProblems.push({ line, field: 'status', message: 'Status must be active or retired.' });

    const parsed = deploymentDraftSchema.safeParse({
      key: cell('key') ?? '',
      name: cell('name') ?? '',
      region: cell('region') ?? '',
      timeZone: cell('time_zone') ?? '',
      ...(cell('tier') !== undefined ? { tier: cell('tier')?.toLowerCase() } : {}),
      ...(weight !== undefined && !Number.isNaN(weight) ? { weight } : {}),
      pairingGroup: cell('pairing_group') ?? null,
      ...(cell('pin_policy') !== undefined ? { pinPolicy: cell('pin_policy')?.toLowerCase() } : {}),
      internal: internal.success ? internal.data : false,
      earlyOptOut: earlyOptOut.success ? earlyOptOut.data : false,
      releaseWindow: releaseWindow ?? null,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = FIELD_TO_COLUMN[String(issue.path[0])] ?? String(issue.path[0] ?? 'row');
        rowProblems.push({ line, field, message: issue.message });
      }
    } else {
      const first = seen.get(parsed.data.key);
      if (first !== undefined)
        rowProblems.push({ line, field: 'key', message: `Key "${parsed.data.key}" already appears on line ${first}.` });
      else seen.set(parsed.data.key, line);
    }
    if (unprintable.size > 0 || rowProblems.length > 0 || !parsed.success)
      problems.push(
        ...[...unprintable].map(([field, message]) => ({ line, field, message })),
        ...rowProblems.filter((p) => !unprintable.has(p.field)),
      );
    else
      rows.push({
        line,
        draft: parsed.data,
        status: statusText as DeploymentStatus,
        earlyOptOutGiven: header.columns.includes('early_opt_out'),
        releaseWindowGiven: header.columns.includes('release_window'),
      });
  }
  if (problems.length > 0) throw importError(problems);
  return rows;
}

export function importError(problems: FieldError[]): DomainError {
  const first = problems[0];
  // A problem with the row as a whole (field csv) has a line and no column.
  const where =
    first?.line === undefined
      ? (first?.field ?? '')
      : first.field === 'csv'
        ? `line ${first.line}`
        : `line ${first.line}, column ${first.field}`;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return new DomainError(
    'invalid_input',
    `Nothing was imported: ${where}: ${first?.message ?? 'invalid'}${more} Fix the file and import it again.`,
    problems,
  );
}

export function fleetToCsv(deployments: readonly Deployment[], bom: boolean): string {
  const body = stringify(
    deployments.map((d) => [
      d.key,
      defuse(d.name),
      defuse(d.region),
      d.timeZone,
      d.tier,
      String(d.weight),
      d.pairingGroup ?? '',
      d.pinPolicy,
      d.internal ? 'true' : 'false',
      d.earlyOptOut ? 'true' : 'false',
      releaseWindowText(d.releaseWindow),
      d.status,
    ]),
    // A line break of any kind ends a row on import, so a cell holding one must be quoted.
    { header: true, columns: [...FLEET_CSV_COLUMNS], record_delimiter: '\r\n', quoted_match: /[\r\n]/ },
  );
  return (bom ? '\uFEFF' : '') + body;
}
