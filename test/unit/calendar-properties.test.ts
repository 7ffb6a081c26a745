// Property-based tests of the calendar engine: whatever the anchor, cadence, template
// and calendar rules, planned trains tile their days and scheduled release days obey
// the rules. Each property runs a bounded number of cases so the file stays fast.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type PlannedTrain,
  firstSlotOnOrAfter,
  formatVersion,
  lifecycleTemplateSchema,
  planTrains,
  slotStart,
  templateLength,
} from '../../shared/cadence';
import {
  type Day,
  addDays,
  addMonths,
  daysBetween,
  eachDay,
  endOfMonth,
  fromEpochDay,
  isDay,
  isoWeekday,
  maxDay,
  startOfIsoWeek,
  toEpochDay,
} from '../../shared/days';
import { type CalendarRules, RuleBook, type TrainState, trainStatus } from '../../shared/schedule';
import { type Train, viewTrain } from '../../shared/train';
import { type PlanScenario, dayBetween, planScenarioArb, rulesArb, templateArb } from '../helpers/calendar-arbitraries';

const RUNS = { numRuns: 200 };

function plan(s: PlanScenario): { trains: PlannedTrain[]; taken: Set<Day>; firstSlot: number } {
  // The anchor is the first slot: nothing is planned before it.
  const firstSlot = Math.max(0, firstSlotOnOrAfter(s.cadence, s.from));
  const taken = new Set(s.takenOffsets.map((o) => slotStart(s.cadence, firstSlot + o)));
  return {
    trains: planTrains(s.cadence, s.template, { from: s.from, count: s.count, takenSlots: taken }),
    taken,
    firstSlot,
  };
}

function asTrain(t: PlannedTrain, id: number, state: TrainState = 'active'): Train {
  return {
    ...t,
    id,
    state,
    stateReason: state === 'active' ? null : 'a reason',
    notes: '',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    revision: 0,
  };
}

// ---- Independent oracles (no Date, no engine code) ----

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

function ymd(day: Day): [number, number, number] {
  return [Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))];
}

function writeDay(y: number, m: number, d: number): Day {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function nextDayOracle(day: Day): Day {
  const [y, m, d] = ymd(day);
  if (d < daysInMonth(y, m)) return writeDay(y, m, d + 1);
  return m < 12 ? writeDay(y, m + 1, 1) : writeDay(y + 1, 1, 1);
}

/** Sakamoto's method, mapped to ISO (1 = Monday … 7 = Sunday). */
function isoWeekdayOracle(day: Day): number {
  const [y0, m, d] = ymd(day);
  const t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
  const y = m < 3 ? y0 - 1 : y0;
  const sunday0 = (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + t[m - 1]! + d) % 7;
  return sunday0 === 0 ? 7 : sunday0;
}

function allowedOracle(rules: CalendarRules, day: Day): boolean {
  return (
    rules.workingDays.includes(isoWeekdayOracle(day)) &&
    !rules.holidays.some((h) => h.date === day) &&
    !rules.freezes.some((f) => f.start <= day && day <= f.end)
  );
}

/** The first day in [from, to] the rules allow, or null. */
function firstAllowedOracle(rules: CalendarRules, from: Day, to: Day): Day | null {
  for (let d = from; d <= to; d = nextDayOracle(d)) if (allowedOracle(rules, d)) return d;
  return null;
}

const DAYS_1970_2100 = { min: toEpochDay('1970-01-01'), max: toEpochDay('2100-12-31') };

describe('property: generated lifecycle templates', () => {
  it('every generated template is valid for the lifecycle template schema', () => {
    fc.assert(
      fc.property(templateArb, (template) => {
        expect(lifecycleTemplateSchema.safeParse(template).error?.issues ?? []).toEqual([]);
      }),
      RUNS,
    );
  });
});

/**
 * Collects broken expectations as sentences, so that a property makes one `expect` per case
 * (thousands of vitest expects per case would make the file slow) and still says what broke.
 */
class Violations {
  readonly list: string[] = [];
  check(ok: boolean, what: () => string): void {
    if (!ok) this.list.push(what());
  }
}

describe('property 1: a planned train is tiled by its phases', () => {
  it('phases are contiguous, the first starts on the train start, the last ends on the train end, all inside', () => {
    fc.assert(
      fc.property(planScenarioArb, (s) => {
        const { trains } = plan(s);
        const life = templateLength(s.template);
        const v = new Violations();
        for (const t of trains) {
          const at = `train ${t.version} (${t.start})`;
          v.check(t.end === addDays(t.start, life - 1), () => `${at} ends ${t.end}, not ${life} days after its start`);
          v.check(t.phases.length === s.template.phases.length, () => `${at} has ${t.phases.length} phases`);
          v.check(t.phases[0]?.start === t.start, () => `${at}: first phase starts ${t.phases[0]?.start}`);
          v.check(t.phases.at(-1)?.end === t.end, () => `${at}: last phase ends ${t.phases.at(-1)?.end}`);
          t.phases.forEach((p, i) => {
            const spec = s.template.phases[i]!;
            const where = `${at} phase ${p.key} ${p.start}..${p.end}`;
            v.check(
              p.key === spec.key && p.production === spec.production,
              () => `${where} is not template phase ${i}`,
            );
            v.check(
              daysBetween(p.start, p.end) === spec.lengthDays - 1,
              () => `${where} does not last ${spec.lengthDays} days`,
            );
            v.check(p.start >= t.start && p.end <= t.end, () => `${where} is not inside the train`);
            if (i > 0) {
              const prevEnd = t.phases[i - 1]!.end;
              v.check(p.start === addDays(prevEnd, 1), () => `${where} does not start the day after ${prevEnd}`);
            }
            const expected = spec.releaseDays.map((o) => addDays(p.start, o));
            v.check(p.releaseDays.join() === expected.join(), () => `${where} release days ${p.releaseDays.join()}`);
            for (const r of p.releaseDays)
              v.check(r >= p.start && r <= p.end, () => `${where}: release day ${r} outside`);
          });
        }
        expect(v.list).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('property 2: planned trains follow the cadence', () => {
  it('consecutive trains start one cadence apart, or a whole multiple when the slots between are taken', () => {
    fc.assert(
      fc.property(planScenarioArb, (s) => {
        const { trains, taken, firstSlot } = plan(s);
        const L = s.cadence.lengthDays;
        const v = new Violations();
        v.check(trains.length === s.count, () => `${trains.length} trains planned, not ${s.count}`);
        // The first train fills the first free slot on or after `from`.
        const first = trains[0]!;
        v.check(first.start >= s.from, () => `the first train starts ${first.start}, before ${s.from}`);
        v.check(first.start >= s.cadence.anchorDate, () => `the first train starts ${first.start}, before the anchor`);
        if (firstSlot > 0)
          v.check(
            slotStart(s.cadence, firstSlot - 1) < s.from,
            () => `slot ${firstSlot - 1} also starts on/after from`,
          );
        for (let k = firstSlot; k < firstSlot + 100 && slotStart(s.cadence, k) < first.start; k++) {
          const skipped = slotStart(s.cadence, k);
          v.check(taken.has(skipped), () => `free slot ${skipped} before the first train was skipped`);
        }
        for (const t of trains) {
          v.check(t.slotStart === t.start, () => `train ${t.version}: slot ${t.slotStart} ≠ start ${t.start}`);
          const fromAnchor = daysBetween(s.cadence.anchorDate, t.start);
          v.check(((fromAnchor % L) + L) % L === 0, () => `train ${t.start} is not on a slot (${fromAnchor} days)`);
          v.check(!taken.has(t.start), () => `train ${t.start} fills a taken slot`);
        }
        trains.slice(1).forEach((t, i) => {
          const prev = trains[i]!;
          const gap = daysBetween(prev.start, t.start);
          v.check(gap >= L && gap % L === 0, () => `${prev.start} → ${t.start}: gap ${gap} is not a multiple of ${L}`);
          if (taken.size === 0) v.check(gap === L, () => `${prev.start} → ${t.start}: gap ${gap} without taken slots`);
          // Every slot skipped between two planned trains was taken.
          for (let j = 1; j < gap / L; j++) {
            const d = addDays(prev.start, j * L);
            v.check(taken.has(d), () => `free slot ${d} skipped between ${prev.start} and ${t.start}`);
          }
        });
        // Trains are told apart by their versions.
        const versions = trains.map((t) => t.version);
        v.check(new Set(versions).size === versions.length, () => `repeated versions: ${versions.join(' ')}`);
        expect(v.list).toEqual([]);
      }),
      RUNS,
    );
  });

  it('numbers {yyyy}.{nn} versions by the count of slots that start in the same year', () => {
    fc.assert(
      fc.property(planScenarioArb, (s) => {
        const cadence = { ...s.cadence, versionPattern: '{yyyy}.{nn}' };
        const k = firstSlotOnOrAfter(cadence, s.from);
        const v = new Violations();
        for (let slot = k; slot < k + s.count; slot++) {
          const start = slotStart(cadence, slot);
          let inYear = 1; // slots before this one that start in the same year, plus one
          while (inYear <= 366 && slotStart(cadence, slot - inYear).slice(0, 4) === start.slice(0, 4)) inYear++;
          const expected = `${start.slice(0, 4)}.${String(inYear).padStart(2, '0')}`;
          const actual = formatVersion(cadence, slot);
          v.check(actual === expected, () => `slot ${slot} (${start}) is ${actual}, not ${expected}`);
        }
        expect(v.list).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

const scheduledScenarioArb = planScenarioArb.chain((s) => {
  const { trains } = plan(s);
  const from = addDays(trains[0]!.start, -30);
  const to = addDays(trains.at(-1)!.end, 30);
  return fc.record({
    scenario: fc.constant(s),
    trains: fc.constant(trains),
    rules: rulesArb(from, to),
  });
});

describe('property 3: scheduled release days obey the calendar rules', () => {
  it('actual days are allowed, inside the phase, at or after the nominal day, strictly increasing, and the first such day; unplaced days are exactly the conflicts', () => {
    fc.assert(
      fc.property(scheduledScenarioArb, ({ trains, rules }) => {
        const book = new RuleBook(rules);
        const v = new Violations();
        trains.forEach((planned, id) => {
          const view = viewTrain(asTrain(planned, id + 1), book, planned.start);
          const unplaced: string[] = [];
          const actuals: Day[] = [];
          view.phases.forEach((phase, i) => {
            const nominals = planned.phases[i]!.releaseDays;
            const where = `${planned.version} ${phase.key} ${phase.start}..${phase.end}`;
            v.check(phase.releaseDays.map((r) => r.nominal).join() === nominals.join(), () => `${where}: nominals`);
            let previous: Day | null = null;
            for (const r of phase.releaseDays) {
              const day = `${where}: release day ${r.nominal} → ${r.actual}`;
              if (!phase.production) {
                v.check(r.actual === r.nominal && !r.movedBecause, () => `${day} moved in a non-production phase`);
                continue;
              }
              const lowest: Day = previous === null ? r.nominal : maxDay(r.nominal, addDays(previous, 1));
              const expected = firstAllowedOracle(rules, lowest, phase.end);
              v.check(r.actual === expected, () => `${day}, but the first allowed day from ${lowest} is ${expected}`);
              v.check((r.movedBecause !== undefined) === (r.actual !== r.nominal), () => `${day}: ${r.movedBecause}`);
              if (r.actual === null) {
                unplaced.push(`${phase.key} ${r.nominal}`);
                continue;
              }
              v.check(allowedOracle(rules, r.actual), () => `${day} is not allowed by the rules`);
              v.check(book.blockOn(r.actual) === null, () => `${day} is blocked: ${book.blockOn(r.actual!)?.reason}`);
              v.check(r.actual >= phase.start && r.actual <= phase.end, () => `${day} is outside its phase`);
              v.check(r.actual >= r.nominal, () => `${day} is before its nominal day`);
              v.check(previous === null || r.actual > previous, () => `${day} is not after ${previous}`);
              previous = r.actual;
              actuals.push(r.actual);
            }
          });
          const conflicts = view.conflicts.map((c) => `${c.phaseKey} ${c.nominal}`);
          v.check(
            conflicts.join() === unplaced.join(),
            () => `${planned.version}: conflicts ${conflicts} ≠ ${unplaced}`,
          );
          for (const c of view.conflicts) {
            v.check(c.message.startsWith(`${planned.version}: `), () => `conflict without version: ${c.message}`);
          }
          v.check(
            view.releaseDays.join() === actuals.join(),
            () => `${planned.version}: releaseDays ${view.releaseDays}`,
          );
          v.check(
            actuals.every((d, j) => j === 0 || d > actuals[j - 1]!),
            () => `${planned.version}: release days not strictly increasing: ${actuals}`,
          );
        });
        expect(v.list).toEqual([]);
      }),
      RUNS,
    );
  });

  it('a skipped or cancelled train has no release days and no conflicts, whatever the rules', () => {
    fc.assert(
      fc.property(
        scheduledScenarioArb,
        fc.constantFrom('skipped', 'cancelled' as const),
        ({ trains, rules }, state) => {
          const book = new RuleBook(rules);
          const views = trains.map((t) => viewTrain(asTrain(t, 1, state), book, t.start));
          expect(views.filter((w) => w.status !== state || w.releaseDays.length > 0 || w.conflicts.length > 0)).toEqual(
            [],
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('an active train is planned before its start, completed after its end, and in between follows its phase', () => {
    const KIND_STATUS = {
      development: 'developing',
      validation: 'validating',
      rollout: 'rolling_out',
      monitoring: 'rolling_out',
    } as const;
    fc.assert(
      fc.property(planScenarioArb, fc.integer({ min: -5, max: 200 }), (s, dayOffset) => {
        const { trains } = plan(s);
        const t = trains[0]!;
        const today = addDays(t.start, dayOffset);
        const status = trainStatus({ ...t, state: 'active' }, today);
        if (today < t.start) expect(status).toBe('planned');
        else if (today > t.end) expect(status).toBe('completed');
        else {
          // The status of the latest phase at or before today that has one of its own ("other" has none).
          const started = t.phases.filter((p) => p.start <= today && p.kind !== 'other');
          const last = started.at(-1);
          expect(status).toBe(last ? KIND_STATUS[last.kind as keyof typeof KIND_STATUS] : 'developing');
        }
      }),
      RUNS,
    );
  });
});

describe('property 4: day arithmetic over 1970–2100', () => {
  const epochDay = fc.integer(DAYS_1970_2100);

  it('addDays(d, n) then −n returns d; daysBetween gives n back; the weekday advances by n mod 7', () => {
    fc.assert(
      fc.property(epochDay, epochDay, (a, b) => {
        const d = fromEpochDay(a);
        const n = b - a;
        const moved = addDays(d, n);
        expect(isDay(moved)).toBe(true);
        expect(moved).toBe(fromEpochDay(b));
        expect(addDays(moved, -n)).toBe(d);
        expect(daysBetween(d, moved)).toBe(n);
        expect(daysBetween(moved, d)).toBe(0 - n); // 0 - n: never -0
        expect(isoWeekday(moved)).toBe(((((isoWeekday(d) - 1 + n) % 7) + 7) % 7) + 1);
      }),
      RUNS,
    );
  });

  it('agrees with a Gregorian-calendar oracle on the next day and the weekday', () => {
    fc.assert(
      fc.property(epochDay, (a) => {
        const d = fromEpochDay(a);
        expect(addDays(d, 1)).toBe(nextDayOracle(d));
        expect(addDays(nextDayOracle(d), -1)).toBe(d);
        expect(isoWeekday(d)).toBe(isoWeekdayOracle(d));
        expect(toEpochDay(d)).toBe(a);
      }),
      RUNS,
    );
  });

  it('accepts every real day written from year, month and day, and refuses the day after the month ends', () => {
    const ymdArb = fc
      .record({ y: fc.integer({ min: 1970, max: 2100 }), m: fc.integer({ min: 1, max: 12 }) })
      .chain(({ y, m }) =>
        fc.record({ y: fc.constant(y), m: fc.constant(m), d: fc.integer({ min: 1, max: daysInMonth(y, m) }) }),
      );
    fc.assert(
      fc.property(ymdArb, ({ y, m, d }) => {
        const day = writeDay(y, m, d);
        expect(isDay(day)).toBe(true);
        expect(fromEpochDay(toEpochDay(day))).toBe(day);
        expect(isDay(writeDay(y, m, daysInMonth(y, m) + 1))).toBe(false);
        expect(endOfMonth(day)).toBe(writeDay(y, m, daysInMonth(y, m)));
      }),
      RUNS,
    );
  });

  it('addMonths lands in the right month and clamps to its last day', () => {
    fc.assert(
      fc.property(fc.integer(DAYS_1970_2100), fc.integer({ min: -120, max: 120 }), (a, n) => {
        const day = fromEpochDay(a);
        const [y, m, d] = ymd(day);
        const months = y * 12 + (m - 1) + n;
        const [ty, tm] = [Math.floor(months / 12), (months % 12) + 1];
        expect(addMonths(day, n)).toBe(writeDay(ty, tm, Math.min(d, daysInMonth(ty, tm))));
      }),
      RUNS,
    );
  });

  it('startOfIsoWeek is the Monday 0–6 days before; eachDay lists daysBetween + 1 distinct days', () => {
    fc.assert(
      fc.property(dayBetween('1970-01-05', '2100-12-31'), fc.integer({ min: 0, max: 400 }), (d, span) => {
        const monday = startOfIsoWeek(d);
        expect(isoWeekday(monday)).toBe(1);
        expect(daysBetween(monday, d)).toBe(isoWeekday(d) - 1);
        const days = eachDay(d, addDays(d, span));
        expect(days).toHaveLength(span + 1);
        days.slice(1).forEach((x, i) => expect(x).toBe(nextDayOracle(days[i]!)));
      }),
      { numRuns: 100 },
    );
  });
});
