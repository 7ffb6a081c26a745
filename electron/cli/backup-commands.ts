import path from 'node:path';
import type { DatabaseBackup, DatabaseRestore } from '../../shared/contract';
import { DomainError } from '../../shared/errors';
import type { Backend } from '../backend/backend';
import { backupFolder, listBackups } from '../backend/db/backup';
import { DatabaseOpenError } from '../backend/db/open-error';
import { backupFile, restoreOverUnopened } from '../backend/db/restore';
import { DB_ENV, resolveDatabasePath } from '../backend/paths';
import { type Command, type CommandArgs, CommandError, tableOrNone } from './command';

/** The database file the command is about, resolved as every command resolves it. */
function databaseFile(a: CommandArgs): string {
  return resolveDatabasePath(
    typeof a.values.db === 'string' ? path.resolve(a.io.cwd, a.values.db) : undefined,
    a.io.env[DB_ENV] ? { ...a.io.env, [DB_ENV]: path.resolve(a.io.cwd, a.io.env[DB_ENV]) } : a.io.env,
  );
}

/** Files a restore may replace although no backend opens them: the reasons people restore at all. */
const REPLACEABLE = new Set<DatabaseOpenError['kind']>(['damaged', 'unreadable', 'empty', 'missing_file']);

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function row(b: DatabaseBackup): string[] {
  return [b.name, b.takenAt.replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC'), b.reason, size(b.bytes)];
}

export const BACKUP_COMMANDS: Record<string, Command> = {
  backups: {
    usage: 'backups',
    help: `Backups are kept in the folder beside the database (<database>.backups): one a day, one before
every import and upgrade, one before every restore.`,
    run(a) {
      // Not through the backend: a damaged database, which it refuses, is when people look here.
      const file = databaseFile(a);
      const list = { databasePath: file, folder: backupFolder(file), backups: listBackups(file) };
      a.print(list, () =>
        tableOrNone(`There are no backups of ${file} yet.`, ['NAME', 'TAKEN', 'REASON', 'SIZE'], list.backups.map(row)),
      );
    },
  },
  backup: {
    usage: 'backup',
    async run(a) {
      const b = await a.call('database.backup', {});
      a.print(b, () => `Saved a backup of the database: ${b.path}`);
    },
  },
  restore: {
    usage: 'restore <backup>',
    help: `The database's current file is first saved as a before-restore backup, so a restore can be undone.
A damaged database can be restored over.`,
    positionals: [1, 1],
    async run(a) {
      const file = databaseFile(a);
      const backup = backupFile(file, a.positionals[0]!, a.io.cwd);
      let backend: Backend | null = null;
      try {
        backend = await a.backend();
      } catch (err) {
        if (!(err instanceof DatabaseOpenError) || !REPLACEABLE.has(err.kind)) throw err;
      }
      let done: DatabaseRestore;
      try {
        done = backend
          ? backend.restore(backup)
          : restoreOverUnopened(file, backup, { now: a.io.now?.() ?? new Date() });
      } catch (err) {
        if (err instanceof DomainError) throw new CommandError(err.message, err.code);
        throw err;
      }
      a.print(done, () =>
        done.beforeRestore
          ? `Restored ${done.restored.name} over ${done.databasePath}; the file it replaced is kept as the backup ${done.beforeRestore.name}.`
          : `Restored ${done.restored.name} as ${done.databasePath}.`,
      );
    },
  },
};
