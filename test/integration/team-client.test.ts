import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningTeamServer, startTeamServer } from '../../electron/server/server';
import {
  type TeamChange,
  type TeamClient,
  type TeamSettingsStore,
  createTeamClient,
  createTeamSettingsStore,
} from '../../electron/main/team-client';
import type { Result } from '../../shared/contract';
import type { TeamStatus } from '../../shared/team-connection';
import { type ManualClock, PASSWORD, type TeamBackend, manualClock, openTeamBackend } from '../helpers/team';
import { useTempDirs } from '../helpers/temp-dir';

// The desktop app's client of a team server (electron/main/team-client.ts) against the real server
// in-process: sign-in, calls as two roles, live changes, and what happens while the server is down.

const tempDir = useTempDirs('rc-team-client-');
let clock: ManualClock;
let backend: TeamBackend;
let server: RunningTeamServer | null;
let dir: string;
const clients: TeamClient[] = [];

async function serve(port = 0): Promise<RunningTeamServer> {
  const staticDir = path.join(dir, 'renderer');
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Release Calendar</title>');
  return startTeamServer({
    dispatch: backend.dispatch,
    accounts: backend.accounts,
    staticDir,
    host: '127.0.0.1',
    port,
    now: clock.ms,
    log: () => undefined,
    heartbeatMs: 200,
  });
}

function client(statuses: TeamStatus[] = [], settings?: TeamSettingsStore): TeamClient {
  const c = createTeamClient({
    fetch,
    settings: settings ?? createTeamSettingsStore(path.join(dir, 'user-data'), fs, () => undefined),
    onStatus: (s) => statuses.push(s),
    backoff: { initialMs: 50, maxMs: 200 },
  });
  clients.push(c);
  return c;
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeEach(async () => {
  dir = tempDir();
  clock = manualClock();
  backend = openTeamBackend(dir, clock);
  await backend.call('fleet.loadDemo', {});
  await backend.addUser('ada', 'admin');
  await backend.addUser('sam', 'release-manager');
  await backend.addUser('vic', 'viewer');
  server = await serve();
});

afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect();
  await server?.close();
  backend.close();
});

describe('the team client', () => {
  it('refuses an address that is not HTTPS (or HTTP on this machine) before sending anything', async () => {
    const c = client();
    for (const url of ['http://plan.example.com', 'ftp://127.0.0.1', 'not a url', 'https://a:b@plan.example.com']) {
      const answer = await c.connect(url, 'sam', PASSWORD);
      expect(answer.ok, url).toBe(false);
      expect(!answer.ok && answer.error.code).toBe('invalid_input');
    }
    expect(c.connected()).toBe(false);
  });

  it('answers a wrong password in the server’s words, and keeps working locally', async () => {
    const c = client();
    const answer = await c.connect(server!.url, 'sam', 'not the password at all');
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: 'The name or the password is wrong.' },
    });
    expect(c.status()).toEqual({ state: 'local', remembered: null });
  });

  it('signs in, calls as a release manager and as a viewer (403 is forbidden), and remembers URL and name only', async () => {
    const statuses: TeamStatus[] = [];
    const sam = client(statuses);
    const joined = await sam.connect(server!.url, 'Sam', PASSWORD);
    const origin = server!.url.replace(/\/$/, '');
    expect(joined).toEqual({
      ok: true,
      result: { state: 'connected', url: origin, user: { name: 'sam', role: 'release-manager', displayName: null } },
    });
    expect(statuses.at(-1)).toMatchObject({ state: 'connected' });
    const info = await sam.call('app.info', {});
    expect(info).toMatchObject({ ok: true, result: { actor: 'sam' } });
    const trains = (await sam.call('trains.list', {})) as { ok: true; result: Result<'trains.list'> };
    const train = trains.result[0]!;
    expect(await sam.call('trains.setNotes', { id: train.id, notes: 'From the desktop app' })).toMatchObject({
      ok: true,
    });

    const vic = client();
    expect((await vic.connect(server!.url, 'vic', PASSWORD)).ok).toBe(true);
    expect(await vic.call('trains.setNotes', { id: train.id, notes: 'No' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await vic.call('no.such', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });

    const file = fs.readFileSync(path.join(dir, 'user-data', 'team-server.json'), 'utf8');
    expect(JSON.parse(file)).toEqual({ url: origin, name: 'vic' });
    expect(file).not.toContain(PASSWORD);
    await vic.disconnect();
    expect(vic.status()).toEqual({ state: 'local', remembered: { url: origin, name: 'vic' } });
    // Signed out on the server: the old session's calls are refused.
    expect(await vic.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('receives the changes another session makes', async () => {
    const vic = client();
    await vic.connect(server!.url, 'vic', PASSWORD);
    const changes: TeamChange[] = [];
    vic.events((c) => changes.push(c));
    const sam = client();
    await sam.connect(server!.url, 'sam', PASSWORD);
    // The stream is open once the server holds it; a change before then would not reach it.
    await new Promise((r) => setTimeout(r, 200));
    const trains = (await sam.call('trains.list', {})) as { ok: true; result: Result<'trains.list'> };
    await sam.call('trains.setNotes', { id: trains.result[0]!.id, notes: 'Seen live' });
    await until(() => changes.length > 0, 'a changed event');
    expect(changes[0]).toMatchObject({ method: 'trains.setNotes', actor: 'sam' });
  });

  it('answers unavailable while the server is down, never retries a write, and recovers', async () => {
    const statuses: TeamStatus[] = [];
    const sam = client(statuses);
    await sam.connect(server!.url, 'sam', PASSWORD);
    const origin = server!.url.replace(/\/$/, '');
    const changes: TeamChange[] = [];
    sam.events((c) => changes.push(c));
    const trains = (await sam.call('trains.list', {})) as { ok: true; result: Result<'trains.list'> };
    const train = trains.result[0]!;
    const port = server!.port;
    const auditBefore = ((await backend.call('audit.list', {})) as unknown[]).length;

    await server!.close();
    server = null;
    const read = await sam.call('trains.list', {});
    expect(read).toEqual({
      ok: false,
      error: {
        code: 'unavailable',
        message: `The team server at ${origin} cannot be reached; showing the last data. Changes are not saved until it is back.`,
      },
    });
    const write = await sam.call('trains.setNotes', { id: train.id, notes: 'Written while down' });
    expect(write).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(statuses.some((s) => s.state === 'unreachable' || s.state === 'reconnecting')).toBe(true);

    server = await serve(port);
    // The event stream comes back by itself; the write made while down is not sent again.
    await until(() => sam.status().state === 'connected', 'the stream to reconnect');
    expect(await sam.call('app.info', {})).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 300));
    const after = await backend.call('trains.get', { id: train.id });
    expect(after.train.notes).not.toBe('Written while down');
    expect(((await backend.call('audit.list', {})) as unknown[]).length).toBe(auditBefore);
    expect(changes).toEqual([]);
  });
});
