import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, openDatabase } from '../../electron/backend/db/connection';
import { MIGRATIONS } from '../../electron/backend/db/migrations';
import { pastPlans } from '../../electron/backend/repositories/fairness-accounts';
import { listDeployments } from '../../electron/backend/repositories/deployments';
import { internalDayOf, orderingFleet } from '../../electron/backend/services/rollout-planning';
import type { RolloutPlanView } from '../../shared/contract';
import { daysBetween } from '../../shared/days';
import { type RolloutPolicy, lateOnlyReason, ledgerOf, planRollout, turnsFloor } from '../../shared/ordering';
import type { TrainView } from '../../shared/train';
import { exposureOracle } from '../helpers/ordering-arbitraries';
import { type TrackingBackend, openTrackingBackend } from '../helpers/tracking';
import { useTempDirs } from '../helpers/temp-dir';
import { tableNames } from '../helpers/db';

// The kept fairness accounts (migration 10) against the stored plans they come from: advanced as
// each train's rollout starts, they equal the accounts read again from every committed plan, and
// an independent recount of those plans; a regression, a move or an undo on a committed train is
// seen; a plan made from them is the plan made from the whole history; and a file from before
// them (schema 9, plans stored) gets them when it is opened, and its rotation goes on.

const tempDir = useTempDirs('rc-fairness-accounts-');
const open: TrackingBackend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

/** One internal deployment and 23 customers, two of them paired, one government (never early). */
const FLEET_CSV = [
  'key,name,region,time_zone,tier,weight,pairing_group,pin_policy,internal',
  'corp,Corporate,us-east,America/New_York,standard,10,,none,true',
  ...Array.from(
    { length: 20 },
    (_, i) => `c-${String(i + 1).padStart(2, '0')},C ${i + 1},eu-west,Europe/Dublin,standard,100,,none,false`,
  ),
  'pair-a,Pair A,us-east,America/New_York,standard,100,pair,none,false',
  'pair-b,Pair B,us-east,America/New_York,standard,100,pair,none,false',
  'gov-1,Gov 1,us-east,America/New_York,government,100,,none,false',
].join('\n');

interface Workspace {
  b: TrackingBackend;
  trains: TrainView[];
}

/** Ten trains from Mon 4 Jan 2027, every one planned, the clock at the first train's start. */
async function workspace(): Promise<Workspace> {
  const b = openTrackingBackend(tempDir(), '2027-01-04T08:00:00.000Z');
  open.push(b);
  await b.call('deployments.importCsv', { csv: FLEET_CSV });
  const trains = await b.call('trains.plan', { from: '2027-01-04', count: 10 });
  for (const t of trains) await b.call('rollout.plan', { trainId: t.id });
  return { b, trains };
}

/** Starts the rollout of `train` (its internal deployment's step), on the day of its wave 0. */
async function startRollout(b: TrackingBackend, train: TrainView): Promise<void> {
  const plan = (await b.call('rollout.get', { trainId: train.id }))!;
  b.clock.set(`${plan.waves[0]!.date}T09:00:00.000Z`);
  await b.call('steps.transition', { trainId: train.id, wave: 0, action: 'start' });
}

/** The kept ledger as stored: its head, its trains in order, its accounts by deployment key. */
function kept(b: TrackingBackend) {
  const db = b.database.db;
  return {
    head: db.prepare('SELECT early_waves, regression_weight, stale FROM fairness_ledger').get(),
    trainIds: db.prepare('SELECT train_id FROM fairness_ledger_trains ORDER BY seq').pluck().all() as number[],
    accounts: db
      .prepare(
        `SELECT d.key, a.turns, a.last_early, a.first_seen, a.last_seen, a.trains, a.exposure, a.regressions
         FROM fairness_accounts a JOIN deployments d ON d.id = a.deployment_id ORDER BY d.key`,
      )
      .all() as { key: string; turns: number; exposure: number; regressions: number; trains: number }[],
  };
}

/** Recounted from the stored plans alone (`rollout.get`), independently of the engine's ledger. */
async function recount(b: TrackingBackend, trainIds: readonly number[]) {
  const history = [];
  for (const trainId of trainIds) {
    const plan = (await b.call('rollout.get', { trainId }))!;
    const waves = plan.waves.filter((w) => w.index > 0).map((w) => w.deployments.map((d) => d.key));
    const tracking = (await b.call('status.get', { trainId })).trains[0]!;
    history.push({ waves, regressions: tracking.halts.flatMap((h) => h.deployments) });
  }
  const exposure = exposureOracle(history, 3);
  const turns = new Map<string, number>();
  for (const p of history)
    if (p.waves.length > 1) for (const key of p.waves[0]!) turns.set(key, (turns.get(key) ?? 0) + 1);
  return { exposure, turns };
}

describe('the kept fairness accounts', () => {
  it('are advanced as each train’s rollout starts, and equal the accounts read again and a recount', async () => {
    const { b, trains } = await workspace();
    expect(kept(b).trainIds).toEqual([]);
    for (let i = 0; i < 6; i++) {
      // One joins after three trains: it enters the accounts at the mean exposure of the train
      // before (a sum that must not depend on the order the accounts are read in).
      if (i === 3)
        await b.call('deployments.create', { key: 'joiner', name: 'Joiner', region: 'us-east', timeZone: 'UTC' });
      await startRollout(b, trains[i]!);
      const k = kept(b);
      expect(k.head).toEqual({ early_waves: 1, regression_weight: 3, stale: 0 });
      expect(k.trainIds).toEqual(trains.slice(0, i + 1).map((t) => t.id));
    }
    const before = kept(b);
    expect(before.accounts.length).toBe(24); // the customers: the internal deployment has none
    const { exposure, turns } = await recount(b, before.trainIds);
    for (const a of before.accounts.filter((r) => r.key !== 'corp')) {
      expect(a.turns, a.key).toBe(turns.get(a.key) ?? 0);
      expect(a.exposure, a.key).toBeCloseTo(exposure.get(a.key)!, 9);
      expect(a.trains, a.key).toBe(a.key === 'joiner' ? 2 : 6); // train 4 had started by its dates when it joined
    }
    // Read again from the stored plans: the same numbers, to the last bit.
    expect(await b.call('fairness.rebuild', {})).toEqual({ deployments: 24, trains: 6, differed: 0, wasStale: false });
    expect(kept(b)).toEqual(before);
  });

  it('see a regression, a move and an undo on a committed train, and are read again when tampered with', async () => {
    const { b, trains } = await workspace();
    for (let i = 0; i < 4; i++) await startRollout(b, trains[i]!);
    // A rollout started, then undone: the train is no longer committed.
    await startRollout(b, trains[4]!);
    expect(kept(b).trainIds).toHaveLength(5);
    await b.call('audit.undo', {});
    expect(kept(b).trainIds).toEqual(trains.slice(0, 4).map((t) => t.id));
    const t4 = trains[3]!;
    // A regression reached the internal deployment of train 4 and a customer named with it.
    const customer = (await b.call('rollout.get', { trainId: t4.id }))!.waves[1]!.deployments[0]!.key;
    await b.call('trains.halt', {
      trainId: t4.id,
      reason: 'Checkout fails',
      reference: 'INC-1',
      deployments: ['corp', customer],
    });
    const afterHalt = kept(b);
    expect(afterHalt.head).toMatchObject({ stale: 0 });
    expect(afterHalt.accounts.find((a) => a.key === customer)!.regressions).toBe(1);
    expect((await b.call('fairness.rebuild', {})).differed).toBe(0);

    // Undone: the regression is gone from the accounts.
    await b.call('audit.undo', {});
    expect(kept(b).accounts.find((a) => a.key === customer)!.regressions).toBe(0);
    expect((await b.call('fairness.rebuild', {})).differed).toBe(0);

    // A manual move into a later wave of a committed train, on the day of its wave 0 (its
    // customer waves are still to come).
    const plan4 = (await b.call('rollout.get', { trainId: t4.id }))!;
    b.clock.set(`${plan4.waves[0]!.date}T10:00:00.000Z`);
    const mover = plan4.waves[1]!.deployments.find((d) => d.key !== customer)!.key;
    const beforeMove = kept(b).accounts.find((a) => a.key === mover)!;
    await b.call('rollout.move', { trainId: t4.id, key: mover, wave: 4, reason: 'Customer asked to wait' });
    const afterMove = kept(b).accounts.find((a) => a.key === mover)!;
    expect(afterMove.turns).toBe(beforeMove.turns - 1);
    expect(afterMove.exposure).toBeLessThan(beforeMove.exposure);
    expect((await b.call('fairness.rebuild', {})).differed).toBe(0);

    // Changed behind the app's back: the rebuild says so and puts them right.
    b.database.db.prepare('UPDATE fairness_accounts SET exposure = exposure + 1 WHERE deployment_id = 2').run();
    expect(await b.call('fairness.rebuild', {})).toEqual({ deployments: 23, trains: 4, differed: 1, wasStale: false });
    expect((await b.call('fairness.rebuild', {})).differed).toBe(0);
  });

  it('give the plan of a later train the one the whole history gives', async () => {
    const { b, trains } = await workspace();
    for (let i = 0; i < 5; i++) await startRollout(b, trains[i]!);
    const target = trains[7]!;
    const planned = await b.call('rollout.plan', { trainId: target.id });
    // From scratch: the engine over every stored plan of the trains before it.
    const db = b.database.db;
    const policy = (await b.call('policy.get', {})) as RolloutPolicy;
    const history = pastPlans(
      db,
      trains.slice(0, 7).map((t) => t.id),
    );
    const view = (await b.call('trains.get', { id: target.id })).train;
    const fromScratch = planRollout({
      fleet: orderingFleet(listDeployments(db), view.releaseDays),
      policy,
      internalDay: internalDayOf(view),
      releaseDays: view.releaseDays,
      ledger: ledgerOf(history, policy),
      daysBetween,
    });
    expect(planned.waves.map((w) => w.deployments.map((d) => d.key).sort())).toEqual(
      fromScratch.waves.map((w) => [...w.keys].sort()),
    );
  });
});

describe('a file from before the kept accounts (schema 9) with stored plans', () => {
  it('gets them from its stored plans when it is opened, and the next plan goes on with the rotation', async () => {
    const { b, trains } = await workspace();
    for (let i = 0; i < 5; i++) await startRollout(b, trains[i]!);
    // Trains 6 to 8 are planned, not started: the next plan reads the kept accounts and their plans.
    const next = trains[8]!;
    const planBefore = await b.call('rollout.plan', { trainId: next.id });
    const keptBefore = kept(b);
    const file = b.file;
    b.close();
    open.splice(open.indexOf(b), 1);

    // Back to schema 9: the tables, triggers and columns of migrations 10 to 13 dropped, the schema a version-9
    // file has (checked against one made by the first nine migrations).
    const v9 = new Database(file);
    for (const name of v9
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'fairness_%'")
      .pluck()
      .all() as string[])
      v9.exec(`DROP TRIGGER ${name}`);
    v9.exec('DROP TABLE fairness_accounts; DROP TABLE fairness_ledger_trains; DROP TABLE fairness_ledger;');
    // And those of migration 13 (revisions).
    for (const name of v9
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%_revision_%'")
      .pluck()
      .all() as string[])
      v9.exec(`DROP TRIGGER ${name}`);
    v9.exec('DROP TABLE revision_clock');
    for (const table of ['trains', 'rollout_plans', 'train_gates', 'settings'])
      v9.exec(`ALTER TABLE ${table} DROP COLUMN revision`);
    const schemaOf = (db: Database.Database) =>
      db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
    const fresh = path.join(tempDir(), 'v9.db');
    const reference = openDatabase(fresh, { migrations: MIGRATIONS.filter((m) => m.version <= 9) });
    // The tables of the migrations after 10 (accounts, feeds…) go too: they are new, and empty here.
    const known = new Set(tableNames(reference.db));
    for (const table of tableNames(v9)) if (!known.has(table)) v9.exec(`DROP TABLE ${table}`);
    v9.pragma('user_version = 9');
    expect(schemaOf(v9)).toEqual(schemaOf(reference.db));
    reference.db.close();
    v9.close();
    expect(fs.existsSync(file)).toBe(true);

    // Opened by today's backend: migration 10 (and those after it), then the accounts of the five committed trains.
    const again = openTrackingBackend(path.dirname(file), '2027-03-01T09:00:00.000Z');
    open.push(again);
    expect(again.database.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(kept(again)).toEqual(keptBefore);
    expect((await again.call('fairness.rebuild', {})).differed).toBe(0);

    // The next plan is the one made before, and gives the first wave to the fewest early turns.
    const planAfter = await again.call('rollout.plan', { trainId: next.id });
    const wavesOf = (p: RolloutPlanView) => p.waves.map((w) => w.deployments.map((d) => d.key));
    expect(wavesOf(planAfter)).toEqual(wavesOf(planBefore));
    const { turns } = await recount(
      again,
      trains.slice(0, 5).map((t) => t.id),
    );
    const policy = (await again.call('policy.get', {})) as RolloutPolicy;
    const mayGoEarly = planAfter.fleet.filter((d) => !d.internal && lateOnlyReason(d, policy) === null);
    const floor = turnsFloor(mayGoEarly.map((d) => turns.get(d.key) ?? 0));
    const counted = (key: string) => Math.max(turns.get(key) ?? 0, floor);
    const fewest = Math.min(...mayGoEarly.map((d) => counted(d.key)));
    const first = planAfter.waves.find((w) => w.index === 1)!.deployments.map((d) => d.key);
    expect(first.length).toBeGreaterThan(0);
    for (const key of first) expect(counted(key), key).toBe(fewest);
  });
});
