import { z } from 'zod';
import { type PhaseKind, type PlannedPhase, dayString } from './cadence';
import { type Day, addDays, formatDay, isoWeekday, rangesOverlap, weekdayName } from './days';

// Calendar rules (working days, holidays, freezes) and what they do to a train:
// its release days move off blocked days, and a release day that cannot find an
// allowed day inside its phase is a conflict, shown with the reason.

export const workingDaysSchema = z
  .array(z.int().min(1).max(7), { error: 'Working days are ISO weekdays, 1 (Monday) to 7 (Sunday).' })
  .min(1, 'At least one day of the week must be a working day.')
  .transform((days) => [...new Set(days)].sort((a, b) => a - b));
export const DEFAULT_WORKING_DAYS = [1, 2, 3, 4, 5];

export const holidaySchema = z
  .object({
    date: dayString('Holiday date'),
    name: z.string().trim().min(1, 'Holiday name is required.').max(80, 'Holiday name must be at most 80 characters.'),
  })
  .strict();
export type Holiday = z.output<typeof holidaySchema>;

export const freezeDraftSchema = z
  .object({
    name: z.string().trim().min(1, 'Freeze name is required.').max(80, 'Freeze name must be at most 80 characters.'),
    start: dayString('Freeze start'),
    end: dayString('Freeze end'),
    reason: z.string().trim().max(500, 'Reason must be at most 500 characters.').default(''),
  })
  .strict()
  .refine((f) => f.end >= f.start, { path: ['end'], error: 'A freeze must end on or after the day it starts.' });
export type FreezeDraft = z.output<typeof freezeDraftSchema>;
export interface Freeze extends FreezeDraft {
  id: number;
}

export interface CalendarRules {
  workingDays: readonly number[];
  holidays: readonly Holiday[];
  freezes: readonly Freeze[];
}

export type BlockKind = 'non_working' | 'holiday' | 'freeze';
export interface Block {
  kind: BlockKind;
  /** "Saturday is not a working day", "holiday: Christmas Day", "freeze: Year-end freeze". */
  reason: string;
}

/** Index of rules by day, built once per schedule (a freeze may span weeks). */
export class RuleBook {
  private readonly holidays = new Map<Day, Holiday>();
  private readonly working: ReadonlySet<number>;

  constructor(private readonly rules: CalendarRules) {
    for (const h of rules.holidays) this.holidays.set(h.date, h);
    this.working = new Set(rules.workingDays);
  }

  /** Why no production release may happen on `day`, or null when it may. */
  blockOn(day: Day): Block | null {
    const freeze = this.rules.freezes.find((f) => f.start <= day && day <= f.end);
    if (freeze) return { kind: 'freeze', reason: `freeze: ${freeze.name}` };
    const holiday = this.holidays.get(day);
    if (holiday) return { kind: 'holiday', reason: `holiday: ${holiday.name}` };
    if (!this.working.has(isoWeekday(day)))
      return {
        kind: 'non_working',
        reason: `${weekdayName(isoWeekday(day))} is not a working day`,
      };
    return null;
  }

  holidayOn(day: Day): Holiday | undefined {
    return this.holidays.get(day);
  }

  freezesOverlapping(start: Day, end: Day): Freeze[] {
    return this.rules.freezes.filter((f) => rangesOverlap(f.start, f.end, start, end));
  }
}

export interface ReleaseDay {
  /** Where the template put it. */
  nominal: Day;
  /** Where it happens after the rules; null when no allowed day is left in the phase. */
  actual: Day | null;
  /** Why it moved (or could not be placed); absent when it stayed. */
  movedBecause?: string;
}

export interface ScheduledPhase extends Omit<PlannedPhase, 'releaseDays'> {
  releaseDays: ReleaseDay[];
}

export interface Conflict {
  phaseKey: string;
  nominal: Day;
  /** One sentence for people: what could not be placed, and why. */
  message: string;
}

/**
 * Places each release day of a production phase on the first allowed day at or
 * after its nominal day (and after the previous release day, so waves keep their
 * order), without leaving the phase. What cannot be placed is a conflict.
 */
export function schedulePhase(
  phase: PlannedPhase,
  book: RuleBook,
  version: string,
): { phase: ScheduledPhase; conflicts: Conflict[] } {
  const conflicts: Conflict[] = [];
  let previous: Day | null = null;
  const releaseDays = phase.releaseDays.map((nominal): ReleaseDay => {
    let candidate: Day = previous !== null && previous >= nominal ? addDays(previous, 1) : nominal;
    const firstBlock = phase.production ? book.blockOn(nominal) : null;
    while (phase.production && candidate <= phase.end && book.blockOn(candidate)) candidate = addDays(candidate, 1);
    const why = firstBlock?.reason ?? (candidate !== nominal ? 'the previous release day moved' : undefined);
    if (candidate > phase.end) {
      // Name what fills the rest of the phase: a freeze is the usual culprit, even when the nominal day itself was only a weekend.
      const freezes = book.freezesOverlapping(nominal, phase.end).map((f) => `freeze: ${f.name}`);
      const reason = freezes.length > 0 ? freezes.join(', ') : (why ?? 'blocked');
      conflicts.push({
        phaseKey: phase.key,
        nominal,
        message: `${version}: the ${phase.name.toLowerCase()} release day of ${formatDay(nominal, { weekday: true })} has no allowed day left before the phase ends on ${formatDay(phase.end, { weekday: true })} (${reason}).`,
      });
      return { nominal, actual: null, movedBecause: reason };
    }
    previous = candidate;
    return candidate === nominal
      ? { nominal, actual: candidate }
      : { nominal, actual: candidate, movedBecause: why ?? 'blocked' };
  });
  return { phase: { ...phase, releaseDays }, conflicts };
}

export const TRAIN_STATUSES = [
  'planned',
  'developing',
  'validating',
  'rolling_out',
  'completed',
  'halted',
  'cancelled',
  'skipped',
] as const;
export type TrainStatus = (typeof TRAIN_STATUSES)[number];

export type TrainState = 'active' | 'skipped' | 'cancelled';

const STATUS_OF_KIND: Record<PhaseKind, TrainStatus | null> = {
  development: 'developing',
  validation: 'validating',
  rollout: 'rolling_out',
  monitoring: 'rolling_out',
  other: null,
};

/** A train's status follows its dates, unless it was skipped or cancelled. */
export function trainStatus(
  train: { state: TrainState; start: Day; end: Day; phases: readonly { kind: PhaseKind; start: Day; end: Day }[] },
  today: Day,
): TrainStatus {
  if (train.state !== 'active') return train.state;
  if (today < train.start) return 'planned';
  if (today > train.end) return 'completed';
  let status: TrainStatus = 'developing';
  for (const p of train.phases) {
    if (p.start > today) break;
    status = STATUS_OF_KIND[p.kind] ?? status;
  }
  return status;
}

/** The phase a train is in on `day`, if any. */
export function phaseOn<P extends { start: Day; end: Day }>(phases: readonly P[], day: Day): P | undefined {
  return phases.find((p) => p.start <= day && day <= p.end);
}
