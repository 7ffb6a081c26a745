import type { FeedKind } from '../../../shared/feeds';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';

// The `feeds` table (migration 12): one row per subscribable feed, found by the SHA-256 of its
// secret. Plain SQL, portable but for the STRICT table.

export interface FeedRow {
  id: number;
  kind: FeedKind;
  deploymentKey: string | null;
  label: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  lastFetchedAt: string | null;
}

const COLUMNS = `id, kind, deployment_key AS deploymentKey, label, created_by AS createdBy, created_at AS createdAt,
  revoked_at AS revokedAt, revoked_by AS revokedBy, last_fetched_at AS lastFetchedAt`;

/** Every feed, newest first. */
export function listFeeds(db: Db): FeedRow[] {
  return sql(db, `SELECT ${COLUMNS} FROM feeds ORDER BY created_at DESC, id DESC`).all() as FeedRow[];
}

export function findFeed(db: Db, id: number): FeedRow | undefined {
  return sql(db, `SELECT ${COLUMNS} FROM feeds WHERE id = ?`).get(id) as FeedRow | undefined;
}

/** The feed whose secret hashes to `secretHash`, revoked or not. */
export function findFeedBySecretHash(db: Db, secretHash: string): FeedRow | undefined {
  return sql(db, `SELECT ${COLUMNS} FROM feeds WHERE secret_hash = ?`).get(secretHash) as FeedRow | undefined;
}

export interface NewFeed {
  secretHash: string;
  kind: FeedKind;
  deploymentKey: string | null;
  label: string;
  createdBy: string;
  createdAt: string;
}

export function insertFeed(db: Db, feed: NewFeed): number {
  const { lastInsertRowid } = sql(
    db,
    `INSERT INTO feeds (secret_hash, kind, deployment_key, label, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(feed.secretHash, feed.kind, feed.deploymentKey, feed.label, feed.createdBy, feed.createdAt);
  return Number(lastInsertRowid);
}

export function markFeedRevoked(db: Db, id: number, at: string, by: string): void {
  sql(db, 'UPDATE feeds SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL').run(at, by, id);
}

export function markFeedFetched(db: Db, id: number, at: string): void {
  sql(db, 'UPDATE feeds SET last_fetched_at = ? WHERE id = ?').run(at, id);
}

/**
 * When the plan last changed, for a feed's Last-Modified: the newest audit event that is not a
 * feed's own (creating or revoking a feed changes no feed's content). Newest by id, which the
 * primary key reads from the end. Null when nothing was ever recorded.
 */
export function lastPlanChangeAt(db: Db): string | null {
  return (
    (sql(db, "SELECT at FROM audit_events WHERE entity_type <> 'feed' ORDER BY id DESC LIMIT 1").pluck().get() as
      string | undefined) ?? null
  );
}
