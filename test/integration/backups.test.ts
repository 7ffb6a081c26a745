import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type Backend, startBackend } from '../../electron/backend/backend';
import { BACKUPS_KEPT } from '../../electron/backend/db/backup';
import { openDatabase } from '../../electron/backend/db/connection';
import { DatabaseOpenError } from '../../electron/backend/db/open-error';
import type { DatabaseBackup, DatabaseBackups, DatabaseRestore } from '../../shared/contract';
import type { Holiday } from '../../shared/schedule';
import type { ApiError } from '../../shared/errors';
import { cli } from '../helpers/cli';
import { damageMiddlePages } from '../helpers/damage';
import { dumpDatabase, dumpDatabaseFile, resultOf, sha256OfFile } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('rc-backups-');

/** A backend whose clock reads `clock.at`, on `file`, the day counted in UTC. */
function backendAt(file: string, clock: { at: string }): Backend & { logged: unknown[] } {
  const logged: unknown[] = [];
  const backend = startBackend({
    dbPath: file,
    transport: 'cli',
    version: '0.0.0-test',
    actor: 'test-actor',
    now: () => new Date(clock.at),
    timeZone: 'UTC',
    logError: (_method, err) => logged.push(err),
  });
  return Object.assign(backend, { logged });
}

/** A database with the demo fleet in it, closed; the clock's day is the 2nd of March 2026. */
async function demoDatabase(dir: string): Promise<{ file: string; clock: { at: string } }> {
  const file = path.join(dir, 'rc.db');
  const clock = { at: '2026-03-02T09:00:00.000Z' };
  const b = backendAt(file, clock);
  await resultOf(b, 'fleet.loadDemo', {});
  b.close();
  return { file, clock };
}

async function refusal(backend: Backend, method: string, input: unknown): Promise<ApiError> {
  const answer = await backend.dispatch(method, input);
  if (answer.ok) throw new Error(`${method} was expected to be refused`);
  return answer.error;
}

const names = (file: string): string[] => (fs.existsSync(`${file}.backups`) ? fs.readdirSync(`${file}.backups`) : []);

describe('automatic backups', () => {
  it('copies the database once a day, at the first open of the day, and keeps the last 14', async () => {
    const { file, clock } = await demoDatabase(tempDir());
    // The day the file was made: nothing from before it to keep.
    expect(names(file)).toEqual([]);
    clock.at = '2026-03-03T08:00:00.000Z';
    backendAt(file, clock).close();
    clock.at = '2026-03-03T17:00:00.000Z';
    backendAt(file, clock).close();
    expect(names(file)).toEqual(['2026-03-03T080000.000Z-daily.db']);
    const copy = path.join(`${file}.backups`, '2026-03-03T080000.000Z-daily.db');
    expect(dumpDatabaseFile(copy)).toEqual(dumpDatabaseFile(file));

    for (let day = 4; day <= 20; day++) {
      clock.at = `2026-03-${String(day).padStart(2, '0')}T08:00:00.000Z`;
      backendAt(file, clock).close();
    }
    const kept = names(file).sort();
    expect(kept).toHaveLength(BACKUPS_KEPT.daily);
    expect(kept[0]).toBe('2026-03-07T080000.000Z-daily.db');
  });

  it('takes the daily copy at the first change of a new day when the app stays open', async () => {
    const { file, clock } = await demoDatabase(tempDir());
    clock.at = '2026-03-03T08:00:00.000Z';
    const b = backendAt(file, clock);
    clock.at = '2026-03-04T08:00:00.000Z';
    await resultOf(b, 'holidays.add', { date: '2026-07-14', name: 'Bastille Day' });
    b.close();
    expect(names(file).sort()).toEqual(['2026-03-03T080000.000Z-daily.db', '2026-03-04T080000.000Z-daily.db']);
    // Taken before the change: the copy does not hold the holiday.
    const copy = dumpDatabaseFile(path.join(`${file}.backups`, '2026-03-04T080000.000Z-daily.db'));
    const now = dumpDatabaseFile(file).holidays as { day: string }[];
    expect(copy.holidays).toEqual(now.filter((h) => h.day !== '2026-07-14'));
  });

  it('copies the database before every CSV import, as it was before the import', async () => {
    const { file, clock } = await demoDatabase(tempDir());
    const b = backendAt(file, clock);
    const before = dumpDatabase(b.database.db);
    await resultOf(b, 'deployments.importCsv', {
      csv: 'key,name,region,time_zone,tier,weight\nnew-1,New One,eu-west,Europe/Paris,standard,5\n',
    });
    b.close();
    // The first open of the day also took the day's copy.
    expect(names(file).sort()).toEqual(['2026-03-02T090000.000Z-daily.db', '2026-03-02T090000.000Z-import.db']);
    expect(dumpDatabaseFile(path.join(`${file}.backups`, '2026-03-02T090000.000Z-import.db'))).toEqual(before);
  });

  it('refuses an import in one sentence when its backup cannot be saved, and imports nothing', async () => {
    const { file, clock } = await demoDatabase(tempDir());
    // A file where the backups folder should be: no copy can be made there.
    fs.writeFileSync(`${file}.backups`, 'in the way');
    const b = backendAt(file, clock);
    const before = dumpDatabase(b.database.db);
    const error = await refusal(b, 'deployments.importCsv', {
      csv: 'key,name,region,time_zone,tier,weight\nnew-1,New One,eu-west,Europe/Paris,standard,5\n',
    });
    expect(error).toEqual({
      code: 'rule_violation',
      message: `No backup could be saved in ${file}.backups before importing, so nothing was imported; free some disk space or make the folder writable, then try again.`,
    });
    expect(dumpDatabase(b.database.db)).toEqual(before);
    b.close();
  });

  it('names the latest automatic backup when the file is found damaged', async () => {
    const { file, clock } = await demoDatabase(tempDir());
    clock.at = '2026-03-03T08:00:00.000Z';
    backendAt(file, clock).close();
    damageMiddlePages(file);
    const backup = path.join(`${file}.backups`, '2026-03-03T080000.000Z-daily.db');
    expect(() => openDatabase(file)).toThrow(
      new DatabaseOpenError(
        'damaged',
        `The database ${file} is damaged; restore its latest automatic backup, ${backup}, with "release-calendar restore 2026-03-03T080000.000Z-daily.db", or choose another database file.`,
        undefined,
        '2026-03-03T080000.000Z-daily.db',
      ),
    );
  });
});

describe('restoring a backup through the API', () => {
  it('puts the backup back, keeps the replaced file as a before-restore backup, and reads the restored data', async () => {
    const { file, clock } = await demoDatabase(tempDir());
    const b = backendAt(file, clock);
    clock.at = '2026-03-02T10:00:00.000Z';
    const taken = await resultOf<DatabaseBackup>(b, 'database.backup', {});
    expect(taken).toMatchObject({ name: '2026-03-02T100000.000Z-manual.db', reason: 'manual' });
    const atBackup = dumpDatabase(b.database.db);
    clock.at = '2026-03-02T11:00:00.000Z';
    await resultOf(b, 'holidays.add', { date: '2026-07-14', name: 'Bastille Day' });
    const withHoliday = dumpDatabase(b.database.db);

    clock.at = '2026-03-02T12:00:00.000Z';
    const done = await resultOf<DatabaseRestore>(b, 'database.restore', { backup: taken.name });
    expect(done.restored.name).toBe(taken.name);
    expect(done.beforeRestore?.name).toBe('2026-03-02T120000.000Z-before-restore.db');
    // The connections were swapped: reads and writes go to the restored file.
    expect((await resultOf<Holiday[]>(b, 'holidays.list', {})).map((h) => h.date)).not.toContain('2026-07-14');
    expect(dumpDatabase(b.database.db)).toEqual(atBackup);
    const list = await resultOf<DatabaseBackups>(b, 'database.backups', {});
    expect(list.backups.map((x) => [x.name, x.reason])).toEqual([
      ['2026-03-02T120000.000Z-before-restore.db', 'before-restore'],
      ['2026-03-02T100000.000Z-manual.db', 'manual'],
      ['2026-03-02T090000.000Z-daily.db', 'daily'],
    ]);
    await resultOf(b, 'holidays.add', { date: '2026-08-14', name: 'Writes go to the restored file' });
    b.close();
    expect(dumpDatabaseFile(done.beforeRestore!.path)).toEqual(withHoliday);
    expect(fs.existsSync(`${file}.restoring`)).toBe(false);
  });

  it('refuses a backup that is not there, not ours or damaged, and changes nothing', async () => {
    const { file, clock } = await demoDatabase(tempDir());
    const b = backendAt(file, clock);
    const before = dumpDatabase(b.database.db);
    expect((await refusal(b, 'database.restore', { backup: '2026-01-01T000000.000Z-daily.db' })).code).toBe(
      'not_found',
    );
    expect((await refusal(b, 'database.restore', { backup: '../rc.db' })).code).toBe('invalid_input');

    const other = path.join(`${file}.backups`, 'other.db');
    fs.mkdirSync(`${file}.backups`, { recursive: true });
    const foreign = new Database(other);
    foreign.exec('CREATE TABLE notes (body TEXT)');
    foreign.close();
    expect(await refusal(b, 'database.restore', { backup: 'other.db' })).toEqual({
      code: 'rule_violation',
      message: `${other} is not a Release Calendar database; choose another backup.`,
    });

    const taken = await resultOf<DatabaseBackup>(b, 'database.backup', {});
    damageMiddlePages(taken.path);
    expect(await refusal(b, 'database.restore', { backup: taken.name })).toEqual({
      code: 'rule_violation',
      message: `The backup ${taken.path} is damaged; choose another backup.`,
    });
    expect(dumpDatabase(b.database.db)).toEqual(before);
    expect(names(file).filter((n) => n.includes('before-restore'))).toEqual([]);
    b.close();
  });

  it('refuses while another program has the database open, and keeps working on it', async () => {
    const { file, clock } = await demoDatabase(tempDir());
    const b = backendAt(file, clock);
    const taken = await resultOf<DatabaseBackup>(b, 'database.backup', {});
    await resultOf(b, 'holidays.add', { date: '2026-07-14', name: 'Bastille Day' });
    const other = new Database(file);
    other.prepare('SELECT count(*) FROM holidays').get();
    try {
      expect(await refusal(b, 'database.restore', { backup: taken.name })).toEqual({
        code: 'conflict',
        message: `Another program has the database ${file} open, so the backup was not restored; close it and try again.`,
      });
      expect((await resultOf<Holiday[]>(b, 'holidays.list', {})).map((h) => h.date)).toContain('2026-07-14');
    } finally {
      other.close();
      b.close();
    }
  });
});

describe('backups from the CLI', () => {
  it('lists, makes and restores backups, also over a damaged database', async () => {
    const dir = tempDir();
    const { file } = await demoDatabase(dir);
    const now = () => new Date('2026-03-02T10:00:00.000Z');
    const made = await cli(['backup', '--db', file, '--json'], { cwd: dir, now });
    expect(made.code).toBe(0);
    const taken = JSON.parse(made.out) as DatabaseBackup;
    const healthy = dumpDatabaseFile(file);

    const listed = await cli(['backups', '--db', file], { cwd: dir, now });
    expect(listed.code).toBe(0);
    expect(listed.out.split('\n').map((line) => line.split(/ {2,}/))).toEqual([
      ['NAME', 'TAKEN', 'REASON', 'SIZE'],
      ['2026-03-02T100000.000Z-manual.db', '2026-03-02 10:00:00 UTC', 'manual', expect.stringMatching(/^\d+ KB$/)],
      ['2026-03-02T100000.000Z-daily.db', '2026-03-02 10:00:00 UTC', 'daily', expect.stringMatching(/^\d+ KB$/)],
    ]);

    damageMiddlePages(file);
    const damaged = sha256OfFile(file);
    const restored = await cli(['restore', taken.name, '--db', file], { cwd: dir, now });
    expect(restored.stderr).toEqual([]);
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/^Restored 2026-03-02T100000\.000Z-manual\.db over .*; the file it replaced is kept/);
    expect(dumpDatabaseFile(file)).toEqual(healthy);
    const kept = path.join(`${file}.backups`, '2026-03-02T100000.000Z-before-restore.db');
    expect(sha256OfFile(kept)).toBe(damaged);

    const missing = await cli(['restore', 'nope.db', '--db', file, '--json'], { cwd: dir, now });
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.out)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
