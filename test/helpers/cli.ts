import fs from 'node:fs';
import path from 'node:path';
import { type CliIO, runCli } from '../../electron/cli/cli';
import { fixedClock } from './clock';

export interface CliRun {
  code: number;
  stdout: string[];
  stderr: string[];
  /** All of stdout joined, as a terminal would show it. */
  out: string;
}

/**
 * Runs the CLI in-process with captured output, a fixed clock and actor, and only
 * the given environment. Without `env`, RELEASE_CALENDAR_DB points into `cwd`, so a
 * test that forgets --db can never touch the real user-data folder; the error log, likewise, is
 * `cli.log` in `cwd` unless `io` names another. `io` overrides the rest of the CLI's IO.
 */
export async function cli(
  argv: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; now?: () => Date; io?: Partial<CliIO> },
): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, {
    stdout: (t) => stdout.push(t),
    stderr: (t) => stderr.push(t),
    env: options.env ?? { RELEASE_CALENDAR_DB: path.join(options.cwd, 'env-default.db') },
    cwd: options.cwd,
    now: options.now ?? fixedClock('2026-03-02T09:00:00.000Z'),
    actor: 'cli-test',
    logFile: path.join(options.cwd, 'cli.log'),
    ...options.io,
  });
  return { code, stdout, stderr, out: stdout.join('\n') };
}

/**
 * Runs the CLI on the database `db`, made first with `init` when it does not exist yet: as a
 * person starts, since no other command creates a database.
 */
export async function cliOn(
  db: string,
  argv: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; now?: () => Date },
): Promise<CliRun> {
  if (!fs.existsSync(db)) {
    const init = await cli(['init', '--db', db], options);
    if (init.code !== 0) throw new Error(`init failed: ${init.stderr.join(' ')}`);
  }
  return cli([...argv, '--db', db], options);
}

/** A folder `dir` whose database holds the fleet of `csv` (imported through the CLI), and the CLI run on it. */
export async function cliWithFleet(
  dir: string,
  csv: string,
): Promise<{ dir: string; run: (...argv: string[]) => Promise<CliRun> }> {
  fs.writeFileSync(path.join(dir, 'fleet.csv'), csv);
  const run = (...argv: string[]) => cliOn(path.join(dir, 'rc.db'), argv, { cwd: dir });
  const imported = await run('deployments', 'import', 'fleet.csv');
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr.join(' ')}`);
  return { dir, run };
}

/** `deployments add` of a customer deployment in São Paulo, with `more` flags. */
export function addSaoPaulo(key: string, more: readonly string[]): string[] {
  return [
    'deployments',
    'add',
    '--key',
    key,
    '--name',
    key.toUpperCase().replace('-', ' '),
    '--region',
    'sa-east',
    '--time-zone',
    'America/Sao_Paulo',
    ...more,
    '--json',
  ];
}
