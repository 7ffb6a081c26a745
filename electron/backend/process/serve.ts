import { type Backend, startBackend } from '../backend';
import { clockFromEnv } from '../clock';
import { DatabaseOpenError } from '../db/open-error';
import { backupFile, restoreOverUnopened } from '../db/restore';
import { type FromBackend, decodeToBackend } from './protocol';
import { errorMessage } from '../../../shared/errors';

/** The backend process's side of the channel: Electron's parentPort, or a Node child's IPC in tests. */
export interface ParentLink {
  post: (message: FromBackend) => void;
  onMessage: (listener: (raw: unknown) => void) => void;
  exit: (code: number) => void;
}

export interface ServeOptions {
  link: ParentLink;
  /** The process environment: the clock of end-to-end tests (RELEASE_CALENDAR_NOW) comes from it. */
  env: Readonly<Record<string, string | undefined>>;
  /** Called once the database is open, before `ready` is sent. */
  onStarted?: (backend: Backend) => void;
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/**
 * Runs the backend (SQLite and services) in this process and answers the main process:
 * `init` opens the database (`ready`, or `failed` with why), each `call` goes through the
 * dispatcher and is answered with its envelope, `stop` closes the database and exits.
 * Calls are answered in the order their work finishes; every write is one transaction
 * inside the dispatcher, so a kill at any moment leaves each one whole or absent.
 */
export function serveBackend(options: ServeOptions): void {
  const { link } = options;
  let backend: Backend | null = null;
  const log = (message: string): void => link.post({ type: 'log', message });

  link.onMessage((raw) => {
    const decoded = decodeToBackend(raw);
    if (!decoded.ok) {
      log(`The backend ignored ${decoded.problem}`);
      return;
    }
    const message = decoded.message;
    switch (message.type) {
      case 'init': {
        if (backend) {
          log('The backend ignored a second init: its database is already open.');
          return;
        }
        try {
          const clock = clockFromEnv(options.env);
          if (message.restore !== undefined) {
            const now = clock.now?.() ?? new Date();
            const backup = backupFile(message.dbPath, message.restore, process.cwd());
            const done = restoreOverUnopened(message.dbPath, backup, { now, nativeBinding: message.nativeBinding });
            log(
              `Restored ${done.restored.name} over ${done.databasePath}; the file it replaced is kept as ${done.beforeRestore?.name ?? 'nothing (there was no file)'}.`,
            );
          }
          backend = startBackend({
            dbPath: message.dbPath,
            nativeBinding: message.nativeBinding,
            transport: 'electron',
            version: message.version,
            ...clock,
            logError: (method, err) => log(`${method} failed: ${describe(err)}`),
            log,
          });
        } catch (err) {
          link.post({
            type: 'failed',
            kind: err instanceof DatabaseOpenError ? err.kind : 'internal',
            message: errorMessage(err),
            ...(err instanceof DatabaseOpenError && err.restorable ? { restorable: err.restorable } : {}),
          });
          return;
        }
        options.onStarted?.(backend);
        link.post({
          type: 'ready',
          databasePath: backend.database.path,
          schemaVersion: backend.database.schemaVersion,
        });
        return;
      }
      case 'call': {
        if (!backend) {
          link.post({
            type: 'result',
            id: message.id,
            response: { ok: false, error: { code: 'internal', message: 'The database is not open yet; try again.' } },
          });
          return;
        }
        void backend
          .dispatch(message.method, message.input)
          .then((response) => link.post({ type: 'result', id: message.id, response }));
        return;
      }
      case 'isEvidenceUrl':
        link.post({
          type: 'answer',
          id: message.id,
          value: backend !== null && backend.isEvidenceUrl(message.url),
        });
        return;
      case 'stop':
        backend?.close();
        backend = null;
        link.exit(0);
        return;
    }
  });
}
