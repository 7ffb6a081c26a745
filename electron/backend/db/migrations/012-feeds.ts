import type { Migration } from './migration';

// Subscribable feeds (docs/team-mode.md): one row per feed URL a person created. The URL carries
// a secret of 32 random bytes, shown once when the feed is created; only its SHA-256 is kept, so
// the file alone never lets anyone read a feed. A revoked feed stays, for the record, and answers
// 404. `deployment_key` names the deployment of a `deployment` feed and nothing else.
export const migration012: Migration = {
  version: 12,
  description: 'subscribable feeds, each with a secret of its own',
  up(db) {
    db.exec(`
      CREATE TABLE feeds (
        id              INTEGER PRIMARY KEY,
        secret_hash     TEXT    NOT NULL UNIQUE CHECK (length(secret_hash) = 64 AND secret_hash NOT GLOB '*[^0-9a-f]*'),
        kind            TEXT    NOT NULL CHECK (kind IN ('calendar', 'deployment', 'release-notes')),
        deployment_key  TEXT    CHECK (length(deployment_key) BETWEEN 1 AND 64),
        label           TEXT    NOT NULL CHECK (length(label) BETWEEN 1 AND 120),
        created_by      TEXT    NOT NULL CHECK (length(created_by) >= 1),
        created_at      TEXT    NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
        revoked_at      TEXT    CHECK (revoked_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
        revoked_by      TEXT    CHECK (length(revoked_by) >= 1),
        last_fetched_at TEXT    CHECK (last_fetched_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
        CHECK ((kind = 'deployment') = (deployment_key IS NOT NULL)),
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      ) STRICT;
    `);
  },
};
