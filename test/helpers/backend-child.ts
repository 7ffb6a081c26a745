// A Node child process standing in for the desktop app's backend utilityProcess: the same
// serveBackend and message codec, over Node's IPC channel instead of Electron's parentPort.
//
// With DIE_AT_ROW, it SIGKILLs itself right after that many rollout step rows have been
// written (a TEMP trigger lives only in this connection, never in the file): a crash at an
// exact point in the middle of a write. DIE_AT_START makes it die before opening anything.
//
// Started by test/integration/backend-process.test.ts with `node --import tsx`.
import { serveBackend } from '../../electron/backend/process/serve';

if (process.env.DIE_AT_START) process.kill(process.pid, 'SIGKILL');
serveBackend({
  link: {
    post: (message) => process.send!(message),
    onMessage: (listener) => process.on('message', listener),
    exit: (code) => process.exit(code),
  },
  env: process.env,
  onStarted: (backend) => {
    const dieAt = Number(process.env.DIE_AT_ROW ?? 0);
    if (!dieAt) return;
    let rows = 0;
    backend.database.db.function('backend_child_row_written', () => {
      if (++rows === dieAt) process.kill(process.pid, 'SIGKILL');
      return rows;
    });
    backend.database.db.exec(`CREATE TEMP TRIGGER backend_child_die AFTER UPDATE ON main.rollout_steps
      BEGIN SELECT backend_child_row_written(); END`);
  },
});
