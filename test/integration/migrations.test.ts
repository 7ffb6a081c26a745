import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/backend/db/connection';
import type { Migration } from '../../electron/backend/db/migrations';
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
