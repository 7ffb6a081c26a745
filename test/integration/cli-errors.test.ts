import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../shared/deployment';
import { cliLogFile } from '../../electron/cli/error-log';
import { cli } from '../helpers/cli';
import { dumpDatabaseFile } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('rc-cli-errors-');

async function demoWorkspace(): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  const db = path.join(dir, 'fleet.db');
  expect((await cli(['init', '--demo', '--db', db], { cwd: dir })).code).toBe(0);
  return { dir, db };
}

/** Changes the file behind the CLI's back, as another program (or an older version) could have. */
function withConnection(db: string, change: (conn: Database.Database) => void): void {
  const conn = new Database(db);
  try {
    change(conn);
  } finally {
    conn.close();
  }
}

const ADD = ['deployments', 'add', '--key', 'lab-1', '--name', 'Lab 1', '--region', 'lab', '--time-zone', 'UTC'];

describe('CLI errors: one sentence, a typed envelope under --json, an exit code per kind', () => {
  it('says in one sentence that another program holds the lock (exit 4), changing nothing', async () => {
    const { dir, db } = await demoWorkspace();
    const before = dumpDatabaseFile(db);
    const other = new Database(db);
    try {
      other.exec('BEGIN IMMEDIATE');
      const io = { busyTimeoutMs: 20 };
      const sentence = `Another program is writing to the database at ${db}, so nothing was changed; close it or try again in a moment.`;
      const run = await cli([...ADD, '--db', db], { cwd: dir, io });
      expect([run.code, run.stderr, run.stdout]).toEqual([4, [`release-calendar: ${sentence}`], []]);
      const json = await cli([...ADD, '--db', db, '--json'], { cwd: dir, io });
      expect([json.code, json.stderr]).toEqual([4, []]);
      expect(JSON.parse(json.out)).toEqual({ ok: false, error: { code: 'busy', message: sentence } });
      // Reads are not held up by the writer.
      expect((await cli(['deployments', 'list', '--json', '--db', db], { cwd: dir, io })).code).toBe(0);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(dumpDatabaseFile(db)).toEqual(before);
    expect(fs.existsSync(path.join(dir, 'cli.log'))).toBe(false);
  });

  it('reports an unexpected failure in one sentence naming the log file that has the details (exit 70)', async () => {
    const { dir, db } = await demoWorkspace();
    // A table gone from under the app: the query fails with a raw SQLite error.
    withConnection(db, (conn) => conn.exec('PRAGMA foreign_keys = OFF; DROP TABLE deployments'));
    const log = path.join(dir, 'logs', 'cli.log');
    const sentence = `deployments.list failed unexpectedly; nothing was changed, and the details are in ${log}.`;
    const run = await cli(['deployments', 'list', '--db', db], { cwd: dir, io: { logFile: log } });
    expect([run.code, run.stderr, run.stdout]).toEqual([70, [`release-calendar: ${sentence}`], []]);
    const details = fs.readFileSync(log, 'utf8');
    expect(details).toContain('release-calendar deployments list --db');
    expect(details).toMatch(/SqliteError: no such table: deployments\n\s+at /);

    const json = await cli(['deployments', 'list', '--db', db, '--json'], { cwd: dir, io: { logFile: log } });
    expect([json.code, json.stderr]).toEqual([70, []]);
    expect(JSON.parse(json.out)).toEqual({ ok: false, error: { code: 'internal', message: sentence } });
  });

  it('turns an error of its own into one sentence and a log entry, never a stack trace', async () => {
    const { dir, db } = await demoWorkspace();
    const stderr: string[] = [];
    const code = await (
      await import('../../electron/cli/cli')
    ).runCli(['deployments', 'list', '--db', db], {
      stdout: () => {
        throw new Error('EIO: the terminal went away');
      },
      stderr: (t) => stderr.push(t),
      env: {},
      cwd: dir,
      logFile: path.join(dir, 'cli.log'),
    });
    expect(code).toBe(70);
    expect(stderr).toEqual([
      `release-calendar: deployments list failed unexpectedly; the details are in ${path.join(dir, 'cli.log')}.`,
    ]);
    expect(fs.readFileSync(path.join(dir, 'cli.log'), 'utf8')).toMatch(/Error: EIO: the terminal went away\n\s+at /);
  });

  it('still says one sentence when the log file cannot be written', async () => {
    const { dir, db } = await demoWorkspace();
    withConnection(db, (conn) => conn.exec('PRAGMA foreign_keys = OFF; DROP TABLE deployments'));
    fs.writeFileSync(path.join(dir, 'not-a-folder'), '');
    const log = path.join(dir, 'not-a-folder', 'cli.log');
    const run = await cli(['deployments', 'list', '--db', db], { cwd: dir, io: { logFile: log } });
    expect(run.code).toBe(70);
    expect(run.stderr).toHaveLength(1);
    expect(run.stderr[0]).toBe(
      `release-calendar: deployments.list failed unexpectedly; nothing was changed, and its details could not be written to ${log} (${run.stderr[0]!.match(/\((E[A-Z]+)\)\.$/)?.[1]}).`,
    );
  });

  it.each([
    ['a refusal', [...ADD.slice(0, 3), 'us-east-3', ...ADD.slice(4)], 1, 'conflict'],
    ['something not found', ['deployments', 'retire', 'mars-1'], 3, 'not_found'],
    ['an invalid value', ['deployments', 'edit', 'us-east-3', '--tier', 'gold'], 1, 'invalid_input'],
  ])(
    'answers %s under --json with the API envelope on stdout and its own exit code',
    async (_what, argv, exit, code) => {
      const { dir, db } = await demoWorkspace();
      const before = dumpDatabaseFile(db);
      const run = await cli([...argv, '--db', db, '--json'], { cwd: dir });
      expect([run.code, run.stderr]).toEqual([exit, []]);
      const answer = JSON.parse(run.out) as { ok: boolean; error: { code: string; message: string } };
      expect(answer).toMatchObject({ ok: false, error: { code } });
      expect(answer.error.message).not.toContain('\n');
      expect(dumpDatabaseFile(db)).toEqual(before);
    },
  );

  it('prints one JSON document under --json when a command fails after its change is saved', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'empty.db');
    expect((await cli(['init', '--db', db], { cwd: dir })).code).toBe(0);
    const run = await cli(['publish', '--folder', '.', '--db', db, '--json'], { cwd: dir });
    // stderr keeps the notice every change gets when publishing fails after it is saved.
    expect(run.code).toBe(1);
    expect(JSON.parse(run.out)).toEqual({
      ok: false,
      error: {
        code: 'rule_violation',
        message: expect.stringMatching(/^The folder is set, but publishing failed: /) as unknown,
      },
    });
  });

  it('keeps the API field names in the --json envelope, where people get the CLI flags', async () => {
    const { dir, db } = await demoWorkspace();
    const run = await cli(['deployments', 'edit', 'us-east-3', '--tier', 'gold', '--db', db, '--json'], { cwd: dir });
    expect(JSON.parse(run.out)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [{ field: 'changes.tier' }] },
    });
  });

  it('answers a usage error under --json with the envelope, code "usage" (exit 2)', async () => {
    const dir = tempDir();
    const run = await cli(['deployments', 'delete', 'us-east-3', '--json'], { cwd: dir });
    expect([run.code, run.stderr]).toEqual([2, []]);
    expect(JSON.parse(run.out)).toEqual({
      ok: false,
      error: { code: 'usage', message: expect.stringContaining('"deployments delete" is not a command') as unknown },
    });
  });

  it('keeps its log beside the desktop app logs, or where RELEASE_CALENDAR_LOG says', () => {
    expect(cliLogFile({}, '/work', 'linux', '/home/dana')).toBe('/home/dana/.config/Release Calendar/logs/cli.log');
    expect(cliLogFile({ XDG_CONFIG_HOME: '/cfg' }, '/work', 'linux', '/home/dana')).toBe(
      '/cfg/Release Calendar/logs/cli.log',
    );
    expect(cliLogFile({}, '/work', 'darwin', '/Users/dana')).toBe('/Users/dana/Library/Logs/Release Calendar/cli.log');
    expect(cliLogFile({ APPDATA: 'C:\\Users\\dana\\AppData\\Roaming' }, '/work', 'win32', 'C:\\Users\\dana')).toBe(
      'C:\\Users\\dana\\AppData\\Roaming\\Release Calendar\\logs\\cli.log',
    );
    expect(cliLogFile({ RELEASE_CALENDAR_LOG: 'logs/rc.log' }, '/work', 'linux', '/home/dana')).toBe(
      '/work/logs/rc.log',
    );
  });

  it('documents the exit codes and the --json errors in its help', async () => {
    const run = await cli(['--help'], { cwd: tempDir() });
    expect(run.out).toContain('Exit codes: 0 done, 1 refused');
    expect(run.out).toMatch(/2 usage,\s+3 not found, 4 .*locked.*, 70 unexpected error/);
    expect(run.out).toContain('errors included');
  });
});

describe('CLI output of stored text', () => {
  // ESC sequences (colour, window title), BEL, DEL, a C1 CSI and a newline, as an old import could have stored them.
  // And a right-to-left override, which shows the rest of the line reversed.
  const HOSTILE = 'US\u001b[31mEast\u001b]0;pwned\u0007 3\u007f\u009b2J\u202e\nsecond line';

  async function hostileWorkspace(): Promise<{ dir: string; db: string }> {
    const ws = await demoWorkspace();
    withConnection(ws.db, (conn) =>
      conn.prepare("UPDATE deployments SET name = ? WHERE key = 'us-east-3'").run(HOSTILE),
    );
    return ws;
  }

  /** Any C0 control but newline, DEL, C1 control or bidirectional override. */
  // eslint-disable-next-line no-control-regex -- finding control characters is what the tests do.
  const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  it('shows control characters as visible escapes in tables, on one table line', async () => {
    const { dir, db } = await hostileWorkspace();
    const run = await cli(['deployments', 'list', '--db', db], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.out).not.toMatch(CONTROL);
    const row = run.stdout
      .join('\n')
      .split('\n')
      .find((l) => l.startsWith('us-east-3 '));
    expect(row).toContain('US\\x1b[31mEast\\x1b]0;pwned\\x07 3\\x7f\\x9b2J\\u202e\\nsecond line');
    expect(run.out).not.toMatch(/^second line/m);
  });

  it('shows them as escapes in sentences too', async () => {
    const { dir, db } = await hostileWorkspace();
    for (const argv of [
      ['deployments', 'show', 'us-east-3'],
      ['deployments', 'retire', 'us-east-3'],
    ]) {
      const run = await cli([...argv, '--db', db], { cwd: dir });
      expect(run.code, argv.join(' ')).toBe(0);
      expect(run.out, argv.join(' ')).not.toMatch(CONTROL);
      expect(run.out, argv.join(' ')).toContain('US\\x1b[31mEast');
    }
  });

  it('leaves --json alone: JSON escapes them, and the value parses back unchanged', async () => {
    const { dir, db } = await hostileWorkspace();
    const run = await cli(['deployments', 'list', '--json', '--db', db], { cwd: dir });
    expect(run.out).not.toContain('\\\\x1b');
    const list = JSON.parse(run.out) as Deployment[];
    expect(list.find((d) => d.key === 'us-east-3')?.name).toBe(HOSTILE);
  });

  it('writes a document to a pipe as it is, and escapes it only on a terminal', async () => {
    const { dir, db } = await hostileWorkspace();
    const piped = await cli(['deployments', 'export', '--db', db], { cwd: dir });
    expect(piped.out).toContain(HOSTILE.split('\n')[0]);
    const shown = await cli(['deployments', 'export', '--db', db], { cwd: dir, io: { stdoutIsTerminal: true } });
    expect(shown.out).not.toMatch(CONTROL);
    expect(shown.out).toContain('US\\x1b[31mEast');
  });

  it('escapes the text an error message repeats on stderr as well', async () => {
    const dir = tempDir();
    const run = await cli(['de\u001b[2Jploy'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toEqual([
      'release-calendar: Unknown command "de\\x1b[2Jploy"; run "release-calendar --help" for the list.',
    ]);
  });
});
