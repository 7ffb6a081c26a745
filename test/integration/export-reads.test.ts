import { describe, expect, it } from 'vitest';
import { lastNotesChanges, listAudit } from '../../electron/backend/repositories/audit';
import { findPlan, listPlanWaves } from '../../electron/backend/repositories/rollout-plans';
import { listGateStates, listGates, listStartedSteps, listSteps } from '../../electron/backend/repositories/tracking';
import { listTrains } from '../../electron/backend/repositories/trains';
import { useTestBackend } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';

// The export reads a whole plan in a few queries (services/export.ts). Each must say what the
// readers the rest of the backend uses say, train by train, on the demo: plans, steps that have
// started, released, failed or been skipped, gates set, a halt and its patch.

const tempDir = useTempDirs('rc-export-reads-');
const { backend, ok } = useTestBackend(tempDir);

async function demoTrainIds(): Promise<number[]> {
  await ok('fleet.loadDemo', {});
  return listTrains(backend().db).map((t) => t.id);
}

describe('the reads of an export', () => {
  it('gives every planned train the waves of its stored plan, each with the keys placed in it in key order', async () => {
    const ids = await demoTrainIds();
    const db = backend().db;
    const expected = new Map(
      ids.flatMap((id) => {
        const plan = findPlan(db, id);
        if (!plan) return [];
        const waves = plan.waves.map((w) => ({
          ...w,
          keys: plan.placements.filter((p) => p.wave === w.index).map((p) => p.key),
        }));
        return [[id, waves] as const];
      }),
    );
    expect(expected.size).toBeGreaterThan(0);
    expect(listPlanWaves(db, ids)).toEqual(expected);
  });

  it('lists exactly the steps that have left pending, in train, wave and key order, with when each finished', async () => {
    const ids = await demoTrainIds();
    const db = backend().db;
    const all = [
      ...listSteps(
        db,
        [...ids].sort((a, b) => a - b),
      ).values(),
    ].flat();
    const started = all
      .filter((s) => s.state !== 'pending')
      .map((s) => ({ trainId: s.trainId, key: s.key, state: s.state, finishedAt: s.finishedAt }));
    expect(started.length).toBeGreaterThan(0);
    expect(listStartedSteps(db, ids)).toEqual(started);
  });

  it("gives each train's gates their names and states, in position order", async () => {
    const ids = await demoTrainIds();
    const db = backend().db;
    const expected = new Map(
      [...listGates(db, ids)].map(([id, gates]) => [id, gates.map((g) => ({ name: g.name, state: g.state }))]),
    );
    expect([...expected.values()].flat().some((g) => g.state !== 'pending')).toBe(true);
    expect(listGateStates(db, ids)).toEqual(expected);
  });

  it("gives each train the instant of its notes' last change, an undo of one included", async () => {
    const ids = await demoTrainIds();
    const db = backend().db;
    const atOf = (id: number, action: string) =>
      listAudit(db, 'train', String(id))
        .filter((e) => e.action === action)
        .at(-1)!.at;
    // The demo writes notes for the trains that have started; the others never had any.
    const before = lastNotesChanges(db, ids);
    expect(before.size).toBeGreaterThan(0);
    expect(before.size).toBeLessThan(ids.length);
    for (const [id, at] of before) expect(at).toBe(atOf(id, 'train.notes'));
    const quiet = ids.find((id) => !before.has(id))!;

    await ok('trains.setNotes', { id: quiet, notes: 'First draft' });
    const drafted = atOf(quiet, 'train.notes');
    expect(lastNotesChanges(db, [quiet])).toEqual(new Map([[quiet, drafted]]));
    // Another change to the train is no change to its notes.
    await ok('trains.rename', { id: quiet, version: 'renamed-1' });
    expect(lastNotesChanges(db, [quiet]).get(quiet)).toBe(drafted);
    await ok('trains.setNotes', { id: quiet, notes: 'Second draft' });
    expect(lastNotesChanges(db, [quiet]).get(quiet)).toBe(atOf(quiet, 'train.notes'));
    await ok('audit.undo', { trainId: quiet });
    const undone = atOf(quiet, 'undo');
    expect(undone > drafted).toBe(true);
    expect(lastNotesChanges(db, [quiet]).get(quiet)).toBe(undone);
    // Only the trains asked for.
    expect([...lastNotesChanges(db, [quiet, ...before.keys()]).keys()].sort()).toEqual(
      [quiet, ...before.keys()].sort(),
    );
    expect(lastNotesChanges(db, [])).toEqual(new Map());
  });
});
