// The simulation worker: a thread that runs the pure `simulate` so that the backend's own thread
// keeps answering other calls meanwhile. One job per message, one answer per job.
import { parentPort } from 'node:worker_threads';
import { PlanRefused } from '../../../shared/ordering';
import { simulate } from '../../../shared/simulate';
import { type SimulationReply, simulationJobSchema } from './simulate-protocol';

const port = parentPort;
if (!port) throw new Error('The simulation worker runs only as a worker thread.');

port.on('message', (message: unknown) => {
  // A job the backend cannot have sent is a bug: throwing ends the worker, and the caller hears of it.
  const job = simulationJobSchema.parse(message);
  let reply: SimulationReply;
  try {
    reply = { kind: 'done', result: simulate(job.request, job.policy, job.fleet) };
  } catch (err) {
    if (!(err instanceof PlanRefused)) throw err;
    reply = { kind: 'refused', message: err.message };
  }
  port.postMessage(reply);
});
