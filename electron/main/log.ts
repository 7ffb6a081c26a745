import path from 'node:path';

const LOG_FILE = 'main.log';
/** Past this size the log is set aside as main.old.log at startup, so it never grows without bound. */
export const MAX_LOG_BYTES = 2 * 1024 * 1024;

export interface LogFs {
  appendFileSync(file: string, data: string): void;
  mkdirSync(dir: string, options: { recursive: true }): unknown;
  statSync(file: string): { size: number };
  renameSync(from: string, to: string): void;
}

export type Log = (message: string, err?: unknown) => void;

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/**
 * The main process's log: the file the API's "details are in the log" points to
 * (Help → Open Log Folder), echoed to stderr for development. Logging never throws.
 */
export function createLog(logDir: string, fs: LogFs, now: () => Date = () => new Date()): Log {
  const file = path.join(logDir, LOG_FILE);
  try {
    fs.mkdirSync(logDir, { recursive: true });
    if (fs.statSync(file).size > MAX_LOG_BYTES) fs.renameSync(file, path.join(logDir, 'main.old.log'));
  } catch {
    // No log yet (or no folder we can write): the first append creates it, or fails quietly.
  }
  return (message, err) => {
    const line = `[${now().toISOString()}] ${message}${err === undefined ? '' : `: ${describe(err)}`}\n`;
    process.stderr.write(line);
    try {
      fs.appendFileSync(file, line);
    } catch {
      // A full or read-only disk must not take the app down with it.
    }
  };
}
