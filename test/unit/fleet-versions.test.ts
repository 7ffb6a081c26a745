import { describe, expect, it } from 'vitest';
import {
  type VersionHalt,
  type VersionPatchStep,
  type VersionStep,
  deploymentVersions,
} from '../../shared/fleet-versions';

const TRAINS = [
  { id: 1, version: '2027.01' },
  { id: 2, version: '2027.02' },
  { id: 3, version: '2027.03' },
];

const released = (trainId: number, key: string, at: string): VersionStep => ({
  trainId,
  key,
  state: 'released',
  finishedAt: at,
});

const HALT: VersionHalt = {
  id: 9,
  trainId: 2,
  reason: 'Login errors',
  reference: 'INC-7',
  haltedAt: '2027-02-04T10:00:00.000Z',
  resumedAt: '2027-02-06T09:00:00.000Z',
  fixVersion: '2027.02.1',
  deployments: ['a', 'b'],
};

/** A step of the patch 2027.02.1 of train 2. */
const patch = (key: string, state: string, finishedAt: string | null): VersionPatchStep => ({
  patchId: 4,
  trainId: 2,
  version: '2027.02.1',
  key,
  state,
  finishedAt,
});

describe('deploymentVersions', () => {
  it('is the version of the latest release, none before any', () => {
    const steps = [released(1, 'a', '2027-01-20T09:00:00.000Z'), released(2, 'a', '2027-02-03T09:00:00.000Z')];
    expect(deploymentVersions(['a', 'z'], TRAINS, steps, [])).toEqual([
      { key: 'a', version: '2027.02', train: '2027.02', releasedAt: '2027-02-03T09:00:00.000Z', broken: null },
      { key: 'z', version: null, train: null, releasedAt: null, broken: null },
    ]);
  });

  it('counts only released steps: one in progress, rolled back or skipped delivered nothing', () => {
    const steps: VersionStep[] = [
      released(1, 'a', '2027-01-20T09:00:00.000Z'),
      { trainId: 2, key: 'a', state: 'rolled_back', finishedAt: '2027-02-03T09:00:00.000Z' },
      { trainId: 3, key: 'a', state: 'in_progress', finishedAt: null },
    ];
    expect(deploymentVersions(['a'], TRAINS, steps, [])[0]!.version).toBe('2027.01');
  });

  it('says who still runs the version a regression reached, with the fix it lacks; a release after the resume delivered the fix', () => {
    const steps = [
      released(2, 'a', '2027-02-03T09:00:00.000Z'),
      released(2, 'b', '2027-02-04T09:00:00.000Z'),
      released(2, 'c', '2027-02-08T09:00:00.000Z'),
    ];
    const [a, b, c] = deploymentVersions(['a', 'b', 'c'], TRAINS, steps, [HALT]);
    const broken = { haltId: 9, reason: 'Login errors', reference: 'INC-7', fix: '2027.02.1' };
    expect(a).toMatchObject({ version: '2027.02', broken });
    expect(b).toMatchObject({ version: '2027.02', broken });
    expect(c).toMatchObject({ version: '2027.02.1', broken: null });
  });

  it('has no fix to name while the halt stands, and is fixed by any later release', () => {
    const standing = { ...HALT, resumedAt: null, fixVersion: null };
    const steps = [
      released(2, 'a', '2027-02-03T09:00:00.000Z'),
      released(2, 'b', '2027-02-03T09:00:00.000Z'),
      released(3, 'b', '2027-02-17T09:00:00.000Z'),
    ];
    const [a, b] = deploymentVersions(['a', 'b'], TRAINS, steps, [standing]);
    expect(a!.broken).toEqual({ haltId: 9, reason: 'Login errors', reference: 'INC-7', fix: null });
    expect(b).toMatchObject({ version: '2027.03', broken: null });
  });

  it('counts every deployment released with the broken version, reached or not, and a release during the halt as the fix', () => {
    const steps = [
      released(2, 'a', '2027-02-03T09:00:00.000Z'),
      released(2, 'x', '2027-02-03T09:00:00.000Z'),
      // The internal deployment takes the fix while the train is halted, before it resumes.
      released(2, 'internal', '2027-02-05T09:00:00.000Z'),
    ];
    const [a, x, internal] = deploymentVersions(['a', 'x', 'internal'], TRAINS, steps, [HALT]);
    expect(a!.broken?.haltId).toBe(9);
    expect(x).toMatchObject({ version: '2027.02', broken: { haltId: 9, fix: '2027.02.1' } });
    expect(internal).toMatchObject({ version: '2027.02.1', broken: null });
  });

  it('takes a released patch step as the fix; a patch step not released leaves the deployment broken', () => {
    const steps = [released(2, 'a', '2027-02-03T09:00:00.000Z'), released(2, 'b', '2027-02-03T09:00:00.000Z')];
    const [a, b] = deploymentVersions(
      ['a', 'b'],
      TRAINS,
      steps,
      [HALT],
      [patch('a', 'released', '2027-02-07T10:00:00.000Z'), patch('b', 'in_progress', null)],
    );
    expect(a).toMatchObject({ version: '2027.02.1', train: '2027.02', broken: null });
    expect(b).toMatchObject({ version: '2027.02', broken: { haltId: 9 } });
  });

  it('finds a second regression in the fix: those the first patch reached need the second', () => {
    const second: VersionHalt = {
      ...HALT,
      id: 10,
      reason: 'Fix leaks sessions',
      haltedAt: '2027-02-09T10:00:00.000Z',
      resumedAt: '2027-02-10T10:00:00.000Z',
      fixVersion: '2027.02.2',
    };
    const steps = [released(2, 'a', '2027-02-03T09:00:00.000Z'), released(2, 'b', '2027-02-03T09:00:00.000Z')];
    const [a, b] = deploymentVersions(
      ['a', 'b'],
      TRAINS,
      steps,
      [HALT, second],
      [patch('a', 'released', '2027-02-08T10:00:00.000Z')],
    );
    expect(a).toMatchObject({ version: '2027.02.1', broken: { haltId: 10, fix: '2027.02.2' } });
    // b never took the first patch: it still runs the first broken version.
    expect(b).toMatchObject({ version: '2027.02', broken: { haltId: 9 } });
  });
});
