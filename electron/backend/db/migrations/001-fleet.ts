import type { Migration } from './migration';

export const migration001: Migration = {
  version: 1,
  description: 'deployments, settings and the append-only audit log',
  up(db) {
    db.exec(`
      CREATE TABLE deployments (
        id            INTEGER PRIMARY KEY,
        key           TEXT    NOT NULL UNIQUE CHECK (length(key) BETWEEN 1 AND 63),
        name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        region        TEXT    NOT NULL,
        time_zone     TEXT    NOT NULL,
        tier          TEXT    NOT NULL CHECK (tier IN ('standard', 'premium', 'enterprise', 'government')),
        weight        INTEGER NOT NULL CHECK (weight >= 0),
        pairing_group TEXT,
        pin_policy    TEXT    NOT NULL CHECK (pin_policy IN ('none', 'late')),
        internal      INTEGER NOT NULL CHECK (internal IN (0, 1)),
        status        TEXT    NOT NULL CHECK (status IN ('active', 'retired')),
        created_at    TEXT    NOT NULL,
        updated_at    TEXT    NOT NULL,
        retired_at    TEXT,
        CHECK (NOT (internal = 1 AND pin_policy = 'late')),
        CHECK ((status = 'retired') = (retired_at IS NOT NULL))
      ) STRICT;

      -- At most one active internal deployment, whatever path the write takes.
      CREATE UNIQUE INDEX deployments_one_internal ON deployments (internal) WHERE internal = 1 AND status = 'active';
      CREATE INDEX deployments_region ON deployments (region);

      CREATE TABLE settings (
        key   TEXT NOT NULL PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit_events (
        id          INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        action      TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        entity_key  TEXT NOT NULL,
        summary     TEXT NOT NULL,
        before_json TEXT,
        after_json  TEXT
      ) STRICT;
      CREATE INDEX audit_events_entity ON audit_events (entity_type, entity_key, id);

      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    `);
  },
};
