import { describe, expect, it, vi } from 'vitest';
import { DatabaseOpenError } from '../../electron/backend/db/open-error';
import {
  CHOOSE_ANOTHER,
  QUIT,
  RESTORE_LATEST,
  STARTUP_ERROR_TITLE,
  type StartupDialogs,
  describeStartupError,
  startWithRecovery,
} from '../../electron/main/startup-error';

const DB = '/data/release-calendar.db';

describe('describeStartupError', () => {
  it.each(['from_future', 'not_ours', 'unreadable'] as const)(
    'shows the message of a %s database, which says what to do, and offers another file',
    (kind) => {
      const err = new DatabaseOpenError(kind, `Explained ${kind}; choose another database file.`);
      expect(describeStartupError(err, DB)).toEqual({ message: err.message, canChooseAnother: true });
    },
  );

  it('gives Electron advice for a native module built for another runtime, and no file choice', () => {
    const failure = describeStartupError(new DatabaseOpenError('native_module', 'run `npm ci`'), DB);
    expect(failure.canChooseAnother).toBe(false);
    expect(failure.message).toContain('run `npm start`');
    expect(failure.message).not.toContain('npm ci');
    expect(failure.message).not.toContain('install-app-deps');
  });

  it('recognizes a native module failure that escaped untyped', () => {
    const err = new Error(
      "The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115.",
    );
    expect(describeStartupError(err, DB).canChooseAnother).toBe(false);
  });

  it('names the file for anything else', () => {
    expect(describeStartupError(new Error('EACCES: permission denied.'), DB)).toEqual({
      message: `Cannot open the database at ${DB}: EACCES: permission denied. Choose another database, or quit.`,
      canChooseAnother: true,
    });
    expect(describeStartupError('odd', DB).message).toContain('odd');
  });
});

describe('startWithRecovery', () => {
  function dialogs(responses: string[], picks: Array<string | null>) {
    const shown: Array<{ title?: string; detail?: string; buttons?: string[] }> = [];
    const d: StartupDialogs = {
      showMessageBox: vi.fn((options) => {
        shown.push(options);
        const label = responses.shift() ?? QUIT;
        return Promise.resolve({ response: options.buttons!.indexOf(label) });
      }),
      showOpenDialog: vi.fn(() => {
        const file = picks.shift() ?? null;
        return Promise.resolve(
          file === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [file] },
        );
      }),
    };
    return { d, shown };
  }

  it('starts without any dialog when the database opens', async () => {
    const { d } = dialogs([], []);
    await expect(startWithRecovery({ dbPath: DB }, (p) => `backend:${p}`, d, vi.fn())).resolves.toBe(`backend:${DB}`);
    expect(d.showMessageBox).not.toHaveBeenCalled();
  });

  it('explains the failure under the title, and returns null when the user quits', async () => {
    const { d, shown } = dialogs([QUIT], []);
    const err = new DatabaseOpenError('from_future', 'Update the app.');
    const log = vi.fn();
    const result = await startWithRecovery(
      { dbPath: DB },
      () => {
        throw err;
      },
      d,
      log,
    );
    expect(result).toBeNull();
    expect(shown[0]).toMatchObject({
      title: STARTUP_ERROR_TITLE,
      detail: 'Update the app.',
      buttons: [CHOOSE_ANOTHER, QUIT],
    });
    expect(log).toHaveBeenCalledWith(expect.stringContaining(DB), err);
  });

  it('offers only Quit when no other file would help', async () => {
    const { d, shown } = dialogs([QUIT], []);
    const start = () => {
      throw new DatabaseOpenError('native_module', 'x');
    };
    expect(await startWithRecovery({ dbPath: DB }, start, d, vi.fn())).toBeNull();
    expect(shown[0]?.buttons).toEqual([QUIT]);
  });

  it('opens the database the user picks instead', async () => {
    const { d } = dialogs([CHOOSE_ANOTHER], ['/data/other.db']);
    const start = vi.fn((p: string) => {
      if (p === DB) throw new DatabaseOpenError('not_ours', 'Not ours.');
      return `backend:${p}`;
    });
    expect(await startWithRecovery({ dbPath: DB }, start, d, vi.fn())).toBe('backend:/data/other.db');
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('waits for a backend that opens its database in another process, and recovers from its refusal', async () => {
    const { d, shown } = dialogs([CHOOSE_ANOTHER], ['/data/other.db']);
    const start = vi.fn(async (p: string) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (p === DB) throw new DatabaseOpenError('from_future', 'Written by a newer version.');
      return `backend:${p}`;
    });
    expect(await startWithRecovery({ dbPath: DB }, start, d, vi.fn())).toBe('backend:/data/other.db');
    expect(shown[0]?.detail).toBe('Written by a newer version.');
  });

  it('explains again after a cancelled file picker, and after a pick that fails too', async () => {
    const { d, shown } = dialogs([CHOOSE_ANOTHER, CHOOSE_ANOTHER, QUIT], [null, '/data/also-bad.db']);
    const start = (p: string) => {
      throw new DatabaseOpenError('unreadable', `Bad ${p}.`);
    };
    expect(await startWithRecovery({ dbPath: DB }, start, d, vi.fn())).toBeNull();
    expect(shown.map((s) => s.detail)).toEqual([`Bad ${DB}.`, `Bad ${DB}.`, 'Bad /data/also-bad.db.']);
  });

  it('offers to restore the newest backup of a damaged file, and opens the file restored', async () => {
    const { d, shown } = dialogs([RESTORE_LATEST], []);
    const backup = '2027-02-22T090000.000Z-daily.db';
    const start = vi.fn((p: string, restore?: string) => {
      if (restore === undefined) throw new DatabaseOpenError('damaged', `${p} is damaged.`, undefined, backup);
      return `backend:${p} from ${restore}`;
    });
    expect(await startWithRecovery({ dbPath: DB }, start, d, vi.fn())).toBe(`backend:${DB} from ${backup}`);
    expect(shown[0]?.buttons).toEqual([RESTORE_LATEST, CHOOSE_ANOTHER, QUIT]);
    expect(start.mock.calls).toEqual([[DB], [DB, backup]]);
  });

  it('explains a restore that fails, and offers no restore where there is no backup', async () => {
    const { d, shown } = dialogs([RESTORE_LATEST, QUIT], []);
    const start = (p: string, restore?: string) => {
      if (restore !== undefined) throw new Error('The backup is damaged too');
      throw new DatabaseOpenError('damaged', `${p} is damaged.`, undefined, 'old.db');
    };
    expect(await startWithRecovery({ dbPath: DB }, start, d, vi.fn())).toBeNull();
    expect(shown.map((s) => s.buttons)).toEqual([
      [RESTORE_LATEST, CHOOSE_ANOTHER, QUIT],
      [CHOOSE_ANOTHER, QUIT],
    ]);
    expect(shown[1]?.detail).toBe(
      `Cannot open the database at ${DB}: The backup is damaged too. Choose another database, or quit.`,
    );
    const none = dialogs([QUIT], []);
    const noBackup = () => {
      throw new DatabaseOpenError('damaged', 'Damaged, no backup.');
    };
    expect(await startWithRecovery({ dbPath: DB }, noBackup, none.d, vi.fn())).toBeNull();
    expect(none.shown[0]?.buttons).toEqual([CHOOSE_ANOTHER, QUIT]);
  });

  it('starts from a malformed --db with its explanation, before trying any file', async () => {
    const { d, shown } = dialogs([CHOOSE_ANOTHER], ['/data/picked.db']);
    const start = vi.fn((p: string) => p);
    const first = { failure: { message: 'The --db option needs a file path.', canChooseAnother: true } };
    expect(await startWithRecovery(first, start, d, vi.fn())).toBe('/data/picked.db');
    expect(shown[0]?.detail).toBe('The --db option needs a file path.');
    expect(start).toHaveBeenCalledTimes(1);
  });
});
