import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { startBackend, type Backend } from '../../electron/backend/backend';
import type { Db } from '../../electron/backend/db/connection';
import type { Deployment } from '../../shared/deployment';
import { steppingClock } from './clock';

export const TEST_ACTOR = 'test-actor';

/** Every user table's rows in rowid order, plus user_version: what "nothing changed" compares. */
export function dumpDatabase(db: Db): Record<string, unknown> {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const dump: Record<string, unknown> = { user_version: db.pragma('user_version', { simple: true }) };
  for (const t of tables) dump[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all();
  return dump;
}

/** Dumps a database file through a short-lived read-only connection (for files a CLI run closed). */
export function dumpDatabaseFile(file: string): Record<string, unknown> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return dumpDatabase(db);
  } finally {
    db.close();
  }
}

export function auditCount(db: Db): number {
  return db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
}

export function tableNames(db: Db): string[] {
  return db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}

export function sha256OfFile(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Files in `dir` whose name starts with the base name of `file` (the file itself, -wal, -shm, backups). */
export function siblingsOf(file: string): string[] {
  const base = path.basename(file);
  return fs
    .readdirSync(path.dirname(file))
    .filter((f) => f.startsWith(base))
    .sort();
}

export interface TestBackend extends Backend {
  file: string;
  db: Db;
  /** Errors the dispatcher logged (their text never reaches the caller). */
  logged: { method: string; err: unknown }[];
}

/** A real backend on a new SQLite file in `dir`, with a stepping clock and a fixed actor. */
export function openTestBackend(dir: string, name = 'fleet.db'): TestBackend {
  const file = path.join(dir, name);
  const logged: TestBackend['logged'] = [];
  const backend = startBackend({
    dbPath: file,
    transport: 'cli',
    version: '0.0.0-test',
    actor: TEST_ACTOR,
    now: steppingClock().now,
    logError: (method, err) => logged.push({ method, err }),
  });
  return { ...backend, file, db: backend.database.db, logged };
}

/** The result of a call that must succeed; a refusal fails the test with its code and message. */
export async function resultOf<R>(backend: Pick<Backend, 'dispatch'>, method: string, input?: unknown): Promise<R> {
  const answer = await backend.dispatch(method, input);
  if (!answer.ok) throw new Error(`${method} failed: ${answer.error.code} ${answer.error.message}`);
  return answer.result as R;
}

/**
 * A new test backend in a fresh folder for each test, closed after it unless the test closed it.
 * `backend()` is the current test's; `ok` calls it with a method that must succeed.
 */
export function useTestBackend(tempDir: () => string): {
  backend: () => TestBackend;
  ok: <R>(method: string, input?: unknown) => Promise<R>;
} {
  let current: TestBackend | undefined;
  beforeEach(() => {
    current = openTestBackend(tempDir());
  });
  afterEach(() => {
    if (current?.db.open) current.close();
    current = undefined;
  });
  const backend = (): TestBackend => {
    if (!current) throw new Error('useTestBackend: no backend outside a test');
    return current;
  };
  return { backend, ok: (method, input) => resultOf(backend(), method, input) };
}

/** The fleet another database in `dir` holds once `csv` is imported into it: an export's round trip. */
export async function fleetImportedElsewhere(dir: string, csv: string): Promise<Deployment[]> {
  const other = openTestBackend(dir, 'other.db');
  try {
    const imported = await other.dispatch('deployments.importCsv', { csv });
    if (!imported.ok) throw new Error(imported.error.message);
    const list = await other.dispatch('deployments.list', {});
    if (!list.ok) throw new Error(list.error.message);
    return (list.result as { deployments: Deployment[] }).deployments;
  } finally {
    other.close();
  }
}
