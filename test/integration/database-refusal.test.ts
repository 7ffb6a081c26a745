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
    const hash = sha256OfFile(file);
    const filesBefore = siblingsOf(file);
    expect(filesBefore).toEqual(['future.db']);
    expect(refusal(file).kind).toBe('from_future');
    expect(sha256OfFile(file)).toBe(hash);
    expect(siblingsOf(file)).toEqual(filesBefore);
  });

  it("refuses another program's SQLite database and leaves it untouched", () => {
    const file = path.join(tempDir(), 'notes.db');
    const other = new Database(file);
    other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
    other.close();
    const hash = sha256OfFile(file);
    const err = refusal(file);
    expect(err.kind).toBe('not_ours');
    expect(err.message).toContain('another program');
    expect(sha256OfFile(file)).toBe(hash);
    expect(siblingsOf(file)).toEqual(['notes.db']);
  });

  it("refuses another program's database that has a schema version but no tables", () => {
    const file = path.join(tempDir(), 'versioned.db');
    const other = new Database(file);
    other.pragma('user_version = 3');
    other.close();
    const hash = sha256OfFile(file);
    expect(refusal(file).kind).toBe('not_ours');
    expect(sha256OfFile(file)).toBe(hash);
  });

  it(
    // Regression test for a bug found in review (connection.ts, the not_ours check).
    "refuses an empty database stamped with another program's application id",
    () => {
      const file = path.join(tempDir(), 'other-app.db');
      const other = new Database(file);
      other.pragma('application_id = 305419896');
      other.close();
      const hash = sha256OfFile(file);
      expect(refusal(file).kind).toBe('not_ours');
      expect(sha256OfFile(file)).toBe(hash);
    },
  );

  it('refuses a text file as unreadable and leaves it untouched', () => {
    const file = path.join(tempDir(), 'readme.db');
    fs.writeFileSync(file, 'This is not a database, just some notes about the release train.\n'.repeat(20));
    const hash = sha256OfFile(file);
    const err = refusal(file);
    expect(err.kind).toBe('unreadable');
    expect(err.message).toContain('is not a SQLite database');
    expect(sha256OfFile(file)).toBe(hash);
    expect(siblingsOf(file)).toEqual(['readme.db']);
  });

  it('opens one of our own databases normally after the refusals (the error is specific)', () => {
    const file = path.join(tempDir(), 'ours.db');
    const { db } = openDatabase(file);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.close();
  });
});
