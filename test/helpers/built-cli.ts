import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect } from 'vitest';
import { dumpDatabaseFile } from './db';
import { TRACKING_FLEET_CSV } from './tracking';

/** The repository root: the built CLI and the host run from here. */
export const ROOT = path.resolve(__dirname, '../..');
const CLI_BUNDLE = path.join(ROOT, 'out', 'main', 'cli.js');
const BIN = path.join(ROOT, 'bin', 'release-calendar.js');

export interface ProcessRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Builds the CLI bundle once before the tests of the file (or describe block) when this
 * checkout has none; `npm test` builds first.
 */
export function useBuiltCli(): void {
  beforeAll(() => {
    if (!fs.existsSync(CLI_BUNDLE)) execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'ignore' });
  }, 120_000);
}

/** The environment of a child process, without a database variable inherited from the developer's shell. */
export function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.RELEASE_CALENDAR_DB;
  return env;
}

/** Runs the built CLI (bin/release-calendar.js) as a real process. */
export function runBuiltCli(args: string[]): ProcessRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv(), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the built CLI on the database file `db`. */
export function builtCliOn(db: string, ...args: string[]): ProcessRun {
  return runBuiltCli([...args, '--db', db]);
}

/** A database in `dir` with the small tracking fleet and `count` trains from `from`, made by the built CLI. */
export function trackingFleetDatabase(dir: string, from: string, count: number): string {
  const db = path.join(dir, 'rc.db');
  const csv = path.join(dir, 'fleet.csv');
  fs.writeFileSync(csv, TRACKING_FLEET_CSV);
  expect(builtCliOn(db, 'init').status).toBe(0);
  expect(builtCliOn(db, 'deployments', 'import', csv).status).toBe(0);
  expect(builtCliOn(db, 'trains', 'plan', '--from', from, '--count', String(count)).status).toBe(0);
  return db;
}

/** Runs the built CLI on `db` and checks that it exits 1, prints `stderr` alone and leaves the database as it was. */
export function expectBuiltCliRefusal(db: string, args: string[], stderr: string): void {
  const before = dumpDatabaseFile(db);
  const r = builtCliOn(db, ...args);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(stderr);
  expect(dumpDatabaseFile(db)).toEqual(before);
}
