import {
  type AccountLedger,
  DEFAULT_POLICY,
  type RolloutPolicy,
  advanceLedger,
  emptyLedger,
  ledgerPolicy,
  rolloutPolicySchema,
} from '../../../shared/ordering';
import type { Db } from '../db/connection';
import {
  type HistoryTrain,
  type StoredLedgerHead,
  historyTrains,
  pastPlans,
  readLedger,
  readLedgerHead,
  writeLedger,
} from '../repositories/fairness-accounts';
import { readSetting } from '../repositories/settings';

// The fairness accounts kept in the database (migration 10). They hold the trains whose rollout
// has started — committed plans, read oldest first — so a plan reads the kept accounts and only
// the trains after them, not every stored plan. The kept accounts follow the history:
// - a train whose rollout starts is read into them (`keepLedgerCurrent`, after every write);
// - a change to a plan or a regression of a train they have read marks them stale (triggers),
//   and so does another policy or another order of those trains (seen here): they are read
//   again from the stored plans, which is what `rebuildLedger` does on demand.
// Read again or advanced, they are the same numbers: the engine's ledger is a fold over the
// trains, and `advanceLedger` sums in an order of its own (see shared/ordering.ts).

export interface CommittedLedger {
  ledger: AccountLedger;
  /** The trains it has read, oldest first. */
  trainIds: number[];
  /** How it got there: as kept, advanced by the trains newly started, or read again whole. */
  how: 'kept' | 'advanced' | 'rebuilt';
}

/** The committed trains, oldest first: the history trains up to the first whose rollout has not started. */
function committedTrains(history: readonly HistoryTrain[]): number[] {
  let n = 0;
  while (n < history.length && history[n]!.started) n++;
  return history.slice(0, n).map((t) => t.id);
}

/**
 * The accounts of the committed trains (the longest run of history trains, oldest first, whose
 * rollout has started), brought up to date and kept (unless the connection is read-only).
 */
export function committedLedger(
  db: Db,
  policy: RolloutPolicy,
  history: readonly HistoryTrain[] = historyTrains(db),
  head: StoredLedgerHead = readLedgerHead(db),
): CommittedLedger {
  const trainIds = committedTrains(history);
  const current = isCurrent(head, trainIds, policy);
  if (current && head.trainIds.length === trainIds.length)
    return { ledger: readLedger(db, head), trainIds, how: 'kept' };
  const ledger = current ? readLedger(db, head) : emptyLedger(policy);
  for (const plan of pastPlans(db, trainIds.slice(ledger.trains))) advanceLedger(ledger, plan);
  if (!db.readonly) writeLedger(db, ledger, trainIds);
  return { ledger, trainIds, how: current ? 'advanced' : 'rebuilt' };
}

/**
 * Whether the kept accounts may be gone on from: read by this policy, not stale, and their trains
 * the first committed ones (a train after them may have started since).
 */
function isCurrent(head: StoredLedgerHead, trainIds: readonly number[], policy: RolloutPolicy): boolean {
  const wanted = ledgerPolicy(policy);
  return (
    !head.stale &&
    head.earlyWaves === wanted.earlyWaves &&
    head.regressionWeight === wanted.regressionWeight &&
    head.trainIds.length <= trainIds.length &&
    head.trainIds.every((id, i) => trainIds[i] === id)
  );
}

/**
 * After every change (in its transaction) and when the file is opened: reads a train whose rollout
 * has just started into the kept accounts, or reads them again when stale. Reads no account when
 * they are current.
 */
export function keepLedgerCurrent(db: Db): CommittedLedger['how'] {
  const policy = readSetting(db, 'rollout_policy', rolloutPolicySchema, DEFAULT_POLICY);
  const history = historyTrains(db);
  const head = readLedgerHead(db);
  const trainIds = committedTrains(history);
  if (isCurrent(head, trainIds, policy) && head.trainIds.length === trainIds.length) return 'kept';
  return committedLedger(db, policy, history, head).how;
}

/**
 * The accounts a plan of a train starting on `start` reads: the committed ones, advanced by the
 * stored plans of the trains after them that start before it (trains not started yet, usually
 * none or one). When the committed trains are not all before it (it starts among them), they are
 * read from its whole history instead.
 */
export function ledgerBefore(db: Db, policy: RolloutPolicy, start: string): AccountLedger {
  const history = historyTrains(db);
  const before = history.filter((t) => t.start < start).map((t) => t.id);
  const committed = committedLedger(db, policy, history);
  const prefix = committed.trainIds.every((id, i) => before[i] === id);
  const ledger = prefix ? committed.ledger : emptyLedger(policy);
  for (const plan of pastPlans(db, before.slice(ledger.trains))) advanceLedger(ledger, plan);
  return ledger;
}

export interface LedgerRebuild {
  /** Deployments with an account. */
  deployments: number;
  /** Committed trains read. */
  trains: number;
  /** Deployments whose kept account differed from the one read again (0 when they agreed). */
  differed: number;
  /** The kept accounts were stale (a committed train's plan or regression had changed). */
  wasStale: boolean;
}

/** Reads the committed trains' accounts again from their stored plans, compares them with the kept ones, and keeps the new. */
export function rebuildLedger(db: Db, policy: RolloutPolicy): LedgerRebuild {
  const head = readLedgerHead(db);
  const kept = readLedger(db, head);
  const trainIds = committedTrains(historyTrains(db));
  const ledger = emptyLedger(policy);
  for (const plan of pastPlans(db, trainIds)) advanceLedger(ledger, plan);
  const sameHead =
    head.trainIds.length === trainIds.length &&
    head.trainIds.every((id, i) => trainIds[i] === id) &&
    head.earlyWaves === ledger.earlyWaves &&
    head.regressionWeight === ledger.regressionWeight;
  let differed = 0;
  for (const key of new Set([...kept.entries.keys(), ...ledger.entries.keys()])) {
    const a = kept.entries.get(key);
    const b = ledger.entries.get(key);
    if (!sameHead || !a || !b || Object.keys(b).some((f) => a[f as keyof typeof a] !== b[f as keyof typeof b]))
      differed++;
  }
  writeLedger(db, ledger, trainIds);
  return { deployments: ledger.entries.size, trains: trainIds.length, differed, wasStale: head.stale };
}
