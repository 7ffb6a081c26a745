import { describe, expect, it } from 'vitest';
import { DEMO_FLEET } from '../../shared/demo-fleet';
import { type Deployment } from '../../shared/deployment';
import { DomainError, type FieldError } from '../../shared/errors';
import {
  FLEET_CSV_COLUMNS,
  MAX_IMPORT_ROWS,
  type CsvDeploymentRow,
  fleetToCsv,
  parseFleetCsv,
} from '../../electron/backend/services/fleet-csv';
import { DRAFT_DEFAULTS, csvOf, makeDeployment } from '../helpers/deployments';

const REQUIRED = ['key', 'name', 'region', 'time_zone'] as const;

/** The DomainError parseFleetCsv throws; fails the test when it does not throw one. */
function importFailure(text: string): DomainError {
  try {
    parseFleetCsv(text);
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected the import to be refused');
}

function problems(text: string): FieldError[] {
  return importFailure(text).fields ?? [];
}

function asRow(d: Deployment): Omit<CsvDeploymentRow, 'line'> {
  const { key, name, region, timeZone, tier, weight, pairingGroup, pinPolicy, internal, earlyOptOut, releaseWindow } =
    d;
  return {
    draft: { key, name, region, timeZone, tier, weight, pairingGroup, pinPolicy, internal, earlyOptOut, releaseWindow },
    status: d.status,
    earlyOptOutGiven: true,
    releaseWindowGiven: true,
  };
}

function roundTrip(fleet: readonly Deployment[], bom = false): Omit<CsvDeploymentRow, 'line'>[] {
  return parseFleetCsv(fleetToCsv(fleet, bom)).map(({ draft, status, earlyOptOutGiven, releaseWindowGiven }) => ({
    draft,
    status,
    earlyOptOutGiven,
    releaseWindowGiven,
  }));
}

describe('fleetToCsv and parseFleetCsv', () => {
  it('round-trips the demo fleet, field for field', () => {
    const fleet = DEMO_FLEET.map((d) => makeDeployment({ ...d }));
    expect(roundTrip(fleet)).toEqual(fleet.map(asRow));
  });

  it('writes the documented header and one CRLF-terminated line per deployment', () => {
    const csv = fleetToCsv([makeDeployment({ key: 'us-east-3', weight: 22_400 })], false);
    expect(csv).toBe(
      `${FLEET_CSV_COLUMNS.join(',')}\r\nus-east-3,Deployment us-east-3,us-east,America/New_York,standard,22400,,none,false,false,,active\r\n`,
    );
  });

  it('round-trips retired deployments, pairing groups, pins, the internal flag and early opt-out', () => {
    const fleet = [
      makeDeployment({ key: 'internal-us', internal: true }),
      makeDeployment({ key: 'us-east-6', earlyOptOut: true }),
      makeDeployment({ key: 'us-gov-1', tier: 'government', pinPolicy: 'late', pairingGroup: 'gov-pair' }),
      makeDeployment({ key: 'old-1', status: 'retired', retiredAt: '2026-01-01T00:00:00.000Z' }),
    ];
    expect(roundTrip(fleet)).toEqual(fleet.map(asRow));
  });

  it.each(['=HYPERLINK("http://evil.example")', '+1 555 0100', '-5 cell', '@SUM(A1:A2)'])(
    'defuses the formula-like name %j in the export and restores it on import',
    (name) => {
      const fleet = [makeDeployment({ key: 'x-1', name })];
      const csv = fleetToCsv(fleet, false);
      const nameCell = csv.split('\r\n')[1]!.split(',')[1]!.replace(/^"/, '');
      expect(nameCell.startsWith("'")).toBe(true);
      expect(roundTrip(fleet)).toEqual(fleet.map(asRow));
    },
  );

  it(
    // Regression test for a bug found in review (fleet-csv.ts defuse/restore).
    'round-trips a name that itself starts with an apostrophe and a formula character',
    () => {
      const fleet = [makeDeployment({ key: 'x-1', name: "'=not a formula" })];
      expect(roundTrip(fleet)).toEqual(fleet.map(asRow));
    },
  );

  it('keeps an apostrophe that does not defuse a formula', () => {
    const fleet = [
      makeDeployment({ key: 'x-1', name: "O'Brien's cell" }),
      makeDeployment({ key: 'x-2', name: "'90s" }),
    ];
    expect(roundTrip(fleet)).toEqual(fleet.map(asRow));
  });

  it('round-trips names with commas, quotes and line breaks', () => {
    const fleet = [
      makeDeployment({ key: 'eu-west-1', name: 'Dublin, Ireland' }),
      makeDeployment({ key: 'eu-west-2', name: 'The "London" cell' }),
      makeDeployment({ key: 'eu-west-3', name: 'Paris\nsecond line' }),
    ];
    expect(roundTrip(fleet)).toEqual(fleet.map(asRow));
  });

  it('writes a byte-order mark only when asked, and reads files with or without one', () => {
    const fleet = [makeDeployment({ key: 'us-east-3' })];
    expect(fleetToCsv(fleet, true).startsWith('\uFEFFkey,')).toBe(true);
    expect(fleetToCsv(fleet, false).startsWith('key,')).toBe(true);
    expect(roundTrip(fleet, true)).toEqual(fleet.map(asRow));
    expect(parseFleetCsv(`\uFEFF${csvOf(REQUIRED, [['a-1', 'A', 'r', 'UTC']])}`)[0]?.draft.key).toBe('a-1');
  });
});

describe('parseFleetCsv', () => {
  it('reads headers in any case and with spaces around them', () => {
    const rows = parseFleetCsv('KEY, Name ,REGION,Time_Zone\nus-east-3,US East 3,us-east,America/New_York\n');
    expect(rows).toEqual([
      {
        line: 2,
        status: 'active',
        draft: {
          key: 'us-east-3',
          name: 'US East 3',
          region: 'us-east',
          timeZone: 'America/New_York',
          ...DRAFT_DEFAULTS,
        },
        earlyOptOutGiven: false,
        releaseWindowGiven: false,
      },
    ]);
  });

  it('accepts weights with thousands separators and booleans as yes/no or 1/0', () => {
    const rows = parseFleetCsv(
      csvOf(
        [...REQUIRED, 'weight', 'internal', 'tier', 'pin_policy', 'status'],
        [
          ['a-1', 'A', 'r', 'UTC', '"48,200"', 'yes', 'Premium', 'NONE', 'Active'],
          ['a-2', 'B', 'r', 'UTC', '31_700', '0', '', 'late', 'RETIRED'],
          ['a-3', 'C', 'r', 'UTC', '', 'no', 'enterprise', '', ''],
        ],
      ),
    );
    expect(rows.map((r) => [r.draft.weight, r.draft.internal, r.draft.tier, r.draft.pinPolicy, r.status])).toEqual([
      [48_200, true, 'premium', 'none', 'active'],
      [31_700, false, 'standard', 'late', 'retired'],
      [0, false, 'enterprise', 'none', 'active'],
    ]);
  });

  it('reads early_opt_out as true/false, yes/no or 1/0, empty meaning no, and says when the column is there', () => {
    const rows = parseFleetCsv(
      csvOf(
        [...REQUIRED, 'early_opt_out'],
        [
          ['a-1', 'A', 'r', 'UTC', 'TRUE'],
          ['a-2', 'B', 'r', 'UTC', 'yes'],
          ['a-3', 'C', 'r', 'UTC', '1'],
          ['a-4', 'D', 'r', 'UTC', 'no'],
          ['a-5', 'E', 'r', 'UTC', ''],
        ],
      ),
    );
    expect(rows.map((r) => [r.draft.key, r.draft.earlyOptOut, r.earlyOptOutGiven])).toEqual([
      ['a-1', true, true],
      ['a-2', true, true],
      ['a-3', true, true],
      ['a-4', false, true],
      ['a-5', false, true],
    ]);
  });

  it('refuses a bad early_opt_out cell, and an internal deployment that opts out, on their line and column', () => {
    const fields = problems(
      csvOf(
        [...REQUIRED, 'internal', 'early_opt_out'],
        [
          ['a-1', 'A', 'r', 'UTC', 'false', 'maybe'],
          ['corp', 'Corp', 'r', 'UTC', 'true', 'true'],
        ],
      ),
    );
    expect(fields).toEqual([
      { line: 2, field: 'early_opt_out', message: 'Use true or false (yes/no and 1/0 also work).' },
      {
        line: 3,
        field: 'early_opt_out',
        message: 'The internal deployment always receives a release first, so it cannot opt out of early waves.',
      },
    ]);
  });

  it('reads release_window as start-end (spaces and an en dash allowed), empty or none meaning no window', () => {
    const rows = parseFleetCsv(
      csvOf(
        [...REQUIRED, 'release_window'],
        [
          ['a-1', 'A', 'r', 'Europe/Berlin', '09:00-11:00'],
          ['a-2', 'B', 'r', 'Europe/Berlin', ' 22:30 – 23:59 '],
          ['a-3', 'C', 'r', 'Europe/Berlin', ''],
          ['a-4', 'D', 'r', 'Europe/Berlin', 'None'],
        ],
      ),
    );
    expect(rows.map((r) => [r.draft.key, r.draft.releaseWindow, r.releaseWindowGiven])).toEqual([
      ['a-1', { start: '09:00', end: '11:00' }, true],
      ['a-2', { start: '22:30', end: '23:59' }, true],
      ['a-3', null, true],
      ['a-4', null, true],
    ]);
    const fleet = [makeDeployment({ key: 'eu-1', releaseWindow: { start: '06:15', end: '07:45' } })];
    expect(fleetToCsv(fleet, false).split('\r\n')[1]).toContain(',false,false,06:15-07:45,active');
    expect(roundTrip(fleet)).toEqual(fleet.map(asRow));
  });

  it('refuses a release window that is not two times, has a bad time, or ends before it starts, saying what to write', () => {
    const fields = problems(
      csvOf(
        [...REQUIRED, 'release_window'],
        [
          ['a-1', 'A', 'r', 'UTC', '9 to 11'],
          ['a-2', 'B', 'r', 'UTC', '9:00-11:00'],
          ['a-3', 'C', 'r', 'UTC', '09:00-08:00'],
          ['a-4', 'D', 'r', 'UTC', '09:00-'],
        ],
      ),
    );
    expect(fields).toEqual([
      {
        line: 2,
        field: 'release_window',
        message:
          '"9 to 11" is not a release window; write its start and end as 24-hour times joined by a hyphen, e.g. 09:00-11:00, or leave it empty for none.',
      },
      {
        line: 3,
        field: 'release_window',
        message: `"9:00" is not a time of day; write the window's start as HH:MM on a 24-hour clock, e.g. 09:00.`,
      },
      {
        line: 4,
        field: 'release_window',
        message:
          'The release window must end after it starts (09:00–08:00); give an end later than the start, on the same day.',
      },
      {
        line: 5,
        field: 'release_window',
        message:
          'Give the time the release window ends (HH:MM, 24-hour, e.g. 11:00), or clear both times for no window.',
      },
    ]);
  });

  it('skips blank lines but keeps counting them for line numbers', () => {
    const rows = parseFleetCsv('key,name,region,time_zone\n\na-1,A,r,UTC\n\n\na-2,B,r,UTC\n');
    expect(rows.map((r) => r.line)).toEqual([3, 6]);
  });

  it('reports a bad time zone on line 3 with the column time_zone', () => {
    const text = csvOf(REQUIRED, [
      ['a-1', 'A', 'r', 'UTC'],
      ['a-2', 'B', 'r', 'Mars/Olympus'],
    ]);
    expect(problems(text)).toEqual([
      {
        line: 3,
        field: 'time_zone',
        message: '"Mars/Olympus" is not an IANA time zone; use a name such as Europe/Berlin or America/New_York.',
      },
    ]);
    expect(importFailure(text).message).toBe(
      'Nothing was imported: line 3, column time_zone: "Mars/Olympus" is not an IANA time zone; use a name such as Europe/Berlin or America/New_York. Fix the file and import it again.',
    );
  });

  it('reports every bad row with its line and column, not just the first', () => {
    const text = csvOf(
      [...REQUIRED, 'weight', 'tier', 'internal', 'status', 'pin_policy'],
      [
        ['a-1', 'A', 'r', 'UTC', 'many', '', '', '', ''],
        ['a-2', 'B', 'r', 'UTC', '', '', '', '', ''],
        ['A_3', 'C', 'r', 'UTC', '', 'gold', '', '', ''],
        ['a-4', '', 'r', 'UTC', '', '', 'maybe', 'gone', ''],
        ['a-5', 'E', 'r', 'UTC', '-3', '', 'true', '', 'late'],
      ],
    );
    const err = importFailure(text);
    expect(err.code).toBe('invalid_input');
    expect(err.fields?.map((f) => [f.line, f.field])).toEqual([
      [2, 'weight'],
      [4, 'key'],
      [4, 'tier'],
      [5, 'internal'],
      [5, 'status'],
      [5, 'name'],
      [6, 'weight'],
      [6, 'pin_policy'],
    ]);
    expect(err.message).toMatch(/^Nothing was imported: line 2, column weight: "many" is not a whole number\./);
    expect(err.message).toContain('(and 7 more problems)');
  });

  it(
    // Regression test for a bug found in review (fleet-csv.ts parseFleetCsv, `const line = info.lines`).
    'reports a bad row whose quoted cell spans two lines at the line where the row starts',
    () => {
      const text = 'key,name,region,time_zone\nA_1,"two\nlines",r,UTC\n';
      expect(problems(text)).toEqual([{ line: 2, field: 'key', message: expect.any(String) }]);
    },
  );

  it('names the first line of a key that appears twice', () => {
    const text = csvOf(REQUIRED, [
      ['a-1', 'A', 'r', 'UTC'],
      ['a-2', 'B', 'r', 'UTC'],
      ['a-1', 'C', 'r', 'UTC'],
    ]);
    expect(problems(text)).toEqual([{ line: 4, field: 'key', message: 'Key "a-1" already appears on line 2.' }]);
  });

  it('refuses an unknown column on line 1, listing the known ones', () => {
    const fields = problems(csvOf([...REQUIRED, 'colour'], [['a-1', 'A', 'r', 'UTC', 'blue']]));
    expect(fields).toEqual([
      { line: 1, field: 'colour', message: expect.stringContaining(FLEET_CSV_COLUMNS.join(', ')) },
    ]);
  });

  it('refuses a missing required column on line 1', () => {
    expect(problems(csvOf(['key', 'name', 'region'], [['a-1', 'A', 'r']]))).toEqual([
      { line: 1, field: 'time_zone', message: 'Required column is missing from the header.' },
    ]);
  });

  it('names a blank header cell', () => {
    expect(problems('key,name,region,time_zone,\na-1,A,r,UTC,\n')).toEqual([
      { line: 1, field: '(blank)', message: expect.stringMatching(/^Unknown column/) },
    ]);
  });

  it('refuses a file with a header and no deployments', () => {
    const err = importFailure('key,name,region,time_zone\r\n');
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe('The CSV file has a header but no deployments.');
  });

  it('takes at most MAX_IMPORT_ROWS deployments in one file, and refuses one more with what to do', () => {
    const rows = (n: number) =>
      'key,name,region,time_zone\n' + Array.from({ length: n }, (_, i) => `d-${i},D ${i},r,UTC\n`).join('');
    expect(parseFleetCsv(rows(MAX_IMPORT_ROWS))).toHaveLength(20_000);
    const err = importFailure(rows(MAX_IMPORT_ROWS + 1));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe(
      'Nothing was imported: the file lists 20,001 deployments, and one import takes at most 20,000; split the file and import each part.',
    );
  });

  it('refuses an empty file as missing every required column', () => {
    expect(problems('').map((f) => [f.line, f.field])).toEqual(REQUIRED.map((c) => [1, c]));
  });

  it('refuses text that is not CSV (an unclosed quote) with the field csv', () => {
    const err = importFailure('key,name,region,time_zone\na-1,"unclosed,r,UTC\n');
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/^The file is not valid CSV/);
    expect(err.fields?.[0]?.field).toBe('csv');
  });

  it('refuses a row with too many cells', () => {
    expect(() => parseFleetCsv('key,name,region,time_zone\na-1,A,r,UTC,extra\n')).toThrow(DomainError);
  });
});

/** What a lenient UTF-8 decoder, as the file readers use, makes of these bytes. */
const decodedLeniently = (...parts: (string | number[])[]): string =>
  new TextDecoder().decode(
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))),
  );

describe('parseFleetCsv refuses malformed files in the product’s words', () => {
  it.each([
    [
      'refuses a header that names one column twice, naming the column and both positions',
      'key,name,region,time_zone,name\na-1,A,r,UTC,B\n',
      'name',
      'This column is named twice in the header, as columns 2 and 5; keep one of them.',
    ],
    [
      'refuses a control character in the header by its position',
      'key,name,region,time_zone,\u001bstatus\na-1,A,r,UTC,active\n',
      'column 5',
      'This header cell holds the invisible control character U+001B (escape); delete it.',
    ],
  ])('%s', (_, text, field, message) => {
    expect(problems(text)).toEqual([{ line: 1, field, message }]);
  });

  it('refuses a file that is not UTF-8, at every cell that shows it, saying to save it as UTF-8', () => {
    // "Café" and "Zürich" saved as Latin-1: é and ü are single bytes UTF-8 cannot decode.
    const text = decodedLeniently(
      'key,name,region,time_zone\na-1,Caf',
      [0xe9],
      ',r,UTC\na-2,B,r,UTC\na-3,Z',
      [0xfc],
      'rich,r,UTC\n',
    );
    const err = importFailure(text);
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe(
      'Nothing was imported: the file is not valid UTF-8 (first at line 2, column name): save it as UTF-8 and import it again.',
    );
    expect(err.fields?.map((f) => [f.line, f.field])).toEqual([
      [2, 'name'],
      [4, 'name'],
    ]);
  });

  it('refuses a UTF-16 file as not UTF-8 rather than as unknown columns', () => {
    const text = decodedLeniently([...Buffer.from('\uFEFFkey,name,region,time_zone\r\na-1,A,r,UTC\r\n', 'utf16le')]);
    expect(importFailure(text).message).toMatch(/^Nothing was imported: the file is not valid UTF-8 \(first at line 1/);
  });

  it('blames the encoding, not the quotes, when a file that is not UTF-8 also cannot be split into cells', () => {
    const text = decodedLeniently('key,name,region,time_zone\na-1,"Caf', [0xe9], ',r,UTC\n');
    expect(importFailure(text).message).toBe(
      'Nothing was imported: the file is not valid UTF-8 (first at line 2): save it as UTF-8 and import it again.',
    );
  });

  it.each([
    ['NUL', 'A\u0000B', 'U+0000 (null)'],
    ['BEL', 'Bell\u0007', 'U+0007 (bell)'],
    ['ESC', '\u001b[31mRed', 'U+001B (escape)'],
    ['DEL', 'Del\u007f', 'U+007F (delete)'],
    ['a C1 control', 'CSI\u009b2J', 'U+009B'],
    ['a right-to-left override', 'us-\u202e1-tsae', 'U+202E (right-to-left override)'],
    ['a first strong isolate', '\u2068East', 'U+2068 (first strong isolate)'],
  ])('refuses a name holding %s, on its line and column', (_, name, named) => {
    const text = csvOf(REQUIRED, [
      ['a-1', 'A', 'r', 'UTC'],
      ['a-2', name, 'r', 'UTC'],
    ]);
    expect(problems(text)).toEqual([
      { line: 3, field: 'name', message: `This cell holds the invisible control character ${named}; delete it.` },
    ]);
  });

  it('reports every control character in every column at once, and nothing else about those cells', () => {
    const text = csvOf(
      [...REQUIRED, 'weight'],
      [
        ['a\u001b-1', 'A\u0000\u0007\u0000', 'r', 'UTC', '5'],
        ['a-2', 'B', 'r', 'UTC', '1\u00002'],
        ['A_3', 'C', 'r\u0001', 'UTC', ''],
      ],
    );
    expect(problems(text)).toEqual([
      { line: 2, field: 'key', message: 'This cell holds the invisible control character U+001B (escape); delete it.' },
      {
        line: 2,
        field: 'name',
        message: 'This cell holds the invisible control characters U+0000 (null) and U+0007 (bell); delete them.',
      },
      {
        line: 3,
        field: 'weight',
        message: 'This cell holds the invisible control character U+0000 (null); delete it.',
      },
      { line: 4, field: 'region', message: 'This cell holds the invisible control character U+0001; delete it.' },
      { line: 4, field: 'key', message: expect.stringContaining('lowercase') },
    ]);
  });

  it('names the line and what to do when a row has more cells than the header', () => {
    const err = importFailure(
      csvOf(REQUIRED, [
        ['a-1', 'A', 'r', 'UTC'],
        ['a-2', 'Dublin, Ireland', 'r', 'UTC'],
      ]),
    );
    expect(err.fields).toEqual([
      {
        line: 3,
        field: 'csv',
        message:
          'This row has 5 cells where the header has 4 columns; check for a stray comma, and put any name that holds a comma in double quotes.',
      },
    ]);
    expect(err.message).toBe(
      'Nothing was imported: line 3: This row has 5 cells where the header has 4 columns; check for a stray comma, and put any name that holds a comma in double quotes. Fix the file and import it again.',
    );
  });

  it('reports both halves of a name broken over two lines without quotes, with the other problems', () => {
    const text = 'key,name,region,time_zone\na-1,Paris\nsecond line,r,UTC\nA_2,B,r,UTC\n';
    expect(problems(text)).toEqual([
      { line: 2, field: 'csv', message: expect.stringContaining('has 2 cells where the header has 4 columns') },
      { line: 3, field: 'csv', message: expect.stringContaining('has 3 cells where the header has 4 columns') },
      { line: 4, field: 'key', message: expect.any(String) },
    ]);
  });

  it.each([
    [
      'a quote never closed',
      'key,name,region,time_zone\na-1,A,r,UTC\na-2,"B,r,UTC\na-3,C,r,UTC\n',
      'A quoted cell starts in this row and its closing quote is missing; add the closing " or remove the opening one.',
    ],
    [
      'text after a closing quote',
      'key,name,region,time_zone\na-1,A,r,UTC\na-2,"B"x,r,UTC\n',
      'A quoted cell has text after its closing quote; put the whole cell in quotes and write each quote inside it twice ("").',
    ],
    [
      'a quote inside an unquoted cell',
      'key,name,region,time_zone\na-1,A,r,UTC\na-2,The "B" cell,r,UTC\n',
      'A quote appears inside a cell that does not start with one; put the whole cell in quotes and write each quote inside it twice ("").',
    ],
  ])('translates %s into what to change, on the line of its row', (_, text, message) => {
    const err = importFailure(text);
    expect(err.fields).toEqual([{ line: 3, field: 'csv', message }]);
    expect(err.message).toBe(`The file is not valid CSV, so nothing was imported: line 3: ${message}`);
  });

  it('accepts CRLF, LF and CR line endings mixed in one file, counting lines as an editor does', () => {
    const rows = parseFleetCsv('key,name,region,time_zone\r\na-1,A,r,UTC\na-2,B,r,UTC\r\n\ra-3,C,r,UTC\ra-4,D,r,UTC\n');
    expect(rows.map((r) => [r.line, r.draft.key])).toEqual([
      [2, 'a-1'],
      [3, 'a-2'],
      [5, 'a-3'],
      [6, 'a-4'],
    ]);
  });

  it('counts a CRLF inside a quoted name as one line when naming a later line', () => {
    const text = 'key,name,region,time_zone\r\na-1,"two\r\nlines",r,UTC\r\nA_2,B,r,UTC\r\n';
    expect(problems(text)).toEqual([{ line: 4, field: 'key', message: expect.any(String) }]);
  });

  it('quotes a name holding a line break in the export, so any reader keeps it in one row', () => {
    const csv = fleetToCsv([makeDeployment({ key: 'eu-west-3', name: 'Paris\nsecond line' })], false);
    expect(csv.split('\r\n')[1]).toBe(
      'eu-west-3,"Paris\nsecond line",us-east,America/New_York,standard,0,,none,false,false,,active',
    );
  });
});
