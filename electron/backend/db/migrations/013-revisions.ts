import type { Migration } from './migration';

// A revision on what people edit from what they read: trains, rollout plans, each gate, and each
// setting (the calendar settings and the rollout policy are rows of `settings`). An edit made from
// a page sends the revision it read; when the stored one has moved on, the edit is refused with
// `conflict` (docs/team-mode.md, "Live updates and conflicts").
//
// Revisions are raised by triggers, so every writer (services, undo, plan sync and refresh, the
// demo, a hand-run script) keeps them honest without knowing about them. They are drawn from one
// clock for the whole file rather than counted per row: a rollout plan is replaced whole (deleted
// and inserted again, repositories/rollout-plans.ts `savePlan`), and a per-row count would start
// again from its default, so a stale page could find its old number again. A value from the clock
// is never given twice. A plan's waves and placements are written only with its head row
// (`rollout_plans.updated_at`), so the head's trigger covers them without one trigger per
// placement, which a plan of ten thousand deployments would pay for ten thousand times.
const REVISED = [
  { table: 'trains', where: 'id = NEW.id' },
  { table: 'rollout_plans', where: 'train_id = NEW.train_id' },
  { table: 'train_gates', where: 'train_id = NEW.train_id AND key = NEW.key' },
  { table: 'settings', where: 'key = NEW.key' },
] as const;

export const migration013: Migration = {
  version: 13,
  description: 'a revision on trains, rollout plans, gates and settings, raised by every change',
  up(db) {
    db.exec(`
      CREATE TABLE revision_clock (
        id    INTEGER PRIMARY KEY CHECK (id = 1),
        value INTEGER NOT NULL CHECK (value >= 0)
      ) STRICT;
      INSERT INTO revision_clock (id, value) VALUES (1, 0);
    `);
    for (const { table, where } of REVISED) {
      const raise = `UPDATE revision_clock SET value = value + 1;
          UPDATE ${table} SET revision = (SELECT value FROM revision_clock) WHERE ${where};`;
      // A settings row rewritten with the same value (an upsert that changes nothing) keeps its revision.
      const changed = table === 'settings' ? ' AND NEW.value IS NOT OLD.value' : '';
      db.exec(`
        ALTER TABLE ${table} ADD COLUMN revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0);
        CREATE TRIGGER ${table}_revision_insert AFTER INSERT ON ${table}
          BEGIN ${raise} END;
        CREATE TRIGGER ${table}_revision_update AFTER UPDATE ON ${table}
          WHEN NEW.revision = OLD.revision${changed}
          BEGIN ${raise} END;
      `);
    }
  },
};
