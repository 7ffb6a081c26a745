import type { Db } from '../db/connection';
import { sql } from '../db/statements';

export interface AuditEventInput {
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityKey: string;
  summary: string;
  before: unknown;
  after: unknown;
}

export interface AuditEvent extends AuditEventInput {
  id: number;
}

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

export function listAudit(db: Db, entityType?: string, entityKey?: string): AuditEvent[] {
  const rows = db
    .prepare(
      `SELECT id, at, actor, action, entity_type, entity_key, summary, before_json, after_json FROM audit_events
       WHERE (@type IS NULL OR entity_type = @type) AND (@key IS NULL OR entity_key = @key) ORDER BY id`,
    )
    .all({ type: entityType ?? null, key: entityKey ?? null }) as {
    id: number;
    at: string;
    actor: string;
    action: string;
    entity_type: string;
    entity_key: string;
    summary: string;
    before_json: string | null;
    after_json: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityKey: r.entity_key,
    summary: r.summary,
    before: r.before_json === null ? undefined : (JSON.parse(r.before_json) as unknown),
    after: r.after_json === null ? undefined : (JSON.parse(r.after_json) as unknown),
  }));
}
