import type { AppInfo, Feed } from '../../../../shared/contract';
import { FEED_KIND_LABELS, type FeedKind } from '../../../../shared/feeds';

// The Subscriptions section's state-free parts: whether feeds exist here, what a listed feed is
// called, the full address of a new one, and what the create form lacks.

/** Feeds are served by a team server only; the desktop app and browser mode have the publish folder. */
export function feedsServedHere(info: Pick<AppInfo, 'transport'> | null): boolean {
  return info?.transport === 'team';
}

/** The address a calendar app subscribes to: this server's origin and the feed's path. */
export function feedUrl(origin: string, path: string): string {
  return `${origin.replace(/\/+$/, '')}${path}`;
}

/** "Every train (iCalendar)", "eu-west-1's releases (iCalendar)". */
export function feedWhat(feed: Pick<Feed, 'kind' | 'deploymentKey'>): string {
  return feed.kind === 'deployment' && feed.deploymentKey
    ? `${feed.deploymentKey}'s releases (iCalendar)`
    : FEED_KIND_LABELS[feed.kind];
}

/** Where a feed stands: revoked (by whom), never fetched, or when last fetched. */
export function feedState(
  feed: Pick<Feed, 'revokedAt' | 'revokedBy' | 'lastFetchedAt'>,
  when: (iso: string) => string,
): string {
  if (feed.revokedAt) return `Revoked ${when(feed.revokedAt)}${feed.revokedBy ? ` by ${feed.revokedBy}` : ''}`;
  return feed.lastFetchedAt ? `Last fetched ${when(feed.lastFetchedAt)}` : 'Not fetched yet';
}

export interface FeedDraft {
  kind: FeedKind;
  key: string;
  label: string;
}

/** The create form's problems by field, before anything is sent; empty when it may be sent. */
export function feedDraftProblems(draft: FeedDraft): Partial<Record<'key' | 'label', string>> {
  const problems: Partial<Record<'key' | 'label', string>> = {};
  if (draft.kind === 'deployment' && draft.key === '') problems.key = 'Choose the deployment whose releases it holds.';
  if (draft.label.trim() === '') problems.label = 'Give the feed a label, e.g. "Team calendar".';
  else if (draft.label.trim().length > 120) problems.label = 'The label must be at most 120 characters.';
  return problems;
}

/** The API's input for a draft: a deployment only for a deployment feed. */
export function feedInput(draft: FeedDraft): { kind: FeedKind; key?: string; label: string } {
  return draft.kind === 'deployment'
    ? { kind: draft.kind, key: draft.key, label: draft.label.trim() }
    : { kind: draft.kind, label: draft.label.trim() };
}
