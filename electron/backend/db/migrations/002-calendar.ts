import type { Migration } from './migration';

export const migration002: Migration = {
  version: 2,
  description: 'release trains with their phases and release days, holidays and freezes',
  up(db) {
    db.exec(`
      CREATE TABLE trains (
        id           INTEGER PRIMARY KEY,
        version      TEXT    NOT NULL UNIQUE CHECK (length(version) BETWEEN 1 AND 40),
        slot_start   TEXT    NOT NULL UNIQUE,
        start_day    TEXT    NOT NULL,
        end_day      TEXT    NOT NULL,
        state        TEXT    NOT NULL CHECK (state IN ('active', 'skipped', 'cancelled')),
        state_reason TEXT,
        notes        TEXT    NOT NULL DEFAULT '',
        created_at   TEXT    NOT NULL,
        updated_at   TEXT    NOT NULL,
        CHECK (end_day >= start_day),
        CHECK ((state = 'active') = (state_reason IS NULL))
      ) STRICT;
      CREATE INDEX trains_start ON trains (start_day);

      CREATE TABLE train_phases (
        train_id   INTEGER NOT NULL REFERENCES trains (id) ON DELETE CASCADE,
        position   INTEGER NOT NULL CHECK (position >= 0),
        key        TEXT    NOT NULL,
        name       TEXT    NOT NULL,
        kind       TEXT    NOT NULL CHECK (kind IN ('development', 'validation', 'rollout', 'monitoring', 'other')),
        start_day  TEXT    NOT NULL,
        end_day    TEXT    NOT NULL,
        production INTEGER NOT NULL CHECK (production IN (0, 1)),
        PRIMARY KEY (train_id, position),
        UNIQUE (train_id, key),
        CHECK (end_day >= start_day)
      ) STRICT;

      -- Nominal release days, as laid by the template; calendar rules move them when read.
      CREATE TABLE train_release_days (
        train_id  INTEGER NOT NULL,
        phase_key TEXT    NOT NULL,
        nominal   TEXT    NOT NULL,
        PRIMARY KEY (train_id, nominal),
        FOREIGN KEY (train_id, phase_key) REFERENCES train_phases (train_id, key) ON DELETE CASCADE
      ) STRICT;

      CREATE TABLE holidays (
        day  TEXT NOT NULL PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80)
      ) STRICT;

      CREATE TABLE freezes (
        id        INTEGER PRIMARY KEY,
        name      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        start_day TEXT NOT NULL,
        end_day   TEXT NOT NULL,
        reason    TEXT NOT NULL DEFAULT '',
        CHECK (end_day >= start_day)
      ) STRICT;
      CREATE INDEX freezes_range ON freezes (start_day, end_day);
    `);
  },
};
