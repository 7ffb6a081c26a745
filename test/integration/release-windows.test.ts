import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CsvExport } from '../../shared/contract';
import type { Deployment } from '../../shared/deployment';
import type { ApiError } from '../../shared/errors';
import type { ExportDocument } from '../../shared/export/json';
import { listAudit } from '../../electron/backend/repositories/audit';
import { addSaoPaulo, cliWithFleet } from '../helpers/cli';
import { dumpDatabase, dumpDatabaseFile, fleetImportedElsewhere, useTestBackend } from '../helpers/db';
import { csvOf } from '../helpers/deployments';
import { useTempDirs } from '../helpers/temp-dir';

// A deployment's local release window end to end on real SQLite files: the services and
// their audit trail, the fleet CSV (a file without the column keeps windows), the JSON
// export, and the CLI's --release-window.

const tempDir = useTempDirs('rc-release-windows-');
const { backend, ok } = useTestBackend(tempDir);

const FLEET = csvOf(
  ['key', 'name', 'region', 'time_zone', 'internal'],
  [
    ['corp', 'Corporate', 'us-east', 'America/New_York', 'true'],
    ['eu-1', 'EU 1', 'eu-central', 'Europe/Berlin', 'false'],
    ['ap-1', 'AP 1', 'ap-south', 'Asia/Kolkata', 'false'],
  ],
);
const NINE_TO_ELEVEN = { start: '09:00', end: '11:00' };

async function refused(method: string, input: unknown): Promise<ApiError> {
  const before = dumpDatabase(backend().db);
  const answer = await backend().dispatch(method, input);
  if (answer.ok) throw new Error(`${method} should have been refused but answered ${JSON.stringify(answer.result)}`);
  expect(dumpDatabase(backend().db)).toEqual(before);
  return answer.error;
}

describe('release window through the services', () => {
  it('is stored on create, changed and removed on update, each change audited with the window before and after', async () => {
    await ok('deployments.importCsv', { csv: FLEET });
    const created = await ok<Deployment>('deployments.create', {
      key: 'eu-2',
      name: 'EU 2',
      region: 'eu-central',
      timeZone: 'Europe/Berlin',
      releaseWindow: NINE_TO_ELEVEN,
    });
    expect(created.releaseWindow).toEqual(NINE_TO_ELEVEN);
    expect(
      backend().db.prepare("SELECT release_window_start, release_window_end FROM deployments WHERE key = 'eu-2'").get(),
    ).toEqual({ release_window_start: '09:00', release_window_end: '11:00' });

    const moved = await ok<Deployment>('deployments.update', {
      key: 'eu-2',
      changes: { releaseWindow: { start: '06:00', end: '07:30' } },
    });
    expect(moved.releaseWindow).toEqual({ start: '06:00', end: '07:30' });
    const cleared = await ok<Deployment>('deployments.update', { key: 'eu-2', changes: { releaseWindow: null } });
    expect(cleared.releaseWindow).toBeNull();

    const trail = listAudit(backend().db, 'deployment', 'eu-2');
    expect(trail.map((e) => e.summary)).toEqual([
      'Created eu-2 (EU 2)',
      'Changed releaseWindow of eu-2',
      'Changed releaseWindow of eu-2',
    ]);
    expect(
      trail.map((e) => [(e.before as Deployment | null)?.releaseWindow, (e.after as Deployment).releaseWindow]),
    ).toEqual([
      [undefined, NINE_TO_ELEVEN],
      [NINE_TO_ELEVEN, { start: '06:00', end: '07:30' }],
      [{ start: '06:00', end: '07:30' }, null],
    ]);

    // The same window again is no change: nothing written, nothing audited.
    await ok('deployments.update', { key: 'eu-1', changes: { releaseWindow: NINE_TO_ELEVEN } });
    const events = listAudit(backend().db).length;
    await ok('deployments.update', { key: 'eu-1', changes: { releaseWindow: { ...NINE_TO_ELEVEN } } });
    expect(listAudit(backend().db)).toHaveLength(events);
  });

  it('refuses a window ending before it starts, saying what to do, and changes nothing', async () => {
    await ok('deployments.importCsv', { csv: FLEET });
    const error = await refused('deployments.update', {
      key: 'eu-1',
      changes: { releaseWindow: { start: '09:00', end: '08:00' } },
    });
    expect(error.code).toBe('invalid_input');
    expect(error.fields).toEqual([
      {
        field: 'changes.releaseWindow.end',
        message:
          'The release window must end after it starts (09:00–08:00); give an end later than the start, on the same day.',
      },
    ]);
  });

  it('is in the JSON export of each deployment, null when none is set', async () => {
    await ok('deployments.importCsv', { csv: FLEET });
    await ok('deployments.update', { key: 'eu-1', changes: { releaseWindow: NINE_TO_ELEVEN } });
    const doc = await ok<{ content: string }>('export.render', { format: 'json', selection: { kind: 'all' } });
    const deployments = (JSON.parse(doc.content) as ExportDocument).deployments;
    expect(deployments.map((d) => [d.key, d.releaseWindow])).toEqual([
      ['ap-1', null],
      ['corp', null],
      ['eu-1', NINE_TO_ELEVEN],
    ]);
  });
});

describe('fleet CSV with the release_window column', () => {
  it('round-trips windows through export and import into another database', async () => {
    await ok('deployments.importCsv', { csv: FLEET });
    await ok('deployments.update', { key: 'eu-1', changes: { releaseWindow: NINE_TO_ELEVEN } });
    const exported = await ok<CsvExport>('deployments.exportCsv', {});
    expect(exported.csv.split('\r\n')[0]).toContain(',early_opt_out,release_window,status');
    expect(exported.csv).toContain(',09:00-11:00,active\r\n');

    const deployments = await fleetImportedElsewhere(tempDir(), exported.csv);
    expect(deployments.find((d) => d.key === 'eu-1')!.releaseWindow).toEqual(NINE_TO_ELEVEN);
  });

  it('keeps the windows of existing deployments when the file has no such column; an empty cell clears one', async () => {
    await ok('deployments.importCsv', { csv: FLEET });
    await ok('deployments.update', { key: 'eu-1', changes: { releaseWindow: NINE_TO_ELEVEN } });
    const unchanged = await ok<{ unchanged: number }>('deployments.importCsv', { csv: FLEET });
    expect(unchanged.unchanged).toBe(3);
    expect((await ok<Deployment>('deployments.get', { key: 'eu-1' })).releaseWindow).toEqual(NINE_TO_ELEVEN);

    const moved = csvOf(
      ['key', 'name', 'region', 'time_zone', 'release_window'],
      [
        ['eu-1', 'EU 1', 'eu-central', 'Europe/Berlin', ''],
        ['ap-1', 'AP 1', 'ap-south', 'Asia/Kolkata', '10:30-12:00'],
      ],
    );
    expect(await ok('deployments.importCsv', { csv: moved })).toEqual({ created: 0, updated: 2, unchanged: 0 });
    expect((await ok<Deployment>('deployments.get', { key: 'eu-1' })).releaseWindow).toBeNull();
    expect((await ok<Deployment>('deployments.get', { key: 'ap-1' })).releaseWindow).toEqual({
      start: '10:30',
      end: '12:00',
    });
  });

  it('refuses a bad window on its line and column, and imports nothing', async () => {
    await ok('deployments.importCsv', { csv: FLEET });
    const error = await refused('deployments.importCsv', {
      csv: csvOf(
        ['key', 'name', 'region', 'time_zone', 'release_window'],
        [['eu-1', 'EU 1', 'eu-central', 'UTC', '11:00-09:00']],
      ),
    });
    expect(error.message).toMatch(
      /^Nothing was imported: line 2, column release_window: The release window must end after it starts \(11:00–09:00\)/,
    );
  });
});

describe('CLI --release-window', () => {
  const workspace = () => cliWithFleet(tempDir(), FLEET);

  it('deployments add and edit set it, show shows it in the zone, and none removes it', async () => {
    const { run } = await workspace();
    const added = await run(...addSaoPaulo('sa-1', ['--release-window', '09:00-11:00']));
    expect(added.code, added.stderr.join()).toBe(0);
    expect((JSON.parse(added.out) as Deployment).releaseWindow).toEqual(NINE_TO_ELEVEN);
    expect((await run('deployments', 'show', 'sa-1')).out).toMatch(
      /^ {2}release window +09:00–11:00 America\/Sao_Paulo$/m,
    );

    const edited = await run('deployments', 'edit', 'sa-1', '--release-window', '22:00 - 23:30');
    expect(edited.code, edited.stderr.join()).toBe(0);
    expect((await run('deployments', 'show', 'sa-1')).out).toMatch(
      /^ {2}release window +22:00–23:30 America\/Sao_Paulo$/m,
    );
    expect((await run('deployments', 'edit', 'sa-1', '--release-window', 'none')).code).toBe(0);
    expect((await run('deployments', 'show', 'sa-1')).out).toMatch(
      /^ {2}release window +none \(releases are all-day\)$/m,
    );
  });

  it('names the flag in its refusals, and changes nothing', async () => {
    const { dir, run } = await workspace();
    const file = path.join(dir, 'rc.db');
    const before = dumpDatabaseFile(file);
    const backwards = await run('deployments', 'edit', 'eu-1', '--release-window', '11:00-09:00');
    expect([backwards.code, backwards.stderr]).toEqual([
      1,
      [
        'release-calendar: --release-window: The release window must end after it starts (11:00–09:00); give an end later than the start, on the same day.',
      ],
    ]);
    const badTime = await run('deployments', 'edit', 'eu-1', '--release-window', '9am-11:00');
    expect([badTime.code, badTime.stderr[0]]).toEqual([
      1,
      expect.stringContaining('--release-window: "9am" is not a time of day'),
    ]);
    const notAWindow = await run('deployments', 'edit', 'eu-1', '--release-window', 'mornings');
    expect([notAWindow.code, notAWindow.stderr]).toEqual([
      2,
      [
        'release-calendar: --release-window takes two 24-hour times joined by a hyphen, e.g. 09:00-11:00, or none; not "mornings".',
      ],
    ]);
    expect(dumpDatabaseFile(file)).toEqual(before);
  });
});
