import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_FLEET } from '../../shared/demo-fleet';
import type { Deployment } from '../../shared/deployment';
import { LATEST_SCHEMA_VERSION, openDatabase } from '../../electron/backend/db/connection';
import { cli, type CliRun } from '../helpers/cli';
import { dumpDatabaseFile, sha256OfFile } from '../helpers/db';
import { csvOf } from '../helpers/deployments';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

/** A temp folder with a database holding the demo fleet, created through the CLI itself. */
async function demoWorkspace(): Promise<{ dir: string; db: string; init: CliRun }> {
  const dir = tempDir();
  const db = path.join(dir, 'fleet.db');
  const init = await cli(['init', '--demo', '--db', db], { cwd: dir });
  expect(init.code).toBe(0);
  return { dir, db, init };
}

function expectOneLine(stderr: string[]): string {
  expect(stderr).toHaveLength(1);
  expect(stderr[0]).not.toContain('\n');
  return stderr[0]!;
}

const COMMANDS = [
  'init',
  'deployments list',
  'deployments add',
  'deployments edit',
  'deployments retire',
  'deployments reactivate',
  'deployments import',
  'deployments export',
];

describe('release-calendar CLI (in-process)', () => {
  it('init --demo creates the database and loads the demo fleet', async () => {
    const { db, init: run } = await demoWorkspace();
    expect(run.out).toMatch(
      new RegExp(
        `^Database ready at ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(schema ${LATEST_SCHEMA_VERSION}\\)\\.\\nLoaded the demo: 40 deployments and \\d+ release trains around today\\.$`,
      ),
    );
    expect(run.stderr).toEqual([]);
  });

  it('deployments list --json prints the demo fleet as parseable JSON', async () => {
    const { dir, db } = await demoWorkspace();
    const run = await cli(['deployments', 'list', '--json', '--db', db], { cwd: dir });
    expect(run.code).toBe(0);
    const list = JSON.parse(run.out) as Deployment[];
    expect(list).toHaveLength(40);
    expect(list.map((d) => d.key).sort()).toEqual(DEMO_FLEET.map((d) => d.key).sort());
    expect(list.find((d) => d.internal)?.key).toBe('internal-us');
  });

  it('deployments list filters and sorts, printing a table with a fleet summary', async () => {
    const { dir, db } = await demoWorkspace();
    const run = await cli(['deployments', 'list', '--db', db, '--region', 'us-west', '--sort', 'weight', '--desc'], {
      cwd: dir,
    });
    expect(run.code).toBe(0);
    const lines = run.out.split('\n');
    expect(lines[0]).toMatch(/^KEY\s+NAME\s+REGION\s+TIME ZONE/);
    expect(lines.slice(1, 6).map((l) => l.split(/\s+/)[0])).toEqual([
      'us-west-1',
      'us-west-2',
      'us-gov-2',
      'us-west-3',
      'us-west-4',
    ]);
    expect(run.out).toContain('5 deployment(s); fleet: 40 active, 0 retired.');
  });

  it('deployments import of a bad file exits 1 with one line naming the line and column, changing nothing', async () => {
    const { dir, db } = await demoWorkspace();
    fs.writeFileSync(
      path.join(dir, 'bad.csv'),
      csvOf(
        ['key', 'name', 'region', 'time_zone'],
        [
          ['lab-1', 'Lab 1', 'us-east', 'UTC'],
          ['lab-2', 'Lab 2', 'us-east', 'UTC'],
          ['lab-3', 'Lab 3', 'us-east', 'Moon/Tranquility'],
        ],
      ),
    );
    const before = dumpDatabaseFile(db);
    const run = await cli(['deployments', 'import', 'bad.csv', '--db', db], { cwd: dir });
    expect(run.code).toBe(1);
    const line = expectOneLine(run.stderr);
    expect(line).toMatch(/line 4, column time_zone/);
    expect(line).toContain('Moon/Tranquility');
    expect(run.stdout).toEqual([]);
    expect(dumpDatabaseFile(db)).toEqual(before);
  });

  it('deployments import of a missing file exits 1 saying it cannot be read', async () => {
    const { dir, db } = await demoWorkspace();
    const run = await cli(['deployments', 'import', 'nowhere.csv', '--db', db], { cwd: dir });
    expect(run.code).toBe(1);
    expect(expectOneLine(run.stderr)).toContain(`Cannot read ${path.join(dir, 'nowhere.csv')}`);
  });

  it('deployments import of a file that is not UTF-8 (a Latin-1 export) exits 1 and imports nothing', async () => {
    const { dir, db } = await demoWorkspace();
    const latin1 = Buffer.from('key,name,region,time_zone\nlab-1,Z\xfcrich Lab,eu-central,Europe/Zurich\n', 'latin1');
    fs.writeFileSync(path.join(dir, 'latin1.csv'), latin1);
    const before = dumpDatabaseFile(db);
    const run = await cli(['deployments', 'import', 'latin1.csv', '--db', db], { cwd: dir });
    expect(run.code).toBe(1);
    expect(expectOneLine(run.stderr)).toBe(
      `release-calendar: ${path.join(dir, 'latin1.csv')} is not UTF-8 text; save it as UTF-8 and try again.`,
    );
    expect(dumpDatabaseFile(db)).toEqual(before);
  });

  it('deployments add creates a deployment, and a duplicate key exits 1 with a one-line message', async () => {
    const { dir, db } = await demoWorkspace();
    const add = (key: string): Promise<Awaited<ReturnType<typeof cli>>> =>
      cli(
        [
          'deployments',
          'add',
          '--db',
          db,
          '--key',
          key,
          '--name',
          'Lab One',
          '--region',
          'us-east',
          '--time-zone',
          'America/New_York',
          '--weight',
          '1_500',
          '--pairing-group',
          'lab-pair',
        ],
        { cwd: dir },
      );
    const first = await add('lab-1');
    expect(first.code).toBe(0);
    expect(first.out).toBe('Added lab-1 (Lab One, us-east, America/New_York, active).');
    const duplicate = await add('us-east-3');
    expect(duplicate.code).toBe(1);
    expect(expectOneLine(duplicate.stderr)).toBe(
      'release-calendar: A deployment with the key "us-east-3" already exists; choose another key.',
    );
    const list = JSON.parse(
      (await cli(['deployments', 'list', '--json', '--db', db], { cwd: dir })).out,
    ) as Deployment[];
    expect(list.find((d) => d.key === 'lab-1')).toMatchObject({ weight: 1500, pairingGroup: 'lab-pair' });
    expect(list).toHaveLength(41);
  });

  it('adds its own commands and flags to what a refusal says to do (the app shows the message alone)', async () => {
    const { dir, db } = await demoWorkspace();
    const missing = await cli(['deployments', 'retire', 'mars-1', '--db', db], { cwd: dir });
    expect(missing.code).toBe(3);
    expect(expectOneLine(missing.stderr)).toBe(
      'release-calendar: No deployment has the key "mars-1"; list them with "deployments list".',
    );
    const demo = await cli(['init', '--demo', '--db', db], { cwd: dir });
    expect(demo.code).toBe(1);
    expect(expectOneLine(demo.stderr)).toBe(
      'release-calendar: The demo fleet can only be loaded into an empty fleet; open a new, empty database to try it (--db PATH).',
    );
  });

  it('names the CLI flag, not the API field, when a value is invalid', async () => {
    const { dir, db } = await demoWorkspace();
    const run = await cli(
      ['deployments', 'add', '--db', db, '--key', 'lab-1', '--name', 'L', '--region', 'r', '--time-zone', 'CET'],
      { cwd: dir },
    );
    expect(run.code).toBe(1);
    expect(expectOneLine(run.stderr)).toMatch(/^release-calendar: --time-zone: "CET" is not an IANA time zone/);
  });

  it('edits, retires and reactivates a deployment', async () => {
    const { dir, db } = await demoWorkspace();
    const edit = await cli(['deployments', 'edit', 'us-east-3', '--db', db, '--weight', '99', '--json'], { cwd: dir });
    expect(edit.code).toBe(0);
    expect((JSON.parse(edit.out) as Deployment).weight).toBe(99);
    expect((await cli(['deployments', 'retire', 'us-east-3', '--db', db], { cwd: dir })).out).toBe(
      'Retired us-east-3 (US East 3, us-east, America/New_York, retired).',
    );
    const again = await cli(['deployments', 'retire', 'us-east-3', '--db', db], { cwd: dir });
    expect([again.code, expectOneLine(again.stderr)]).toEqual([1, 'release-calendar: us-east-3 is already retired.']);
    expect((await cli(['deployments', 'reactivate', 'us-east-3', '--db', db], { cwd: dir })).code).toBe(0);
  });

  // DB stands for the --db value, placed where each case needs it.
  it.each([
    ['an unknown option', ['deployments', 'list', '--db', 'DB', '--colour', 'blue']],
    ['a fractional --weight', ['deployments', 'edit', 'us-east-3', '--db', 'DB', '--weight', '1.5']],
    ['a word as --weight', ['deployments', 'edit', 'us-east-3', '--db', 'DB', '--weight', 'heavy']],
    ['a missing option value', ['deployments', 'add', '--db', 'DB', '--key']],
    ['an edit without changes', ['deployments', 'edit', 'us-east-3', '--db', 'DB']],
    ['a missing positional', ['deployments', 'retire', '--db', 'DB']],
    ['an extra positional', ['deployments', 'retire', 'us-east-3', 'us-east-4', '--db', 'DB']],
    ['an unknown command', ['deploy', '--db', 'DB']],
    ['an unknown subcommand', ['deployments', 'delete', 'us-east-3', '--db', 'DB']],
  ])('exits 2 for %s, with one line and no change', async (_why, argv) => {
    const { dir, db } = await demoWorkspace();
    const before = dumpDatabaseFile(db);
    const run = await cli(
      argv.map((a) => (a === 'DB' ? db : a)),
      { cwd: dir },
    );
    expect(run.code).toBe(2);
    expect(expectOneLine(run.stderr)).toMatch(/^release-calendar: /);
    expect(dumpDatabaseFile(db)).toEqual(before);
  });

  it('exits 1 naming the CLI flag when a value is refused by the contract', async () => {
    const { dir, db } = await demoWorkspace();
    const run = await cli(['deployments', 'edit', 'us-east-3', '--tier', 'gold', '--db', db], { cwd: dir });
    expect(run.code).toBe(1);
    expect(expectOneLine(run.stderr)).toBe(
      'release-calendar: --tier: Tier must be one of: standard, premium, enterprise, government.',
    );
  });

  it(
    // Regression test for a bug found in review (cli.ts runCli, the UsageError branch of the final catch).
    'keeps a usage error on one line when an option value starts with a dash',
    async () => {
      const { dir, db } = await demoWorkspace();
      const run = await cli(['deployments', 'edit', 'us-east-3', '--db', db, '--weight', '-5'], { cwd: dir });
      expect(run.code).toBe(2);
      expectOneLine(run.stderr);
    },
  );

  it(
    // Regression test for a bug found in review (cli.ts runCli: options before the command).
    'understands the global --db option before the command',
    async () => {
      const { dir, db } = await demoWorkspace();
      const run = await cli(['--db', db, 'deployments', 'list', '--json'], { cwd: dir });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.out)).toHaveLength(40);
    },
  );

  it(
    // Regression test for a bug found in review (cli.ts parseWeight).
    'exits 2 for a --weight made only of separators',
    async () => {
      const { dir, db } = await demoWorkspace();
      const run = await cli(['deployments', 'edit', 'us-east-3', '--weight', ',', '--db', db], { cwd: dir });
      expect(run.code).toBe(2);
    },
  );

  it('prints the main help and exits 2 when run without arguments', async () => {
    const run = await cli([], { cwd: tempDir() });
    expect(run.code).toBe(2);
    expect(run.out).toContain('Usage: release-calendar <command> [options]');
  });

  it.each([['--help'], ['-h'], ['deployments', '--help']])(
    '%s … prints the overview and exits 0 without opening a database',
    async (...argv) => {
      const dir = tempDir();
      const run = await cli(argv, { cwd: dir });
      expect(run.code).toBe(0);
      expect(run.out).toContain('Usage:');
      expect(fs.readdirSync(dir)).toEqual([]);
    },
  );

  it.each(COMMANDS)('%s --help prints its usage and exits 0 without creating the database', async (command) => {
    const dir = tempDir();
    const run = await cli([...command.split(' '), '--help', '--db', path.join(dir, 'fleet.db')], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Usage: release-calendar ${command}`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('deployments export --out writes a CSV that imports back with nothing created or updated', async () => {
    const { dir, db } = await demoWorkspace();
    const out = await cli(['deployments', 'export', '--out', 'fleet.csv', '--db', db], { cwd: dir });
    expect(out.code).toBe(0);
    expect(out.out).toBe(`Wrote 40 deployment(s) to ${path.join(dir, 'fleet.csv')}.`);
    const back = await cli(['deployments', 'import', 'fleet.csv', '--json', '--db', db], { cwd: dir });
    expect(back.code).toBe(0);
    expect(JSON.parse(back.out)).toEqual({ created: 0, updated: 0, unchanged: 40 });
  });

  it('deployments export without --out prints the CSV on stdout', async () => {
    const { dir, db } = await demoWorkspace();
    const run = await cli(['deployments', 'export', '--status', 'active', '--db', db], { cwd: dir });
    expect(run.code).toBe(0);
    const lines = run.out.split('\r\n');
    expect(lines[0]).toBe(
      'key,name,region,time_zone,tier,weight,pairing_group,pin_policy,internal,early_opt_out,release_window,status',
    );
    expect(lines).toHaveLength(41);
  });

  it('deployments export to a folder that does not exist exits 1 and leaves no temporary file', async () => {
    const { dir, db } = await demoWorkspace();
    const run = await cli(['deployments', 'export', '--out', 'missing/fleet.csv', '--db', db], { cwd: dir });
    expect(run.code).toBe(1);
    expect(expectOneLine(run.stderr)).toContain('Cannot write');
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('resolves a relative --db against the working folder it was given', async () => {
    const dir = tempDir();
    expect((await cli(['init', '--db', 'relative.db'], { cwd: dir })).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'relative.db'))).toBe(true);
  });

  it('honours RELEASE_CALENDAR_DB when --db is absent', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'from-env.db');
    const env = { RELEASE_CALENDAR_DB: db };
    expect((await cli(['init', '--demo'], { cwd: dir, env })).code).toBe(0);
    const list = await cli(['deployments', 'list', '--json'], { cwd: dir, env });
    expect(JSON.parse(list.out)).toHaveLength(40);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.db'))).toEqual(['from-env.db']);
  });

  it('prefers --db over RELEASE_CALENDAR_DB', async () => {
    const dir = tempDir();
    const env = { RELEASE_CALENDAR_DB: path.join(dir, 'from-env.db') };
    expect((await cli(['init', '--db', 'from-flag.db'], { cwd: dir, env })).code).toBe(0);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.db'))).toEqual(['from-flag.db']);
  });

  it(
    // Regression test for a bug found in review (cli.ts, runCli → resolveDatabasePath).
    'resolves a relative RELEASE_CALENDAR_DB against the working folder it was given',
    async () => {
      const dir = tempDir();
      const name = `rc-env-relative-${path.basename(dir)}.db`;
      try {
        expect((await cli(['init'], { cwd: dir, env: { RELEASE_CALENDAR_DB: name } })).code).toBe(0);
        expect(fs.existsSync(path.join(dir, name))).toBe(true);
      } finally {
        // Where the old bug put it: the test runner's own working folder.
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.resolve(name + suffix), { force: true });
      }
    },
  );

  it('refuses a database from the future in every command, exit 1, leaving the file untouched', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'future.db');
    const opened = openDatabase(db);
    opened.db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    opened.db.close();
    fs.writeFileSync(
      path.join(dir, 'ok.csv'),
      csvOf(['key', 'name', 'region', 'time_zone'], [['a-1', 'A', 'r', 'UTC']]),
    );
    const hash = sha256OfFile(db);
    const invocations = [
      ['init'],
      ['init', '--demo'],
      ['deployments', 'list'],
      ['deployments', 'add', '--key', 'a-1', '--name', 'A', '--region', 'r', '--time-zone', 'UTC'],
      ['deployments', 'edit', 'a-1', '--name', 'B'],
      ['deployments', 'retire', 'a-1'],
      ['deployments', 'reactivate', 'a-1'],
      ['deployments', 'import', 'ok.csv'],
      ['deployments', 'export'],
      ['deployments', 'export', '--out', 'out.csv'],
    ];
    for (const argv of invocations) {
      const run = await cli([...argv, '--db', db], { cwd: dir });
      expect(run.code, argv.join(' ')).toBe(1);
      expect(expectOneLine(run.stderr), argv.join(' ')).toContain(
        `written by a newer version of Release Calendar (schema ${LATEST_SCHEMA_VERSION + 5}; this version knows up to ${LATEST_SCHEMA_VERSION})`,
      );
      // The CLI says how to open another file; the message itself is the app's, without flags.
      expect(run.stderr[0], argv.join(' ')).toMatch(
        /open another database; the file was left untouched \(--db PATH\)\.$/,
      );
      expect(run.stdout, argv.join(' ')).toEqual([]);
    }
    // Under --json the refusal is the typed envelope on stdout.
    const json = await cli(['deployments', 'list', '--json', '--db', db], { cwd: dir });
    expect([json.code, json.stderr]).toEqual([1, []]);
    expect(JSON.parse(json.out)).toEqual({
      ok: false,
      error: { code: 'rule_violation', message: expect.stringContaining('written by a newer version') as unknown },
    });
    expect(sha256OfFile(db)).toBe(hash);
    expect(fs.readdirSync(dir).sort()).toEqual(['future.db', 'ok.csv']);
  });
});
