import path from 'node:path';
import { z } from 'zod';
import type { ApiError, ApiResponse } from '../../shared/errors';
import { ROLES } from '../../shared/method-roles';
import {
  SIGN_IN_AGAIN,
  type TeamIdentity,
  type TeamState,
  type TeamStatus,
  teamServerOrigin,
  unavailableError,
} from '../../shared/team-connection';
import type { StateFs } from './window-state';

// The desktop app as a client of a team server (docs/team-mode.md, "The desktop app joins a
// team"). It lives in the main process: the sandboxed page never holds the session cookie. The
// cookie and CSRF token stay in this object's memory; the settings file under userData keeps the
// server's address and the name, never the password. A request that cannot reach the server
// answers `unavailable` and is never sent again: nothing is queued.

const SESSION_COOKIE = 'rc_session';
const SETTINGS_FILE = 'team-server.json';

/** The server and name last joined, kept between launches; never a password or a cookie. */
const rememberedSchema = z.object({ url: z.string().max(2048), name: z.string().max(64) });
export type RememberedServer = z.infer<typeof rememberedSchema>;

export interface TeamSettingsStore {
  load(): RememberedServer | null;
  save(remembered: RememberedServer): void;
}

/** `team-server.json` under userData, written aside and renamed as the window state is. */
export function createTeamSettingsStore(
  userDataDir: string,
  fs: StateFs,
  log: (message: string) => void,
): TeamSettingsStore {
  const file = path.join(userDataDir, SETTINGS_FILE);
  return {
    load() {
      try {
        const parsed = rememberedSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    save(remembered) {
      const temporary = `${file}.tmp`;
      try {
        fs.mkdirSync(userDataDir, { recursive: true });
        fs.writeFileSync(temporary, `${JSON.stringify(remembered, null, 2)}\n`);
        fs.renameSync(temporary, file);
      } catch (err) {
        log(`Could not remember the team server in ${file}: ${String(err)}`);
      }
    },
  };
}

const sessionSchema = z.object({
  ok: z.literal(true),
  result: z.object({
    user: z.object({ name: z.string(), role: z.enum(ROLES), displayName: z.string().nullable() }),
    csrfToken: z.string().min(1),
  }),
});

const changeSchema = z.object({ method: z.string(), actor: z.string(), at: z.string() });
export type TeamChange = z.infer<typeof changeSchema>;

export interface TeamClientOptions {
  /** The global fetch (Node 20), or a test's. */
  fetch: typeof fetch;
  settings: TeamSettingsStore;
  /** Told each time the connection's state changes. */
  onStatus?: (status: TeamStatus) => void;
  log?: (message: string) => void;
  /** The event stream's reconnection delays: the first, doubling up to the last (default 1 s to 30 s). */
  backoff?: { initialMs: number; maxMs: number };
  /** How long a sign-in may take before the server counts as unreachable (default 15 s). */
  signInTimeoutMs?: number;
}

interface Session {
  origin: string;
  cookie: string;
  csrfToken: string;
  user: TeamIdentity;
}

export interface TeamClient {
  /** Signs in; on success every call goes to the server. */
  connect(url: string, name: string, password: string): Promise<ApiResponse<TeamStatus>>;
  /** One API call to the server, answered in the API's envelope (never thrown). */
  call(method: string, input: unknown): Promise<ApiResponse<unknown>>;
  /** Follows the server's changes until stopped, reopening the stream with backoff; returns the stop. */
  events(onChanged: (change: TeamChange) => void): () => void;
  /** Signs out (best effort) and goes back to the local database. */
  disconnect(): Promise<TeamStatus>;
  status(): TeamStatus;
  /** Whether calls go to the server. */
  connected(): boolean;
}

function envelopeError(body: unknown): ApiError | null {
  const parsed = z
    .object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) })
    .safeParse(body);
  return parsed.success ? (parsed.data.error as ApiError) : null;
}

/** The session cookie's value from a sign-in answer's Set-Cookie headers. */
export function sessionCookieOf(headers: Headers): string | null {
  const all = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [headers.get('set-cookie') ?? ''];
  for (const line of all) {
    const match = new RegExp(`^\\s*${SESSION_COOKIE}=([^;]*)`).exec(line);
    if (match?.[1]) return match[1];
  }
  return null;
}

/**
 * Reads a `text/event-stream` body: calls `onEvent` for each event with its name and data, and
 * `onRetry` for a `retry:` field. Resolves when the stream ends.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: string, data: string) => void,
  onRetry: (ms: number) => void = () => undefined,
): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  const line = (text: string): void => {
    if (text === '') {
      if (data.length > 0) onEvent(event || 'message', data.join('\n'));
      event = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
  };
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let at: number;
    while ((at = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const eol = buffer.startsWith('\r\n', at) ? 2 : 1;
      line(buffer.slice(0, at));
      buffer = buffer.slice(at + eol);
    }
  }
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export function createTeamClient(options: TeamClientOptions): TeamClient {
  const log = options.log ?? (() => undefined);
  const backoff = options.backoff ?? { initialMs: 1000, maxMs: 30_000 };
  let session: Session | null = null;
  let state: TeamState = 'connected';
  /** Bumped by each connect and disconnect: answers of an older session change nothing. */
  let generation = 0;
  const streams = new Set<AbortController>();

  function status(): TeamStatus {
    return session
      ? { state, url: session.origin, user: session.user }
      : { state: 'local', remembered: options.settings.load() };
  }

  function setState(next: TeamState, of: number): void {
    if (of !== generation || !session || state === next) return;
    // A lost session stays lost until the person signs in again.
    if (state === 'signed-out') return;
    state = next;
    options.onStatus?.(status());
  }

  function headers(s: Session, json: boolean): Record<string, string> {
    return {
      Cookie: `${SESSION_COOKIE}=${s.cookie}`,
      'X-CSRF-Token': s.csrfToken,
      Origin: s.origin,
      ...(json ? { 'Content-Type': 'application/json' } : {}),
    };
  }

  async function connect(url: string, name: string, password: string): Promise<ApiResponse<TeamStatus>> {
    const checked = teamServerOrigin(url);
    if (!checked.ok)
      return {
        ok: false,
        error: {
          code: 'invalid_input',
          message: checked.problem,
          fields: [{ field: 'url', message: checked.problem }],
        },
      };
    const { origin } = checked;
    const login = name.trim().toLowerCase();
    let res: Response;
    let body: unknown;
    try {
      res = await options.fetch(`${origin}/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: origin },
        body: JSON.stringify({ name: login, password }),
        redirect: 'error',
        signal: AbortSignal.timeout(options.signInTimeoutMs ?? 15_000),
      });
      body = await res.json().catch(() => null);
    } catch (err) {
      log(`Could not reach the team server at ${origin}: ${String(err)}`);
      return { ok: false, error: unavailableError(origin) };
    }
    if (res.status >= 500) return { ok: false, error: unavailableError(origin) };
    const refused = envelopeError(body);
    if (!res.ok || refused)
      return {
        ok: false,
        error: refused ?? { code: 'internal', message: `The team server at ${origin} answered ${res.status}.` },
      };
    const parsed = sessionSchema.safeParse(body);
    const cookie = sessionCookieOf(res.headers);
    if (!parsed.success || cookie === null)
      return {
        ok: false,
        error: { code: 'internal', message: `${origin} did not answer as a Release Calendar team server.` },
      };
    stopStreams();
    generation += 1;
    session = { origin, cookie, csrfToken: parsed.data.result.csrfToken, user: parsed.data.result.user };
    state = 'connected';
    options.settings.save({ url: origin, name: login });
    options.onStatus?.(status());
    return { ok: true, result: status() };
  }

  async function call(method: string, input: unknown): Promise<ApiResponse<unknown>> {
    const s = session;
    if (!s) return { ok: false, error: SIGN_IN_AGAIN };
    const of = generation;
    let res: Response;
    let body: unknown;
    try {
      res = await options.fetch(`${s.origin}/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: headers(s, true),
        body: JSON.stringify(input ?? {}),
        redirect: 'error',
      });
      body = await res.json().catch(() => null);
    } catch (err) {
      // Sent once; whether or not it arrived, it is not sent again.
      log(`${method}: the team server at ${s.origin} cannot be reached: ${String(err)}`);
      setState('unreachable', of);
      return { ok: false, error: unavailableError(s.origin) };
    }
    if (res.status >= 500) {
      setState('unreachable', of);
      return { ok: false, error: unavailableError(s.origin) };
    }
    if (res.status === 401) {
      setState('signed-out', of);
      return { ok: false, error: SIGN_IN_AGAIN };
    }
    setState('connected', of);
    if (body !== null && typeof body === 'object' && 'ok' in body) return body as ApiResponse<unknown>;
    return {
      ok: false,
      error: { code: 'internal', message: `The team server answered ${res.status} without a result.` },
    };
  }

  function stopStreams(): void {
    for (const c of streams) c.abort();
    streams.clear();
  }

  function events(onChanged: (change: TeamChange) => void): () => void {
    const controller = new AbortController();
    streams.add(controller);
    const of = generation;
    /** Stopped, or the session it was opened for has ended. */
    const stopped = (): boolean => controller.signal.aborted || of !== generation;
    void (async () => {
      let delay = backoff.initialMs;
      while (!stopped() && session) {
        const s = session;
        try {
          const res = await options.fetch(`${s.origin}/events`, {
            headers: { ...headers(s, false), Accept: 'text/event-stream' },
            signal: controller.signal,
            redirect: 'error',
          });
          if (res.status === 401) {
            setState('signed-out', of);
            return;
          }
          if (!res.ok || !res.body) throw new Error(`the event stream answered ${res.status}`);
          setState('connected', of);
          delay = backoff.initialMs;
          await readEventStream(
            res.body,
            (event, data) => {
              if (event !== 'changed') return;
              try {
                const change = changeSchema.safeParse(JSON.parse(data));
                if (change.success) onChanged(change.data);
              } catch {
                // Not JSON: not an event of ours.
              }
            },
            (ms) => (delay = Math.max(backoff.initialMs, Math.min(ms, backoff.maxMs))),
          );
        } catch (err) {
          if (stopped()) return;
          log(`The team server's event stream: ${String(err)}`);
        }
        if (stopped()) return;
        setState('reconnecting', of);
        await sleep(delay, controller.signal);
        delay = Math.min(delay * 2, backoff.maxMs);
      }
    })();
    return () => {
      controller.abort();
      streams.delete(controller);
    };
  }

  async function disconnect(): Promise<TeamStatus> {
    const s = session;
    stopStreams();
    generation += 1;
    session = null;
    if (s) {
      try {
        await options.fetch(`${s.origin}/auth/logout`, {
          method: 'POST',
          headers: headers(s, true),
          body: '{}',
          redirect: 'error',
          signal: AbortSignal.timeout(5000),
        });
      } catch {
        // Unreachable: the session expires on the server by itself.
      }
    }
    const now = status();
    options.onStatus?.(now);
    return now;
  }

  return { connect, call, events, disconnect, status, connected: () => session !== null };
}
