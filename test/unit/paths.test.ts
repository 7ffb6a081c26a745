import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_ENV, DB_FILE_NAME, defaultUserDataDir, resolveDatabasePath } from '../../electron/backend/paths';

describe('resolveDatabasePath', () => {
  const userData = '/home/ada/.config/Release Calendar';

  it('prefers the --db flag over the environment and the user-data folder', () => {
    expect(resolveDatabasePath('/data/flag.db', { [DB_ENV]: '/data/env.db' }, userData)).toBe('/data/flag.db');
  });

  it('uses RELEASE_CALENDAR_DB when there is no flag', () => {
    expect(DB_ENV).toBe('RELEASE_CALENDAR_DB');
    expect(resolveDatabasePath(undefined, { RELEASE_CALENDAR_DB: '/data/env.db' }, userData)).toBe('/data/env.db');
  });

  it('falls back to the user-data folder, ignoring an empty flag or variable', () => {
    expect(resolveDatabasePath(undefined, {}, userData)).toBe(path.join(userData, DB_FILE_NAME));
    expect(resolveDatabasePath('', { RELEASE_CALENDAR_DB: '' }, userData)).toBe(path.join(userData, DB_FILE_NAME));
  });

  it('makes a relative flag absolute', () => {
    expect(resolveDatabasePath('fleet.db', {}, userData)).toBe(path.resolve('fleet.db'));
  });
});

describe('defaultUserDataDir', () => {
  it('uses ~/.config on Linux without XDG_CONFIG_HOME', () => {
    expect(defaultUserDataDir('linux', {}, '/home/ada')).toBe('/home/ada/.config/Release Calendar');
  });

  it('uses XDG_CONFIG_HOME on Linux when set, and ignores it when empty', () => {
    expect(defaultUserDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ada')).toBe('/xdg/Release Calendar');
    expect(defaultUserDataDir('linux', { XDG_CONFIG_HOME: '' }, '/home/ada')).toBe(
      '/home/ada/.config/Release Calendar',
    );
  });

  it('uses Application Support on macOS, whatever XDG says', () => {
    expect(defaultUserDataDir('darwin', { XDG_CONFIG_HOME: '/xdg' }, '/Users/ada')).toBe(
      '/Users/ada/Library/Application Support/Release Calendar',
    );
  });

  it('uses APPDATA on Windows, with Windows separators', () => {
    expect(defaultUserDataDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada')).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Release Calendar',
    );
  });

  it('derives AppData\\Roaming from the home folder on Windows without APPDATA', () => {
    expect(defaultUserDataDir('win32', {}, 'C:\\Users\\ada')).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Release Calendar',
    );
  });
});
