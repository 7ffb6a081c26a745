import { describe, expect, it } from 'vitest';
import {
  type Cadence,
  DEFAULT_CADENCE,
  DEFAULT_TEMPLATE,
  type LifecycleTemplate,
  MAX_PLAN,
  type PhaseTemplate,
  cadenceSchema,
  firstSlotOnOrAfter,
  formatVersion,
  lifecycleTemplateSchema,
  phasesFrom,
  planTrains,
  slotStart,
  templateLength,
} from '../../shared/cadence';
import { addDays, isoWeekday } from '../../shared/days';
import { type FieldError, fieldErrorsFromZod } from '../../shared/errors';
import { versionSchema } from '../../shared/train';

type AnchoredCadence = Cadence & { anchorDate: string };

/** Two-week trains anchored on Monday 4 January 2027, versioned 2027.01, 2027.02… */
const BIWEEKLY: AnchoredCadence = { lengthDays: 14, anchorDate: '2027-01-04', versionPattern: '{yyyy}.{nn}' };
const NO_TAKEN_SLOTS: ReadonlySet<string> = new Set();

function templateErrors(input: unknown): FieldError[] {
  const r = lifecycleTemplateSchema.safeParse(input);
  return r.success ? [] : fieldErrorsFromZod(r.error);
}

function cadenceErrors(input: unknown): FieldError[] {
  const r = cadenceSchema.safeParse(input);
  return r.success ? [] : fieldErrorsFromZod(r.error);
}

function phase(overrides: Partial<PhaseTemplate> & Pick<PhaseTemplate, 'key' | 'offsetDays' | 'lengthDays'>) {
  return { name: overrides.key, kind: 'other', production: false, releaseDays: [], ...overrides };
}

/** Development 0–9, rollout 10–14 (releases on its days 0 and 2), monitoring 15–16. */
function smallTemplate() {
  return {
    phases: [
      phase({ key: 'dev', name: 'Development', kind: 'development', offsetDays: 0, lengthDays: 10 }),
      phase({
        key: 'rollout',
        name: 'Rollout',
        kind: 'rollout',
        offsetDays: 10,
        lengthDays: 5,
        production: true,
        releaseDays: [0, 2],
      }),
      phase({ key: 'watch', name: 'Monitoring', kind: 'monitoring', offsetDays: 15, lengthDays: 2 }),
    ],
  };
}

describe('DEFAULT_TEMPLATE: the four-week release process (docs/calendar.md)', () => {
  it('passes the lifecycle template schema unchanged', () => {
    expect(templateErrors(DEFAULT_TEMPLATE)).toEqual([]);
    expect(lifecycleTemplateSchema.parse(DEFAULT_TEMPLATE)).toEqual(DEFAULT_TEMPLATE);
  });

  it('lasts four weeks: two of development, then validation, production rollout and monitoring', () => {
    expect(templateLength(DEFAULT_TEMPLATE)).toBe(28);
    expect(DEFAULT_TEMPLATE.phases.map((p) => p.kind)).toEqual(['development', 'validation', 'rollout', 'monitoring']);
    expect(DEFAULT_TEMPLATE.phases.filter((p) => p.production).map((p) => p.key)).toEqual(['rollout']);
  });

  it('starts the production rollout in week 3 and ends the train at the end of week 4', () => {
    const phases = phasesFrom(DEFAULT_TEMPLATE, '2027-01-04');
    expect(phases.map((p) => [p.key, p.start, p.end])).toEqual([
      ['development', '2027-01-04', '2027-01-17'],
      ['validation', '2027-01-18', '2027-01-19'],
      ['rollout', '2027-01-20', '2027-01-28'],
      ['monitoring', '2027-01-29', '2027-01-31'],
    ]);
  });

  // Was a bug: offsets [0, 1, 4, 6] put the third release day on a Sunday and the fourth on a Tuesday.
  it('puts the release days of a Monday-start train on Wed, Thu of week 3 and Mon, Wed of week 4', () => {
    const rollout = phasesFrom(DEFAULT_TEMPLATE, '2027-01-04').find((p) => p.production);
    expect(rollout?.releaseDays.map(isoWeekday)).toEqual([3, 4, 1, 3]);
  });

  it('goes with a default cadence of 14 days versioned {yyyy}.{nn}, anchored at the first plan', () => {
    expect(DEFAULT_CADENCE).toEqual({ lengthDays: 14, anchorDate: null, versionPattern: '{yyyy}.{nn}' });
    expect(cadenceErrors(DEFAULT_CADENCE)).toEqual([]);
  });
});

describe('lifecycleTemplateSchema', () => {
  const notFollowing = (phase: number, name: string, startDay: number) => ({
    field: `phases.${phase}.offsetDays`,
    message: `Phases must follow each other without gaps or overlaps: "${name}" should start on day ${startDay}.`,
  });

  it('accepts a small valid template and defaults missing release days to none', () => {
    expect(templateErrors(smallTemplate())).toEqual([]);
    const withoutReleaseDays = smallTemplate();
    delete (withoutReleaseDays.phases[0] as { releaseDays?: number[] }).releaseDays;
    expect(lifecycleTemplateSchema.parse(withoutReleaseDays).phases[0]?.releaseDays).toEqual([]);
  });

  it('refuses a gap between phases, naming the phase and the day it should start on', () => {
    const t = smallTemplate();
    t.phases[1]!.offsetDays = 11;
    t.phases[2]!.offsetDays = 16;
    expect(templateErrors(t)).toEqual([notFollowing(1, 'Rollout', 10)]);
  });

  it('refuses overlapping phases, naming the phase and the day it should start on', () => {
    const t = smallTemplate();
    t.phases[2]!.offsetDays = 14;
    expect(templateErrors(t)).toEqual([notFollowing(2, 'Monitoring', 15)]);
  });

  it('refuses a first phase that does not start on day 0', () => {
    const t = smallTemplate();
    t.phases.forEach((p) => (p.offsetDays += 1));
    expect(templateErrors(t)).toEqual([notFollowing(0, 'Development', 0)]);
  });

  it('refuses a phase key used twice', () => {
    const t = smallTemplate();
    t.phases[2]!.key = 'dev';
    expect(templateErrors(t)).toEqual([{ field: 'phases.2.key', message: 'Phase key "dev" is used twice.' }]);
  });

  it.each([
    ['a release day past the end of the phase', [0, 5], 'Release days of "Rollout" must fall inside its 5 days.'],
    ['unsorted release days', [2, 0], 'Release days must be distinct and in order.'],
    ['a release day given twice', [2, 2], 'Release days must be distinct and in order.'],
  ])('refuses %s', (_why, releaseDays, message) => {
    const t = smallTemplate();
    t.phases[1]!.releaseDays = releaseDays;
    expect(templateErrors(t)).toEqual([{ field: 'phases.1.releaseDays', message }]);
  });

  it('refuses a negative release day', () => {
    const t = smallTemplate();
    t.phases[1]!.releaseDays = [-1, 2];
    expect(templateErrors(t).map((e) => e.field)).toEqual(['phases.1.releaseDays.0']);
  });

  it('refuses release days on a phase that is not a production phase', () => {
    const t = smallTemplate();
    t.phases[0]!.releaseDays = [3];
    expect(templateErrors(t)).toEqual([
      {
        field: 'phases.0.releaseDays',
        message: 'Only production phases have release days; "Development" is not one.',
      },
    ]);
  });

  it('refuses a production phase without release days', () => {
    const t = smallTemplate();
    t.phases[1]!.releaseDays = [];
    expect(templateErrors(t)).toEqual([
      { field: 'phases.1.releaseDays', message: 'Production phase "Rollout" needs at least one release day.' },
    ]);
  });

  it('refuses a template without a production phase', () => {
    const t = smallTemplate();
    t.phases[1]!.production = false;
    t.phases[1]!.releaseDays = [];
    expect(templateErrors(t)).toEqual([
      { field: 'phases', message: 'A template needs at least one production phase.' },
    ]);
  });

  it.each([
    ['no phases', { phases: [] }, 'phases'],
    ['an unknown field on the template', { ...smallTemplate(), colour: 'blue' }, '(input)'],
    [
      'an unknown field on a phase',
      { phases: [{ ...smallTemplate().phases[1], offsetDays: 0, colour: 'blue' }] },
      'phases.0',
    ],
    [
      'a phase of zero days',
      { phases: [{ ...smallTemplate().phases[1], offsetDays: 0, lengthDays: 0 }] },
      'phases.0.lengthDays',
    ],
    [
      'a key with capitals',
      { phases: [{ ...smallTemplate().phases[1], offsetDays: 0, key: 'Rollout' }] },
      'phases.0.key',
    ],
    ['an unknown kind', { phases: [{ ...smallTemplate().phases[1], offsetDays: 0, kind: 'party' }] }, 'phases.0.kind'],
  ])('refuses %s', (_why, input, field) => {
    expect(templateErrors(input).map((e) => e.field)).toContain(field);
  });
});

describe('cadenceSchema', () => {
  const valid = { lengthDays: 14, anchorDate: '2027-01-04', versionPattern: '{yyyy}.{nn}' };

  it.each([
    ['the default two weeks', valid],
    ['one week', { ...valid, lengthDays: 7 }],
    ['a quarter (91 days)', { ...valid, lengthDays: 91 }],
    ['no anchor yet', { ...valid, anchorDate: null }],
    ['an overall number', { ...valid, versionPattern: 'r{n}' }],
    ['a full date', { ...valid, versionPattern: '{yyyy}{mm}{dd}' }],
  ])('accepts %s', (_why, input) => {
    expect(cadenceErrors(input)).toEqual([]);
  });

  it.each([
    ['a cadence of 0 days', { ...valid, lengthDays: 0 }, 'lengthDays', 'Cadence must be at least one day.'],
    ['a negative cadence', { ...valid, lengthDays: -14 }, 'lengthDays', 'Cadence must be at least one day.'],
    ['a fractional cadence', { ...valid, lengthDays: 14.5 }, 'lengthDays', 'Cadence must be a whole number of days.'],
    ['a cadence over 91 days', { ...valid, lengthDays: 92 }, 'lengthDays', 'Cadence must be at most 91 days.'],
    [
      'an anchor that is not a day',
      { ...valid, anchorDate: '2027-02-30' },
      'anchorDate',
      'Anchor date "2027-02-30" is not a day written YYYY-MM-DD (e.g. 2027-01-04).',
    ],
    ['an empty version pattern', { ...valid, versionPattern: '  ' }, 'versionPattern', 'Version pattern is required.'],
  ])('refuses %s', (_why, input, field, message) => {
    expect(cadenceErrors(input)).toContainEqual({ field, message });
  });

  it.each([
    ['only the year', '{yyyy}'],
    ['year and month (two trains in one month)', '{yyyy}.{mm}'],
    ['year and day of month', '{yy}-{dd}'],
    ['a fixed text', 'release'],
  ])('refuses a version pattern that cannot tell trains apart: %s (%j)', (_why, versionPattern) => {
    expect(cadenceErrors({ ...valid, versionPattern })).toEqual([
      {
        field: 'versionPattern',
        message:
          'Version pattern must tell trains apart for ever: include {n} (overall number), or {nn} (number in the year) with {yyyy} or {yy}, or {mm} and {dd} with a year.',
      },
    ]);
  });

  // Regression test for a bug found in review (shared/cadence.ts cadenceSchema, the versionPattern refine).
  it.each([
    ['{nn} without a year', '{nn}'],
    ['{mm} and {dd} without a year', '{mm}.{dd}'],
  ])('refuses a version pattern that repeats every year: %s', (_why, versionPattern) => {
    const cadence = { ...BIWEEKLY, versionPattern };
    const versions = planTrains(cadence, DEFAULT_TEMPLATE, {
      from: '2027-01-04',
      count: 400,
      takenSlots: NO_TAKEN_SLOTS,
    }).map((t) => t.version);
    expect(new Set(versions).size).toBeLessThan(versions.length); // the pattern does repeat…
    expect(cadenceErrors(cadence)).not.toEqual([]); // …so the schema should refuse it
  });

  // Regression test for a bug found in review (shared/cadence.ts cadenceSchema vs shared/train.ts versionSchema).
  it('accepts only version patterns whose versions are valid versions', () => {
    const cadence = { ...BIWEEKLY, versionPattern: 'Release {n}' };
    const accepted = cadenceErrors(cadence).length === 0;
    const versionOk = versionSchema.safeParse(formatVersion(cadence, 0)).success;
    expect({ accepted, versionOk }).toEqual({ accepted: versionOk, versionOk });
  });
});

describe('slots', () => {
  it('puts slot k at the anchor plus k cadences, before the anchor too', () => {
    expect(slotStart(BIWEEKLY, 0)).toBe('2027-01-04');
    expect(slotStart(BIWEEKLY, 1)).toBe('2027-01-18');
    expect(slotStart(BIWEEKLY, 26)).toBe('2028-01-03');
    expect(slotStart(BIWEEKLY, -1)).toBe('2026-12-21');
  });

  it.each([
    ['the anchor itself', '2027-01-04', 0],
    ['the day after the anchor', '2027-01-05', 1],
    ['the last day before slot 1', '2027-01-17', 1],
    ['slot 1 itself', '2027-01-18', 1],
    ['a day a year later', '2028-01-01', 26],
    ['the day before the anchor', '2027-01-03', 0],
    ['a day 15 days before the anchor', '2026-12-20', -1],
  ])('finds the first slot on or after %s (%s) is slot %i', (_why, day, k) => {
    const slot = firstSlotOnOrAfter(BIWEEKLY, day);
    expect(slot + 0).toBe(k); // + 0: Math.ceil gives -0 for days just before the anchor, the same slot as 0
    expect(slotStart(BIWEEKLY, slot) >= day).toBe(true);
    expect(slotStart(BIWEEKLY, slot - 1) < day).toBe(true);
  });
});

describe('formatVersion', () => {
  it.each([
    [0, '2027.01'],
    [1, '2027.02'],
    [25, '2027.26'],
    [26, '2028.01'],
    [-1, '2026.26'],
  ])('{yyyy}.{nn}, anchor 2027-01-04, 14 days: slot %i is %s', (slot, version) => {
    expect(formatVersion(BIWEEKLY, slot)).toBe(version);
  });

  it('numbers the trains of a year from 01 to 27 when a year holds 27 slots', () => {
    const cadence = { ...BIWEEKLY, anchorDate: '2027-01-01' };
    expect(slotStart(cadence, 26)).toBe('2027-12-31');
    expect(formatVersion(cadence, 26)).toBe('2027.27');
    expect(formatVersion(cadence, 27)).toBe('2028.01');
  });

  it('numbers weekly trains up to 52 or 53 in a year', () => {
    const weekly = { ...BIWEEKLY, lengthDays: 7, anchorDate: '2026-01-01' };
    // 2026-01-01 is a Thursday; 2026 has 53 Thursdays.
    expect(formatVersion(weekly, 52)).toBe('2026.53');
    expect(formatVersion(weekly, 53)).toBe('2027.01');
  });

  it.each([
    ['{n}', 0, '1'],
    ['{n}', 41, '42'],
    ['r{n}', 26, 'r27'],
    ['{yy}.{nn}', 26, '28.01'],
    ['{yyyy}-{mm}-{dd}', 26, '2028-01-03'],
    ['{yy}{mm}{dd}', 3, '270215'],
    ['{yyyy}.{nn}+{n}', 27, '2028.02+28'],
    ['{nn}.{nn}', 2, '03.03'],
  ])('pattern %j, slot %i → %s', (versionPattern, slot, version) => {
    expect(formatVersion({ ...BIWEEKLY, versionPattern }, slot)).toBe(version);
  });

  // Regression test for a bug found in review (shared/cadence.ts formatVersion / planTrains).
  it('gives trains planned before the anchor valid, positive {n} versions', () => {
    const cadence = { ...BIWEEKLY, versionPattern: '{n}' };
    const versions = planTrains(cadence, DEFAULT_TEMPLATE, {
      from: '2026-11-20',
      count: 4,
      takenSlots: NO_TAKEN_SLOTS,
    }).map((t) => t.version);
    for (const v of versions) {
      expect(versionSchema.safeParse(v).success).toBe(true);
      expect(Number(v)).toBeGreaterThan(0);
    }
  });
});

describe('phasesFrom', () => {
  it('lays the phases of a template on the calendar from a start day, with release days inside them', () => {
    expect(phasesFrom(lifecycleTemplateSchema.parse(smallTemplate()), '2026-12-28')).toEqual([
      {
        key: 'dev',
        name: 'Development',
        kind: 'development',
        start: '2026-12-28',
        end: '2027-01-06',
        production: false,
        releaseDays: [],
      },
      {
        key: 'rollout',
        name: 'Rollout',
        kind: 'rollout',
        start: '2027-01-07',
        end: '2027-01-11',
        production: true,
        releaseDays: ['2027-01-07', '2027-01-09'],
      },
      {
        key: 'watch',
        name: 'Monitoring',
        kind: 'monitoring',
        start: '2027-01-12',
        end: '2027-01-13',
        production: false,
        releaseDays: [],
      },
    ]);
  });
});

describe('planTrains', () => {
  function expectContiguous(train: { start: string; end: string; phases: { start: string; end: string }[] }) {
    expect(train.phases[0]?.start).toBe(train.start);
    expect(train.phases.at(-1)?.end).toBe(train.end);
    train.phases.slice(1).forEach((p, i) => expect(p.start).toBe(addDays(train.phases[i]!.end, 1)));
  }

  it('plans `count` trains, one cadence apart, from the anchor', () => {
    const trains = planTrains(BIWEEKLY, DEFAULT_TEMPLATE, { from: '2027-01-04', count: 3, takenSlots: NO_TAKEN_SLOTS });
    expect(trains.map((t) => [t.version, t.slotStart, t.start, t.end])).toEqual([
      ['2027.01', '2027-01-04', '2027-01-04', '2027-01-31'],
      ['2027.02', '2027-01-18', '2027-01-18', '2027-02-14'],
      ['2027.03', '2027-02-01', '2027-02-01', '2027-02-28'],
    ]);
    trains.forEach(expectContiguous);
  });

  it('starts from the first slot on or after `from` when `from` falls between two slots', () => {
    const trains = planTrains(BIWEEKLY, DEFAULT_TEMPLATE, { from: '2027-01-10', count: 2, takenSlots: NO_TAKEN_SLOTS });
    expect(trains.map((t) => [t.version, t.start])).toEqual([
      ['2027.02', '2027-01-18'],
      ['2027.03', '2027-02-01'],
    ]);
  });

  it('plans every slot that starts on or before `through`, `through` included', () => {
    const through = (day: string) =>
      planTrains(BIWEEKLY, DEFAULT_TEMPLATE, { from: '2027-01-04', through: day, takenSlots: NO_TAKEN_SLOTS }).map(
        (t) => t.start,
      );
    expect(through('2027-02-01')).toEqual(['2027-01-04', '2027-01-18', '2027-02-01']);
    expect(through('2027-01-31')).toEqual(['2027-01-04', '2027-01-18']);
    expect(through('2027-01-04')).toEqual(['2027-01-04']);
  });

  it('plans over a year end, restarting {nn} at 01 in the new year', () => {
    const trains = planTrains(BIWEEKLY, DEFAULT_TEMPLATE, {
      from: '2027-12-01',
      through: '2028-01-31',
      takenSlots: NO_TAKEN_SLOTS,
    });
    expect(trains.map((t) => [t.version, t.start])).toEqual([
      ['2027.25', '2027-12-06'],
      ['2027.26', '2027-12-20'],
      ['2028.01', '2028-01-03'],
      ['2028.02', '2028-01-17'],
      ['2028.03', '2028-01-31'],
    ]);
    trains.forEach(expectContiguous);
  });

  it('skips slots already taken, keeping each train on its own slot and version', () => {
    const trains = planTrains(BIWEEKLY, DEFAULT_TEMPLATE, {
      from: '2027-01-04',
      count: 3,
      takenSlots: new Set(['2027-01-04', '2027-02-01']),
    });
    expect(trains.map((t) => [t.version, t.slotStart])).toEqual([
      ['2027.02', '2027-01-18'],
      ['2027.04', '2027-02-15'],
      ['2027.05', '2027-03-01'],
    ]);
  });

  it('plans nothing for a count of 0 or a `through` before the first free slot', () => {
    expect(
      planTrains(BIWEEKLY, DEFAULT_TEMPLATE, { from: '2027-01-04', count: 0, takenSlots: NO_TAKEN_SLOTS }),
    ).toEqual([]);
    expect(
      planTrains(BIWEEKLY, DEFAULT_TEMPLATE, { from: '2027-01-05', through: '2027-01-17', takenSlots: NO_TAKEN_SLOTS }),
    ).toEqual([]);
  });

  it(`never plans more than MAX_PLAN (${MAX_PLAN}) trains at once`, () => {
    const weekly = { ...BIWEEKLY, lengthDays: 7 };
    expect(
      planTrains(weekly, DEFAULT_TEMPLATE, { from: '2027-01-04', count: 10_000, takenSlots: NO_TAKEN_SLOTS }),
    ).toHaveLength(MAX_PLAN);
    expect(planTrains(weekly, DEFAULT_TEMPLATE, { from: '2027-01-04', takenSlots: NO_TAKEN_SLOTS })).toHaveLength(
      MAX_PLAN,
    );
  });

  it('lays each train out with its own template: phases contiguous from start to end', () => {
    const template: LifecycleTemplate = lifecycleTemplateSchema.parse(smallTemplate());
    const weekly = { ...BIWEEKLY, lengthDays: 7, versionPattern: 'w{n}' };
    const trains = planTrains(weekly, template, { from: '2027-03-01', count: 6, takenSlots: NO_TAKEN_SLOTS });
    expect(trains.map((t) => t.version)).toEqual(['w9', 'w10', 'w11', 'w12', 'w13', 'w14']);
    for (const t of trains) {
      expectContiguous(t);
      expect(t.end).toBe(addDays(t.start, templateLength(template) - 1));
      expect(t.phases[1]?.releaseDays).toEqual([t.phases[1]!.start, addDays(t.phases[1]!.start, 2)]);
    }
  });
});
