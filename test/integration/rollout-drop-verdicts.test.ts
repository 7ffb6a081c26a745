import { afterEach, describe, expect, it } from 'vitest';
import type { CalendarRange, RolloutPlanView } from '../../shared/contract';
import type { TrainView } from '../../shared/train';
import { dropVerdicts } from '../../renderer/src/views/calendar/rollout-move-model';
import { openTestBackend, type TestBackend } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';

// The train drawer marks the waves a dragged deployment may go to without asking the server.
// Here every such verdict, over every deployment and wave of the demo's plans, is checked
// against what `rollout.move` really does: an allowed drop is saved, a refused one is refused
// with the same sentence.

const tempDir = useTempDirs('rc-drop-');
let backend: TestBackend | null = null;
afterEach(() => {
  backend?.close();
  backend = null;
});

async function ok<R>(method: string, input?: unknown): Promise<R> {
  const answer = await backend!.dispatch(method, input);
  if (!answer.ok) throw new Error(`${method} failed: ${answer.error.message}`);
  return answer.result as R;
}

/** Runs a move and undoes it (a savepoint around the service's own transaction), so every case starts from the plan. */
async function tryMove(trainId: number, key: string, wave: number) {
  const db = backend!.db;
  db.exec('SAVEPOINT probe');
  try {
    return await backend!.dispatch('rollout.move', { trainId, key, wave, reason: 'Checking the drop verdicts' });
  } finally {
    db.exec('ROLLBACK TO probe');
    db.exec('RELEASE probe');
  }
}

type Seen = { allowed: number; refused: number; /** Refused because the rollout has moved on. */ past: number };

/** Tries every drop of every deployment of these trains and expects the server to agree with each verdict. */
async function expectAgreement(trains: readonly TrainView[], today: string): Promise<Seen> {
  const seen: Seen = { allowed: 0, refused: 0, past: 0 };
  for (const train of trains) {
    const plan = (await ok<RolloutPlanView | null>('rollout.get', { trainId: train.id }))!;
    for (const wave of plan.waves.slice(1)) {
      for (const { key } of wave.deployments) {
        for (const verdict of dropVerdicts(plan, key, today)) {
          if (verdict.kind === 'current') continue;
          const answer = await tryMove(train.id, key, verdict.wave);
          const what = `${train.version}: ${key} from wave ${wave.index} to wave ${verdict.wave}`;
          if (verdict.kind === 'allowed') {
            expect(answer.ok, `${what}: ${answer.ok ? '' : answer.error.message}`).toBe(true);
            seen.allowed++;
          } else {
            expect(answer.ok, what).toBe(false);
            if (!answer.ok) expect(answer.error.message, what).toBe(verdict.message);
            // Waves today or past, and steps already started: the rollout has moved on.
            if (/today or past|step has not started/.test(verdict.reason)) seen.past++;
            else seen.refused++;
          }
        }
      }
    }
  }
  return seen;
}

async function demo(): Promise<{ today: string; trains: TrainView[] }> {
  backend = openTestBackend(tempDir());
  await ok('fleet.loadDemo', {});
  const { today } = await ok<CalendarRange>('calendar.range', { from: '2026-03-02', to: '2026-03-02' });
  const trains = (await ok<TrainView[]>('trains.list', {})).filter((t) => t.state === 'active');
  // The train rolling out today (waves on both sides of today) and the next two.
  const first = trains.findIndex((t) => t.releaseDays.some((d) => d > today));
  expect(trains[first]!.releaseDays.some((d) => d <= today)).toBe(true);
  return { today, trains: trains.slice(first, first + 3) };
}

describe('drop verdicts in the train drawer', () => {
  it('agree with rollout.move for every deployment and wave of the demo plans, past waves included', async () => {
    const { today, trains } = await demo();
    const seen = await expectAgreement(trains, today);
    // Every kind of verdict was met, so the agreement is not vacuous.
    expect(seen.allowed).toBeGreaterThanOrEqual(5);
    expect(seen.refused).toBeGreaterThanOrEqual(100);
    expect(seen.past).toBeGreaterThan(0);
  });

  it('still agree when the fleet changed after planning and the plan itself now breaks a rule', async () => {
    const { today, trains } = await demo();
    const next = trains[1]!;
    const plan = (await ok<RolloutPlanView | null>('rollout.get', { trainId: next.id }))!;
    // An unpaired deployment of an early wave is pinned late after the fact.
    const early = plan.waves[2]!.deployments.find(
      (d) => plan.fleet.find((f) => f.key === d.key)?.pairingGroup === null,
    )!;
    await ok('deployments.update', { key: early.key, changes: { pinPolicy: 'late' } });
    const seen = await expectAgreement([next], today);
    expect(seen.allowed).toBe(1);
    const after = (await ok<RolloutPlanView | null>('rollout.get', { trainId: next.id }))!;
    expect(dropVerdicts(after, early.key, today).at(-1)).toMatchObject({ kind: 'allowed' });
  });
});
