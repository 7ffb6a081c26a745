// Subscribable feeds (docs/team-mode.md): the URL paths a team server answers under /feeds/,
// each carrying the secret of one feed. Pure, so the backend parses a request's path and the
// renderer shows one with the same words.

export const FEED_KINDS = ['calendar', 'deployment', 'release-notes'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export const FEED_KIND_LABELS: Record<FeedKind, string> = {
  calendar: 'Every train (iCalendar)',
  deployment: "One deployment's releases (iCalendar)",
  'release-notes': 'Release notes (Atom)',
};

/** A feed's secret: 32 random bytes in base64url, 43 characters without padding. */
export const FEED_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** What a listed feed's path shows instead of its secret, which is never shown again. */
export const HIDDEN_SECRET = '…';

/** The part of the path after `/feeds/<secret>/` that names what the feed holds. */
function feedFile(kind: FeedKind, deploymentKey: string | null): string {
  switch (kind) {
    case 'calendar':
      return 'calendar.ics';
    case 'deployment':
      return `deployments/${deploymentKey ?? ''}.ics`;
    case 'release-notes':
      return 'release-notes.atom';
  }
}

/** `/feeds/<secret>/calendar.ics`, `/feeds/<secret>/deployments/<key>.ics`, `/feeds/<secret>/release-notes.atom`. */
export function feedPath(kind: FeedKind, deploymentKey: string | null, secret: string): string {
  return `/feeds/${secret}/${feedFile(kind, deploymentKey)}`;
}

/** What a request's path below `/feeds/` asks for; null for any other shape. */
export interface FeedRequest {
  secret: string;
  kind: FeedKind;
  deploymentKey: string | null;
}

const DEPLOYMENT_FILE = /^deployments\/([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.ics$/;

/**
 * Parses the rest of a feed URL's path, after `/feeds/` (`<secret>/calendar.ics`…); a query
 * string is ignored. Null when it is not one of the three shapes.
 */
export function parseFeedRequest(rest: string): FeedRequest | null {
  const pathOnly = rest.split('?')[0]!;
  const slash = pathOnly.indexOf('/');
  if (slash < 0) return null;
  const secret = pathOnly.slice(0, slash);
  const file = pathOnly.slice(slash + 1);
  if (!FEED_SECRET_PATTERN.test(secret)) return null;
  if (file === 'calendar.ics') return { secret, kind: 'calendar', deploymentKey: null };
  if (file === 'release-notes.atom') return { secret, kind: 'release-notes', deploymentKey: null };
  const deployment = DEPLOYMENT_FILE.exec(file);
  if (deployment) return { secret, kind: 'deployment', deploymentKey: deployment[1]! };
  return null;
}

/** A path with any feed secret in it masked, for a request log: `/feeds/…/calendar.ics`. */
export function maskFeedSecret(path: string): string {
  return path.replace(/^\/feeds\/[^/?]+/, `/feeds/${HIDDEN_SECRET}`);
}
