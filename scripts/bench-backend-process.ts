// `npm run bench` (part): the cost and the point of running the backend in a process of its
// own, as the desktop app does (an Electron utilityProcess; here a Node child with the same
// serveBackend and message codec). Measured: the round trip of a small call, and how long
// the caller's event loop (the window's thread, in the app) is blocked while 10,000
// deployments are imported, in process and through the backend process.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBackend } from '../electron/backend/backend';
import { type BackendProcess, createBackendProcess } from '../electron/backend/process/client';
import { fleetToCsv } from '../electron/backend/services/fleet-csv';
import type { Dispatch } from '../electron/backend/dispatcher';
import { median } from './bench-stats';

const ROOT = path.resolve(__dirname, '..');
const CHILD = path.join(ROOT, 'test', 'helpers', 'backend-child.ts');
const ROWS = 10_000;
const RUNS = 5;
const CALLS = 500;

function csvOf(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => ({
    key: `cell-${String(i).padStart(5, '0')}`,
    name: `Cell ${i}`,
    region: ['us-east', 'eu-west', 'ap-south'][i % 3]!,
    timeZone: ['America/New_York', 'Europe/Dublin', 'Asia/Kolkata'][i % 3]!,
    tier: 'standard' as const,
    weight: i,
    pairingGroup: null,
    pinPolicy: 'none' as const,
    internal: i === 0,
    earlyOptOut: false,
    releaseWindow: null,
    status: 'active' as const,
    createdAt: '',
    updatedAt: '',
    retiredAt: null,
    blockedDates: [],
  }));
  return fleetToCsv(rows, false);
}

/** The longest gap between ticks of a 2 ms timer while `work` runs: how long the caller could not react. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 2);
  await work();
  clearInterval(timer);
  return Math.max(worst, performance.now() - last);
}

async function roundTrips(dispatch: Dispatch): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await dispatch('app.info', {});
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** The backend in a Node child, as the desktop app runs it in a utilityProcess. */
function backendProcess(dbPath: string): BackendProcess {
  return createBackendProcess({
    spawn: () => {
      const c = fork(CHILD, [], { cwd: ROOT, execArgv: ['--import', 'tsx'], serialization: 'advanced' });
      return {
        post: (m) => c.send(m),
        onMessage: (l) => c.on('message', l),
        onExit: (l) => c.on('exit', (code) => l(code)),
        kill: () => c.kill('SIGKILL'),
      };
    },
    init: { dbPath, version: 'bench' },
    log: () => {},
  });
}

function row(label: string, value: string): void {
  console.log(`${label.padEnd(72)} ${value}`);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-bench-process-'));
  const csv = csvOf(ROWS);
  console.log(`\nBackend process (the desktop app's utilityProcess, a Node child here), ${RUNS} runs each\n`);

  const inProcess = startBackend({ dbPath: path.join(dir, 'rt.db'), transport: 'cli', version: 'bench' });
  row(
    `round trip of app.info, in process (median of ${CALLS})`,
    `${(await roundTrips(inProcess.dispatch)).toFixed(3)} ms`,
  );
  inProcess.close();

  const child = backendProcess(path.join(dir, 'rt.db'));
  await child.start();
  row(
    `round trip of app.info, through the backend process (median of ${CALLS})`,
    `${(await roundTrips(child.dispatch)).toFixed(3)} ms`,
  );
  await child.stop();

  const stallsIn: number[] = [];
  const stallsOut: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const b = startBackend({ dbPath: path.join(dir, `in-${i}.db`), transport: 'cli', version: 'bench' });
    stallsIn.push(await longestStall(() => b.dispatch('deployments.importCsv', { csv })));
    b.close();
    const p = backendProcess(path.join(dir, `out-${i}.db`));
    await p.start();
    stallsOut.push(
      await longestStall(async () => {
        const r = await p.dispatch('deployments.importCsv', { csv });
        if (!r.ok) throw new Error(r.error.message);
      }),
    );
    await p.stop();
  }
  row(`caller blocked during an import of ${ROWS} rows, in process (median)`, `${median(stallsIn).toFixed(1)} ms`);
  row(`caller blocked during the same import through the backend process`, `${median(stallsOut).toFixed(1)} ms`);
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
