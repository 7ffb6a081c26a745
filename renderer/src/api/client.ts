import type { Api, Input, Result } from '../../../shared/contract';
import type { ApiError, ApiResponse } from '../../../shared/errors';
import { METHOD_NAMES, type MethodName } from '../../../shared/method-names';
import { type TeamSession, createTeamSession } from './team';
import { type TransportKind, detectTransport } from './transport-kind';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    releaseCalendar?: Api;
  }
}

const TOKEN_KEY = 'release-calendar.token';

/** Browser mode: the token arrives in the URL fragment once; keep it for this tab and take it out of the address bar. */
function browserToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function httpApi(): Api {
  const token = browserToken();
  const call = async (method: MethodName, input: unknown): Promise<ApiResponse<unknown>> => {
    try {
      const res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token ?? ''}` },
        body: JSON.stringify(input ?? {}),
      });
      return (await res.json()) as ApiResponse<unknown>;
    } catch {
      return {
        ok: false,
        error: {
          code: 'internal',
          message: 'The Release Calendar server is not answering; is "npm run browser" still running?',
        },
      };
    }
  };
  return Object.fromEntries(METHOD_NAMES.map((m) => [m, (input: unknown) => call(m, input)])) as Api;
}

/** Electron (preload), browser mode (a launch token) or a team server (neither): decided once, when the page loads. */
export const transportKind: TransportKind = detectTransport({
  hasPreload: window.releaseCalendar !== undefined,
  hash: window.location.hash,
  storedToken: sessionStorage.getItem(TOKEN_KEY),
});

/** On a team server: the signed-in session (null elsewhere, where the owner of the file needs none). */
export const teamSession: TeamSession | null =
  transportKind === 'team' ? createTeamSession((input, init) => fetch(input, init)) : null;

function teamApi(session: TeamSession): Api {
  return Object.fromEntries(METHOD_NAMES.map((m) => [m, (input: unknown) => session.call(m, input)])) as Api;
}

const transport: Api = window.releaseCalendar ?? (teamSession ? teamApi(teamSession) : httpApi());

/** An API failure as an exception, for code that prefers try/catch. */
export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
  }
}

/**
 * Whether a refusal says the thing changed since the page read it (or clashes with what is stored):
 * the page reads it again, and the person sees why their edit was refused.
 */
export function isConflict(err: unknown): boolean {
  return err instanceof ApiCallError && err.error.code === 'conflict';
}

/** Calls one method; resolves with its result or rejects with ApiCallError. */
export async function call<M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> {
  const fn = transport[method] as (input: Input<M>) => Promise<ApiResponse<Result<M>>>;
  const answer = await fn(input);
  if (!answer.ok) throw new ApiCallError(answer.error);
  return answer.result;
}
