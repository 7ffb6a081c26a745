import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../electron/cli/cli';
import { parseListen } from '../../electron/cli/team-commands';
import { cli, cliOn } from '../helpers/cli';
import { httpRequest } from '../helpers/http';
import { PASSWORD } from '../helpers/team';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('rc-team-cli-');

/** Stdin that is a pipe holding `text`. */
function piped(text: string): Partial<CliIO> {
  return {
    stdin: {
      isTTY: false,
      readAll: () => Promise.resolve(text),
      promptHidden: () => Promise.reject(new Error('not a terminal')),
    },
  };
}

/** Stdin that is a terminal where the person types `answers`, one per prompt. */
function terminal(answers: string[], prompts: string[] = []): Partial<CliIO> {
  return {
    stdin: {
      isTTY: true,
      readAll: () => Promise.reject(new Error('a terminal is not read whole')),
      promptHidden: (prompt) => {
        prompts.push(prompt);
        return Promise.resolve(answers.shift() ?? '');
      },
    },
  };
}

describe('users commands', () => {
  it('adds users from stdin or a prompt, lists them, changes roles, disables and enables', async () => {
    const cwd = tempDir();
    const db = path.join(cwd, 'team.db');
    await cliOn(db, ['info'], { cwd });
    const run = (argv: string[], io: Partial<CliIO> = {}) => cli([...argv, '--db', db], { cwd, io });

    const added = await run(['users', 'add', 'ada', '--role', 'admin', '--password-stdin'], piped(`${PASSWORD}\n`));
    expect(added.stderr).toEqual([]);
    expect(added.out).toBe('Added ada, admin.');
    const prompts: string[] = [];
    const typed = await run(
      ['users', 'add', 'sam.lee', '--role', 'release-manager', '--display-name', 'Sam Lee'],
      terminal([PASSWORD, PASSWORD], prompts),
    );
    expect(typed.out).toBe('Added sam.lee (Sam Lee), release-manager.');
    expect(prompts).toEqual(['Password for sam.lee: ', 'The same password again: ']);

    const list = await run(['users', 'list']);
    expect(list.out).toMatch(/^NAME\s+DISPLAY NAME\s+ROLE\s+STATUS\s+ADDED\nada\s+admin\s+active/);
    const json = JSON.parse((await run(['users', 'list', '--json'])).out) as { name: string }[];
    expect(json.map((u) => u.name)).toEqual(['ada', 'sam.lee']);
    expect(JSON.stringify(json)).not.toMatch(/scrypt|password/i);

    expect((await run(['users', 'set-role', 'sam.lee', 'lead'])).out).toBe(
      'sam.lee is now lead; their sessions have ended.',
    );
    expect((await run(['users', 'disable', 'sam.lee'])).code).toBe(0);
    expect((await run(['users', 'enable', 'sam.lee'])).code).toBe(0);
    const reset = await run(['users', 'reset-password', 'sam.lee', '--password-stdin'], piped('a new passphrase ok'));
    expect(reset.out).toBe('Set a new password for sam.lee; their sessions have ended.');
  });

  it('never takes a password from an argument, refuses differing or bad ones, and says why', async () => {
    const cwd = tempDir();
    const db = path.join(cwd, 'team.db');
    await cliOn(db, ['info'], { cwd });
    const run = (argv: string[], io: Partial<CliIO> = {}) => cli([...argv, '--db', db], { cwd, io });
    const noStdin = await run(['users', 'add', 'ada', '--role', 'admin'], piped(''));
    expect(noStdin.code).toBe(2);
    expect(noStdin.stderr.join(' ')).toContain('never taken as an argument');
    const asArgument = await run(['users', 'add', 'ada', '--role', 'admin', '--password', PASSWORD]);
    expect(asArgument.code).toBe(2);
    const differ = await run(['users', 'add', 'ada', '--role', 'admin'], terminal([PASSWORD, `${PASSWORD}x`]));
    expect(differ.code).toBe(1);
    expect(differ.stderr.join(' ')).toContain('The two passwords differ');
    const short = await run(['users', 'add', 'ada', '--role', 'admin', '--password-stdin'], piped('short'));
    expect(short.code).toBe(1);
    expect(short.stderr.join(' ')).toContain('at least 12 characters');
    const role = await run(['users', 'add', 'ada', '--role', 'owner', '--password-stdin'], piped(PASSWORD));
    expect(role.code).toBe(2);
    expect(role.stderr.join(' ')).toContain('viewer, lead, release-manager, admin');
    expect((await run(['users', 'list'])).out).toContain('There are no users yet');
  });
});

/** Runs `serve` on `db` until `stop`: what it printed, its URL, and its run. */
async function serving(
  cwd: string,
  db: string,
): Promise<{ stdout: string[]; url: string; stop: () => void; running: Promise<{ code: number }> }> {
  let stop!: () => void;
  const untilStopped = new Promise<void>((r) => (stop = r));
  const stdout: string[] = [];
  const running = cli(['serve', '--db', db, '--listen', '127.0.0.1:0'], {
    cwd,
    io: { untilStopped, stdout: (t) => stdout.push(t), stderr: () => undefined },
  });
  const start = Date.now();
  while (!stdout.some((l) => l.startsWith('Listening: ')) && Date.now() - start < 5000)
    await new Promise((r) => setTimeout(r, 20));
  const url = stdout.find((l) => l.startsWith('Listening: '))!.slice('Listening: '.length);
  return { stdout, url, stop, running };
}

describe('serve', () => {
  it('reads HOST:PORT', () => {
    expect(parseListen('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListen('[::]:8443')).toEqual({ host: '::', port: 8443 });
    expect(() => parseListen('8080')).toThrow(/HOST:PORT/);
    expect(() => parseListen('host:99999')).toThrow(/HOST:PORT/);
  });

  it('refuses to start without an admin, naming the command that makes one', async () => {
    const cwd = tempDir();
    const db = path.join(cwd, 'team.db');
    await cliOn(db, ['info'], { cwd });
    const r = await cli(['serve', '--db', db, '--listen', '127.0.0.1:0'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr.join(' ')).toContain('create one: release-calendar users add NAME --role admin --password-stdin');
  });

  it('refuses plain HTTP on a network address, saying why, unless behind a proxy', async () => {
    const cwd = tempDir();
    const r = await cli(['serve', '--db', path.join(cwd, 'x.db'), '--listen', '0.0.0.0:8443'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr.join(' ')).toMatch(/cookie is Secure.*--tls-cert and --tls-key.*--behind-proxy/);
    const half = await cli(['serve', '--listen', '127.0.0.1:0', '--tls-cert', 'c.pem'], { cwd });
    expect(half.stderr.join(' ')).toContain('both --tls-cert and --tls-key');
  });

  it('serves until told to stop, printing the URL, then exits 0', async () => {
    const cwd = tempDir();
    const db = path.join(cwd, 'team.db');
    await cliOn(db, ['info'], { cwd });
    await cli(['users', 'add', 'ada', '--role', 'admin', '--password-stdin', '--db', db], { cwd, io: piped(PASSWORD) });
    const { stdout, url, stop, running } = await serving(cwd, db);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const port = Number(new URL(url).port);
    const health = await httpRequest(port, { path: '/healthz' });
    expect(health.status).toBe(200);
    stop();
    expect((await running).code).toBe(0);
    expect(stdout.some((l) => / GET \/healthz - 200 \d+ms$/.test(l))).toBe(true);
  });

  it('serves subscribable feeds: a viewer’s feed answers with validators, 304 when current, 404 once revoked', async () => {
    const cwd = tempDir();
    const db = path.join(cwd, 'team.db');
    await cliOn(db, ['init', '--demo'], { cwd });
    for (const [name, role] of [
      ['ada', 'admin'],
      ['vic', 'viewer'],
    ])
      await cli(['users', 'add', name!, '--role', role!, '--password-stdin', '--db', db], { cwd, io: piped(PASSWORD) });
    const { stdout, url, stop, running } = await serving(cwd, db);
    const port = Number(new URL(url).port);
    const host = { Host: `127.0.0.1:${port}` };
    const login = await httpRequest(port, {
      method: 'POST',
      path: '/auth/login',
      headers: { ...host, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'vic', password: PASSWORD }),
    });
    expect(login.status, login.body).toBe(200);
    const token = /^rc_session=([^;]+);/.exec(String(login.headers['set-cookie']?.[0]))![1]!;
    const { csrfToken } = (JSON.parse(login.body) as { result: { csrfToken: string } }).result;
    const api = (method: string, input: unknown) =>
      httpRequest(port, {
        method: 'POST',
        path: `/api/${method}`,
        headers: {
          ...host,
          'Content-Type': 'application/json',
          Cookie: `rc_session=${token}`,
          'X-CSRF-Token': csrfToken,
        },
        body: JSON.stringify(input),
      });
    const info = JSON.parse((await api('app.info', {})).body) as { result: { transport: string; actor: string } };
    expect(info.result).toMatchObject({ transport: 'team', actor: 'vic' });
    const created = JSON.parse((await api('feeds.create', { kind: 'calendar', label: 'On-call' })).body) as {
      ok: boolean;
      result: { feed: { id: number }; path: string };
    };
    expect(created.ok).toBe(true);
    const feed = await httpRequest(port, { path: created.result.path, headers: host });
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    expect(feed.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    const etag = String(feed.headers.etag);
    expect(
      (await httpRequest(port, { path: created.result.path, headers: { ...host, 'If-None-Match': etag } })).status,
    ).toBe(304);
    expect(JSON.parse((await api('feeds.revoke', { id: created.result.feed.id })).body)).toMatchObject({ ok: true });
    expect((await httpRequest(port, { path: created.result.path, headers: host })).status).toBe(404);
    stop();
    expect((await running).code).toBe(0);
    // The request log never shows a feed's secret.
    expect(stdout.some((l) => l.includes(created.result.path.split('/')[2]!))).toBe(false);
    expect(stdout.some((l) => / GET \/feeds\/…\/calendar\.ics - 404 \d+ms$/.test(l))).toBe(true);
  });
});
