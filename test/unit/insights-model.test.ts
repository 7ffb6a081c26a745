import { describe, expect, it } from 'vitest';
import type { DeploymentExposure, TrainKpis } from '../../shared/kpis';
import {
  NO_HALTS,
  NO_REGRESSIONS,
  describeExposure,
  describeFix,
  describeHalts,
  describeOnTime,
  describeRollout,
  describeSeries,
  durationTick,
  percentTick,
} from '../../renderer/src/views/insights/insights-format';
import {
  DEFAULT_RANGE,
  EXPOSURE_CHART_LIMIT,
  byExposure,
  checkCustomRange,
  durationScale,
  exposureChart,
  longest,
  rangeInput,
  sameRange,
  trainTrendRows,
} from '../../renderer/src/views/insights/insights-model';

/** One train's figures: nothing measured unless the overrides say so. */
function train(version: string, overrides: Partial<TrainKpis> = {}): TrainKpis {
  return {
    id: Number(version.replace('.', '')),
    version,
    start: '2027-01-04',
    state: 'active',
    rolloutStarted: false,
    rolloutComplete: false,
    releaseDays: 0,
    onTime: 0,
    slipDays: [],
    medianSlipDays: null,
    halts: 0,
    openHalts: 0,
    bySeverity: { low: 0, medium: 0, high: 0, critical: 0 },
    fixHours: [],
    rolloutHours: null,
    bakeHours: null,
    stepsStarted: 0,
    stepsFailed: 0,
    deploymentsReleased: 0,
    deploymentsReached: 0,
    leadTimeDays: null,
    ...overrides,
  };
}

function deployment(key: string, regressions: number, earlySlots = 0, trains = 12): DeploymentExposure {
  return { key, trains, earlySlots, regressions };
}

describe('the range asked for', () => {
  it('asks for the last twelve trains by default, and for what a range names', () => {
    expect(rangeInput(DEFAULT_RANGE)).toEqual({ last: 12 });
    expect(rangeInput({ kind: 'last', last: 26 })).toEqual({ last: 26 });
    expect(rangeInput({ kind: 'dates', from: '2027-01-01', to: '2027-03-31' })).toEqual({
      from: '2027-01-01',
      to: '2027-03-31',
    });
    // An open end is left out, never sent as null.
    expect(rangeInput({ kind: 'dates', from: null, to: '2027-03-31' })).toEqual({ to: '2027-03-31' });
    expect(rangeInput({ kind: 'dates', from: '2027-01-01', to: null })).toEqual({ from: '2027-01-01' });
  });

  it('knows a range asked for again, so that it is not read twice', () => {
    expect(sameRange({ kind: 'last', last: 6 }, { kind: 'last', last: 6 })).toBe(true);
    expect(sameRange({ kind: 'last', last: 6 }, { kind: 'last', last: 12 })).toBe(false);
    expect(sameRange({ kind: 'last', last: 6 }, { kind: 'dates', from: null, to: null })).toBe(false);
    expect(
      sameRange({ kind: 'dates', from: '2027-01-01', to: null }, { kind: 'dates', from: '2027-01-01', to: null }),
    ).toBe(true);
    expect(
      sameRange(
        { kind: 'dates', from: '2027-01-01', to: null },
        { kind: 'dates', from: '2027-01-01', to: '2027-02-01' },
      ),
    ).toBe(false);
  });
});

describe('checkCustomRange', () => {
  it('takes a first day, a last day or both; the last day included', () => {
    expect(checkCustomRange('2027-01-01', '2027-03-31')).toEqual({
      ok: true,
      range: { kind: 'dates', from: '2027-01-01', to: '2027-03-31' },
    });
    expect(checkCustomRange('2027-01-01', '2027-01-01')).toMatchObject({ ok: true });
    expect(checkCustomRange('', '2027-03-31')).toEqual({
      ok: true,
      range: { kind: 'dates', from: null, to: '2027-03-31' },
    });
    expect(checkCustomRange(' 2027-01-01 ', '')).toEqual({
      ok: true,
      range: { kind: 'dates', from: '2027-01-01', to: null },
    });
  });

  it('says what to fix, field by field', () => {
    expect(checkCustomRange('', '')).toEqual({
      ok: false,
      errors: { from: 'Choose a first day, a last day, or both.' },
    });
    expect(checkCustomRange('2027-02-01', '2027-01-31')).toEqual({
      ok: false,
      errors: { to: 'The last day must be on or after the first.' },
    });
    expect(checkCustomRange('2027-02-30', '31/01/2027')).toEqual({
      ok: false,
      errors: { from: 'Choose a day written YYYY-MM-DD.', to: 'Choose a day written YYYY-MM-DD.' },
    });
    expect(checkCustomRange('1969-12-31', '2200-01-01')).toEqual({
      ok: false,
      errors: { from: 'Choose a day from 1970 to 2199.', to: 'Choose a day from 1970 to 2199.' },
    });
  });
});

describe('trainTrendRows', () => {
  it('gives each train its on-time rate, halts by severity, median time to fix and rollout duration', () => {
    const rows = trainTrendRows([
      train('2027.01', {
        releaseDays: 5,
        onTime: 4,
        halts: 3,
        bySeverity: { low: 1, medium: 0, high: 1, critical: 1 },
        fixHours: [30, 2, 10],
        rolloutHours: 170,
      }),
      train('2027.02', { releaseDays: 0, fixHours: [3, 5] }),
    ]);
    expect(rows.map((r) => [r.version, r.onTimeRate, r.halts, r.fixesMeasured, r.fixHours, r.rolloutHours])).toEqual([
      ['2027.01', 0.8, 3, 3, 10, 170],
      // No release day due: no rate, rather than 0 %; an even count's median is the mean of the middle two.
      ['2027.02', null, 0, 2, 4, null],
    ]);
    expect(rows[0]!.bySeverity).toEqual({ low: 1, medium: 0, high: 1, critical: 1 });
  });
});

describe('exposureChart', () => {
  it('draws only the deployments a regression reached, most first, and says so', () => {
    const chart = exposureChart([
      deployment('us-west-1', 0, 3),
      deployment('eu-1', 1, 1),
      deployment('ap-1', 2, 0),
      deployment('ca-1', 1, 2),
    ]);
    expect(chart.rows.map((d) => d.key)).toEqual(['ap-1', 'ca-1', 'eu-1']);
    expect(chart.all.map((d) => d.key)).toEqual(['ap-1', 'ca-1', 'eu-1', 'us-west-1']);
    expect(chart.reached).toBe(3);
    expect(chart.note).toBe('Showing only the 3 deployments a regression reached; the table lists all 4.');
  });

  it('stays readable with 200 deployments: the 20 reached most, and the table has all', () => {
    const fleet = Array.from({ length: 200 }, (_, i) => deployment(`cell-${i + 1}`, i < 57 ? 1 + (i % 4) : 0, i % 3));
    const chart = exposureChart(fleet);
    expect(chart.rows).toHaveLength(EXPOSURE_CHART_LIMIT);
    expect(chart.all).toHaveLength(200);
    expect(chart.reached).toBe(57);
    expect(chart.rows.every((d) => d.regressions === 4)).toBe(false);
    // Sorted: no deployment left out has more regressions than one drawn.
    const drawn = Math.min(...chart.rows.map((d) => d.regressions));
    expect(chart.all.slice(EXPOSURE_CHART_LIMIT).every((d) => d.regressions <= drawn)).toBe(true);
    expect([...chart.all].sort(byExposure)).toEqual(chart.all);
    expect(chart.note).toBe(
      'Showing the 20 deployments regressions reached most, of the 57 deployments reached; the table lists all 200.',
    );
  });

  it('has no note when it draws every deployment, and no rows when no regression reached one', () => {
    expect(exposureChart([deployment('a', 1), deployment('b', 2)]).note).toBeNull();
    const none = exposureChart([deployment('a', 0, 1), deployment('b', 0)]);
    expect(none.rows).toEqual([]);
    expect(none.note).toBeNull();
    expect(describeExposure(none)).toBe(NO_REGRESSIONS);
  });

  it('orders equal counts by key, numbers by value', () => {
    expect(exposureChart([deployment('cell-10', 1), deployment('cell-9', 1)]).rows.map((d) => d.key)).toEqual([
      'cell-9',
      'cell-10',
    ]);
  });
});

describe('duration axes', () => {
  it('count in hours under two days, else in days', () => {
    expect(durationScale(null)).toMatchObject({ unit: 'h', hoursPerUnit: 1 });
    expect(durationScale(47.5)).toMatchObject({ unit: 'h', label: 'hours' });
    expect(durationScale(48)).toMatchObject({ unit: 'd', hoursPerUnit: 24, label: 'days' });
    expect(longest([null, 3, 170, null])).toBe(170);
    expect(longest([null])).toBeNull();
    expect(durationTick(7.0833, durationScale(170))).toBe('7.1 d');
    expect(durationTick(28, durationScale(28))).toBe('28 h');
    expect(percentTick(75)).toBe('75 %');
  });
});

describe("the charts' text alternatives", () => {
  const rows = trainTrendRows([
    train('2026.14', { releaseDays: 5, onTime: 5, rolloutHours: 150, fixHours: [] }),
    train('2026.15', {
      releaseDays: 5,
      onTime: 3,
      halts: 2,
      bySeverity: { low: 0, medium: 0, high: 1, critical: 1 },
      fixHours: [27, 5],
    }),
    train('2026.16', { releaseDays: 0 }),
    train('2026.17', {
      releaseDays: 5,
      onTime: 4,
      halts: 1,
      bySeverity: { low: 1, medium: 0, high: 0, critical: 0 },
      fixHours: [0.5],
      rolloutHours: 30,
    }),
  ]);

  it('say where a series starts and ends, and its worst train', () => {
    expect(describeOnTime(rows)).toBe(
      'On-time rate per train (3 of 4 trains), from 2026.14 at 100 % to 2026.17 at 80.0 %; lowest 2026.15 at 60.0 %.',
    );
    expect(describeFix(rows)).toBe(
      'Median time to fix per train (2 of 4 trains), from 2026.15 at 16 h to 2026.17 at 30 min; longest 2026.15 at 16 h.',
    );
    expect(describeRollout(rows)).toBe(
      'Rollout duration per train (2 of 4 trains), from 2026.14 at 6.3 d to 2026.17 at 30 h; longest 2026.14 at 6.3 d.',
    );
  });

  it('name the one train measured, or say nothing was', () => {
    const one = [{ version: '2027.02', value: 0.8 }];
    expect(describeSeries('On-time rate per train', one, (v) => `${v * 100} %`, 'lowest', 'none.')).toBe(
      'On-time rate per train: 2027.02 at 80 %.',
    );
    expect(describeOnTime(trainTrendRows([train('2027.02')]))).toBe(
      'On-time rate per train: no release day was due in these trains.',
    );
  });

  it('count the halts, the train with most, and the severities', () => {
    expect(describeHalts(rows)).toBe(
      'Halts per train: 3 halts in 2 of 4 trains; most in 2026.15, 2 (high 1, critical 1). By severity: low 1, medium 0, high 1, critical 1.',
    );
    expect(describeHalts(trainTrendRows([train('2027.01'), train('2027.02')]))).toBe(NO_HALTS);
    expect(NO_HALTS).toBe('No halts in these trains.');
  });

  it('name the deployments regressions reached most, five at most', () => {
    const chart = exposureChart([
      deployment('a', 3, 1),
      deployment('b', 2, 0),
      deployment('c', 1, 2),
      deployment('d', 1, 1),
      deployment('e', 1, 0),
      deployment('f', 1, 0),
      deployment('g', 1, 0),
      deployment('h', 0, 4),
    ]);
    expect(describeExposure(chart)).toBe(
      'Regressions and early slots per deployment, 7 deployments a regression reached, most first: a 3 regressions, 1 early slot; b 2 regressions, 0 early slots; c 1 regression, 2 early slots; d 1 regression, 1 early slot; e 1 regression, 0 early slots; and 2 more.',
    );
  });
});
