import path from 'node:path';
import { checkDatabaseFile } from '../backend/db/check';
import { DB_ENV, resolveDatabasePath } from '../backend/paths';
import { type Command, CommandError } from './command';

export const DOCTOR_COMMANDS: Record<string, Command> = {
  doctor: {
    usage: 'doctor',
    summary: "check the database file for damage (SQLite's full integrity check); changes nothing",
    async run(a) {
      // Not through the backend: it refuses a damaged file, and this is the command that examines one.
      const file = resolveDatabasePath(
        typeof a.values.db === 'string' ? path.resolve(a.io.cwd, a.values.db) : undefined,
        a.io.env[DB_ENV] ? { ...a.io.env, [DB_ENV]: path.resolve(a.io.cwd, a.io.env[DB_ENV]) } : a.io.env,
      );
      const check = checkDatabaseFile(file);
      // Under --json scripts get the problems too; people get the one sentence, on stderr when it is bad news.
      if (check.ok || a.json) a.print(check, () => check.message);
      if (!check.ok) throw new CommandError(check.message);
      return Promise.resolve();
    },
  },
};
