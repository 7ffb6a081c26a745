// Unit and property tests of the simulator (shared/simulate.ts) and, through it, of the
// fairness guarantees of the ordering engine (docs/fairness.md): without binding constraints
// the spread stays ≤ 1, nobody is first twice in a row while eligible deployments
// outnumber the first-wave slots m, and everyone is first within ⌈n/m⌉ + 1 trains.
// Where the engine does not reach those targets, the bound it does reach (measured over
// thousands of simulations) is asserted and named in the test, and the counterexamples to
// the design target are kept as `it.fails` with the bug named.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../shared/days';
import { fairness } from '../../shared/fairness';
import { DEFAULT_POLICY, type RolloutPolicy, lateOnlyReason } from '../../shared/ordering';
import {
  type SimulationRequest,
  type SimulationResult,
  seededRandom,
  simulate,
  simulationRequestSchema,
  syntheticFleet,
} from '../../shared/simulate';
import { expectedCapacities, waveRuleViolations } from '../helpers/ordering-arbitraries';

const req = (over: Partial<SimulationRequest> = {}): SimulationRequest => ({
  deployments: 12,
  trains: 10,
  seed: 1,
  regressionRate: 0,
  constraints: false,
  ...over,
});
function pairingGroupSizes(fleet: readonly { pairingGroup: string | null }[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const d of fleet) if (d.pairingGroup) sizes.set(d.pairingGroup, (sizes.get(d.pairingGroup) ?? 0) + 1);
  return sizes;
}
const withWindow = (historyWindow: number): RolloutPolicy => ({ ...DEFAULT_POLICY, historyWindow });
/** First-wave slots of the default policy (growing 2, 4, 8, …). */
const M = expectedCapacities(DEFAULT_POLICY, 4)[0]!;

/** Every hard constraint the simulated waves break (the simulator's trains release on days 16, 17, 21, 23). */
function simulatedViolations(r: SimulationResult): string[] {
  const out: string[] = [];
  const customers = r.fleet.filter((d) => !d.internal).map((d) => d.key);
  r.trains.forEach((t, i) => {
    const start = addDays('2027-01-04', 14 * i);
    const days = [16, 17, 21, 23].map((o) => addDays(start, o));
    if (t.waves.length !== days.length) out.push(`train ${t.train}: ${t.waves.length} waves`);
    const placed = t.waves.flat();
    if ([...placed].sort().join() !== [...customers].sort().join())
      out.push(`train ${t.train}: not every customer exactly once`);
    const waves = t.waves.map((keys, w) => ({ index: w + 1, date: days[w]!, keys }));
    out.push(...waveRuleViolations(r.fleet, r.policy, waves).map((v) => `train ${t.train}: ${v}`));
  });
  return out;
}

interface Measured {
  /** Largest metrics.firstWaveSpread after any train. */
  spread: number;
  /** Times an eligible deployment was in the first wave of two consecutive trains. */
  repeats: number;
  /** Longest run of consecutive trains an eligible deployment was not first (from train 1 on). */
  gap: number;
  /** Longest run of consecutive trains an eligible deployment was first. */
  streak: number;
  /** Eligible deployments never first in the whole simulation. */
  neverFirst: string[];
  /** ⌈n/m⌉ for n eligible deployments. */
  rounds: number;
}

function measure(r: SimulationResult): Measured {
  const eligible = new Set(r.eligible);
  const since = new Map(r.eligible.map((k) => [k, 0]));
  const run = new Map(r.eligible.map((k) => [k, 0]));
  const everFirst = new Set<string>();
  let prev = new Set<string>();
  const out = { spread: 0, repeats: 0, gap: 0, streak: 0 };
  for (const t of r.trains) {
    out.spread = Math.max(out.spread, t.metrics.firstWaveSpread);
    const first = new Set(t.waves[0]);
    for (const k of first) if (eligible.has(k) && prev.has(k)) out.repeats++;
    prev = first;
    for (const k of r.eligible) {
      const isFirst = first.has(k);
      if (isFirst) everFirst.add(k);
      since.set(k, isFirst ? 0 : since.get(k)! + 1);
      run.set(k, isFirst ? run.get(k)! + 1 : 0);
      out.gap = Math.max(out.gap, since.get(k)!);
      out.streak = Math.max(out.streak, run.get(k)!);
    }
  }
  return {
    ...out,
    neverFirst: r.eligible.filter((k) => !everFirst.has(k)),
    rounds: Math.ceil(r.eligible.length / M),
  };
}

/** The design targets of docs/fairness.md (K ≥ ⌈n/m⌉ + 1, no binding constraints). */
function expectDesignGuarantees(r: SimulationResult): void {
  const g = measure(r);
  r.trains.forEach((t) => expect(t.metrics.firstWaveSpread, `spread after train ${t.train}`).toBeLessThanOrEqual(1));
  if (r.eligible.length > M) expect(g.repeats, 'first twice in a row').toBe(0);
  // Reached within ⌈n/m⌉ + 1 trains ⇔ never ⌈n/m⌉ + 1 trains in a row without a first-wave slot.
  expect(g.gap, 'trains without a first-wave slot').toBeLessThanOrEqual(g.rounds);
}

describe('seededRandom', () => {
  it('is reproducible from its seed and stays in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = Array.from({ length: 500 }, seededRandom(seed));
        expect(Array.from({ length: 500 }, seededRandom(seed))).toEqual(a);
        expect(a.filter((x) => !(x >= 0 && x < 1))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('gives different streams for different seeds, spread over [0, 1)', () => {
    const draw = (seed: number, n: number) => Array.from({ length: n }, seededRandom(seed));
    expect(draw(1, 20)).not.toEqual(draw(2, 20));
    expect(draw(0, 20)).not.toEqual(draw(1, 20));
    const xs = draw(7, 20_000);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const buckets = Array.from({ length: 10 }, (_, b) => xs.filter((x) => Math.floor(x * 10) === b).length);
    for (const count of buckets) expect(Math.abs(count - 2_000)).toBeLessThan(200);
    // Pinned first value, so that a saved simulation stays reproducible across versions.
    expect(seededRandom(1)()).toBeCloseTo(0.6270739405881613, 15);
  });
});

describe('simulationRequestSchema', () => {
  it('fills defaults and refuses out-of-range requests with a message that says why', () => {
    expect(simulationRequestSchema.parse({ deployments: 5, trains: 3, seed: 0 })).toEqual({
      deployments: 5,
      trains: 3,
      seed: 0,
      regressionRate: 0,
      constraints: false,
    });
    const message = (x: unknown) => {
      const r = simulationRequestSchema.safeParse(x);
      return r.success ? null : r.error.issues[0]!.message;
    };
    expect(message({ deployments: 1, trains: 3, seed: 0 })).toBe('Simulate at least two deployments.');
    expect(message({ deployments: 5, trains: 0, seed: 0 })).toBe('Simulate at least one train.');
    expect(message({ deployments: 5, trains: 3, seed: 0, regressionRate: 1.5 })).toBe(
      'The regression rate is a probability from 0 to 1.',
    );
    expect(message({ deployments: 5, trains: 3, seed: 0, extra: true })).not.toBeNull();
  });
});

describe('syntheticFleet', () => {
  it('has n deployments with unique keys, exactly one internal, spread over six regions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), fc.boolean(), (n, seed, constraints) => {
        const fleet = syntheticFleet(n, seed, constraints);
        expect(fleet).toHaveLength(n);
        expect(new Set(fleet.map((d) => d.key)).size).toBe(n);
        expect(fleet.filter((d) => d.internal).map((d) => d.key)).toEqual(['internal']);
        expect(new Set(fleet.map((d) => d.region)).size).toBe(Math.min(n, 6));
        for (const d of fleet) expect(Number.isInteger(d.weight) && d.weight >= 1_000 && d.weight <= 50_000).toBe(true);
        expect(syntheticFleet(n, seed, constraints)).toEqual(fleet);
      }),
      { numRuns: 100 },
    );
  });

  it('has no binding constraints unless asked, and then pairs, pinned-late and government deployments', () => {
    const plain = syntheticFleet(60, 3, false);
    expect(plain.some((d) => d.pairingGroup || d.pinPolicy === 'late' || d.tier === 'government')).toBe(false);
    const bound = syntheticFleet(60, 3, true);
    expect(bound.filter((d) => d.pinPolicy === 'late').map((d) => d.key)).toHaveLength(3); // 17, 34, 51
    expect(bound.filter((d) => d.tier === 'government')).toHaveLength(4); // 13, 26, 39, 52
    const groups = pairingGroupSizes(bound);
    expect(groups.get('pair-1')).toBe(2); // 10, 11
    expect(groups.get('pair-5')).toBe(2); // 50, 51
    expect(bound.find((d) => d.internal)!.pairingGroup).toBeNull();
    // The seed changes the weights, not the keys.
    expect(syntheticFleet(60, 4, true).map((d) => d.key)).toEqual(bound.map((d) => d.key));
    expect(syntheticFleet(60, 4, true).map((d) => d.weight)).not.toEqual(bound.map((d) => d.weight));
  });

  // Was a bug (synthetic data): syntheticFleet's `i > 0 && i % 10 < 2` made
  // "pair-0" a group of one (index 1 only; index 0 is the internal deployment), so the
  // simulated fleet has one pairing group that constrains nothing. Fix: `i >= 10 && i % 10 < 2`
  // (or pair indexes 1–2, 11–12, …). Fixed with `i >= 10`.
  it('pairs every pairing group of the synthetic fleet (two members each)', () => {
    expect([...pairingGroupSizes(syntheticFleet(60, 3, true)).values()].every((size) => size === 2)).toBe(true);
  });
});

describe('simulate', () => {
  it('plans every train, and every plan keeps every hard constraint (with and without constraints)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 80 }),
        fc.integer({ min: 1, max: 30 }),
        fc.nat(),
        fc.constantFrom(0, 0.2, 1),
        fc.boolean(),
        (deployments, trains, seed, regressionRate, constraints) => {
          const r = simulate({ deployments, trains, seed, regressionRate, constraints }, DEFAULT_POLICY);
          expect(r.trains.map((t) => t.train)).toEqual(Array.from({ length: trains }, (_, i) => i + 1));
          expect(simulatedViolations(r)).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reports each train as it is done, and the reports do not change the result', () => {
    const reports: number[] = [];
    const withReports = simulate(req({ deployments: 20, trains: 7 }), DEFAULT_POLICY, undefined, (done) =>
      reports.push(done),
    );
    expect(reports).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(withReports).toEqual(simulate(req({ deployments: 20, trains: 7 }), DEFAULT_POLICY));
  });

  it('lists as eligible exactly the customer deployments that may go early', () => {
    const r = simulate(req({ deployments: 60, constraints: true, trains: 1 }), DEFAULT_POLICY);
    const expected = r.fleet.filter((d) => !d.internal && lateOnlyReason(d, DEFAULT_POLICY) === null).map((d) => d.key);
    expect(r.eligible).toEqual(expected);
    expect(r.eligible).toHaveLength(59 - 3 - 4);
    expect(r.eligible).not.toContain('internal');
  });

  it('lets each regression reach a prefix of the waves: wave 1 up to a random wave', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 40 }), fc.nat(), (deployments, seed) => {
        const r = simulate(req({ deployments, seed, trains: 40, regressionRate: 0.5 }), DEFAULT_POLICY);
        for (const t of r.trains) {
          if (t.regression.length === 0) continue;
          const prefixes = t.waves.map((_, w) => t.waves.slice(0, w + 1).flat());
          expect(prefixes.some((p) => p.join() === t.regression.join())).toBe(true);
        }
        expect(r.trains.some((t) => t.regression.length > 0)).toBe(true);
        expect(r.trains.some((t) => t.regression.length === 0)).toBe(true);
      }),
      { numRuns: 40 },
    );
    expect(simulate(req({ regressionRate: 0 }), DEFAULT_POLICY).trains.every((t) => t.regression.length === 0)).toBe(
      true,
    );
    expect(simulate(req({ regressionRate: 1 }), DEFAULT_POLICY).trains.every((t) => t.regression.length > 0)).toBe(
      true,
    );
  });

  it('returns plain JSON from which anyone can recompute every metric', () => {
    const policy = withWindow(8);
    const r = simulate(req({ deployments: 25, trains: 20, regressionRate: 0.4, constraints: true }), policy);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    r.trains.forEach((t, i) => {
      const window = r.trains.slice(Math.max(0, i + 1 - policy.historyWindow), i + 1);
      const history = window.map((x) => ({ waves: x.waves, regressions: x.regression }));
      expect(t.metrics).toEqual(fairness(history, r.eligible));
      // And without the library: the spread is max − min of first-wave counts in the window.
      const counts = r.eligible.map((k) => window.filter((x) => x.waves[0]!.includes(k)).length);
      expect(t.metrics.firstWaveSpread).toBe(Math.max(...counts) - Math.min(...counts));
      expect(t.metrics.trains).toBe(window.length);
    });
  });

  it('is deterministic, and the policy seed changes the tie-break order of a fresh fleet', () => {
    const a = simulate(req({ deployments: 30, trains: 12, regressionRate: 0.3, constraints: true }), DEFAULT_POLICY);
    const b = simulate(req({ deployments: 30, trains: 12, regressionRate: 0.3, constraints: true }), DEFAULT_POLICY);
    expect(b).toEqual(a);
    const other = simulate(req({ deployments: 30, trains: 12 }), { ...DEFAULT_POLICY, seed: 2 });
    expect(other.trains[0]!.waves).not.toEqual(
      simulate(req({ deployments: 30, trains: 12 }), DEFAULT_POLICY).trains[0]!.waves,
    );
    // A fleet of its own is used as given.
    const fleet = syntheticFleet(9, 99, false);
    expect(simulate(req({ deployments: 9 }), DEFAULT_POLICY, fleet).fleet).toBe(fleet);
  });
});

describe('guarantees without binding constraints (docs/fairness.md)', () => {
  it('the done-when run: 40 deployments, 52 trains, seed 7 — 52 plans, all hard constraints, all guarantees after every train', () => {
    const r = simulate({ deployments: 40, trains: 52, seed: 7, regressionRate: 0, constraints: false }, DEFAULT_POLICY);
    expect(r.trains).toHaveLength(52);
    expect(simulatedViolations(r)).toEqual([]);
    expect(r.eligible).toHaveLength(39);
    expectDesignGuarantees(r); // ⌈39/2⌉ + 1 = 21 ≤ K = 26
    expect(measure(r)).toMatchObject({ spread: 1, repeats: 0, gap: 19, neverFirst: [] });
  });

  const evenFleet = fc
    .record({
      half: fc.integer({ min: 1, max: 39 }),
      seed: fc.nat(),
      regressionRate: fc.constantFrom(0, 0, 0.1, 0.3, 0.6, 1),
      trains: fc.integer({ min: 1, max: 60 }),
      extra: fc.integer({ min: 1, max: 30 }),
    })
    .map(({ half, extra, ...rest }) => {
      const deployments = 2 * half + 1; // n = deployments − 1 eligible: even
      return { request: { ...rest, deployments, constraints: false }, K: half + extra };
    });

  it('with an even number of eligible deployments and K ≥ ⌈n/m⌉ + 1: spread ≤ 1, no repeat, first within ⌈n/m⌉ trains', () => {
    fc.assert(
      fc.property(evenFleet, ({ request, K }) => {
        const r = simulate(request, withWindow(K));
        expectDesignGuarantees(r);
        // Measured: a perfect rotation, so even better than the target: first within ⌈n/m⌉ trains.
        expect(measure(r).gap).toBeLessThanOrEqual(Math.max(0, measure(r).rounds - 1));
      }),
      { numRuns: 40 },
    );
  });

  // Was a bug, fixed (fairness window off by one): planRollout built the accounts from
  // the last K trains (buildAccounts: `history.slice(-policy.historyWindow)`), but the metric
  // and the guarantee after train t look at trains t−K+1…t, so the oldest train the plan
  // counts drops out of the window the moment the plan is made. With an odd number of
  // eligible deployments (n = 5, m = 2) the rotation is not periodic and a deployment whose
  // only early slot is about to leave the window looks "served": after train 36 of this
  // default-policy run (K = 26 ≥ ⌈5/2⌉ + 1) one deployment has 2 more first-wave slots in the
  // window than another. Suggested fix: plan train t from the last K − 1 trains (the window the
  // metric will see after t); with that change spread ≤ 1 held in every one of ~15,000
  // simulations I ran (n 3–80, K 1–70, regressions 0–1, with and without constraints); a rare
  // repeat or one extra train of waiting remained with regressions (exposure breaks the ties).
  // Fixed: buildAccounts now reads the last K − 1 earlier trains; these runs now pass.
  it('spread ≤ 1 after every train with an odd number of eligible deployments (n = 6, default policy)', () => {
    const r = simulate(req({ deployments: 6, trains: 60, seed: 1 }), DEFAULT_POLICY);
    expectDesignGuarantees(r);
  });

  // Same (fixed) bug, the wait: 7 eligible, K = 44; a deployment waits 5 trains in a row, so it is
  // first only after 6 > ⌈7/2⌉ + 1 = 5 trains.
  it('first within ⌈n/m⌉ + 1 trains with an odd number of eligible deployments (n = 8, K = 44)', () => {
    const r = simulate(req({ deployments: 8, trains: 60, seed: 62710 }), withWindow(44));
    expect(measure(r).gap).toBeLessThanOrEqual(measure(r).rounds);
  });

  // Same (fixed) bug, with regressions: exposure reorders equal accounts and a deployment is first
  // twice in a row though 5 eligible outnumber the 2 slots.
  it('nobody first twice in a row (n = 6, K = 26, regression every train)', () => {
    const r = simulate(req({ deployments: 6, trains: 60, seed: 40719, regressionRate: 1 }), DEFAULT_POLICY);
    expect(measure(r).repeats).toBe(0);
  });

  it('the bound reached with an odd number of eligible deployments and K ≥ ⌈n/m⌉ + 1: spread ≤ 2, first within ⌈n/m⌉ + 2 trains, never first 3 times in a row', () => {
    const oddFleet = fc
      .record({
        half: fc.integer({ min: 2, max: 39 }), // ≥ 5 eligible: n ≥ 2m
        seed: fc.nat(),
        regressionRate: fc.constantFrom(0, 0, 0.1, 0.3, 0.6, 1),
        trains: fc.integer({ min: 1, max: 60 }),
        extra: fc.integer({ min: 1, max: 30 }),
      })
      .map(({ half, extra, ...rest }) => ({
        request: { ...rest, deployments: 2 * half + 2, constraints: false }, // 2·half + 1 eligible: odd
        K: half + 1 + extra,
      }));
    fc.assert(
      fc.property(oddFleet, ({ request, K }) => {
        const g = measure(simulate(request, withWindow(K)));
        expect(g.spread).toBeLessThanOrEqual(2);
        expect(g.gap).toBeLessThanOrEqual(g.rounds + 1);
        expect(g.streak).toBeLessThanOrEqual(2);
      }),
      { numRuns: 40 },
    );
  });

  it('with m < n < 2m eligible deployments (3 eligible, 2 slots) a repeat is unavoidable, and everyone is first every other train', () => {
    // Pigeonhole: two of three each train, so consecutive first waves share at least one. The
    // DESIGN target "no deployment first twice in a row while n > m" can only hold for n ≥ 2m.
    const r = simulate(req({ deployments: 4, trains: 30 }), DEFAULT_POLICY);
    r.trains.slice(1).forEach((t, i) => {
      expect(t.waves[0]!.filter((k) => r.trains[i]!.waves[0]!.includes(k)).length).toBeGreaterThanOrEqual(1);
    });
    expect(measure(r).gap).toBeLessThanOrEqual(measure(r).rounds);
  });

  // Was the same window bug (fixed): with 3 eligible and 2 slots the best rotation shares exactly one
  // deployment between consecutive first waves (each sits out every third train). With the
  // default K = 26 the engine gives the same two the first wave twice in a row (train 3 and 4
  // of this run), and over K 3–40 one deployment is first up to 7 trains in a row.
  it('with 3 eligible and 2 slots consecutive first waves share exactly one deployment', () => {
    const r = simulate(req({ deployments: 4, trains: 30 }), DEFAULT_POLICY);
    r.trains.slice(1).forEach((t, i) => {
      expect(t.waves[0]!.filter((k) => r.trains[i]!.waves[0]!.includes(k))).toHaveLength(1);
    });
  });
});

describe('guarantees with a window K smaller than ⌈n/m⌉ (n eligible, m first-wave slots)', () => {
  const small = (offset: number) =>
    fc
      .record({
        half: fc.integer({ min: 2, max: 39 }),
        odd: fc.boolean(),
        seed: fc.nat(),
        regressionRate: fc.constantFrom(0, 0.3, 1),
        constraints: fc.boolean(),
      })
      .map(({ half, odd, ...rest }) => ({ ...rest, deployments: 2 * half + (odd ? 2 : 1), trains: 60 }))
      .map((request) => {
        const eligible = simulate({ ...request, trains: 1 }, DEFAULT_POLICY).eligible.length;
        return { request, rounds: Math.ceil(eligible / M), K: Math.max(1, Math.ceil(eligible / M) - offset) };
      });

  // A plan reads K − 1 earlier trains, so K = ⌈n/m⌉ plans from ⌈n/m⌉ − 1 trains: enough to
  // remember everyone's last early slot but the ones being served this round. K = ⌈n/m⌉ − 1 no
  // longer is (before the window fix it read K trains): K = 1 reads no history at all, so the
  // seeded tie-break gives the same deployments the first wave every train (n = 4 eligible, m = 2).
  it('K = ⌈n/m⌉ still keeps every guarantee: spread ≤ 1, no repeat, first within ⌈n/m⌉ trains', () => {
    fc.assert(
      fc.property(small(0), ({ request, K }) => {
        const r = simulate(request, withWindow(K));
        const g = measure(r);
        expect(g.spread).toBeLessThanOrEqual(1);
        if (r.eligible.length >= 2 * M) expect(g.repeats).toBe(0);
        expect(g.gap).toBeLessThanOrEqual(Math.max(0, g.rounds - 1));
      }),
      { numRuns: 40 },
    );
  });

  // Was a defect, fixed: the accounts forgot an early slot older than the window, so with
  // K ≤ ⌈n/m⌉ − 2 those first long ago and those never first looked alike and the seeded hash
  // favoured the same ones every time (at 80 deployments the default K = 26 left some never
  // first in 60 trains). buildAccounts now keeps each deployment's last early train from the
  // whole history, so the round goes on whatever the window.
  it('K = 1 (no early slots in the window) still rotates: everyone first within ⌈n/m⌉ trains, nobody twice in a row', () => {
    const r = simulate(req({ deployments: 5, trains: 60, seed: 0 }), withWindow(1));
    const g = measure(r);
    expect(g.repeats).toBe(0);
    expect(g.neverFirst).toEqual([]);
    expect(g.gap).toBeLessThanOrEqual(g.rounds - 1);
  });

  it('K ≤ ⌈n/m⌉ − 2 keeps every guarantee: spread ≤ 1, no repeat, first within ⌈n/m⌉ + 1 trains', () => {
    fc.assert(
      fc.property(fc.constantFrom(2, 3, 5).chain(small), ({ request, K }) => {
        const r = simulate(request, withWindow(K));
        const g = measure(r);
        expect(g.spread).toBeLessThanOrEqual(1);
        if (r.eligible.length >= 2 * M && !request.constraints) expect(g.repeats).toBe(0);
        expect(g.gap).toBeLessThanOrEqual(g.rounds + (request.constraints ? 2 : 0));
      }),
      { numRuns: 30 },
    );
    for (const [deployments, K] of [
      [21, 5],
      [41, 10],
      [80, 26],
    ] as const) {
      const g = measure(simulate(req({ deployments, trains: 60 }), withWindow(K)));
      expect(g.neverFirst, `${deployments} deployments, K = ${K}`).toEqual([]);
      expect(g.gap).toBeLessThanOrEqual(g.rounds);
    }
  });

  it('the default K = 26 serves fleets far beyond ⌈n/m⌉ + 1 = 26: 200 deployments, everyone first within ⌈n/m⌉ + 1 trains', () => {
    expect(Math.ceil(199 / M) + 1).toBeGreaterThan(DEFAULT_POLICY.historyWindow);
    const r = simulate(req({ deployments: 200, trains: 120 }), DEFAULT_POLICY);
    const g = measure(r);
    expect(g.neverFirst).toEqual([]);
    expect(g.repeats).toBe(0);
    expect(g.gap).toBeLessThanOrEqual(g.rounds);
    r.trains.forEach((t) => expect(t.metrics.firstWaveSpread).toBeLessThanOrEqual(1));
  });
});

describe('guarantees with binding constraints (syntheticFleet(n, seed, true))', () => {
  // Pairs (never one wave), pinned-late and government deployments. Re-measured with fair-3 (its
  // early turns count over the whole history) over 1,500 simulations (n 3–80, K ⌈n/m⌉ + 1 … + 40,
  // regressions 0–1): spread ≤ 2 over the eligible deployments (a pair cannot both go early),
  // every eligible deployment first within ⌈n_eligible/m⌉ trains of its last turn, and never
  // first twice in a row (with n ≥ 2m), with regressions or without. Before fair-3 the bounds
  // were ⌈n/m⌉ + 2 trains and three times in a row.
  const constrained = fc
    .record({
      deployments: fc.integer({ min: 3, max: 80 }),
      seed: fc.nat(),
      regressionRate: fc.constantFrom(0, 0, 0.1, 0.3, 1),
      trains: fc.integer({ min: 1, max: 60 }),
      extra: fc.integer({ min: 1, max: 40 }),
    })
    .map(({ extra, ...rest }) => {
      const request = { ...rest, constraints: true };
      const eligible = simulate({ ...request, trains: 1 }, DEFAULT_POLICY).eligible.length;
      return { request, eligible, K: Math.ceil(eligible / M) + extra };
    });

  it('the bound reached: spread ≤ 2, first within ⌈n/m⌉ trains, never first twice in a row; all hard constraints', () => {
    // The case that once waited ⌈n/m⌉ + 2 trains (12 deployments, a regression every train, K = 44).
    const once = measure(
      simulate(req({ deployments: 12, trains: 60, seed: 59799, regressionRate: 1, constraints: true }), withWindow(44)),
    );
    expect(once.gap).toBeLessThan(once.rounds);
    fc.assert(
      fc.property(constrained, ({ request, K }) => {
        const r = simulate(request, withWindow(K));
        expect(simulatedViolations(r)).toEqual([]);
        const g = measure(r);
        expect(g.spread).toBeLessThanOrEqual(2);
        expect(g.gap).toBeLessThanOrEqual(g.rounds);
        expect(g.streak).toBeLessThanOrEqual(r.eligible.length >= 2 * M ? 1 : r.trains.length);
      }),
      { numRuns: 40 },
    );
  });

  it('with an even number of eligible deployments and no regressions the design targets hold', () => {
    fc.assert(
      fc.property(
        constrained.filter(({ eligible }) => eligible % 2 === 0),
        ({ request, K }) => {
          expectDesignGuarantees(simulate({ ...request, regressionRate: 0 }, withWindow(K)));
        },
      ),
      { numRuns: 30 },
    );
  });
});
