import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE, type PlannedPhase, phasesFrom } from '../../shared/cadence';
import {
  type CalendarRules,
  DEFAULT_WORKING_DAYS,
  type Freeze,
  RuleBook,
  TRAIN_STATUSES,
  type TrainState,
  freezeDraftSchema,
  holidaySchema,
  phaseOn,
  schedulePhase,
  trainStatus,
  workingDaysSchema,
} from '../../shared/schedule';
import {
  type Train,
  planRequestSchema,
  reasonSchema,
  trainIdSchema,
  versionSchema,
  viewTrain,
} from '../../shared/train';

function rules(overrides: Partial<CalendarRules> = {}): RuleBook {
  return new RuleBook({ workingDays: DEFAULT_WORKING_DAYS, holidays: [], freezes: [], ...overrides });
}

function freeze(name: string, start: string, end: string, id = 1): Freeze {
  return { id, name, start, end, reason: '' };
}

function rollout(start: string, end: string, releaseDays: string[], production = true): PlannedPhase {
  return { key: 'rollout', name: 'Production rollout', kind: 'rollout', start, end, production, releaseDays };
}

const CHRISTMAS_2027 = [
  { date: '2027-12-24', name: 'Christmas Eve' },
  { date: '2027-12-27', name: 'Christmas Day (observed)' },
];
const YEAR_END_FREEZE = freeze('Year-end freeze', '2027-12-28', '2028-01-02');

describe('calendar rule schemas', () => {
  it('keeps working days as distinct ISO weekdays in order', () => {
    expect(workingDaysSchema.parse([5, 1, 3, 1])).toEqual([1, 3, 5]);
    expect(workingDaysSchema.safeParse([]).success).toBe(false);
    expect(workingDaysSchema.safeParse([0]).success).toBe(false);
    expect(workingDaysSchema.safeParse([8]).success).toBe(false);
  });

  it('refuses a holiday on a day that does not exist, and a freeze that ends before it starts', () => {
    expect(holidaySchema.safeParse({ date: '2027-02-29', name: 'Leap day' }).success).toBe(false);
    const r = freezeDraftSchema.safeParse({ name: 'Backwards', start: '2027-12-28', end: '2027-12-27' });
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['end', 'A freeze must end on or after the day it starts.'],
    ]);
    expect(freezeDraftSchema.parse({ name: 'One day', start: '2027-12-28', end: '2027-12-28' }).reason).toBe('');
  });
});

describe('RuleBook.blockOn', () => {
  it('allows a working day without holiday or freeze', () => {
    expect(rules().blockOn('2027-12-22')).toBeNull();
  });

  it('blocks a day that is not a working day, naming the weekday', () => {
    const block = rules().blockOn('2027-12-25');
    expect(block?.kind).toBe('non_working');
    expect(block?.reason).toBe('Saturday is not a working day');
    expect(rules().blockOn('2027-12-26')?.reason).toBe('Sunday is not a working day');
  });

  // Was a bug: the reason used the short name ("Sat is not a working day").
  it('names the weekday in full, as documented: "Saturday is not a working day"', () => {
    expect(rules().blockOn('2027-12-25')?.reason).toBe('Saturday is not a working day');
  });

  it('follows the configured working week (Sunday to Thursday)', () => {
    const book = rules({ workingDays: [7, 1, 2, 3, 4] });
    expect(book.blockOn('2027-12-26')).toBeNull(); // Sunday
    expect(book.blockOn('2027-12-24')?.kind).toBe('non_working'); // Friday
    expect(book.blockOn('2027-12-25')?.kind).toBe('non_working'); // Saturday
  });

  it('blocks a holiday, naming it', () => {
    expect(rules({ holidays: CHRISTMAS_2027 }).blockOn('2027-12-24')).toEqual({
      kind: 'holiday',
      reason: 'holiday: Christmas Eve',
    });
  });

  it('blocks every day of a freeze, both ends included, naming it', () => {
    const book = rules({ freezes: [YEAR_END_FREEZE] });
    expect(book.blockOn('2027-12-27')).toBeNull();
    expect(book.blockOn('2027-12-28')).toEqual({ kind: 'freeze', reason: 'freeze: Year-end freeze' });
    expect(book.blockOn('2027-12-30')?.kind).toBe('freeze');
    expect(book.blockOn('2028-01-02')?.kind).toBe('freeze');
    expect(book.blockOn('2028-01-03')).toBeNull();
  });

  it('gives a freeze precedence over a holiday, and a holiday over a non-working day', () => {
    const christmasDay = { date: '2027-12-25', name: 'Christmas Day' }; // a Saturday
    const winterFreeze = freeze('Winter freeze', '2027-12-25', '2027-12-25');
    expect(rules({ holidays: [christmasDay], freezes: [winterFreeze] }).blockOn('2027-12-25')).toEqual({
      kind: 'freeze',
      reason: 'freeze: Winter freeze',
    });
    expect(rules({ holidays: [christmasDay] }).blockOn('2027-12-25')).toEqual({
      kind: 'holiday',
      reason: 'holiday: Christmas Day',
    });
    expect(rules().blockOn('2027-12-25')?.kind).toBe('non_working');
  });

  it('finds holidays by day and freezes overlapping a range', () => {
    const other = freeze('Spring freeze', '2028-03-01', '2028-03-05', 2);
    const book = rules({ holidays: CHRISTMAS_2027, freezes: [YEAR_END_FREEZE, other] });
    expect(book.holidayOn('2027-12-27')?.name).toBe('Christmas Day (observed)');
    expect(book.holidayOn('2027-12-28')).toBeUndefined();
    expect(book.freezesOverlapping('2027-12-20', '2027-12-28').map((f) => f.name)).toEqual(['Year-end freeze']);
    expect(book.freezesOverlapping('2028-01-03', '2028-02-29')).toEqual([]);
    expect(book.freezesOverlapping('2027-01-01', '2028-12-31')).toHaveLength(2);
  });
});

describe('schedulePhase', () => {
  it('keeps release days on allowed days where the template put them, without a reason', () => {
    const phase = rollout('2027-12-13', '2027-12-17', ['2027-12-13', '2027-12-15']);
    const { phase: scheduled, conflicts } = schedulePhase(phase, rules(), '2027.25');
    expect(scheduled.releaseDays).toEqual([
      { nominal: '2027-12-13', actual: '2027-12-13' },
      { nominal: '2027-12-15', actual: '2027-12-15' },
    ]);
    expect(conflicts).toEqual([]);
    expect({ ...scheduled, releaseDays: [] }).toEqual({ ...phase, releaseDays: [] });
  });

  it('moves a release day on a holiday to the next allowed day, naming the holiday', () => {
    // Wed 22, Fri 24 (Christmas Eve), Tue 28; Sat 25, Sun 26 and Mon 27 (holiday) are blocked too.
    const phase = rollout('2027-12-20', '2027-12-31', ['2027-12-22', '2027-12-24', '2027-12-28']);
    const { phase: scheduled, conflicts } = schedulePhase(phase, rules({ holidays: CHRISTMAS_2027 }), '2027.25');
    expect(scheduled.releaseDays).toEqual([
      { nominal: '2027-12-22', actual: '2027-12-22' },
      { nominal: '2027-12-24', actual: '2027-12-28', movedBecause: 'holiday: Christmas Eve' },
      { nominal: '2027-12-28', actual: '2027-12-29', movedBecause: 'the previous release day moved' },
    ]);
    expect(conflicts).toEqual([]);
  });

  it('moves a release day on a weekend to the Monday, naming the weekday', () => {
    const phase = rollout('2027-12-20', '2027-12-31', ['2027-12-25']);
    const [day] = schedulePhase(phase, rules(), '2027.25').phase.releaseDays;
    expect(day?.actual).toBe('2027-12-27');
    expect(day?.movedBecause).toBe('Saturday is not a working day');
  });

  it('keeps release days in order and apart when consecutive days move (waves never collide)', () => {
    // Thu 16 is a holiday: Thu → Fri, so the Friday wave moves to Monday, and Monday's to Tuesday.
    const phase = rollout('2027-12-13', '2027-12-24', ['2027-12-16', '2027-12-17', '2027-12-20']);
    const book = rules({ holidays: [{ date: '2027-12-16', name: 'Founders Day' }] });
    const days = schedulePhase(phase, book, '2027.25').phase.releaseDays;
    expect(days.map((d) => d.actual)).toEqual(['2027-12-17', '2027-12-20', '2027-12-21']);
    expect(days.map((d) => d.movedBecause)).toEqual([
      'holiday: Founders Day',
      'the previous release day moved',
      'the previous release day moved',
    ]);
  });

  it('records a conflict naming the train version and the freeze when a freeze covers the rest of the phase', () => {
    const phase = rollout('2027-12-20', '2027-12-30', ['2027-12-22', '2027-12-23', '2027-12-28']);
    const { phase: scheduled, conflicts } = schedulePhase(phase, rules({ freezes: [YEAR_END_FREEZE] }), '2027.26');
    expect(scheduled.releaseDays).toEqual([
      { nominal: '2027-12-22', actual: '2027-12-22' },
      { nominal: '2027-12-23', actual: '2027-12-23' },
      { nominal: '2027-12-28', actual: null, movedBecause: 'freeze: Year-end freeze' },
    ]);
    expect(conflicts).toEqual([
      {
        phaseKey: 'rollout',
        nominal: '2027-12-28',
        message:
          '2027.26: the production rollout release day of Tue 28 Dec 2027 has no allowed day left before the phase ends on Thu 30 Dec 2027 (freeze: Year-end freeze).',
      },
    ]);
  });

  it('records a conflict when the last wave is pushed past the end of the phase by the waves before it', () => {
    // Thu 16 is a holiday, so Thu → Fri 17 and the Friday wave has no day left in a phase ending Fri 17.
    const phase = rollout('2027-12-13', '2027-12-17', ['2027-12-16', '2027-12-17']);
    const book = rules({ holidays: [{ date: '2027-12-16', name: 'Founders Day' }] });
    const { phase: scheduled, conflicts } = schedulePhase(phase, book, '2027.25');
    expect(scheduled.releaseDays.map((d) => d.actual)).toEqual(['2027-12-17', null]);
    expect(conflicts.map((c) => c.message)).toEqual([
      '2027.25: the production rollout release day of Fri 17 Dec 2027 has no allowed day left before the phase ends on Fri 17 Dec 2027 (the previous release day moved).',
    ]);
  });

  it('records one conflict per release day that finds no allowed day, and none for the others', () => {
    const phase = rollout('2027-12-20', '2027-12-31', ['2027-12-21', '2027-12-28', '2027-12-30']);
    const { phase: scheduled, conflicts } = schedulePhase(phase, rules({ freezes: [YEAR_END_FREEZE] }), '2027.26');
    expect(scheduled.releaseDays.map((d) => d.actual)).toEqual(['2027-12-21', null, null]);
    expect(conflicts.map((c) => [c.phaseKey, c.nominal])).toEqual([
      ['rollout', '2027-12-28'],
      ['rollout', '2027-12-30'],
    ]);
  });

  // Regression test for a bug found in review (shared/schedule.ts schedulePhase, `why` at line 119).
  it.each([
    [
      'the wave was pushed onto the freeze by the previous one',
      rollout('2027-12-20', '2027-12-30', ['2027-12-24', '2027-12-27']),
      [{ date: '2027-12-24', name: 'Christmas Eve' }],
    ],
    [
      'the nominal day is a Sunday, followed by a holiday and the freeze',
      rollout('2027-12-20', '2027-12-30', ['2027-12-26']),
      CHRISTMAS_2027,
    ],
  ])('names the freeze that leaves no allowed day even when %s', (_why, phase, holidays) => {
    const { conflicts } = schedulePhase(phase, rules({ holidays, freezes: [YEAR_END_FREEZE] }), '2027.26');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]?.message).toContain('Year-end freeze');
  });

  it('does not move the days of a phase that is not a production phase', () => {
    const phase = rollout('2027-12-20', '2027-12-31', ['2027-12-24', '2027-12-25', '2027-12-28'], false);
    const book = rules({ holidays: CHRISTMAS_2027, freezes: [YEAR_END_FREEZE] });
    const { phase: scheduled, conflicts } = schedulePhase(phase, book, '2027.26');
    expect(scheduled.releaseDays).toEqual([
      { nominal: '2027-12-24', actual: '2027-12-24' },
      { nominal: '2027-12-25', actual: '2027-12-25' },
      { nominal: '2027-12-28', actual: '2027-12-28' },
    ]);
    expect(conflicts).toEqual([]);
  });

  it('schedules a phase without release days to nothing', () => {
    const { phase, conflicts } = schedulePhase(rollout('2027-12-20', '2027-12-31', []), rules(), '2027.26');
    expect(phase.releaseDays).toEqual([]);
    expect(conflicts).toEqual([]);
  });
});

describe('trainStatus', () => {
  const phases = phasesFrom(DEFAULT_TEMPLATE, '2027-01-04');
  const train = (state: TrainState = 'active') => ({ state, start: '2027-01-04', end: '2027-01-31', phases });

  it.each([
    ['the day before the train starts', '2027-01-03', 'planned'],
    ['a year before', '2026-01-04', 'planned'],
    ['its first day (development)', '2027-01-04', 'developing'],
    ['the last day of development', '2027-01-17', 'developing'],
    ['the first day of internal validation', '2027-01-18', 'validating'],
    ['the last day of internal validation', '2027-01-19', 'validating'],
    ['the first day of the production rollout', '2027-01-20', 'rolling_out'],
    ['the last day of the production rollout', '2027-01-28', 'rolling_out'],
    ['the first day of monitoring', '2027-01-29', 'rolling_out'],
    ['its last day (monitoring)', '2027-01-31', 'rolling_out'],
    ['the day after it ends', '2027-02-01', 'completed'],
    ['years later', '2030-06-01', 'completed'],
  ])('an active train is on %s (%s): %s', (_why, today, status) => {
    expect(trainStatus(train(), today)).toBe(status);
  });

  it.each(['skipped', 'cancelled'] as const)('a %s train keeps that status before, during and after its dates', (s) => {
    for (const today of ['2026-12-01', '2027-01-04', '2027-01-20', '2027-01-31', '2027-03-01']) {
      expect(trainStatus(train(s), today)).toBe(s);
    }
  });

  it('keeps the status of the phase before during a phase of kind "other"', () => {
    const withOther = [
      { kind: 'development' as const, start: '2027-01-04', end: '2027-01-10' },
      { kind: 'other' as const, start: '2027-01-11', end: '2027-01-12' },
      { kind: 'rollout' as const, start: '2027-01-13', end: '2027-01-17' },
    ];
    const t = { state: 'active' as const, start: '2027-01-04', end: '2027-01-17', phases: withOther };
    expect(trainStatus(t, '2027-01-11')).toBe('developing');
    expect(trainStatus(t, '2027-01-13')).toBe('rolling_out');
  });

  it('only ever returns a known status', () => {
    for (const today of ['2027-01-01', '2027-01-10', '2027-01-18', '2027-01-25', '2027-01-30', '2027-02-10']) {
      expect(TRAIN_STATUSES).toContain(trainStatus(train(), today));
    }
  });

  it('finds the phase a train is in on a day, and none outside it', () => {
    expect(phaseOn(phases, '2027-01-18')?.key).toBe('validation');
    expect(phaseOn(phases, '2027-01-31')?.key).toBe('monitoring');
    expect(phaseOn(phases, '2027-02-01')).toBeUndefined();
  });
});

describe('viewTrain', () => {
  // 2027.25 starts Mon 6 Dec 2027: rollout Wed 22 – Thu 30 Dec, release days Wed 22, Thu 23, Mon 27, Wed 29.
  // Mon 27 is a holiday and the year-end freeze starts Tue 28, so the last two waves find no day.
  function train(state: TrainState = 'active'): Train {
    return {
      id: 25,
      slotStart: '2027-12-06',
      version: '2027.25',
      start: '2027-12-06',
      end: '2028-01-02',
      state,
      stateReason: state === 'active' ? null : 'Year-end',
      notes: '',
      phases: phasesFrom(DEFAULT_TEMPLATE, '2027-12-06'),
      createdAt: '2027-11-01T09:00:00.000Z',
      updatedAt: '2027-11-01T09:00:00.000Z',
      revision: 0,
    };
  }
  const book = rules({ holidays: CHRISTMAS_2027, freezes: [YEAR_END_FREEZE] });

  it('shows an active train with its status, actual release days in order and its conflicts', () => {
    const view = viewTrain(train(), book, '2027-12-22');
    expect(view.status).toBe('rolling_out');
    expect(view.releaseDays).toEqual(['2027-12-22', '2027-12-23']);
    expect(view.conflicts.map((c) => c.nominal)).toEqual(['2027-12-27', '2027-12-29']);
    expect(view.conflicts.every((c) => c.message.startsWith('2027.25: '))).toBe(true);
    expect(view.phases.map((p) => p.key)).toEqual(['development', 'validation', 'rollout', 'monitoring']);
    expect(view.phases[2]?.releaseDays.map((r) => r.actual)).toEqual(['2027-12-22', '2027-12-23', null, null]);
    expect(view).toMatchObject({ id: 25, version: '2027.25', start: '2027-12-06', end: '2028-01-02', notes: '' });
  });

  it('shows a train without rules: every nominal release day, none moved, no conflict', () => {
    const view = viewTrain(train(), rules({ workingDays: [1, 2, 3, 4, 5, 6, 7] }), '2027-11-01');
    expect(view.status).toBe('planned');
    expect(view.releaseDays).toEqual(['2027-12-22', '2027-12-23', '2027-12-27', '2027-12-29']);
    expect(view.conflicts).toEqual([]);
  });

  it('moves no release day of a default train under the default working week without holidays or freezes', () => {
    const view = viewTrain(train(), rules(), '2027-12-01');
    expect(view.phases.flatMap((p) => p.releaseDays).filter((r) => r.actual !== r.nominal || r.movedBecause)).toEqual(
      [],
    );
    expect(view.releaseDays).toHaveLength(4);
  });

  it.each(['skipped', 'cancelled'] as const)('a %s train releases nothing and so has no conflicts', (state) => {
    const view = viewTrain(train(state), book, '2027-12-22');
    expect(view.status).toBe(state);
    expect(view.releaseDays).toEqual([]);
    expect(view.conflicts).toEqual([]);
    expect(view.stateReason).toBe('Year-end');
    expect(view.phases).toHaveLength(4);
  });
});

describe('train schemas', () => {
  it.each(['2027.03', 'r42', '2027.03-hotfix.1', 'v1+build_7'])('accepts the version %j', (v) => {
    expect(versionSchema.parse(v)).toBe(v);
  });

  it('trims a version', () => {
    expect(versionSchema.parse('  2027.03 ')).toBe('2027.03');
  });

  it.each([
    ['an empty version', '  ', 'Version is required.'],
    [
      'a version starting with a hyphen',
      '-1',
      'Version must use letters, digits, dots, hyphens, underscores or plus signs (e.g. 2027.03).',
    ],
    [
      'a version with a space',
      'Release 1',
      'Version must use letters, digits, dots, hyphens, underscores or plus signs (e.g. 2027.03).',
    ],
    ['a version of 41 characters', 'v'.repeat(41), 'Version must be at most 40 characters.'],
  ])('refuses %s', (_why, v, message) => {
    expect(versionSchema.safeParse(v).error?.issues.map((i) => i.message)).toEqual([message]);
  });

  it('asks for either a count of trains or a through date, not both and not neither', () => {
    expect(planRequestSchema.safeParse({ from: '2027-01-04', count: 6 }).success).toBe(true);
    expect(planRequestSchema.safeParse({ from: '2027-01-04', through: '2027-06-30' }).success).toBe(true);
    const both = planRequestSchema.safeParse({ from: '2027-01-04', count: 6, through: '2027-06-30' });
    const neither = planRequestSchema.safeParse({ from: '2027-01-04' });
    for (const r of [both, neither]) {
      expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
        ['count', 'Give either a count of trains or a through date, not both.'],
      ]);
    }
  });

  it('refuses a through date before the from date, a count out of 1..260, and days that do not exist', () => {
    const fields = (input: unknown) => planRequestSchema.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(fields({ from: '2027-01-04', through: '2027-01-03' })).toEqual(['through']);
    expect(fields({ from: '2027-01-04', count: 0 })).toEqual(['count']);
    expect(fields({ from: '2027-01-04', count: 261 })).toEqual(['count']);
    expect(fields({ from: '2027-02-29', count: 1 })).toEqual(['from']);
  });

  it('asks for a positive whole train id and a non-empty reason', () => {
    expect(trainIdSchema.safeParse(1).success).toBe(true);
    expect(trainIdSchema.safeParse(0).success).toBe(false);
    expect(trainIdSchema.safeParse(1.5).success).toBe(false);
    expect(reasonSchema.parse('  Year-end  ')).toBe('Year-end');
    expect(reasonSchema.safeParse('   ').error?.issues.map((i) => i.message)).toEqual(['A reason is required.']);
  });
});
