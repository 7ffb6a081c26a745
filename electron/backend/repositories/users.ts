import type { Role } from '../../../shared/method-roles';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';

// The accounts and sessions of a team server (migration 11). Sessions are found by the SHA-256 of
// their token; the token itself is never stored.

export interface UserRow {
  id: number;
  name: string;
  display_name: string | null;
  role: Role;
  password_hash: string;
  disabled: 0 | 1;
  created_at: string;
  updated_at: string;
}

export interface SessionRow {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

const USER_COLUMNS = 'id, name, display_name, role, password_hash, disabled, created_at, updated_at';

export function listUserRows(db: Db): UserRow[] {
  return sql(db, `SELECT ${USER_COLUMNS} FROM users ORDER BY name`).all() as UserRow[];
}

export function userRowByName(db: Db, name: string): UserRow | undefined {
  return sql(db, `SELECT ${USER_COLUMNS} FROM users WHERE name = ?`).get(name) as UserRow | undefined;
}

export function userRowById(db: Db, id: number): UserRow | undefined {
  return sql(db, `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;
}

export function insertUser(db: Db, row: Omit<UserRow, 'id'>): number {
  const r = sql(
    db,
    `INSERT INTO users (name, display_name, role, password_hash, disabled, created_at, updated_at)
     VALUES (@name, @display_name, @role, @password_hash, @disabled, @created_at, @updated_at)`,
  ).run(row);
  return Number(r.lastInsertRowid);
}

/** Changes the named columns of a user and its `updated_at`. */
export function updateUser(
  db: Db,
  id: number,
  changes: Partial<Pick<UserRow, 'role' | 'password_hash' | 'disabled'>>,
  at: string,
): void {
  const current = userRowById(db, id);
  if (!current) return;
  sql(db, 'UPDATE users SET role = ?, password_hash = ?, disabled = ?, updated_at = ? WHERE id = ?').run(
    changes.role ?? current.role,
    changes.password_hash ?? current.password_hash,
    changes.disabled ?? current.disabled,
    at,
    id,
  );
}

/** How many users may sign in as admins. */
export function countActiveAdmins(db: Db): number {
  return sql(db, "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0").pluck().get() as number;
}

export function insertSession(db: Db, row: Omit<SessionRow, 'revoked_at'>): void {
  sql(
    db,
    `INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at)
     VALUES (@id, @user_id, @csrf_token, @created_at, @last_seen_at, @expires_at)`,
  ).run(row);
}

export function sessionRow(db: Db, id: string): SessionRow | undefined {
  return sql(
    db,
    'SELECT id, user_id, csrf_token, created_at, last_seen_at, expires_at, revoked_at FROM sessions WHERE id = ?',
  ).get(id) as SessionRow | undefined;
}

export function touchSessionRow(db: Db, id: string, at: string): void {
  sql(db, 'UPDATE sessions SET last_seen_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id);
}

export function revokeSessionRow(db: Db, id: string, at: string): void {
  sql(db, 'UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id);
}

/** Revokes every open session of a user; answers how many. */
export function revokeUserSessionRows(db: Db, userId: number, at: string): number {
  return sql(db, 'UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(at, userId).changes;
}

/** Forgets sessions that ended (revoked, idle or expired) before `before`. */
export function pruneSessionRows(db: Db, before: string, idleBefore: string): void {
  sql(db, 'DELETE FROM sessions WHERE revoked_at < ? OR expires_at < ? OR last_seen_at < ?').run(
    before,
    before,
    idleBefore,
  );
}
