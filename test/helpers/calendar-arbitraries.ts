// fast-check arbitraries for the calendar engine: days, cadences, valid lifecycle
// templates, calendar rules and whole planning scenarios.
import fc from 'fast-check';
import { type Cadence, type LifecycleTemplate, PHASE_KINDS, type PhaseTemplate } from '../../shared/cadence';
import { type Day, addDays, fromEpochDay, toEpochDay } from '../../shared/days';
import type { CalendarRules, Freeze, Holiday } from '../../shared/schedule';

export type AnchoredCadence = Cadence & { anchorDate: Day };

/** Any day from `from` to `to`, both included. Shrinks towards `from`. */
export function dayBetween(from: Day, to: Day): fc.Arbitrary<Day> {
  return fc.integer({ min: toEpochDay(from), max: toEpochDay(to) }).map(fromEpochDay);
}

export const anchorDayArb = dayBetween('1990-01-01', '2090-12-31');

export const VERSION_PATTERNS = ['{yyyy}.{nn}', '{n}', 'r{n}', '{yy}.{nn}', '{yyyy}{mm}{dd}', '{yyyy}.{nn}-{n}'];

export const cadenceArb: fc.Arbitrary<AnchoredCadence> = fc.record({
  lengthDays: fc.integer({ min: 7, max: 28 }),
  anchorDate: anchorDayArb,
  versionPattern: fc.constantFrom(...VERSION_PATTERNS),
});

const phaseShapeArb = fc.integer({ min: 1, max: 10 }).chain((lengthDays) =>
  fc.record({
    lengthDays: fc.constant(lengthDays),
    kind: fc.constantFrom(...PHASE_KINDS),
    production: fc.boolean(),
    /** Used only if the phase is (or is made) a production phase: a non-empty, sorted subset of its days. */
    releaseDays: fc.subarray(
      Array.from({ length: lengthDays }, (_, i) => i),
      { minLength: 1 },
    ),
  }),
);

/**
 * A valid lifecycle template: 1–6 contiguous phases of 1–10 days, random kinds,
 * at least one production phase, each production phase with a random non-empty
 * subset of its days as release days.
 */
export const templateArb: fc.Arbitrary<LifecycleTemplate> = fc
  .tuple(fc.array(phaseShapeArb, { minLength: 1, maxLength: 6 }), fc.nat())
  .map(([shapes, pick]) => {
    const forced = shapes.some((s) => s.production) ? -1 : pick % shapes.length;
    let offset = 0;
    const phases = shapes.map((s, i): PhaseTemplate => {
      const production = s.production || i === forced;
      const phase: PhaseTemplate = {
        key: `phase-${i + 1}`,
        name: `Phase ${i + 1}`,
        kind: s.kind,
        offsetDays: offset,
        lengthDays: s.lengthDays,
        production,
        releaseDays: production ? s.releaseDays : [],
      };
      offset += s.lengthDays;
      return phase;
    });
    return { phases };
  });

/** Calendar rules over the days `from`..`to`: any non-empty working week, up to 30 holidays, up to 5 freezes. */
export function rulesArb(from: Day, to: Day): fc.Arbitrary<CalendarRules> {
  const holidays = fc
    .uniqueArray(dayBetween(from, to), { maxLength: 30 })
    .map((days) => days.map((date, i): Holiday => ({ date, name: `Holiday ${i + 1}` })));
  const freezes = fc
    .array(fc.record({ start: dayBetween(from, to), lengthDays: fc.integer({ min: 1, max: 21 }) }), { maxLength: 5 })
    .map((fs) =>
      fs.map((f, i): Freeze => ({
        id: i + 1,
        name: `Freeze ${i + 1}`,
        start: f.start,
        end: addDays(f.start, f.lengthDays - 1),
        reason: '',
      })),
    );
  return fc.record({
    workingDays: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
    holidays,
    freezes,
  });
}

export interface PlanScenario {
  cadence: AnchoredCadence;
  template: LifecycleTemplate;
  /** First day to plan from: anywhere from a few cadences before the anchor to many after. */
  from: Day;
  count: number;
  /** Slot numbers (relative to the first slot on or after `from`) that already have a train. */
  takenOffsets: number[];
}

export const planScenarioArb: fc.Arbitrary<PlanScenario> = fc
  .record({
    cadence: cadenceArb,
    template: templateArb,
    fromOffset: fc.integer({ min: -100, max: 400 }),
    count: fc.integer({ min: 1, max: 60 }),
    takenOffsets: fc.uniqueArray(fc.integer({ min: 0, max: 80 }), { maxLength: 20 }),
  })
  .map(({ cadence, fromOffset, ...rest }) => ({ cadence, from: addDays(cadence.anchorDate, fromOffset), ...rest }));
