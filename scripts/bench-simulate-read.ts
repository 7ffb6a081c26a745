// The latency of a read (app.info) due while the largest valid simulation runs: 5 runs, each read
// due 10 ms after its simulation began. Usage: tsx scripts/bench-simulate-read.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBackend } from '../electron/backend/backend';
import { LARGEST_SIMULATION } from '../test/helpers/simulations';

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-bench-sim-'));
  const b = startBackend({ dbPath: path.join(dir, 'sim.db'), transport: 'cli', version: 'bench', actor: 'bench' });
  await b.dispatch('simulate.run', { deployments: 10, trains: 2, seed: 1 }); // starts the worker
  const reads: number[] = [];
  const sims: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const simulation = b.dispatch('simulate.run', LARGEST_SIMULATION).then(() => sims.push(performance.now() - t0));
    // A second client's read, due 10 ms after the simulation began; timed from when it was due.
    const read = new Promise<void>((done) =>
      setTimeout(() => {
        void b.dispatch('app.info', {}).then(() => {
          reads.push(performance.now() - t0 - 10);
          done();
        });
      }, 10),
    );
    await Promise.all([simulation, read]);
  }
  b.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const fmt = (xs: number[]) =>
    `median ${[...xs].sort((a, b) => a - b)[2]!.toFixed(2)} ms, max ${Math.max(...xs).toFixed(2)} ms`;
  console.log(`app.info during the simulation: ${fmt(reads)}`);
  console.log(`the simulation, end to end:     ${fmt(sims)}`);
}

void main();
