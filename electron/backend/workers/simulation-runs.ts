import { DomainError } from '../../../shared/errors';
import type { SimulationProgress, SimulationResult } from '../../../shared/simulate';
import type { SimulationPool } from './simulate-pool';
import type { SimulationJob } from './simulate-protocol';

/**
 * The simulations in flight, by the id their caller gave them, so that a second call, over any
 * transport, can follow one's progress and cancel it: an IPC call cannot be aborted by its caller,
 * and a browser's fetch can only drop its own connection.
 */
export interface SimulationRuns {
  /** Runs `job` through the pool; with a `runId`, its progress and cancel are reachable by that id until it ends. */
  run: (job: SimulationJob, runId: string | undefined, signal: AbortSignal | undefined) => Promise<SimulationResult>;
  progress: (runId: string) => SimulationProgress;
  /** Cancels the run of that id; false when there is none (it has already ended, or never began). */
  cancel: (runId: string) => { cancelled: boolean };
}

interface Run {
  progress: SimulationProgress;
  controller: AbortController;
}

export function createSimulationRuns(pool: SimulationPool['run']): SimulationRuns {
  const runs = new Map<string, Run>();
  return {
    run: (job, runId, signal) => {
      if (runId === undefined) return pool(job, signal);
      if (runs.has(runId)) {
        return Promise.reject(
          new DomainError(
            'conflict',
            `A simulation with the id "${runId}" is already running; give each simulation its own id.`,
          ),
        );
      }
      const controller = new AbortController();
      const run: Run = { progress: { state: 'waiting', done: 0, total: job.request.trains }, controller };
      runs.set(runId, run);
      const signals = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
      const onProgress = (done: number): void => {
        run.progress = { state: 'running', done, total: job.request.trains };
      };
      return pool(job, signals, onProgress).finally(() => runs.delete(runId));
    },
    progress: (runId) => runs.get(runId)?.progress ?? { state: 'not-running', done: 0, total: 0 },
    cancel: (runId) => {
      const run = runs.get(runId);
      if (!run) return { cancelled: false };
      runs.delete(runId);
      run.controller.abort();
      return { cancelled: true };
    },
  };
}
