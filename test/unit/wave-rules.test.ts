import { describe, expect, it } from 'vitest';
import type { GateState } from '../../shared/gates';
import type { StepState } from '../../shared/rollout-steps';
import { type WaveRuleInput, type WaveStep, waveStartRefusal } from '../../shared/wave-rules';

const step = (key: string, state: StepState, finishedAt: string | null = null): WaveStep => ({
  key,
  state,
  finishedAt,
});

const gates = (state: GateState) => [
  { name: 'Unit tests', required: true, state: 'passed' as GateState },
  { name: 'Acceptance suite', required: true, state },
  { name: 'Perf run', required: false, state: 'pending' as GateState },
];

/** Wave 2 of a train where everything is fine: gates passed, waves 0 and 1 released two days ago. */
function fine(): WaveRuleInput {
  return {
    version: '2027.03',
    trainState: 'active',
    stateReason: null,
    halt: null,
    wave: 2,
    gates: gates('passed'),
    waves: [
      { index: 0, steps: [step('corp', 'released', '2027-03-01T09:00:00.000Z')] },
      {
        index: 1,
        steps: [
          step('eu-1', 'released', '2027-03-02T15:00:00.000Z'),
          step('us-1', 'skipped', '2027-03-02T16:00:00.000Z'),
        ],
      },
      { index: 2, steps: [step('ap-1', 'pending'), step('us-2', 'pending')] },
    ],
    bakeDays: 1,
    today: '2027-03-04',
    dayOf: (iso) => iso.slice(0, 10),
  };
}

/** Everything that can block, at once. */
function blockedByAll(): WaveRuleInput {
  const input = fine();
  return {
    ...input,
    trainState: 'cancelled',
    stateReason: 'Merged into 2027.04',
    halt: { reason: 'Login fails for SSO users', reference: 'INC-4821' },
    gates: gates('failed'),
    waves: [
      input.waves[0]!,
      {
        index: 1,
        steps: [
          step('eu-1', 'released', '2027-03-03T15:00:00.000Z'),
          step('us-1', 'failed', '2027-03-03T16:00:00.000Z'),
        ],
      },
      input.waves[2]!,
    ],
    today: '2027-03-03',
  };
}

describe('wave rules', () => {
  it('allows a wave whose gates passed, earlier waves finished and bake is over', () => {
    expect(waveStartRefusal(fine())).toBeNull();
  });

  it('checks in order: train state, halt, gates, earlier waves, bake — peeling one blocker at a time', () => {
    const input = blockedByAll();
    const kinds: string[] = [];
    let r = waveStartRefusal(input);
    kinds.push(r!.kind);
    expect(r!.message).toBe('Train 2027.03 is cancelled (Merged into 2027.04); no step may start.');

    input.trainState = 'active';
    input.stateReason = null;
    r = waveStartRefusal(input);
    kinds.push(r!.kind);
    expect(r!.message).toBe(
      'Train 2027.03 is halted: Login fails for SSO users (INC-4821); resume it with the fix first.',
    );

    input.halt = null;
    r = waveStartRefusal(input);
    kinds.push(r!.kind);
    expect(r!.message).toBe(
      'Wave 2 of 2027.03 cannot start before the validation gates pass: Acceptance suite is still open; pass or waive it first.',
    );

    input.gates = gates('waived');
    r = waveStartRefusal(input);
    kinds.push(r!.kind);
    expect(r!.message).toBe(
      'Wave 1 of 2027.03 is not finished: 1 of 2 deployments are neither released nor skipped (us-1); finish it first.',
    );

    input.waves = input.waves.map((w) =>
      w.index === 1 ? { ...w, steps: w.steps.map((s) => ({ ...s, state: 'released' as StepState })) } : w,
    );
    r = waveStartRefusal(input);
    kinds.push(r!.kind);
    expect(r).toEqual({
      kind: 'bake',
      message:
        'Wave 1 of 2027.03 is baking until Thu 4 Mar 2027 (1 day after its last release on Wed 3 Mar 2027); wait, or override the bake with a reason.',
      overridable: true,
      until: '2027-03-04',
    });

    input.today = '2027-03-04';
    expect(waveStartRefusal(input)).toBeNull();
    expect(kinds).toEqual(['train_state', 'halted', 'gates', 'previous_wave', 'bake']);
  });

  it('only the bake is overridable', () => {
    const input = blockedByAll();
    expect(waveStartRefusal(input)!.overridable).toBe(false);
    input.trainState = 'active';
    expect(waveStartRefusal(input)!.overridable).toBe(false);
    input.halt = null;
    expect(waveStartRefusal(input)!.overridable).toBe(false);
  });

  it('names every open gate, plural when several', () => {
    const input = fine();
    input.gates = [
      { name: 'Unit tests', required: true, state: 'pending' },
      { name: 'Integration tests', required: true, state: 'failed' },
      { name: 'Acceptance suite', required: true, state: 'pending' },
    ];
    expect(waveStartRefusal(input)!.message).toBe(
      'Wave 2 of 2027.03 cannot start before the validation gates pass: Unit tests, Integration tests and Acceptance suite are still open; pass or waive them first.',
    );
  });

  it('wave 0 (the internal deployment) needs no gate and no bake, and takes the fix while the train is halted', () => {
    const input = { ...fine(), wave: 0, gates: gates('pending') };
    expect(waveStartRefusal(input)).toBeNull();
    expect(waveStartRefusal({ ...input, halt: { reason: 'x', reference: 'y' } })).toBeNull();
    expect(waveStartRefusal({ ...input, wave: 1, halt: { reason: 'x', reference: 'y' } })!.kind).toBe('halted');
    expect(waveStartRefusal({ ...input, trainState: 'skipped', stateReason: 'offsite' })!.kind).toBe('train_state');
  });

  it('wave 1 needs the gates even when wave 0 is done', () => {
    const input = { ...fine(), wave: 1, gates: gates('pending') };
    expect(waveStartRefusal(input)!.kind).toBe('gates');
  });

  it('checks every earlier wave, naming the first unfinished one and at most five keys', () => {
    const input = fine();
    input.waves = [
      { index: 0, steps: [step('corp', 'rolled_back', '2027-03-01T09:00:00.000Z')] },
      { index: 1, steps: ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => step(k, 'in_progress')) },
      input.waves[2]!,
    ];
    expect(waveStartRefusal(input)!.message).toBe(
      'Wave 0 of 2027.03 is not finished: 1 of 1 deployment is neither released nor skipped (corp); finish it first.',
    );
    input.waves = [
      { index: 0, steps: [step('corp', 'released', '2027-03-01T09:00:00.000Z')] },
      ...input.waves.slice(1),
    ];
    expect(waveStartRefusal(input)!.message).toBe(
      'Wave 1 of 2027.03 is not finished: 7 of 7 deployments are neither released nor skipped (a, b, c, d, e and 2 more); finish them first.',
    );
  });

  it('bakes from the last release of the nearest earlier wave that released something, in days where the user is', () => {
    const input = fine();
    input.bakeDays = 2;
    input.today = '2027-03-03';
    // Released late on 2 Mar UTC, which is already 3 Mar where the user is.
    input.dayOf = (iso) => (iso === '2027-03-02T15:00:00.000Z' ? '2027-03-03' : iso.slice(0, 10));
    expect(waveStartRefusal(input)).toMatchObject({ kind: 'bake', until: '2027-03-05' });
    // A wave that was skipped whole releases nothing: the bake runs from the wave before it.
    input.waves = [
      input.waves[0]!,
      { index: 1, steps: [step('eu-1', 'skipped', '2027-03-02T15:00:00.000Z')] },
      input.waves[2]!,
    ];
    expect(waveStartRefusal(input)).toBeNull();
    input.today = '2027-03-02';
    expect(waveStartRefusal(input)).toMatchObject({
      kind: 'bake',
      until: '2027-03-03',
      message: expect.stringMatching(/^Wave 0 of 2027\.03 is baking until Wed 3 Mar 2027/),
    });
  });

  it('no bake when the policy has none', () => {
    expect(waveStartRefusal({ ...fine(), bakeDays: 0, today: '2027-03-02' })).toBeNull();
  });
});
