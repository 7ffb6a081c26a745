import { request } from 'node:http';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startHost } from '../../electron/host/server';
import type { CallOptions } from '../../electron/backend/dispatcher';
import { createSimulationPool } from '../../electron/backend/workers/simulate-pool';
import type { SimulationJob } from '../../electron/backend/workers/simulate-protocol';
import type { ApiResponse } from '../../shared/errors';
import { DEFAULT_POLICY } from '../../shared/ordering';
import type { SimulationProgress, SimulationResult } from '../../shared/simulate';
import { useTestBackend } from '../helpers/db';
import { LARGEST_SIMULATION } from '../helpers/simulations';
import { httpRequest } from '../helpers/http';
import { useTempDirs } from '../helpers/temp-dir';

const SMALL_JOB: SimulationJob = {
  request: { deployments: 10, trains: 3, seed: 1, regressionRate: 0, constraints: false },
  policy: DEFAULT_POLICY,
};

const TOKEN = 'token-0123456789';

function post(port: number, method: string, input: unknown) {
  return httpRequest(port, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(input),
  });
}

const tempDir = useTempDirs();
const { backend } = useTestBackend(tempDir);

/** A promise with a flag saying whether it has settled yet. */
function watched<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let settled = false;
  const tracked = promise.finally(() => (settled = true));
  return { promise: tracked, settled: () => settled };
}

describe('simulate.run runs off the request thread', () => {
  it('answers a read through the same dispatcher while the largest valid simulation runs', async () => {
    const simulation = watched(backend().dispatch('simulate.run', LARGEST_SIMULATION));
    const info = await backend().dispatch('app.info', {});
    const fleet = await backend().dispatch('deployments.list', {});
    expect(info.ok && fleet.ok).toBe(true);
    expect(simulation.settled()).toBe(false);
    const answer = (await simulation.promise) as ApiResponse<SimulationResult>;
    expect(answer.ok && answer.result.trains.length).toBe(260);
  });

  it('answers a read over HTTP while the simulation sent before it runs', async () => {
    // The order in which the host's calls are answered (the client reads a large answer more slowly).
    const answered: string[] = [];
    let simulating = false;
    const dispatch = (method: unknown, input: unknown, call?: CallOptions) => {
      if (method === 'simulate.run') simulating = true;
      return backend()
        .dispatch(method, input, call)
        .finally(() => answered.push(String(method)));
    };
    const host = await startHost({ dispatch, staticDir: tempDir(), token: TOKEN });
    try {
      const simulation = post(host.port, 'simulate.run', LARGEST_SIMULATION);
      await expect.poll(() => simulating).toBe(true);
      const info = await post(host.port, 'app.info', {});
      expect(info.status).toBe(200);
      expect(answered).toEqual(['app.info']);
      expect((await simulation).status).toBe(200);
      expect(answered).toEqual(['app.info', 'simulate.run']);
    } finally {
      await host.close();
    }
  });

  it('gives up the simulation of an HTTP client that disconnects', async () => {
    const calls: { signal: AbortSignal | undefined; answer: Promise<ApiResponse<unknown>> }[] = [];
    const dispatch = (method: unknown, input: unknown, call?: CallOptions) => {
      const answer = backend().dispatch(method, input, call);
      calls.push({ signal: call?.signal, answer });
      return answer;
    };
    const host = await startHost({ dispatch, staticDir: tempDir(), token: TOKEN });
    try {
      const body = JSON.stringify(LARGEST_SIMULATION);
      const req = request({
        host: '127.0.0.1',
        port: host.port,
        method: 'POST',
        path: '/api/simulate.run',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
        agent: false,
      });
      req.on('error', () => undefined);
      req.end(body);
      await expect.poll(() => calls.length).toBe(1);
      const { signal, answer } = calls[0]!;
      expect(signal?.aborted).toBe(false);
      const aborted = new Promise((resolve) => signal!.addEventListener('abort', resolve, { once: true }));
      req.destroy();
      await aborted;
      const result = await answer;
      expect(result.ok ? 'a result' : result.error.code).toBe('conflict');
    } finally {
      await host.close();
    }
  });
});

describe('a simulation followed and cancelled by its id', () => {
  const progress = async (runId: string) => {
    const answer = (await backend().dispatch('simulate.progress', { runId })) as ApiResponse<SimulationProgress>;
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.result;
  };
  const cancel = async (runId: string) =>
    (await backend().dispatch('simulate.cancel', { runId })) as ApiResponse<{ cancelled: boolean }>;

  it('reports the trains done while it runs, and ends at the cancel with nothing kept', async () => {
    const simulation = watched(backend().dispatch('simulate.run', { ...LARGEST_SIMULATION, runId: 'big-1' }));
    await expect.poll(async () => (await progress('big-1')).done, { interval: 5 }).toBeGreaterThan(0);
    const running = await progress('big-1');
    expect(running).toMatchObject({ state: 'running', total: 260 });
    expect(running.done).toBeLessThan(260);
    expect(simulation.settled()).toBe(false);
    expect(await cancel('big-1')).toEqual({ ok: true, result: { cancelled: true } });
    const answer = await simulation.promise;
    expect(answer.ok ? 'a result' : answer.error).toEqual({
      code: 'conflict',
      message: 'The simulation was cancelled before it finished; nothing was changed.',
    });
    expect(await progress('big-1')).toEqual({ state: 'not-running', done: 0, total: 0 });
    expect(await cancel('big-1')).toEqual({ ok: true, result: { cancelled: false } });
    const next = (await backend().dispatch('simulate.run', {
      ...SMALL_JOB.request,
      runId: 'big-1',
    })) as ApiResponse<SimulationResult>;
    expect(next.ok && next.result.trains).toHaveLength(3);
  });

  it('says a run waits its turn, cancels it while it waits, and leaves the running one alone', async () => {
    const first = watched(backend().dispatch('simulate.run', { ...LARGEST_SIMULATION, runId: 'first' }));
    const second = backend().dispatch('simulate.run', { ...LARGEST_SIMULATION, runId: 'second' });
    expect(await progress('second')).toEqual({ state: 'waiting', done: 0, total: 260 });
    expect(await cancel('second')).toEqual({ ok: true, result: { cancelled: true } });
    const refused = await second;
    expect(refused.ok ? 'a result' : refused.error.code).toBe('conflict');
    expect(first.settled()).toBe(false);
    const answer = (await first.promise) as ApiResponse<SimulationResult>;
    expect(answer.ok && answer.result.trains.length).toBe(260);
  });

  it('refuses a second run under an id that is running, and an id that is not one', async () => {
    const first = backend().dispatch('simulate.run', { ...SMALL_JOB.request, trains: 200, runId: 'same' });
    const again = await backend().dispatch('simulate.run', { ...SMALL_JOB.request, runId: 'same' });
    expect(again.ok ? 'a result' : again.error).toEqual({
      code: 'conflict',
      message: 'A simulation with the id "same" is already running; give each simulation its own id.',
    });
    expect((await first).ok).toBe(true);
    const bad = await backend().dispatch('simulate.cancel', { runId: 'not an id!' });
    expect(bad.ok ? 'accepted' : bad.error.message).toMatch(/A simulation id is 1 to 64 letters/);
  });
});

/** A simulation pool closed when the test ends, however it ends. */
function poolForThisTest(...options: Parameters<typeof createSimulationPool>): ReturnType<typeof createSimulationPool> {
  const pool = createSimulationPool(...options);
  onTestFinished(() => pool.close());
  return pool;
}

describe('the simulation pool', () => {
  const failing = { file: path.join(__dirname, '../helpers/failing-simulate-worker.ts'), typescript: true };

  it('refuses a cancelled simulation at once and runs the next one', async () => {
    const pool = poolForThisTest();
    const controller = new AbortController();
    const running = pool.run({ ...SMALL_JOB, request: { ...SMALL_JOB.request, trains: 260 } }, controller.signal);
    const queued = new AbortController();
    const waiting = pool.run(SMALL_JOB, queued.signal);
    queued.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'conflict' });
    controller.abort();
    await expect(running).rejects.toMatchObject({
      code: 'conflict',
      message: 'The simulation was cancelled before it finished; nothing was changed.',
    });
    expect((await pool.run(SMALL_JOB)).trains).toHaveLength(3);
  });

  it('turns a worker that dies into an error, and starts a new worker for the next simulation', async () => {
    const pool = poolForThisTest(failing);
    await expect(pool.run({ ...SMALL_JOB, request: { ...SMALL_JOB.request, seed: 13 } })).rejects.toThrow(
      'The simulation worker stopped (exit code 3) before it answered.',
    );
    expect((await pool.run(SMALL_JOB)).trains).toHaveLength(3);
  });

  it('refuses an answer that is not a simulation result', async () => {
    const pool = poolForThisTest(failing);
    await expect(pool.run({ ...SMALL_JOB, request: { ...SMALL_JOB.request, seed: 14 } })).rejects.toThrow(
      'The simulation worker answered something that is not a simulation result.',
    );
    expect((await pool.run(SMALL_JOB)).trains).toHaveLength(3);
  });

  it('says when the engine refuses a simulation, in its words', async () => {
    const pool = poolForThisTest();
    const tooSmall = { ...SMALL_JOB.policy, waveSizes: { kind: 'fixed' as const, perWave: 1 } };
    await expect(pool.run({ ...SMALL_JOB, policy: tooSmall })).rejects.toMatchObject({
      code: 'rule_violation',
      message:
        'The simulation stopped: 9 customer deployments do not fit in 4 waves of at most 1, 1, 1, 1; raise the wave sizes or add release days.',
    });
  });
});
