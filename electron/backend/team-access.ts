import type { ServiceContext } from './services/context';
import {
  type TeamSession,
  decoyHash,
  findSession,
  hasActiveAdmin,
  openSession,
  revokeSession,
  signInCandidate,
  touchSession,
  verifyPassword,
} from './services/team-accounts';

export type { TeamSession } from './services/team-accounts';

/** A session is marked used at most this often: a page's reads do not each write to the database. */
const TOUCH_EVERY_MS = 60_000;

/** The outcome of a sign-in: a new session, or why not (the same for an unknown name and a wrong password). */
export type SignIn = { ok: true; token: string; session: TeamSession } | { ok: false; reason: 'wrong' | 'disabled' };

/**
 * What a team server needs of the accounts beyond the API: signing in and out, and finding the
 * session a cookie names. Each runs in its own transaction, as the dispatcher's calls do; the
 * password check runs between two of them, off the event loop's thread.
 */
export interface TeamAccess {
  signIn: (name: string, password: string) => Promise<SignIn>;
  /** The live session of a token (null: unknown, revoked, idle, expired, user disabled); marks it used. */
  session: (token: string) => TeamSession | null;
  /** The live session of a token, without marking it used (an event stream checking it is still live). */
  peek: (token: string) => TeamSession | null;
  /** Signs the token's session out (nothing happens for a token that names none). */
  signOut: (token: string) => void;
  /** Whether any enabled admin exists. */
  hasAdmin: () => boolean;
}

/** The accounts over the backend's connections: `read` and `write` run a function in a transaction. */
export function createTeamAccess(run: {
  read: <T>(fn: (ctx: ServiceContext) => T) => T;
  write: <T>(fn: (ctx: ServiceContext) => T) => T;
}): TeamAccess {
  return {
    async signIn(name, password) {
      const candidate = run.read((ctx) => signInCandidate(ctx, name));
      // An unknown name costs the same hash as a wrong password: the answer's timing says nothing.
      const matches = await verifyPassword(password, candidate?.passwordHash ?? decoyHash());
      if (!candidate || !matches) return { ok: false, reason: 'wrong' };
      if (candidate.disabled) return { ok: false, reason: 'disabled' };
      const opened = run.write((ctx) => openSession(ctx, candidate));
      // The account changed while the password was checked (disabled, or a new password).
      return opened ? { ok: true, ...opened } : { ok: false, reason: 'wrong' };
    },
    session(token) {
      const found = run.read((ctx) => {
        const session = findSession(ctx, token);
        return session && { session, stale: ctx.now().getTime() - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS };
      });
      if (!found) return null;
      if (found.stale) run.write((ctx) => touchSession(ctx, found.session.id));
      return found.session;
    },
    peek: (token) => run.read((ctx) => findSession(ctx, token)),
    signOut(token) {
      run.write((ctx) => revokeSession(ctx, token));
    },
    hasAdmin: () => run.read((ctx) => hasActiveAdmin(ctx)),
  };
}
