import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, LATEST_SCHEMA_VERSION, openDatabase } from '../../electron/backend/db/connection';
import { DatabaseOpenError } from '../../electron/backend/db/open-error';
import { sha256OfFile, siblingsOf } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

/** The DatabaseOpenError openDatabase throws for `file`; fails the test if it opens. */
function refusal(file: string): DatabaseOpenError {
  try {
    openDatabase(file).db.close();
  } catch (err) {
    if (err instanceof DatabaseOpenError) return err;
    throw err;
  }
  throw new Error(`expected ${file} to be refused`);
}

/** Like `refusal`, and checks that not one byte of the refused file changed. */
function refusalOfUntouched(file: string): DatabaseOpenError {
  const hash = sha256OfFile(file);
  const err = refusal(file);
  expect(sha256OfFile(file)).toBe(hash);
  return err;
}

/** A SQLite file in a new folder, made by another program: `make` runs on it before it is closed. */
function otherProgramsDatabase(name: string, make: (db: Database.Database) => void): string {
  const file = path.join(tempDir(), name);
  const other = new Database(file);
  make(other);
  other.close();
  return file;
}

/** One of our databases, as a newer version of the app would leave it (WAL mode, closed cleanly). */
function databaseFromTheFuture(): string {
  const file = path.join(tempDir(), 'future.db');
  const { db } = openDatabase(file);
  db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
  db.close();
  return file;
}

describe('refusing databases it must not touch', () => {
  it('refuses a database from a newer version, naming both schema versions', () => {
    const file = databaseFromTheFuture();
    const err = refusal(file);
    expect(err.kind).toBe('from_future');
    expect(err.message).toContain(`schema ${LATEST_SCHEMA_VERSION + 5}`);
    expect(err.message).toContain(`knows up to ${LATEST_SCHEMA_VERSION}`);
    expect(err.message).toContain('left untouched');
  });

  it('leaves a database from the future byte for byte as it was, with no journal files left behind', () => {
    const file = databaseFromTheFuture();
    const filesBefore = siblingsOf(file);
    expect(filesBefore).toEqual(['future.db']);
    expect(refusalOfUntouched(file).kind).toBe('from_future');
    expect(siblingsOf(file)).toEqual(filesBefore);
  });

  it("refuses another program's SQLite database and leaves it untouched", () => {
    const file = otherProgramsDatabase('notes.db', (db) =>
      db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')"),
    );
    const err = refusalOfUntouched(file);
    expect(err.kind).toBe('not_ours');
    expect(err.message).toContain('another program');
    expect(siblingsOf(file)).toEqual(['notes.db']);
  });

  it("refuses another program's database that has a schema version but no tables", () => {
    const file = otherProgramsDatabase('versioned.db', (db) => db.pragma('user_version = 3'));
    expect(refusalOfUntouched(file).kind).toBe('not_ours');
  });

  it(
    // Regression test for a bug found in review (connection.ts, the not_ours check).
    "refuses an empty database stamped with another program's application id",
    () => {
      const file = otherProgramsDatabase('other-app.db', (db) => db.pragma('application_id = 305419896'));
      expect(refusalOfUntouched(file).kind).toBe('not_ours');
    },
  );

  it('refuses a text file as unreadable and leaves it untouched', () => {
    const file = path.join(tempDir(), 'readme.db');
    fs.writeFileSync(file, 'This is not a database, just some notes about the release train.\n'.repeat(20));
    const err = refusalOfUntouched(file);
    expect(err.kind).toBe('unreadable');
    expect(err.message).toContain('is not a SQLite database');
    expect(siblingsOf(file)).toEqual(['readme.db']);
  });

  it('refuses a zero-byte file (SQLite would take it for a new database) and leaves it empty', () => {
    const file = path.join(tempDir(), 'empty.db');
    fs.writeFileSync(file, '');
    const err = refusalOfUntouched(file);
    expect(err.kind).toBe('empty');
    expect(err.message).toBe(
      `${file} is an empty file (0 bytes), not a Release Calendar database; choose another database file.`,
    );
    expect(siblingsOf(file)).toEqual(['empty.db']);
  });

  it('refuses a path in a folder that does not exist, naming it, and makes no folder', () => {
    const dir = tempDir();
    const file = path.join(dir, 'no-such-folder', 'rc.db');
    const err = refusal(file);
    expect(err.kind).toBe('missing_folder');
    expect(err.message).toBe(`There is no folder ${path.dirname(file)} for the database ${file}; check the path.`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a missing file when asked not to create one, and creates nothing', () => {
    const dir = tempDir();
    const file = path.join(dir, 'rc.db');
    expect(() => openDatabase(file, { create: 'never' })).toThrow(`There is no database at ${file}; check the path.`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('opens one of our own databases normally after the refusals (the error is specific)', () => {
    const file = path.join(tempDir(), 'ours.db');
    const { db } = openDatabase(file);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.close();
  });
});
