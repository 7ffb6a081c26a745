import { describe, expect, it } from 'vitest';
import {
  ACTIONS_NEEDING_REASON,
  STEP_ACTIONS,
  STEP_STATES,
  type StepAction,
  type StepRecord,
  type StepState,
  TRACKED_STATUSES,
  TRAIN_ACTIONS,
  type TrackedStatus,
  type TrainAction,
  WAVE_ACTION_SOURCES,
  applyTransition,
  isFinished,
  statusSentence,
  stepRefusal,
  stepTransition,
  trackedStatus,
  trainActionRefusal,
  trainProgress,
} from '../../shared/rollout-steps';
import { TRAIN_STATUSES, type TrainStatus } from '../../shared/schedule';

// The whole step machine written out by hand: the next state, or the refusal
// (the rest of the sentence after the deployment's key). Every (state, action)
// pair appears exactly once; the test below checks the product is covered.
const EXPECTED: Record<StepState, Record<StepAction, StepState | `refused: ${string}`>> = {
  pending: {
    start: 'in_progress',
    release: 'refused: has not started; start it first',
    fail: 'refused: has not started; only a step in progress can fail',
    rollback: 'refused: has not started; there is nothing to roll back',
    skip: 'skipped',
  },
  in_progress: {
    start: 'refused: is already in progress; release it or mark it failed',
    release: 'released',
    fail: 'failed',
    rollback: 'rolled_back',
    skip: 'refused: is in progress; release it, mark it failed or roll it back first',
  },
  released: {
    start: 'refused: is already released; roll it back first',
    release: 'refused: is already released',
    fail: 'refused: is already released; roll it back instead',
    rollback: 'rolled_back',
    skip: 'refused: is already released; roll it back first',
  },
  failed: {
    start: 'in_progress',
    release: 'refused: failed; start it again before releasing it',
    fail: 'refused: has already failed',
    rollback: 'rolled_back',
    skip: 'skipped',
  },
  rolled_back: {
    start: 'in_progress',
    release: 'refused: was rolled back; start it again before releasing it',
    fail: 'refused: was rolled back; start it again first',
    rollback: 'refused: is already rolled back',
    skip: 'skipped',
  },
  skipped: {
    start: 'in_progress',
    release: 'refused: was skipped; start it first',
    fail: 'refused: was skipped; it is not in progress',
    rollback: 'refused: was skipped; there is nothing to roll back',
    skip: 'refused: is already skipped',
  },
};

const PAIRS = STEP_STATES.flatMap((state) => STEP_ACTIONS.map((action) => [state, action] as const));

describe('rollout step state machine', () => {
  it('the expected table covers every state × action pair (6 × 5)', () => {
    expect(PAIRS).toHaveLength(30);
    for (const [state, action] of PAIRS) expect(EXPECTED[state][action], `${state} × ${action}`).toBeDefined();
    expect(Object.keys(EXPECTED).sort()).toEqual([...STEP_STATES].sort());
  });

  it.each(PAIRS)('%s × %s', (state, action) => {
    const expected = EXPECTED[state][action];
    const got = stepTransition(state, action);
    if (expected.startsWith('refused: ')) {
      expect(got).toEqual({ ok: false, refusal: expected.slice('refused: '.length) });
    } else {
      expect(got).toEqual({ ok: true, next: expected });
    }
  });

  it('a refusal reads as one sentence with the deployment as subject', () => {
    const r = stepTransition('released', 'start');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(stepRefusal('us-east-3', r.refusal)).toBe('us-east-3 is already released; roll it back first.');
  });

  it('fail, rollback and skip need a reason; start and release do not', () => {
    expect([...ACTIONS_NEEDING_REASON].sort()).toEqual(['fail', 'rollback', 'skip']);
  });

  it('a wave-wide action only touches the states the machine allows it from, and start only pending steps', () => {
    for (const action of STEP_ACTIONS) {
      for (const state of WAVE_ACTION_SOURCES[action])
        expect(stepTransition(state, action).ok, `${state} × ${action}`).toBe(true);
    }
    expect(WAVE_ACTION_SOURCES.start).toEqual(['pending']);
    expect(WAVE_ACTION_SOURCES.skip).toEqual(['pending']);
  });

  it('finished means released or skipped', () => {
    expect(STEP_STATES.filter(isFinished)).toEqual(['released', 'skipped']);
  });
});

describe('applyTransition: the stored row after an allowed transition', () => {
  const pending: StepRecord = { key: 'eu-1', state: 'pending', reason: null, startedAt: null, finishedAt: null };
  const T1 = '2027-03-01T09:00:00.000Z';
  const T2 = '2027-03-01T10:00:00.000Z';
  const T3 = '2027-03-01T11:00:00.000Z';

  it('start stamps the start and clears an earlier reason and finish', () => {
    const failed: StepRecord = { ...pending, state: 'failed', reason: 'boom', startedAt: T1, finishedAt: T2 };
    expect(applyTransition(failed, 'in_progress', T3, null)).toEqual({
      key: 'eu-1',
      state: 'in_progress',
      reason: null,
      startedAt: T3,
      finishedAt: null,
    });
  });

  it('release stamps the finish and keeps the start', () => {
    const started = applyTransition(pending, 'in_progress', T1, null);
    expect(applyTransition(started, 'released', T2, null)).toEqual({
      key: 'eu-1',
      state: 'released',
      reason: null,
      startedAt: T1,
      finishedAt: T2,
    });
  });

  it('fail, rollback and skip store the reason and the finish; skip from pending has no start', () => {
    expect(applyTransition(pending, 'skipped', T1, 'maintenance')).toEqual({
      key: 'eu-1',
      state: 'skipped',
      reason: 'maintenance',
      startedAt: null,
      finishedAt: T1,
    });
    const started = applyTransition(pending, 'in_progress', T1, null);
    expect(applyTransition(started, 'failed', T2, 'health check')).toMatchObject({
      state: 'failed',
      reason: 'health check',
      startedAt: T1,
      finishedAt: T2,
    });
    expect(applyTransition(started, 'rolled_back', T3, 'errors')).toMatchObject({
      state: 'rolled_back',
      reason: 'errors',
      finishedAt: T3,
    });
  });
});

type S = { wave: number; state: StepState };
const steps = (...list: [number, StepState][]): S[] => list.map(([wave, state]) => ({ wave, state }));

describe('tracked train status', () => {
  // A train is not halted unless a case says so.
  const CASES: { name: string; calendar: TrainStatus; halted?: boolean; steps: S[]; expected: TrackedStatus }[] = [
    {
      name: 'cancelled wins over everything',
      calendar: 'cancelled',
      halted: true,
      steps: steps([1, 'in_progress']),
      expected: 'cancelled',
    },
    {
      name: 'skipped wins over everything',
      calendar: 'skipped',
      steps: steps([0, 'pending']),
      expected: 'skipped',
    },
    {
      name: 'an open halt wins over the steps',
      calendar: 'rolling_out',
      halted: true,
      steps: steps([0, 'released'], [1, 'released']),
      expected: 'halted',
    },
    {
      name: 'halted before its calendar start',
      calendar: 'planned',
      halted: true,
      steps: steps([0, 'released']),
      expected: 'halted',
    },
    {
      name: 'untracked (no plan) follows the calendar',
      calendar: 'validating',
      steps: [],
      expected: 'validating',
    },
    {
      name: 'untracked past its end is completed by the calendar',
      calendar: 'completed',
      steps: [],
      expected: 'completed',
    },
    {
      name: 'nothing started: the calendar phase',
      calendar: 'developing',
      steps: steps([0, 'pending'], [1, 'pending']),
      expected: 'developing',
    },
    {
      name: 'nothing started before the start',
      calendar: 'planned',
      steps: steps([0, 'pending']),
      expected: 'planned',
    },
    {
      name: 'the internal release moves a developing train to validating',
      calendar: 'developing',
      steps: steps([0, 'in_progress'], [1, 'pending']),
      expected: 'validating',
    },
    {
      name: 'a customer step means rolling out, whatever the calendar',
      calendar: 'validating',
      steps: steps([0, 'released'], [1, 'in_progress']),
      expected: 'rolling_out',
    },
    {
      name: 'rolling out before the calendar start',
      calendar: 'planned',
      steps: steps([0, 'released'], [1, 'failed']),
      expected: 'rolling_out',
    },
    {
      name: 'the calendar phase when it is further than the steps',
      calendar: 'rolling_out',
      steps: steps([0, 'released'], [1, 'pending']),
      expected: 'rolling_out',
    },
    {
      name: 'completed when every step is released or skipped, before the calendar end',
      calendar: 'rolling_out',
      steps: steps([0, 'released'], [1, 'skipped'], [2, 'released']),
      expected: 'completed',
    },
    {
      name: 'past the calendar end and unfinished: overdue',
      calendar: 'completed',
      steps: steps([0, 'released'], [1, 'rolled_back']),
      expected: 'overdue',
    },
    {
      name: 'past the end with nothing started: overdue',
      calendar: 'completed',
      steps: steps([0, 'pending']),
      expected: 'overdue',
    },
    {
      name: 'past the end and finished: completed',
      calendar: 'completed',
      steps: steps([0, 'released'], [1, 'skipped']),
      expected: 'completed',
    },
  ];

  it.each(CASES)('$name', ({ calendar, halted = false, steps: s, expected }) => {
    expect(trackedStatus({ calendar, halted, steps: s })).toBe(expected);
  });

  it('every calendar status maps to a tracked status, and every tracked status has a sentence', () => {
    for (const calendar of TRAIN_STATUSES) {
      for (const halted of [false, true]) {
        expect(TRACKED_STATUSES).toContain(trackedStatus({ calendar, halted, steps: steps([0, 'pending']) }));
      }
    }
    for (const s of TRACKED_STATUSES) expect(statusSentence(s, '2027.03')).toMatch(/^2027\.03 .+\.$/);
  });
});

describe('train actions: every (tracked status, action) pair, with and without a started step', () => {
  // null: allowed. The expected refusal is the rest of a sentence about the train.
  const EXPECTED: Record<TrackedStatus, Record<TrainAction, [notStarted: string | null, started: string | null]>> = {
    planned: {
      halt: ['has not started rolling out; fail a validation gate instead', null],
      resume: ['is not halted', 'is not halted'],
    },
    developing: {
      halt: ['has not started rolling out; fail a validation gate instead', null],
      resume: ['is not halted', 'is not halted'],
    },
    validating: {
      halt: ['has not started rolling out; fail a validation gate instead', null],
      resume: ['is not halted', 'is not halted'],
    },
    rolling_out: {
      halt: ['has not started rolling out; fail a validation gate instead', null],
      resume: ['is not halted', 'is not halted'],
    },
    overdue: {
      halt: ['has not started rolling out; fail a validation gate instead', null],
      resume: ['is not halted', 'is not halted'],
    },
    completed: {
      halt: [
        'is completed: every deployment already has the release, nothing is left to halt',
        'is completed: every deployment already has the release, nothing is left to halt',
      ],
      resume: ['is not halted', 'is not halted'],
    },
    halted: {
      halt: ['is already halted; resume it with the fix first', 'is already halted; resume it with the fix first'],
      resume: [null, null],
    },
    cancelled: {
      halt: ['is cancelled; there is no rollout to halt', 'is cancelled; there is no rollout to halt'],
      resume: ['is cancelled; there is no rollout to resume', 'is cancelled; there is no rollout to resume'],
    },
    skipped: {
      halt: ['is skipped; there is no rollout to halt', 'is skipped; there is no rollout to halt'],
      resume: ['is skipped; there is no rollout to resume', 'is skipped; there is no rollout to resume'],
    },
  };
  const CASES = TRACKED_STATUSES.flatMap((status) =>
    TRAIN_ACTIONS.flatMap((action) => [false, true].map((started) => [status, action, started] as const)),
  );

  it('covers 9 statuses × 2 actions × 2', () => {
    expect(CASES).toHaveLength(36);
  });

  it.each(CASES)('%s × %s (a step started: %s)', (status, action, started) => {
    expect(trainActionRefusal(action, status, started)).toBe(EXPECTED[status][action][started ? 1 : 0]);
  });
});

describe('trainProgress', () => {
  it('counts released / total per wave in wave order and for the train; skipped count as finished, not released', () => {
    const p = trainProgress(
      steps([2, 'pending'], [0, 'released'], [1, 'released'], [1, 'skipped'], [1, 'failed'], [2, 'in_progress']),
    );
    expect(p).toEqual({
      released: 2,
      skipped: 1,
      finished: 3,
      total: 6,
      waves: [
        { wave: 0, released: 1, skipped: 0, finished: 1, total: 1 },
        { wave: 1, released: 1, skipped: 1, finished: 2, total: 3 },
        { wave: 2, released: 0, skipped: 0, finished: 0, total: 2 },
      ],
    });
  });

  it('an unplanned train has nothing to count', () => {
    expect(trainProgress([])).toEqual({ released: 0, skipped: 0, finished: 0, total: 0, waves: [] });
  });
});
