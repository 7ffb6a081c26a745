export type DbArgument = { ok: true; path: string | undefined } | { ok: false; message: string };

const DB_FLAG = '--db';
const MISSING_PATH = 'The --db option needs a file path, e.g. --db ~/calendars/release-calendar.db (or --db=PATH).';

/**
 * Finds `--db PATH` or `--db=PATH` in the process arguments. Electron's argv also holds
 * the executable, in development the app's entry file, and switches meant for Chromium or
 * Node (`--no-sandbox`, `--inspect=0`, `--remote-debugging-port=0`, macOS `-psn_…`), so
 * anything else is skipped rather than refused. After a bare `--` nothing is an option.
 * The last `--db` wins, as with most command-line tools.
 */
export function parseDbArgument(argv: readonly string[]): DbArgument {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') break;
    if (arg === DB_FLAG) {
      const next = argv[i + 1];
      // A following option means the path was left out; a path that starts with "-" can use --db=PATH.
      if (next === undefined || next === '' || next.startsWith('-')) return { ok: false, message: MISSING_PATH };
      found = next;
      i++;
    } else if (arg?.startsWith(`${DB_FLAG}=`)) {
      const value = arg.slice(DB_FLAG.length + 1);
      if (value === '') return { ok: false, message: MISSING_PATH };
      found = value;
    }
  }
  return { ok: true, path: found };
}
