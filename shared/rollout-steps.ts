import { z } from 'zod';
import type { TrainStatus } from './schedule';
import { type StateTable, stateMachine } from './state-machine';

// Rollout tracking (docs/rollout-tracking.md): one step per deployment and train, moved by a
// small state machine; the train's shown status combines its calendar status with
// what its steps and halts say. Pure: no clock, no I/O.

export const STEP_STATES = ['pending', 'in_progress', 'released', 'failed', 'rolled_back', 'skipped'] as const;
export type StepState = (typeof STEP_STATES)[number];

/**
 * What a release manager does to a step. There is no separate "retry": `start`
 * from failed or rolled back starts the deployment again (the fix, or the same
 * build once the cause is gone), and `start` from skipped gives a skipped
 * deployment the release after all.
 */
export const STEP_ACTIONS = ['start', 'release', 'fail', 'rollback', 'skip'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

/** What an action did, as an audit summary or a confirmation starts. */
export const STEP_VERB: Record<StepAction, string> = {
  start: 'Started',
  release: 'Released',
  fail: 'Marked failed',
  rollback: 'Rolled back',
  skip: 'Skipped',
};

/** Actions that must say why: the reason is stored on the step and shown beside it. */
export const ACTIONS_NEEDING_REASON: readonly StepAction[] = ['fail', 'rollback', 'skip'];

/** A step is finished (its wave can be left behind) when it is released or skipped. */
const FINISHED_STATES: readonly StepState[] = ['released', 'skipped'];

export function isFinished(state: StepState): boolean {
  return FINISHED_STATES.includes(state);
}

/**
 * The state machine: the next state, or why not. A refusal is the rest of a
 * sentence whose subject is the deployment ("is already released; roll it back
 * first"): the caller puts the key in front (see `stepRefusal`).
 */
const MACHINE: StateTable<StepState, StepAction> = {
  pending: {
    start: 'in_progress',
    release: 'has not started; start it first',
    fail: 'has not started; only a step in progress can fail',
    rollback: 'has not started; there is nothing to roll back',
    skip: 'skipped',
  },
  in_progress: {
    start: 'is already in progress; release it or mark it failed',
    release: 'released',
    fail: 'failed',
    rollback: 'rolled_back',
    skip: 'is in progress; release it, mark it failed or roll it back first',
  },
  released: {
    start: 'is already released; roll it back first',
    release: 'is already released',
    fail: 'is already released; roll it back instead',
    rollback: 'rolled_back',
    skip: 'is already released; roll it back first',
  },
  failed: {
    start: 'in_progress',
    release: 'failed; start it again before releasing it',
    fail: 'has already failed',
    rollback: 'rolled_back',
    skip: 'skipped',
  },
  rolled_back: {
    start: 'in_progress',
    release: 'was rolled back; start it again before releasing it',
    fail: 'was rolled back; start it again first',
    rollback: 'is already rolled back',
    skip: 'skipped',
  },
  skipped: {
    start: 'in_progress',
    release: 'was skipped; start it first',
    fail: 'was skipped; it is not in progress',
    rollback: 'was skipped; there is nothing to roll back',
    skip: 'is already skipped',
  },
};

export const stepTransition = stateMachine(MACHINE, STEP_STATES);

/** "us-east-3 is already released; roll it back first." */
export function stepRefusal(key: string, refusal: string): string {
  return `${key} ${refusal}.`;
}

/**
 * The steps of a wave that an action on the whole wave applies to. Starting a
 * wave starts its pending steps only: retrying a failed one, or un-skipping one,
 * is done by naming it, so that a wave-wide click never undoes a decision.
 */
export const WAVE_ACTION_SOURCES: Record<StepAction, readonly StepState[]> = {
  start: ['pending'],
  release: ['in_progress'],
  fail: ['in_progress'],
  rollback: ['in_progress', 'released', 'failed'],
  skip: ['pending'],
};

/** The row of a step as stored, before or after a transition (audit JSON, undo). */
export interface StepRecord {
  key: string;
  state: StepState;
  reason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/**
 * The clock rule: an instant (UTC ISO) is never recorded before the one it follows. When the
 * clock reads earlier than that (it stepped back: NTP, or another machine's clock on a shared
 * file), the later record takes the earlier instant; callers say so in the audit event.
 */
export function notBefore(at: string, earlier: string | null): string {
  return earlier !== null && earlier > at ? earlier : at;
}

/**
 * The step after an allowed transition at instant `at`: `start` clears the old
 * reason and stamps a new start; a finishing action stamps the finish, never
 * before the start (`notBefore`); `skip` keeps the start of an attempt that
 * came before it.
 */
export function applyTransition<T extends StepRecord>(step: T, next: StepState, at: string, reason: string | null): T {
  switch (next) {
    case 'in_progress':
      return { ...step, state: next, reason: null, startedAt: at, finishedAt: null };
    case 'released':
      return { ...step, state: next, reason: null, finishedAt: notBefore(at, step.startedAt) };
    case 'failed':
    case 'rolled_back':
    case 'skipped':
      return { ...step, state: next, reason, finishedAt: notBefore(at, step.startedAt) };
    case 'pending':
      return { ...step, state: next, reason: null, startedAt: null, finishedAt: null };
  }
}

// ----- the train ------------------------------------------------------------

/**
 * What a train shows once tracking is counted: the calendar's status, moved on by
 * what really happened, plus `overdue` — its calendar end has passed but some
 * deployment has neither been released nor skipped. A train is `completed` only
 * when every step is; the calendar alone never finishes a tracked train.
 */
export const TRACKED_STATUSES = [
  'planned',
  'developing',
  'validating',
  'rolling_out',
  'completed',
  'overdue',
  'halted',
  'cancelled',
  'skipped',
] as const;
export type TrackedStatus = (typeof TRACKED_STATUSES)[number];

export interface StatusInput {
  /** `trainStatus` of shared/schedule.ts: the dates (and skipped/cancelled). */
  calendar: TrainStatus;
  /** True while the train has an open halt. */
  halted: boolean;
  /** Every step of the train; wave 0 is the internal deployment's. Empty when the train has no plan. */
  steps: readonly { wave: number; state: StepState }[];
}

const ORDER: TrackedStatus[] = ['planned', 'developing', 'validating', 'rolling_out'];

/**
 * Skipped and cancelled win; then an open halt; then a train whose every step is
 * released or skipped is completed; then the further of the calendar's phase and
 * what the steps show: the internal deployment's release belongs to internal
 * validation (week 3 of a train, docs/calendar.md), a customer step means the train is rolling
 * out. A train past its calendar end that is not finished is `overdue`; an
 * untracked train (no plan, no steps) follows the calendar alone.
 */
export function trackedStatus(input: StatusInput): TrackedStatus {
  const { calendar, steps } = input;
  if (calendar === 'skipped' || calendar === 'cancelled') return calendar;
  if (input.halted) return 'halted';
  if (steps.length === 0) return calendar;
  if (steps.every((s) => isFinished(s.state))) return 'completed';
  if (calendar === 'completed') return 'overdue';
  const started = steps.filter((s) => s.state !== 'pending');
  const byTracking: TrackedStatus = started.some((s) => s.wave > 0)
    ? 'rolling_out'
    : started.length > 0
      ? 'validating'
      : 'planned';
  const rank = (s: TrackedStatus) => ORDER.indexOf(s);
  // `calendar` is one of ORDER here (or halted, which the calendar never says by itself).
  return rank(byTracking) > rank(calendar as TrackedStatus) ? byTracking : (calendar as TrackedStatus);
}

/** One sentence for a tracked status, for tooltips and the status line. */
export function statusSentence(status: TrackedStatus, version: string): string {
  switch (status) {
    case 'planned':
      return `${version} has not started.`;
    case 'developing':
      return `${version} is in development and automated testing.`;
    case 'validating':
      return `${version} is in internal validation.`;
    case 'rolling_out':
      return `${version} is rolling out to customers.`;
    case 'completed':
      return `${version} is completed: every deployment is released or skipped.`;
    case 'overdue':
      return `${version} is past its calendar end but not every deployment is released or skipped.`;
    case 'halted':
      return `${version} is halted by a regression.`;
    case 'cancelled':
      return `${version} is cancelled.`;
    case 'skipped':
      return `${version} is skipped.`;
  }
}

export const TRAIN_ACTIONS = ['halt', 'resume'] as const;
export type TrainAction = (typeof TRAIN_ACTIONS)[number];

/**
 * May a train be halted or resumed, given its tracked status and whether any of
 * its steps has started? Null when it may; otherwise the rest of a sentence whose
 * subject is the train ("is not halted"). Resume has more conditions (the fix
 * version, a fresh internal bake) that the service checks after this one.
 */
export function trainActionRefusal(action: TrainAction, status: TrackedStatus, anyStepStarted: boolean): string | null {
  if (status === 'skipped' || status === 'cancelled') return `is ${status}; there is no rollout to ${action}`;
  if (action === 'resume') return status === 'halted' ? null : 'is not halted';
  if (status === 'halted') return 'is already halted; resume it with the fix first';
  if (status === 'completed') return 'is completed: every deployment already has the release, nothing is left to halt';
  if (!anyStepStarted) return 'has not started rolling out; fail a validation gate instead';
  return null;
}

// ----- progress -------------------------------------------------------------

export interface Progress {
  released: number;
  skipped: number;
  /** Released or skipped. */
  finished: number;
  total: number;
}

export interface TrainProgress extends Progress {
  waves: ({ wave: number } & Progress)[];
}

function count(states: readonly StepState[]): Progress {
  const released = states.filter((s) => s === 'released').length;
  const skipped = states.filter((s) => s === 'skipped').length;
  return { released, skipped, finished: released + skipped, total: states.length };
}

/** The waves some steps are in, in order. */
export function waveIndexes(steps: readonly { wave: number }[]): number[] {
  return [...new Set(steps.map((s) => s.wave))].sort((a, b) => a - b);
}

/** Released / total per wave (in wave order) and for the whole train. */
export function trainProgress(steps: readonly { wave: number; state: StepState }[]): TrainProgress {
  const waves = waveIndexes(steps);
  return {
    ...count(steps.map((s) => s.state)),
    waves: waves.map((wave) => ({ wave, ...count(steps.filter((s) => s.wave === wave).map((s) => s.state)) })),
  };
}

// ----- input schemas --------------------------------------------------------

export const stepActionSchema = z.enum(STEP_ACTIONS, {
  error: `Action must be one of: ${STEP_ACTIONS.join(', ')}.`,
});

export const HALT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type HaltSeverity = (typeof HALT_SEVERITIES)[number];
export const haltSeveritySchema = z.enum(HALT_SEVERITIES, {
  error: `Severity must be one of: ${HALT_SEVERITIES.join(', ')}.`,
});
