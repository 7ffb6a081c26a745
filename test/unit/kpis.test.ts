import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  KPI_DEFINITIONS,
  type KpiClock,
  type KpiStepFacts,
  type KpiTrainFacts,
  kpiRange,
  kpiReport,
  medianOf,
  percentileOf,
  rangeKpis,
  selectKpiTrains,
  trainKpis,
} from '../../shared/kpis';

// Hand-made histories: each figure of docs/kpis.md, with the edge cases a real history has.
// The user's zone in these tests is UTC+2 (so a start at 23:30 UTC falls on the next day).

const clock: KpiClock = {
  today: '2027-03-10',
  dayOf: (instant) => new Date(Date.parse(instant) + 2 * 3_600_000).toISOString().slice(0, 10),
};

const at = (day: string, hour: number, minute = 0): string =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + hour * 3_600_000 + minute * 60_000).toISOString();

function released(key: string, wave: number, day: string, startHour = 9, endHour = 11): KpiStepFacts {
  return { key, wave, state: 'released', startedAt: at(day, startHour), finishedAt: at(day, endHour) };
}

function pending(key: string, wave: number): KpiStepFacts {
  return { key, wave, state: 'pending', startedAt: null, finishedAt: null };
}

/** A finished train: internal on Feb 1, waves 1–3 on Feb 3, 4 and 8, every step released on its day. */
function finished(overrides: Partial<KpiTrainFacts> = {}): KpiTrainFacts {
  return {
    id: 1,
    version: '2027.03',
    start: '2027-01-11',
    state: 'active',
    waves: [
      { index: 0, day: '2027-02-01' },
      { index: 1, day: '2027-02-03' },
      { index: 2, day: '2027-02-04' },
      { index: 3, day: '2027-02-08' },
    ],
    steps: [
      released('internal', 0, '2027-02-01'),
      released('a', 1, '2027-02-03'),
      released('b', 2, '2027-02-04'),
      released('c', 2, '2027-02-04', 10, 14),
      released('d', 3, '2027-02-08'),
    ],
    halts: [],
    ...overrides,
  };
}

describe('median and percentile', () => {
  it.each([
    [[], null, null],
    [[5], 5, 5],
    [[4, 1], 2.5, 4],
    [[3, 1, 2], 2, 3],
    [[10, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5.5, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6, 10],
  ])('%j: median %s, p90 %s', (values, median, p90) => {
    expect(medianOf(values)).toBe(median);
    expect(percentileOf(values, 90)).toBe(p90);
  });
});

describe('one train', () => {
  it('a rollout released on its planned days', () => {
    const k = trainKpis(finished(), clock);
    expect(k).toMatchObject({
      rolloutStarted: true,
      rolloutComplete: true,
      // The customer waves: the internal deployment's is validation.
      releaseDays: 3,
      onTime: 3,
      slipDays: [0, 0, 0],
      medianSlipDays: 0,
      halts: 0,
      fixHours: [],
      // Feb 3 09:00 → Feb 8 11:00.
      rolloutHours: 5 * 24 + 2,
      // Internal released Feb 1 11:00 → first customer start Feb 3 09:00.
      bakeHours: 46,
      stepsStarted: 5,
      stepsFailed: 0,
      deploymentsReleased: 5,
      deploymentsReached: 0,
      // Jan 11 → Feb 8.
      leadTimeDays: 28,
    });
  });

  it('a train with no rollout yet has release days only once they are due', () => {
    const k = trainKpis(
      finished({
        waves: [
          { index: 0, day: '2027-03-08' },
          { index: 1, day: '2027-03-09' },
          { index: 2, day: '2027-03-10' },
        ],
        steps: [pending('internal', 0), pending('a', 1), pending('b', 2)],
      }),
      clock,
    );
    // Wave 1's Mar 9 has passed unstarted (late); wave 2's is today, not due yet.
    expect(k).toMatchObject({
      rolloutStarted: false,
      rolloutComplete: false,
      releaseDays: 1,
      onTime: 0,
      slipDays: [],
      medianSlipDays: null,
      rolloutHours: null,
      bakeHours: null,
      leadTimeDays: null,
      stepsStarted: 0,
    });
  });

  it('a train with no plan has nothing to count', () => {
    const k = trainKpis(finished({ waves: [], steps: [] }), clock);
    expect(k).toMatchObject({ rolloutStarted: false, releaseDays: 0, rolloutHours: null, deploymentsReleased: 0 });
  });

  it('slips: late, early, and a start late in the evening that is the next day where the user is', () => {
    const k = trainKpis(
      finished({
        steps: [
          released('internal', 0, '2027-02-01'),
          // 23:30 UTC on Feb 2 is Feb 3 01:30 in the user's zone: on time.
          {
            key: 'a',
            wave: 1,
            state: 'released',
            startedAt: at('2027-02-02', 23, 30),
            finishedAt: at('2027-02-03', 2),
          },
          released('b', 2, '2027-02-06'),
          released('c', 2, '2027-02-05'),
          released('d', 3, '2027-02-07'),
        ],
      }),
      clock,
    );
    // Wave 2 started with its first step (Feb 5, one day late); wave 3 a day early.
    expect(k.slipDays).toEqual([0, 1, -1]);
    expect(k.onTime).toBe(1);
    expect(k.releaseDays).toBe(3);
    expect(k.medianSlipDays).toBe(0);
  });

  it('a halt never resumed: counted, open, and no time to fix', () => {
    const k = trainKpis(
      finished({
        steps: [
          released('internal', 0, '2027-02-01'),
          released('a', 1, '2027-02-03'),
          pending('b', 2),
          pending('c', 2),
          pending('d', 3),
        ],
        halts: [{ severity: 'critical', haltedAt: at('2027-02-03', 13), resumedAt: null, deployments: ['a'] }],
      }),
      clock,
    );
    expect(k).toMatchObject({
      halts: 1,
      openHalts: 1,
      bySeverity: { low: 0, medium: 0, high: 0, critical: 1 },
      fixHours: [],
      rolloutComplete: false,
      rolloutHours: null,
      leadTimeDays: null,
      // Waves 2 and 3 are past their days unstarted: late.
      releaseDays: 3,
      onTime: 1,
      deploymentsReleased: 2,
      deploymentsReached: 1,
    });
  });

  it('halts resumed: hours to fix each, deployments reached counted once', () => {
    const k = trainKpis(
      finished({
        halts: [
          { severity: 'high', haltedAt: at('2027-02-03', 13), resumedAt: at('2027-02-04', 7), deployments: ['a'] },
          {
            severity: 'low',
            haltedAt: at('2027-02-04', 15),
            resumedAt: at('2027-02-04', 19, 30),
            deployments: ['a', 'b'],
          },
        ],
      }),
      clock,
    );
    expect(k.fixHours).toEqual([18, 4.5]);
    expect(k.bySeverity).toEqual({ low: 1, medium: 0, high: 1, critical: 0 });
    expect(k.deploymentsReached).toBe(2);
    expect(k.openHalts).toBe(0);
  });

  it('an undone step is pending again: not started, and its wave not released', () => {
    const k = trainKpis(
      finished({
        steps: [
          released('internal', 0, '2027-02-01'),
          released('a', 1, '2027-02-03'),
          released('b', 2, '2027-02-04'),
          released('c', 2, '2027-02-04'),
          // Started on Feb 8, then the start was undone.
          pending('d', 3),
        ],
      }),
      clock,
    );
    expect(k).toMatchObject({ stepsStarted: 4, rolloutComplete: false, rolloutHours: null, releaseDays: 3, onTime: 2 });
  });

  it('failed and rolled-back steps count against the change; skipped ones finish a rollout', () => {
    const k = trainKpis(
      finished({
        steps: [
          released('internal', 0, '2027-02-01'),
          released('a', 1, '2027-02-03'),
          { key: 'b', wave: 2, state: 'failed', startedAt: at('2027-02-04', 9), finishedAt: at('2027-02-04', 10) },
          { key: 'c', wave: 2, state: 'rolled_back', startedAt: at('2027-02-04', 9), finishedAt: at('2027-02-05', 8) },
          { key: 'd', wave: 3, state: 'skipped', startedAt: null, finishedAt: at('2027-02-08', 9) },
        ],
      }),
      clock,
    );
    expect(k).toMatchObject({
      stepsStarted: 4,
      stepsFailed: 2,
      // Released, or rolled back after it was released.
      deploymentsReleased: 3,
      rolloutComplete: true,
      // Wave 3 was all skipped: no release day. First customer start Feb 3 09:00 → last release Feb 3 11:00.
      releaseDays: 2,
      rolloutHours: 2,
      leadTimeDays: 23,
    });
  });

  it('an internal deployment released again with a fix after the customers started has no bake time', () => {
    const k = trainKpis(
      finished({
        steps: [
          released('internal', 0, '2027-02-04', 14, 15),
          released('a', 1, '2027-02-03'),
          released('b', 2, '2027-02-04'),
          released('c', 2, '2027-02-04'),
          released('d', 3, '2027-02-08'),
        ],
      }),
      clock,
    );
    expect(k.bakeHours).toBeNull();
    expect(k.rolloutHours).toBe(5 * 24 + 2);
  });

  it('skipped and cancelled trains release nothing', () => {
    for (const state of ['skipped', 'cancelled'] as const) {
      const k = trainKpis(finished({ state, steps: [pending('a', 1)] }), clock);
      expect(k).toMatchObject({ state, releaseDays: 0, rolloutStarted: false, rolloutComplete: false });
    }
  });
});

describe('a range of trains', () => {
  const trains: KpiTrainFacts[] = [
    finished({
      id: 1,
      halts: [
        {
          severity: 'high',
          haltedAt: at('2027-02-03', 13),
          resumedAt: at('2027-02-04', 7),
          deployments: ['a', 'internal'],
        },
      ],
    }),
    finished({
      id: 2,
      version: '2027.04',
      start: '2027-01-25',
      waves: [
        { index: 0, day: '2027-02-15' },
        { index: 1, day: '2027-02-17' },
        { index: 2, day: '2027-02-18' },
      ],
      steps: [
        released('internal', 0, '2027-02-15'),
        released('b', 1, '2027-02-17'),
        released('a', 2, '2027-02-19', 9, 12),
        { key: 'c', wave: 2, state: 'rolled_back', startedAt: at('2027-02-19', 9), finishedAt: at('2027-02-19', 12) },
      ],
      halts: [
        { severity: 'medium', haltedAt: at('2027-02-18', 8), resumedAt: at('2027-02-19', 8), deployments: ['b'] },
        { severity: 'critical', haltedAt: at('2027-02-19', 13), resumedAt: null, deployments: ['a', 'b'] },
      ],
    }),
    finished({ id: 3, version: '2027.05', start: '2027-02-08', state: 'cancelled', waves: [], steps: [] }),
    finished({
      id: 4,
      version: '2027.06',
      start: '2027-02-22',
      waves: [{ index: 1, day: '2027-03-15' }],
      steps: [pending('a', 1)],
    }),
  ];
  const per = trains.map((t) => trainKpis(t, clock));
  const r = rangeKpis(trains, per);

  it('sums and rates over the trains', () => {
    expect(r).toMatchObject({
      trains: 4,
      skipped: 0,
      cancelled: 1,
      rolloutsStarted: 2,
      // Train 1: 3 of 3 on time; train 2: 1 of 2 (wave 2 a day late).
      releaseDays: 5,
      onTime: 4,
      onTimeRate: 4 / 5,
      medianSlipDays: 0,
      trainsHalted: 2,
      halts: 3,
      haltsPerTrain: 1.5,
      openHalts: 1,
      bySeverity: { low: 0, medium: 1, high: 1, critical: 1 },
      timeToFixHours: { count: 2, median: 21, p90: 24 },
      stepsStarted: 9,
      stepsFailed: 1,
      changeFailureRate: 1 / 9,
      // Train 1 released 5; train 2 released 3 and rolled one back.
      deploymentsReleased: 9,
      // Train 1: a and the internal deployment; train 2: a and b.
      deploymentsReached: 4,
      regressionReachRate: 4 / 9,
    });
    // Train 1: 122 h and lead 28 days; train 2 (its open halt does not hold the rollout): Feb 17 09:00 → Feb 19 12:00.
    expect(r.rolloutHours).toEqual({ count: 2, median: (122 + 51) / 2, p90: 122 });
    expect(r.leadTimeDays).toEqual({ count: 2, median: (28 + 25) / 2, p90: 28 });
    expect(r.bakeHours).toEqual({ count: 2, median: 46, p90: 46 });
  });

  it('exposure per customer deployment: early slots in the first customer wave, regressions that reached it', () => {
    // The internal deployment, reached by train 1's regression, is no customer: it has no exposure row.
    expect(r.deployments).toEqual([
      { key: 'a', trains: 3, earlySlots: 2, regressions: 2 },
      { key: 'b', trains: 2, earlySlots: 1, regressions: 2 },
      { key: 'c', trains: 2, earlySlots: 0, regressions: 0 },
      { key: 'd', trains: 1, earlySlots: 0, regressions: 0 },
    ]);
  });

  it('an empty range has counts of zero and no rates', () => {
    const empty = rangeKpis([], []);
    expect(empty).toMatchObject({ trains: 0, onTimeRate: null, haltsPerTrain: null, changeFailureRate: null });
    expect(empty.timeToFixHours).toEqual({ count: 0, median: null, p90: null });
  });

  it('the report carries the range, the definitions and each train', () => {
    const report = kpiReport(trains, kpiRange({}), clock, '2027-03-10T08:00:00.000Z');
    expect(report.range).toEqual({ from: null, to: null, last: 12 });
    expect(report.trains.map((t) => t.version)).toEqual(['2027.03', '2027.04', '2027.05', '2027.06']);
    expect(report.summary).toEqual(r);
    expect(Object.keys(report.definitions).length).toBeGreaterThan(10);
  });
});

describe('which trains a range holds', () => {
  const list = ['2027-01-04', '2027-01-18', '2027-02-01', '2027-02-15', '2027-03-01', '2027-03-15'].map((start) => ({
    start,
  }));
  it.each([
    [{}, ['2027-01-04', '2027-01-18', '2027-02-01', '2027-02-15', '2027-03-01']],
    [{ last: 2 }, ['2027-02-15', '2027-03-01']],
    [{ last: 100 }, ['2027-01-04', '2027-01-18', '2027-02-01', '2027-02-15', '2027-03-01']],
    [{ from: '2027-01-18', to: '2027-02-15' }, ['2027-01-18', '2027-02-01', '2027-02-15']],
    [{ from: '2027-02-02' }, ['2027-02-15', '2027-03-01', '2027-03-15']],
    [{ to: '2027-01-17' }, ['2027-01-04']],
    [{ from: '2028-01-01' }, []],
  ])('%j', (request, starts) => {
    expect(selectKpiTrains(list, kpiRange(request), '2027-03-10').map((t) => t.start)).toEqual(starts);
  });
});

describe('docs/kpis.md', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../docs/kpis.md'), 'utf8').replace(/\s+/g, ' ');
  it.each(Object.entries(KPI_DEFINITIONS))('writes the definition of %s as the app shows it', (name, definition) => {
    expect(doc).toContain(`(\`${name}\`) — ${definition}`);
  });
});
