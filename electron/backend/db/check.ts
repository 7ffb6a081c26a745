import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseCheck } from '../../../shared/contract';
import { damagedMessage, type Db, integrityProblems, openImage, openReadOnly } from './connection';
import { DatabaseOpenError } from './open-error';

/** SQLite lists up to a hundred problems by default; people need the first few, scripts the rest. */
const MAX_PROBLEMS = 100;

/** The full integrity check of the database `db` has open (a read: it changes nothing). */
export function checkDatabase(db: Db, databasePath: string): DatabaseCheck {
  const problems = integrityProblems(db, false).slice(0, MAX_PROBLEMS);
  return {
    databasePath,
    ok: problems.length === 0,
    message: problems.length === 0 ? `No problems found in ${databasePath}.` : damagedMessage(databasePath),
    problems,
  };
}

/**
 * The same check on a file no backend has open, read-only so that it never writes: `doctor`
 * checks the files the backend refuses to open, damaged ones first of all.
 */
export function checkDatabaseFile(file: string, nativeBinding?: string): DatabaseCheck {
  const absolute = path.resolve(file);
  let size: number;
  try {
    size = fs.statSync(absolute).size;
  } catch {
    throw new DatabaseOpenError('missing_file', `There is no database at ${absolute}; check the path.`);
  }
  if (size === 0) {
    throw new DatabaseOpenError(
      'empty',
      `${absolute} is an empty file (0 bytes), not a Release Calendar database; choose another database file.`,
    );
  }
  // Checked without leaving a trace: a copy in memory, unless commits wait in the -wal file.
  const walSize = fs.existsSync(`${absolute}-wal`) ? fs.statSync(`${absolute}-wal`).size : 0;
  const db = walSize > 0 ? openReadOnly(absolute, nativeBinding) : openImage(absolute, nativeBinding);
  try {
    return checkDatabase(db, absolute);
  } finally {
    db.close();
  }
}
