// What keeping the fairness accounts in the database buys (migration 10,
// electron/backend/services/fairness-ledger.ts): a plan reads the kept accounts of the trains whose
// rollout has started, instead of every stored plan. The demo fleet grown by a CSV import to n
// deployments, 30 trains planned, the first 26 started; then the last train planned again with the
// accounts kept, and with them marked stale (read again from the 26 stored plans). Also the cost a
// rollout's start adds: reading its plan into the kept accounts. Figures: docs/benchmarks.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBackend } from '../electron/backend/backend';
import { median } from './bench-stats';

const RUNS = 5;
const SIZES = [1_000, 5_000];
const TRAINS = 30;
const STARTED = 26;

async function main(): Promise<void> {
  console.log(`Kept fairness accounts (${TRAINS} trains planned, ${STARTED} started)\n`);
  for (const n of SIZES) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-bench-accounts-'));
    let clock = Date.parse('2026-12-01T09:00:00.000Z');
    const backend = startBackend({
      dbPath: path.join(dir, 'bench.db'),
      transport: 'cli',
      version: 'bench',
      actor: 'bench',
      now: () => new Date(clock),
      timeZone: 'UTC',
    });
    const call = async <T>(method: string, input: unknown): Promise<T> => {
      const answer = await backend.dispatch(method, input);
      if (!answer.ok) throw new Error(`${method}: ${answer.error.message}`);
      return answer.result as T;
    };
    const rows = Array.from(
      { length: n - 1 },
      (_, i) => `x-${i},X ${i},eu-west,Europe/Paris,standard,${100 + i},false`,
    );
    await call('deployments.importCsv', {
      csv: [
        'key,name,region,time_zone,tier,weight,internal',
        'corp,Corporate,us-east,America/New_York,standard,10,true',
        ...rows,
      ].join('\n'),
    });
    const trains = await call<{ id: number }[]>('trains.plan', { from: '2027-01-04', count: TRAINS });
    for (const t of trains) await call('rollout.plan', { trainId: t.id });
    const starts: number[] = [];
    for (const t of trains.slice(0, STARTED)) {
      const plan = await call<{ waves: { date: string }[] }>('rollout.get', { trainId: t.id });
      clock = Date.parse(`${plan.waves[0]!.date}T09:00:00.000Z`);
      const t0 = performance.now();
      await call('steps.transition', { trainId: t.id, wave: 0, action: 'start' });
      starts.push(performance.now() - t0);
    }
    const last = trains.at(-1)!.id;
    const kept: number[] = [];
    const stale: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t0 = performance.now();
      await call('rollout.plan', { trainId: last });
      kept.push(performance.now() - t0);
      backend.database.db.prepare('UPDATE fairness_ledger SET stale = 1').run();
      t0 = performance.now();
      await call('rollout.plan', { trainId: last });
      stale.push(performance.now() - t0);
    }
    const f = (xs: number[]) => `median ${median(xs).toFixed(1)} ms, min ${Math.min(...xs).toFixed(1)} ms`;
    console.log(`${n.toLocaleString('en-US').padStart(6)} deployments:`);
    console.log(`  plan the last train, accounts kept:                    ${f(kept)}`);
    console.log(`  the same, accounts read again from ${STARTED} stored plans:   ${f(stale)}`);
    console.log(`  start a rollout (its plan read into the kept accounts): ${f(starts)}`);
    backend.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
