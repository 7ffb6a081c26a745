import { z } from 'zod';
import { ROLES, type Role } from './method-roles';
import { requiredText } from './text-schema';

// The accounts of a team server (docs/team-mode.md): who may sign in, with which role. Passwords
// cross the API only on their way in (adding a user, resetting a password) and are never answered.

/** A login name: what people type to sign in. */
export const LOGIN_NAME_PATTERN = /^[a-z0-9._-]{1,64}$/;
export const PASSWORD_MIN = 12;
/** Long enough for any passphrase; short enough that hashing one costs what hashing any costs. */
export const PASSWORD_MAX = 1024;

export const loginNameSchema = requiredText('The login name', 64, { abortOverMax: true }).regex(
  LOGIN_NAME_PATTERN,
  'A login name uses only lower-case letters, digits, ".", "_" and "-" (such as sam.lee).',
);

export const roleSchema = z.enum(ROLES, { error: `The role must be one of ${ROLES.join(', ')}.` });

/** Why a password is refused, or null. The name it must not equal is checked where both are known. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `A password must be at least ${PASSWORD_MIN} characters long.`;
  if (password.length > PASSWORD_MAX)
    return `A password must be at most ${PASSWORD_MAX.toLocaleString('en-US')} characters.`;
  if (password.trim() !== password) return 'A password must not start or end with a space.';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(password)) return 'A password must not hold control characters (tabs, line breaks).';
  if (new Set(password).size < 4)
    return 'A password must not be one character repeated; use a few words or a generated one.';
  return null;
}

export const passwordSchema = z.string({ error: 'The password must be text.' }).superRefine((p, ctx) => {
  const problem = passwordProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const displayNameSchema = requiredText('The display name', 100).nullable();

/** A user of a team server as the API shows one: never their password or its hash. */
export interface TeamUser {
  name: string;
  displayName: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A session ends this long after it was last used… */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** …and at the latest this long after sign-in. */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
