import type { Migration } from './migration';

// Each deployment's fairness account (shared/ordering.ts, `AccountLedger`), kept instead of read
// again from every stored plan at each plan. The ledger reads the trains whose rollout has started
// (their plans are committed), oldest first; `fairness_ledger_trains` lists them in that order, so
// the next plan reads only the trains after them. Any change to a plan or a regression of a train
// it has read marks it stale (the triggers below), and the next read builds it again from the
// stored plans; a change of the order of the trains is seen when it is read. It starts stale: the
// backend builds it from the plans already stored when it opens the file.
export const migration010: Migration = {
  version: 10,
  description: 'fairness accounts per deployment, kept as train plans are committed',
  up(db) {
    db.exec(`
      CREATE TABLE fairness_ledger (
        id                INTEGER PRIMARY KEY CHECK (id = 1),
        -- The policy fields the accounts were read by; another value means reading them again.
        early_waves       INTEGER NOT NULL CHECK (early_waves >= 1),
        regression_weight REAL    NOT NULL CHECK (regression_weight >= 0),
        stale             INTEGER NOT NULL CHECK (stale IN (0, 1))
      ) STRICT;
      INSERT INTO fairness_ledger (id, early_waves, regression_weight, stale) VALUES (1, 1, 3, 1);

      CREATE TABLE fairness_ledger_trains (
        train_id INTEGER PRIMARY KEY REFERENCES trains (id) ON DELETE CASCADE,
        -- Its number in the ledger (1 = the first train read).
        seq      INTEGER NOT NULL UNIQUE CHECK (seq >= 1)
      ) STRICT;

      CREATE TABLE fairness_accounts (
        deployment_id INTEGER PRIMARY KEY REFERENCES deployments (id) ON DELETE CASCADE,
        turns         INTEGER NOT NULL CHECK (turns >= 0),
        last_early    INTEGER CHECK (last_early >= 1),
        first_seen    INTEGER CHECK (first_seen >= 1),
        last_seen     INTEGER CHECK (last_seen >= 1),
        trains        INTEGER NOT NULL CHECK (trains >= 0),
        exposure      REAL    NOT NULL,
        regressions   INTEGER NOT NULL CHECK (regressions >= 0),
        CHECK (turns <= trains),
        CHECK ((first_seen IS NULL) = (last_seen IS NULL) AND (first_seen IS NULL) = (trains = 0)),
        CHECK (last_early IS NULL OR (turns > 0 AND last_early BETWEEN first_seen AND last_seen))
      ) STRICT;

      CREATE TRIGGER fairness_stale_placement_insert AFTER INSERT ON rollout_placements
        WHEN EXISTS (SELECT 1 FROM fairness_ledger_trains WHERE train_id = NEW.train_id)
        BEGIN UPDATE fairness_ledger SET stale = 1; END;
      CREATE TRIGGER fairness_stale_placement_update AFTER UPDATE OF train_id, deployment_id, wave ON rollout_placements
        WHEN EXISTS (SELECT 1 FROM fairness_ledger_trains WHERE train_id IN (OLD.train_id, NEW.train_id))
        BEGIN UPDATE fairness_ledger SET stale = 1; END;
      CREATE TRIGGER fairness_stale_placement_delete AFTER DELETE ON rollout_placements
        WHEN EXISTS (SELECT 1 FROM fairness_ledger_trains WHERE train_id = OLD.train_id)
        BEGIN UPDATE fairness_ledger SET stale = 1; END;
      CREATE TRIGGER fairness_stale_wave_insert AFTER INSERT ON rollout_waves
        WHEN EXISTS (SELECT 1 FROM fairness_ledger_trains WHERE train_id = NEW.train_id)
        BEGIN UPDATE fairness_ledger SET stale = 1; END;
      CREATE TRIGGER fairness_stale_wave_delete AFTER DELETE ON rollout_waves
        WHEN EXISTS (SELECT 1 FROM fairness_ledger_trains WHERE train_id = OLD.train_id)
        BEGIN UPDATE fairness_ledger SET stale = 1; END;
      CREATE TRIGGER fairness_stale_regression_insert AFTER INSERT ON halt_deployments
        WHEN EXISTS (SELECT 1 FROM halts h JOIN fairness_ledger_trains f ON f.train_id = h.train_id WHERE h.id = NEW.halt_id)
        BEGIN UPDATE fairness_ledger SET stale = 1; END;
      CREATE TRIGGER fairness_stale_regression_delete AFTER DELETE ON halt_deployments
        WHEN EXISTS (SELECT 1 FROM halts h JOIN fairness_ledger_trains f ON f.train_id = h.train_id WHERE h.id = OLD.halt_id)
        BEGIN UPDATE fairness_ledger SET stale = 1; END;
      -- A halt deleted whole (its reached deployments go with it, after it).
      CREATE TRIGGER fairness_stale_halt_delete AFTER DELETE ON halts
        WHEN EXISTS (SELECT 1 FROM fairness_ledger_trains WHERE train_id = OLD.train_id)
        BEGIN UPDATE fairness_ledger SET stale = 1; END;
    `);
  },
};
