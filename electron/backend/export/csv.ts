import { stringify } from 'csv-stringify/sync';
import { scheduleRows } from '../../../shared/export/rows';
import type { ExportSelection, ExportSnapshot } from '../../../shared/export/snapshot';
import { defuse } from './formula-guard';

/** The columns of the rollout schedule CSV, in order; docs/export-schema.md describes them. */
export const SCHEDULE_CSV_COLUMNS = [
  'train',
  'version',
  'wave',
  'date',
  'deployment',
  'name',
  'region',
  'time_zone',
  'status',
] as const;

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark, so Excel reads the file as UTF-8. */
  bom: boolean;
}

/** The rollout schedule, one row per train and deployment, with every text cell guarded against formula injection. */
export function scheduleToCsv(snapshot: ExportSnapshot, selection: ExportSelection, options: CsvOptions): string {
  const body = stringify(
    scheduleRows(snapshot, selection).map((r) => [
      String(r.trainId),
      defuse(r.version),
      String(r.wave),
      r.date,
      defuse(r.key),
      defuse(r.name),
      defuse(r.region),
      defuse(r.timeZone),
      r.status,
    ]),
    { header: true, columns: [...SCHEDULE_CSV_COLUMNS], record_delimiter: '\r\n' },
  );
  return (options.bom ? '\uFEFF' : '') + body;
}
