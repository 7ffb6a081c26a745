import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Release Calendar';
export const DB_FILE_NAME = 'release-calendar.db';
export const DB_ENV = 'RELEASE_CALENDAR_DB';

/** The folder Electron's `app.getPath('userData')` gives for this app, computed without Electron (for the CLI and browser mode). */
export function defaultUserDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home = os.homedir(),
): string {
  if (platform === 'win32')
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), PRODUCT_NAME);
}

/** `--db PATH` wins, then RELEASE_CALENDAR_DB, then the user-data folder. */
export function resolveDatabasePath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  userDataDir = defaultUserDataDir(),
): string {
  if (flag) return path.resolve(flag);
  if (env[DB_ENV]) return path.resolve(env[DB_ENV]);
  return path.join(userDataDir, DB_FILE_NAME);
}

/** Who acts, for the audit log: the OS user name (a setting will override it). */
export function defaultActor(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
