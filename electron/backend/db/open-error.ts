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
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

export const DATABASE_OPEN_ERROR_KINDS = ['from_future', 'not_ours', 'unreadable', 'native_module'] as const;
export type DatabaseOpenErrorKind = (typeof DATABASE_OPEN_ERROR_KINDS)[number];

/** For the hosts that take `--db` (the CLI, browser mode): where to say which file to open instead. */
export function withDbFlag(err: DatabaseOpenError): string {
  return err.kind === 'native_module' ? err.message : `${err.message.replace(/\.$/, '')} (--db PATH).`;
}
