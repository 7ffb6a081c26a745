import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET } from '../../shared/demo-fleet';
import type { Deployment } from '../../shared/deployment';
import { ROOT, childEnv, runBuiltCli, useBuiltCli } from '../helpers/built-cli';
import { httpRequest } from '../helpers/http';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

describe('release-calendar as a real process', () => {
  useBuiltCli();

  it('init --demo, then deployments list --json prints the demo fleet', () => {
    const db = path.join(tempDir(), 'fleet.db');
    const init = runBuiltCli(['init', '--demo', '--db', db]);
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(init.stdout).toContain('Loaded the demo: 40 deployments and');
    const list = runBuiltCli(['deployments', 'list', '--json', '--db', db]);
    expect(list.status).toBe(0);
    const keys = (JSON.parse(list.stdout) as Deployment[]).map((d) => d.key).sort();
    expect(keys).toEqual(DEMO_FLEET.map((d) => d.key).sort());
  });

  it('exits 2 with a usage message on stderr for an unknown option', () => {
    const r = runBuiltCli(['deployments', 'list', '--colour', 'blue', '--db', path.join(tempDir(), 'fleet.db')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^release-calendar: .*--colour/);
  });
});

describe('browser-mode host as a real process', () => {
  let child: ChildProcess | undefined;
  let launch: { port: number; token: string };

  // One host for the file; the crash test runs last because it may kill it.
  beforeAll(async () => {
    launch = await startHostProcess(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rc-host-')), 'fleet.db'));
  }, 30_000);

  afterAll(() => {
    child?.kill();
    const db = child?.spawnargs[child.spawnargs.indexOf('--db') + 1];
    if (db) fs.rmSync(path.dirname(db), { recursive: true, force: true });
  });

  /** Starts the host from source on a free port and waits for the launch URL it prints. */
  function startHostProcess(db: string): Promise<{ port: number; token: string }> {
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'electron/host/main.ts'), '--db', db, '--port', '0'],
      { cwd: ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    return new Promise((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /Open: http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+)/.exec(out);
        if (m) resolve({ port: Number(m[1]), token: m[2]! });
      });
      proc.on('exit', (code) => reject(new Error(`host exited with ${code} before printing its URL: ${out}`)));
    });
  }

  function post(requestPath: string) {
    return httpRequest(launch.port, {
      method: 'POST',
      path: requestPath,
      headers: { Authorization: `Bearer ${launch.token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
  }

  it('prints a launch URL whose token opens the API', async () => {
    const answer = await post('/api/app.info');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, result: { transport: 'browser' } });
  });

  it(
    // Regression test for a bug found in review (electron/host/server.ts: a bad percent-encoding crashed the host).
    'survives an API path with a malformed percent-escape',
    async () => {
      await post('/api/%E0%A4%A').catch(() => undefined);
      const after = await post('/api/app.info');
      expect(after.status).toBe(200);
    },
  );
});
