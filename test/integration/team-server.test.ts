import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../electron/backend/dispatcher';
import { type RunningTeamServer, type TeamServerOptions, startTeamServer } from '../../electron/server/server';
import type { ApiResponse } from '../../shared/errors';
import { dumpDatabase } from '../helpers/db';
import { type HttpAnswer, httpRequest } from '../helpers/http';
import { type ManualClock, PASSWORD, type TeamBackend, manualClock, openTeamBackend } from '../helpers/team';
import { useTempDirs } from '../helpers/temp-dir';
import { VALID } from '../helpers/valid-inputs';
import { METHOD_NAMES } from '../../shared/method-names';
import { ROLES, mayCall } from '../../shared/method-roles';

const INDEX_HTML = '<!doctype html><title>Release Calendar</title>';

const tempDir = useTempDirs('rc-team-server-');
let clock: ManualClock;
let backend: TeamBackend;
let server: RunningTeamServer;
let staticDir: string;
let logLines: string[];
const servers: RunningTeamServer[] = [];

async function serve(options: Partial<TeamServerOptions> = {}): Promise<RunningTeamServer> {
  const s = await startTeamServer({
    dispatch: backend.dispatch,
    accounts: backend.accounts,
    staticDir,
    host: '127.0.0.1',
    port: 0,
    now: clock.ms,
    log: (line) => logLines.push(line),
    ...options,
  });
  servers.push(s);
  return s;
}

beforeEach(async () => {
  const dir = tempDir();
  staticDir = path.join(dir, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), INDEX_HTML);
  clock = manualClock();
  logLines = [];
  backend = openTeamBackend(dir, clock);
  await backend.call('fleet.loadDemo', {});
  await backend.addUser('ada', 'admin');
  await backend.addUser('lee', 'lead');
  await backend.addUser('sam', 'release-manager');
  await backend.addUser('vic', 'viewer');
  server = await serve();
});

afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  backend.close();
});

function json(answer: HttpAnswer): ApiResponse<unknown> {
  return JSON.parse(answer.body) as ApiResponse<unknown>;
}

function errorOf(answer: HttpAnswer): { code: string; message: string } | undefined {
  const r = json(answer);
  return r.ok ? undefined : r.error;
}

interface Session {
  token: string;
  csrf: string;
  cookie: string;
}

function login(
  name: string,
  password = PASSWORD,
  headers: http.OutgoingHttpHeaders = {},
  port = server.port,
): Promise<HttpAnswer> {
  return httpRequest(port, {
    method: 'POST',
    path: '/auth/login',
    headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ name, password }),
  });
}

function sessionOf(answer: HttpAnswer): Session {
  expect(answer.status, answer.body).toBe(200);
  const cookie = String(answer.headers['set-cookie']?.[0] ?? '');
  const token = /^rc_session=([^;]+);/.exec(cookie)?.[1] ?? '';
  const { csrfToken } = (json(answer) as { result: { csrfToken: string } }).result;
  return { token, csrf: csrfToken, cookie };
}

async function signIn(name: string): Promise<Session> {
  return sessionOf(await login(name));
}

function call(
  method: string,
  input: unknown,
  s: Session | null,
  headers: http.OutgoingHttpHeaders = {},
  port = server.port,
): Promise<HttpAnswer> {
  return httpRequest(port, {
    method: 'POST',
    path: `/api/${method}`,
    headers: {
      'Content-Type': 'application/json',
      ...(s ? { Cookie: `rc_session=${s.token}`, 'X-CSRF-Token': s.csrf } : {}),
      ...headers,
    },
    body: JSON.stringify(input),
  });
}

/** An event stream, its text so far, and whether it has ended. */
function openEvents(s: Session): Promise<{ text: () => string; ended: Promise<void>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: server.port,
      path: '/events',
      headers: { Cookie: `rc_session=${s.token}` },
      agent: false,
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      const ended = new Promise<void>((done) => res.on('close', () => done()));
      if (res.statusCode !== 200) reject(new Error(`events answered ${res.statusCode}`));
      resolve({ text: () => text, ended, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(check: () => boolean, ms = 1000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('team server', () => {
  it('answers /healthz with the schema while the database answers', async () => {
    const answer = await httpRequest(server.port, { path: '/healthz' });
    expect(answer.status).toBe(200);
    expect(json(answer)).toEqual({ ok: true, result: { status: 'ok', schema: backend.database.schemaVersion } });
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('serves the app shell to anyone, and refuses a foreign Host', async () => {
    const page = await httpRequest(server.port, { path: '/calendar' });
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX_HTML);
    const rebound = await httpRequest(server.port, { path: '/', headers: { Host: 'evil.example:80' } });
    expect(rebound.status).toBe(403);
  });

  describe('sessions', () => {
    it('signs in with a Secure HttpOnly SameSite=Strict cookie and answers the session', async () => {
      const answer = await login('sam');
      const s = sessionOf(answer);
      expect(s.cookie).toBe(`rc_session=${s.token}; HttpOnly; Secure; SameSite=Strict; Path=/`);
      expect(json(answer)).toEqual({
        ok: true,
        result: { user: { name: 'sam', role: 'release-manager', displayName: null }, csrfToken: s.csrf },
      });
      const current = await httpRequest(server.port, {
        path: '/auth/session',
        headers: { Cookie: `rc_session=${s.token}` },
      });
      expect(json(current)).toEqual(json(answer));
    });

    it('refuses a wrong password and an unknown name alike', async () => {
      const wrong = await login('sam', 'not the password!');
      const unknown = await login('nobody', PASSWORD);
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect(errorOf(wrong)).toEqual(errorOf(unknown));
      expect(wrong.headers['set-cookie']).toBeUndefined();
    });

    it.each([
      ['the API', () => call('app.info', {}, null)],
      ['the session', () => httpRequest(server.port, { path: '/auth/session' })],
      ['the events', () => httpRequest(server.port, { path: '/events' })],
      ['a made-up cookie', () => call('app.info', {}, { token: 'made-up', csrf: 'x', cookie: '' })],
    ])('answers 401 without a session: %s', async (_what, request) => {
      const answer = await request();
      expect(answer.status).toBe(401);
      expect(errorOf(answer)?.code).toBe('unauthorized');
    });

    it('gives a new session at every sign-in: a cookie set before it is refused after (no fixation)', async () => {
      const planted = 'attacker-chosen-token-0123456789abcdefghijk';
      const answer = await login('sam', PASSWORD, { Cookie: `rc_session=${planted}` });
      const s = sessionOf(answer);
      expect(s.token).not.toBe(planted);
      expect((await call('app.info', {}, { ...s, token: planted })).status).toBe(401);
      expect((await call('app.info', {}, s)).status).toBe(200);
      // A real session the browser held is ended by the next sign-in.
      const again = sessionOf(await login('sam', PASSWORD, { Cookie: `rc_session=${s.token}` }));
      expect(again.token).not.toBe(s.token);
      expect((await call('app.info', {}, s)).status).toBe(401);
      expect((await call('app.info', {}, again)).status).toBe(200);
    });

    it('refuses a session after sign-out, and clears the cookie', async () => {
      const s = await signIn('sam');
      const out = await httpRequest(server.port, {
        method: 'POST',
        path: '/auth/logout',
        headers: { Cookie: `rc_session=${s.token}`, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(out.status).toBe(200);
      expect(out.headers['set-cookie']?.[0]).toMatch(
        /^rc_session=; HttpOnly; Secure; SameSite=Strict; Path=\/; Max-Age=0$/,
      );
      expect((await call('app.info', {}, s)).status).toBe(401);
    });

    it('refuses the sessions of a user an admin disabled', async () => {
      const sam = await signIn('sam');
      const ada = await signIn('ada');
      expect((await call('users.disable', { name: 'sam' }, ada)).status).toBe(200);
      expect((await call('app.info', {}, sam)).status).toBe(401);
      expect((await login('sam')).status).toBe(403);
      expect((await call('app.info', {}, ada)).status).toBe(200);
    });
  });

  describe('cross-site requests', () => {
    it('refuses a cross-site form post (foreign Origin, text/plain) with 403, changing nothing', async () => {
      const s = await signIn('sam');
      const before = JSON.stringify(dumpDatabase(backend.database.db));
      const answer = await call('trains.setNotes', { id: 1, notes: 'pwned' }, s, {
        Origin: 'https://evil.example',
        'Content-Type': 'text/plain',
      });
      expect(answer.status).toBe(403);
      expect(errorOf(answer)?.code).toBe('forbidden');
      const noOrigin = await call('trains.setNotes', { id: 1, notes: 'pwned' }, s, { 'Content-Type': 'text/plain' });
      expect(noOrigin.status).toBe(403);
      const crossSite = await call('trains.setNotes', { id: 1, notes: 'pwned' }, s, { 'Sec-Fetch-Site': 'cross-site' });
      expect(crossSite.status).toBe(403);
      const foreignLogin = await login('sam', PASSWORD, { Origin: 'https://evil.example' });
      expect(foreignLogin.status).toBe(403);
      expect(JSON.stringify(dumpDatabase(backend.database.db))).toBe(before);
    });

    it('refuses a POST without the CSRF token, or with another session’s', async () => {
      const s = await signIn('sam');
      const other = await signIn('vic');
      const missing = await call('app.info', {}, null, { Cookie: `rc_session=${s.token}` });
      const wrong = await call('app.info', {}, { ...s, csrf: other.csrf });
      expect([missing.status, wrong.status]).toEqual([403, 403]);
      expect(errorOf(missing)?.message).toContain('X-CSRF-Token');
      const own = await call('app.info', {}, s, { Origin: `http://127.0.0.1:${server.port}` });
      expect(own.status).toBe(200);
    });
  });

  describe('sign-in attempts', () => {
    it('make a name wait after 5 failures, doubling; a right password waits too; a success clears the count', async () => {
      for (let i = 0; i < 5; i++) expect((await login('sam', 'wrong password!!')).status).toBe(401);
      const locked = await login('sam', 'wrong password!!');
      expect(locked.status).toBe(429);
      expect(locked.headers['retry-after']).toBe('1');
      // The right password is refused during the wait, without being checked.
      expect((await login('sam')).status).toBe(429);
      clock.advance(1000);
      expect((await login('sam', 'wrong password!!')).status).toBe(401);
      const longer = await login('sam');
      expect(longer.status).toBe(429);
      expect(longer.headers['retry-after']).toBe('2');
      clock.advance(2000);
      expect((await login('sam')).status).toBe(200);
      // Cleared: the next failure is only the first.
      expect((await login('sam', 'wrong password!!')).status).toBe(401);
      expect((await login('sam')).status).toBe(200);
    });

    it('count per name from any address, and per address across names; the window is 15 minutes', async () => {
      const proxied = await serve({ behindProxy: true });
      const from = (address: string) => ({ 'X-Forwarded-For': `10.9.9.9, ${address}` });
      for (let i = 0; i < 5; i++)
        expect((await login('sam', 'wrong password!!', from(`10.0.0.${i}`), proxied.port)).status).toBe(401);
      expect((await login('sam', PASSWORD, from('10.0.1.1'), proxied.port)).status).toBe(429);
      expect((await login('vic', PASSWORD, from('10.0.1.1'), proxied.port)).status).toBe(200);
      for (const name of ['a1', 'a2', 'a3', 'a4', 'a5'])
        expect((await login(name, 'wrong password!!', from('10.0.2.2'), proxied.port)).status).toBe(401);
      expect((await login('vic', PASSWORD, from('10.0.2.2'), proxied.port)).status).toBe(429);
      clock.advance(15 * 60 * 1000);
      expect((await login('sam', PASSWORD, from('10.0.2.2'), proxied.port)).status).toBe(200);
    });
  });

  describe('roles over HTTP', () => {
    it.each([
      ['vic', 'deployments.list', 200, { status: 'active' }],
      ['vic', 'trains.setNotes', 403, { id: 1, notes: 'x' }],
      ['vic', 'rollout.plan', 403, { trainId: 1 }],
      ['lee', 'policy.get', 200, {}],
      ['lee', 'trains.skip', 403, { id: 1, reason: 'x' }],
      ['sam', 'trains.setNotes', 200, { id: 1, notes: 'Reviewed.' }],
      ['sam', 'settings.update', 403, { workingDays: [1, 2, 3, 4, 5] }],
      ['sam', 'users.list', 403, {}],
      ['ada', 'users.list', 200, {}],
    ] as const)('%s calling %s: %i', async (name, method, status, input) => {
      const s = await signIn(name);
      const before = JSON.stringify(dumpDatabase(backend.database.db));
      const answer = await call(method, input, s);
      expect(answer.status, answer.body).toBe(status);
      if (status === 403) {
        expect(errorOf(answer)?.code).toBe('forbidden');
        expect(errorOf(answer)?.message).toMatch(/you may not call .* it needs the .* role or above/);
        expect(JSON.stringify(dumpDatabase(backend.database.db))).toBe(before);
      }
    });

    it('every method of the contract × every role: 403 beyond the role, never 403 within it', async () => {
      const sessions = {
        viewer: await signIn('vic'),
        lead: await signIn('lee'),
        'release-manager': await signIn('sam'),
        admin: await signIn('ada'),
      };
      for (const method of METHOD_NAMES)
        for (const role of ROLES) {
          const allowed = mayCall(role, method);
          // Called by role alone: they write outside the test's folder, or replace the file under the server.
          if (allowed && ['publish.update', 'database.restore', 'database.backup'].includes(method)) continue;
          const answer = await call(method, VALID[method], sessions[role]);
          if (allowed) expect(answer.status, `${role} ${method}: ${answer.body}`).not.toBe(403);
          else {
            expect(answer.status, `${role} ${method}`).toBe(403);
            expect(errorOf(answer)?.code).toBe('forbidden');
          }
        }
    });

    it('records the signed-in person as the actor', async () => {
      const sam = await signIn('sam');
      expect((await call('trains.setNotes', { id: 2, notes: 'By Sam.' }, sam)).status).toBe(200);
      const [event] = await backend.call('audit.list', { limit: 1 });
      expect(event).toMatchObject({ actor: 'sam', action: 'train.notes' });
    });

    it('never answers a password hash', async () => {
      const ada = await signIn('ada');
      const answer = await call('users.list', {}, ada);
      expect(answer.body).not.toMatch(/scrypt|hash|password/i);
    });
  });

  describe('live updates', () => {
    it('sends `changed` to another signed-in page within a second of a write', async () => {
      const vic = await signIn('vic');
      const sam = await signIn('sam');
      const events = await openEvents(vic);
      try {
        const started = Date.now();
        expect((await call('trains.setNotes', { id: 3, notes: 'Live.' }, sam)).status).toBe(200);
        await until(() => events.text().includes('event: changed'));
        expect(Date.now() - started).toBeLessThan(1000);
        const data = /event: changed\ndata: (.*)\n\n/.exec(events.text())?.[1];
        expect(JSON.parse(data!)).toEqual({ method: 'trains.setNotes', actor: 'sam', at: clock.now().toISOString() });
        // A read changes nothing and says nothing.
        const length = events.text().length;
        await call('trains.list', {}, sam);
        await new Promise((r) => setTimeout(r, 50));
        expect(events.text().length).toBe(length);
      } finally {
        events.close();
      }
    });

    it('sends a heartbeat comment, and ends the stream when its session ends', async () => {
      const beating = await serve({ heartbeatMs: 30 });
      const vic = sessionOf(await login('vic', PASSWORD, { Host: `127.0.0.1:${beating.port}` }, beating.port));
      const ada = await signIn('ada');
      const original = server;
      server = beating;
      try {
        const events = await openEvents(vic);
        await until(() => events.text().includes(': heartbeat'));
        expect((await call('users.disable', { name: 'vic' }, ada, {}, original.port)).status).toBe(200);
        await events.ended; // closed at the next heartbeat's check
      } finally {
        server = original;
      }
    });

    it('ends the stream of a session that signs out', async () => {
      const vic = await signIn('vic');
      const events = await openEvents(vic);
      await httpRequest(server.port, {
        method: 'POST',
        path: '/auth/logout',
        headers: { Cookie: `rc_session=${vic.token}`, 'X-CSRF-Token': vic.csrf, 'Content-Type': 'application/json' },
      });
      await events.ended;
    });
  });

  describe('operations', () => {
    it('logs one line per request: time, method, path, user, status, ms; feed secrets masked', async () => {
      const sam = await signIn('sam');
      await call('app.info', {}, sam);
      await httpRequest(server.port, { path: '/feeds/s3cr3t-feed-token/calendar.ics?x=1' });
      await until(() => logLines.length >= 3);
      expect(logLines[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z POST \/auth\/login sam 200 \d+ms$/);
      expect(logLines[1]).toMatch(/^\S+Z POST \/api\/app\.info sam 200 \d+ms$/);
      expect(logLines[2]).toMatch(/^\S+Z GET \/feeds\/…\/calendar\.ics - 404 \d+ms$/);
      expect(logLines.join('\n')).not.toContain('s3cr3t');
    });

    it('hands /feeds/… to the feeds hook, when there is one', async () => {
      const seen: string[] = [];
      const withFeeds = await serve({
        feeds: (_req, res, rest) => {
          seen.push(rest);
          res.writeHead(200, { 'Content-Type': 'text/calendar' }).end('BEGIN:VCALENDAR');
        },
      });
      const answer = await httpRequest(withFeeds.port, { path: '/feeds/abc/deployments/us-east-1.ics' });
      expect(answer.status).toBe(200);
      expect(seen).toEqual(['abc/deployments/us-east-1.ics']);
    });

    it('accepts the public URL’s host and origin behind a proxy', async () => {
      const proxied = await serve({ behindProxy: true, publicUrl: 'https://plan.example.com' });
      const headers = { Host: 'plan.example.com', Origin: 'https://plan.example.com' };
      const s = sessionOf(await login('sam', PASSWORD, headers, proxied.port));
      expect((await call('app.info', {}, s, headers, proxied.port)).status).toBe(200);
      expect(
        (await call('app.info', {}, s, { Host: 'plan.example.com', Origin: 'https://other.example.com' }, proxied.port))
          .status,
      ).toBe(403);
      expect(proxied.url).toBe('https://plan.example.com/');
    });

    it('refuses to listen on every address without a public URL', async () => {
      await expect(serve({ host: '0.0.0.0' })).rejects.toThrow(/--public-url/);
    });

    it('shuts down gracefully: a call in flight finishes, then nothing more is accepted', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let reached = false;
      const slow: Dispatch = async (method, input, options) => {
        if (method === 'trains.setNotes') {
          reached = true;
          await gate;
        }
        return backend.dispatch(method, input, options);
      };
      const s2 = await serve({ dispatch: slow });
      const sam = sessionOf(await login('sam', PASSWORD, { Host: `127.0.0.1:${s2.port}` }, s2.port));
      const inFlight = call('trains.setNotes', { id: 4, notes: 'Saved during shutdown.' }, sam, {}, s2.port);
      await until(() => reached);
      let closed = false;
      const closing = s2.close().then(() => (closed = true));
      await new Promise((r) => setTimeout(r, 50));
      expect(closed).toBe(false);
      release();
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      await closing;
      expect((await backend.call('trains.get', { id: 4 })).train.notes).toBe('Saved during shutdown.');
      await expect(httpRequest(s2.port, { path: '/healthz' })).rejects.toThrow();
    });
  });
});

// openssl makes the certificate; .ci/run installs it where it is missing.
describe('team server over TLS', () => {
  it('answers HTTPS with a self-signed certificate made by openssl', async () => {
    const dir = tempDir();
    const key = path.join(dir, 'k');
    const cert = path.join(dir, 'c');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
      ],
      { stdio: 'ignore' },
    );
    const tlsServer = await serve({ tls: { key: fs.readFileSync(key), cert: fs.readFileSync(cert) } });
    expect(tlsServer.url).toBe(`https://127.0.0.1:${tlsServer.port}/`);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: tlsServer.port,
          path: '/healthz',
          ca: fs.readFileSync(cert),
          servername: 'localhost',
          agent: false,
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, result: { status: 'ok' } });
  });
});
