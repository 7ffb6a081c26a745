import type { ApiError } from '../../../shared/errors';

// A lock that another connection held past the busy timeout, told apart and worded without the
// driver or the dispatcher: the CLI reports one met while opening before it has loaded either.

/** Whether SQLite gave up waiting for a lock another connection (often another program) holds. */
export function isDatabaseBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/** The refusal for a lock held past the busy timeout: the call was rolled back and can simply be retried. */
export function databaseBusy(databasePath: string): ApiError {
  return {
    code: 'busy',
    message: `Another program is writing to the database at ${databasePath}, so nothing was changed; close it or try again in a moment.`,
  };
}
