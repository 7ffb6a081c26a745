import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/backend/db/connection';
import { MIGRATIONS } from '../../electron/backend/db/migrations';
import type { Migration } from '../../electron/backend/db/migrations/migration';
import { fixedClock } from '../helpers/clock';
import { dumpDatabaseFile, siblingsOf, tableNames } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

const createTrains: Migration = {
  version: 1,
  description: 'trains',
  up: (db) => db.exec("CREATE TABLE trains (version TEXT NOT NULL) STRICT; INSERT INTO trains VALUES ('2026.01');"),
};
const createPhases: Migration = {
  version: 2,
  description: 'phases',
  up: (db) => db.exec('CREATE TABLE phases (name TEXT NOT NULL) STRICT'),
};
const createGates: Migration = {
  version: 3,
  description: 'gates',
  up: (db) => db.exec('CREATE TABLE gates (name TEXT NOT NULL) STRICT'),
};
const failing = (version: number): Migration => ({
  version,
  description: 'fails halfway',
  up: (db) => {
    db.exec('CREATE TABLE half_done (x INTEGER) STRICT');
    throw new Error('migration failed halfway');
  },
});

function readVersion(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

function tablesOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return tableNames(db);
  } finally {
    db.close();
  }
}

/** A database file at version 1 of the fake migration list. */
function fileAtVersion1(): string {
  const file = path.join(tempDir(), 'fleet.db');
  openDatabase(file, { migrations: [createTrains] }).db.close();
  return file;
}

describe('migrations', () => {
  it('runs every pending migration and records the last version', () => {
    const file = path.join(tempDir(), 'fleet.db');
    const o = openDatabase(file, { migrations: [createTrains, createPhases, createGates] });
    expect(o.schemaVersion).toBe(3);
    o.db.close();
    expect(readVersion(file)).toBe(3);
    expect(tablesOf(file)).toEqual(['gates', 'phases', 'trains']);
  });

  it('runs all pending migrations in one transaction: a failing second one leaves a new file empty', () => {
    const file = path.join(tempDir(), 'fleet.db');
    expect(() => openDatabase(file, { migrations: [createTrains, failing(2)] })).toThrow('migration failed halfway');
    expect(readVersion(file)).toBe(0);
    expect(tablesOf(file)).toEqual([]);
  });

  it('leaves an existing file at its old version and schema when a later migration fails', () => {
    const file = fileAtVersion1();
    const before = dumpDatabaseFile(file);
    expect(() =>
      openDatabase(file, {
        migrations: [createTrains, createPhases, failing(3)],
        now: fixedClock('2026-03-04T05:06:07.089Z'),
      }),
    ).toThrow('migration failed halfway');
    expect(readVersion(file)).toBe(1);
    expect(tablesOf(file)).toEqual(['trains']);
    expect(dumpDatabaseFile(file)).toEqual(before);
  });

  it('backs up an existing database before migrating it, as a readable copy at the old version', () => {
    const file = fileAtVersion1();
    const o = openDatabase(file, {
      migrations: [createTrains, createPhases],
      now: fixedClock('2026-03-04T05:06:07.089Z'),
    });
    o.db.close();
    expect(o.backupPath).toBe(`${file}.backups/2026-03-04T050607.089Z-migration.db`);
    expect(fs.existsSync(o.backupPath!)).toBe(true);
    expect(readVersion(o.backupPath!)).toBe(1);
    expect(tablesOf(o.backupPath!)).toEqual(['trains']);
    expect(dumpDatabaseFile(o.backupPath!)).toMatchObject({ trains: [{ version: '2026.01' }] });
    expect(readVersion(file)).toBe(2);
  });

  it('keeps the backup even when the migration then fails', () => {
    const file = fileAtVersion1();
    expect(() =>
      openDatabase(file, { migrations: [createTrains, failing(2)], now: fixedClock('2026-03-04T05:06:07.089Z') }),
    ).toThrow();
    expect(fs.readdirSync(`${file}.backups`)).toEqual(['2026-03-04T050607.089Z-migration.db']);
  });

  it('takes no backup of a brand-new file, nor of a file with nothing to migrate', () => {
    const file = path.join(tempDir(), 'fleet.db');
    const created = openDatabase(file, { migrations: [createTrains] });
    created.db.close();
    const reopened = openDatabase(file, { migrations: [createTrains] });
    reopened.db.close();
    expect([created.backupPath, reopened.backupPath]).toEqual([null, null]);
    expect(siblingsOf(file).filter((f) => f.endsWith('.bak') || f.endsWith('.backups'))).toEqual([]);
  });
});

const upTo = (version: number) => MIGRATIONS.filter((m) => m.version <= version);

const migrated: Database.Database[] = [];
afterEach(() => {
  for (const db of migrated.splice(0)) db.close();
});

/**
 * A real file at schema `version - 1`, filled by `fill`, then opened at `version`: the
 * migration under test has just run on it (checked). It is closed when the test ends.
 */
function migratedTo(version: number, fill?: (db: Database.Database) => void): Database.Database {
  const file = path.join(tempDir(), 'fleet.db');
  const before = openDatabase(file, { migrations: upTo(version - 1) });
  fill?.(before.db);
  before.db.close();
  const after = openDatabase(file, { migrations: upTo(version), now: fixedClock('2026-03-04T05:06:07.089Z') });
  migrated.push(after.db);
  expect(after.schemaVersion).toBe(version);
  return after.db;
}

describe('migration 4: early-wave opt-out and blocked dates', () => {
  /** A real version-3 file holding one deployment, then migrated to version 4. */
  function migratedFromVersion3(): Database.Database {
    return migratedTo(4, (v3) =>
      v3
        .prepare(
          `INSERT INTO deployments (key, name, region, time_zone, tier, weight, pairing_group, pin_policy, internal, status, created_at, updated_at, retired_at)
           VALUES ('us-east-1', 'US East 1', 'us-east', 'America/New_York', 'standard', 10, NULL, 'none', 0, 'active', 'x', 'x', NULL)`,
        )
        .run(),
    );
  }

  it('keeps existing deployments, not opted out, and adds an empty blocked-dates table', () => {
    const db = migratedFromVersion3();
    expect(db.prepare('SELECT key, early_opt_out FROM deployments').all()).toEqual([
      { key: 'us-east-1', early_opt_out: 0 },
    ]);
    expect(tableNames(db)).toContain('deployment_blocked_dates');
    expect(db.prepare('SELECT count(*) FROM deployment_blocked_dates').pluck().get()).toBe(0);
  });

  it('refuses impossible rows: a flag other than 0 or 1, a range ending before it starts, a bad day, no reason, an unknown deployment', () => {
    const db = migratedFromVersion3();
    const id = db.prepare("SELECT id FROM deployments WHERE key = 'us-east-1'").pluck().get() as number;
    expect(() => db.prepare('UPDATE deployments SET early_opt_out = 2').run()).toThrow(/CHECK constraint/);
    const block = db.prepare(
      'INSERT INTO deployment_blocked_dates (deployment_id, from_day, to_day, reason) VALUES (?, ?, ?, ?)',
    );
    expect(() => block.run(id, '2026-03-10', '2026-03-09', 'Launch')).toThrow(/CHECK constraint/);
    expect(() => block.run(id, '10/03/2026', '2026-03-11', 'Launch')).toThrow(/CHECK constraint/);
    expect(() => block.run(id, '2026-03-10', '2026-03-11', '')).toThrow(/CHECK constraint/);
    expect(() => block.run(id + 100, '2026-03-10', '2026-03-11', 'Launch')).toThrow(/FOREIGN KEY/);
    block.run(id, '2026-03-10', '2026-03-10', 'Launch');
    db.prepare('UPDATE deployments SET early_opt_out = 1').run();
    expect(db.prepare('SELECT from_day, to_day FROM deployment_blocked_dates').all()).toEqual([
      { from_day: '2026-03-10', to_day: '2026-03-10' },
    ]);
  });
});

describe('migration 5: rollout tracking', () => {
  /** A real version-4 file with one train and its stored plan (internal in wave 0, two customers in wave 1), then migrated to version 5. */
  function migratedFromVersion4(): Database.Database {
    return migratedTo(5, (v4) => {
      const insert = v4.prepare(
        `INSERT INTO deployments (key, name, region, time_zone, tier, weight, pairing_group, pin_policy, internal, status, created_at, updated_at, retired_at)
       VALUES (?, ?, 'us-east', 'America/New_York', 'standard', 10, NULL, 'none', ?, 'active', 'x', 'x', NULL)`,
      );
      insert.run('corp', 'Corporate', 1);
      insert.run('us-1', 'US 1', 0);
      insert.run('us-2', 'US 2', 0);
      v4.exec(`
      INSERT INTO trains (id, version, slot_start, start_day, end_day, state, created_at, updated_at)
        VALUES (1, '2027.01', '2027-01-04', '2027-01-04', '2027-01-31', 'active', 'x', 'x');
      INSERT INTO rollout_plans VALUES (1, 'fair-1', '{}', '2027-01-01T00:00:00.000Z', '2027-01-02T00:00:00.000Z');
      INSERT INTO rollout_waves VALUES (1, 0, '2027-01-18'), (1, 1, '2027-01-20');
      INSERT INTO rollout_placements SELECT 1, id, CASE internal WHEN 1 THEN 0 ELSE 1 END, 'why', 0 FROM deployments;
    `);
    });
  }

  it('gives existing plans a pending step per placement and the default gates', () => {
    const db = migratedFromVersion4();
    expect(
      db
        .prepare(
          `SELECT d.key, s.wave, s.state, s.updated_by, s.updated_at FROM rollout_steps s
           JOIN deployments d ON d.id = s.deployment_id ORDER BY d.key`,
        )
        .all(),
    ).toEqual(
      ['corp', 'us-1', 'us-2'].map((key) => ({
        key,
        wave: key === 'corp' ? 0 : 1,
        state: 'pending',
        updated_by: 'migration',
        updated_at: '2027-01-02T00:00:00.000Z',
      })),
    );
    expect(
      db.prepare('SELECT key, kind, required, bake_hours, state FROM train_gates ORDER BY position').all(),
    ).toEqual([
      { key: 'unit-tests', kind: 'check', required: 1, bake_hours: null, state: 'pending' },
      { key: 'integration-tests', kind: 'check', required: 1, bake_hours: null, state: 'pending' },
      { key: 'acceptance-suite', kind: 'check', required: 1, bake_hours: null, state: 'pending' },
      { key: 'internal-bake', kind: 'internal_bake', required: 1, bake_hours: 24, state: 'pending' },
    ]);
    expect(db.prepare('SELECT count(*) FROM halts').pluck().get()).toBe(0);
  });

  it('refuses impossible rows: a step in the wrong wave or state shape, a gate waived without a reason, a second open halt', () => {
    const db = migratedFromVersion4();
    const step = (sql: string) => () => db.prepare(sql).run();
    const us1 = "(SELECT id FROM deployments WHERE key = 'us-1')";
    expect(step(`UPDATE rollout_steps SET wave = 0 WHERE deployment_id = ${us1}`)).toThrow(/FOREIGN KEY/);
    expect(step(`UPDATE rollout_steps SET state = 'shipped' WHERE deployment_id = ${us1}`)).toThrow(/CHECK/);
    expect(step(`UPDATE rollout_steps SET state = 'released' WHERE deployment_id = ${us1}`)).toThrow(/CHECK/);
    expect(
      step(
        `UPDATE rollout_steps SET state = 'in_progress', started_at = 'a', reason = 'x' WHERE deployment_id = ${us1}`,
      ),
    ).toThrow(/CHECK/);
    expect(step(`UPDATE rollout_steps SET state = 'skipped', finished_at = 'b' WHERE deployment_id = ${us1}`)).toThrow(
      /CHECK/,
    );
    expect(
      step(
        `UPDATE rollout_steps SET state = 'released', started_at = '2027-01-20T10:00Z', finished_at = '2027-01-20T09:00Z' WHERE deployment_id = ${us1}`,
      ),
    ).toThrow(/CHECK/);
    step(
      `UPDATE rollout_steps SET state = 'skipped', finished_at = 'b', reason = 'Maintenance' WHERE deployment_id = ${us1}`,
    )();

    expect(step("UPDATE train_gates SET state = 'waived' WHERE key = 'unit-tests'")).toThrow(/CHECK/);
    expect(step("UPDATE train_gates SET state = 'passed', evidence_url = 'ftp://x' WHERE key = 'unit-tests'")).toThrow(
      /CHECK/,
    );
    expect(step("UPDATE train_gates SET reason = 'x' WHERE key = 'unit-tests'")).toThrow(/CHECK/);
    expect(step("UPDATE train_gates SET bake_hours = 5 WHERE key = 'unit-tests'")).toThrow(/CHECK/);
    expect(step("UPDATE train_gates SET kind = 'internal_bake', bake_hours = 5 WHERE key = 'unit-tests'")).toThrow(
      /UNIQUE/,
    );

    const halt = db.prepare(
      `INSERT INTO halts (train_id, reason, reference, severity, halted_at, halted_by, halted_wave, resumed_at, resumed_by, fix_version)
       VALUES (1, 'r', 'INC-1', ?, '2027-01-21', 'me', 1, ?, ?, ?)`,
    );
    expect(() => halt.run('urgent', null, null, null)).toThrow(/CHECK/);
    expect(() => halt.run('high', '2027-01-22', 'me', null)).toThrow(/CHECK/);
    expect(() => halt.run('high', '2027-01-20', 'me', '2027.01.1')).toThrow(/CHECK/);
    halt.run('high', '2027-01-22', 'me', '2027.01.1');
    halt.run('high', null, null, null);
    expect(() => halt.run('low', null, null, null)).toThrow(/UNIQUE/);
  });
});

describe('migration 6: iCalendar sequences', () => {
  it('adds an empty sequence table to a version-5 file and refuses impossible rows', () => {
    const db = migratedTo(6);
    expect(db.prepare('SELECT count(*) FROM export_sequences').pluck().get()).toBe(0);
    const insert = db.prepare('INSERT INTO export_sequences (uid, content_hash, sequence) VALUES (?, ?, ?)');
    insert.run('train-1-wave-1@release-calendar', '0123456789abcdef', 0);
    expect(() => insert.run('train-1-wave-1@release-calendar', 'fedcba9876543210', 1)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('train-1-wave-2@release-calendar', '0123456789abcdef', -1)).toThrow(/CHECK constraint/);
    expect(() => insert.run('', '0123456789abcdef', 0)).toThrow(/CHECK constraint/);
    expect(() => insert.run('train-1-wave-2@release-calendar', '', 0)).toThrow(/CHECK constraint/);
    expect(() => insert.run('train-1-wave-2@release-calendar', '0123456789abcdef', 1.5)).toThrow(/cannot store REAL/);
  });
});

describe('migration 7: notifications shown', () => {
  it('adds an empty table of shown notification keys to a version-6 file and refuses impossible rows', () => {
    const db = migratedTo(7);
    expect(db.prepare('SELECT count(*) FROM notifications_shown').pluck().get()).toBe(0);
    const insert = db.prepare('INSERT INTO notifications_shown (key, shown_at) VALUES (?, ?)');
    insert.run('wave_due:1:2:2027-01-20', '2027-01-20T08:00:00.000Z');
    expect(() => insert.run('wave_due:1:2:2027-01-20', '2027-01-20T09:00:00.000Z')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('', '2027-01-20T08:00:00.000Z')).toThrow(/CHECK constraint/);
    expect(() => insert.run('gate_failed:1:unit-tests:x', 'yesterday')).toThrow(/CHECK constraint/);
    expect(() => insert.run('gate_failed:1:unit-tests:x', null)).toThrow(/NOT NULL/);
  });
});

describe('migration 8: patch rollouts', () => {
  it('adds empty patch tables to a version-7 file; a patch goes with its halt, and impossible steps are refused', () => {
    const db = migratedTo(8, (v7) => {
      v7.exec(`
        INSERT INTO deployments (id, key, name, region, time_zone, tier, weight, pin_policy, internal, status, created_at, updated_at)
          VALUES (1, 'corp', 'Corp', 'us-east', 'UTC', 'standard', 10, 'none', 1, 'active', 'x', 'x');
        INSERT INTO trains (id, version, slot_start, start_day, end_day, state, created_at, updated_at)
          VALUES (1, '2027.01', '2027-01-04', '2027-01-04', '2027-01-31', 'active', 'x', 'x');
        INSERT INTO halts (id, train_id, reason, reference, severity, halted_at, halted_by, halted_wave)
          VALUES (1, 1, 'Broken', 'INC-1', 'high', '2027-01-20T10:00:00.000Z', 'rm', 1);
      `);
    });
    expect(db.prepare('SELECT count(*) FROM patches').pluck().get()).toBe(0);
    db.prepare(
      `INSERT INTO patches (id, train_id, halt_id, version, broken, reason, reference, bake_hours, created_at, created_by)
       VALUES (1, 1, 1, '2027.01.1', '2027.01', 'Broken', 'INC-1', 4, '2027-01-21T09:00:00.000Z', 'rm')`,
    ).run();
    const step = db.prepare(
      `INSERT INTO patch_steps (patch_id, deployment_id, wave, date, state, reason, started_at, finished_at, updated_by, updated_at)
       VALUES (1, 1, 0, ?, ?, ?, ?, ?, 'rm', 'x')`,
    );
    expect(() => step.run('2027-01-21', 'released', null, '2027-01-21T09:00:00.000Z', null)).toThrow(/CHECK/);
    expect(() => step.run('2027-01-21', 'skipped', null, null, '2027-01-21T09:00:00.000Z')).toThrow(/CHECK/);
    expect(() => step.run('21 Jan', 'pending', null, null, null)).toThrow(/CHECK/);
    step.run('2027-01-21', 'pending', null, null, null);
    // One patch per halt; removing the halt (undo) removes its patch and steps.
    expect(() =>
      db
        .prepare(
          `INSERT INTO patches (train_id, halt_id, version, broken, reason, reference, bake_hours, created_at, created_by)
           VALUES (1, 1, '2027.01.2', '2027.01', 'Broken', 'INC-1', 4, 'x', 'rm')`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
    db.prepare('DELETE FROM halts WHERE id = 1').run();
    expect(db.prepare('SELECT (SELECT count(*) FROM patches) + (SELECT count(*) FROM patch_steps)').pluck().get()).toBe(
      0,
    );
  });
});

describe('migration 9: a local release window per deployment', () => {
  /** A real version-8 file holding two deployments, then migrated to version 9. */
  function migratedFromVersion8(): Database.Database {
    return migratedTo(9, (v8) => {
      const insert = v8.prepare(
        `INSERT INTO deployments (key, name, region, time_zone, tier, weight, pairing_group, pin_policy, internal, early_opt_out, status, created_at, updated_at, retired_at)
         VALUES (?, ?, 'eu-central', 'Europe/Berlin', 'standard', 10, NULL, 'none', 0, ?, 'active', 'x', 'x', NULL)`,
      );
      insert.run('eu-central-1', 'EU Central 1', 1);
      insert.run('eu-central-2', 'EU Central 2', 0);
    });
  }

  it('keeps existing deployments, each without a window', () => {
    const db = migratedFromVersion8();
    expect(
      db.prepare('SELECT key, early_opt_out, release_window_start, release_window_end FROM deployments').all(),
    ).toEqual([
      { key: 'eu-central-1', early_opt_out: 1, release_window_start: null, release_window_end: null },
      { key: 'eu-central-2', early_opt_out: 0, release_window_start: null, release_window_end: null },
    ]);
  });

  it('refuses impossible windows: one end only, not HH:MM, past 23:59, ending before or when it starts', () => {
    const db = migratedFromVersion8();
    const set = (start: string | null, end: string | null) => () =>
      db
        .prepare("UPDATE deployments SET release_window_start = ?, release_window_end = ? WHERE key = 'eu-central-2'")
        .run(start, end);
    for (const [start, end] of [
      ['09:00', null],
      [null, '11:00'],
      ['9:00', '11:00'],
      ['09:00', '11h00'],
      ['09:00', '24:00'],
      ['09:60', '11:00'],
      ['11:00', '09:00'],
      ['09:00', '09:00'],
    ] as const)
      expect(set(start, end), `${start}–${end}`).toThrow(/CHECK constraint/);
    set('09:00', '11:00')();
    set('00:00', '23:59')();
    expect(
      db.prepare("SELECT release_window_start, release_window_end FROM deployments WHERE key = 'eu-central-2'").get(),
    ).toEqual({ release_window_start: '00:00', release_window_end: '23:59' });
    set(null, null)();
  });
});

describe('migration 11: team server accounts and sessions', () => {
  const at = '2027-01-20T08:00:00.000Z';
  const later = '2027-01-27T08:00:00.000Z';
  const hash = 'scrypt$32768$8$1$c2FsdA==$a2V5';
  const sessionId = 'a'.repeat(64);

  it('adds empty users and sessions tables to a version-10 file', () => {
    const db = migratedTo(11);
    expect(db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
  });

  it('refuses impossible users: a name with capitals or spaces, a duplicate, an unknown role, a bare password', () => {
    const db = migratedTo(11);
    const insert = db.prepare(
      'INSERT INTO users (name, display_name, role, password_hash, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run('sam.lee', 'Sam Lee', 'admin', hash, 0, at, at);
    expect(() => insert.run('sam.lee', null, 'viewer', hash, 0, at, at)).toThrow(/UNIQUE/);
    expect(() => insert.run('Sam', null, 'viewer', hash, 0, at, at)).toThrow(/CHECK constraint/);
    expect(() => insert.run('sam lee', null, 'viewer', hash, 0, at, at)).toThrow(/CHECK constraint/);
    expect(() => insert.run('', null, 'viewer', hash, 0, at, at)).toThrow(/CHECK constraint/);
    expect(() => insert.run('x'.repeat(65), null, 'viewer', hash, 0, at, at)).toThrow(/CHECK constraint/);
    expect(() => insert.run('dana', null, 'owner', hash, 0, at, at)).toThrow(/CHECK constraint/);
    expect(() => insert.run('dana', null, 'viewer', 'hunter2', 0, at, at)).toThrow(/CHECK constraint/);
    expect(() => insert.run('dana', null, 'viewer', hash, 2, at, at)).toThrow(/CHECK constraint/);
    expect(() => insert.run('dana', '', 'viewer', hash, 0, at, at)).toThrow(/CHECK constraint/);
  });

  it('refuses impossible sessions: an id that is not a SHA-256, an unknown user, an end before the start', () => {
    const db = migratedTo(11);
    const userId = db
      .prepare(
        "INSERT INTO users (name, role, password_hash, created_at, updated_at) VALUES ('sam', 'viewer', ?, ?, ?)",
      )
      .run(hash, at, at).lastInsertRowid;
    const insert = db.prepare(
      'INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const csrf = 'c'.repeat(43);
    insert.run(sessionId, userId, csrf, at, at, later);
    expect(() => insert.run(sessionId, userId, csrf, at, at, later)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('token-in-clear', userId, csrf, at, at, later)).toThrow(/CHECK constraint/);
    expect(() => insert.run('A'.repeat(64), userId, csrf, at, at, later)).toThrow(/CHECK constraint/);
    expect(() => insert.run('b'.repeat(64), Number(userId) + 1, csrf, at, at, later)).toThrow(/FOREIGN KEY/);
    expect(() => insert.run('b'.repeat(64), userId, 'short', at, at, later)).toThrow(/CHECK constraint/);
    expect(() => insert.run('b'.repeat(64), userId, csrf, at, at, at)).toThrow(/CHECK constraint/);
    // A user removed takes their sessions along.
    db.prepare('DELETE FROM users').run();
    expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
  });
});

describe('migration 12: subscribable feeds', () => {
  it('adds an empty feeds table to a version-11 file and refuses impossible rows', () => {
    const db = migratedTo(12);
    expect(db.prepare('SELECT count(*) FROM feeds').pluck().get()).toBe(0);
    const insert = db.prepare(
      `INSERT INTO feeds (secret_hash, kind, deployment_key, label, created_by, created_at, revoked_at, revoked_by)
       VALUES (?, ?, ?, ?, 'sam', '2027-01-20T08:00:00.000Z', ?, ?)`,
    );
    const hash = (c: string) => c.repeat(64);
    insert.run(hash('a'), 'calendar', null, 'Team', null, null);
    insert.run(hash('b'), 'deployment', 'eu-west-1', 'EU West 1', '2027-01-21T08:00:00.000Z', 'ada');
    expect(() => insert.run(hash('a'), 'calendar', null, 'Again', null, null)).toThrow(/UNIQUE/);
    expect(() => insert.run('secret', 'calendar', null, 'Plain', null, null)).toThrow(/CHECK constraint/);
    expect(() => insert.run(hash('A'), 'calendar', null, 'Upper', null, null)).toThrow(/CHECK constraint/);
    expect(() => insert.run(hash('c'), 'weekly', null, 'Kind', null, null)).toThrow(/CHECK constraint/);
    expect(() => insert.run(hash('c'), 'deployment', null, 'No key', null, null)).toThrow(/CHECK constraint/);
    expect(() => insert.run(hash('c'), 'calendar', 'eu-west-1', 'Stray key', null, null)).toThrow(/CHECK constraint/);
    expect(() => insert.run(hash('c'), 'calendar', null, '', null, null)).toThrow(/CHECK constraint/);
    expect(() => insert.run(hash('c'), 'calendar', null, 'Half', '2027-01-21T08:00:00.000Z', null)).toThrow(
      /CHECK constraint/,
    );
  });
});

describe('migration 13: revisions', () => {
  it('gives existing rows revision 0, and every later change a revision never given before', () => {
    const db = migratedTo(13, (v12) => {
      v12.exec(`INSERT INTO trains (version, slot_start, start_day, end_day, state, state_reason, notes, created_at, updated_at)
        VALUES ('2027.01', '2027-01-04', '2027-01-04', '2027-01-31', 'active', NULL, '', 'x', 'x');
        INSERT INTO settings (key, value) VALUES ('working_days', '[1,2,3,4,5]');`);
    });
    const revision = (sqlText: string) => db.prepare(sqlText).pluck().get() as number;
    expect(revision('SELECT revision FROM trains')).toBe(0);
    expect(revision("SELECT revision FROM settings WHERE key = 'working_days'")).toBe(0);
    db.prepare("UPDATE trains SET notes = 'One'").run();
    const r1 = revision('SELECT revision FROM trains');
    db.prepare("UPDATE settings SET value = '[1,2,3,4]' WHERE key = 'working_days'").run();
    const r2 = revision("SELECT revision FROM settings WHERE key = 'working_days'");
    // A setting rewritten with the value it has keeps its revision.
    db.prepare("UPDATE settings SET value = '[1,2,3,4]' WHERE key = 'working_days'").run();
    expect(revision("SELECT revision FROM settings WHERE key = 'working_days'")).toBe(r2);
    db.prepare("INSERT INTO settings (key, value) VALUES ('template', '{}')").run();
    const r3 = revision("SELECT revision FROM settings WHERE key = 'template'");
    expect([r1, r2, r3]).toEqual([1, 2, 3]);
    expect(() => db.prepare('UPDATE trains SET revision = -1').run()).toThrow(/CHECK constraint/);
  });
});
