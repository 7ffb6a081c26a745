/**
 * Why a database could not be opened. In a module of its own, without the driver, so the
 * Electron main process (which never opens the database: the backend process does) can
 * tell these apart without loading better-sqlite3.
 */
export class DatabaseOpenError extends Error {
  constructor(
    readonly kind: DatabaseOpenErrorKind,
    message: string,
    override readonly cause?: unknown,
    /** For a damaged file: the name of its newest automatic backup, which a restore can put in its place. */
    readonly restorable?: string,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

export const DATABASE_OPEN_ERROR_KINDS = [
  'from_future',
  'not_ours',
  'unreadable',
  'native_module',
  'missing_file',
  'missing_folder',
  'empty',
  'damaged',
  'read_only',
] as const;
export type DatabaseOpenErrorKind = (typeof DATABASE_OPEN_ERROR_KINDS)[number];

/** For the hosts that take `--db` (the CLI, browser mode): where to say which file to open instead. */
export function withDbFlag(err: DatabaseOpenError): string {
  if (err.kind === 'native_module') return err.message;
  // Only the CLI refuses a missing file: there, `init` is how one is made.
  const create = err.kind === 'missing_file' ? ', or create one with "release-calendar init"' : '';
  return `${err.message.replace(/\.$/, '')}${create} (--db PATH).`;
}
