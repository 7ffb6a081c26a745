import { describe, expect, it } from 'vitest';
import type { AuditEntry, CreatedFeed, Feed } from '../../shared/contract';
import type { Role } from '../../shared/method-roles';
import { hashFeedSecret } from '../../electron/backend/services/feeds';
import { type TestBackend, TEST_ACTOR, dumpDatabase, resultOf, useTestBackend } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';

// Subscribable feeds (docs/team-mode.md): a secret per feed, shown once and stored only as its
// SHA-256; revoked by its creator or an admin; audited.

const tempDir = useTempDirs('rc-feeds-');
const { backend, ok } = useTestBackend(tempDir);

const as = (name: string, role: Role) => ({ user: { name, role } });

async function create(b: TestBackend, input: Record<string, unknown>, user?: { name: string; role: Role }) {
  const answer = await b.dispatch('feeds.create', input, user ? { user } : undefined);
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result as CreatedFeed;
}

describe('feeds', () => {
  it('shows the secret once, in the answer that creates the feed, and stores only its SHA-256', async () => {
    await ok('fleet.loadDemo');
    const created = await create(backend(), { kind: 'calendar', label: '  Team calendar ' });
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(created.secret, 'base64url')).toHaveLength(32);
    expect(created.path).toBe(`/feeds/${created.secret}/calendar.ics`);
    expect(created.feed).toMatchObject({
      kind: 'calendar',
      deploymentKey: null,
      label: 'Team calendar',
      path: '/feeds/…/calendar.ics',
      createdBy: TEST_ACTOR,
      revokedAt: null,
      lastFetchedAt: null,
      revocable: true,
    });

    const dump = JSON.stringify(dumpDatabase(backend().db));
    expect(dump).not.toContain(created.secret);
    expect(backend().db.prepare('SELECT secret_hash FROM feeds').pluck().get()).toBe(hashFeedSecret(created.secret));

    // The list never carries a secret; the audit trail neither.
    const listed = await ok<Feed[]>('feeds.list');
    expect(listed).toEqual([created.feed]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const [event] = await ok<AuditEntry[]>('audit.list', { limit: 1 });
    expect(event).toMatchObject({ action: 'feed.create', entityType: 'feed', entityKey: String(created.feed.id) });
    expect(JSON.stringify(event)).not.toContain(created.secret);
  });

  it('gives each feed its own secret, lists the newest first, and names the deployment of a deployment feed', async () => {
    await ok('fleet.loadDemo');
    const a = await create(backend(), { kind: 'release-notes', label: 'Notes' });
    const b = await create(backend(), { kind: 'deployment', key: 'eu-central-1', label: 'EU Central 1' });
    expect(a.secret).not.toBe(b.secret);
    expect(b.path).toBe(`/feeds/${b.secret}/deployments/eu-central-1.ics`);
    expect(a.path).toBe(`/feeds/${a.secret}/release-notes.atom`);
    const listed = await ok<Feed[]>('feeds.list');
    expect(listed.map((f) => [f.label, f.path])).toEqual([
      ['EU Central 1', '/feeds/…/deployments/eu-central-1.ics'],
      ['Notes', '/feeds/…/release-notes.atom'],
    ]);
  });

  it('refuses a feed of a deployment the fleet does not know, and a deployment feed without one', async () => {
    await ok('fleet.loadDemo');
    const before = JSON.stringify(dumpDatabase(backend().db));
    const unknown = await backend().dispatch('feeds.create', { kind: 'deployment', key: 'mars-1', label: 'Mars' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    if (!unknown.ok) expect(unknown.error.message).toContain('No deployment has the key mars-1');
    const missing = await backend().dispatch('feeds.create', { kind: 'deployment', label: 'Which?' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ field: 'key' }] } });
    const stray = await backend().dispatch('feeds.create', { kind: 'calendar', key: 'eu-west-1', label: 'All' });
    expect(stray).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ field: 'key' }] } });
    expect(JSON.stringify(dumpDatabase(backend().db))).toBe(before);
  });

  it('lets a viewer create and revoke their own feed, not another person’s; an admin revokes any', async () => {
    await ok('fleet.loadDemo');
    const vics = await create(backend(), { kind: 'calendar', label: "Vic's" }, as('vic', 'viewer').user);
    const sams = await create(backend(), { kind: 'calendar', label: "Sam's" }, as('sam', 'viewer').user);

    const listedByVic = await backend().dispatch('feeds.list', {}, as('vic', 'viewer'));
    expect(listedByVic.ok && (listedByVic.result as Feed[]).map((f) => [f.label, f.revocable])).toEqual([
      ["Sam's", false],
      ["Vic's", true],
    ]);

    const before = JSON.stringify(dumpDatabase(backend().db));
    const refused = await backend().dispatch('feeds.revoke', { id: sams.feed.id }, as('vic', 'viewer'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'rule_violation' } });
    if (!refused.ok) expect(refused.error.message).toContain("sam's; only they or an admin");
    // A release manager is no admin: the feed is still not theirs.
    const manager = await backend().dispatch('feeds.revoke', { id: sams.feed.id }, as('rm', 'release-manager'));
    expect(manager).toMatchObject({ ok: false, error: { code: 'rule_violation' } });
    expect(JSON.stringify(dumpDatabase(backend().db))).toBe(before);

    const own = await backend().dispatch('feeds.revoke', { id: vics.feed.id }, as('vic', 'viewer'));
    expect(own).toMatchObject({ ok: true, result: { revokedBy: 'vic', revocable: false } });
    const admin = await backend().dispatch('feeds.revoke', { id: sams.feed.id }, as('ada', 'admin'));
    expect(admin).toMatchObject({ ok: true, result: { revokedBy: 'ada' } });

    const events = await ok<AuditEntry[]>('audit.list', { limit: 2 });
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['feed.revoke', 'ada'],
      ['feed.revoke', 'vic'],
    ]);
    // Revoking again changes nothing and records nothing.
    const again = await resultOf<Feed>(backend(), 'feeds.revoke', { id: vics.feed.id });
    expect(again.revokedBy).toBe('vic');
    expect((await ok<AuditEntry[]>('audit.list', { limit: 1 }))[0]!.id).toBe(events[0]!.id);
  });

  it('lets the owner of the file revoke any feed where no one signs in', async () => {
    await ok('fleet.loadDemo');
    const sams = await create(backend(), { kind: 'calendar', label: "Sam's" }, as('sam', 'viewer').user);
    expect((await ok<Feed[]>('feeds.list'))[0]!.revocable).toBe(true);
    expect(await ok<Feed>('feeds.revoke', { id: sams.feed.id })).toMatchObject({ revokedBy: TEST_ACTOR });
    expect(await backend().dispatch('feeds.revoke', { id: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});
