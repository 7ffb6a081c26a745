// What it costs that stored plans follow the fleet (electron/backend/services/plan-refresh.ts):
// a deployment added re-plans every train that has not started (13 in the demo, on its clock),
// in the call's transaction; a change the engine does not read (a name) re-plans nothing.
// The demo fleet, grown by a CSV import to n deployments. Figures: docs/benchmarks.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBackend } from '../electron/backend/backend';
import { median } from './bench-stats';

const RUNS = 5;
const SIZES = [40, 1_000, 5_000];

async function main(): Promise<void> {
  console.log('Plans following the fleet (demo trains, 13 not started)\n');
  for (const n of SIZES) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-bench-refresh-'));
    const backend = startBackend({
      dbPath: path.join(dir, 'bench.db'),
      transport: 'cli',
      version: 'bench',
      actor: 'bench',
      now: () => new Date('2026-03-02T09:00:00.000Z'),
    });
    const must = async (method: string, input: unknown): Promise<void> => {
      const answer = await backend.dispatch(method, input);
      if (!answer.ok) throw new Error(`${method}: ${answer.error.message}`);
    };
    await must('fleet.loadDemo', {});
    if (n > 40) {
      const rows = Array.from({ length: n - 40 }, (_, i) => `x-${i},X ${i},eu-west,Europe/Paris,standard,${100 + i}`);
      await must('deployments.importCsv', { csv: ['key,name,region,time_zone,tier,weight', ...rows].join('\n') });
    }
    const timed = async (fn: (i: number) => Promise<void>): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await fn(i);
        out.push(performance.now() - t0);
      }
      return out;
    };
    const add = await timed((i) =>
      must('deployments.create', { key: `new-${i}`, name: 'New', region: 'eu-west', timeZone: 'Europe/Paris' }),
    );
    const rename = await timed((i) =>
      must('deployments.update', { key: `new-${i}`, changes: { name: `Renamed ${i}` } }),
    );
    console.log(
      `${n.toLocaleString('en-US').padStart(6)} deployments: add one (re-plans 13 trains) median ${median(add).toFixed(1)} ms, min ${Math.min(...add).toFixed(1)} ms; rename one median ${median(rename).toFixed(1)} ms`,
    );
    backend.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
