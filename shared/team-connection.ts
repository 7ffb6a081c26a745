import type { ApiError, ApiResponse } from './errors';
import type { Role } from './method-roles';

// The desktop app joined to a team server (docs/team-mode.md, "The desktop app joins a team"):
// what the main process tells the page about the connection, and the rules both sides share.
// Free of zod and Node.

/** Who the app is signed in as. */
export interface TeamIdentity {
  name: string;
  role: Role;
  displayName: string | null;
}

export type TeamState = 'connected' | 'reconnecting' | 'unreachable' | 'signed-out';

export type TeamStatus =
  /** Working on the local database; the server last joined, if any, to offer again. */
  | { state: 'local'; remembered: { url: string; name: string } | null }
  /**
   * Joined: every call goes to the server. `reconnecting`: the event stream dropped and is being
   * reopened; `unreachable`: the last request could not reach it (nothing is queued);
   * `signed-out`: the session ended (sign in again).
   */
  | { state: TeamState; url: string; user: TeamIdentity };

/** What the main process pushes on TEAM_EVENT_CHANNEL. */
export type TeamEvent =
  { type: 'changed'; method: string; actor: string; at: string } | { type: 'status'; status: TeamStatus };

export interface TeamConnectInput {
  url: string;
  name: string;
  password: string;
}

/** What the preload exposes as `window.releaseCalendarTeam` in the desktop app. */
export interface TeamBridge {
  connect(input: TeamConnectInput): Promise<ApiResponse<TeamStatus>>;
  disconnect(): Promise<ApiResponse<TeamStatus>>;
  status(): Promise<ApiResponse<TeamStatus>>;
  subscribe(listener: (event: unknown) => void): () => void;
}

/** The answer to every call while the server cannot be reached: nothing was sent again, nothing is queued. */
export function unavailableError(url: string): ApiError {
  return {
    code: 'unavailable',
    message: `The team server at ${url} cannot be reached; showing the last data. Changes are not saved until it is back.`,
  };
}

export const SIGN_IN_AGAIN: ApiError = { code: 'unauthorized', message: 'Sign in to the team server again.' };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a URL's host name is this machine (plain HTTP is allowed there only). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * The server's origin from what a person typed (`https://plan.example.com`, with or without a
 * trailing slash), or why it is refused: HTTPS, or HTTP on this machine only, since the session
 * cookie and the password must not cross a network in clear.
 */
export function teamServerOrigin(text: string): { ok: true; origin: string } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: 'Give the team server’s address, such as https://plan.example.com.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, problem: 'The address must start with https://.' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    return {
      ok: false,
      problem: 'Use https:// for a team server on another machine: plain http:// is allowed on this machine only.',
    };
  if (url.username || url.password)
    return { ok: false, problem: 'Leave the name and password out of the address; type them below.' };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    return {
      ok: false,
      problem: 'Give the server’s address alone, without a path (such as https://plan.example.com).',
    };
  return { ok: true, origin: url.origin };
}
