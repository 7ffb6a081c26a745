import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseBackup, DatabaseRestore } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import { backupFolder, backupName, describeBackup, pruneBackups, syncFile, syncFolder } from './backup';
import { APPLICATION_ID, type Db, fileIdentity, integrityProblems, openDatabase, openImage } from './connection';
import { LATEST_SCHEMA_VERSION } from './migrations';

/**
 * Putting a backup back in place of the database file. The backup is checked first (ours, not
 * from a newer version, undamaged), the file it replaces is copied to a `before-restore` backup,
 * and the backup reaches its place by a rename within the folder, so a crash at any moment leaves
 * either the old file or the restored one, never a mix.
 */

/** The backup file a name (in the backups folder) or a path (from the command line) means. */
export function backupFile(databasePath: string, nameOrPath: string, cwd: string): string {
  return nameOrPath.includes('/') || nameOrPath.includes(path.sep)
    ? path.resolve(cwd, nameOrPath)
    : path.join(backupFolder(databasePath), nameOrPath);
}

function sizeOf(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}

/** Refuses, in one sentence, a backup that must not replace the database; its schema version otherwise. */
export function checkBackup(file: string, nativeBinding?: string): number {
  const size = sizeOf(file);
  if (size === null) {
    throw new DomainError(
      'not_found',
      `There is no backup ${path.basename(file)} in ${path.dirname(file)}; choose one from the list of backups.`,
    );
  }
  const notOurs = `${file} is not a Release Calendar database; choose another backup.`;
  if (size === 0) throw new DomainError('rule_violation', notOurs);
  // Read from a copy in memory: checking a backup never writes beside it.
  let db: Db;
  try {
    db = openImage(file, nativeBinding);
  } catch {
    throw new DomainError('rule_violation', notOurs);
  }
  try {
    let identity: ReturnType<typeof fileIdentity>;
    try {
      identity = fileIdentity(db);
    } catch {
      throw new DomainError('rule_violation', notOurs);
    }
    const { version, appId } = identity;
    if (appId !== APPLICATION_ID || version === 0) throw new DomainError('rule_violation', notOurs);
    if (version > LATEST_SCHEMA_VERSION) {
      throw new DomainError(
        'rule_violation',
        `The backup ${file} was written by a newer version of Release Calendar (schema ${version}); update the app to restore it.`,
      );
    }
    if (integrityProblems(db, true).length > 0) {
      throw new DomainError('rule_violation', `The backup ${file} is damaged; choose another backup.`);
    }
    return version;
  } finally {
    db.close();
  }
}

/**
 * A copy of a database file that cannot be opened (damaged, or not a database at all), byte for
 * byte with its -wal, as the `before-restore` backup: a restore never destroys what it replaces.
 */
export function copyAsIs(databasePath: string, now: Date): DatabaseBackup | null {
  if (sizeOf(databasePath) === null) return null;
  const folder = backupFolder(databasePath);
  fs.mkdirSync(folder, { recursive: true });
  let at = now.getTime();
  let file = path.join(folder, backupName(new Date(at), 'before-restore'));
  while (fs.existsSync(file)) file = path.join(folder, backupName(new Date(++at), 'before-restore'));
  const partial = `${file}.partial`;
  fs.copyFileSync(databasePath, partial);
  syncFile(partial);
  if ((sizeOf(`${databasePath}-wal`) ?? 0) > 0) {
    fs.copyFileSync(`${databasePath}-wal`, `${file}-wal`);
    syncFile(`${file}-wal`);
  }
  fs.renameSync(partial, file);
  syncFolder(folder);
  pruneBackups(databasePath, 'before-restore');
  return describeBackup(databasePath, file);
}

/**
 * Whether another connection still has the database open after ours closed: the last connection
 * to close checkpoints the -wal file and removes it, so one left behind with commits in it
 * belongs to someone else (or to a file too damaged to checkpoint).
 */
export function walLeftBehind(databasePath: string): boolean {
  return (sizeOf(`${databasePath}-wal`) ?? 0) > 0;
}

/**
 * Replaces the database file with the backup, every connection to it closed: the backup is
 * copied beside the file, synced, and renamed over it. The old -wal and -shm go first, since
 * SQLite would read them as the restored file's own.
 */
export function replaceDatabaseFile(databasePath: string, backup: string): void {
  const temp = `${databasePath}.restoring`;
  fs.rmSync(temp, { force: true });
  try {
    fs.copyFileSync(backup, temp);
    syncFile(temp);
    fs.rmSync(`${databasePath}-wal`, { force: true });
    fs.rmSync(`${databasePath}-shm`, { force: true });
    fs.renameSync(temp, databasePath);
    syncFolder(path.dirname(databasePath));
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

/**
 * Restores over a file no backend could open (damaged, empty, not a database, or missing): the
 * file is kept as it is in a `before-restore` copy, replaced, and opened once so that an older
 * backup is migrated now rather than at the next start.
 */
export function restoreOverUnopened(
  databasePath: string,
  backup: string,
  options: { now: Date; nativeBinding?: string | undefined },
): DatabaseRestore {
  checkBackup(backup, options.nativeBinding);
  const restored = describeBackup(databasePath, backup);
  const beforeRestore = copyAsIs(databasePath, options.now);
  replaceDatabaseFile(databasePath, backup);
  const opened = openDatabase(databasePath, {
    create: 'never',
    now: () => options.now,
    nativeBinding: options.nativeBinding,
  });
  opened.db.close();
  return { databasePath, restored, beforeRestore, schemaVersion: opened.schemaVersion };
}
