import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AccountLedger,
  DEFAULT_POLICY,
  type OrderingDeployment,
  type PastPlan,
  type RolloutPolicy,
  advanceLedger,
  buildAccounts,
  emptyLedger,
  turnsFloor,
} from '../../shared/ordering';
import { planSimulatedTrain, simulate, syntheticFleet } from '../../shared/simulate';
import { recountRotation } from '../helpers/rotation-oracle';

// The rotation's guarantees over the whole history (docs/fairness.md), for fleets without binding
// constraints or regressions: n customers, m first-wave slots, 3n trains. Checked by an
// independent recount of the plans' first waves (test/helpers/rotation-oracle.ts):
// - after every train the all-time spread of first-wave counts is ≤ 1;
// - nobody is first twice in a row while n ≥ 2m (with m > n/2 two trains need more than n
//   first-wave slots, so someone must repeat);
// - everyone is first within ⌈n/m⌉ trains of its last turn (and of the first train).

/** Plans synthetic train `t` without regressions and adds it to the history and its ledger. */
function planNext(
  t: number,
  fleet: readonly OrderingDeployment[],
  policy: RolloutPolicy,
  history: PastPlan[],
  ledger: AccountLedger,
): void {
  const plan = planSimulatedTrain(t, fleet, policy, history, ledger);
  history.push({ waves: plan.waves.slice(1).map((w) => w.keys), regressions: [] });
  advanceLedger(ledger, history.at(-1)!);
}

/** Plans `trains` trains for `n` customers with `m` first-wave slots, keeping the turn ledger as it goes. */
function rotation(n: number, m: number, trains: number, seed: number): PastPlan[] {
  const fleet = syntheticFleet(n + 1, seed, false);
  const policy: RolloutPolicy = { ...DEFAULT_POLICY, waveSizes: { kind: 'growing', first: m, factor: 2 }, seed };
  const history: PastPlan[] = [];
  const ledger = emptyLedger(policy);
  for (let t = 0; t < trains; t++) planNext(t, fleet, policy, history, ledger);
  return history;
}

function expectGuarantees(n: number, m: number, seed: number): void {
  const trains = rotation(n, m, 3 * n, seed);
  const eligible = syntheticFleet(n + 1, seed, false)
    .filter((d) => !d.internal)
    .map((d) => d.key);
  const r = recountRotation(trains, eligible);
  const where = `n ${n}, m ${m}, seed ${seed}`;
  expect(r.m, where).toBe(m);
  expect(r.maxSpread, where).toBeLessThanOrEqual(1);
  if (n >= 2 * m) expect(r.repeats, where).toEqual([]);
  // A wait of w trains between turns means the next turn came w + 1 trains after the last.
  expect(r.longestWait + 1, where).toBeLessThanOrEqual(Math.ceil(n / m));
}

describe('the rotation never forgets (no constraints, no regressions)', () => {
  it('over random fleets of 2 to 60 customers and every first-wave size', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 60 })
          .chain((n) =>
            fc.record({ n: fc.constant(n), m: fc.integer({ min: 1, max: n - 1 }), seed: fc.nat(1_000_000) }),
          ),
        ({ n, m, seed }) => expectGuarantees(n, m, seed),
      ),
      { numRuns: 40 },
    );
  });

  it('for large fleets, up to 500 customers over 1,500 trains', () => {
    for (const [n, m, seed] of [
      [200, 2, 4],
      [257, 31, 8],
      [500, 7, 2],
    ] as const)
      expectGuarantees(n, m, seed);
  });

  it('a deployment that joins late, or comes back, takes its turns with the fleet: no backlog, no starving', () => {
    const n = 12;
    const m = 2;
    const full = syntheticFleet(n + 1, 3, false);
    const policy: RolloutPolicy = { ...DEFAULT_POLICY, waveSizes: { kind: 'growing', first: m, factor: 2 } };
    const joiner = full.at(-1)!.key;
    const history: PastPlan[] = [];
    const ledger = emptyLedger(policy);
    const plan = (t: number, fleet: typeof full) => planNext(t, fleet, policy, history, ledger);
    // 30 trains without it (the others have had 5 turns each), then 3n trains with it.
    for (let t = 0; t < 30; t++)
      plan(
        t,
        full.filter((d) => d.key !== joiner),
      );
    for (let t = 30; t < 30 + 3 * n; t++) plan(t, full);
    const after = history.slice(30);
    const turns = (key: string) => after.filter((p) => p.waves[0]!.includes(key)).length;
    const others = full.filter((d) => !d.internal && d.key !== joiner).map((d) => turns(d.key));
    // Over the 3n trains since it joined it had as many turns as the others, within one: it queues
    // behind those already waiting (no backlog taken), and is never starved.
    expect(turns(joiner)).toBeGreaterThanOrEqual(Math.min(...others) - 1);
    expect(turns(joiner)).toBeLessThanOrEqual(Math.max(...others));
    // Its first turn comes after those already waiting in the round it joined (at most n − 1 of
    // them, m a train): within ⌈n/m⌉ + 1 trains of joining.
    expect(after.findIndex((p) => p.waves[0]!.includes(joiner)) + 1).toBeLessThanOrEqual(Math.ceil(n / m) + 1);
    // And never twice in a row: no backlog to catch up on.
    const r = recountRotation(
      after,
      full.filter((d) => !d.internal).map((d) => d.key),
    );
    expect(r.repeats).toEqual([]);
  });

  it('accounts kept train by train equal accounts read from the whole history (a small window sliding)', () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 3, max: 30 }),
          trains: fc.integer({ min: 1, max: 40 }),
          window: fc.integer({ min: 1, max: 8 }),
          rate: fc.constantFrom(0, 0.3, 1),
          seed: fc.nat(1_000_000),
        }),
        ({ n, trains, window, rate, seed }) => {
          const policy: RolloutPolicy = { ...DEFAULT_POLICY, historyWindow: window };
          const sim = simulate({ deployments: n, trains, seed, regressionRate: rate, constraints: true }, policy);
          const history: PastPlan[] = sim.trains.map((t) => ({ waves: t.waves, regressions: t.regression }));
          const kept = emptyLedger(policy);
          for (const plan of history) advanceLedger(kept, plan);
          const keys = sim.fleet.map((d) => d.key);
          expect(buildAccounts(keys, history, policy, kept)).toEqual(buildAccounts(keys, history, policy));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('turnsFloor: the fewest turns within one of the lower median; nothing raised in a fleet within one', () => {
    expect(turnsFloor([])).toBe(0);
    expect(turnsFloor([3, 4, 4, 3])).toBe(3);
    expect(turnsFloor([0, 5, 5, 6, 5])).toBe(5);
    expect(turnsFloor([0, 1, 2, 3])).toBe(0);
    expect(turnsFloor([0, 0, 7])).toBe(0);
  });

  it('counts the recount right: a plain sequence that repeats and waits is caught', () => {
    const r = recountRotation([{ waves: [['a']] }, { waves: [['a']] }, { waves: [['b']] }], ['a', 'b', 'c']);
    expect(r).toEqual({ maxSpread: 2, spreadAt: 2, repeats: ['a@2'], longestWait: 3, m: 1 });
  });
});
