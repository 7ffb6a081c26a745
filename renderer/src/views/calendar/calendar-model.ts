// What the calendar reads off the data it loaded: the rules of each day, the
// release days of a train with their moves, and the status at a glance (trains
// in flight, next release day, conflicts). Pure, like layout.ts.

import type { CalendarRange } from '../../../../shared/contract';
import { type Day, formatDay, isoWeekday } from '../../../../shared/days';
import type { Conflict, Freeze, Holiday, ScheduledPhase } from '../../../../shared/schedule';
import type { TrainView } from '../../../../shared/train';

/** What the calendar rules say about one day. */
export interface DayRules {
  holiday: Holiday | undefined;
  /** Freezes covering the day (usually none or one). */
  freezes: Freeze[];
  working: boolean;
}

/** A lookup of day rules, built once per loaded range. */
export type DayRulesOf = (day: Day) => DayRules;

export function dayRulesOf(range: Pick<CalendarRange, 'holidays' | 'freezes' | 'workingDays'>): DayRulesOf {
  const holidays = new Map(range.holidays.map((h) => [h.date, h]));
  const working = new Set(range.workingDays);
  return (day) => ({
    holiday: holidays.get(day),
    freezes: range.freezes.filter((f) => f.start <= day && day <= f.end),
    working: working.has(isoWeekday(day)),
  });
}

/** One planned release of a train, where it happens and where it was meant to happen. */
export interface ReleaseMark {
  /** Where it happens; null when no allowed day was left in its phase (a conflict). */
  actual: Day | null;
  nominal: Day;
  movedBecause: string | undefined;
  /** 1-based position among the train's releases, and how many there are. */
  index: number;
  total: number;
  phase: ScheduledPhase;
}

/** Every release of a train in order, moved or not, placed or not. */
export function releaseMarks(train: TrainView): ReleaseMark[] {
  const all = train.phases.flatMap((phase) => phase.releaseDays.map((r) => ({ r, phase })));
  return all.map(({ r, phase }, i) => ({
    actual: r.actual,
    nominal: r.nominal,
    movedBecause: r.movedBecause,
    index: i + 1,
    total: all.length,
    phase,
  }));
}

/** True when the train releases nothing: skipped or cancelled trains stay on the calendar, muted. */
export function isInactive(train: Pick<TrainView, 'state'>): boolean {
  return train.state !== 'active';
}

export interface InFlight {
  train: TrainView;
  phase: ScheduledPhase | undefined;
  /** The release planned today, if any. */
  releaseToday: ReleaseMark | undefined;
}

/** Active trains whose life includes `today`, oldest first, with their phase and any release today. */
export function trainsInFlight(trains: readonly TrainView[], today: Day): InFlight[] {
  return trains
    .filter((t) => !isInactive(t) && t.start <= today && today <= t.end)
    .sort((a, b) => (a.start < b.start ? -1 : 1))
    .map((train) => ({
      train,
      phase: train.phases.find((p) => p.start <= today && today <= p.end),
      releaseToday: releaseMarks(train).find((m) => m.actual === today),
    }));
}

export interface NextRelease {
  day: Day;
  trains: TrainView[];
}

/** The first release day on or after `today`, with every train releasing then. */
export function nextReleaseDay(trains: readonly TrainView[], today: Day): NextRelease | null {
  let next: Day | null = null;
  for (const t of trains) {
    for (const d of t.releaseDays) if (d >= today && (next === null || d < next)) next = d;
  }
  if (next === null) return null;
  const day = next;
  return { day, trains: trains.filter((t) => t.releaseDays.includes(day)) };
}

export interface TrainConflict {
  train: TrainView;
  conflict: Conflict;
}

/** Conflicts of trains that have not ended before `today`: what still needs a decision. */
export function openConflicts(trains: readonly TrainView[], today: Day): TrainConflict[] {
  return trains
    .filter((t) => t.end >= today)
    .flatMap((train) => train.conflicts.map((conflict) => ({ train, conflict })));
}

/** The train's phase on `day`, if any. */
export function phaseOnDay(train: TrainView, day: Day): ScheduledPhase | undefined {
  return train.phases.find((p) => p.start <= day && day <= p.end);
}

/** First and last day of all trains, or null when there are none. */
export function trainsExtent(trains: readonly Pick<TrainView, 'start' | 'end'>[]): { start: Day; end: Day } | null {
  if (trains.length === 0) return null;
  let start = trains[0]!.start;
  let end = trains[0]!.end;
  for (const t of trains) {
    if (t.start < start) start = t.start;
    if (t.end > end) end = t.end;
  }
  return { start, end };
}

/** `moved` happens on this day though planned elsewhere; `moved_away` was planned here and happens later. */
export type AgendaKind = 'release' | 'moved' | 'moved_away' | 'unplaced' | 'phase' | 'holiday' | 'freeze';

export interface AgendaEvent {
  kind: AgendaKind;
  /** Plain sentence, e.g. "2026.23 release 1 of 4". */
  text: string;
  /** Why, when something moved or is blocked. */
  detail?: string | undefined;
  trainId?: number;
}

export interface AgendaDay {
  day: Day;
  events: AgendaEvent[];
}

/**
 * What happens on each of `days`, in words: holidays and freezes, releases
 * (moved in, moved away, unplaceable), and trains entering a phase. Skipped and
 * cancelled trains are left out: nothing of theirs happens.
 */
export function agenda(trains: readonly TrainView[], rulesOf: DayRulesOf, days: readonly Day[]): AgendaDay[] {
  const live = trains.filter((t) => !isInactive(t));
  return days.map((day, i) => {
    const events: AgendaEvent[] = [];
    const rules = rulesOf(day);
    if (rules.holiday)
      events.push({ kind: 'holiday', text: `Holiday: ${rules.holiday.name}`, detail: 'no production releases' });
    for (const f of rules.freezes) {
      if (f.start === day || i === 0)
        events.push({
          kind: 'freeze',
          text: f.start === day ? `${f.name} begins` : `${f.name} continues`,
          detail: `no production releases until ${formatDay(f.end, { weekday: true, year: false })}${f.reason ? ` · ${f.reason}` : ''}`,
        });
    }
    for (const t of live) {
      const phase = t.phases.find((p) => p.start === day);
      if (phase)
        events.push({
          kind: 'phase',
          text: day === t.start ? `${t.version} starts: ${phase.name}` : `${t.version} enters ${phase.name}`,
          trainId: t.id,
        });
      if (day === t.end) events.push({ kind: 'phase', text: `${t.version} ends`, trainId: t.id });
      for (const m of releaseMarks(t)) {
        const n = `${t.version} release ${m.index} of ${m.total}`;
        if (m.actual === day)
          events.push(
            m.actual === m.nominal
              ? { kind: 'release', text: n, trainId: t.id }
              : { kind: 'moved', text: `${n} (moved here)`, detail: m.movedBecause, trainId: t.id },
          );
        else if (m.nominal === day && m.actual === null)
          events.push({ kind: 'unplaced', text: `${n} cannot be placed`, detail: m.movedBecause, trainId: t.id });
        else if (m.nominal === day && m.actual !== null)
          events.push({
            kind: 'moved_away',
            text: `${n} moved to ${formatDay(m.actual, { weekday: true, year: false })}`,
            detail: m.movedBecause,
            trainId: t.id,
          });
      }
    }
    return { day, events };
  });
}
