import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import type { ParsedInput } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import { ROLE_LABELS, type Role } from '../../../shared/method-roles';
import { SESSION_IDLE_MS, SESSION_MAX_MS, type TeamUser } from '../../../shared/team-accounts';
import {
  type UserRow,
  countActiveAdmins,
  insertSession,
  insertUser,
  listUserRows,
  pruneSessionRows,
  revokeSessionRow,
  revokeUserSessionRows,
  sessionRow,
  touchSessionRow,
  updateUser,
  userRowById,
  userRowByName,
} from '../repositories/users';
import { type ServiceContext, audit } from './context';

// The accounts of a team server (docs/team-mode.md): users, their roles and passwords, and their
// sessions. Passwords are hashed with scrypt (memory-hard: N = 2^15, r = 8, p = 1, 32 MiB) and a
// 16-byte salt of their own, stored as `scrypt$N$r$p$<salt b64>$<hash b64>`, and compared in
// constant time. Every change of an account is audited, its actor the admin who made it, without
// the password. Disabling a user, changing their role or password revokes their sessions.

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is exactly that, so allow twice it. */
const maxmemOf = (N: number, r: number): number => 2 * 128 * N * r + 1024 * 1024;

/** The stored form of a password: its scrypt hash with the parameters and salt it was made with. */
export function hashPassword(password: string): string {
  const salt = randomBytes(SALT_BYTES);
  const key = scryptSync(password.normalize('NFC'), salt, KEY_BYTES, {
    ...SCRYPT,
    maxmem: maxmemOf(SCRYPT.N, SCRYPT.r),
  });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface StoredHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): StoredHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Bounds: a stored hash must not make a sign-in take unbounded memory or time.
  if (!Number.isInteger(Math.log2(N)) || N < 2 ** 10 || N > 2 ** 20 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(parts[4]!, 'base64');
  const key = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

/** Whether `password` is the one `stored` was made from; off the event loop's thread (libuv's pool). */
export function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parseHash(stored);
  if (!h) return Promise.resolve(false);
  return new Promise((resolve) => {
    scrypt(
      password.normalize('NFC'),
      h.salt,
      h.key.length,
      { N: h.N, r: h.r, p: h.p, maxmem: maxmemOf(h.N, h.r) },
      (err, key) => resolve(!err && timingSafeEqual(key, h.key)),
    );
  });
}

let decoy: string | null = null;
/** A hash no password is known for: a sign-in with an unknown name costs what a wrong password costs. */
export function decoyHash(): string {
  decoy ??= hashPassword(randomBytes(32).toString('base64'));
  return decoy;
}

function userOf(row: UserRow): TeamUser {
  return {
    name: row.name,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function requireUser(ctx: ServiceContext, name: string): UserRow {
  const row = userRowByName(ctx.db, name);
  if (!row) throw new DomainError('not_found', `There is no user named ${name}.`);
  return row;
}

function refuseNameAsPassword(name: string, password: string): void {
  const lower = password.toLowerCase();
  if (lower === name || (name.length >= 4 && lower.includes(name)))
    throw new DomainError('invalid_input', 'A password must not contain the login name.', [
      { field: 'password', message: 'A password must not contain the login name.' },
    ]);
}

/** Refuses a change that would leave nobody able to manage users. */
function keepAnAdmin(ctx: ServiceContext, row: UserRow, what: string): void {
  if (row.role === 'admin' && row.disabled === 0 && countActiveAdmins(ctx.db) === 1)
    throw new DomainError(
      'rule_violation',
      `${row.name} is the only admin who can sign in; ${what} would leave nobody to manage users. Make another user an admin first.`,
    );
}

export function listTeamUsers(ctx: ServiceContext): TeamUser[] {
  return listUserRows(ctx.db).map(userOf);
}

export function addTeamUser(ctx: ServiceContext, input: ParsedInput<'users.add'>): TeamUser {
  if (userRowByName(ctx.db, input.name))
    throw new DomainError('conflict', `There is already a user named ${input.name}.`, [
      { field: 'name', message: `There is already a user named ${input.name}.` },
    ]);
  refuseNameAsPassword(input.name, input.password);
  const at = ctx.now().toISOString();
  const id = insertUser(ctx.db, {
    name: input.name,
    display_name: input.displayName ?? null,
    role: input.role,
    password_hash: hashPassword(input.password),
    disabled: 0,
    created_at: at,
    updated_at: at,
  });
  const user = userOf(userRowById(ctx.db, id)!);
  audit(ctx, {
    action: 'user.add',
    entityType: 'user',
    entityKey: user.name,
    summary: `Added the user ${user.name} as ${ROLE_LABELS[user.role].toLowerCase()}`,
    before: undefined,
    after: { name: user.name, displayName: user.displayName, role: user.role },
  });
  return user;
}

export function setTeamUserRole(ctx: ServiceContext, name: string, role: Role): TeamUser {
  const row = requireUser(ctx, name);
  if (row.role === role) return userOf(row);
  if (role !== 'admin') keepAnAdmin(ctx, row, 'changing their role');
  const at = ctx.now().toISOString();
  updateUser(ctx.db, row.id, { role }, at);
  const revoked = revokeUserSessionRows(ctx.db, row.id, at);
  audit(ctx, {
    action: 'user.role',
    entityType: 'user',
    entityKey: name,
    summary: `Changed ${name}'s role from ${ROLE_LABELS[row.role].toLowerCase()} to ${ROLE_LABELS[role].toLowerCase()}${signedOut(revoked)}`,
    before: { role: row.role },
    after: { role },
  });
  return userOf(userRowById(ctx.db, row.id)!);
}

function signedOut(sessions: number): string {
  return sessions === 0 ? '' : ` (signed out of ${sessions} session${sessions === 1 ? '' : 's'})`;
}

export function setTeamUserDisabled(ctx: ServiceContext, name: string, disabled: boolean): TeamUser {
  const row = requireUser(ctx, name);
  if ((row.disabled === 1) === disabled) return userOf(row);
  if (disabled) keepAnAdmin(ctx, row, 'disabling them');
  const at = ctx.now().toISOString();
  updateUser(ctx.db, row.id, { disabled: disabled ? 1 : 0 }, at);
  const revoked = disabled ? revokeUserSessionRows(ctx.db, row.id, at) : 0;
  audit(ctx, {
    action: disabled ? 'user.disable' : 'user.enable',
    entityType: 'user',
    entityKey: name,
    summary: `${disabled ? 'Disabled' : 'Enabled'} the user ${name}${signedOut(revoked)}`,
    before: { disabled: row.disabled === 1 },
    after: { disabled },
  });
  return userOf(userRowById(ctx.db, row.id)!);
}

export function resetTeamUserPassword(ctx: ServiceContext, name: string, password: string): TeamUser {
  const row = requireUser(ctx, name);
  refuseNameAsPassword(name, password);
  const at = ctx.now().toISOString();
  updateUser(ctx.db, row.id, { password_hash: hashPassword(password) }, at);
  const revoked = revokeUserSessionRows(ctx.db, row.id, at);
  audit(ctx, {
    action: 'user.password',
    entityType: 'user',
    entityKey: name,
    summary: `Reset ${name}'s password${signedOut(revoked)}`,
    before: undefined,
    after: undefined,
  });
  return userOf(userRowById(ctx.db, row.id)!);
}

/** Whether any admin can sign in: a team server refuses to start without one. */
export function hasActiveAdmin(ctx: ServiceContext): boolean {
  return countActiveAdmins(ctx.db) > 0;
}

// ---- Sign-in and sessions ----

/** What a sign-in needs to check a password: read before the (slow) hash, outside any transaction. */
export interface SignInCandidate {
  userId: number;
  passwordHash: string;
  disabled: boolean;
}

export function signInCandidate(ctx: ServiceContext, name: string): SignInCandidate | null {
  const row = userRowByName(ctx.db, name);
  return row ? { userId: row.id, passwordHash: row.password_hash, disabled: row.disabled === 1 } : null;
}

/** A session as the server uses it. */
export interface TeamSession {
  /** The SHA-256 of the token, hex: the session's id. */
  id: string;
  user: { name: string; role: Role; displayName: string | null };
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** The session id of a token: its SHA-256, which is all the database keeps. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Opens a session for the user a password was checked for, unless the account changed meanwhile
 * (disabled, or its password reset since it was read): then null. The token is answered once.
 */
export function openSession(
  ctx: ServiceContext,
  candidate: SignInCandidate,
): { token: string; session: TeamSession } | null {
  const row = userRowById(ctx.db, candidate.userId);
  if (!row || row.disabled === 1 || row.password_hash !== candidate.passwordHash) return null;
  const now = ctx.now();
  const token = randomBytes(32).toString('base64url');
  const at = now.toISOString();
  const day = 24 * 60 * 60 * 1000;
  pruneSessionRows(
    ctx.db,
    new Date(now.getTime() - day).toISOString(),
    new Date(now.getTime() - day - SESSION_IDLE_MS).toISOString(),
  );
  insertSession(ctx.db, {
    id: sessionIdOf(token),
    user_id: row.id,
    csrf_token: randomBytes(32).toString('base64url'),
    created_at: at,
    last_seen_at: at,
    expires_at: new Date(now.getTime() + SESSION_MAX_MS).toISOString(),
  });
  return { token, session: findSession(ctx, token)! };
}

/** The live session a token names: null when unknown, revoked, idle too long, expired, or its user disabled. */
export function findSession(ctx: ServiceContext, token: string): TeamSession | null {
  const s = sessionRow(ctx.db, sessionIdOf(token));
  if (!s || s.revoked_at !== null) return null;
  const now = ctx.now().getTime();
  if (now >= Date.parse(s.expires_at) || now >= Date.parse(s.last_seen_at) + SESSION_IDLE_MS) return null;
  const user = userRowById(ctx.db, s.user_id);
  if (!user || user.disabled === 1) return null;
  return {
    id: s.id,
    user: { name: user.name, role: user.role, displayName: user.display_name },
    csrfToken: s.csrf_token,
    createdAt: s.created_at,
    lastSeenAt: s.last_seen_at,
    expiresAt: s.expires_at,
  };
}

/** Records that a session was used now (its idle time starts again). */
export function touchSession(ctx: ServiceContext, sessionId: string): void {
  touchSessionRow(ctx.db, sessionId, ctx.now().toISOString());
}

/** Signs a session out; a token that names none is ignored. */
export function revokeSession(ctx: ServiceContext, token: string): void {
  revokeSessionRow(ctx.db, sessionIdOf(token), ctx.now().toISOString());
}
