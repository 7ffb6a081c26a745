import { describe, expect, it } from 'vitest';
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

  it('lists exactly the steps that have left pending, in train, wave and key order', async () => {
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
      .map((s) => ({ trainId: s.trainId, key: s.key, state: s.state }));
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
});
