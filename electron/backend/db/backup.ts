import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { BACKUP_REASONS, type BackupReason, type DatabaseBackup } from '../../../shared/contract';

/**
 * Automatic backups live in one folder beside the database, `<file>.backups/`, one file each,
 * named by the time (UTC) and the reason it was taken: `2026-12-06T070000.000Z-daily.db`.
 *
 * A copy is made with `VACUUM INTO` rather than the online backup API (`db.backup()`): it is
 * synchronous, so a backup taken before an import or a migration holds exactly the data the
 * change starts from (the async backup steps across event-loop turns, between which other calls
 * run), and it reads in one read transaction, so the copy is consistent without holding the
 * write lock. The copy is written beside its final name and renamed into place once synced, so a
 * crash never leaves a half-written backup in the list.
 */

/** How many backups of each reason are kept; older ones are removed after each new one. */
export const BACKUPS_KEPT: Readonly<Record<BackupReason, number>> = {
  daily: 14,
  import: 5,
  migration: 5,
  'before-restore': 5,
  manual: 5,
};

const NAME = new RegExp(`^(\\d{4}-\\d{2}-\\d{2}T\\d{6}\\.\\d{3}Z)-(${BACKUP_REASONS.join('|')})\\.db$`);

export function backupFolder(databasePath: string): string {
  return `${path.resolve(databasePath)}.backups`;
}

export function backupName(at: Date, reason: BackupReason): string {
  return `${at.toISOString().replace(/:/g, '')}-${reason}.db`;
}

/** The backup a file name describes, or null when the name is not one of ours. */
function entryOf(folder: string, name: string): DatabaseBackup | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const stamp = m[1]!;
  const file = path.join(folder, name);
  let bytes: number;
  try {
    bytes = fs.statSync(file).size;
  } catch {
    return null;
  }
  return {
    name,
    path: file,
    reason: m[2] as BackupReason,
    takenAt: `${stamp.slice(0, 13)}:${stamp.slice(13, 15)}:${stamp.slice(15)}`,
    bytes,
  };
}

/** The backups of the database at `databasePath`, newest first (an absent folder holds none). */
export function listBackups(databasePath: string): DatabaseBackup[] {
  const folder = backupFolder(databasePath);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .map((n) => entryOf(folder, n))
    .filter((b) => b !== null)
    .sort((a, b) => b.name.localeCompare(a.name));
}

/** The entry of a backup file found by name in the backups folder, or at a path given by hand. */
export function describeBackup(databasePath: string, file: string): DatabaseBackup {
  const folder = path.dirname(file);
  const entry = entryOf(folder, path.basename(file));
  if (entry) return entry;
  const stat = fs.statSync(file);
  return {
    name: path.basename(file),
    path: file,
    reason: 'manual',
    takenAt: stat.mtime.toISOString(),
    bytes: stat.size,
  };
}

/** Flushes a file's content to the disk, before a rename makes it the one people rely on. */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Syncs a folder's entries (a rename into it), where the platform allows opening a folder. */
export function syncFolder(folder: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(folder, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Takes a consistent copy of the database `db` has open (a read-only connection will do) into its
 * backups folder, then removes the oldest of the same reason beyond what is kept. Throws when the
 * copy cannot be made; nothing half-made is left behind.
 */
export function makeBackup(
  db: Database.Database,
  databasePath: string,
  reason: BackupReason,
  now: Date,
): DatabaseBackup {
  const folder = backupFolder(databasePath);
  fs.mkdirSync(folder, { recursive: true });
  let at = now.getTime();
  let file = path.join(folder, backupName(new Date(at), reason));
  // Two backups within one millisecond (a test clock, a fast script) get distinct names.
  while (fs.existsSync(file)) file = path.join(folder, backupName(new Date(++at), reason));
  const partial = `${file}.partial`;
  try {
    fs.rmSync(partial, { force: true });
    db.prepare('VACUUM INTO ?').run(partial);
    syncFile(partial);
    fs.renameSync(partial, file);
    syncFolder(folder);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  pruneBackups(databasePath, reason);
  return entryOf(folder, path.basename(file))!;
}

/** Removes the oldest backups of `reason` beyond the number kept. */
export function pruneBackups(databasePath: string, reason: BackupReason): void {
  const old = listBackups(databasePath)
    .filter((b) => b.reason === reason)
    .slice(BACKUPS_KEPT[reason]);
  for (const b of old) {
    fs.rmSync(b.path, { force: true });
    // A copy of a file that could not be opened keeps its -wal beside it.
    fs.rmSync(`${b.path}-wal`, { force: true });
  }
}
