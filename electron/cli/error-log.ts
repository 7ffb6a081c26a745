import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PRODUCT_NAME, defaultUserDataDir } from '../backend/paths';

export const LOG_ENV = 'RELEASE_CALENDAR_LOG';

/**
 * Where the CLI writes the details of an unexpected error: $RELEASE_CALENDAR_LOG, else the
 * folder the desktop app keeps its own logs in (Electron's `logs` path), as `cli.log`.
 */
export function cliLogFile(
  env: NodeJS.ProcessEnv,
  cwd: string,
  platform: NodeJS.Platform = process.platform,
  home = os.homedir(),
): string {
  if (env[LOG_ENV]) return path.resolve(cwd, env[LOG_ENV]);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Logs', PRODUCT_NAME, 'cli.log');
  const logs = platform === 'win32' ? path.win32.join : path.posix.join;
  return logs(defaultUserDataDir(platform, env, home), 'logs', 'cli.log');
}

/**
 * Appends one error, with its stack, to the log file. Answers the end of the sentence that tells
 * the user where the details are, or why they could not be kept.
 */
export function logError(file: string, what: string, err: unknown, now: Date): string {
  const detail = (err instanceof Error ? err.stack : undefined) ?? String(err);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, `${now.toISOString()} ${what}\n${detail}\n\n`);
    return `the details are in ${file}.`;
  } catch (writeErr) {
    const reason = (writeErr as NodeJS.ErrnoException).code ?? 'unknown reason';
    return `its details could not be written to ${file} (${reason}).`;
  }
}
