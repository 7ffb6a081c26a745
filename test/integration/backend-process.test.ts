import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BACKEND_DOWN_MESSAGE,
  BACKEND_STOPPED_MESSAGE,
  type BackendChild,
  type BackendProcess,
  type BackendProcessOptions,
  createBackendProcess,
} from '../../electron/backend/process/client';
import { DatabaseOpenError } from '../../electron/backend/db/open-error';
import { decodeFromBackend, decodeToBackend } from '../../electron/backend/process/protocol';
import type { ApiResponse } from '../../shared/errors';
import { damageMiddlePages } from '../helpers/damage';
import { useTempDirs } from '../helpers/temp-dir';
import { prepareWideWave } from '../helpers/wide-wave';

// The desktop app runs its backend in an Electron utilityProcess and relays calls to it.
// Here a Node child process stands in for it: the same serveBackend, the same message
// codec, Node's IPC instead of Electron's parentPort (test/helpers/backend-child.ts). What
// must hold: calls are answered as in-process; a backend killed in the middle of a write
// leaves the database whole and the write absent; the call in flight gets a clear error
// and is never re-sent (nothing applied twice); the process is restarted and the next
// call succeeds; calls made during the restart wait and are sent once.
//
// How this can fail: were the client to re-send in-flight calls after a restart, the
// killed batch would be applied after all (one audit event more than the test expects);
// were it not to restart, the next call would get BACKEND_DOWN_MESSAGE.

const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(ROOT, 'test', 'helpers', 'backend-child.ts');
const CUSTOMERS = 300;
const tempDir = useTempDirs('rc-backend-process-');
const children: ChildProcess[] = [];
const running: BackendProcess[] = [];

afterEach(async () => {
  for (const b of running.splice(0)) await b.stop();
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Forks the stand-in; `env` applies to the n-th spawn (0-based) as `envFor(n)` says. */
function nodeChildSpawner(envFor: (n: number) => Record<string, string | undefined> = () => ({})) {
  let n = 0;
  const spawned: ChildProcess[] = [];
  const spawn = (): BackendChild => {
    const child = fork(CHILD, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...envFor(n++) },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    children.push(child);
    spawned.push(child);
    return {
      post: (message) => child.send(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => child.kill('SIGKILL'),
    };
  };
  return { spawn, spawned };
}

function backendOn(
  dbPath: string,
  spawn: () => BackendChild,
  extra: Partial<BackendProcessOptions> = {},
): { backend: BackendProcess; logs: string[]; restarts: { inFlight: number; exitCode: number | null }[] } {
  const logs: string[] = [];
  const restarts: { inFlight: number; exitCode: number | null }[] = [];
  const backend = createBackendProcess({
    spawn,
    init: { dbPath, version: '0.0.0-test' },
    log: (m) => logs.push(m),
    onRestart: (info) => restarts.push(info),
    ...extra,
  });
  running.push(backend);
  return { backend, logs, restarts };
}

function ok<T>(r: ApiResponse<unknown>): T {
  if (!r.ok) throw new Error(`refused: ${r.error.message}`);
  return r.result as T;
}

/** What the file holds after a kill: integrity, the states of wave 1, and the step audit events. */
function inspect(file: string, trainId: number): { integrity: unknown; states: string[]; stepEvents: number } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      states: db
        .prepare('SELECT DISTINCT state FROM rollout_steps WHERE train_id = ? AND wave = 1 ORDER BY state')
        .pluck()
        .all(trainId) as string[],
      stepEvents: db.prepare("SELECT count(*) FROM audit_events WHERE action LIKE 'step.%'").pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

describe('the backend process', () => {
  it('opens the database and answers calls through the dispatcher, refusals included', async () => {
    const file = path.join(tempDir(), 'app.db');
    const { backend } = backendOn(file, nodeChildSpawner().spawn);
    const ready = await backend.start();
    expect(ready).toEqual({ databasePath: file, schemaVersion: expect.any(Number) });

    expect(ok<{ transport: string }>(await backend.dispatch('app.info', {})).transport).toBe('electron');
    ok(await backend.dispatch('fleet.loadDemo', {}));
    const list = ok<{ deployments: { key: string }[] }>(await backend.dispatch('deployments.list', {}));
    expect(list.deployments).toHaveLength(40);
    const bad = await backend.dispatch('deployments.get', { key: 'Not A Key' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await backend.dispatch('no.such.method', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    // Several calls at once come back to their own callers.
    const keys = list.deployments.slice(0, 3).map((d) => d.key);
    const answers = await Promise.all(keys.map((key) => backend.dispatch('deployments.get', { key })));
    expect(answers.map((a) => ok<{ key: string }>(a).key)).toEqual(keys);
  });

  it('answers whether a URL is a stored evidence link, for the main process only', async () => {
    const file = path.join(tempDir(), 'app.db');
    const { trainId } = await prepareWideWave(file, 3);
    const { backend } = backendOn(file, nodeChildSpawner().spawn);
    await backend.start();
    ok(await backend.dispatch('gates.set', { trainId, key: 'unit-tests', action: 'reset' }));
    ok(
      await backend.dispatch('gates.set', {
        trainId,
        key: 'unit-tests',
        action: 'pass',
        evidenceUrl: 'https://ci.example.com/runs/41',
      }),
    );
    expect(await backend.isEvidenceUrl('https://ci.example.com/runs/41')).toBe(true);
    expect(await backend.isEvidenceUrl('https://ci.example.com/runs/4')).toBe(false);
  });

  it('a backend killed in the middle of a write leaves the database whole, the call gets a clear error, the next succeeds', async () => {
    const { file, trainId } = await prepareWideWave(path.join(tempDir(), 'app.db'), CUSTOMERS);
    const before = inspect(file, trainId);
    expect(before).toEqual({ integrity: 'ok', states: ['pending'], stepEvents: 2 });
    // The first process dies at the 150th of 300 step rows; the one started after it does not.
    const { spawn, spawned } = nodeChildSpawner((n) => (n === 0 ? { DIE_AT_ROW: '150' } : {}));
    const { backend, restarts } = backendOn(file, spawn);
    await backend.start();

    const killed = await backend.dispatch('steps.transition', { trainId, wave: 1, action: 'start' });
    expect(killed).toEqual({ ok: false, error: { code: 'internal', message: BACKEND_STOPPED_MESSAGE } });
    expect(spawned[0]!.signalCode).toBe('SIGKILL');

    // The batch is absent: not half-written, and not re-sent to the new process.
    const next = await backend.dispatch('status.get', { trainId });
    expect(next.ok).toBe(true);
    expect(restarts).toEqual([{ inFlight: 1, exitCode: null }]);
    expect(spawned).toHaveLength(2);
    expect(inspect(file, trainId)).toEqual(before);

    // The same change, asked again by the person, is applied once.
    ok(await backend.dispatch('steps.transition', { trainId, wave: 1, action: 'start' }));
    expect(inspect(file, trainId)).toEqual({ integrity: 'ok', states: ['in_progress'], stepEvents: 3 });
  }, 60_000);

  it('calls made while it restarts wait for it and are sent once', async () => {
    const { file, trainId } = await prepareWideWave(path.join(tempDir(), 'app.db'), 5);
    const { spawn, spawned } = nodeChildSpawner();
    const { backend, restarts } = backendOn(file, spawn);
    await backend.start();
    spawned[0]!.kill('SIGKILL');
    await new Promise((resolve) => spawned[0]!.once('exit', resolve));
    // Sent while the new process is still opening the database.
    const [started, info] = await Promise.all([
      backend.dispatch('steps.transition', { trainId, wave: 1, action: 'start' }),
      backend.dispatch('app.info', {}),
    ]);
    expect(started.ok).toBe(true);
    expect(info.ok).toBe(true);
    expect(restarts).toEqual([{ inFlight: 0, exitCode: null }]);
    expect(inspect(file, trainId)).toMatchObject({ states: ['in_progress'], stepEvents: 3 });
  });

  it('stops restarting a backend that keeps dying, and says so to every caller', async () => {
    const file = path.join(tempDir(), 'app.db');
    // Every process after the first dies before it opens anything.
    const { spawn, spawned } = nodeChildSpawner((n) => (n === 0 ? {} : { DIE_AT_START: '1' }));
    const gaveUp: string[] = [];
    const { backend } = backendOn(file, spawn, { maxRestarts: 2, onGiveUp: (reason) => gaveUp.push(reason) });
    await backend.start();
    spawned[0]!.kill('SIGKILL');
    await new Promise((resolve) => spawned[0]!.once('exit', resolve));
    // Queued while the restarts fail, then answered once the client gives up.
    const answer = await backend.dispatch('app.info', {});
    expect(answer).toEqual({ ok: false, error: { code: 'internal', message: BACKEND_DOWN_MESSAGE } });
    expect(spawned).toHaveLength(3);
    expect(gaveUp).toEqual([expect.stringContaining('stopped 3 times')]);
    expect(await backend.dispatch('app.info', {})).toMatchObject({
      ok: false,
      error: { message: BACKEND_DOWN_MESSAGE },
    });
  });

  it('reports a database it cannot open as the startup dialog expects, with the reason', async () => {
    const dir = tempDir();
    const missing = path.join(dir, 'native', 'better_sqlite3.node');
    const { spawn, spawned } = nodeChildSpawner();
    const backend = createBackendProcess({
      spawn,
      init: { dbPath: path.join(dir, 'app.db'), nativeBinding: missing, version: '0.0.0-test' },
      log: () => {},
    });
    running.push(backend);
    const error = await backend.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect(error).toMatchObject({ kind: 'native_module', message: expect.stringContaining(missing) });
    await new Promise((resolve) => (spawned[0]!.exitCode !== null ? resolve(null) : spawned[0]!.once('exit', resolve)));
  });

  it('offers the newest backup of a damaged file, and restores it at start when asked', async () => {
    const file = path.join(tempDir(), 'app.db');
    const first = backendOn(file, nodeChildSpawner().spawn).backend;
    await first.start();
    ok(await first.dispatch('fleet.loadDemo', {}));
    const taken = ok<{ name: string }>(await first.dispatch('database.backup', {}));
    await first.stop();
    damageMiddlePages(file);

    const { backend, logs } = backendOn(file, nodeChildSpawner().spawn);
    const error = await backend.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect(error).toMatchObject({ kind: 'damaged', restorable: taken.name });

    await backend.start(taken.name);
    expect(logs).toContainEqual(expect.stringMatching(new RegExp(`^Restored ${taken.name} over ${file}`)));
    const list = ok<{ deployments: unknown[] }>(await backend.dispatch('deployments.list', {}));
    expect(list.deployments).toHaveLength(40);
    const backups = ok<{ backups: { reason: string }[] }>(await backend.dispatch('database.backups', {}));
    expect(backups.backups.map((b) => b.reason)).toContain('before-restore');
  });

  it('stops gracefully: the database is closed (its WAL checkpointed away) and the process exits', async () => {
    const file = path.join(tempDir(), 'app.db');
    const { spawn, spawned } = nodeChildSpawner();
    const { backend } = backendOn(file, spawn);
    await backend.start();
    ok(await backend.dispatch('fleet.loadDemo', {}));
    await backend.stop();
    expect(spawned[0]!.exitCode).toBe(0);
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(await backend.dispatch('app.info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('the message codec', () => {
  it('accepts the messages of the protocol and refuses anything else, saying what', () => {
    expect(decodeToBackend({ type: 'call', id: 1, method: 'app.info', input: {} }).ok).toBe(true);
    expect(decodeToBackend({ type: 'init', dbPath: '/x.db', version: '1' }).ok).toBe(true);
    expect(decodeToBackend({ type: 'call', id: 0, method: 'app.info' })).toMatchObject({ ok: false });
    expect(decodeToBackend({ type: 'eval', code: 'process.exit()' })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('(eval)'),
    });
    expect(decodeToBackend('call')).toMatchObject({ ok: false, problem: expect.stringContaining('(string)') });
    expect(decodeFromBackend({ type: 'result', id: 3, response: { ok: true, result: [1] } }).ok).toBe(true);
    expect(
      decodeFromBackend({ type: 'result', id: 3, response: { ok: false, error: { code: 'teapot', message: 'x' } } }).ok,
    ).toBe(false);
    expect(decodeFromBackend({ type: 'failed', kind: 'native_module', message: 'm' }).ok).toBe(true);
    expect(decodeFromBackend({ type: 'ready', databasePath: '/x.db' }).ok).toBe(false);
  });
});
