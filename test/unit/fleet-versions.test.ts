import { describe, expect, it } from 'vitest';
import { type VersionHalt, type VersionStep, deploymentVersions } from '../../shared/fleet-versions';

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
  trainId: 2,
  reason: 'Login errors',
  reference: 'INC-7',
  haltedAt: '2027-02-04T10:00:00.000Z',
  resumedAt: '2027-02-06T09:00:00.000Z',
  fixVersion: '2027.02.1',
  deployments: ['a', 'b'],
};

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
    const broken = { reason: 'Login errors', reference: 'INC-7', fix: '2027.02.1' };
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
    expect(a!.broken).toEqual({ reason: 'Login errors', reference: 'INC-7', fix: null });
    expect(b).toMatchObject({ version: '2027.03', broken: null });
  });
});
