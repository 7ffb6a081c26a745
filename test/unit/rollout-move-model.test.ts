import { describe, expect, it } from 'vitest';
import type { RolloutPlanView } from '../../shared/contract';
import { DEFAULT_POLICY, type OrderingDeployment } from '../../shared/ordering';
import { waveIsOpen, wavesAfterMove } from '../../shared/manual-move';
import {
  adjacentWave,
  canMove,
  dropVerdicts,
  moveTitle,
  waveOf,
} from '../../renderer/src/views/calendar/rollout-move-model';
import { orderingDeployment } from '../helpers/deployments';

/** A standard us-east customer of weight 100. */
function deployment(key: string, extra: Partial<OrderingDeployment> = {}): OrderingDeployment {
  return orderingDeployment(key, { region: 'us-east', weight: 100, ...extra });
}

// Waves of 1, 2 and "everyone left": corp first, then a | b c | d gov-1 e.
const fleet = [
  deployment('corp', { internal: true }),
  deployment('a', { pairingGroup: 'pair' }),
  deployment('b'),
  deployment('c'),
  deployment('d', { pairingGroup: 'pair' }),
  deployment('e', { blockedDays: ['2027-03-15'] }),
  deployment('gov-1', { tier: 'government', pinPolicy: 'late' }),
  deployment('heavy', { tier: 'government' }),
];

function plan(waves: [date: string, keys: string[]][]): RolloutPlanView {
  return {
    trainId: 7,
    version: '2027.05',
    engineVersion: 'fair-2',
    policy: { ...DEFAULT_POLICY, waveSizes: { kind: 'growing', first: 1, factor: 2 } },
    createdAt: '2027-02-01T09:00:00.000Z',
    updatedAt: '2027-02-01T09:00:00.000Z',
    revision: 0,
    started: false,
    lastChange: null,
    unplanned: [],
    waves: waves.map(([date, keys], index) => ({
      index,
      date,
      deployments: keys.map((key) => ({
        key,
        name: key.toUpperCase(),
        region: 'us-east',
        timeZone: 'America/New_York',
        reason: 'placed by the engine',
        manual: false,
        step: null,
      })),
    })),
    fleet,
  };
}

const PLAN = plan([
  ['2027-03-10', ['corp']],
  ['2027-03-12', ['a']],
  ['2027-03-15', ['b', 'c']],
  ['2027-03-16', ['d', 'e', 'gov-1', 'heavy']],
]);
const BEFORE = '2027-03-01';

function verdictOn(p: RolloutPlanView, key: string, wave: number, today = BEFORE) {
  return dropVerdicts(p, key, today).find((v) => v.wave === wave);
}

/** Checks that dropping `key` on `wave` (before the train starts) is refused for `reason`. */
function expectRefused(p: RolloutPlanView, key: string, wave: number, reason: string) {
  expect(verdictOn(p, key, wave)).toMatchObject({ kind: 'refused', reason });
}

describe('rollout move model: which waves accept a dragged deployment', () => {
  it('judges every customer wave, never wave 0, and marks the wave the deployment is in', () => {
    const verdicts = dropVerdicts(PLAN, 'c', BEFORE);
    expect(verdicts.map((v) => v.wave)).toEqual([1, 2, 3]);
    expect(verdicts.map((v) => v.kind)).toEqual(['refused', 'current', 'allowed']);
  });

  it('refuses a full wave with its size', () => {
    expect(verdictOn(PLAN, 'c', 1)).toEqual({
      wave: 1,
      kind: 'refused',
      reason: 'Wave 1 would hold 2 deployments; its size is 1.',
      message: 'Moving c to wave 1 is refused: Wave 1 would hold 2 deployments; its size is 1.',
    });
  });

  it("names the deployment's own rule before the wave's size: pinned late, late-only tier", () => {
    expectRefused(PLAN, 'gov-1', 1, 'gov-1 is pinned late: only the last wave (wave 3) may hold it.');
    expectRefused(PLAN, 'heavy', 1, 'heavy is not eligible for early waves: government tier; wave 1 is early.');
  });

  it('refuses a pairing partner and a blocked day, naming them as the server does', () => {
    const roomy = plan([
      ['2027-03-10', ['corp']],
      ['2027-03-12', ['b']],
      ['2027-03-15', ['a']],
      ['2027-03-16', ['c', 'd', 'e', 'gov-1', 'heavy']],
    ]);
    // Moving earlier, it goes after the wave's own deployments: the mover is named first.
    expectRefused(roomy, 'd', 2, 'd is paired with a (group pair), which is already in wave 2.');
    // Moving later, it goes ahead of them: the partner already there is named first.
    expect(verdictOn(roomy, 'a', 3)).toMatchObject({
      kind: 'refused',
      reason: 'd is paired with a (group pair), which is already in wave 3.',
      message: 'Moving a to wave 3 is refused: d is paired with a (group pair), which is already in wave 3.',
    });
    expectRefused(roomy, 'e', 2, 'e is blocked on Mon 15 Mar 2027, the day of wave 2.');
    expect(verdictOn(roomy, 'c', 2)).toMatchObject({ kind: 'allowed' });
  });

  it('lets nothing into or out of a wave that is today or past', () => {
    // Today is wave 2's day: c (in wave 2) cannot leave it, and b cannot be moved into wave 1 or 2.
    expect(verdictOn(PLAN, 'c', 3, '2027-03-15')).toEqual({
      wave: 3,
      kind: 'refused',
      reason: 'Wave 2 is today or past; only waves still to come can change.',
      message: 'Wave 2 of 2027.05 is today or past; only waves still to come can change.',
    });
    expect(verdictOn(PLAN, 'e', 2, '2027-03-15')).toMatchObject({
      kind: 'refused',
      reason: /^Wave 2 is today or past/,
    });
    expect(verdictOn(PLAN, 'e', 2, '2027-03-14')).toMatchObject({ kind: 'refused', reason: /would hold 3/ });
    expect(waveIsOpen(PLAN.waves[3]!, '2027-03-15')).toBe(true);
    expect(waveIsOpen(PLAN.waves[2]!, '2027-03-15')).toBe(false);
    expect(waveIsOpen(PLAN.waves[0]!, BEFORE)).toBe(false);
  });

  it('never moves a deployment whose rollout step has started', () => {
    const started: RolloutPlanView = {
      ...PLAN,
      waves: PLAN.waves.map((w) => ({
        ...w,
        deployments: w.deployments.map((d) => (d.key === 'c' ? { ...d, step: 'in_progress' as const } : d)),
      })),
    };
    expect(verdictOn(started, 'c', 3)).toEqual({
      wave: 3,
      kind: 'refused',
      reason: 'c is in progress; only a deployment whose step has not started can move.',
      message: 'c is in progress in wave 2 of 2027.05; only a deployment whose step has not started can move.',
    });
    expect(canMove(started.waves[2]!, started.waves[2]!.deployments[1]!, BEFORE)).toBe(false);
    expect(canMove(PLAN.waves[2]!, PLAN.waves[2]!.deployments[1]!, BEFORE)).toBe(true);
    expect(canMove(PLAN.waves[2]!, PLAN.waves[2]!.deployments[1]!, '2027-03-15')).toBe(false);
  });

  it('never moves the internal deployment, or one that is not in the plan', () => {
    expect(
      dropVerdicts(PLAN, 'corp', BEFORE).every((v) => v.kind === 'refused' && /internal deployment/.test(v.reason)),
    ).toBe(true);
    expectRefused(PLAN, 'nobody', 1, 'nobody is not in the plan of 2027.05.');
  });

  it('takes a deployment out of its wave and puts it into the new one', () => {
    expect(wavesAfterMove(PLAN, 'c', 1).map((w) => w.keys)).toEqual([
      ['corp'],
      ['a', 'c'],
      ['b'],
      ['d', 'e', 'gov-1', 'heavy'],
    ]);
    expect(wavesAfterMove(PLAN, 'c', 3).map((w) => w.keys)).toEqual([
      ['corp'],
      ['a'],
      ['b'],
      ['c', 'd', 'e', 'gov-1', 'heavy'],
    ]);
    expect(waveOf(PLAN, 'gov-1')?.index).toBe(3);
    expect(waveOf(PLAN, 'nobody')).toBeNull();
    expect(moveTitle('eu-west-2', 3, 1)).toBe('Move eu-west-2 from wave 3 to wave 1');
  });

  it('steps a keyboard drag from one drop target to the next, stopping at either end', () => {
    expect(adjacentWave([3, 1, 2], 1, 1)).toBe(2);
    expect(adjacentWave([1, 2, 3], 2, -1)).toBe(1);
    expect(adjacentWave([1, 2, 3], 3, 1)).toBeNull();
    expect(adjacentWave([1, 2, 3], 1, -1)).toBeNull();
    // From the internal wave (not a target) the first step down is wave 1.
    expect(adjacentWave([1, 2, 3], 0, 1)).toBe(1);
  });
});
