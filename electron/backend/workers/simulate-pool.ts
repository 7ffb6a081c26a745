import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../../../shared/errors';
import type { SimulationResult } from '../../../shared/simulate';
import { type SimulationJob, simulationProgressSchema, simulationReplySchema } from './simulate-protocol';

export interface SimulationPool {
  /**
   * Runs one simulation on the worker thread; calls wait their turn, one at a time. Aborting the
   * signal drops a waiting call, or ends the worker of the running one, and refuses the call.
   * `onProgress` hears 0 when the job's turn comes, then the trains simulated so far.
   */
  run: (job: SimulationJob, signal?: AbortSignal, onProgress?: (done: number) => void) => Promise<SimulationResult>;
  /** Ends the worker, if one is running. */
  close: () => Promise<void>;
}

/** How to start the worker thread: a built script, or a TypeScript source loaded through tsx. */
export interface WorkerSource {
  file: string;
  typescript: boolean;
}

/**
 * Built, this module sits in a chunk (out/main/chunks/) shared by the backend process, the CLI
 * and the browser-mode host, and the worker is built beside their entries as
 * out/main/simulate-worker.js; run from the sources (vitest, tsx scripts) there is no bundle, and
 * the worker is this folder's TypeScript file, which a plain worker thread loads through tsx.
 */
export function defaultWorkerSource(): WorkerSource {
  if (__filename.endsWith('.ts')) return { file: path.join(__dirname, 'simulate-worker.ts'), typescript: true };
  const bundleDir = path.basename(__dirname) === 'chunks' ? path.dirname(__dirname) : __dirname;
  return { file: path.join(bundleDir, 'simulate-worker.js'), typescript: false };
}

function startWorker(source: WorkerSource): Worker {
  if (!source.typescript) return new Worker(source.file);
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source.file)});`, { eval: true });
}

export function cancelled(): DomainError {
  return new DomainError('conflict', 'The simulation was cancelled before it finished; nothing was changed.');
}

/**
 * One worker thread per backend, started on first use and kept for the next simulation; while
 * idle it does not keep the process alive (a CLI run ends when its work does).
 */
export function createSimulationPool(source: WorkerSource = defaultWorkerSource()): SimulationPool {
  let worker: Worker | null = null;
  let turn: Promise<unknown> = Promise.resolve();

  function drop(w: Worker): void {
    if (worker === w) worker = null;
    void w.terminate();
  }

  function runNow(
    job: SimulationJob,
    signal: AbortSignal | undefined,
    onProgress: ((done: number) => void) | undefined,
  ): Promise<SimulationResult> {
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      const w = (worker ??= startWorker(source));
      w.ref();
      const settle = (): void => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
        if (worker === w) w.unref();
      };
      const onMessage = (message: unknown): void => {
        const progress = simulationProgressSchema.safeParse(message);
        if (progress.success) {
          onProgress?.(progress.data.done);
          return;
        }
        settle();
        const reply = simulationReplySchema.safeParse(message);
        if (!reply.success) {
          drop(w);
          reject(new Error('The simulation worker answered something that is not a simulation result.'));
        } else if (reply.data.kind === 'refused') {
          reject(new DomainError('rule_violation', `The simulation stopped: ${reply.data.message}`));
        } else {
          resolve(reply.data.result);
        }
      };
      const onError = (err: Error): void => {
        settle();
        drop(w);
        reject(new Error(`The simulation worker failed: ${err.message}`));
      };
      const onExit = (code: number): void => {
        settle();
        if (worker === w) worker = null;
        reject(new Error(`The simulation worker stopped (exit code ${code}) before it answered.`));
      };
      const onAbort = (): void => {
        settle();
        drop(w);
        reject(cancelled());
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      onProgress?.(0);
      w.postMessage(job);
    });
  }

  return {
    run: (job, signal, onProgress) => {
      const mine = turn.then(() => runNow(job, signal, onProgress));
      turn = mine.catch(() => undefined);
      if (!signal) return mine;
      // A caller that gives up while it waits its turn hears so at once, not when the turn comes.
      return new Promise<SimulationResult>((resolve, reject) => {
        const onAbort = (): void => reject(cancelled());
        signal.addEventListener('abort', onAbort, { once: true });
        void mine.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
    },
    close: async () => {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
