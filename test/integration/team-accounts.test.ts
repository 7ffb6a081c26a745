import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../electron/backend/services/team-accounts';
import type { AuditEntry } from '../../shared/contract';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from '../../shared/team-accounts';
import { dumpDatabase } from '../helpers/db';
import { type ManualClock, PASSWORD, type TeamBackend, manualClock, openTeamBackend } from '../helpers/team';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('rc-team-');
let clock: ManualClock;
let backend: TeamBackend;

beforeEach(() => {
  clock = manualClock();
  backend = openTeamBackend(tempDir(), clock);
});
afterEach(() => backend.close());

async function signedIn(name: string, password = PASSWORD): Promise<string> {
  const outcome = await backend.accounts.signIn(name, password);
  if (!outcome.ok) throw new Error(`sign-in of ${name} refused: ${outcome.reason}`);
  return outcome.token;
}

describe('passwords', () => {
  it('are stored as scrypt$32768$8$1$<16-byte salt>$<32-byte key>, a new salt each time', () => {
    const a = hashPassword(PASSWORD);
    const b = hashPassword(PASSWORD);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    const [, , , , salt, key] = a.split('$');
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('verify the right password only, and refuse a malformed hash', async () => {
    const stored = hashPassword(PASSWORD);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword(`${PASSWORD}!`, stored)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'scrypt$1$1$1$AA==$AA==')).toBe(false);
    expect(await verifyPassword(PASSWORD, 'plain')).toBe(false);
  });

  it('refuses obviously bad passwords with a clear message, and stores nothing', async () => {
    const before = JSON.stringify(dumpDatabase(backend.database.db));
    for (const [password, message] of [
      ['short pass', 'at least 12 characters'],
      ['aaaaaaaaaaaaaaaa', 'one character repeated'],
      [' leading space pass', 'start or end with a space'],
      ['line\nbreak password', 'control characters'],
      ['x'.repeat(1025), 'at most 1,024'],
      ['my name is sam.lee', 'must not contain the login name'],
    ] as const) {
      const answer = await backend.dispatch('users.add', { name: 'sam.lee', role: 'viewer', password });
      expect(answer.ok).toBe(false);
      if (!answer.ok) {
        expect(answer.error.code).toBe('invalid_input');
        expect(answer.error.message).toContain(message);
        expect(answer.error.message).not.toContain(password);
      }
    }
    expect(JSON.stringify(dumpDatabase(backend.database.db))).toBe(before);
  });
});

describe('accounts', () => {
  it('adds and lists users without their password hashes, audited by the admin who acted', async () => {
    await backend.addUser('ada', 'admin');
    const answer = await backend.dispatch(
      'users.add',
      { name: 'sam.lee', role: 'release-manager', displayName: 'Sam Lee', password: PASSWORD },
      { user: { name: 'ada', role: 'admin' } },
    );
    expect(answer.ok).toBe(true);
    const users = await backend.call('users.list', {});
    expect(users.map((u) => [u.name, u.role, u.displayName, u.disabled])).toEqual([
      ['ada', 'admin', null, false],
      ['sam.lee', 'release-manager', 'Sam Lee', false],
    ]);
    expect(JSON.stringify(users)).not.toMatch(/scrypt|password/i);
    const audit = await backend.call('audit.list', { limit: 1 });
    expect(audit[0]).toMatchObject({ actor: 'ada', action: 'user.add', entityType: 'user', entityKey: 'sam.lee' });
    expect(JSON.stringify(audit)).not.toMatch(/scrypt|horse/);
  });

  it('refuses a duplicate name, an unknown user, and a name that is not a login name', async () => {
    await backend.addUser('ada', 'admin');
    const again = await backend.dispatch('users.add', { name: 'ada', role: 'viewer', password: PASSWORD });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await backend.dispatch('users.disable', { name: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const bad = await backend.dispatch('users.add', { name: 'Sam Lee', role: 'viewer', password: PASSWORD });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('keeps one admin who can sign in', async () => {
    await backend.addUser('ada', 'admin');
    for (const [method, input] of [
      ['users.disable', { name: 'ada' }],
      ['users.setRole', { name: 'ada', role: 'lead' }],
    ] as const) {
      expect(await backend.dispatch(method, input)).toMatchObject({ ok: false, error: { code: 'rule_violation' } });
    }
    await backend.addUser('bea', 'admin');
    await backend.call('users.disable', { name: 'ada' });
    expect((await backend.call('users.list', {}))[0]).toMatchObject({ name: 'ada', disabled: true });
  });
});

describe('sign-in and sessions', () => {
  beforeEach(async () => {
    await backend.addUser('ada', 'admin');
    await backend.addUser('sam', 'release-manager');
  });

  it('opens a session for the right password only, the same refusal for an unknown name', async () => {
    expect(await backend.accounts.signIn('sam', 'wrong password here')).toEqual({ ok: false, reason: 'wrong' });
    expect(await backend.accounts.signIn('nobody', PASSWORD)).toEqual({ ok: false, reason: 'wrong' });
    const token = await signedIn('sam');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const session = backend.accounts.session(token);
    expect(session).toMatchObject({ user: { name: 'sam', role: 'release-manager' } });
    expect(session?.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the token's SHA-256 is stored.
    const stored = backend.database.db.prepare('SELECT id FROM sessions').pluck().all() as string[];
    expect(stored).toEqual([session!.id]);
    expect(stored[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(dumpDatabase(backend.database.db))).not.toContain(token);
  });

  it('refuses a disabled user, even with the right password', async () => {
    await backend.call('users.disable', { name: 'sam' });
    expect(await backend.accounts.signIn('sam', PASSWORD)).toEqual({ ok: false, reason: 'disabled' });
    await backend.call('users.enable', { name: 'sam' });
    expect((await backend.accounts.signIn('sam', PASSWORD)).ok).toBe(true);
  });

  it('ends a session 12 hours after it was last used', async () => {
    const token = await signedIn('sam');
    clock.advance(SESSION_IDLE_MS - 60_000);
    expect(backend.accounts.session(token)).not.toBeNull(); // used: its idle time starts again
    clock.advance(SESSION_IDLE_MS - 60_000);
    expect(backend.accounts.session(token)).not.toBeNull();
    clock.advance(SESSION_IDLE_MS);
    expect(backend.accounts.session(token)).toBeNull();
  });

  it('ends a session 7 days after sign-in however often it is used', async () => {
    const token = await signedIn('sam');
    let elapsed = 0;
    while (elapsed + SESSION_IDLE_MS / 2 < SESSION_MAX_MS) {
      clock.advance(SESSION_IDLE_MS / 2);
      elapsed += SESSION_IDLE_MS / 2;
      expect(backend.accounts.session(token)).not.toBeNull();
    }
    clock.advance(SESSION_MAX_MS - elapsed);
    expect(backend.accounts.session(token)).toBeNull();
  });

  it('signs out one session; a new sign-in is a new session', async () => {
    const first = await signedIn('sam');
    const second = await signedIn('sam');
    expect(second).not.toBe(first);
    backend.accounts.signOut(first);
    expect(backend.accounts.session(first)).toBeNull();
    expect(backend.accounts.session(second)).not.toBeNull();
  });

  it.each([
    ['a role change', 'users.setRole', { name: 'sam', role: 'viewer' }],
    ['disabling', 'users.disable', { name: 'sam' }],
    ['a password reset', 'users.resetPassword', { name: 'sam', password: 'a brand new passphrase' }],
  ] as const)("revokes every session of the user on %s, and no one else's", async (_what, method, input) => {
    const sam = [await signedIn('sam'), await signedIn('sam')];
    const ada = await signedIn('ada');
    const answer = await backend.dispatch(method, input, { user: { name: 'ada', role: 'admin' } });
    expect(answer.ok).toBe(true);
    for (const token of sam) expect(backend.accounts.session(token)).toBeNull();
    expect(backend.accounts.session(ada)).not.toBeNull();
    const [event] = await backend.call('audit.list', { limit: 1 });
    expect((event as AuditEntry).summary).toContain('signed out of 2 sessions');
    expect((event as AuditEntry).actor).toBe('ada');
  });

  it('a password reset makes the old password wrong', async () => {
    await backend.call('users.resetPassword', { name: 'sam', password: 'a brand new passphrase' });
    expect((await backend.accounts.signIn('sam', PASSWORD)).ok).toBe(false);
    expect((await backend.accounts.signIn('sam', 'a brand new passphrase')).ok).toBe(true);
  });
});
