import type { Migration } from './migration';

export const migration003: Migration = {
  version: 3,
  description: 'rollout plans per train: waves, placements with their reasons, the policy and engine that made them',
  up(db) {
    db.exec(`
      CREATE TABLE rollout_plans (
        train_id       INTEGER PRIMARY KEY REFERENCES trains (id) ON DELETE CASCADE,
        engine_version TEXT NOT NULL,
        -- The policy as it was when the plan was made: a snapshot document, read back only for display.
        policy_json    TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
      ) STRICT;

      CREATE TABLE rollout_waves (
        train_id INTEGER NOT NULL REFERENCES rollout_plans (train_id) ON DELETE CASCADE,
        wave     INTEGER NOT NULL CHECK (wave >= 0),
        day      TEXT    NOT NULL,
        PRIMARY KEY (train_id, wave)
      ) STRICT;

      CREATE TABLE rollout_placements (
        train_id      INTEGER NOT NULL,
        deployment_id INTEGER NOT NULL REFERENCES deployments (id),
        wave          INTEGER NOT NULL,
        reason        TEXT    NOT NULL,
        manual        INTEGER NOT NULL CHECK (manual IN (0, 1)),
        PRIMARY KEY (train_id, deployment_id),
        FOREIGN KEY (train_id, wave) REFERENCES rollout_waves (train_id, wave) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX rollout_placements_deployment ON rollout_placements (deployment_id);
    `);
  },
};
