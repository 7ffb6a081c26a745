import type { ApiResponse } from '../../../shared/errors';
import { ROLES, type Role } from '../../../shared/method-roles';

// The page served by a team server (docs/team-mode.md, "The HTTP protocol"): a session cookie set
// by `POST /auth/login`, read back with `GET /auth/session` (the signed-in person and the CSRF
// token every other POST carries), API calls as `POST /api/<method>` on the same origin. Free of
// `window`: the fetch it uses is handed in, so its logic is tested with a fake one.

export interface SignedInUser {
  name: string;
  role: Role;
}

export type SessionState =
  | { status: 'checking' }
  /** `notice`: why the sign-in screen shows (the session ended), or null on a first visit or after signing out. */
  | { status: 'signed-out'; notice: string | null }
  | { status: 'signed-in'; user: SignedInUser; csrfToken: string }
  /** The server did not answer the session check (down, or not a team server). */
  | { status: 'unreachable'; message: string };

export type SignInResult = { ok: true } | { ok: false; message: string };

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export const SESSION_ENDED = 'Your session ended; sign in again.';
export const SERVER_UNREACHABLE = 'The Release Calendar server is not answering; check your connection, then reload.';

/** The server's session answer, checked: a name, a known role and a CSRF token, or null. */
function sessionOf(body: unknown): { user: SignedInUser; csrfToken: string } | null {
  const b = body as { user?: { name?: unknown; role?: unknown }; csrfToken?: unknown; result?: unknown } | null;
  // The envelope's result, or the session itself.
  const s = (b && typeof b === 'object' && 'result' in b ? b.result : b) as typeof b;
  const name = s?.user?.name;
  const role = s?.user?.role;
  const csrfToken = s?.csrfToken;
  if (typeof name !== 'string' || typeof csrfToken !== 'string') return null;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return null;
  return { user: { name, role: role as Role }, csrfToken };
}

async function jsonOf(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return null;
  }
}

/** "Too many attempts: wait 1 minute 30 seconds, then try again." from `Retry-After` (seconds or an HTTP date). */
export function waitMessage(retryAfter: string | null, now = Date.now()): string {
  let seconds = retryAfter === null ? NaN : Number(retryAfter);
  if (retryAfter !== null && !Number.isFinite(seconds)) seconds = (Date.parse(retryAfter) - now) / 1000;
  if (!Number.isFinite(seconds) || seconds <= 0) return 'Too many sign-in attempts: wait a moment, then try again.';
  const s = Math.ceil(seconds);
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  const parts = [
    minutes > 0 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : '',
    rest > 0 ? `${rest} second${rest === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return `Too many sign-in attempts: wait ${parts.join(' ')}, then try again.`;
}

export interface TeamSession {
  readonly state: SessionState;
  subscribe: (listener: (state: SessionState) => void) => () => void;
  /** `GET /auth/session`: signed in (keeps the user and CSRF token) or not. */
  check: () => Promise<SessionState>;
  signIn: (name: string, password: string) => Promise<SignInResult>;
  signOut: () => Promise<void>;
  /** One API call; a 401 means the session ended, and the sign-in screen shows again. */
  call: (method: string, input: unknown) => Promise<ApiResponse<unknown>>;
  /** The session ended under a page that noticed it elsewhere (the event stream refused). */
  ended: () => void;
}

export function createTeamSession(fetchFn: FetchLike): TeamSession {
  let state: SessionState = { status: 'checking' };
  const listeners = new Set<(state: SessionState) => void>();
  const setState = (next: SessionState) => {
    state = next;
    for (const l of listeners) l(next);
  };
  const jsonHeaders = (): Record<string, string> => ({
    'Content-Type': 'application/json',
    ...(state.status === 'signed-in' ? { 'X-CSRF-Token': state.csrfToken } : {}),
  });
  const endSession = () => {
    if (state.status !== 'signed-out') setState({ status: 'signed-out', notice: SESSION_ENDED });
  };

  return {
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async check() {
      let res: Response;
      try {
        res = await fetchFn('/auth/session', { method: 'GET', credentials: 'same-origin' });
      } catch {
        setState({ status: 'unreachable', message: SERVER_UNREACHABLE });
        return state;
      }
      const session = res.ok ? sessionOf(await jsonOf(res)) : null;
      if (session) setState({ status: 'signed-in', ...session });
      else if (res.status === 401 || res.ok)
        // A page that was signed in and finds no session: it ended (expired, revoked).
        setState({ status: 'signed-out', notice: state.status === 'signed-in' ? SESSION_ENDED : null });
      else
        setState({ status: 'unreachable', message: `The server answered ${res.status} to the session check; reload.` });
      return state;
    },

    async signIn(name, password) {
      let res: Response;
      try {
        res = await fetchFn('/auth/login', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ name, password }),
        });
      } catch {
        return { ok: false, message: SERVER_UNREACHABLE };
      }
      if (res.status === 429) return { ok: false, message: waitMessage(res.headers.get('Retry-After')) };
      const body = await jsonOf(res);
      if (res.ok) {
        const session = sessionOf(body);
        if (session) {
          setState({ status: 'signed-in', ...session });
          return { ok: true };
        }
        // Signed in, but the answer did not carry the session: read it.
        const checked = await this.check();
        return checked.status === 'signed-in' ? { ok: true } : { ok: false, message: SERVER_UNREACHABLE };
      }
      if (res.status === 401 || res.status === 400)
        return { ok: false, message: 'That name and password do not match an account; check both and try again.' };
      const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
      return { ok: false, message: typeof message === 'string' ? message : `Signing in failed (${res.status}).` };
    },

    async signOut() {
      try {
        await fetchFn('/auth/logout', {
          method: 'POST',
          credentials: 'same-origin',
          headers: jsonHeaders(),
          body: '{}',
        });
      } catch {
        // Signed out here whatever the server heard: the cookie is HttpOnly, the page forgets the session.
      }
      setState({ status: 'signed-out', notice: null });
    },

    async call(method, input) {
      let res: Response;
      try {
        res = await fetchFn(`/api/${method}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: jsonHeaders(),
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return { ok: false, error: { code: 'internal', message: SERVER_UNREACHABLE } };
      }
      if (res.status === 401) {
        endSession();
        return { ok: false, error: { code: 'unauthorized', message: SESSION_ENDED } };
      }
      const body = (await jsonOf(res)) as ApiResponse<unknown> | null;
      if (body && typeof body === 'object' && 'ok' in body) return body;
      return {
        ok: false,
        error: { code: 'internal', message: `The server answered ${res.status} without a result; try again.` },
      };
    },

    ended: endSession,
  };
}
