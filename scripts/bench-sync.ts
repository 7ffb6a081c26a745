// The cost of synchronous=FULL against NORMAL for the writes people make: one step transition
// (one deployment started, one transaction) and an import of 1,000 deployments. Run with
// `npx tsx scripts/bench-sync.ts`; the figures are in docs/benchmarks.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBackend, type Backend } from '../electron/backend/backend';
import { prepareWideWave } from '../test/helpers/wide-wave';
import { median } from './bench-stats';

const STEPS = 200;
const IMPORTS = 7;

async function must(b: Backend, method: string, input: unknown): Promise<void> {
  const r = await b.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
}

function open(file: string, mode: string): Backend {
  const b = startBackend({ dbPath: file, transport: 'cli', version: 'bench', actor: 'bench' });
  b.database.db.pragma(`synchronous = ${mode}`);
  return b;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-bench-sync-'));
  const csv = ['key,name,region,time_zone,internal', 'corp,Corporate,us-east,UTC,true'];
  for (let i = 1; i < 1000; i++) csv.push(`c-${i},Customer ${i},eu-west,UTC,false`);
  try {
    for (const mode of ['NORMAL', 'FULL']) {
      const { file, trainId } = await prepareWideWave(path.join(dir, `steps-${mode}.db`), STEPS);
      const b = open(file, mode);
      const step: number[] = [];
      for (let i = 1; i <= STEPS; i++) {
        const t = performance.now();
        await must(b, 'steps.transition', { trainId, keys: [`c-${i}`], action: 'start' });
        step.push(performance.now() - t);
      }
      b.close();
      const imports: number[] = [];
      for (let i = 0; i < IMPORTS; i++) {
        const fresh = open(path.join(dir, `import-${mode}-${i}.db`), mode);
        const t = performance.now();
        await must(fresh, 'deployments.importCsv', { csv: csv.join('\n') });
        imports.push(performance.now() - t);
        fresh.close();
      }
      console.log(
        `${mode}: step transition median ${median(step).toFixed(2)} ms (min ${Math.min(...step).toFixed(2)}), ` +
          `import 1,000 median ${median(imports).toFixed(1)} ms (min ${Math.min(...imports).toFixed(1)})`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
