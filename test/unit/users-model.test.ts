import { describe, expect, it } from 'vitest';
import type { TeamUser } from '../../shared/team-accounts';
import {
  EMPTY_USER,
  enabledAdminCount,
  isLastEnabledAdmin,
  newUserInput,
  newUserProblems,
  passwordPairProblems,
  placeRefusal,
  roleChangeConsequence,
  sortUsers,
  userLabel,
  userStatus,
  usersShownHere,
} from '../../renderer/src/views/settings/users-model';

// Settings → Users, state-free. The section is shown on a team server only; its picture is taken by
// test/e2e/team-admin.spec.ts against the built server.

const GOOD = 'correct horse battery staple';

function user(name: string, role: TeamUser['role'], disabled = false): TeamUser {
  return {
    name,
    displayName: null,
    role,
    disabled,
    createdAt: '2027-03-01T09:00:00.000Z',
    updatedAt: '2027-03-01T09:00:00.000Z',
  };
}

describe('usersShownHere', () => {
  it('shows the section on a team server only', () => {
    expect(usersShownHere({ transport: 'team' })).toBe(true);
    for (const transport of ['electron', 'browser', 'cli'] as const) expect(usersShownHere({ transport })).toBe(false);
    expect(usersShownHere(null)).toBe(false);
  });
});

describe('the list', () => {
  it('sorts by login name and says each status', () => {
    const users = sortUsers([user('vic', 'viewer'), user('ada', 'admin'), user('sam', 'release-manager', true)]);
    expect(users.map((u) => u.name)).toEqual(['ada', 'sam', 'vic']);
    expect(users.map(userStatus)).toEqual(['Enabled', 'Disabled', 'Enabled']);
  });

  it('labels a user by display name and login name', () => {
    expect(userLabel({ name: 'ada', displayName: 'Ada Lovelace' })).toBe('Ada Lovelace (ada)');
    expect(userLabel({ name: 'ada', displayName: null })).toBe('ada');
  });

  it('knows the last enabled admin, whom the server protects', () => {
    const users = [user('ada', 'admin'), user('bob', 'admin', true), user('vic', 'viewer')];
    expect(enabledAdminCount(users)).toBe(1);
    expect(isLastEnabledAdmin(users, 'ada')).toBe(true);
    expect(isLastEnabledAdmin(users, 'bob')).toBe(false);
    expect(isLastEnabledAdmin(users, 'vic')).toBe(false);
    expect(isLastEnabledAdmin([...users, user('cy', 'admin')], 'ada')).toBe(false);
  });

  it('says what a change of role does', () => {
    expect(roleChangeConsequence(user('vic', 'viewer'), 'lead')).toBe(
      'vic goes from Viewer to Lead and is signed out everywhere; they sign in again with the new role.',
    );
  });
});

describe('passwordPairProblems', () => {
  it('gives the server’s messages, and asks for the same password twice', () => {
    expect(passwordPairProblems('sam', { password: 'short', confirm: 'short' })).toEqual({
      password: 'A password must be at least 12 characters long.',
    });
    expect(passwordPairProblems('sam', { password: 'aaaaaaaaaaaaaa', confirm: 'aaaaaaaaaaaaaa' }).password).toMatch(
      /one character repeated/,
    );
    expect(passwordPairProblems('sam', { password: ` ${GOOD}`, confirm: ` ${GOOD}` }).password).toMatch(/space/);
    expect(passwordPairProblems('sam', { password: GOOD, confirm: '' })).toEqual({
      confirm: 'Type the password again.',
    });
    expect(passwordPairProblems('sam', { password: GOOD, confirm: `${GOOD}!` })).toEqual({
      confirm: 'The two passwords differ; type the same one twice.',
    });
    expect(passwordPairProblems('sam', { password: GOOD, confirm: GOOD })).toEqual({});
  });

  it('refuses a password holding a login name of 4 characters or more, as the server does', () => {
    expect(
      passwordPairProblems('sam.lee', { password: 'my SAM.LEE password', confirm: 'my SAM.LEE password' }),
    ).toEqual({
      password: 'A password must not contain the login name.',
    });
    // A short name is refused only as the whole password.
    expect(
      passwordPairProblems('sam', { password: 'sam and his long pass', confirm: 'sam and his long pass' }),
    ).toEqual({});
  });
});

describe('newUserProblems and newUserInput', () => {
  it('asks for a login name of the allowed characters', () => {
    const draft = { ...EMPTY_USER, password: GOOD, confirm: GOOD };
    expect(newUserProblems(draft).name).toMatch(/^Give the login name/);
    expect(newUserProblems({ ...draft, name: 'Sam Lee' }).name).toMatch(/lower-case letters/);
    expect(newUserProblems({ ...draft, name: ' sam.lee ' })).toEqual({});
    expect(newUserProblems({ ...draft, name: 'sam', displayName: 'x'.repeat(101) }).displayName).toMatch(/100/);
  });

  it('sends the trimmed name, the display name only when given, and the password as typed', () => {
    const draft = { ...EMPTY_USER, name: ' sam ', role: 'lead' as const, password: GOOD, confirm: GOOD };
    expect(newUserInput(draft)).toEqual({ name: 'sam', role: 'lead', password: GOOD });
    expect(newUserInput({ ...draft, displayName: ' Sam Lee ' })).toEqual({
      name: 'sam',
      role: 'lead',
      displayName: 'Sam Lee',
      password: GOOD,
    });
  });
});

describe('placeRefusal', () => {
  const shown = ['name', 'password'] as const;

  it('puts a field’s message beside the field, and no alert', () => {
    const taken = 'There is already a user named sam.';
    expect(placeRefusal(taken, [{ field: 'name', message: taken }], shown)).toEqual({
      byField: { name: taken },
      alert: null,
    });
  });

  it('shows a refusal without fields (the last admin’s protection) as the alert, in the server’s words', () => {
    const message = 'ada is the only admin who can sign in; disabling them would leave nobody to manage users.';
    expect(placeRefusal(message, undefined, shown)).toEqual({ byField: {}, alert: message });
  });

  it('keeps the alert when some field is not on the form', () => {
    expect(placeRefusal('Bad.', [{ field: 'other', message: 'Bad.' }], shown)).toEqual({ byField: {}, alert: 'Bad.' });
  });
});
