import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';
import { DatabaseOpenError } from './open-error';

export type Db = Database.Database;

/** 'RCAL' — marks a SQLite file as ours, so another program's database is never migrated by mistake. */
export const APPLICATION_ID = 0x5243414c;

export interface OpenOptions {
  /** Clock for the backup file name; injected so tests are deterministic. */
  now?: () => Date;
  migrations?: readonly Migration[];
  /**
   * Path of a better-sqlite3 build to load instead of the one in node_modules: the desktop
   * app passes its Electron build (node_modules holds the Node build).
   */
  nativeBinding?: string | undefined;
}

export interface OpenedDatabase {
  db: Db;
  path: string;
  schemaVersion: number;
  /** Path of the copy taken before migrating, when one was taken. */
  backupPath: string | null;
}

function loadDriver(file: string, nativeBinding: string | undefined): Db {
  if (nativeBinding !== undefined && !fs.existsSync(nativeBinding)) {
    throw new DatabaseOpenError(
      'native_module',
      `The SQLite module built for this runtime is missing (${nativeBinding}); reinstall the app (developers: run \`npm start\`, which prepares it).`,
    );
  }
  try {
    return new Database(file, { nativeBinding });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/NODE_MODULE_VERSION|invalid ELF|was compiled against|dlopen|\.node/.test(msg)) {
      throw new DatabaseOpenError(
        'native_module',
        nativeBinding === undefined
          ? 'The SQLite module could not be loaded for this runtime; reinstall the app (developers: run `npm ci`).'
          : `The SQLite module at ${nativeBinding} was built for another runtime; reinstall the app (developers: run \`npm start\`, which rebuilds it).`,
        err,
      );
    }
    throw new DatabaseOpenError('unreadable', `Cannot open the database at ${file}: ${msg}.`, err);
  }
}

function hasUserTables(db: Db): boolean {
  const row = db
    .prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .get() as { n: number };
  return row.n > 0;
}

/**
 * Opens (creating if needed) the database at `file`, checks that it is ours and
 * not from a newer version, takes a copy when a migration is pending, and runs all
 * pending migrations in one transaction. The one place a connection is set up.
 */
export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.at(-1)?.version ?? 0;
  const absolute = path.resolve(file);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  const db = loadDriver(absolute, options.nativeBinding);
  try {
    let version: number;
    let appId: number;
    try {
      // Read-only checks first: nothing below may touch a file we are going to refuse.
      version = db.pragma('user_version', { simple: true }) as number;
      appId = db.pragma('application_id', { simple: true }) as number;
    } catch (err) {
      throw new DatabaseOpenError(
        'unreadable',
        `${absolute} is not a SQLite database (or it is damaged); choose another database file.`,
        err,
      );
    }
    if (appId !== APPLICATION_ID && (appId !== 0 || version > 0 || hasUserTables(db))) {
      throw new DatabaseOpenError(
        'not_ours',
        `${absolute} is a SQLite database of another program; choose a Release Calendar database.`,
      );
    }
    if (version > latest) {
      throw new DatabaseOpenError(
        'from_future',
        `This database was written by a newer version of Release Calendar (schema ${version}; this version knows up to ${latest}). Update the app, or open another database; the file was left untouched.`,
      );
    }

    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');

    let backupPath: string | null = null;
    const pending = migrations.filter((m) => m.version > version);
    if (pending.length > 0) {
      if (version > 0) {
        const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
        backupPath = `${absolute}.v${version}-${stamp}.bak`;
        db.prepare('VACUUM INTO ?').run(backupPath);
      }
      db.transaction(() => {
        for (const m of pending) m.up(db);
        db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${latest}`);
      }).immediate();
    }
    return { db, path: absolute, schemaVersion: latest, backupPath };
  } catch (err) {
    db.close();
    throw err;
  }
}

export { LATEST_SCHEMA_VERSION };

/**
 * A second, read-only connection to a database `openDatabase` has opened (and migrated): the
 * dispatcher runs reads on it, so a read never takes the write lock, and one that tried to
 * write would fail instead of writing.
 */
export function openReadConnection(opened: OpenedDatabase, nativeBinding?: string): Db {
  const db = new Database(opened.path, { readonly: true, fileMustExist: true, nativeBinding });
  db.pragma('busy_timeout = 5000');
  return db;
}
