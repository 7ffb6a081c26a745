// A child process for the restore crash test: it opens the backend on a database file and
// restores the named backup over it through the API, SIGKILLing itself just before its
// DIE_AT-th file-system call of the restore (copy, rename, remove, fsync): a crash at each
// step of putting a backup in place. It prints "done" when the restore ran to the end first.
//
// Usage: node --import tsx test/helpers/restore-crash-worker.ts DB_FILE BACKUP_NAME DIE_AT
import fs from 'node:fs';
import { startBackend } from '../../electron/backend/backend';

const [file, backup, dieText] = process.argv.slice(2);
const dieAt = Number(dieText);
const backend = startBackend({ dbPath: file!, transport: 'cli', version: 'restore-crash-worker' });

let calls = 0;
const patched = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const name of ['copyFileSync', 'renameSync', 'rmSync', 'unlinkSync', 'fsyncSync', 'writeFileSync']) {
  const original = patched[name]!;
  patched[name] = (...args: unknown[]) => {
    if (++calls === dieAt) process.kill(process.pid, 'SIGKILL');
    return original(...args);
  };
}

void backend.dispatch('database.restore', { backup }).then((answer) => {
  if (!answer.ok) throw new Error(answer.error.message);
  backend.close();
  process.stdout.write('done\n');
});
