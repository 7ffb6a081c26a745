import { type AuditEvent, type AuditRow, AUDIT_COLUMNS as COLUMNS, eventOf } from './audit';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';

// Reading the audit trail newest first, by train, by deployment or all. The log
// itself is append-only (triggers refuse UPDATE and DELETE): undo adds events.

export type AuditFilter = { trainId: number } | { key: string } | Record<string, never>;

/**
 * Newest first. A deployment's events are its own (edits, retire) and every
 * train event that names it: tracking events list their `deployments`, a manual
 * move its `key`.
 */
export function auditEvents(db: Db, filter: AuditFilter, limit: number): AuditEvent[] {
  if ('trainId' in filter) {
    return (
      sql(
        db,
        `SELECT ${COLUMNS} FROM audit_events e WHERE e.entity_type = 'train' AND e.entity_key = ? ORDER BY e.id DESC LIMIT ?`,
      ).all(String(filter.trainId), limit) as AuditRow[]
    ).map(eventOf);
  }
  if ('key' in filter) {
    return (
      sql(
        db,
        `SELECT ${COLUMNS} FROM audit_events e
         WHERE (e.entity_type = 'deployment' AND e.entity_key = @key)
            OR (e.entity_type = 'train' AND (
                 EXISTS (SELECT 1 FROM json_each(e.after_json, '$.deployments') WHERE value = @key)
              OR EXISTS (SELECT 1 FROM json_each(e.before_json, '$.deployments') WHERE value = @key)
              OR (e.action = 'rollout.move' AND json_extract(e.after_json, '$.key') = @key)))
         ORDER BY e.id DESC LIMIT @limit`,
      ).all({ key: filter.key, limit }) as AuditRow[]
    ).map(eventOf);
  }
  return (sql(db, `SELECT ${COLUMNS} FROM audit_events e ORDER BY e.id DESC LIMIT ?`).all(limit) as AuditRow[]).map(
    eventOf,
  );
}

/** The newest event whose action is one of `actions`, optionally of one train. */
export function latestEventOf(db: Db, actions: readonly string[], trainId?: number): AuditEvent | undefined {
  const r = sql(
    db,
    `SELECT ${COLUMNS} FROM audit_events e WHERE e.action IN (SELECT value FROM json_each(@actions))
       AND (@train IS NULL OR (e.entity_type = 'train' AND e.entity_key = @train))
     ORDER BY e.id DESC LIMIT 1`,
  ).get({ actions: JSON.stringify(actions), train: trainId === undefined ? null : String(trainId) }) as
    AuditRow | undefined;
  return r && eventOf(r);
}

export function findEvent(db: Db, id: number): AuditEvent | undefined {
  const r = sql(db, `SELECT ${COLUMNS} FROM audit_events e WHERE e.id = ?`).get(id) as AuditRow | undefined;
  return r && eventOf(r);
}

/** For the given events: the id of the `undo` event that undid each, if any. */
export function undoneBy(db: Db, ids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  if (ids.length === 0) return out;
  const rows = sql(
    db,
    `SELECT id, json_extract(after_json, '$.undoes') AS undoes FROM audit_events
     WHERE action = 'undo' AND json_extract(after_json, '$.undoes') IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids)) as { id: number; undoes: number }[];
  for (const r of rows) out.set(r.undoes, r.id);
  return out;
}
