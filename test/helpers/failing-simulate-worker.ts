// A simulation worker that dies (exit code 3) on a job whose seed is 13, answers a message that is
// no simulation result when the seed is 14, and otherwise simulates: what a broken worker looks
// like to the pool, and whether the pool's next job still runs.
import { parentPort } from 'node:worker_threads';
import { simulate } from '../../shared/simulate';
import { simulationJobSchema } from '../../electron/backend/workers/simulate-protocol';

parentPort!.on('message', (message: unknown) => {
  const job = simulationJobSchema.parse(message);
  if (job.request.seed === 13) process.exit(3);
  if (job.request.seed === 14) parentPort!.postMessage({ kind: 'done', result: { trains: 'all of them' } });
  else parentPort!.postMessage({ kind: 'done', result: simulate(job.request, job.policy, job.fleet) });
});
