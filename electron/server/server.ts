import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ApiResponse } from '../../shared/errors';
import { maskFeedSecret } from '../../shared/feeds';
import type { MethodName } from '../../shared/method-names';
import { type Dispatch, isMethodName } from '../backend/dispatcher';
import type { TeamAccess, TeamSession } from '../backend/team-access';
import {
  type TlsFiles,
  STATUS,
  createAppServer,
  readBody,
  refuse,
  securityHeaders,
  sendJson,
  serveStatic,
  tokensMatch,
} from '../host/http-common';
import { DEFAULT_TIMEOUTS, type HostTimeouts, MAX_BODY_BYTES, TOO_LARGE_MESSAGE } from '../host/limits';
import { SignInLimits } from './sign-in-limits';

// The team server (docs/team-mode.md): the app's pages and API to a team over the network, with
// accounts, roles and sessions, from one database. Every API call goes through the dispatcher with
// the signed-in person, whose role it checks and whom the audit trail names.

export const SESSION_COOKIE = 'rc_session';
const COOKIE_ATTRIBUTES = 'HttpOnly; Secure; SameSite=Strict; Path=/';
const CSRF_HEADER = 'x-csrf-token';
/** A sign-in's body: a name and a password, nothing large. */
const SIGN_IN_MAX_BYTES = 8 * 1024;
const NO_SUCH_FILE = 'There is no such file in the app.';
const SIGN_IN_FIRST = 'Sign in first: there is no session, or it has ended (signed out, expired or revoked).';

/** Handles `GET /feeds/…`: given the path after `/feeds/` (`<secret>/calendar.ics`). */
export type FeedHandler = (req: http.IncomingMessage, res: http.ServerResponse, pathAfterFeeds: string) => void;

export interface TeamServerOptions {
  dispatch: Dispatch;
  accounts: TeamAccess;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** The address to listen on (`127.0.0.1`, `0.0.0.0`, `::`…) and the port (0: a free one). */
  host: string;
  port: number;
  /** Serve HTTPS with this key and certificate. */
  tls?: TlsFiles;
  /** A reverse proxy terminates TLS in front: the client's address is the last of X-Forwarded-For. */
  behindProxy?: boolean;
  /** The address people open (`https://plan.example.com`): its host and origin are accepted too. */
  publicUrl?: string;
  /** Subscribable feeds; without it `/feeds/…` is 404. */
  feeds?: FeedHandler;
  /** One line per request (default: stdout). */
  log?: (line: string) => void;
  /** The clock of sign-in limits and the log (tests move it). */
  now?: () => number;
  /** How often an event stream gets a comment, and its session is checked (default 15 s). */
  heartbeatMs?: number;
  timeouts?: HostTimeouts;
}

export interface RunningTeamServer {
  /** The address to open. */
  url: string;
  port: number;
  /** Stops accepting, ends the event streams, waits for calls in flight; the backend is the caller's to close. */
  close: () => Promise<void>;
}

interface EventStream {
  res: http.ServerResponse;
  token: string;
  sessionId: string;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '']);
const LOOPBACKS = new Set(['127.0.0.1', '::1', 'localhost']);

/** `host:port` as a Host header names it (IPv6 in brackets). */
function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The cookie's value in a Cookie header, if any. */
function cookieOf(req: http.IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/** The path as the log shows it: feed secrets masked, anything unprintable percent-escaped. */
export function loggedPath(url: string | undefined): string {
  const pathname = (url ?? '/').split('?')[0]!;
  const masked = maskFeedSecret(pathname);
  return masked.replace(/[^\x21-\x7e…]/g, (c) => encodeURIComponent(c));
}

/** Whether the address is one only this machine reaches. */
export function isLoopback(host: string): boolean {
  return LOOPBACKS.has(host) || host.startsWith('127.');
}

export function isWildcard(host: string): boolean {
  return WILDCARDS.has(host);
}

function sessionAnswer(session: TeamSession): ApiResponse<unknown> {
  return { ok: true, result: { user: session.user, csrfToken: session.csrfToken } };
}

/** Starts the team server; resolves once it listens. */
export function startTeamServer(options: TeamServerOptions): Promise<RunningTeamServer> {
  const staticRoot = path.resolve(options.staticDir);
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const limits = new SignInLimits(now);
  const scheme = options.tls ? 'https' : 'http';
  const publicUrl = options.publicUrl === undefined ? null : new URL(options.publicUrl);
  if (isWildcard(options.host) && !publicUrl)
    return Promise.reject(
      new Error(
        `Listening on every address (${options.host || '*'}) needs --public-url, the address people open, so that requests naming another host can be refused.`,
      ),
    );
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  const streams = new Set<EventStream>();
  const inFlight = new Set<Promise<unknown>>();
  let shuttingDown = false;
  /** Who made each request, for its log line. */
  const userOf = new WeakMap<http.IncomingMessage, string>();

  const server = createAppServer(options.timeouts ?? DEFAULT_TIMEOUTS, (req, res) => route(req, res), options.tls);

  function track(work: Promise<unknown>): Promise<unknown> {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  }

  function remoteAddress(req: http.IncomingMessage): string {
    if (options.behindProxy) {
      // The proxy appends the address it was reached from; anything before it the client wrote.
      const forwarded = String(req.headers['x-forwarded-for'] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (forwarded.length > 0) return forwarded.at(-1)!;
    }
    return req.socket.remoteAddress ?? '-';
  }

  function route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const started = now();
    res.on('close', () => {
      const at = new Date(now()).toISOString();
      log(
        `${at} ${req.method ?? '-'} ${loggedPath(req.url)} ${userOf.get(req) ?? '-'} ${res.statusCode} ${now() - started}ms`,
      );
    });
    securityHeaders(res);
    if (shuttingDown) {
      refuse(res, 'busy', 'The server is shutting down; try again in a moment.', 503, { Connection: 'close' });
      return;
    }
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
      refuse(res, 'forbidden', 'This server does not answer for that host name; open the address it was set up with.');
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://server');
    } catch {
      refuse(res, 'invalid_input', 'The request path is not a valid URL path.');
      return;
    }
    const p = url.pathname;
    /** Runs async work, tracked until its answer has gone out, so that a shutdown waits for it. */
    const done = (work: Promise<void>): void => {
      const answered = new Promise<void>((resolve) => res.on('close', resolve));
      const failed = work.catch(() => {
        if (res.headersSent) res.destroy();
        else refuse(res, 'internal', 'The request failed unexpectedly; nothing was changed.');
      });
      void track(Promise.all([failed, answered]));
    };
    if (p === '/healthz') done(health(req, res));
    else if (p === '/auth/login') done(signIn(req, res));
    else if (p === '/auth/session') currentSession(req, res);
    else if (p === '/auth/logout') done(signOut(req, res));
    else if (p.startsWith('/api/')) done(api(req, res, p.slice('/api/'.length)));
    else if (p === '/events') events(req, res);
    else if (p.startsWith('/feeds/')) feeds(req, res, p.slice('/feeds/'.length));
    else if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      refuse(res, 'invalid_input', 'Pages are read with GET; API methods are called with POST /api/<method>.', 405);
    } else serveStatic(staticRoot, p, res, NO_SUCH_FILE);
  }

  function onlyMethod(req: http.IncomingMessage, res: http.ServerResponse, allowed: 'GET' | 'POST'): boolean {
    if (req.method === allowed || (allowed === 'GET' && req.method === 'HEAD')) return true;
    res.setHeader('Allow', allowed === 'GET' ? 'GET, HEAD' : 'POST');
    refuse(res, 'invalid_input', `This address is called with ${allowed}.`, 405);
    return false;
  }

  /** Refuses a request a browser made for another site: a foreign Origin, or Sec-Fetch-Site saying so. */
  function fromElsewhere(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      refuse(res, 'forbidden', `Requests from ${origin} are refused; open the app from its own address.`);
      return true;
    }
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      refuse(res, 'forbidden', 'Cross-site requests are refused.');
      return true;
    }
    return false;
  }

  function notJson(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    if (String(req.headers['content-type'] ?? '').startsWith('application/json')) return false;
    refuse(res, 'forbidden', 'Send the input as JSON with Content-Type: application/json.');
    return true;
  }

  /** The request's live session, or null with 401 answered. */
  function sessionOf(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): { token: string; session: TeamSession } | null {
    const token = cookieOf(req, SESSION_COOKIE);
    const session = token === null ? null : options.accounts.session(token);
    if (token === null || !session) {
      refuse(res, 'unauthorized', SIGN_IN_FIRST);
      return null;
    }
    userOf.set(req, session.user.name);
    return { token, session };
  }

  /** A POST of a signed-in page: its session, once its CSRF token, origin and content type check out. */
  function signedInPost(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): { token: string; session: TeamSession } | null {
    if (!onlyMethod(req, res, 'POST') || fromElsewhere(req, res)) return null;
    const signedIn = sessionOf(req, res);
    if (!signedIn || notJson(req, res)) return null;
    const given = req.headers[CSRF_HEADER];
    if (typeof given !== 'string' || !tokensMatch(given, signedIn.session.csrfToken)) {
      refuse(
        res,
        'forbidden',
        'The request lacks this session’s CSRF token (the X-CSRF-Token header); reload the page.',
      );
      return null;
    }
    return signedIn;
  }

  async function jsonBody(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    limit: number,
  ): Promise<{ value: unknown } | null> {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      refuse(res, 'invalid_input', TOO_LARGE_MESSAGE, 413);
      return null;
    }
    const body = await readBody(req, limit);
    if (body === 'gone') return null;
    if (body === 'too_large') {
      refuse(res, 'invalid_input', TOO_LARGE_MESSAGE, 413);
      return null;
    }
    try {
      return { value: body.trim() === '' ? undefined : (JSON.parse(body) as unknown) };
    } catch {
      refuse(res, 'invalid_input', 'The request body is not valid JSON.');
      return null;
    }
  }

  async function health(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!onlyMethod(req, res, 'GET')) return;
    const info = await options.dispatch('app.info', {});
    if (info.ok) {
      const { schemaVersion } = info.result as { schemaVersion: number };
      sendJson(res, 200, { ok: true, result: { status: 'ok', schema: schemaVersion } });
    } else refuse(res, 'busy', 'The database does not answer.', 503);
  }

  async function signIn(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!onlyMethod(req, res, 'POST') || fromElsewhere(req, res) || notJson(req, res)) return;
    const body = await jsonBody(req, res, SIGN_IN_MAX_BYTES);
    if (!body) return;
    const input = body.value as { name?: unknown; password?: unknown } | null | undefined;
    if (typeof input?.name !== 'string' || typeof input.password !== 'string') {
      refuse(res, 'invalid_input', 'Sign in with a JSON body { "name": …, "password": … }.');
      return;
    }
    const name = input.name.trim().toLowerCase();
    const keys = [`name:${name}`, `address:${remoteAddress(req)}`];
    const wait = limits.waitFor(keys);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      refuse(
        res,
        'rule_violation',
        `Too many failed sign-ins; wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`,
        429,
        { 'Retry-After': String(seconds) },
      );
      return;
    }
    const outcome = await options.accounts.signIn(name, input.password);
    if (!outcome.ok) {
      if (outcome.reason === 'disabled')
        refuse(res, 'forbidden', 'This account is disabled; ask an admin of this team server.');
      else {
        limits.failed(keys);
        refuse(res, 'unauthorized', 'The name or the password is wrong.');
      }
      return;
    }
    limits.succeeded(keys);
    // A session the browser held before is ended: the one after sign-in is always new (no fixation).
    const before = cookieOf(req, SESSION_COOKIE);
    if (before !== null) options.accounts.signOut(before);
    userOf.set(req, outcome.session.user.name);
    sendJson(res, 200, sessionAnswer(outcome.session), {
      'Set-Cookie': `${SESSION_COOKIE}=${outcome.token}; ${COOKIE_ATTRIBUTES}`,
    });
  }

  function currentSession(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!onlyMethod(req, res, 'GET') || fromElsewhere(req, res)) return;
    const signedIn = sessionOf(req, res);
    if (signedIn) sendJson(res, 200, sessionAnswer(signedIn.session));
  }

  async function signOut(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const signedIn = signedInPost(req, res);
    if (!signedIn) return;
    await readBody(req, SIGN_IN_MAX_BYTES);
    options.accounts.signOut(signedIn.token);
    for (const s of streams) if (s.sessionId === signedIn.session.id) endStream(s);
    sendJson(
      res,
      200,
      { ok: true, result: null },
      { 'Set-Cookie': `${SESSION_COOKIE}=; ${COOKIE_ATTRIBUTES}; Max-Age=0` },
    );
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, rawMethod: string): Promise<void> {
    const signedIn = signedInPost(req, res);
    if (!signedIn) return;
    let method: string;
    try {
      method = decodeURIComponent(rawMethod);
    } catch {
      refuse(res, 'invalid_input', 'The method name in the URL is not valid percent-encoding.');
      return;
    }
    if (!isMethodName(method)) {
      refuse(res, 'unknown_method', `There is no API method named "${method}".`);
      return;
    }
    const body = await jsonBody(req, res, MAX_BODY_BYTES);
    if (!body) return;
    // A client that disconnects before its answer abandons the call: long work (a simulation) stops.
    const abandoned = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abandoned.abort();
    });
    const user = signedIn.session.user;
    const answer = await options.dispatch(method, body.value, {
      signal: abandoned.signal,
      user: { name: user.name, role: user.role },
      onChanged: (changed) => announce(changed, user.name),
    });
    sendJson(res, answer.ok ? 200 : STATUS[answer.error.code], answer);
  }

  /** Tells every open page that a change committed; a change of accounts may have ended sessions. */
  function announce(method: MethodName, actor: string): void {
    const data = JSON.stringify({ method, actor, at: new Date(now()).toISOString() });
    for (const s of streams) s.res.write(`event: changed\ndata: ${data}\n\n`);
    if (method.startsWith('users.')) checkStreams();
  }

  function endStream(s: EventStream): void {
    streams.delete(s);
    s.res.end();
  }

  /** Ends the streams whose session has ended (revoked, expired, idle, user disabled). */
  function checkStreams(): void {
    for (const s of streams) if (!options.accounts.peek(s.token)) endStream(s);
  }

  function events(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!onlyMethod(req, res, 'GET') || fromElsewhere(req, res)) return;
    const signedIn = sessionOf(req, res);
    if (!signedIn) return;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // nginx would otherwise hold events back in its buffer.
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n: connected\n\n');
    const stream: EventStream = { res, token: signedIn.token, sessionId: signedIn.session.id };
    streams.add(stream);
    req.on('close', () => streams.delete(stream));
  }

  const heartbeat = setInterval(() => {
    checkStreams();
    for (const s of streams) s.res.write(': heartbeat\n\n');
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  function feeds(req: http.IncomingMessage, res: http.ServerResponse, rest: string): void {
    if (!onlyMethod(req, res, 'GET')) return;
    if (!options.feeds) {
      refuse(res, 'not_found', 'There is no such feed.');
      return;
    }
    options.feeds(req, res, rest);
  }

  function close(): Promise<void> {
    shuttingDown = true;
    clearInterval(heartbeat);
    return new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of streams) endStream(s);
      server.closeIdleConnections();
      void Promise.allSettled([...inFlight]).then(() => {
        // The answers are written: what is left are idle keep-alive connections.
        setImmediate(() => server.closeAllConnections());
      });
    });
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const hosts: string[] = [];
      if (!isWildcard(options.host)) hosts.push(hostPort(options.host, port));
      if (isWildcard(options.host) || isLoopback(options.host))
        hosts.push(hostPort('127.0.0.1', port), hostPort('localhost', port), hostPort('::1', port));
      allowedHosts = new Set(hosts.map((h) => h.toLowerCase()));
      allowedOrigins = new Set(hosts.map((h) => `${scheme}://${h.toLowerCase()}`));
      if (publicUrl) {
        allowedHosts.add(publicUrl.host.toLowerCase());
        allowedOrigins.add(publicUrl.origin);
      }
      const url = publicUrl
        ? publicUrl.href
        : `${scheme}://${hostPort(isWildcard(options.host) ? 'localhost' : options.host, port)}/`;
      resolve({ url, port, close });
    });
  });
}
