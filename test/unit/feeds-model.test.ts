import { describe, expect, it } from 'vitest';
import { feedPath, maskFeedSecret, parseFeedRequest } from '../../shared/feeds';
import {
  feedDraftProblems,
  feedInput,
  feedState,
  feedUrl,
  feedWhat,
  feedsServedHere,
} from '../../renderer/src/views/settings/feeds-model';

// Subscribable feeds: the paths the server answers, and the Settings section's model. The section
// itself is shown only on a team server, whose end-to-end specs (the team server's) take its picture.

const SECRET = 'AbC-_0123456789abcdefghijklmnopqrstuvwxyzAB';

describe('feed paths', () => {
  it('reads back each shape it writes, and nothing else', () => {
    expect(SECRET).toHaveLength(43);
    for (const [kind, key] of [
      ['calendar', null],
      ['deployment', 'us-east-3'],
      ['release-notes', null],
    ] as const) {
      const rest = feedPath(kind, key, SECRET).slice('/feeds/'.length);
      expect(parseFeedRequest(rest)).toEqual({ secret: SECRET, kind, deploymentKey: key });
      expect(parseFeedRequest(`${rest}?refresh=1`)).toEqual({ secret: SECRET, kind, deploymentKey: key });
    }
    for (const rest of [
      '',
      SECRET,
      `${SECRET}/`,
      `${SECRET}/calendar.atom`,
      `${SECRET}/calendar.ics/x`,
      `${SECRET}/deployments/.ics`,
      `${SECRET}/deployments/US-East.ics`,
      `${SECRET}/deployments/a/b.ics`,
      `${SECRET.slice(1)}/calendar.ics`,
      `${SECRET}x/calendar.ics`,
      `${SECRET.replace('A', '+')}/calendar.ics`,
      `../${SECRET}/calendar.ics`,
    ])
      expect(parseFeedRequest(rest), rest).toBeNull();
  });

  it('masks the secret in a logged path', () => {
    expect(maskFeedSecret(`/feeds/${SECRET}/deployments/eu-west-1.ics`)).toBe('/feeds/…/deployments/eu-west-1.ics');
    expect(maskFeedSecret(`/feeds/${SECRET}?x=1`)).toBe('/feeds/…?x=1');
    expect(maskFeedSecret('/api/feeds.list')).toBe('/api/feeds.list');
  });
});

describe('the Subscriptions section model', () => {
  it('offers feeds on a team server only', () => {
    expect(feedsServedHere({ transport: 'team' })).toBe(true);
    expect(feedsServedHere({ transport: 'browser' })).toBe(false);
    expect(feedsServedHere({ transport: 'electron' })).toBe(false);
    expect(feedsServedHere(null)).toBe(false);
  });

  it('joins the origin and the path into the address to subscribe to', () => {
    expect(feedUrl('https://plan.example.com/', `/feeds/${SECRET}/calendar.ics`)).toBe(
      `https://plan.example.com/feeds/${SECRET}/calendar.ics`,
    );
  });

  it('says what a feed holds and where it stands', () => {
    expect(feedWhat({ kind: 'deployment', deploymentKey: 'eu-west-1' })).toBe("eu-west-1's releases (iCalendar)");
    expect(feedWhat({ kind: 'release-notes', deploymentKey: null })).toBe('Release notes (Atom)');
    const when = (iso: string) => iso.slice(0, 10);
    expect(feedState({ revokedAt: null, revokedBy: null, lastFetchedAt: null }, when)).toBe('Not fetched yet');
    expect(feedState({ revokedAt: null, revokedBy: null, lastFetchedAt: '2027-01-20T08:00:00Z' }, when)).toBe(
      'Last fetched 2027-01-20',
    );
    expect(
      feedState({ revokedAt: '2027-01-21T08:00:00Z', revokedBy: 'ada', lastFetchedAt: '2027-01-20T08:00:00Z' }, when),
    ).toBe('Revoked 2027-01-21 by ada');
  });

  it('checks a draft before sending it, and sends a deployment only for a deployment feed', () => {
    expect(feedDraftProblems({ kind: 'calendar', key: '', label: '  ' })).toEqual({ label: expect.any(String) });
    expect(feedDraftProblems({ kind: 'deployment', key: '', label: 'Ops' })).toEqual({ key: expect.any(String) });
    expect(feedDraftProblems({ kind: 'deployment', key: 'eu-west-1', label: 'x'.repeat(121) })).toEqual({
      label: 'The label must be at most 120 characters.',
    });
    expect(feedInput({ kind: 'calendar', key: 'eu-west-1', label: ' Team ' })).toEqual({
      kind: 'calendar',
      label: 'Team',
    });
    expect(feedInput({ kind: 'deployment', key: 'eu-west-1', label: 'Ops' })).toEqual({
      kind: 'deployment',
      key: 'eu-west-1',
      label: 'Ops',
    });
  });
});
