import type { Migration } from './migration';

// Team mode (docs/team-mode.md): the people who may sign in to a team server, and their sessions.
// A user's name is the login name (lower-case letters, digits, `.`, `_`, `-`); the password is kept
// only as its scrypt hash (`scrypt$N$r$p$<salt>$<hash>`). A session row is named by the SHA-256
// of its cookie's token, never the token itself; it ends when revoked, 12 hours after it was last
// used, or at `expires_at` (7 days after sign-in), whichever comes first. Ended sessions are pruned
// as new ones are made.
export const migration011: Migration = {
  version: 11,
  description: 'team server accounts and sessions',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        name          TEXT NOT NULL UNIQUE
                      CHECK (length(name) BETWEEN 1 AND 64 AND name NOT GLOB '*[^a-z0-9._-]*'),
        display_name  TEXT CHECK (display_name IS NULL OR length(display_name) BETWEEN 1 AND 100),
        role          TEXT NOT NULL CHECK (role IN ('viewer', 'lead', 'release-manager', 'admin')),
        password_hash TEXT NOT NULL CHECK (password_hash GLOB 'scrypt$*'),
        disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at    TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
        updated_at    TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')
      ) STRICT;

      CREATE TABLE sessions (
        id           TEXT PRIMARY KEY CHECK (length(id) = 64 AND id NOT GLOB '*[^0-9a-f]*'),
        user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token   TEXT NOT NULL CHECK (length(csrf_token) >= 32),
        created_at   TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
        last_seen_at TEXT NOT NULL CHECK (last_seen_at >= created_at),
        expires_at   TEXT NOT NULL CHECK (expires_at > created_at),
        revoked_at   TEXT CHECK (revoked_at IS NULL OR revoked_at >= created_at)
      ) STRICT;
      CREATE INDEX sessions_user ON sessions (user_id);
    `);
  },
};
