import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { KpiReport, RangeKpis, TrainKpis } from '../../shared/kpis';
import { type CliRun, cli } from '../helpers/cli';
import { fixedClock } from '../helpers/clock';
import { useTempDirs } from '../helpers/temp-dir';

// `kpis --json` on the demo, against figures recomputed here from the database's own rows: plain
// SQL for the facts, and this file's own arithmetic (medians, percentiles, days) for the rest.

const tempDir = useTempDirs('rc-kpis-');
const NOW = '2026-12-06T12:00:00.000Z';
const TODAY = NOW.slice(0, 10);
const now = fixedClock(NOW);

/** The day an instant falls on where the backend is (the machine's zone), by Intl alone. */
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: zone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const dayOf = (instant: string): string => dayFormat.format(new Date(instant));
const dayNumber = (day: string): number =>
  Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / 86_400_000;
const hours = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 3_600_000;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

function p90(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least 90 % of the values at or below it.
  for (const v of s) if (s.filter((x) => x <= v).length >= 0.9 * s.length) return v;
  return null;
}

interface TrainRow {
  id: number;
  version: string;
  start_day: string;
  state: string;
}

/** The figures of the trains `ids`, from rows. */
function recount(db: Database.Database, trains: TrainRow[]) {
  const ids = JSON.stringify(trains.map((t) => t.id));
  const active = trains.filter((t) => t.state === 'active');
  const activeIds = JSON.stringify(active.map((t) => t.id));
  const waves = db
    .prepare(
      `SELECT w.train_id, w.wave, w.day, min(s.started_at) AS first, count(*) AS n,
         sum(s.state = 'skipped') AS skipped
       FROM rollout_waves w JOIN rollout_steps s ON s.train_id = w.train_id AND s.wave = w.wave
       WHERE w.wave >= 1 AND w.train_id IN (SELECT value FROM json_each(?)) GROUP BY w.train_id, w.wave`,
    )
    .all(activeIds) as {
    train_id: number;
    wave: number;
    day: string;
    first: string | null;
    n: number;
    skipped: number;
  }[];
  let releaseDays = 0;
  let onTime = 0;
  const slips: number[] = [];
  for (const w of waves) {
    if (w.first === null) {
      if (w.skipped < w.n && w.day < TODAY) releaseDays++;
      continue;
    }
    releaseDays++;
    const slip = dayNumber(dayOf(w.first)) - dayNumber(w.day);
    slips.push(slip);
    if (slip === 0) onTime++;
  }
  const halts = db
    .prepare(
      `SELECT train_id, severity, halted_at, resumed_at FROM halts WHERE train_id IN (SELECT value FROM json_each(?))`,
    )
    .all(ids) as { train_id: number; severity: string; halted_at: string; resumed_at: string | null }[];
  const rollouts = db
    .prepare(
      `SELECT t.id, t.start_day,
         (SELECT min(started_at) FROM rollout_steps WHERE train_id = t.id AND wave >= 1) AS first_start,
         (SELECT max(finished_at) FROM rollout_steps WHERE train_id = t.id AND wave >= 1 AND state = 'released') AS last_release,
         (SELECT count(*) FROM rollout_steps WHERE train_id = t.id AND wave >= 1 AND state IN ('pending', 'in_progress')) AS open,
         (SELECT max(finished_at) FROM rollout_steps WHERE train_id = t.id AND wave = 0 AND state = 'released') AS internal,
         (SELECT count(*) FROM rollout_steps WHERE train_id = t.id AND started_at IS NOT NULL) AS started
       FROM trains t WHERE t.id IN (SELECT value FROM json_each(?))`,
    )
    .all(activeIds) as {
    id: number;
    start_day: string;
    first_start: string | null;
    last_release: string | null;
    open: number;
    internal: string | null;
    started: number;
  }[];
  const complete = rollouts.filter((r) => r.last_release !== null && r.open === 0);
  const steps = db
    .prepare(
      `SELECT count(started_at) AS started, sum(state IN ('failed', 'rolled_back')) AS failed,
         sum(state IN ('released', 'rolled_back')) AS released
       FROM rollout_steps WHERE train_id IN (SELECT value FROM json_each(?))`,
    )
    .get(activeIds) as { started: number; failed: number | null; released: number | null };
  const reached = db
    .prepare(
      `SELECT count(*) FROM (SELECT DISTINCT h.train_id, hd.deployment_id FROM halts h
         JOIN halt_deployments hd ON hd.halt_id = h.id WHERE h.train_id IN (SELECT value FROM json_each(?)))`,
    )
    .pluck()
    .get(ids) as number;
  const fixes = halts.filter((h) => h.resumed_at !== null).map((h) => hours(h.halted_at, h.resumed_at!));
  const durations = complete.map((r) => hours(r.first_start!, r.last_release!));
  const bakes = rollouts
    .filter((r) => r.internal !== null && r.first_start !== null && r.internal <= r.first_start)
    .map((r) => hours(r.internal!, r.first_start!));
  const leads = complete.map((r) => dayNumber(dayOf(r.last_release!)) - dayNumber(r.start_day));
  const started = rollouts.filter((r) => r.started > 0).length;
  const severity = (s: string) => halts.filter((h) => h.severity === s).length;
  const exposure = db
    .prepare(
      `SELECT d.key, count(*) AS trains,
         sum(s.wave = (SELECT min(wave) FROM rollout_steps x WHERE x.train_id = s.train_id AND x.wave >= 1)) AS early,
         (SELECT count(*) FROM halts h JOIN halt_deployments hd ON hd.halt_id = h.id
           WHERE hd.deployment_id = d.id AND h.train_id IN (SELECT value FROM json_each(@ids))
             AND EXISTS (SELECT 1 FROM rollout_steps y WHERE y.train_id = h.train_id AND y.deployment_id = d.id AND y.wave >= 1)) AS regressions
       FROM rollout_steps s JOIN deployments d ON d.id = s.deployment_id
       WHERE s.wave >= 1 AND s.train_id IN (SELECT value FROM json_each(@ids)) GROUP BY d.id ORDER BY d.key`,
    )
    .all({ ids: activeIds }) as { key: string; trains: number; early: number; regressions: number }[];
  return {
    trains: trains.length,
    skipped: trains.filter((t) => t.state === 'skipped').length,
    cancelled: trains.filter((t) => t.state === 'cancelled').length,
    rolloutsStarted: started,
    releaseDays,
    onTime,
    onTimeRate: releaseDays ? onTime / releaseDays : null,
    medianSlipDays: median(slips),
    trainsHalted: new Set(halts.map((h) => h.train_id)).size,
    halts: halts.length,
    haltsPerTrain: started ? halts.length / started : null,
    openHalts: halts.filter((h) => h.resumed_at === null).length,
    bySeverity: {
      low: severity('low'),
      medium: severity('medium'),
      high: severity('high'),
      critical: severity('critical'),
    },
    timeToFixHours: { count: fixes.length, median: median(fixes), p90: p90(fixes) },
    rolloutHours: { count: durations.length, median: median(durations), p90: p90(durations) },
    bakeHours: { count: bakes.length, median: median(bakes), p90: p90(bakes) },
    stepsStarted: steps.started,
    stepsFailed: steps.failed ?? 0,
    changeFailureRate: steps.started ? (steps.failed ?? 0) / steps.started : null,
    deploymentsReleased: steps.released ?? 0,
    deploymentsReached: reached,
    regressionReachRate: steps.released ? reached / steps.released : null,
    leadTimeDays: { count: leads.length, median: median(leads), p90: p90(leads) },
    deployments: exposure.map((e) => ({
      key: e.key,
      trains: e.trains,
      earlySlots: e.early,
      regressions: e.regressions,
    })),
  } satisfies RangeKpis;
}

async function demo(): Promise<{ dir: string; db: string; run: (...argv: string[]) => Promise<CliRun> }> {
  const dir = tempDir();
  const db = path.join(dir, 'rc.db');
  const run = (...argv: string[]) => cli([...argv, '--db', db], { cwd: dir, now });
  expect((await run('init', '--demo')).code).toBe(0);
  return { dir, db, run };
}

async function report(run: (...argv: string[]) => Promise<CliRun>, ...flags: string[]): Promise<KpiReport> {
  const r = await run('kpis', ...flags, '--json');
  expect(r.stderr).toEqual([]);
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as KpiReport;
}

describe('kpis --json on the demo, recomputed from the rows', () => {
  it('the default range (the last 12 trains started) and a range of days give the figures the rows give', async () => {
    const { db: file, run } = await demo();
    const db = new Database(file, { readonly: true });
    try {
      const all = db.prepare('SELECT id, version, start_day, state FROM trains ORDER BY start_day').all() as TrainRow[];
      const started = all.filter((t) => t.start_day <= TODAY);

      const byDefault = await report(run);
      const last12 = started.slice(-12);
      expect(byDefault.range).toEqual({ from: null, to: null, last: 12 });
      expect(byDefault.trains.map((t) => t.version)).toEqual(last12.map((t) => t.version));
      expect(byDefault.summary).toEqual(recount(db, last12));
      // The demo's history has something to count.
      expect(byDefault.summary.releaseDays).toBeGreaterThan(0);
      expect(byDefault.summary.halts).toBeGreaterThan(0);

      const from = started[0]!.start_day;
      const to = started.at(-2)!.start_day;
      const ranged = await report(run, '--from', from, '--to', to);
      const inRange = all.filter((t) => t.start_day >= from && t.start_day <= to);
      expect(ranged.trains.map((t) => t.version)).toEqual(inRange.map((t) => t.version));
      expect(ranged.summary).toEqual(recount(db, inRange));

      // Each train's figures sum to the range's.
      const sum = (f: (t: TrainKpis) => number) => ranged.trains.reduce((n, t) => n + f(t), 0);
      expect(sum((t) => t.halts)).toBe(ranged.summary.halts);
      expect(sum((t) => t.releaseDays)).toBe(ranged.summary.releaseDays);
    } finally {
      db.close();
    }
  });

  it('one train at a time equals the range of that train alone', async () => {
    const { db: file, run } = await demo();
    const db = new Database(file, { readonly: true });
    try {
      const r = await report(run, '--last', '4');
      for (const t of r.trains) {
        const row = db.prepare('SELECT id, version, start_day, state FROM trains WHERE id = ?').get(t.id) as TrainRow;
        const alone = recount(db, [row]);
        expect({
          releaseDays: t.releaseDays,
          onTime: t.onTime,
          medianSlipDays: t.medianSlipDays,
          halts: t.halts,
          openHalts: t.openHalts,
          bySeverity: t.bySeverity,
          stepsStarted: t.stepsStarted,
          stepsFailed: t.stepsFailed,
          deploymentsReleased: t.deploymentsReleased,
          deploymentsReached: t.deploymentsReached,
          rolloutHours: t.rolloutHours,
          bakeHours: t.bakeHours,
          leadTimeDays: t.leadTimeDays,
        }).toEqual({
          releaseDays: alone.releaseDays,
          onTime: alone.onTime,
          medianSlipDays: alone.medianSlipDays,
          halts: alone.halts,
          openHalts: alone.openHalts,
          bySeverity: alone.bySeverity,
          stepsStarted: alone.stepsStarted,
          stepsFailed: alone.stepsFailed,
          deploymentsReleased: alone.deploymentsReleased,
          deploymentsReached: alone.deploymentsReached,
          rolloutHours: alone.rolloutHours.median,
          bakeHours: alone.bakeHours.median,
          leadTimeDays: alone.leadTimeDays.median,
        });
      }
    } finally {
      db.close();
    }
  });

  it('refuses a bad range with what to do, and the text names every figure', async () => {
    const { run } = await demo();
    const both = await run('kpis', '--last', '3', '--from', '2026-01-01');
    expect(both.code).not.toBe(0);
    expect(both.stderr.join('\n')).toMatch(/either --from\/--to or --last/);
    const backwards = await run('kpis', '--from', '2026-12-01', '--to', '2026-11-01');
    expect(backwards.code).not.toBe(0);
    expect(backwards.stderr.join('\n')).toMatch(/on or after its start/);
    const notANumber = await run('kpis', '--last', 'ten');
    expect(notANumber.stderr.join('\n')).toMatch(/--last must be a whole number/);
    const text = await run('kpis');
    expect(text.code).toBe(0);
    for (const label of ['On-time release days', 'Time to fix', 'Rollout duration', 'Change failure rate', 'Lead time'])
      expect(text.out).toContain(label);
  });
});
