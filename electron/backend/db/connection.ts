import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { listBackups, makeBackup } from './backup';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';
import { DatabaseOpenError } from './open-error';

export type Db = Database.Database;

/** 'RCAL' — marks a SQLite file as ours, so another program's database is never migrated by mistake. */
export const APPLICATION_ID = 0x5243414c;

/**
 * What opening may create when the path holds no database yet: `never` refuses a missing file
 * (every CLI command but `init`); `if-missing` creates a missing file (the app's and browser
 * mode's first run); `explicit` also turns a zero-byte file into a database (`init`, asked for by
 * name). A zero-byte file is otherwise refused: it is nobody's database, and writing one would
 * hide a path typed wrong or a file emptied by accident.
 */
export type CreateMode = 'never' | 'if-missing' | 'explicit';

export interface OpenOptions {
  /** Clock for the backup file name; injected so tests are deterministic. */
  now?: () => Date;
  migrations?: readonly Migration[];
  /**
   * Path of a better-sqlite3 build to load instead of the one in node_modules: the desktop
   * app passes its Electron build (node_modules holds the Node build).
   */
  nativeBinding?: string | undefined;
  /** Default `if-missing`. */
  create?: CreateMode;
  /** Whether a missing folder may be made for the file: only the app's own user-data folder. */
  createFolder?: boolean;
}

export interface OpenedDatabase {
  db: Db;
  path: string;
  schemaVersion: number;
  /** Path of the copy taken before migrating (in the backups folder), when one was taken. */
  backupPath: string | null;
  /** Whether opening created the file: a new, empty database has nothing to back up. */
  created: boolean;
  /** The file (or its folder) cannot be written: `db` is a read-only connection, and writes are refused. */
  readOnly: boolean;
}

function loadDriver(file: string | Buffer, nativeBinding: string | undefined, readonly = false): Db {
  if (nativeBinding !== undefined && !fs.existsSync(nativeBinding)) {
    throw new DatabaseOpenError(
      'native_module',
      `The SQLite module built for this runtime is missing (${nativeBinding}); reinstall the app (developers: run \`npm start\`, which prepares it).`,
    );
  }
  try {
    return new Database(file, { nativeBinding, readonly });
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
    const where = typeof file === 'string' ? file : 'the file given';
    throw new DatabaseOpenError('unreadable', `Cannot open the database at ${where}: ${msg}.`, err);
  }
}

function hasUserTables(db: Db): boolean {
  const row = db
    .prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .get() as { n: number };
  return row.n > 0;
}

function writable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function sizeOf(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}

/**
 * A read-only connection to `file`. A WAL database needs its -wal and -shm files even to be
 * read; in a folder we cannot write they cannot be made, and SQLite refuses (URI filenames, and
 * with them `immutable`, are off in this build). When no -wal file holds commits, the main file
 * is the whole database: it is read into memory and marked as rollback-journal there, the file
 * itself untouched.
 */
export function openReadOnly(file: string, nativeBinding: string | undefined): Db {
  const db = loadDriver(file, nativeBinding, true);
  let code: unknown;
  try {
    db.pragma('user_version', { simple: true });
    return db;
  } catch (err) {
    db.close();
    code = (err as { code?: unknown }).code;
  }
  const walHoldsCommits = (sizeOf(`${file}-wal`) ?? 0) > 0;
  if ((code !== 'SQLITE_READONLY_DIRECTORY' && code !== 'SQLITE_CANTOPEN') || walHoldsCommits) {
    throw new DatabaseOpenError(
      'unreadable',
      walHoldsCommits
        ? `The database ${file} has changes in its -wal file that cannot be read from a read-only folder; copy the database with its -wal file to a writable folder and open the copy.`
        : `${file} is not a SQLite database (or it is damaged); choose another database file.`,
    );
  }
  return openImage(file, nativeBinding);
}

/**
 * A read-only in-memory copy of `file`, for when the main file is the whole database (no -wal
 * holds commits): nothing is created beside the file, not even the -shm a reader of a WAL
 * database makes. The copy is marked as rollback-journal, since memory has no -wal.
 */
export function openImage(file: string, nativeBinding: string | undefined): Db {
  const image = fs.readFileSync(file);
  // Bytes 18 and 19 of the header: file format versions, 2 for WAL, 1 for a rollback journal.
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) image.fill(1, 18, 20);
  return loadDriver(image, nativeBinding, true);
}

/** The newest copy beside `file` (taken before a migration, or by a backup), if any. */
export function latestBackup(file: string): string | null {
  const folder = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = fs.readdirSync(folder).filter((n) => n.startsWith(`${base}.`) && n.endsWith('.bak'));
  } catch {
    return null;
  }
  const newest = names
    .map((n) => ({ n, at: fs.statSync(path.join(folder, n)).mtimeMs }))
    .sort((a, b) => b.at - a.at || b.n.localeCompare(a.n))[0];
  return newest ? path.join(folder, newest.n) : null;
}

/**
 * The one sentence for a damaged file, pointing to its newest automatic backup (which `restore`
 * puts back), else to the newest copy beside it, when there is one.
 */
export function damagedMessage(file: string): string {
  const automatic = listBackups(file)[0];
  if (automatic) {
    return `The database ${file} is damaged; restore its latest automatic backup, ${automatic.path}, with "release-calendar restore ${automatic.name}", or choose another database file.`;
  }
  const backup = latestBackup(file);
  return backup
    ? `The database ${file} is damaged; restore its latest backup, ${backup}, or choose another database file.`
    : `The database ${file} is damaged; restore a copy you saved earlier, or choose another database file.`;
}

/**
 * SQLite's own consistency check: `quick` (at every open) reads every page but skips the
 * comparison of indexes with their tables that the full check does. The problems found, or
 * none; a file too broken to check is one problem.
 */
export function integrityProblems(db: Db, quick: boolean): string[] {
  try {
    const rows = db.pragma(quick ? 'quick_check' : 'integrity_check', { simple: false }) as Record<string, string>[];
    const problems = rows.map((r) => Object.values(r)[0] ?? '').filter((p) => p !== 'ok');
    return problems;
  } catch (err) {
    return [err instanceof Error ? err.message : String(err)];
  }
}

/** Where the file lives, and whether we may create it there; throws the refusal otherwise. */
function checkPlace(absolute: string, options: OpenOptions): 'exists' | 'create' {
  const folder = path.dirname(absolute);
  const create = options.create ?? 'if-missing';
  if (!fs.existsSync(folder)) {
    if (!options.createFolder || create === 'never') {
      throw new DatabaseOpenError(
        'missing_folder',
        `There is no folder ${folder} for the database ${absolute}; check the path.`,
      );
    }
    fs.mkdirSync(folder, { recursive: true });
  }
  const size = sizeOf(absolute);
  if (size === null) {
    if (create === 'never') {
      throw new DatabaseOpenError('missing_file', `There is no database at ${absolute}; check the path.`);
    }
    return 'create';
  }
  // A zero-byte file with commits in its -wal is ours, interrupted before its first checkpoint.
  if (size === 0 && create !== 'explicit' && (sizeOf(`${absolute}-wal`) ?? 0) === 0) {
    throw new DatabaseOpenError(
      'empty',
      `${absolute} is an empty file (0 bytes), not a Release Calendar database; choose another database file.`,
    );
  }
  return 'exists';
}

/**
 * Opens (creating it when `create` allows) the database at `file`, checks that it is ours, not
 * from a newer version and not damaged, takes a copy when a migration is pending, and runs all
 * pending migrations in one transaction. A file we may not write opens read-only. The one place
 * a connection is set up.
 */
interface FileIdentity {
  /** The schema version (`PRAGMA user_version`): 0 for a file no migration has run on. */
  version: number;
  /** `PRAGMA application_id`: ours, 0 for a new file, or another program's. */
  appId: number;
}

/** Whose file this is and which schema it holds; throws when it is not a SQLite database at all. */
export function fileIdentity(db: Db): FileIdentity {
  return {
    version: db.pragma('user_version', { simple: true }) as number,
    appId: db.pragma('application_id', { simple: true }) as number,
  };
}

export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.at(-1)?.version ?? 0;
  const absolute = path.resolve(file);
  const place = checkPlace(absolute, options);
  const readOnly = place === 'exists' && (!writable(absolute) || !writable(path.dirname(absolute)));
  const db = readOnly ? openReadOnly(absolute, options.nativeBinding) : loadDriver(absolute, options.nativeBinding);
  try {
    let identity: FileIdentity;
    try {
      // Read-only checks first: nothing below may touch a file we are going to refuse.
      identity = fileIdentity(db);
    } catch (err) {
      throw new DatabaseOpenError(
        'unreadable',
        `${absolute} is not a SQLite database (or it is damaged); choose another database file.`,
        err,
      );
    }
    const { version, appId } = identity;
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
    // Before anything writes: a damaged file written to only spreads the damage.
    if (version > 0 && integrityProblems(db, true).length > 0) {
      throw new DatabaseOpenError('damaged', damagedMessage(absolute), undefined, listBackups(absolute)[0]?.name);
    }

    const pending = migrations.filter((m) => m.version > version);
    if (readOnly) {
      if (pending.length > 0) {
        throw new DatabaseOpenError(
          'read_only',
          `The database ${absolute} is read-only and needs upgrading to this version; make it and its folder writable, then open it again.`,
        );
      }
      db.pragma('busy_timeout = 5000');
      return { db, path: absolute, schemaVersion: latest, backupPath: null, created: false, readOnly };
    }

    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // A commit is on disk when it returns, even across a power loss: the log records who released
    // what. The cost, measured in docs/benchmarks.md, is one more sync per write transaction.
    db.pragma('synchronous = FULL');

    let backupPath: string | null = null;
    if (pending.length > 0) {
      if (version > 0) backupPath = makeBackup(db, absolute, 'migration', options.now?.() ?? new Date()).path;
      db.transaction(() => {
        for (const m of pending) m.up(db);
        db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${latest}`);
      }).immediate();
    }
    return { db, path: absolute, schemaVersion: latest, backupPath, created: place === 'create', readOnly };
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
  // A read-only database has one connection, already read-only: reads share it.
  if (opened.readOnly) return opened.db;
  const db = new Database(opened.path, { readonly: true, fileMustExist: true, nativeBinding });
  db.pragma('busy_timeout = 5000');
  return db;
}
