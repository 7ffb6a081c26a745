import { createHash } from 'node:crypto';
import { DomainError } from '../../shared/errors';
import type { FeedRequest } from '../../shared/feeds';
import type { ServiceContext } from './services/context';
import { type FeedSelection, renderFeedDocument } from './services/export';
import { planChangedAt, recordFeedFetch, resolveFeed } from './services/feeds';

// One fetch of a subscribable feed (docs/team-mode.md), composed from the feeds service (which
// feed a secret names) and the export service (its document), in the one transaction the backend
// opens for it. HTTP's part is here too, free of any server: the validators (ETag, Last-Modified),
// the conditional request, and the answer's status and headers.

/** The request's conditional headers, as the client sent them. */
export interface FeedConditional {
  ifNoneMatch?: string;
  ifModifiedSince?: string;
}

export interface FeedAnswer {
  status: 200 | 304 | 404 | 503;
  /** The document (200) or a short sentence (404, 503); absent on 304. */
  body?: string;
  headers: Record<string, string>;
}

/**
 * Every refusal alike: an unknown or revoked secret, a path of another shape or of another feed,
 * a deployment the fleet does not know. The answer says nothing about which part was wrong.
 */
export const FEED_NOT_FOUND: FeedAnswer = {
  status: 404,
  body: 'There is no feed at this address.\n',
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
};

/** A strong validator: the SHA-256 of the exact bytes served. */
export function feedEtag(body: string): string {
  return `"${createHash('sha256').update(body, 'utf8').digest('base64url')}"`;
}

/** Whether an `If-None-Match` list names this entity tag (`*`, or the tag, compared weakly as RFC 9110 asks). */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** Whether the client's copy is current: If-None-Match decides when sent, else If-Modified-Since (in whole seconds). */
export function notModified(conditional: FeedConditional, etag: string, lastModified: string): boolean {
  if (conditional.ifNoneMatch !== undefined) return etagMatches(conditional.ifNoneMatch, etag);
  if (conditional.ifModifiedSince === undefined) return false;
  const since = Date.parse(conditional.ifModifiedSince);
  if (Number.isNaN(since)) return false;
  return Math.floor(Date.parse(lastModified) / 1000) <= Math.floor(since / 1000);
}

function selectionOf(request: { kind: FeedRequest['kind']; deploymentKey: string | null }): FeedSelection {
  return request.kind === 'deployment' && request.deploymentKey !== null
    ? { kind: 'deployment', key: request.deploymentKey }
    : { kind: 'all' };
}

/**
 * Answers one feed request inside the caller's transaction. On a writable file it records the
 * fetch and any iCalendar SEQUENCE the plan's changes raise (`record`); `record: false` (a
 * read-only file) reads the stored numbers and writes nothing.
 */
export function answerFeed(
  ctx: ServiceContext,
  request: FeedRequest,
  conditional: FeedConditional,
  options: { record: boolean },
): FeedAnswer {
  const feed = resolveFeed(ctx, request);
  if (!feed) return FEED_NOT_FOUND;
  // The plan's last change is also the document's generation time (the iCalendar DTSTAMP): the same
  // plan gives the same bytes. Creating the feed is audited, so a new file still has a time to give.
  const lastModified = planChangedAt(ctx) ?? feed.createdAt;
  let document;
  try {
    document = renderFeedDocument(
      ctx,
      selectionOf(feed),
      feed.kind === 'release-notes' ? 'atom' : 'ics',
      lastModified,
      options,
    );
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') return FEED_NOT_FOUND;
    throw err;
  }
  if (options.record) recordFeedFetch(ctx, feed.id);
  const etag = feedEtag(document.content);
  const headers = {
    ETag: etag,
    'Last-Modified': new Date(lastModified).toUTCString(),
    // Calendar apps may keep a copy but must ask again (cheaply, with the validators) before using it.
    'Cache-Control': 'no-cache',
  };
  if (notModified(conditional, etag, lastModified)) return { status: 304, headers };
  return { status: 200, body: document.content, headers: { 'Content-Type': document.mimeType, ...headers } };
}
