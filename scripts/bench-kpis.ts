// `npx tsx scripts/bench-kpis.ts`: release health (shared/kpis.ts) over three years of trains and 200
// deployments, every rollout tracked to its end: `kpis.report` in process over every train and over
// the last 12, and the CLI's `kpis --json` as a whole run (it needs `npx electron-vite build`).
// A benchmark, never a timed test. Figures: docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { startBackend } from '../electron/backend/backend';
import { addDays } from '../shared/days';
import type { KpiReport } from '../shared/kpis';
import { HALT_SEVERITIES } from '../shared/rollout-steps';
import { seedThreeYears } from './bench-dataset';
import { median } from './bench-stats';

const RUNS = 20;
const CLI_RUNS = 5;
const BIN = path.resolve(__dirname, '..', 'bin', 'release-calendar.js');

const at = (day: string, hour: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + hour * 3_600_000).toISOString();

/**
 * Every planned rollout tracked to its end, as a team would have: each wave started on its day (one
 * in nine a day late) at 09:00 and released at 11:00 UTC; every fourth train halted in wave 2 (the
 * severities in turn, fixed in 6 to 35 hours, reaching waves 0–2); every sixth with one step rolled
 * back. Written straight into the tables: the bench measures reading them.
 */
function track(file: string): { trains: number; steps: number; halts: number; lastDay: string } {
  const db = new Database(file);
  try {
    const waves = db.prepare('SELECT train_id, wave, day FROM rollout_waves ORDER BY train_id, wave').all() as {
      train_id: number;
      wave: number;
      day: string;
    }[];
    const release = db.prepare(
      `UPDATE rollout_steps SET state = 'released', started_at = ?, finished_at = ?, updated_by = 'bench', updated_at = ?
       WHERE train_id = ? AND wave = ?`,
    );
    const rollBack = db.prepare(
      `UPDATE rollout_steps SET state = 'rolled_back', reason = 'Error rate above the threshold', finished_at = ?
       WHERE train_id = ? AND wave = 2 AND deployment_id = (SELECT min(deployment_id) FROM rollout_steps WHERE train_id = ? AND wave = 2)`,
    );
    const halt = db.prepare(
      `INSERT INTO halts (train_id, reason, reference, severity, halted_at, halted_by, halted_wave, resumed_at, resumed_by, fix_version)
       VALUES (?, 'Regression found in wave 2', ?, ?, ?, 'bench', 2, ?, 'bench', ?)`,
    );
    const reached = db.prepare(
      'INSERT INTO halt_deployments (halt_id, deployment_id) SELECT ?, deployment_id FROM rollout_steps WHERE train_id = ? AND wave <= 2',
    );
    let steps = 0;
    let halts = 0;
    let lastDay = '';
    const trains = new Set<number>();
    db.transaction(() => {
      for (const w of waves) {
        const day = addDays(w.day, (w.train_id * 7 + w.wave) % 9 === 0 ? 1 : 0);
        steps += release.run(at(day, 9), at(day, 11), at(day, 11), w.train_id, w.wave).changes;
        if (day > lastDay) lastDay = day;
        trains.add(w.train_id);
        if (w.wave !== 2) continue;
        if (w.train_id % 6 === 0) rollBack.run(at(day, 12), w.train_id, w.train_id);
        if (w.train_id % 4 === 0) {
          const hours = 6 + (w.train_id % 30);
          const id = halt.run(
            w.train_id,
            `INC-${w.train_id}`,
            HALT_SEVERITIES[halts % HALT_SEVERITIES.length],
            at(day, 13),
            at(day, 13 + hours),
            `fix-${w.train_id}`,
          ).lastInsertRowid;
          reached.run(id, w.train_id);
          halts++;
        }
      }
    })();
    return { trains: trains.size, steps, halts, lastDay };
  } finally {
    db.close();
  }
}

function timeCli(args: string[], env: NodeJS.ProcessEnv): number[] {
  const run = (): number => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
    if (r.status !== 0) throw new Error(`kpis exited ${r.status}: ${String(r.stderr)}`);
    return performance.now() - t0;
  };
  run();
  return Array.from({ length: CLI_RUNS }, run);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-bench-kpis-'));
  try {
    const file = path.join(dir, 'kpis.db');
    const today = new Date().toISOString().slice(0, 10);
    const seeded = await seedThreeYears(file, today);
    const tracked = track(file);
    // BENCH_KPIS_KEEP=FILE keeps a copy of the database, to profile against.
    if (process.env.BENCH_KPIS_KEEP) fs.copyFileSync(file, process.env.BENCH_KPIS_KEEP);
    const now = `${addDays(tracked.lastDay, 1)}T12:00:00Z`;
    const backend = startBackend({ dbPath: file, transport: 'cli', version: 'bench', now: () => new Date(now) });
    const measure = async (input: object): Promise<{ times: number[]; report: KpiReport }> => {
      const call = async () => {
        const r = await backend.dispatch('kpis.report', input);
        if (!r.ok) throw new Error(r.error.message);
        return r.result as KpiReport;
      };
      const report = await call();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await call();
        times.push(performance.now() - t0);
      }
      return { times, report };
    };
    const all = await measure({ last: 520 });
    const recent = await measure({});
    backend.close();
    const cli = timeCli(['--db', file, 'kpis', '--last', '520', '--json'], {
      ...process.env,
      RELEASE_CALENDAR_NOW: now,
    });
    const s = all.report.summary;
    console.log(
      `Release health over ${seeded.deployments} deployments and ${tracked.trains} tracked trains (${tracked.steps.toLocaleString('en-US')} steps released or rolled back, ${tracked.halts} halts):`,
    );
    console.log(
      `  every train: ${all.report.trains.length} trains, on time ${((s.onTimeRate ?? 0) * 100).toFixed(1)} %, time to fix median ${s.timeToFixHours.median} h; last 12: ${recent.report.trains.length} trains`,
    );
    const row = (what: string, times: number[]) =>
      console.log(
        `  ${what.padEnd(44)} median ${median(times).toFixed(1)} ms (${Math.min(...times).toFixed(1)} – ${Math.max(...times).toFixed(1)})`,
      );
    row(`kpis.report in process, every train (${all.report.trains.length})`, all.times);
    row('kpis.report in process, the last 12 trains', recent.times);
    row('CLI kpis --last 520 --json (whole run)', cli);
    console.log(`Medians of ${RUNS} calls (in process) and ${CLI_RUNS} runs (CLI), each after one unmeasured.`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
