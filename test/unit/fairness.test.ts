// Unit tests of the fairness metrics (shared/fairness.ts, docs/fairness.md): Gini of known
// vectors and against an independent pairwise-difference formula, first-wave spread,
// normalized mean position (0.5 for a rotating order), longest first-wave streak and
// longest gap on hand-made histories, counted only over trains where a deployment was planned.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fairness, gini } from '../../shared/fairness';
import type { PastPlan } from '../../shared/ordering';

const plan = (waves: string[][], regressions: string[] = []): PastPlan => ({ waves, regressions });
const per = (plans: PastPlan[], key: string, keys?: string[]) =>
  fairness(plans, keys).perDeployment.find((d) => d.key === key)!;

/** Gini as the mean absolute difference over all ordered pairs, divided by twice the mean. */
function giniByPairs(values: number[]): number {
  const n = values.length;
  const sum = values.reduce((a, b) => a + b, 0);
  if (n === 0 || sum === 0) return 0;
  let diff = 0;
  for (const x of values) for (const y of values) diff += Math.abs(x - y);
  return diff / (2 * n * sum);
}

describe('gini', () => {
  it('is 0 when everyone holds the same, and for no values or all zeros', () => {
    expect(gini([])).toBe(0);
    expect(gini([0, 0, 0])).toBe(0);
    expect(gini([3, 3, 3, 3])).toBeCloseTo(0, 12);
    expect(gini([7])).toBeCloseTo(0, 12);
  });

  it('is (n − 1)/n when one holds everything', () => {
    for (const n of [1, 2, 3, 4, 10, 52]) {
      const values = Array.from({ length: n }, (_, i) => (i === n - 1 ? 5 : 0));
      expect(gini(values)).toBeCloseTo((n - 1) / n, 12);
    }
  });

  it('matches known vectors', () => {
    // |differences| over ordered pairs of [1, 2, 3, 4] sum to 20; 20 / (2 · 4 · 10) = 0.25.
    expect(gini([1, 2, 3, 4])).toBeCloseTo(0.25, 12);
    expect(gini([4, 1, 3, 2])).toBeCloseTo(0.25, 12);
    expect(gini([0, 1])).toBeCloseTo(0.5, 12);
    expect(gini([1, 1, 2])).toBeCloseTo(2 / 12, 12);
  });

  it('equals the pairwise-difference formula, lies in [0, (n − 1)/n], ignores order and scale', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 40 }), fc.nat(), (v, rot) => {
        const g = gini(v);
        expect(g).toBeCloseTo(giniByPairs(v), 9);
        expect(g).toBeGreaterThanOrEqual(-1e-12);
        expect(g).toBeLessThanOrEqual((v.length - 1) / v.length + 1e-12);
        const r = rot % v.length;
        expect(gini([...v.slice(r), ...v.slice(0, r)])).toBeCloseTo(g, 9);
        expect(gini(v.map((x) => 3 * x))).toBeCloseTo(g, 9);
      }),
      { numRuns: 200 },
    );
  });
});

describe('fairness over a list of plans', () => {
  it('is all zeros for no plans', () => {
    expect(fairness([])).toEqual({
      trains: 0,
      firstWaveSpread: 0,
      gini: 0,
      longestFirstStreak: 0,
      longestGap: 0,
      perDeployment: [],
    });
    const f = fairness([], ['a']);
    expect(f.perDeployment).toEqual([
      { key: 'a', trains: 0, firstWave: 0, meanPosition: null, longestFirstStreak: 0, longestGap: 0, regressions: 0 },
    ]);
  });

  it('counts first-wave appearances and their spread and Gini', () => {
    const plans = [plan([['a', 'b'], ['c']]), plan([['a', 'c'], ['b']]), plan([['a'], ['b', 'c']])];
    const f = fairness(plans);
    expect(f.trains).toBe(3);
    expect(f.perDeployment.map((d) => [d.key, d.firstWave])).toEqual([
      ['a', 3],
      ['b', 1],
      ['c', 1],
    ]);
    expect(f.firstWaveSpread).toBe(2);
    expect(f.gini).toBeCloseTo(giniByPairs([3, 1, 1]), 12);
  });

  it('is 0.5 mean position for everyone under a rotating order', () => {
    // 4 deployments in 4 single waves, rotating: each sees positions 0, 1/3, 2/3, 1.
    const keys = ['a', 'b', 'c', 'd'];
    const plans = [0, 1, 2, 3].map((t) => plan(keys.map((_, w) => [keys[(w + t) % 4]!])));
    const f = fairness(plans);
    for (const d of f.perDeployment) expect(d.meanPosition).toBeCloseTo(0.5, 12);
    expect(f.firstWaveSpread).toBe(0);
    expect(f.gini).toBe(0);
    expect(f.longestFirstStreak).toBe(1);
    expect(f.longestGap).toBe(3);
  });

  it('ranks by wave: deployments in one wave share its middle rank', () => {
    // 3 planned: a, b share ranks 1–2 (1.5 → 0.25); c is rank 3 (→ 1).
    const plans = [plan([['a', 'b'], [], ['c']])];
    expect(per(plans, 'a').meanPosition).toBeCloseTo(0.25, 12);
    expect(per(plans, 'c').meanPosition).toBeCloseTo(1, 12);
    // A single planned deployment sits in the middle.
    expect(per([plan([['a']])], 'a').meanPosition).toBe(0.5);
  });

  it('finds the longest first-wave streak and the longest gap on a hand-made history', () => {
    // a:  F F . F . . . F F F   → streak 3, gap 3
    // b:  . . F . F F F . . .   → streak 3, gap 3 (the last three)
    // c:  . . . . . . . . . .   → streak 0, gap 10
    const firsts = ['a', 'a', 'b', 'a', 'b', 'b', 'b', 'a', 'a', 'a'];
    const plans = firsts.map((f) => plan([[f], ['a', 'b', 'c'].filter((k) => k !== f)]));
    const f = fairness(plans);
    expect(per(plans, 'a')).toMatchObject({ trains: 10, firstWave: 6, longestFirstStreak: 3, longestGap: 3 });
    expect(per(plans, 'b')).toMatchObject({ trains: 10, firstWave: 4, longestFirstStreak: 3, longestGap: 3 });
    expect(per(plans, 'c')).toMatchObject({ trains: 10, firstWave: 0, longestFirstStreak: 0, longestGap: 10 });
    expect(f.longestFirstStreak).toBe(3);
    expect(f.longestGap).toBe(10);
    expect(f.firstWaveSpread).toBe(6);
  });

  it('counts a deployment only over the trains where it was planned', () => {
    // b is not planned in train 2: its streak runs on, its train count is 2, not 3.
    const plans = [plan([['b'], ['a']]), plan([['a']]), plan([['b'], ['a']])];
    expect(per(plans, 'b')).toMatchObject({ trains: 2, firstWave: 2, longestFirstStreak: 2, longestGap: 0 });
    expect(per(plans, 'a')).toMatchObject({ trains: 3, firstWave: 1, longestFirstStreak: 1, longestGap: 1 });
  });

  it('counts regressions, and only over the given keys', () => {
    const plans = [plan([['a'], ['b', 'c']], ['a', 'b']), plan([['b'], ['a', 'c']], ['b'])];
    expect(per(plans, 'b').regressions).toBe(2);
    expect(per(plans, 'a').regressions).toBe(1);
    const f = fairness(plans, ['a', 'c']);
    expect(f.perDeployment.map((d) => d.key)).toEqual(['a', 'c']);
    // Spread over a and c only: 1 − 0, though b also has 1.
    expect(f.firstWaveSpread).toBe(1);
    // Keys default to every planned key, sorted.
    expect(fairness([plan([['z', 'b'], ['m']])]).perDeployment.map((d) => d.key)).toEqual(['b', 'm', 'z']);
  });

  it('agrees with a direct count on random histories', () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const planArb = fc
      .array(fc.integer({ min: -1, max: 3 }), { minLength: keys.length, maxLength: keys.length })
      .map((ws) => plan([0, 1, 2, 3].map((w) => keys.filter((_, i) => ws[i] === w))));
    fc.assert(
      fc.property(fc.array(planArb, { maxLength: 30 }), (plans) => {
        const f = fairness(plans, keys);
        for (const key of keys) {
          const planned = plans.filter((p) => p.waves.some((w) => w.includes(key)));
          const firsts = planned.map((p) => p.waves[0]!.includes(key));
          const d = f.perDeployment.find((x) => x.key === key)!;
          expect(d.trains).toBe(planned.length);
          expect(d.firstWave).toBe(firsts.filter(Boolean).length);
          const runs = (want: boolean) =>
            Math.max(
              0,
              ...firsts
                .map((_, i) => firsts.slice(i).findIndex((x) => x !== want))
                .map((r, i) => (r === -1 ? firsts.length - i : r)),
            );
          expect(d.longestFirstStreak).toBe(runs(true));
          expect(d.longestGap).toBe(runs(false));
        }
        const counts = f.perDeployment.map((d) => d.firstWave);
        expect(f.firstWaveSpread).toBe(Math.max(...counts) - Math.min(...counts));
      }),
      { numRuns: 200 },
    );
  });
});
