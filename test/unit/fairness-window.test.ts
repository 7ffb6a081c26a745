// The fairness metrics kept over a sliding window (FairnessWindow, shared/fairness.ts) against an
// independent oracle: the metrics as they were computed before, from the window's plans read again
// at every train (test/helpers/fairness-oracle.ts). Equal to the last bit: same numbers, same
// float sums, same deployments in the same order, same fields in the same order. Over arbitrary
// plans (keys planned twice, unknown or missing keys, empty waves, repeated regressions) and over
// the simulator's trains, whose metrics after every train are the window's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FairnessWindow, type FleetFairness, fairness } from '../../shared/fairness';
import { DEFAULT_POLICY, type PastPlan, type RolloutPolicy } from '../../shared/ordering';
import { type SimulationRequest, simulate } from '../../shared/simulate';
import { fairnessOracle } from '../helpers/fairness-oracle';

/** Bit-equal: Object.is on every number (toStrictEqual), and the same key order (JSON). */
function expectSameMetrics(actual: FleetFairness, expected: FleetFairness, label: string): void {
  expect(actual, label).toStrictEqual(expected);
  expect(JSON.stringify(actual), label).toBe(JSON.stringify(expected));
}

/** Every train's metrics of a simulation against the oracle over its last K trains. */
function expectSimulationMatchesOracle(request: SimulationRequest, policy: RolloutPolicy): void {
  const r = simulate(request, policy);
  const history: PastPlan[] = r.trains.map((t) => ({ waves: t.waves, regressions: t.regression }));
  r.trains.forEach((t, i) => {
    const window = history.slice(0, i + 1).slice(-policy.historyWindow);
    expectSameMetrics(t.metrics, fairnessOracle(window, r.eligible), `train ${t.train}`);
  });
}

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'];
/** Keys of the plans: mostly the deployments measured, sometimes others (internal, late-only). */
const keyArb = fc.constantFrom(...KEYS, 'x', 'y');
const planArb: fc.Arbitrary<PastPlan> = fc.record({
  waves: fc.array(fc.array(keyArb, { maxLength: 4 }), { maxLength: 5 }),
  regressions: fc.array(keyArb, { maxLength: 6 }),
});

describe('FairnessWindow', () => {
  it('gives, after every plan, the metrics of the last `size` plans', () => {
    fc.assert(
      fc.property(
        fc.array(planArb, { maxLength: 60 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.constantFrom(...KEYS), { maxLength: 8 }),
        (plans, size, keys) => {
          const window = new FairnessWindow(keys, size);
          expectSameMetrics(window.metrics(), fairnessOracle([], keys), 'no plan');
          plans.forEach((plan, i) => {
            window.push(plan);
            expectSameMetrics(window.metrics(), fairnessOracle(plans.slice(0, i + 1).slice(-size), keys), `plan ${i}`);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('holds at least one plan', () => {
    for (const size of [0, -1, 1.5, NaN]) expect(() => new FairnessWindow(['a'], size)).toThrow(RangeError);
  });
});

describe('fairness', () => {
  it('equals the oracle over any plans, with or without the keys to measure', () => {
    fc.assert(
      fc.property(
        fc.array(planArb, { maxLength: 40 }),
        fc.option(fc.array(fc.constantFrom(...KEYS, 'x'), { maxLength: 8 }), { nil: undefined }),
        (plans, keys) => expectSameMetrics(fairness(plans, keys), fairnessOracle(plans, keys), 'metrics'),
      ),
      { numRuns: 300 },
    );
  });
});

describe("the simulator's metrics after every train", () => {
  it('equal the oracle over random fleets, windows, trains and regression rates', () => {
    fc.assert(
      fc.property(
        fc.record({
          deployments: fc.integer({ min: 2, max: 60 }),
          trains: fc.integer({ min: 1, max: 70 }),
          seed: fc.nat(),
          regressionRate: fc.double({ min: 0, max: 1, noNaN: true }),
          constraints: fc.boolean(),
        }),
        fc.integer({ min: 1, max: 40 }),
        (request, historyWindow) => expectSimulationMatchesOracle(request, { ...DEFAULT_POLICY, historyWindow }),
      ),
      { numRuns: 60 },
    );
  });

  it('equal the oracle for larger fleets, past a full window', () => {
    // Fixed waves: growing ones from 2 leave too little room outside the last wave for the pairing groups.
    const fixed = (perWave: number, historyWindow: number): RolloutPolicy => ({
      ...DEFAULT_POLICY,
      waveSizes: { kind: 'fixed', perWave },
      historyWindow,
    });
    expectSimulationMatchesOracle(
      { deployments: 400, trains: 40, seed: 3, regressionRate: 0.2, constraints: true },
      fixed(100, 26),
    );
    expectSimulationMatchesOracle(
      { deployments: 1_500, trains: 60, seed: 11, regressionRate: 0.5, constraints: true },
      fixed(375, 52),
    );
  });
});
