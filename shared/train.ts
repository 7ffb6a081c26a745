import { z } from 'zod';
import { type PlannedPhase, dayString } from './cadence';
import { type Day, addDays } from './days';
import {
  type Conflict,
  type RuleBook,
  type ScheduledPhase,
  type TrainState,
  type TrainStatus,
  schedulePhase,
  trainStatus,
} from './schedule';

/** A train as stored: its slot, version, dates, phases (with nominal release days), state and notes. */
export interface Train {
  id: number;
  /** The cadence slot it fills (its start before any move). */
  slotStart: Day;
  version: string;
  start: Day;
  end: Day;
  state: TrainState;
  /** Why it was skipped or cancelled. */
  stateReason: string | null;
  notes: string;
  phases: PlannedPhase[];
  createdAt: string;
  updatedAt: string;
  /** Raised by every change of the train (its dates, phases, state, version or notes): an edit made from what a page read sends it back. */
  revision: number;
}

/** A train as people see it on a given day: status, release days after the calendar rules, conflicts. */
/** A train's dates and phases moved by `delta` days (a move, or its undo). */
export function shiftTrain(t: Train, delta: number): { start: Day; end: Day; phases: Train['phases'] } {
  return {
    start: addDays(t.start, delta),
    end: addDays(t.end, delta),
    phases: t.phases.map((p) => ({
      ...p,
      start: addDays(p.start, delta),
      end: addDays(p.end, delta),
      releaseDays: p.releaseDays.map((d) => addDays(d, delta)),
    })),
  };
}

export interface TrainView extends Omit<Train, 'phases'> {
  status: TrainStatus;
  phases: ScheduledPhase[];
  /** Every actual production release day, in order. */
  releaseDays: Day[];
  conflicts: Conflict[];
}

export function viewTrain(train: Train, book: RuleBook, today: Day): TrainView {
  const conflicts: Conflict[] = [];
  const phases = train.phases.map((p) => {
    const scheduled = schedulePhase(p, book, train.version);
    conflicts.push(...scheduled.conflicts);
    return scheduled.phase;
  });
  // Skipped and cancelled trains release nothing, so they cannot conflict.
  const live = train.state === 'active';
  return {
    ...train,
    status: trainStatus(train, today),
    phases,
    releaseDays: live ? phases.flatMap((p) => p.releaseDays.flatMap((r) => (r.actual ? [r.actual] : []))) : [],
    conflicts: live ? conflicts : [],
  };
}

const VERSION_MAX = 40;
export const versionSchema = z
  .string({ error: 'Version is required.' })
  .trim()
  .min(1, { error: 'Version is required.', abort: true })
  .max(VERSION_MAX, `Version must be at most ${VERSION_MAX} characters.`)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._+-]*$/,
    'Version must use letters, digits, dots, hyphens, underscores or plus signs (e.g. 2027.03).',
  );

export const trainIdSchema = z.int('Train id must be a whole number.').positive('Train id must be positive.');
export const reasonSchema = z
  .string({ error: 'A reason is required.' })
  .trim()
  .min(1, { error: 'A reason is required.', abort: true })
  .max(500, 'Reason must be at most 500 characters.');
export const NOTES_MAX = 20_000;

export const planRequestSchema = z
  .object({
    from: dayString('From'),
    count: z
      .int('Count must be a whole number.')
      .min(1, 'Plan at least one train.')
      .max(260, 'Plan at most 260 trains at once.')
      .optional(),
    through: dayString('Through').optional(),
  })
  .strict()
  .refine((r) => (r.count === undefined) !== (r.through === undefined), {
    error: 'Give either a count of trains or a through date, not both.',
    path: ['count'],
  })
  .refine((r) => r.through === undefined || r.through >= r.from, {
    error: 'The through date must be on or after the from date.',
    path: ['through'],
  });

export const rangeSchema = z
  .object({ from: dayString('From'), to: dayString('To') })
  .strict()
  .refine((r) => r.to >= r.from, { error: 'The end of the range must be on or after its start.', path: ['to'] });
