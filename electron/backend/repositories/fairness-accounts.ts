import type { AccountLedger, LedgerEntry, PastPlan } from '../../../shared/ordering';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { customerWaves } from './rollout-plans';
import { regressionsByTrain } from './tracking';

// The kept fairness accounts (migration 10): the ledger row, the trains it has read in order, and
// one account per deployment, keyed by id (a renamed deployment keeps its account).

export interface StoredLedgerHead {
  earlyWaves: number;
  regressionWeight: number;
  /** A plan or a regression of a train it has read changed since it was written. */
  stale: boolean;
  /** The trains it has read, oldest first. */
  trainIds: number[];
}

export function readLedgerHead(db: Db): StoredLedgerHead {
  const head = sql(db, 'SELECT early_waves, regression_weight, stale FROM fairness_ledger WHERE id = 1').get() as {
    early_waves: number;
    regression_weight: number;
    stale: 0 | 1;
  };
  const trainIds = sql(db, 'SELECT train_id FROM fairness_ledger_trains ORDER BY seq').pluck().all() as number[];
  return {
    earlyWaves: head.early_waves,
    regressionWeight: head.regression_weight,
    stale: head.stale === 1,
    trainIds,
  };
}

interface AccountRow {
  key: string;
  turns: number;
  last_early: number | null;
  first_seen: number | null;
  last_seen: number | null;
  trains: number;
  exposure: number;
  regressions: number;
}

/** The kept ledger as the engine reads it (the head's policy and train count, the accounts by key). */
export function readLedger(db: Db, head: StoredLedgerHead): AccountLedger {
  const rows = sql(
    db,
    `SELECT d.key AS key, a.turns, a.last_early, a.first_seen, a.last_seen, a.trains, a.exposure, a.regressions
     FROM fairness_accounts a JOIN deployments d ON d.id = a.deployment_id ORDER BY a.deployment_id`,
  ).all() as AccountRow[];
  const entries = new Map<string, LedgerEntry>();
  for (const r of rows)
    entries.set(r.key, {
      turns: r.turns,
      lastEarly: r.last_early,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      trains: r.trains,
      exposure: r.exposure,
      regressions: r.regressions,
    });
  return {
    earlyWaves: head.earlyWaves,
    regressionWeight: head.regressionWeight,
    trains: head.trainIds.length,
    entries,
  };
}

/** Replaces the kept ledger whole with `ledger`, which has read `trainIds` in that order; no longer stale. */
export function writeLedger(db: Db, ledger: AccountLedger, trainIds: readonly number[]): void {
  if (ledger.trains !== trainIds.length)
    throw new Error(`A ledger of ${ledger.trains} trains cannot be kept as having read ${trainIds.length}.`);
  const ids = new Map(
    (sql(db, 'SELECT key, id FROM deployments').all() as { key: string; id: number }[]).map((r) => [r.key, r.id]),
  );
  sql(db, 'DELETE FROM fairness_accounts').run();
  const insert = sql(
    db,
    `INSERT INTO fairness_accounts (deployment_id, turns, last_early, first_seen, last_seen, trains, exposure, regressions)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const [key, e] of ledger.entries) {
    const id = ids.get(key);
    if (id === undefined) throw new Error(`The fairness ledger names ${key}, which is no deployment.`);
    insert.run(id, e.turns, e.lastEarly, e.firstSeen, e.lastSeen, e.trains, e.exposure, e.regressions);
  }
  sql(db, 'DELETE FROM fairness_ledger_trains').run();
  const train = sql(db, 'INSERT INTO fairness_ledger_trains (train_id, seq) VALUES (?, ?)');
  trainIds.forEach((id, i) => train.run(id, i + 1));
  sql(db, 'UPDATE fairness_ledger SET early_waves = ?, regression_weight = ?, stale = 0 WHERE id = 1').run(
    ledger.earlyWaves,
    ledger.regressionWeight,
  );
}

/** A train of the history the accounts are read from. */
export interface HistoryTrain {
  id: number;
  start: string;
  /** A step of its rollout has left pending. */
  started: boolean;
}

/**
 * The trains the accounts are read from, oldest first: active trains with at least one customer
 * placement, by start day (then id), each with whether its rollout has started (a step left pending).
 */
export function historyTrains(db: Db): HistoryTrain[] {
  return (
    sql(
      db,
      `SELECT t.id AS id, t.start_day AS start,
         EXISTS (SELECT 1 FROM rollout_steps s WHERE s.train_id = t.id AND s.state <> 'pending') AS started
       FROM trains t
       WHERE t.state = 'active' AND EXISTS (SELECT 1 FROM rollout_placements p WHERE p.train_id = t.id AND p.wave > 0)
       ORDER BY t.start_day, t.id`,
    ).all() as { id: number; start: string; started: 0 | 1 }[]
  ).map((r) => ({ id: r.id, start: r.start, started: r.started === 1 }));
}

/** The stored plans of `trainIds` as the history the accounts read, in the order given. */
export function pastPlans(db: Db, trainIds: readonly number[]): PastPlan[] {
  const waves = customerWaves(db, trainIds);
  // Every halt of a train counts once against each deployment its regression reached.
  const regressions = regressionsByTrain(db, trainIds);
  return trainIds.flatMap((id) =>
    waves.has(id) ? [{ waves: waves.get(id)!, regressions: regressions.get(id)! }] : [],
  );
}
