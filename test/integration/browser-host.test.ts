import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeploymentList } from '../../shared/contract';
import type { ApiResponse } from '../../shared/errors';
import { startHost, type RunningHost } from '../../electron/host/server';
import { dumpDatabase, openTestBackend, type TestBackend } from '../helpers/db';
import { httpRequest, type HttpAnswer } from '../helpers/http';
import { useTempDirs } from '../helpers/temp-dir';

const TOKEN = 'test-token-0123456789';
const INDEX_HTML = '<!doctype html><title>Release Calendar</title>';
const SECRET = 'secret outside the static folder';

const tempDir = useTempDirs();
let backend: TestBackend;
let host: RunningHost;

beforeEach(async () => {
  const dir = tempDir();
  // The static folder sits next to files that must never be served.
  const staticDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), INDEX_HTML);
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ secret: SECRET }));
  backend = openTestBackend(dir);
  await backend.dispatch('fleet.loadDemo', {});
  host = await startHost({ dispatch: backend.dispatch, staticDir, token: TOKEN });
});

afterEach(async () => {
  await host.close();
  backend.close();
});

function api(
  method: string,
  body: string | undefined,
  headers: Record<string, string> = {},
  verb = 'POST',
): Promise<HttpAnswer> {
  return httpRequest(host.port, {
    method: verb,
    path: `/api/${method}`,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, ...headers },
    ...(body === undefined ? {} : { body }),
  });
}

function json(answer: HttpAnswer): ApiResponse<unknown> {
  return JSON.parse(answer.body) as ApiResponse<unknown>;
}

function errorCode(answer: HttpAnswer): string | undefined {
  const r = json(answer);
  return r.ok ? undefined : r.error.code;
}

async function expectNothingChanged(act: () => Promise<void>): Promise<void> {
  const before = dumpDatabase(backend.db);
  await act();
  expect(dumpDatabase(backend.db)).toEqual(before);
}

const newDeployment = JSON.stringify({
  key: 'lab-1',
  name: 'Lab 1',
  region: 'us-east',
  timeZone: 'America/New_York',
});

describe('browser-mode host', () => {
  it('listens on 127.0.0.1 only, on the port it reports', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    expect(host.launchUrl).toBe(`${host.url}#token=${TOKEN}`);
    const ipv6 = await new Promise<string>((resolve) => {
      const socket = net.connect(host.port, '::1');
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(ipv6).not.toBe('connected');
  });

  it('mints a fresh random token per launch when none is given', async () => {
    const a = await startHost({ dispatch: backend.dispatch, staticDir: tempDir() });
    const b = await startHost({ dispatch: backend.dispatch, staticDir: tempDir() });
    try {
      expect(a.token).not.toBe(b.token);
      expect(a.token.length).toBeGreaterThanOrEqual(32);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  describe('API authentication and origin checks', () => {
    it('answers a call with the token', async () => {
      const answer = await api('deployments.list', '{"status":"active"}');
      expect(answer.status).toBe(200);
      const r = json(answer);
      expect(r.ok).toBe(true);
      expect((r as { result: DeploymentList }).result.deployments).toHaveLength(40);
    });

    it('accepts our own origin, by IP or by localhost', async () => {
      expect((await api('app.info', '{}', { Origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
      expect(
        (await api('app.info', '{}', { Origin: `http://localhost:${host.port}`, Host: `localhost:${host.port}` }))
          .status,
      ).toBe(200);
    });

    it.each([
      ['no token', {}],
      ['a wrong token', { Authorization: 'Bearer wrong-token-0123456789' }],
      ['a token of the wrong scheme', { Authorization: `Basic ${TOKEN}` }],
      ['a prefix of the token', { Authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ])('refuses a call with %s as 401 unauthorized', async (_why, headers) => {
      const answer = await httpRequest(host.port, {
        method: 'POST',
        path: '/api/deployments.list',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: '{}',
      });
      expect(answer.status).toBe(401);
      expect(errorCode(answer)).toBe('unauthorized');
    });

    it('refuses a foreign Origin with the right token as 403 forbidden, changing nothing', async () => {
      await expectNothingChanged(async () => {
        const answer = await api('deployments.create', newDeployment, { Origin: 'http://evil.example' });
        expect(answer.status).toBe(403);
        expect(errorCode(answer)).toBe('forbidden');
      });
    });

    it('refuses a cross-site fetch as 403 forbidden', async () => {
      const answer = await api('deployments.list', '{}', { 'Sec-Fetch-Site': 'cross-site' });
      expect([answer.status, errorCode(answer)]).toEqual([403, 'forbidden']);
    });

    it.each([
      ['an API call', 'POST', '/api/deployments.list'],
      ['the app page', 'GET', '/'],
    ])('refuses a foreign Host header (DNS rebinding) for %s as 403', async (_what, method, requestPath) => {
      const answer = await httpRequest(host.port, {
        method,
        path: requestPath,
        headers: {
          Host: `evil.example:${host.port}`,
          Authorization: `Bearer ${TOKEN}`,
          'Content-Type': 'application/json',
        },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect(answer.status).toBe(403);
      expect(errorCode(answer)).toBe('forbidden');
      expect(answer.body).not.toContain('Release Calendar</title>');
    });
  });

  describe('API input', () => {
    it('refuses malformed JSON as 400 invalid_input, changing nothing', async () => {
      await expectNothingChanged(async () => {
        const answer = await api('deployments.create', '{"key": "lab-1",');
        expect([answer.status, errorCode(answer)]).toEqual([400, 'invalid_input']);
      });
    });

    it('refuses a body that fails the schema as 400 invalid_input with fields, changing nothing', async () => {
      await expectNothingChanged(async () => {
        const answer = await api(
          'deployments.create',
          JSON.stringify({ key: 'Lab 1', name: 'Lab', region: 'us-east', timeZone: 'Mars/Olympus', weight: -1 }),
        );
        expect(answer.status).toBe(400);
        const r = json(answer);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.fields?.map((f) => f.field)).toEqual(['key', 'timeZone', 'weight']);
      });
    });

    it('creates a deployment with a valid body', async () => {
      const answer = await api('deployments.create', newDeployment);
      expect(answer.status).toBe(200);
      expect(backend.db.prepare("SELECT name FROM deployments WHERE key = 'lab-1'").pluck().get()).toBe('Lab 1');
    });

    it('maps domain errors to HTTP statuses: conflict 409, not found 404, rule violation 422', async () => {
      const duplicate = await api(
        'deployments.create',
        JSON.stringify({ ...JSON.parse(newDeployment), key: 'us-east-3' }),
      );
      expect([duplicate.status, errorCode(duplicate)]).toEqual([409, 'conflict']);
      const missing = await api('deployments.get', '{"key":"nope-1"}');
      expect([missing.status, errorCode(missing)]).toEqual([404, 'not_found']);
      const demoAgain = await api('fleet.loadDemo', '{}');
      expect([demoAgain.status, errorCode(demoAgain)]).toEqual([422, 'rule_violation']);
    });

    it('treats an empty body as no input', async () => {
      expect((await api('app.info', undefined)).status).toBe(200);
    });

    it('answers an unknown method as 404 unknown_method', async () => {
      const answer = await api('deployments.drop', '{}');
      expect([answer.status, errorCode(answer)]).toEqual([404, 'unknown_method']);
    });

    it('refuses GET on the API, even with the token', async () => {
      const answer = await api('deployments.list', undefined, {}, 'GET');
      expect(answer.status).toBe(400);
      expect(errorCode(answer)).toBe('invalid_input');
      expect(answer.headers.allow).toBe('POST');
    });

    it('refuses a body that is not declared as JSON (no CORS-simple form posts)', async () => {
      await expectNothingChanged(async () => {
        const answer = await api('deployments.create', newDeployment, { 'Content-Type': 'text/plain' });
        expect([answer.status, errorCode(answer)]).toEqual([400, 'invalid_input']);
      });
    });
  });

  describe('static files', () => {
    it('serves the app page with security headers', async () => {
      const answer = await httpRequest(host.port, { path: '/' });
      expect(answer.status).toBe(200);
      expect(answer.body).toBe(INDEX_HTML);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
      expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    });

    it('puts the security headers on API answers and refusals too', async () => {
      for (const answer of [
        await api('app.info', '{}'),
        await api('app.info', '{}', { Authorization: '' }),
        await httpRequest(host.port, { path: '/', headers: { Host: 'evil.example' } }),
      ]) {
        expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
        expect(answer.headers['x-content-type-options']).toBe('nosniff');
      }
    });

    it('serves assets, and falls back to the app page for client routes only', async () => {
      const asset = await httpRequest(host.port, { path: '/assets/app.js' });
      expect([asset.status, asset.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
      expect((await httpRequest(host.port, { path: '/calendar/2026' })).body).toBe(INDEX_HTML);
      expect((await httpRequest(host.port, { path: '/assets/missing.js' })).status).toBe(404);
    });

    it.each([
      '/../package.json',
      '/%2e%2e/package.json',
      '/assets/../../package.json',
      '/..%2fpackage.json',
      '/..\\package.json',
    ])('does not serve files outside the static folder for %s', async (requestPath) => {
      const answer = await httpRequest(host.port, { path: requestPath });
      expect(answer.body).not.toContain(SECRET);
    });

    it('refuses writes to static paths', async () => {
      const answer = await httpRequest(host.port, { method: 'PUT', path: '/index.html', body: 'x' });
      expect(answer.status).toBe(405);
    });
  });
});
