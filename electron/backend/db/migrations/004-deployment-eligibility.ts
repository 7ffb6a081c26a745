import type { Migration } from './migration';

export const migration004: Migration = {
  version: 4,
  description: 'early-wave opt-out and blocked date ranges per deployment',
  up(db) {
    db.exec(`
      ALTER TABLE deployments ADD COLUMN early_opt_out INTEGER NOT NULL DEFAULT 0 CHECK (early_opt_out IN (0, 1));

      -- Inclusive ranges of days on which a deployment takes no release (its own change freeze, a customer event).
      CREATE TABLE deployment_blocked_dates (
        id            INTEGER PRIMARY KEY,
        deployment_id INTEGER NOT NULL REFERENCES deployments (id),
        from_day      TEXT    NOT NULL CHECK (from_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        to_day        TEXT    NOT NULL CHECK (to_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        reason        TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
        CHECK (to_day >= from_day)
      ) STRICT;
      CREATE INDEX deployment_blocked_dates_deployment ON deployment_blocked_dates (deployment_id, from_day);
    `);
  },
};
