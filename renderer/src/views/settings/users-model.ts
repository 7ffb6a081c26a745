import type { AppInfo } from '../../../../shared/contract';
import type { FieldError } from '../../../../shared/errors';
import { ROLES, ROLE_LABELS, type Role } from '../../../../shared/method-roles';
import { LOGIN_NAME_PATTERN, type TeamUser, passwordProblem } from '../../../../shared/team-accounts';

// Settings → Users, state-free: whether the section exists here, how a user reads in the list,
// and what the add and reset-password forms lack before anything is sent. The password rules are
// the server's own (`passwordProblem`), so a message here is the one the server would give.

/** Accounts exist on a team server only; the desktop app and browser mode serve one person. */
export function usersShownHere(info: Pick<AppInfo, 'transport'> | null): boolean {
  return info?.transport === 'team';
}

/** The line a person who is not an admin sees instead of the list. */
export const USERS_MANAGED_BY_ADMINS =
  'Accounts on this team server are managed by its admins: ask one to add someone, change a role or reset a password.';

/** Users by login name, as the list shows them. */
export function sortUsers(users: readonly TeamUser[]): TeamUser[] {
  return [...users].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function userStatus(user: Pick<TeamUser, 'disabled'>): 'Enabled' | 'Disabled' {
  return user.disabled ? 'Disabled' : 'Enabled';
}

/** "Ada Lovelace (ada)", or the login name alone. */
export function userLabel(user: Pick<TeamUser, 'name' | 'displayName'>): string {
  return user.displayName ? `${user.displayName} (${user.name})` : user.name;
}

export const ROLE_OPTIONS: readonly { value: Role; label: string }[] = ROLES.map((r) => ({
  value: r,
  label: ROLE_LABELS[r],
}));

/** Enabled admins: the last one is protected by the server (it cannot be disabled or demoted). */
export function enabledAdminCount(users: readonly TeamUser[]): number {
  return users.filter((u) => u.role === 'admin' && !u.disabled).length;
}

/** The one enabled admin left, whose disabling or demotion the server refuses. */
export function isLastEnabledAdmin(users: readonly TeamUser[], name: string): boolean {
  const user = users.find((u) => u.name === name);
  return user !== undefined && user.role === 'admin' && !user.disabled && enabledAdminCount(users) === 1;
}

export interface PasswordPair {
  password: string;
  confirm: string;
}

export type PasswordField = 'password' | 'confirm';

/** A new password and its repetition: the server's rules, and that both say the same. */
export function passwordPairProblems(name: string, pair: PasswordPair): Partial<Record<PasswordField, string>> {
  const problems: Partial<Record<PasswordField, string>> = {};
  const problem = passwordProblem(pair.password);
  const login = name.trim();
  const lowered = pair.password.toLowerCase();
  if (problem) problems.password = problem;
  else if (login !== '' && (lowered === login || (login.length >= 4 && lowered.includes(login))))
    problems.password = 'A password must not contain the login name.';
  if (pair.confirm === '') problems.confirm = 'Type the password again.';
  else if (pair.confirm !== pair.password) problems.confirm = 'The two passwords differ; type the same one twice.';
  return problems;
}

export interface NewUserDraft extends PasswordPair {
  name: string;
  displayName: string;
  role: Role;
}

export type NewUserField = 'name' | 'displayName' | 'role' | PasswordField;

export const EMPTY_USER: NewUserDraft = { name: '', displayName: '', role: 'viewer', password: '', confirm: '' };

/** The add form's problems by field, before anything is sent; empty when it may be sent. */
export function newUserProblems(draft: NewUserDraft): Partial<Record<NewUserField, string>> {
  const problems: Partial<Record<NewUserField, string>> = {};
  const name = draft.name.trim();
  if (name === '') problems.name = 'Give the login name people type to sign in, such as sam.lee.';
  else if (!LOGIN_NAME_PATTERN.test(name))
    problems.name = 'A login name uses only lower-case letters, digits, ".", "_" and "-" (such as sam.lee).';
  if (draft.displayName.trim().length > 100) problems.displayName = 'The display name must be at most 100 characters.';
  return { ...problems, ...passwordPairProblems(name, draft) };
}

/** The API's input for a draft: the display name only when one is given. */
export function newUserInput(draft: NewUserDraft): {
  name: string;
  role: Role;
  displayName?: string;
  password: string;
} {
  const displayName = draft.displayName.trim();
  return {
    name: draft.name.trim(),
    role: draft.role,
    ...(displayName ? { displayName } : {}),
    password: draft.password,
  };
}

/**
 * A refusal's field messages on the fields a form shows (a taken name, a password holding the
 * login name), and the message of the whole refusal when no field shows it.
 */
export function placeRefusal<F extends string>(
  message: string,
  fields: readonly FieldError[] | undefined,
  shown: readonly F[],
): { byField: Partial<Record<F, string>>; alert: string | null } {
  const byField: Partial<Record<F, string>> = {};
  let unplaced = false;
  for (const f of fields ?? []) {
    if ((shown as readonly string[]).includes(f.field)) byField[f.field as F] ??= f.message;
    else unplaced = true;
  }
  return { byField, alert: Object.keys(byField).length === 0 || unplaced ? message : null };
}

/** What a change of role does, for the dialog that asks. */
export function roleChangeConsequence(user: Pick<TeamUser, 'name' | 'role'>, role: Role): string {
  return `${user.name} goes from ${ROLE_LABELS[user.role]} to ${ROLE_LABELS[role]} and is signed out everywhere; they sign in again with the new role.`;
}
