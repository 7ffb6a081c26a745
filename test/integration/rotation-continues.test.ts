import { afterEach, describe, expect, it } from 'vitest';
import type { RolloutPlanView } from '../../shared/contract';
import type { Deployment } from '../../shared/deployment';
import { type RolloutPolicy, lateOnlyReason, turnsFloor } from '../../shared/ordering';
import type { TrainView } from '../../shared/train';
import { type TrackingBackend, openTrackingBackend } from '../helpers/tracking';
import { useTempDirs } from '../helpers/temp-dir';

// A database whose plans were stored before (here, the demo's, planned train after train) goes on
// with the rotation: the accounts are read from the stored plans, so the next plan gives the first
// wave to the deployments with the fewest early turns over all of them, and does not restart it.

const tempDir = useTempDirs('rc-rotation-continues-');
const open: TrackingBackend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

describe('the rotation continues from the stored plans', () => {
  it('re-planning the next train gives the first wave to the fewest early turns over every stored plan', async () => {
    const b = openTrackingBackend(tempDir(), '2027-02-22T09:00:00.000Z');
    open.push(b);
    await b.call('fleet.loadDemo', {});
    const trains = (await b.call('trains.list', {})) as TrainView[];
    const plans = new Map<number, RolloutPlanView>();
    for (const t of trains) {
      const p = await b.call('rollout.get', { trainId: t.id });
      if (p) plans.set(t.id, p);
    }
    // The last planned train that has not started: every stored plan before it is its history.
    const next = trains.filter((t) => t.state === 'active' && plans.get(t.id) && !plans.get(t.id)!.started).at(-1)!;
    expect(next).toBeDefined();
    // Recounted from the stored plans alone: early = wave 1 of a plan with more than one customer wave.
    const turns = new Map<string, number>();
    const before = trains.filter((t) => t.state === 'active' && t.start < next.start && plans.has(t.id));
    expect(before.length).toBeGreaterThanOrEqual(10);
    for (const t of before) {
      const customerWaves = plans.get(t.id)!.waves.filter((w) => w.index > 0);
      if (customerWaves.length < 2) continue;
      for (const d of customerWaves[0]!.deployments) turns.set(d.key, (turns.get(d.key) ?? 0) + 1);
    }
    const policy = (await b.call('policy.get', {})) as RolloutPolicy;
    const fleet = ((await b.call('deployments.list', {})) as { deployments: Deployment[] }).deployments;
    const mayGoEarly = fleet.filter(
      (d) => d.status === 'active' && !d.internal && lateOnlyReason({ ...d, blockedDays: [] }, policy) === null,
    );
    const raw = (key: string) => turns.get(key) ?? 0;
    const floor = turnsFloor(mayGoEarly.map((d) => raw(d.key)));
    const counted = (key: string) => Math.max(raw(key), floor);
    const fewest = Math.min(...mayGoEarly.map((d) => counted(d.key)));

    const planned = await b.call('rollout.plan', { trainId: next.id });
    const first = planned.waves.find((w) => w.index === 1)!.deployments.map((d) => d.key);
    expect(first.length).toBeGreaterThan(0);
    for (const key of first) expect(counted(key), key).toBe(fewest);
  });
});
