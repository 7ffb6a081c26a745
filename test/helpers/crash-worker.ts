// A child process for the crash test: it opens the backend on a database file and
// moves every step of wave 1 of a train through start → release → rollback →
// start … in batches (one `steps.transition` call each, all the wave's deployments
// at once), forever, printing the count of committed batches after each one. The
// test SIGKILLs it at different moments and checks what is left on disk.
//
// With DIE_AT_ROW, the worker SIGKILLs itself right after that many step rows have
// been written (a TEMP trigger lives only in this connection, never in the file):
// a crash at an exact point in the middle of a batch's writes.
//
// Usage: node --import tsx test/helpers/crash-worker.ts DB_FILE TRAIN_ID [DIE_AT_ROW]
import { startBackend } from '../../electron/backend/backend';
import type { StepAction, StepState } from '../../shared/rollout-steps';

const [file, trainText, dieText] = process.argv.slice(2);
const trainId = Number(trainText);
const backend = startBackend({ dbPath: file!, transport: 'cli', version: 'crash-worker', actor: 'crash-worker' });
const db = backend.database.db;
const keys = db
  .prepare(
    `SELECT d.key FROM rollout_steps s JOIN deployments d ON d.id = s.deployment_id
     WHERE s.train_id = ? AND s.wave = 1 ORDER BY d.key`,
  )
  .pluck()
  .all(trainId) as string[];
if (dieText !== undefined) {
  const dieAt = Number(dieText);
  let rows = 0;
  db.function('crash_test_row_written', () => {
    if (++rows === dieAt) process.kill(process.pid, 'SIGKILL');
    return rows;
  });
  db.exec(`CREATE TEMP TRIGGER crash_test_die AFTER UPDATE ON main.rollout_steps
           BEGIN SELECT crash_test_row_written(); END`);
}
const stateOf = db.prepare('SELECT state FROM rollout_steps WHERE train_id = ? AND wave = 1 LIMIT 1').pluck();
const NEXT: Partial<Record<StepState, StepAction>> = {
  pending: 'start',
  in_progress: 'release',
  released: 'rollback',
  rolled_back: 'start',
};

async function main(): Promise<never> {
  process.stdout.write('ready\n');
  for (let batches = 0; ;) {
    const action = NEXT[stateOf.get(trainId) as StepState]!;
    const r = await backend.dispatch('steps.transition', {
      trainId,
      keys,
      action,
      ...(action === 'rollback' ? { reason: `crash test batch ${batches}` } : {}),
    });
    if (!r.ok) {
      process.stderr.write(`${r.error.message}\n`);
      process.exit(3);
    }
    batches++;
    process.stdout.write(`${batches}\n`);
  }
}

void main();
