import type { Day } from '../../../shared/days';
import type { BlockedDateRange, BlockedDateRangeDraft } from '../../../shared/deployment';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';

interface BlockedRow {
  id: number;
  key: string;
  from_day: string;
  to_day: string;
  reason: string;
}

const fromRow = (r: BlockedRow): BlockedDateRange => ({ id: r.id, from: r.from_day, to: r.to_day, reason: r.reason });

const SELECT = `SELECT b.id AS id, d.key AS key, b.from_day AS from_day, b.to_day AS to_day, b.reason AS reason
  FROM deployment_blocked_dates b JOIN deployments d ON d.id = b.deployment_id`;

/** Every deployment's blocked ranges by key, oldest first: one query for the whole fleet. */
export function blockedDatesByKey(db: Db): Map<string, BlockedDateRange[]> {
  const byKey = new Map<string, BlockedDateRange[]>();
  for (const r of sql(db, `${SELECT} ORDER BY b.from_day, b.id`).all() as BlockedRow[]) {
    const list = byKey.get(r.key);
    if (list) list.push(fromRow(r));
    else byKey.set(r.key, [fromRow(r)]);
  }
  return byKey;
}

export function listBlockedDates(db: Db, key: string): BlockedDateRange[] {
  return (sql(db, `${SELECT} WHERE d.key = ? ORDER BY b.from_day, b.id`).all(key) as BlockedRow[]).map(fromRow);
}

/** The ranges of one deployment that share at least one day with [from, to]. */
export function overlappingBlockedDates(db: Db, key: string, from: Day, to: Day): BlockedDateRange[] {
  return (
    sql(db, `${SELECT} WHERE d.key = ? AND b.from_day <= ? AND b.to_day >= ? ORDER BY b.from_day, b.id`).all(
      key,
      to,
      from,
    ) as BlockedRow[]
  ).map(fromRow);
}

export function insertBlockedDates(db: Db, key: string, range: BlockedDateRangeDraft): number {
  return Number(
    sql(
      db,
      `INSERT INTO deployment_blocked_dates (deployment_id, from_day, to_day, reason)
       SELECT id, ?, ?, ? FROM deployments WHERE key = ?`,
    ).run(range.from, range.to, range.reason, key).lastInsertRowid,
  );
}

export function deleteBlockedDates(db: Db, id: number): void {
  sql(db, 'DELETE FROM deployment_blocked_dates WHERE id = ?').run(id);
}

/** Waves of stored plans that place this deployment on a day in [from, to], soonest first. */
export function plannedWavesOn(
  db: Db,
  key: string,
  from: Day,
  to: Day,
): { trainId: number; version: string; wave: number; date: Day }[] {
  return sql(
    db,
    `SELECT t.id AS trainId, t.version AS version, w.wave AS wave, w.day AS date
     FROM rollout_placements p
     JOIN deployments d ON d.id = p.deployment_id
     JOIN rollout_waves w ON w.train_id = p.train_id AND w.wave = p.wave
     JOIN trains t ON t.id = p.train_id
     WHERE d.key = ? AND w.day BETWEEN ? AND ? AND t.state = 'active'
     ORDER BY w.day, t.id`,
  ).all(key, from, to) as { trainId: number; version: string; wave: number; date: Day }[];
}
