import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/backend/db/connection';
import { addDays, startOfIsoWeek } from '../../shared/days';
import { type TrackingBackend, openTrackingBackend } from '../helpers/tracking';
import { useTempDirs } from '../helpers/temp-dir';

// The demo's history, read from the database's own rows with plain SQL: what a release-health view
// computes from (on-time waves, halts by severity and their time to fix, failed and rolled-back
// steps, skipped and cancelled trains) must be there, on any day the demo is loaded. The backend
// counts days in UTC here, so SQLite's date() of an instant is the day the app sees.

const tempDir = useTempDirs('rc-demo-history-');
const open: TrackingBackend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

/** The demo loaded with the clock at 09:00 UTC on `today`. */
async function demoOn(today: string): Promise<Db> {
  const b = openTrackingBackend(tempDir(), `${today}T09:00:00.000Z`);
  open.push(b);
  await b.call('fleet.loadDemo', {});
  return b.database.db;
}

const count = (db: Db, query: string, ...params: unknown[]) =>
  db
    .prepare(query)
    .pluck()
    .get(...params) as number;

/** Waves whose first step started on a day after (late) or before (early) the wave's planned day. */
function waveStarts(db: Db): { trainId: number; wave: number; day: string; started: string }[] {
  return db
    .prepare(
      `SELECT w.train_id AS trainId, w.wave, w.day, date(min(s.started_at)) AS started
       FROM rollout_waves w JOIN rollout_steps s ON s.train_id = w.train_id AND s.wave = w.wave
       WHERE s.started_at IS NOT NULL GROUP BY w.train_id, w.wave ORDER BY w.train_id, w.wave`,
    )
    .all() as { trainId: number; wave: number; day: string; started: string }[];
}

/** The facts the release-health figures count, over the trains that ended before `today`. */
function history(db: Db, today: string) {
  const trains = `SELECT id FROM trains WHERE end_day < '${today}'`;
  return {
    /** Trains whose every customer step (wave 1 on) is released or skipped. */
    finished: count(
      db,
      `SELECT count(*) FROM (${trains}) t WHERE EXISTS (SELECT 1 FROM rollout_steps s WHERE s.train_id = t.id AND s.wave > 0)
       AND NOT EXISTS (SELECT 1 FROM rollout_steps s WHERE s.train_id = t.id AND s.wave > 0 AND s.state NOT IN ('released', 'skipped'))`,
    ),
    halts: count(db, `SELECT count(*) FROM halts WHERE train_id IN (${trains})`),
    resumed: count(
      db,
      `SELECT count(*) FROM halts WHERE train_id IN (${trains}) AND resumed_at >= halted_at AND fix_version IS NOT NULL`,
    ),
    severities: (
      db
        .prepare(`SELECT DISTINCT severity FROM halts WHERE train_id IN (${trains}) ORDER BY 1`)
        .pluck()
        .all() as string[]
    ).join(' '),
    late: waveStarts(db).filter((w) => w.started > w.day).length,
    early: waveStarts(db).filter((w) => w.started < w.day).length,
    failed: count(db, `SELECT count(*) FROM rollout_steps WHERE state = 'failed' AND reason IS NOT NULL`),
    rolledBack: count(db, `SELECT count(*) FROM rollout_steps WHERE state = 'rolled_back' AND reason IS NOT NULL`),
    skipped: count(
      db,
      `SELECT count(*) FROM trains WHERE id IN (${trains}) AND state = 'skipped' AND state_reason <> ''`,
    ),
    cancelled: count(
      db,
      `SELECT count(*) FROM trains WHERE id IN (${trains}) AND state = 'cancelled' AND state_reason <> ''`,
    ),
  };
}

/**
 * What happened to each train that ended, newest first, and to those after it: its state, the
 * severity and wave of its halts, its failed and rolled-back steps, whether a wave started late or
 * early; with each step's instants and the halts' times to fix in hours relative to the train's start.
 */
function shape(db: Db, today: string): unknown[] {
  const rows = db
    .prepare('SELECT id, start_day AS start, end_day AS end, state FROM trains ORDER BY start_day DESC')
    .all() as { id: number; start: string; end: string; state: string }[];
  const starts = waveStarts(db);
  return rows.map((t) => ({
    ended: t.end < today,
    state: t.state,
    halts: db
      .prepare(
        `SELECT severity, halted_wave AS wave, round((julianday(resumed_at) - julianday(halted_at)) * 24) AS hours
         FROM halts WHERE train_id = ? ORDER BY id`,
      )
      .all(t.id),
    steps: db
      .prepare(
        `SELECT state, count(*) AS n FROM rollout_steps WHERE train_id = ? AND state <> 'pending' GROUP BY state ORDER BY state`,
      )
      .all(t.id),
    patches: count(db, `SELECT count(*) FROM patches WHERE train_id = ?`, t.id),
    late: starts.some((w) => w.trainId === t.id && w.started > w.day),
    early: starts.some((w) => w.trainId === t.id && w.started < w.day),
  }));
}

describe('the demo history', () => {
  it('holds what the release-health figures count: finished trains, halts of every severity, late waves, failures, skips', async () => {
    const today = '2027-03-03';
    const db = await demoOn(today);
    const h = history(db, today);
    expect(h.finished).toBeGreaterThanOrEqual(10);
    expect(h.halts).toBeGreaterThanOrEqual(4);
    expect(h.resumed).toBe(h.halts);
    expect(h.severities.split(' ').length).toBeGreaterThanOrEqual(3);
    expect(h.late).toBeGreaterThanOrEqual(1);
    expect(h.early).toBeGreaterThanOrEqual(1);
    expect(h.failed).toBeGreaterThanOrEqual(1);
    expect(h.rolledBack).toBeGreaterThanOrEqual(1);
    expect(h.skipped).toBeGreaterThanOrEqual(1);
    expect(h.cancelled).toBeGreaterThanOrEqual(1);

    // Times to fix from a few hours to about three days; each fix delivered by a patch that finished.
    const hours = db
      .prepare('SELECT (julianday(resumed_at) - julianday(halted_at)) * 24 FROM halts')
      .pluck()
      .all() as number[];
    expect(Math.min(...hours)).toBeLessThan(12);
    expect(Math.max(...hours)).toBeGreaterThan(48);
    expect(count(db, 'SELECT count(*) FROM patches')).toBe(h.halts);
    expect(count(db, "SELECT count(*) FROM patch_steps WHERE state <> 'released'")).toBe(0);
    // The regressions reached deployments, and each reached one is in that train's plan.
    expect(count(db, 'SELECT count(*) FROM halt_deployments')).toBeGreaterThan(h.halts);
    expect(
      count(
        db,
        `SELECT count(*) FROM halt_deployments hd JOIN halts h ON h.id = hd.halt_id
         WHERE NOT EXISTS (SELECT 1 FROM rollout_steps s WHERE s.train_id = h.train_id AND s.deployment_id = hd.deployment_id)`,
      ),
    ).toBe(0);
    // Nothing is recorded after now, and the internal bake varies from train to train.
    const now = '2027-03-03T09:00:00.000Z';
    for (const table of ['rollout_steps', 'patch_steps'])
      expect(
        count(
          db,
          `SELECT count(*) FROM ${table} WHERE max(coalesce(started_at, ''), coalesce(finished_at, ''), updated_at) > ?`,
          now,
        ),
        table,
      ).toBe(0);
    expect(count(db, 'SELECT count(*) FROM halts WHERE resumed_at > ?', now)).toBe(0);
    const bakes = db
      .prepare(
        `SELECT round((julianday((SELECT min(c.started_at) FROM rollout_steps c WHERE c.train_id = i.train_id AND c.wave > 0))
           - julianday(i.finished_at)) * 24) FROM rollout_steps i JOIN deployments d ON d.id = i.deployment_id
         WHERE d.internal = 1 AND i.state = 'released'
           AND NOT EXISTS (SELECT 1 FROM halts h WHERE h.train_id = i.train_id)
           AND EXISTS (SELECT 1 FROM rollout_steps c WHERE c.train_id = i.train_id AND c.wave > 0 AND c.started_at IS NOT NULL)`,
      )
      .pluck()
      .all() as number[];
    expect(Math.min(...bakes)).toBeGreaterThanOrEqual(24);
    expect(new Set(bakes).size).toBeGreaterThan(3);
  });

  it('has the same shape on two days, relative to each', async () => {
    // Two Mondays ten weeks apart whose histories reach no year-end freeze.
    const [a, b] = ['2027-08-02', '2027-10-11'];
    const first = shape(await demoOn(a), a);
    const second = shape(await demoOn(b), b);
    expect(first.length).toBeGreaterThan(20);
    expect(second).toEqual(first);
  });

  it('is the same database for the same today', async () => {
    const today = '2027-05-12';
    const dump = (db: Db) =>
      ['trains', 'rollout_waves', 'rollout_steps', 'train_gates', 'halts', 'halt_deployments', 'patch_steps'].map((t) =>
        db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all(),
      );
    expect(dump(await demoOn(today))).toEqual(dump(await demoOn(today)));
  });

  it.each(['2026-12-20', '2027-01-02', '2026-03-02', '2027-12-31'])(
    'loads around the year end and across a year boundary (%s) with its history whole',
    async (today) => {
      const db = await demoOn(today);
      const h = history(db, today);
      expect(h.finished).toBeGreaterThanOrEqual(10);
      expect([h.halts, h.resumed, h.severities]).toEqual([4, 4, 'critical high low medium']);
      expect([h.skipped, h.cancelled, h.failed, h.rolledBack]).toEqual([1, 1, 1, 1]);
      // The year-end freeze of this year (or the one in force), and trains from 31 weeks back to six months ahead.
      const year = Number(today.slice(0, 4)) - (today.slice(5) < '01-04' ? 1 : 0);
      expect(db.prepare('SELECT start_day FROM freezes WHERE end_day >= ?').pluck().all(today)).toEqual([
        `${year}-12-19`,
      ]);
      const [first, last] = db.prepare('SELECT min(start_day), max(start_day) FROM trains').raw().get() as string[];
      expect(first).toBe(addDays(startOfIsoWeek(today), -217));
      expect(last! > addDays(today, 168)).toBe(true);
    },
  );
});
