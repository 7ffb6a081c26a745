import { parse } from 'csv-parse/sync';
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
import { defuse, restore } from '../export/formula-guard';

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
}

/** The line a record starts on: csv-parse counts to its end, and a quoted cell may span lines. */
function startLine(raw: string, endLine: number): number {
  const body = raw.replace(/^(?:\r?\n)+/, '').replace(/\r?\n$/, '');
  return endLine - (body.match(/\n/g)?.length ?? 0);
}

const booleanCell = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(
    z.enum(['', 'true', 'false', 'yes', 'no', '1', '0'], { error: 'Use true or false (yes/no and 1/0 also work).' }),
  )
  .transform((s) => s === 'true' || s === 'yes' || s === '1');

/**
 * Parses a fleet CSV. Throws one DomainError listing every problem, each with its
 * line and column, when anything is wrong; returns rows only when all are good.
 */
export function parseFleetCsv(text: string): CsvDeploymentRow[] {
  let records: { record: Record<string, string>; raw: string; info: { lines: number } }[];
  let header: string[] = [];
  try {
    records = parse(text, {
      bom: true,
      columns: (h: string[]) => {
        header = h.map((c) => c.trim().toLowerCase());
        return header;
      },
      skip_empty_lines: true,
      trim: true,
      info: true,
      raw: true,
    });
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw new DomainError('invalid_input', `The file is not valid CSV: ${e.message ?? 'unreadable'}.`, [
      { field: 'csv', message: e.message ?? 'unreadable', ...(e.lines ? { line: e.lines } : {}) },
    ]);
  }

  const problems: FieldError[] = [];
  const unknown = header.filter((c) => !(FLEET_CSV_COLUMNS as readonly string[]).includes(c));
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  for (const c of unknown)
    problems.push({
      line: 1,
      field: c || '(blank)',
      message: `Unknown column; the columns are ${FLEET_CSV_COLUMNS.join(', ')}.`,
    });
  for (const c of missing) problems.push({ line: 1, field: c, message: 'Required column is missing from the header.' });
  if (problems.length > 0) throw importError(problems);
  if (records.length === 0) throw new DomainError('invalid_input', 'The CSV file has a header but no deployments.');

  const rows: CsvDeploymentRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, raw, info } of records) {
    const line = startLine(raw, info.lines);
    const cell = (c: Column): string | undefined => {
      const v = record[c];
      return v === undefined || v === '' ? undefined : restore(v);
    };
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
    if (rowProblems.length > 0 || !parsed.success) problems.push(...rowProblems);
    else
      rows.push({
        line,
        draft: parsed.data,
        status: statusText as DeploymentStatus,
        earlyOptOutGiven: header.includes('early_opt_out'),
      });
  }
  if (problems.length > 0) throw importError(problems);
  return rows;
}

export function importError(problems: FieldError[]): DomainError {
  const first = problems[0];
  const where = first?.line !== undefined ? `line ${first.line}, column ${first.field}` : (first?.field ?? '');
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
      d.status,
    ]),
    { header: true, columns: [...FLEET_CSV_COLUMNS], record_delimiter: '\r\n' },
  );
  return (bom ? '\uFEFF' : '') + body;
}
