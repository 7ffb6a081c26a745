// The simulation worker: a thread that runs the pure `simulate` so that the backend's own thread
// keeps answering other calls meanwhile. One job per message, one answer per job.
import { parentPort } from 'node:worker_threads';
import { PlanRefused } from '../../../shared/ordering';
import { simulate } from '../../../shared/simulate';
import { type SimulationProgressMessage, type SimulationReply, simulationJobSchema } from './simulate-protocol';

const PROGRESS_EVERY_MS = 50;

const port = parentPort;
if (!port) throw new Error('The simulation worker runs only as a worker thread.');

port.on('message', (message: unknown) => {
  // A job the backend cannot have sent is a bug: throwing ends the worker, and the caller hears of it.
  const job = simulationJobSchema.parse(message);
  let reply: SimulationReply;
  let reported = 0;
  const onTrain = (done: number): void => {
    // A few reports a second are enough for a progress bar, and cost the simulation nothing.
    const now = Date.now();
    if (now - reported < PROGRESS_EVERY_MS) return;
    reported = now;
    port.postMessage({ kind: 'progress', done } satisfies SimulationProgressMessage);
  };
  try {
    reply = { kind: 'done', result: simulate(job.request, job.policy, job.fleet, onTrain) };
  } catch (err) {
    if (!(err instanceof PlanRefused)) throw err;
    reply = { kind: 'refused', message: err.message };
  }
  port.postMessage(reply);
});
