import type { Migration } from './migration';

// Gates, rollout steps and halts. The CHECKs repeat the state machines' enums and
// the shape each state implies (a released step has both instants, a waived gate
// a reason, a resumed halt its fix version), so a bug elsewhere cannot store an
// impossible row. The default gates are written out here rather than imported, so
// that this migration means the same thing forever.

export const migration005: Migration = {
  version: 5,
  description:
    'rollout tracking: validation gates per train, a step per planned deployment, halts and what they reached',
  up(db) {
    db.exec(`
      CREATE TABLE train_gates (
        train_id     INTEGER NOT NULL REFERENCES trains (id) ON DELETE CASCADE,
        key          TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 40),
        position     INTEGER NOT NULL CHECK (position >= 0),
        name         TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        kind         TEXT    NOT NULL CHECK (kind IN ('check', 'internal_bake')),
        required     INTEGER NOT NULL CHECK (required IN (0, 1)),
        bake_hours   INTEGER CHECK (bake_hours BETWEEN 1 AND 720),
        state        TEXT    NOT NULL CHECK (state IN ('pending', 'passed', 'failed', 'waived')),
        reason       TEXT    CHECK (length(reason) BETWEEN 1 AND 500),
        evidence_url TEXT    CHECK (evidence_url LIKE 'http://_%' OR evidence_url LIKE 'https://_%'),
        updated_by   TEXT    NOT NULL,
        updated_at   TEXT    NOT NULL,
        PRIMARY KEY (train_id, key),
        UNIQUE (train_id, position),
        CHECK ((kind = 'internal_bake') = (bake_hours IS NOT NULL)),
        CHECK (state <> 'waived' OR reason IS NOT NULL),
        CHECK (state <> 'pending' OR (reason IS NULL AND evidence_url IS NULL))
      ) STRICT;
      CREATE UNIQUE INDEX train_gates_one_internal_bake ON train_gates (train_id) WHERE kind = 'internal_bake';

      -- Lets a step reference its placement with the wave: a move updates both, a step never sits in another wave.
      CREATE UNIQUE INDEX rollout_placements_wave ON rollout_placements (train_id, deployment_id, wave);

      CREATE TABLE rollout_steps (
        train_id      INTEGER NOT NULL,
        deployment_id INTEGER NOT NULL,
        wave          INTEGER NOT NULL CHECK (wave >= 0),
        state         TEXT    NOT NULL
                      CHECK (state IN ('pending', 'in_progress', 'released', 'failed', 'rolled_back', 'skipped')),
        reason        TEXT    CHECK (length(reason) BETWEEN 1 AND 500),
        started_at    TEXT,
        finished_at   TEXT,
        updated_by    TEXT    NOT NULL,
        updated_at    TEXT    NOT NULL,
        PRIMARY KEY (train_id, deployment_id),
        -- Steps never mix between trains: each belongs to its own train's placement (and wave).
        FOREIGN KEY (train_id, deployment_id, wave)
          REFERENCES rollout_placements (train_id, deployment_id, wave) ON UPDATE CASCADE,
        CHECK ((state IN ('failed', 'rolled_back', 'skipped')) = (reason IS NOT NULL)),
        CHECK (state <> 'pending' OR (started_at IS NULL AND finished_at IS NULL)),
        CHECK (state <> 'in_progress' OR (started_at IS NOT NULL AND finished_at IS NULL)),
        CHECK (state NOT IN ('released', 'failed', 'rolled_back') OR (started_at IS NOT NULL AND finished_at IS NOT NULL)),
        CHECK (state <> 'skipped' OR finished_at IS NOT NULL),
        CHECK (finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at)
      ) STRICT;
      CREATE INDEX rollout_steps_deployment ON rollout_steps (deployment_id);
      CREATE INDEX rollout_steps_wave ON rollout_steps (train_id, wave, state);

      CREATE TABLE halts (
        id           INTEGER PRIMARY KEY,
        train_id     INTEGER NOT NULL REFERENCES trains (id) ON DELETE CASCADE,
        reason       TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        reference    TEXT    NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
        severity     TEXT    NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
        halted_at    TEXT    NOT NULL,
        halted_by    TEXT    NOT NULL,
        halted_wave  INTEGER NOT NULL CHECK (halted_wave >= 0),
        resumed_at   TEXT,
        resumed_by   TEXT,
        fix_version  TEXT    CHECK (length(fix_version) BETWEEN 1 AND 40),
        CHECK ((resumed_at IS NULL) = (fix_version IS NULL)),
        CHECK ((resumed_at IS NULL) = (resumed_by IS NULL)),
        CHECK (resumed_at IS NULL OR resumed_at >= halted_at)
      ) STRICT;
      -- At most one open halt per train.
      CREATE UNIQUE INDEX halts_one_open ON halts (train_id) WHERE resumed_at IS NULL;
      CREATE INDEX halts_train ON halts (train_id, halted_at);

      CREATE TABLE halt_deployments (
        halt_id       INTEGER NOT NULL REFERENCES halts (id) ON DELETE CASCADE,
        deployment_id INTEGER NOT NULL REFERENCES deployments (id),
        PRIMARY KEY (halt_id, deployment_id)
      ) STRICT;
      CREATE INDEX halt_deployments_deployment ON halt_deployments (deployment_id);

      -- Plans made before tracking existed get their steps and the default gates now.
      INSERT INTO rollout_steps (train_id, deployment_id, wave, state, updated_by, updated_at)
        SELECT p.train_id, p.deployment_id, p.wave, 'pending', 'migration', r.updated_at
        FROM rollout_placements p JOIN rollout_plans r ON r.train_id = p.train_id;
      INSERT INTO train_gates (train_id, key, position, name, kind, required, bake_hours, state, updated_by, updated_at)
        SELECT r.train_id, g.key, g.position, g.name, g.kind, 1, g.bake_hours, 'pending', 'migration', r.updated_at
        FROM rollout_plans r, (
          SELECT 'unit-tests' AS key, 0 AS position, 'Unit tests' AS name, 'check' AS kind, NULL AS bake_hours
          UNION ALL SELECT 'integration-tests', 1, 'Integration tests', 'check', NULL
          UNION ALL SELECT 'acceptance-suite', 2, 'Acceptance suite', 'check', NULL
          UNION ALL SELECT 'internal-bake', 3, 'Internal deployment released and baked', 'internal_bake', 24
        ) g;
    `);
  },
};
