import type { AuditEntry } from '../../../shared/contract';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';

/** A stored event: the contract's audit entry without the undo links, which are read from other events. */
export type AuditEvent = Omit<AuditEntry, 'undoes' | 'undoneBy'>;
export type AuditEventInput = Omit<AuditEvent, 'id'>;

/** Appends one event; call it inside the transaction of the change it records. */
export function appendAudit(db: Db, e: AuditEventInput): void {
  sql(
    db,
    `INSERT INTO audit_events (at, actor, action, entity_type, entity_key, summary, before_json, after_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.at,
    e.actor,
    e.action,
    e.entityType,
    e.entityKey,
    e.summary,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after),
  );
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_key: string;
  summary: string;
  before_json: string | null;
  after_json: string | null;
}

export const AUDIT_COLUMNS =
  'e.id, e.at, e.actor, e.action, e.entity_type, e.entity_key, e.summary, e.before_json, e.after_json';

export function eventOf(r: AuditRow): AuditEvent {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityKey: r.entity_key,
    summary: r.summary,
    before: r.before_json === null ? undefined : (JSON.parse(r.before_json) as unknown),
    after: r.after_json === null ? undefined : (JSON.parse(r.after_json) as unknown),
  };
}

export function listAudit(db: Db, entityType?: string, entityKey?: string): AuditEvent[] {
  return (
    sql(
      db,
      `SELECT ${AUDIT_COLUMNS} FROM audit_events e
       WHERE (@type IS NULL OR e.entity_type = @type) AND (@key IS NULL OR e.entity_key = @key) ORDER BY e.id`,
    ).all({ type: entityType ?? null, key: entityKey ?? null }) as AuditRow[]
  ).map(eventOf);
}

/** The id of the newest audit event (0 when none): it moves when, and only when, the plan changed. */
export function lastAuditId(db: Db): number {
  return sql(db, 'SELECT coalesce(max(id), 0) FROM audit_events').pluck().get() as number;
}

/**
 * When each of `trainIds` last had its release notes changed: the instant of its newest
 * `train.notes` event, or of the newest undo of one, whichever came last. A train whose notes
 * never changed is left out.
 */
export function lastNotesChanges(db: Db, trainIds: readonly number[]): Map<number, string> {
  const rows = sql(
    db,
    `SELECT e.entity_key, e.at FROM audit_events e WHERE e.id IN (
       SELECT max(n.id) FROM audit_events n
       WHERE n.entity_type = 'train' AND n.entity_key IN (SELECT value FROM json_each(?))
         AND (n.action = 'train.notes'
              OR (n.action = 'undo' AND json_extract(n.after_json, '$.undoneAction') = 'train.notes'))
       GROUP BY n.entity_key)`,
  ).all(JSON.stringify(trainIds.map(String))) as { entity_key: string; at: string }[];
  return new Map(rows.map((r) => [Number(r.entity_key), r.at]));
}

/**
 * The newest event of one of `actions` (or the undo of one) on an entity of `entityType` whose key
 * is one of `entityKeys`: who last changed it and when, for a refusal that names them.
 */
export function latestChange(
  db: Db,
  entityType: string,
  entityKeys: readonly string[],
  actions: readonly string[],
): AuditEvent | undefined {
  const r = sql(
    db,
    `SELECT ${AUDIT_COLUMNS} FROM audit_events e
     WHERE e.entity_type = @type AND e.entity_key IN (SELECT value FROM json_each(@keys))
       AND (e.action IN (SELECT value FROM json_each(@actions))
            OR (e.action = 'undo' AND json_extract(e.after_json, '$.undoneAction') IN (SELECT value FROM json_each(@actions))))
     ORDER BY e.id DESC LIMIT 1`,
  ).get({ type: entityType, keys: JSON.stringify(entityKeys), actions: JSON.stringify(actions) }) as
    AuditRow | undefined;
  return r && eventOf(r);
}
