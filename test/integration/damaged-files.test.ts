import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/backend/db/connection';
import { DatabaseOpenError } from '../../electron/backend/db/open-error';
import type { DatabaseCheck } from '../../shared/contract';
import { ROOT, childEnv, useBuiltCli } from '../helpers/built-cli';
import { cli } from '../helpers/cli';
import { damageMiddlePages } from '../helpers/damage';
import { dumpDatabaseFile, openTestBackend, resultOf, sha256OfFile, siblingsOf } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('rc-damaged-');

/** One of our databases with the demo in it, closed (so its WAL is checkpointed into the file). */
async function demoDatabase(dir: string): Promise<string> {
  const backend = openTestBackend(dir, 'rc.db');
  await resultOf(backend, 'fleet.loadDemo', {});
  backend.close();
  return backend.file;
}

function refusal(open: () => unknown): DatabaseOpenError {
  try {
    open();
  } catch (err) {
    if (err instanceof DatabaseOpenError) return err;
    throw err;
  }
  throw new Error('expected the database to be refused');
}

describe('a damaged database file', () => {
  it('is refused at open, saying it is damaged, and left byte for byte as it was', async () => {
    const file = await demoDatabase(tempDir());
    damageMiddlePages(file);
    const hash = sha256OfFile(file);
    const err = refusal(() => openDatabase(file));
    expect(err.kind).toBe('damaged');
    expect(err.message).toBe(
      `The database ${file} is damaged; restore a copy you saved earlier, or choose another database file.`,
    );
    expect(sha256OfFile(file)).toBe(hash);
    expect(siblingsOf(file)).toEqual(['rc.db']);
  });

  it('points to the newest backup beside it', async () => {
    const file = await demoDatabase(tempDir());
    const older = `${file}.v1-2026-01-01T00-00-00-000Z.bak`;
    const newer = `${file}.v2-2026-02-01T00-00-00-000Z.bak`;
    fs.copyFileSync(file, older);
    fs.copyFileSync(file, newer);
    fs.utimesSync(older, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    fs.utimesSync(newer, new Date('2026-02-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z'));
    damageMiddlePages(file);
    expect(refusal(() => openDatabase(file)).message).toBe(
      `The database ${file} is damaged; restore its latest backup, ${newer}, or choose another database file.`,
    );
  });

  it('is refused by every CLI command in one sentence, exit 1, and never written to', async () => {
    const dir = tempDir();
    const file = await demoDatabase(dir);
    damageMiddlePages(file);
    const hash = sha256OfFile(file);
    for (const argv of [
      ['deployments', 'list'],
      ['deployments', 'add', '--key', 'a-1', '--name', 'A', '--region', 'r', '--time-zone', 'UTC'],
    ]) {
      const run = await cli([...argv, '--db', file], { cwd: dir });
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.stdout).toEqual([]);
      expect(run.stderr).toEqual([
        `release-calendar: The database ${file} is damaged; restore a copy you saved earlier, or choose another database file (--db PATH).`,
      ]);
    }
    expect(sha256OfFile(file)).toBe(hash);
  });

  it('doctor exits 1 with one sentence on a damaged file, and changes nothing', async () => {
    const dir = tempDir();
    const file = await demoDatabase(dir);
    damageMiddlePages(file);
    const hash = sha256OfFile(file);
    const run = await cli(['doctor', '--db', file], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toEqual([]);
    expect(run.stderr).toEqual([
      `release-calendar: The database ${file} is damaged; restore a copy you saved earlier, or choose another database file.`,
    ]);
    const json = await cli(['doctor', '--json', '--db', file], { cwd: dir });
    expect(json.code).toBe(1);
    const check = JSON.parse(json.out) as DatabaseCheck;
    expect(check.ok).toBe(false);
    expect(check.problems.length).toBeGreaterThan(0);
    expect(sha256OfFile(file)).toBe(hash);
    expect(siblingsOf(file)).toEqual(['rc.db']);
  });

  it('doctor exits 0 with "no problems found" on a sound file', async () => {
    const dir = tempDir();
    const file = await demoDatabase(dir);
    const run = await cli(['doctor', '--db', file], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stderr: [], out: `No problems found in ${file}.` });
  });

  it('doctor refuses a missing file with the path it looked for, and creates nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'typo.db');
    const run = await cli(['doctor', '--db', file], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stderr[0]).toContain(`There is no database at ${file}`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('database.check answers the full check of the open database', async () => {
    const backend = openTestBackend(tempDir());
    try {
      expect(await resultOf(backend, 'database.check', {})).toEqual({
        databasePath: backend.file,
        ok: true,
        message: `No problems found in ${backend.file}.`,
        problems: [],
      });
    } finally {
      backend.close();
    }
  });
});

describe('a database the CLI has not made', () => {
  it('is refused by commands other than init, naming the path and init, and no file is created', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'typo.db');
    const run = await cli(['deployments', 'list', '--db', file], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toEqual([
      `release-calendar: There is no database at ${file}; check the path, or create one with "release-calendar init" (--db PATH).`,
    ]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('in a folder that does not exist is refused naming the folder, even by init, which creates nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'relaese', 'rc.db');
    for (const argv of [['init'], ['deployments', 'list']]) {
      const run = await cli([...argv, '--db', file], { cwd: dir });
      expect(run.code, argv.join(' ')).toBe(3);
      expect(run.stderr).toEqual([
        `release-calendar: There is no folder ${path.dirname(file)} for the database ${file}; check the path (--db PATH).`,
      ]);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a zero-byte file is refused and left empty; init, asked for by name, makes it a database', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'empty.db');
    fs.writeFileSync(file, '');
    const run = await cli(['deployments', 'list', '--db', file], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toEqual([
      `release-calendar: ${file} is an empty file (0 bytes), not a Release Calendar database; choose another database file (--db PATH).`,
    ]);
    expect(fs.statSync(file).size).toBe(0);
    expect(siblingsOf(file)).toEqual(['empty.db']);
    expect((await cli(['init', '--db', file], { cwd: dir })).code).toBe(0);
    expect((await cli(['deployments', 'list', '--db', file], { cwd: dir })).code).toBe(0);
  });
});

/**
 * Runs the built CLI as a user who may read `dir` but not write it: as root (a container, CI)
 * that needs another user, since root writes anything; otherwise the folder's mode suffices.
 */
function builtCliWithoutWriteAccess(dir: string, args: string[]) {
  const root = process.getuid?.() === 0;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'release-calendar.js'), ...args], {
    cwd: dir,
    env: childEnv(),
    encoding: 'utf8',
    ...(root ? { uid: 65534, gid: 65534 } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a read-only database', () => {
  useBuiltCli();

  /** The demo in a folder made read-only, with its rows as they were (dumped before: a dump as root would add -wal and -shm). */
  async function readOnlyFolderWithDemo(): Promise<{ dir: string; file: string; before: Record<string, unknown> }> {
    const dir = tempDir();
    const file = await demoDatabase(dir);
    expect(siblingsOf(file)).toEqual(['rc.db']);
    const before = dumpDatabaseFile(file);
    for (const journal of ['-wal', '-shm']) fs.rmSync(`${file}${journal}`, { force: true });
    fs.chmodSync(file, 0o444);
    fs.chmodSync(dir, 0o555);
    return { dir, file, before };
  }

  it('in a read-only folder (no -wal or -shm can be made) answers reads and refuses writes in one sentence', async () => {
    const { dir, file, before } = await readOnlyFolderWithDemo();
    const hash = sha256OfFile(file);
    try {
      const list = builtCliWithoutWriteAccess(dir, ['deployments', 'list', '--json', '--db', file]);
      expect(list.stderr).toBe('');
      expect(list.status).toBe(0);
      expect(JSON.parse(list.stdout)).toHaveLength(40);
      expect(builtCliWithoutWriteAccess(dir, ['doctor', '--db', file]).status).toBe(0);
      const info = builtCliWithoutWriteAccess(dir, ['info', '--db', file]);
      expect(info.stdout).toContain(`Database ${file} (schema `);
      expect(info.stdout).toContain('), read-only: changes are refused.');
      const infoJson = builtCliWithoutWriteAccess(dir, ['info', '--json', '--db', file]);
      expect(JSON.parse(infoJson.stdout)).toMatchObject({ databasePath: file, readOnly: true });
      const add = builtCliWithoutWriteAccess(dir, [
        ...['deployments', 'add', '--key', 'a-1', '--name', 'A', '--region', 'r', '--time-zone', 'UTC'],
        ...['--db', file],
      ]);
      expect(add.status).toBe(1);
      expect(add.stdout).toBe('');
      expect(add.stderr).toBe(
        `release-calendar: The database ${file} is read-only; make the file and its folder writable, or copy it to a writable folder, to change it.\n`,
      );
    } finally {
      fs.chmodSync(dir, 0o755);
    }
    expect(sha256OfFile(file)).toBe(hash);
    expect(siblingsOf(file)).toEqual(['rc.db']);
    expect(dumpDatabaseFile(file)).toEqual(before);
  });

  it('a read-only file in a writable folder answers reads and refuses writes', async () => {
    const dir = tempDir();
    const file = await demoDatabase(dir);
    fs.chmodSync(file, 0o444);
    // As root the child runs as another user: the folder must be that user's to be writable.
    if (process.getuid?.() === 0) fs.chownSync(dir, 65534, 65534);
    const hash = sha256OfFile(file);
    const list = builtCliWithoutWriteAccess(dir, ['trains', 'list', '--json', '--db', file]);
    expect(list.stderr).toBe('');
    expect(list.status).toBe(0);
    const info = builtCliWithoutWriteAccess(dir, ['info', '--json', '--db', file]);
    expect(JSON.parse(info.stdout)).toMatchObject({ databasePath: file, readOnly: true });
    fs.chmodSync(file, 0o666);
    expect(JSON.parse(builtCliWithoutWriteAccess(dir, ['info', '--json', '--db', file]).stdout)).toMatchObject({
      readOnly: false,
    });
    fs.chmodSync(file, 0o444);
    const add = builtCliWithoutWriteAccess(dir, [
      'holidays',
      'add',
      '--date',
      '2027-12-24',
      '--name',
      'Eve',
      '--db',
      file,
    ]);
    expect(add.status).toBe(1);
    expect(add.stderr).toContain(`The database ${file} is read-only;`);
    expect(sha256OfFile(file)).toBe(hash);
  });
});
