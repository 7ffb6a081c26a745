import path from 'node:path';
import { checkDatabaseFile } from '../backend/db/check';
import { DB_ENV, resolveDatabasePath } from '../backend/paths';
import type { Command } from './command';

export const DOCTOR_COMMANDS: Record<string, Command> = {
  doctor: {
    usage: 'doctor',
    async run(a) {
      // Not through the backend: it refuses a damaged file, and this is the command that examines one.
      const file = resolveDatabasePath(
        typeof a.values.db === 'string' ? path.resolve(a.io.cwd, a.values.db) : undefined,
        a.io.env[DB_ENV] ? { ...a.io.env, [DB_ENV]: path.resolve(a.io.cwd, a.io.env[DB_ENV]) } : a.io.env,
      );
      const check = checkDatabaseFile(file);
      // Under --json scripts get the check itself, problems included; people get the one sentence,
      // on stderr when it is bad news. Damage is the check's answer, not a failure of the command: exit 1.
      if (check.ok || a.json) a.print(check, () => check.message);
      else a.io.stderr(`release-calendar: ${check.message}`);
      return Promise.resolve(check.ok ? 0 : 1);
    },
  },
};
