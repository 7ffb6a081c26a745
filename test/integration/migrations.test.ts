import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/backend/db/connection';
import { MIGRATIONS, type Migration } from '../../electron/backend/db/migrations';
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
    expect(o.backupPath).toBe(`${file}.v1-2026-03-04T05-06-07-089Z.bak`);
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
    expect(siblingsOf(file)).toContain('fleet.db.v1-2026-03-04T05-06-07-089Z.bak');
  });

  it('takes no backup of a brand-new file, nor of a file with nothing to migrate', () => {
    const file = path.join(tempDir(), 'fleet.db');
    const created = openDatabase(file, { migrations: [createTrains] });
    created.db.close();
    const reopened = openDatabase(file, { migrations: [createTrains] });
    reopened.db.close();
    expect([created.backupPath, reopened.backupPath]).toEqual([null, null]);
    expect(siblingsOf(file).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });
});

describe('migration 4: early-wave opt-out and blocked dates', () => {
  const upTo = (version: number) => MIGRATIONS.filter((m) => m.version <= version);

  /** A real version-3 file holding one deployment, then migrated to version 4. */
  function migratedFromVersion3(): Database.Database {
    const file = path.join(tempDir(), 'fleet.db');
    const v3 = openDatabase(file, { migrations: upTo(3) });
    v3.db
      .prepare(
        `INSERT INTO deployments (key, name, region, time_zone, tier, weight, pairing_group, pin_policy, internal, status, created_at, updated_at, retired_at)
         VALUES ('us-east-1', 'US East 1', 'us-east', 'America/New_York', 'standard', 10, NULL, 'none', 0, 'active', 'x', 'x', NULL)`,
      )
      .run();
    v3.db.close();
    const v4 = openDatabase(file, { migrations: upTo(4), now: fixedClock('2026-03-04T05:06:07.089Z') });
    expect(v4.schemaVersion).toBe(4);
    return v4.db;
  }

  it('keeps existing deployments, not opted out, and adds an empty blocked-dates table', () => {
    const db = migratedFromVersion3();
    try {
      expect(db.prepare('SELECT key, early_opt_out FROM deployments').all()).toEqual([
        { key: 'us-east-1', early_opt_out: 0 },
      ]);
      expect(tableNames(db)).toContain('deployment_blocked_dates');
      expect(db.prepare('SELECT count(*) FROM deployment_blocked_dates').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('refuses impossible rows: a flag other than 0 or 1, a range ending before it starts, a bad day, no reason, an unknown deployment', () => {
    const db = migratedFromVersion3();
    try {
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
    } finally {
      db.close();
    }
  });
});
