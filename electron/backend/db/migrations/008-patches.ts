import type { Migration } from './migration';

// Patch rollouts: resuming a halted train with a fix creates a patch that must reach every
// deployment still running the broken version — the internal deployment first (wave 0), a short
// bake, then the customer waves in the order they received the broken release. Its steps follow
// the rollout steps' state machine, so the CHECKs repeat those of rollout_steps.
export const migration008: Migration = {
  version: 8,
  description: 'patch rollouts: the fix of a halt, delivered to the deployments released with the broken version',
  up(db) {
    db.exec(`
      CREATE TABLE patches (
        id            INTEGER PRIMARY KEY,
        train_id      INTEGER NOT NULL REFERENCES trains (id) ON DELETE CASCADE,
        halt_id       INTEGER NOT NULL UNIQUE REFERENCES halts (id) ON DELETE CASCADE,
        version       TEXT    NOT NULL CHECK (length(version) BETWEEN 1 AND 40),
        broken        TEXT    NOT NULL CHECK (length(broken) BETWEEN 1 AND 40),
        reason        TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        reference     TEXT    NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
        bake_hours    INTEGER NOT NULL CHECK (bake_hours BETWEEN 0 AND 168),
        created_at    TEXT    NOT NULL,
        created_by    TEXT    NOT NULL
      ) STRICT;
      CREATE INDEX patches_train ON patches (train_id);

      CREATE TABLE patch_steps (
        patch_id      INTEGER NOT NULL REFERENCES patches (id) ON DELETE CASCADE,
        deployment_id INTEGER NOT NULL REFERENCES deployments (id),
        wave          INTEGER NOT NULL CHECK (wave >= 0),
        date          TEXT    NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        state         TEXT    NOT NULL
                      CHECK (state IN ('pending', 'in_progress', 'released', 'failed', 'rolled_back', 'skipped')),
        reason        TEXT    CHECK (length(reason) BETWEEN 1 AND 500),
        started_at    TEXT,
        finished_at   TEXT,
        updated_by    TEXT    NOT NULL,
        updated_at    TEXT    NOT NULL,
        PRIMARY KEY (patch_id, deployment_id),
        CHECK ((state IN ('failed', 'rolled_back', 'skipped')) = (reason IS NOT NULL)),
        CHECK (state <> 'pending' OR (started_at IS NULL AND finished_at IS NULL)),
        CHECK (state <> 'in_progress' OR (started_at IS NOT NULL AND finished_at IS NULL)),
        CHECK (state NOT IN ('released', 'failed', 'rolled_back') OR (started_at IS NOT NULL AND finished_at IS NOT NULL)),
        CHECK (state <> 'skipped' OR finished_at IS NOT NULL),
        CHECK (finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at)
      ) STRICT;
      CREATE INDEX patch_steps_deployment ON patch_steps (deployment_id);
    `);
  },
};
