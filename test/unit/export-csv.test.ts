import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { SCHEDULE_CSV_COLUMNS, scheduleToCsv } from '../../electron/backend/export/csv';
import { restore } from '../../electron/backend/export/formula-guard';
import { scheduleRows } from '../../shared/export/rows';
import { type ExportSnapshot, planOf } from '../../shared/export/snapshot';
import { demoSnapshot } from '../helpers/export-snapshot';

/** Reads the file back as a spreadsheet import would: header row, then one record per line. */
function read(csv: string, options: { bom?: boolean } = {}): { header: string[]; rows: string[][] } {
  const records: string[][] = parse(csv, { bom: options.bom ?? true, relax_column_count: false });
  return { header: records[0]!, rows: records.slice(1) };
}

describe('scheduleToCsv', () => {
  const snapshot = demoSnapshot({ cancel: [3] });

  it('writes the documented header and one row per train and deployment, in plan order', () => {
    const { header, rows } = read(scheduleToCsv(snapshot, { kind: 'all' }, { bom: false }));
    expect(header).toEqual([...SCHEDULE_CSV_COLUMNS]);
    const expected = snapshot.trains.flatMap((t) =>
      planOf(snapshot, t.id)!.waves.flatMap((w) => w.keys.map((key) => [String(t.id), String(w.index), w.date, key])),
    );
    expect(rows.map((r) => [r[0], r[2], r[3], r[4]])).toEqual(expected);
    expect(rows).toHaveLength(4 * snapshot.deployments.length);
  });

  it('gives each deployment its name, region, time zone and status in that train', () => {
    const tracked: ExportSnapshot = {
      ...snapshot,
      steps: [
        { trainId: 1, key: 'internal-us', state: 'released' },
        { trainId: 2, key: 'us-east-3', state: 'rolled_back' },
      ],
    };
    const { rows } = read(scheduleToCsv(tracked, { kind: 'all' }, { bom: false }));
    const row = (train: number, key: string) => rows.find((r) => r[0] === String(train) && r[4] === key)!;
    expect(row(1, 'internal-us')).toEqual([
      '1',
      '2027.01',
      '0',
      '2027-01-18',
      'internal-us',
      'Internal (our own deployment)',
      'us-east',
      'America/New_York',
      'released',
    ]);
    expect(row(2, 'us-east-3').slice(5)).toEqual(['US East 3', 'us-east', 'America/New_York', 'rolled_back']);
    expect(row(1, 'us-east-3')[8]).toBe('pending');
    // A cancelled train releases to nobody.
    expect(new Set(rows.filter((r) => r[0] === '3').map((r) => r[8]))).toEqual(new Set(['cancelled']));
  });

  it('defuses cells a spreadsheet would run as formulas, and restores them exactly', () => {
    const names: Record<string, string> = {
      'us-east-3': '=HYPERLINK("http://evil.example","click")',
      'us-east-4': '+1 555 0100, "quoted"; semi',
      'us-east-5': '-minus\nsecond line',
      'us-east-6': '@SUM(A1:A9)',
      'us-west-1': '\tTabbed',
      'us-west-2': "'already quoted",
      'us-west-3': 'Zürich 🇨🇭, plain',
    };
    const fleet = snapshot.deployments.map((d) => (names[d.key] ? { ...d, name: names[d.key]! } : d));
    const withNames = { ...snapshot, deployments: fleet };
    const { rows } = read(scheduleToCsv(withNames, { kind: 'all' }, { bom: false }));
    for (const [key, name] of Object.entries(names)) {
      const cells = rows.filter((r) => r[4] === key).map((r) => r[5]!);
      expect(cells, key).toHaveLength(4);
      for (const cell of cells) {
        expect(/^[=+\-@\t\r]/.test(cell), `${key}: ${cell}`).toBe(false);
        expect(restore(cell)).toBe(name);
      }
    }
    expect(rows.find((r) => r[4] === 'us-east-3')![5]).toBe(`'${names['us-east-3']}`);
    expect(rows.find((r) => r[4] === 'us-west-3')![5]).toBe(names['us-west-3']);
  });

  it('starts with a UTF-8 byte order mark only when asked', () => {
    const withBom = scheduleToCsv(snapshot, { kind: 'train', trainId: 1 }, { bom: true });
    const without = scheduleToCsv(snapshot, { kind: 'train', trainId: 1 }, { bom: false });
    expect(Buffer.from(withBom, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(without.startsWith('train,')).toBe(true);
    expect(withBom).toBe(`\uFEFF${without}`);
    // Both read back the same; without BOM handling the first header would carry the mark.
    expect(read(withBom)).toEqual(read(without));
    expect(read(withBom, { bom: false }).header[0]).toBe('\uFEFFtrain');
  });

  it('ends records with CRLF and exports a selection: one train, one deployment, a date range', () => {
    const train = scheduleToCsv(snapshot, { kind: 'train', trainId: 2 }, { bom: false });
    expect(train.split('\r\n').at(-1)).toBe('');
    expect(new Set(read(train).rows.map((r) => r[0]))).toEqual(new Set(['2']));

    const one = read(scheduleToCsv(snapshot, { kind: 'deployment', key: 'eu-west-2' }, { bom: false })).rows;
    expect(one.map((r) => [r[0], r[4]])).toEqual([1, 2, 3, 4].map((t) => [String(t), 'eu-west-2']));

    const range = read(
      scheduleToCsv(snapshot, { kind: 'range', from: '2027-01-20', to: '2027-01-21' }, { bom: false }),
    );
    expect(new Set(range.rows.map((r) => r[3]))).toEqual(new Set(['2027-01-20', '2027-01-21']));
    expect(range.rows).toHaveLength(
      scheduleRows(snapshot, { kind: 'range', from: '2027-01-20', to: '2027-01-21' }).length,
    );
    expect(range.rows).toHaveLength(
      planOf(snapshot, 1)!
        .waves.filter((w) => w.date === '2027-01-20' || w.date === '2027-01-21')
        .flatMap((w) => w.keys).length,
    );
  });

  it('writes the header alone when nothing is planned in the selection', () => {
    const csv = scheduleToCsv(snapshot, { kind: 'range', from: '2030-01-01', to: '2030-12-31' }, { bom: false });
    expect(csv).toBe(`${SCHEDULE_CSV_COLUMNS.join(',')}\r\n`);
  });
});
