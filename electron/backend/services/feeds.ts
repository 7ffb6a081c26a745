import { createHash, randomBytes } from 'node:crypto';
import type { CreatedFeed, Feed, ParsedInput } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import { type FeedRequest, HIDDEN_SECRET, feedPath } from '../../../shared/feeds';
import { findDeployment } from '../repositories/deployments';
import {
  type FeedRow,
  findFeed,
  findFeedBySecretHash,
  insertFeed,
  lastPlanChangeAt,
  listFeeds as listFeedRows,
  markFeedFetched,
  markFeedRevoked,
} from '../repositories/feeds';
import { type ServiceContext, audit } from './context';

// Subscribable feeds (docs/team-mode.md): a secret per feed, in its URL. The secret is 32 random
// bytes (base64url), returned once by `createFeed` and never stored: the table keeps its SHA-256,
// which a fetch looks up. Any signed-in person may subscribe; a person revokes their own feeds,
// an admin anyone's. Outside a team server (no role in the context) the one person is the owner
// of the file, who may revoke every feed.

/** The SHA-256 of a secret, in hex: what the table keeps. */
export function hashFeedSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function mayRevoke(ctx: ServiceContext, row: FeedRow): boolean {
  return ctx.role === undefined || ctx.role === 'admin' || row.createdBy === ctx.actor;
}

function feedOf(ctx: ServiceContext, row: FeedRow): Feed {
  return {
    ...row,
    path: feedPath(row.kind, row.deploymentKey, HIDDEN_SECRET),
    revocable: row.revokedAt === null && mayRevoke(ctx, row),
  };
}

export function listFeeds(ctx: ServiceContext): Feed[] {
  return listFeedRows(ctx.db).map((row) => feedOf(ctx, row));
}

/** Creates a feed, audited; the answer is the only place its secret appears. */
export function createFeed(ctx: ServiceContext, input: ParsedInput<'feeds.create'>): CreatedFeed {
  const deploymentKey = input.kind === 'deployment' ? (input.key ?? null) : null;
  if (deploymentKey !== null && !findDeployment(ctx.db, deploymentKey))
    throw new DomainError(
      'not_found',
      `No deployment has the key ${deploymentKey}, so there is no calendar of its releases to subscribe to; choose a deployment of the fleet.`,
      [{ field: 'key', message: `No deployment has the key ${deploymentKey}.` }],
      { kind: 'list_deployments' },
    );
  const secret = randomBytes(32).toString('base64url');
  const id = insertFeed(ctx.db, {
    secretHash: hashFeedSecret(secret),
    kind: input.kind,
    deploymentKey,
    label: input.label,
    createdBy: ctx.actor,
    createdAt: ctx.now().toISOString(),
  });
  const feed = feedOf(ctx, findFeed(ctx.db, id)!);
  audit(ctx, {
    action: 'feed.create',
    entityType: 'feed',
    entityKey: String(id),
    summary: `Created the feed "${input.label}" (${feed.path})`,
    before: null,
    after: { id, kind: input.kind, deploymentKey, label: input.label },
  });
  return { feed, secret, path: feedPath(input.kind, deploymentKey, secret) };
}

/** Revokes a feed, audited: its URL answers 404 from now on. Revoking a revoked feed changes nothing. */
export function revokeFeed(ctx: ServiceContext, id: number): Feed {
  const row = findFeed(ctx.db, id);
  if (!row) throw new DomainError('not_found', `There is no feed ${id}; the list of feeds shows their ids.`);
  if (row.revokedAt !== null) return feedOf(ctx, row);
  if (!mayRevoke(ctx, row))
    throw new DomainError(
      'rule_violation',
      `The feed "${row.label}" is ${row.createdBy}'s; only they or an admin may revoke it.`,
    );
  markFeedRevoked(ctx.db, id, ctx.now().toISOString(), ctx.actor);
  audit(ctx, {
    action: 'feed.revoke',
    entityType: 'feed',
    entityKey: String(id),
    summary: `Revoked the feed "${row.label}" (${feedPath(row.kind, row.deploymentKey, HIDDEN_SECRET)})`,
    before: { revoked: false },
    after: { revoked: true },
  });
  return feedOf(ctx, findFeed(ctx.db, id)!);
}

/** A live feed a request names: its secret, and the shape of path the feed was created with. */
export interface ResolvedFeed {
  id: number;
  kind: FeedRequest['kind'];
  deploymentKey: string | null;
  createdAt: string;
}

/**
 * The feed a request's path names, or null when its secret is unknown or revoked, or the rest
 * of the path is not the one the feed was created with. The caller answers every null alike.
 */
export function resolveFeed(ctx: ServiceContext, request: FeedRequest): ResolvedFeed | null {
  const row = findFeedBySecretHash(ctx.db, hashFeedSecret(request.secret));
  if (!row || row.revokedAt !== null) return null;
  if (row.kind !== request.kind || row.deploymentKey !== request.deploymentKey) return null;
  return { id: row.id, kind: row.kind, deploymentKey: row.deploymentKey, createdAt: row.createdAt };
}

/** Records a fetch of the feed (bookkeeping, never audited). */
export function recordFeedFetch(ctx: ServiceContext, id: number): void {
  markFeedFetched(ctx.db, id, ctx.now().toISOString());
}

/** When the plan last changed (the newest audit event not about a feed); null when never. */
export function planChangedAt(ctx: ServiceContext): string | null {
  return lastPlanChangeAt(ctx.db);
}
