import path from 'node:path';
import { type CreateMode, type Db, openDatabase, openReadConnection, type OpenedDatabase } from './db/connection';
import { createDispatcher, type Dispatch } from './dispatcher';
import { defaultActor, defaultUserDataDir } from './paths';
import { DomainError } from '../../shared/errors';
import { isEvidenceUrl, readUserName } from './repositories/tracking';
import type { AppInfo } from '../../shared/contract';
import { dayInZone } from '../../shared/days';
import { startOfDayInZone } from '../../shared/timezones';
import { createSimulationPool } from './workers/simulate-pool';

export interface Backend {
  dispatch: Dispatch;
  /** The writing connection (migrations, writes; tests inspect the file through it). */
  database: OpenedDatabase;
  /** The read-only connection reads run on. */
  reader: Db;
  /** Whether a URL is stored as a validation gate's evidence link: the desktop app opens those. */
  isEvidenceUrl: (url: string) => boolean;
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
  const database = openDatabase(options.dbPath, {
    nativeBinding: options.nativeBinding,
    ...(options.create ? { create: options.create } : {}),
    // The user-data folder may not exist before a first run; any other folder is a path to check.
    createFolder: path.dirname(path.resolve(options.dbPath)) === defaultUserDataDir(),
  });
  const reader = openReadConnection(database, options.nativeBinding);
  const osUser = defaultActor();
  const now = options.now ?? (() => new Date());
  const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const simulations = createSimulationPool();
  const dispatch = createDispatcher({
    // Who acts: the caller's override (CLI --actor, tests), else the user name set in the app, else the OS user.
    context: (kind) => {
      if (kind !== 'read' && database.readOnly) {
        throw new DomainError(
          'rule_violation',
          `The database ${database.path} is read-only; make the file and its folder writable, or copy it to a writable folder, to change it.`,
        );
      }
      return {
        db: kind === 'read' ? reader : database.db,
        actor: options.actor ?? readUserName(database.db) ?? osUser,
        now,
        today: () => dayInZone(now(), timeZone),
        dayOf: (instant) => dayInZone(instant, timeZone),
        startOfDay: (day) => startOfDayInZone(day, timeZone),
      };
    },
    info: {
      version: options.version,
      schemaVersion: database.schemaVersion,
      databasePath: database.path,
      transport: options.transport,
    },
    ...(options.logError ? { logError: options.logError } : {}),
    ...(options.log ? { log: options.log } : {}),
    simulate: simulations.run,
  });
  return {
    dispatch,
    database,
    reader,
    isEvidenceUrl: (url) => isEvidenceUrl(reader, url),
    close: () => {
      void simulations.close();
      if (reader !== database.db) reader.close();
      database.db.close();
    },
  };
}
