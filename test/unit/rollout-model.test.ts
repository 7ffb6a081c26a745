import { describe, expect, it } from 'vitest';
import type { NextWaveAction, StepView, WaveTracking } from '../../shared/contract';
import type { StepState } from '../../shared/rollout-steps';
import {
  keysPhrase,
  overridableBake,
  waveButton,
  waveWaitingFor,
} from '../../renderer/src/views/rollouts/rollout-model';

function step(key: string, state: StepState): StepView {
  return {
    key,
    name: key,
    region: 'us-east',
    internal: false,
    wave: 2,
    state,
    reason: null,
    startedAt: null,
    finishedAt: null,
    updatedBy: 'test',
    updatedAt: '2027-03-01T09:00:00.000Z',
    regressions: [],
  };
}

function wave(states: Record<string, StepState>, next: Partial<NextWaveAction> | null): WaveTracking {
  const steps = Object.entries(states).map(([key, state]) => step(key, state));
  return {
    index: 2,
    date: '2027-03-04',
    steps,
    progress: { released: 0, skipped: 0, finished: 0, total: steps.length },
    next: next && {
      action: 'start',
      keys: [],
      refusal: null,
      refusalKind: null,
      overridable: false,
      until: null,
      ...next,
    },
  };
}

describe('waveButton', () => {
  it('starts the pending steps as the whole wave', () => {
    const w = wave({ a: 'pending', b: 'pending', c: 'failed' }, { action: 'start', keys: ['a', 'b'] });
    expect(waveButton(w)).toEqual({ label: 'Start wave 2', action: 'start', keys: ['a', 'b'], asWave: true });
  });

  it('releases the steps in progress as the whole wave', () => {
    const w = wave({ a: 'in_progress', b: 'released' }, { action: 'release', keys: ['a'] });
    expect(waveButton(w)).toEqual({ label: 'Release wave 2', action: 'release', keys: ['a'], asWave: true });
  });

  it('names failed or rolled-back steps to start them again: a wave-wide start never retries them', () => {
    const w = wave({ a: 'failed', b: 'rolled_back', c: 'released' }, { action: 'start', keys: ['a', 'b'] });
    expect(waveButton(w)).toEqual({
      label: 'Start 2 deployments again',
      action: 'start',
      keys: ['a', 'b'],
      asWave: false,
    });
    expect(waveButton(wave({ a: 'failed' }, { action: 'start', keys: ['a'] }))?.label).toBe('Start 1 deployment again');
  });

  it('offers nothing for a finished wave', () => {
    expect(waveButton(wave({ a: 'released', b: 'skipped' }, null))).toBeNull();
  });
});

describe('waveWaitingFor and overridableBake', () => {
  it('says nothing when the wave may start', () => {
    const w = wave({ a: 'pending' }, { keys: ['a'] });
    expect(waveWaitingFor(w)).toBeNull();
    expect(overridableBake(w)).toBeNull();
  });

  it('names what blocks the wave in a few words', () => {
    const blocked = (refusalKind: NextWaveAction['refusalKind']) =>
      waveWaitingFor(wave({ a: 'pending' }, { keys: ['a'], refusal: 'Because.', refusalKind }));
    expect(blocked('gates')).toBe('Waits for the validation gates');
    expect(blocked('halted')).toBe('Halted: resume the train first');
    expect(blocked('previous_wave')).toBe('Waits for the wave before it');
    expect(blocked('train_state')).toBe('Cannot start');
  });

  it('gives the end of a bake, and only a bake can be overridden', () => {
    const refusal = 'Wave 1 of 2027.04 is baking until Thu 4 Mar 2027 (…); wait, or override the bake with a reason.';
    const baking = wave(
      { a: 'pending' },
      { keys: ['a'], refusal, refusalKind: 'bake', overridable: true, until: '2027-03-04' },
    );
    expect(waveWaitingFor(baking)).toBe('Baking until Thu 4 Mar');
    expect(overridableBake(baking)).toBe(refusal);
    const halted = wave({ a: 'pending' }, { keys: ['a'], refusal: 'Halted.', refusalKind: 'halted' });
    expect(overridableBake(halted)).toBeNull();
  });
});

describe('keysPhrase', () => {
  it('lists keys as a sentence and counts the rest', () => {
    expect(keysPhrase([])).toBe('no deployment');
    expect(keysPhrase(['us-1'])).toBe('us-1');
    expect(keysPhrase(['us-1', 'eu-2'])).toBe('us-1 and eu-2');
    expect(keysPhrase(['us-1', 'eu-2', 'ap-1'])).toBe('us-1, eu-2 and ap-1');
    expect(keysPhrase(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more');
  });
});
