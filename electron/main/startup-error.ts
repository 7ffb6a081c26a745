import type { MessageBoxOptions, OpenDialogOptions } from 'electron';
import { DatabaseOpenError } from '../backend/db/open-error';
import { errorMessage } from '../../shared/errors';

export const STARTUP_ERROR_TITLE = 'Release Calendar cannot open its database';

/** What the startup dialog says, and whether picking another file could help. */
export interface StartupFailure {
  message: string;
  canChooseAnother: boolean;
  /** A damaged file's newest automatic backup, which the dialog offers to put back. */
  restorable?: string;
}

// The app loads its own Electron build of the module (native-binding.ts), which
// `npm start` prepares; `npm ci` only makes the Node build, and rebuilding that one in
// place for Electron would break the tests and the CLI.
const NATIVE_MODULE_FAILURE: StartupFailure = {
  message:
    'The SQLite module that Release Calendar needs could not be loaded (it is missing or was built for another runtime); reinstall the app (developers: run `npm start`, which prepares the Electron build once with internet).',
  canChooseAnother: false,
};

// The same signs the backend looks for, for a failure that escapes it untyped.
const NATIVE_MODULE_SIGNS = /NODE_MODULE_VERSION|invalid ELF|was compiled against|dlopen|\.node\b/;

/** Chooses the dialog's text for whatever `startBackend` threw. */
export function describeStartupError(err: unknown, dbPath: string): StartupFailure {
  if (err instanceof DatabaseOpenError) {
    if (err.kind === 'native_module') return NATIVE_MODULE_FAILURE;
    return { message: err.message, canChooseAnother: true, ...(err.restorable ? { restorable: err.restorable } : {}) };
  }
  const text = errorMessage(err);
  if (NATIVE_MODULE_SIGNS.test(text)) return NATIVE_MODULE_FAILURE;
  return {
    message: `Cannot open the database at ${dbPath}: ${text.replace(/\.$/, '')}. Choose another database, or quit.`,
    canChooseAnother: true,
  };
}

/** Electron's `dialog`, injected. */
export interface StartupDialogs {
  showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export const RESTORE_LATEST = 'Restore Latest Backup';
export const CHOOSE_ANOTHER = 'Choose Another Database…';
export const QUIT = 'Quit';

/** A database to open, and the automatic backup to put in its place first when the user chose that. */
export interface OpenAttempt {
  dbPath: string;
  restore?: string;
}

/** Shows the failure until the user quits (null), restores the backup offered, or picks a file. */
async function askForAnotherDatabase(
  failure: StartupFailure,
  dbPath: string | null,
  dialogs: StartupDialogs,
): Promise<OpenAttempt | null> {
  const restorable = dbPath !== null ? failure.restorable : undefined;
  const buttons = [
    ...(restorable ? [RESTORE_LATEST] : []),
    ...(failure.canChooseAnother ? [CHOOSE_ANOTHER, QUIT] : [QUIT]),
  ];
  const quit = buttons.indexOf(QUIT);
  for (;;) {
    const { response } = await dialogs.showMessageBox({
      type: 'error',
      title: STARTUP_ERROR_TITLE,
      message: STARTUP_ERROR_TITLE,
      detail: failure.message,
      buttons,
      defaultId: 0,
      cancelId: quit,
      noLink: true,
    });
    // The damaged file is kept as a before-restore backup: choosing this loses nothing.
    if (buttons[response] === RESTORE_LATEST && dbPath !== null && restorable) return { dbPath, restore: restorable };
    if (buttons[response] !== CHOOSE_ANOTHER) return null;
    const picked = await dialogs.showOpenDialog({
      title: 'Choose a Release Calendar database',
      buttonLabel: 'Open',
      properties: ['openFile'],
      filters: [
        { name: 'Release Calendar database', extensions: ['db', 'sqlite', 'sqlite3'] },
        { name: 'All files', extensions: ['*'] },
      ],
    });
    const file = picked.filePaths[0];
    if (!picked.canceled && file) return { dbPath: file };
    // Cancelling the picker returns to the explanation, where Quit is one click away.
  }
}

/** The first database to try, or why none can be tried (a malformed `--db`). */
export type FirstAttempt = OpenAttempt | { failure: StartupFailure };

/**
 * Starts the backend (waiting for it to open the database); when that fails, explains why in a dialog and lets the user pick
 * another database or quit, until one opens. Returns null when the user quits, so the
 * app never shows an empty window over a database it could not open.
 */
export async function startWithRecovery<T>(
  first: FirstAttempt,
  start: (dbPath: string, restore?: string) => T | Promise<T>,
  dialogs: StartupDialogs,
  log: (message: string, err: unknown) => void,
): Promise<T | null> {
  let attempt = first;
  for (;;) {
    let failure: StartupFailure;
    if ('dbPath' in attempt) {
      try {
        return await (attempt.restore === undefined ? start(attempt.dbPath) : start(attempt.dbPath, attempt.restore));
      } catch (err) {
        log(`Could not open the database at ${attempt.dbPath}`, err);
        failure = describeStartupError(err, attempt.dbPath);
      }
    } else {
      failure = attempt.failure;
    }
    const chosen = await askForAnotherDatabase(failure, 'dbPath' in attempt ? attempt.dbPath : null, dialogs);
    if (chosen === null) return null;
    attempt = chosen;
  }
}
