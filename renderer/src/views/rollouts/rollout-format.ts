import type { PatchStatus } from '../../../../shared/patches';
// Words and tones for rollout tracking: train, step and gate states, actions,
// and instants as the reader sees them.

import type { TodayKind } from '../../../../shared/contract';
import { dayInZone, formatDay } from '../../../../shared/days';
import type { GateState } from '../../../../shared/gates';
import type { HaltSeverity, StepAction, StepState, TrackedStatus } from '../../../../shared/rollout-steps';
import type { BadgeTone } from '../../components/Badge';

export const TRACKED_STATUS_LABEL: Record<TrackedStatus, string> = {
  planned: 'Planned',
  developing: 'Developing',
  validating: 'Validating',
  rolling_out: 'Rolling out',
  completed: 'Completed',
  overdue: 'Overdue',
  halted: 'Halted',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
};

export const TRACKED_STATUS_TONE: Record<TrackedStatus, BadgeTone> = {
  planned: 'muted',
  developing: 'accent',
  validating: 'accent',
  rolling_out: 'accent',
  completed: 'success',
  overdue: 'warning',
  halted: 'danger',
  cancelled: 'muted',
  skipped: 'muted',
};

export const PATCH_STATUS_LABEL: Record<PatchStatus, string> = {
  planned: 'Not started',
  rolling_out: 'Rolling out',
  completed: 'Completed',
  halted: 'Waits: train halted',
};

export const PATCH_STATUS_TONE: Record<PatchStatus, BadgeTone> = {
  planned: 'muted',
  rolling_out: 'accent',
  completed: 'success',
  halted: 'danger',
};

export const STEP_STATE_LABEL: Record<StepState, string> = {
  pending: 'Pending',
  in_progress: 'In progress',
  released: 'Released',
  failed: 'Failed',
  rolled_back: 'Rolled back',
  skipped: 'Skipped',
};

export const STEP_STATE_TONE: Record<StepState, BadgeTone> = {
  pending: 'muted',
  in_progress: 'accent',
  released: 'success',
  failed: 'danger',
  rolled_back: 'warning',
  skipped: 'muted',
};

export const GATE_STATE_LABEL: Record<GateState, string> = {
  pending: 'Pending',
  passed: 'Passed',
  failed: 'Failed',
  waived: 'Waived',
};

export const GATE_STATE_TONE: Record<GateState, BadgeTone> = {
  pending: 'muted',
  passed: 'success',
  failed: 'danger',
  waived: 'warning',
};

export const SEVERITY_LABEL: Record<HaltSeverity, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

/** The button for an action on one step; starting a failed, rolled-back or skipped one again says so. */
export function stepActionLabel(action: StepAction, state: StepState): string {
  switch (action) {
    case 'start':
      return state === 'pending' ? 'Start' : 'Start again';
    case 'release':
      return 'Release';
    case 'fail':
      return 'Fail…';
    case 'rollback':
      return 'Roll back…';
    case 'skip':
      return 'Skip…';
  }
}

/** The verb of a dialog's title and confirm button: "Fail us-east-3", "Roll back wave 2". */
export const STEP_ACTION_VERB: Record<StepAction, string> = {
  start: 'Start',
  release: 'Release',
  fail: 'Fail',
  rollback: 'Roll back',
  skip: 'Skip',
};

/** Rows of the Today board that ask for something to be done, as opposed to those that wait. */
export const TODAY_TO_DO: readonly TodayKind[] = ['attention', 'in_progress', 'release'];

export const TODAY_KIND_LABEL: Record<TodayKind, string> = {
  release: 'Due today',
  in_progress: 'In progress',
  attention: 'Needs attention',
  gate: 'Waiting on gates',
  bake: 'Baking',
  halt: 'Halted',
  waiting: 'Waiting on a wave',
  blocked: 'Blocked',
};

export const TODAY_KIND_TONE: Record<TodayKind, BadgeTone> = {
  release: 'accent',
  in_progress: 'accent',
  attention: 'danger',
  gate: 'warning',
  bake: 'muted',
  halt: 'danger',
  waiting: 'muted',
  blocked: 'muted',
};

const READER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

function clock(instant: Date): string {
  return `${String(instant.getHours()).padStart(2, '0')}:${String(instant.getMinutes()).padStart(2, '0')}`;
}

/**
 * An instant in the reader's time zone, in the calendar's own locale-free style:
 * "Mon 22 Feb 2027 09:00", or "Mon 22 Feb 09:00" with `year: false`.
 */
export function formatInstant(iso: string, options: { year?: boolean } = {}): string {
  const instant = new Date(iso);
  return `${formatDay(dayInZone(instant, READER_ZONE), { weekday: true, year: options.year ?? true })} ${clock(instant)}`;
}

/** The time of day only, for a second instant on the same day as the first: "11:00". */
export function formatTime(iso: string): string {
  return clock(new Date(iso));
}

/** True when two instants fall on the same day where the reader is. */
export function sameDay(a: string, b: string): boolean {
  return dayInZone(new Date(a), READER_ZONE) === dayInZone(new Date(b), READER_ZONE);
}
