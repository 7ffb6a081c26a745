import path from 'node:path';
import { type CreateMode, type Db, openDatabase, openReadConnection, type OpenedDatabase } from './db/connection';
import { backupFolder, describeBackup, listBackups, makeBackup } from './db/backup';
import { checkBackup, replaceDatabaseFile, walLeftBehind } from './db/restore';
import { type BackupHooks, createDispatcher, type Dispatch } from './dispatcher';
import { defaultActor, defaultUserDataDir } from './paths';
import { DomainError } from '../../shared/errors';
import { isEvidenceUrl, readUserName } from './repositories/tracking';
import type { AppInfo, DatabaseRestore, MethodKind } from '../../shared/contract';
import { dayInZone } from '../../shared/days';
import { startOfDayInZone } from '../../shared/timezones';
import { createSimulationPool } from './workers/simulate-pool';
import { keepLedgerCurrent } from './services/fairness-ledger';
import type { ServiceContext } from './services/context';
import { type TeamAccess, createTeamAccess } from './team-access';
import { isDatabaseBusy } from './db/busy';
import { FEED_NOT_FOUND, type FeedAnswer, type FeedConditional, answerFeed } from './feed-fetch';
import { parseFeedRequest } from '../../shared/feeds';

export type { FeedAnswer, FeedConditional } from './feed-fetch';

export interface Backend {
  dispatch: Dispatch;
  /** The writing connection (migrations, writes; tests inspect the file through it); a restore replaces it. */
  readonly database: OpenedDatabase;
  /** The read-only connection reads run on; a restore replaces it. */
  readonly reader: Db;
  /**
   * Puts a backup (a path) in place of the database: checks it, backs up the file it replaces,
   * closes both connections, swaps the file, and opens it again (migrating an older backup).
   */
  restore: (backupPath: string) => DatabaseRestore;
  /** Whether a URL is stored as a validation gate's evidence link: the desktop app opens those. */
  isEvidenceUrl: (url: string) => boolean;
  /** Sign-in and sessions of a team server (electron/server/). */
  accounts: TeamAccess;
  /**
   * One fetch of a subscribable feed (docs/team-mode.md), by the rest of its URL's path after
   * `/feeds/` (`<secret>/calendar.ics`…): its document with its validators, `304` when the
   * client's copy is current, `404` alike for every wrong secret or path, `503` while another
   * program holds the database's lock. One transaction: it records the fetch and the SEQUENCEs
   * the plan's changes raise (on a read-only file it writes nothing).
   */
  feed: (rest: string, conditional: FeedConditional) => FeedAnswer;
  close: () => void;
}

export interface BackendOptions {
  dbPath: string;
  /** A better-sqlite3 build to load instead of node_modules' (the desktop app's Electron build). */
  nativeBinding?: string | undefined;
  /**
   * Whether a missing database file is created (default `if-missing`: the app and browser mode
   * on their first run). The CLI creates only in `init`.
   */
  create?: CreateMode;
  transport: AppInfo['transport'];
  version: string;
  actor?: string;
  now?: () => Date;
  /** IANA zone that defines "today" (default: this machine's zone). */
  timeZone?: string;
  logError?: (method: string, err: unknown) => void;
  /** Notices that answer no call, such as a publish that failed after a saved change. */
  log?: (message: string) => void;
}

/** Opens the database and wires the dispatcher: what every host (Electron, browser mode, CLI) starts with. */
export function startBackend(options: BackendOptions): Backend {
  const open = (create: CreateMode | undefined) => {
    const database = openDatabase(options.dbPath, {
      nativeBinding: options.nativeBinding,
      ...(create ? { create } : {}),
      ...(options.now ? { now: options.now } : {}),
      // The user-data folder may not exist before a first run; any other folder is a path to check.
      createFolder: path.dirname(path.resolve(options.dbPath)) === defaultUserDataDir(),
    });
    // A file from before the kept fairness accounts (or with stale ones) gets them from its stored plans.
    if (!database.readOnly) database.db.transaction(() => keepLedgerCurrent(database.db))();
    return { database, reader: openReadConnection(database, options.nativeBinding) };
  };
  // Swapped whole by a restore: everything below reads the connections through `open`.
  let connections = open(options.create);
  const osUser = defaultActor();
  const now = options.now ?? (() => new Date());
  const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const simulations = createSimulationPool();
  const closeConnections = () => {
    const { database, reader } = connections;
    // The writer closes last: the last connection checkpoints the -wal file and removes it.
    if (reader !== database.db) reader.close();
    database.db.close();
  };

  /** The day of the newest daily backup, remembered so that most calls look at no folder. */
  let dailyDay: string | null = null;
  const takeDailyIfDue = () => {
    const { database, reader } = connections;
    // A file this backend created holds nothing from before to go back to; the next start copies it.
    // Checked before the clock is read, so that a new database's changes read it only for themselves.
    if (database.readOnly || database.created) return;
    const today = dayInZone(now(), timeZone);
    if (dailyDay === today) return;
    const newest = listBackups(database.path).find((b) => b.reason === 'daily');
    dailyDay = newest ? dayInZone(new Date(newest.takenAt), timeZone) : null;
    if (dailyDay === today) return;
    try {
      makeBackup(reader, database.path, 'daily', now());
      dailyDay = today;
    } catch (err) {
      // A missed daily copy must not stop anyone's work; it is tried again at the next change.
      options.logError?.('daily backup', err);
    }
  };
  takeDailyIfDue();

  const restore = (file: string): DatabaseRestore => {
    const { database, reader } = connections;
    if (database.readOnly) {
      throw new DomainError(
        'rule_violation',
        `The database ${database.path} is read-only; make the file and its folder writable to restore a backup over it.`,
      );
    }
    checkBackup(file, options.nativeBinding);
    const restored = describeBackup(database.path, file);
    const beforeRestore = makeBackup(reader, database.path, 'before-restore', now());
    closeConnections();
    try {
      if (walLeftBehind(database.path)) {
        throw new DomainError(
          'conflict',
          `Another program has the database ${database.path} open, so the backup was not restored; close it and try again.`,
        );
      }
      replaceDatabaseFile(database.path, file);
    } finally {
      // Open again whatever is in place: the restored file, or the old one when the swap was refused.
      connections = open('never');
      dailyDay = null;
    }
    return {
      databasePath: database.path,
      restored,
      beforeRestore,
      schemaVersion: connections.database.schemaVersion,
    };
  };
  const backups: BackupHooks = {
    list: () => ({
      databasePath: connections.database.path,
      folder: backupFolder(connections.database.path),
      backups: listBackups(connections.database.path),
    }),
    take: () => makeBackup(connections.reader, connections.database.path, 'manual', now()),
    restore: (name) => restore(path.join(backupFolder(connections.database.path), name)),
    beforeChange: (method) => {
      takeDailyIfDue();
      if (method !== 'deployments.importCsv') return;
      try {
        makeBackup(connections.reader, connections.database.path, 'import', now());
      } catch (err) {
        // An import rewrites many rows at once: without its copy it is safer not to start.
        options.logError?.('import backup', err);
        throw new DomainError(
          'rule_violation',
          `No backup could be saved in ${backupFolder(connections.database.path)} before importing, so nothing was imported; free some disk space or make the folder writable, then try again.`,
        );
      }
    },
  };

  // Who acts: the caller's override (CLI --actor, tests), else the user name set in the app, else the OS user.
  const contextOn = (db: Db): ServiceContext => ({
    db,
    actor: options.actor ?? readUserName(connections.database.db) ?? osUser,
    now,
    today: () => dayInZone(now(), timeZone),
    dayOf: (instant) => dayInZone(instant, timeZone),
    startOfDay: (day) => startOfDayInZone(day, timeZone),
  });

  const context = (kind: MethodKind): ServiceContext => {
    const { database, reader } = connections;
    if (kind !== 'read' && database.readOnly) {
      throw new DomainError(
        'rule_violation',
        `The database ${database.path} is read-only; make the file and its folder writable, or copy it to a writable folder, to change it.`,
      );
    }
    return contextOn(kind === 'read' ? reader : database.db);
  };

  const feed = (rest: string, conditional: FeedConditional): FeedAnswer => {
    const request = parseFeedRequest(rest);
    if (!request) return FEED_NOT_FOUND;
    const { database, reader } = connections;
    const record = !database.readOnly;
    const ctx = contextOn(record ? database.db : reader);
    try {
      const answer = ctx.db.transaction(() => answerFeed(ctx, request, conditional, { record }));
      return record ? answer.immediate() : answer.deferred();
    } catch (err) {
      if (!isDatabaseBusy(err)) throw err;
      return {
        status: 503,
        body: 'The plan is busy; try again in a few seconds.\n',
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': '5' },
      };
    }
  };

  const accounts = createTeamAccess({
    read: (fn) => {
      const ctx = context('read');
      return ctx.db.transaction(() => fn(ctx)).deferred();
    },
    write: (fn) => {
      const ctx = context('write');
      return ctx.db.transaction(() => fn(ctx)).immediate();
    },
  });

  const dispatch = createDispatcher({
    context,
    info: {
      version: options.version,
      schemaVersion: connections.database.schemaVersion,
      databasePath: connections.database.path,
      // A restore reopens the file: ask the connection open now.
      get readOnly() {
        return connections.database.readOnly;
      },
      transport: options.transport,
    },
    backups,
    ...(options.logError ? { logError: options.logError } : {}),
    ...(options.log ? { log: options.log } : {}),
    simulate: simulations.run,
  });
  return {
    dispatch,
    get database() {
      return connections.database;
    },
    get reader() {
      return connections.reader;
    },
    restore,
    isEvidenceUrl: (url) => isEvidenceUrl(connections.reader, url),
    accounts,
    feed,
    close: () => {
      void simulations.close();
      closeConnections();
    },
  };
}
