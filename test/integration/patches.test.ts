import { afterEach, describe, expect, it } from 'vitest';
import type { PatchView, TrainTracking } from '../../shared/contract';
import { dumpDatabase } from '../helpers/db';
import { TRACKING_FLEET_CSV, type TrackingBackend, openTrackingBackend } from '../helpers/tracking';
import { useTempDirs } from '../helpers/temp-dir';

// Patch rollouts on a real database: a halt resumed with a fix creates a patch for every
// deployment still running the broken version, internal first, which moves like a rollout, is
// undone like one, and which fleet versions count.

const tempDir = useTempDirs('rc-patches-');
const open: TrackingBackend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

/**
 * The small fleet, 2027.01 planned (waves Mon 18, Wed 20, Thu 21, Mon 25, Wed 27 Jan); its
 * internal deployment and wave 1 released, then a regression halts it on Wed 20 at 11:00.
 */
async function haltedTrain(): Promise<{ b: TrackingBackend; t1: number; broken: string[] }> {
  const b = openTrackingBackend(tempDir(), '2027-01-18T08:00:00.000Z');
  open.push(b);
  await b.call('deployments.importCsv', { csv: TRACKING_FLEET_CSV });
  const [train] = await b.call('trains.plan', { from: '2027-01-04', count: 6 });
  const t1 = train!.id;
  await b.call('rollout.plan', { trainId: t1 });
  for (const key of ['unit-tests', 'integration-tests', 'acceptance-suite'])
    await b.call('gates.set', { trainId: t1, key, action: 'pass' });
  await b.call('steps.transition', { trainId: t1, wave: 0, action: 'start' });
  await b.call('steps.transition', { trainId: t1, wave: 0, action: 'release' });
  await b.call('gates.set', { trainId: t1, key: 'internal-bake', action: 'waive', reason: 'Hotfix train' });
  b.clock.set('2027-01-20T09:00:00.000Z');
  await b.call('steps.transition', { trainId: t1, wave: 1, action: 'start' });
  let t = await b.call('steps.transition', { trainId: t1, wave: 1, action: 'release' });
  const broken = ['corp', ...t.waves[1]!.steps.map((s) => s.key)].sort();
  b.clock.set('2027-01-20T11:00:00.000Z');
  t = await b.call('trains.halt', { trainId: t1, reason: 'Exports truncated', reference: 'INC-88' });
  expect(t.status).toBe('halted');
  // The policy wants a fresh internal bake before the resume; here it is waived.
  await b.call('gates.set', { trainId: t1, key: 'internal-bake', action: 'waive', reason: 'Fix verified by hand' });
  return { b, t1, broken };
}

const keysOf = (p: PatchView, wave: number) => p.waves.find((w) => w.index === wave)!.steps.map((s) => s.key);

describe('patch rollouts', () => {
  it('resuming with a fix creates a patch: internal first, then customers in the order they got the broken build', async () => {
    const { b, t1, broken } = await haltedTrain();
    b.clock.set('2027-01-20T13:00:00.000Z');
    const t = await b.call('trains.resume', { trainId: t1, fixVersion: '2027.01.1' });
    expect(t.patches).toHaveLength(1);
    const p = t.patches[0]!;
    expect(p).toMatchObject({
      trainId: t1,
      trainVersion: '2027.01',
      version: '2027.01.1',
      broken: '2027.01',
      reason: 'Exports truncated',
      reference: 'INC-88',
      bakeHours: 4,
      status: 'planned',
      progress: { released: 0, total: broken.length },
    });
    expect(p.waves.map((w) => [w.index, w.date])).toEqual([
      [0, '2027-01-20'],
      [1, '2027-01-21'],
    ]);
    expect(keysOf(p, 0)).toEqual(['corp']);
    expect([...keysOf(p, 0), ...keysOf(p, 1)].sort()).toEqual(broken);
    // The customers wait for the internal deployment.
    expect(p.waves[1]!.next).toMatchObject({ action: 'start', refusalKind: 'previous_wave' });
    const audit = await b.call('audit.list', { trainId: t1, limit: 1 });
    expect(audit[0]!.summary).toContain('the patch 2027.01.1 goes to the 3 deployments still running 2027.01 (corp, ');
    expect(audit[0]!.summary).toContain('in 2 waves from Wed 20 Jan 2027 to Thu 21 Jan 2027');

    // Fleet versions: every one of them still needs the fix, and its patch step says where it is.
    const eachRuns = async (expected: object) => {
      const versions = await b.call('fleet.versions', {});
      for (const key of broken)
        expect(
          versions.deployments.find((d) => d.key === key),
          key,
        ).toMatchObject(expected);
      return versions;
    };
    await eachRuns({
      version: '2027.01',
      broken: { fix: '2027.01.1', reference: 'INC-88' },
      patch: { id: p.id, version: '2027.01.1', state: 'pending' },
    });

    // Wave 0, then the bake: customers may not start before 4 hours, unless overridden with a reason.
    await b.call('patches.transition', { patchId: p.id, wave: 0, action: 'start' });
    let after = await b.call('patches.transition', { patchId: p.id, wave: 0, action: 'release' });
    expect(after.patches[0]!.status).toBe('rolling_out');
    const baking = await b.refuse('patches.transition', { patchId: p.id, wave: 1, action: 'start' });
    expect(baking.message).toMatch(/^The patch 2027\.01\.1 is baking on corp until .+; wait, or override the bake/);
    // Wave 1 is planned for tomorrow: the board does not list it today.
    expect((await b.call('today.board', {})).rows.filter((r) => r.patchId === p.id)).toEqual([]);
    b.clock.set('2027-01-21T09:00:00.000Z');
    expect((await b.call('today.board', {})).rows.find((r) => r.patchId === p.id)).toMatchObject({
      kind: 'release',
      reason: expect.stringMatching(/^Wave 1 of the patch 2027\.01\.1 is due today/),
    });
    await b.call('patches.transition', { patchId: p.id, wave: 1, action: 'start' });
    after = await b.call('patches.transition', { patchId: p.id, wave: 1, action: 'release' });
    expect(after.patches[0]).toMatchObject({ status: 'completed', progress: { released: broken.length } });

    const versions = await eachRuns({ version: '2027.01.1', broken: null, patch: null });
    expect(versions.deployments.filter((d) => d.broken)).toEqual([]);
  });

  it('makes no patch when nothing was released with the broken build', async () => {
    const b = openTrackingBackend(tempDir(), '2027-01-18T08:00:00.000Z');
    open.push(b);
    await b.call('deployments.importCsv', { csv: TRACKING_FLEET_CSV });
    const [train] = await b.call('trains.plan', { from: '2027-01-04', count: 6 });
    await b.call('rollout.plan', { trainId: train!.id });
    await b.call('steps.transition', { trainId: train!.id, wave: 0, action: 'start' });
    await b.call('trains.halt', { trainId: train!.id, reason: 'Crash on start', reference: 'INC-1' });
    await b.call('gates.set', { trainId: train!.id, key: 'internal-bake', action: 'waive', reason: 'Verified' });
    const t = await b.call('trains.resume', { trainId: train!.id, fixVersion: '2027.01.1' });
    expect(t.patches).toEqual([]);
  });

  it('refuses what the rules forbid, changing nothing', async () => {
    const { b, t1 } = await haltedTrain();
    const t = await b.call('trains.resume', { trainId: t1, fixVersion: '2027.01.1', patchBakeHours: 2 });
    const p = t.patches[0]!;
    expect(p.bakeHours).toBe(2);
    expect((await b.refuse('patches.transition', { patchId: 999, wave: 0, action: 'start' })).message).toBe(
      'No patch has the id 999.',
    );
    expect((await b.refuse('patches.transition', { patchId: p.id, wave: 4, action: 'start' })).message).toBe(
      'the patch 2027.01.1 has waves 0–1; there is no wave 4.',
    );
    expect((await b.refuse('patches.transition', { patchId: p.id, keys: ['gov-1'], action: 'start' })).message).toBe(
      'gov-1 is not in the patch 2027.01.1.',
    );
    expect((await b.refuse('patches.transition', { patchId: p.id, wave: 1, action: 'start' })).message).toMatch(
      /^Wave 0 of the patch 2027\.01\.1 is not finished: 1 of 1 deployment is neither released nor skipped \(corp\)/,
    );
    expect(
      (await b.refuse('trains.resume', { trainId: t1, fixVersion: '2027.01.1', patchBakeHours: 500 })).message,
    ).toMatch(/at most 168 hours/);
    // A second regression halts the train again: the patch's customers wait for its resume.
    await b.call('patches.transition', { patchId: p.id, wave: 0, action: 'start' });
    await b.call('patches.transition', { patchId: p.id, wave: 0, action: 'release' });
    b.clock.advanceHours(3);
    await b.call('trains.halt', {
      trainId: t1,
      reason: 'Fix leaks memory',
      reference: 'INC-89',
      deployments: ['corp'],
    });
    expect((await b.refuse('patches.transition', { patchId: p.id, wave: 1, action: 'start' })).message).toBe(
      'Train 2027.01 is halted again: Fix leaks memory (INC-89); the patch 2027.01.1 waits until it resumes.',
    );
  });

  it('keeps a released version’s name: the fleet runs it by that name', async () => {
    const { b, t1, broken } = await haltedTrain();
    const refusal = await b.refuse('trains.rename', { id: t1, version: '2027.01b' });
    expect(refusal).toMatchObject({
      code: 'rule_violation',
      message: `2027.01 cannot become 2027.01b: ${broken.length} deployments run it under that name, and a released version keeps its name. Give the next train the new version instead.`,
    });
    // A train nothing was released from may still be renamed.
    const [, second] = await b.call('trains.list', {});
    expect((await b.call('trains.rename', { id: second!.id, version: '2027.02b' })).version).toBe('2027.02b');
  });

  it('undoes a patch step, and a resume with its patch, each by a compensating event', async () => {
    const { b, t1 } = await haltedTrain();
    const rest = () => {
      const { audit_events: _events, ...tables } = dumpDatabase(b.database.db);
      return tables;
    };
    const halted = rest();
    await b.call('trains.resume', { trainId: t1, fixVersion: '2027.01.1' });
    let undone = await b.call('audit.undo', { trainId: t1 });
    expect(undone.undo.summary).toMatch(/^Undid: Resumed 2027\.01 with the fix 2027\.01\.1/);
    expect(rest()).toEqual(halted);
    expect((await b.call('status.get', { trainId: t1 })).trains[0]).toMatchObject({ status: 'halted', patches: [] });

    const resumed = await b.call('trains.resume', { trainId: t1, fixVersion: '2027.01.1' });
    const p = resumed.patches[0]!;
    const planned = rest();
    await b.call('patches.transition', { patchId: p.id, wave: 0, action: 'start' });
    undone = await b.call('audit.undo', { trainId: t1 });
    expect(undone.undo.summary).toMatch(/^Undid: Started wave 0 of the patch 2027\.01\.1 \(1 deployment: corp\)/);
    expect(rest()).toEqual(planned);
    const t: TrainTracking = (await b.call('status.get', { trainId: t1 })).trains[0]!;
    expect(t.patches[0]!.status).toBe('planned');
  });
});
