import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import type { Deployment, DeploymentDraft, DeploymentStatus } from '../../../shared/deployment';
import { blockedDatesByKey, listBlockedDates } from './blocked-dates';

interface DeploymentRow {
  key: string;
  name: string;
  region: string;
  time_zone: string;
  tier: Deployment['tier'];
  weight: number;
  pairing_group: string | null;
  pin_policy: Deployment['pinPolicy'];
  internal: 0 | 1;
  early_opt_out: 0 | 1;
  release_window_start: string | null;
  release_window_end: string | null;
  status: DeploymentStatus;
  created_at: string;
  updated_at: string;
  retired_at: string | null;
}

const COLUMNS =
  'key, name, region, time_zone, tier, weight, pairing_group, pin_policy, internal, early_opt_out, release_window_start, release_window_end, status, created_at, updated_at, retired_at';

function fromRow(r: DeploymentRow, blockedDates: Deployment['blockedDates']): Deployment {
  return {
    key: r.key,
    name: r.name,
    region: r.region,
    timeZone: r.time_zone,
    tier: r.tier,
    weight: r.weight,
    pairingGroup: r.pairing_group,
    pinPolicy: r.pin_policy,
    internal: r.internal === 1,
    earlyOptOut: r.early_opt_out === 1,
    releaseWindow:
      r.release_window_start !== null && r.release_window_end !== null
        ? { start: r.release_window_start, end: r.release_window_end }
        : null,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    retiredAt: r.retired_at,
    blockedDates,
  };
}

export function listDeployments(db: Db): Deployment[] {
  const blocked = blockedDatesByKey(db);
  return (sql(db, `SELECT ${COLUMNS} FROM deployments ORDER BY key`).all() as DeploymentRow[]).map((r) =>
    fromRow(r, blocked.get(r.key) ?? []),
  );
}

export function findDeployment(db: Db, key: string): Deployment | undefined {
  const row = sql(db, `SELECT ${COLUMNS} FROM deployments WHERE key = ?`).get(key) as DeploymentRow | undefined;
  return row && fromRow(row, listBlockedDates(db, row.key));
}

export function findActiveInternal(db: Db): Deployment | undefined {
  const row = sql(db, `SELECT ${COLUMNS} FROM deployments WHERE internal = 1 AND status = 'active'`).get() as
    DeploymentRow | undefined;
  return row && fromRow(row, listBlockedDates(db, row.key));
}

export function countDeployments(db: Db): number {
  return (sql(db, 'SELECT count(*) AS n FROM deployments').get() as { n: number }).n;
}

/** Inserts or replaces every field of one deployment, keyed by `key` (its blocked dates are kept: they have their own table). */
export function saveDeployment(
  db: Db,
  d: DeploymentDraft & Pick<Deployment, 'status' | 'createdAt' | 'updatedAt' | 'retiredAt'>,
): void {
  sql(
    db,
    `INSERT INTO deployments (${COLUMNS})
     VALUES (@key, @name, @region, @timeZone, @tier, @weight, @pairingGroup, @pinPolicy, @internal, @earlyOptOut, @windowStart, @windowEnd, @status, @createdAt, @updatedAt, @retiredAt)
     ON CONFLICT (key) DO UPDATE SET
       name = excluded.name, region = excluded.region, time_zone = excluded.time_zone, tier = excluded.tier,
       weight = excluded.weight, pairing_group = excluded.pairing_group, pin_policy = excluded.pin_policy,
       internal = excluded.internal, early_opt_out = excluded.early_opt_out,
       release_window_start = excluded.release_window_start, release_window_end = excluded.release_window_end,
       status = excluded.status, updated_at = excluded.updated_at, retired_at = excluded.retired_at`,
  ).run({
    ...d,
    internal: d.internal ? 1 : 0,
    earlyOptOut: d.earlyOptOut ? 1 : 0,
    // Absent in a deployment an audit event recorded before windows existed (undo restores those): none.
    windowStart: d.releaseWindow?.start ?? null,
    windowEnd: d.releaseWindow?.end ?? null,
  });
}

/** Deletes a deployment that nothing refers to any more (an undone creation): its blocked dates, then the row. */
export function deleteDeployment(db: Db, key: string): void {
  sql(db, 'DELETE FROM deployment_blocked_dates WHERE deployment_id = (SELECT id FROM deployments WHERE key = ?)').run(
    key,
  );
  sql(db, 'DELETE FROM deployments WHERE key = ?').run(key);
}
