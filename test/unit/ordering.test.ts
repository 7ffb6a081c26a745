// Unit tests of the fair ordering engine (shared/ordering.ts, docs/fairness.md): the
// policy schema, accounts, tie-break, wave capacities and days, late-only reasons,
// every refusal, and a small golden fleet whose first three plans are worked out by
// hand below. Known engine bugs are kept as `it.fails` with the bug named.
import { describe, expect, it } from 'vitest';
import { type Day, daysBetween } from '../../shared/days';
import {
  DEFAULT_POLICY,
  ENGINE_VERSION,
  type OrderingDeployment,
  type PastPlan,
  type PlanInput,
  PlanRefused,
  type RolloutPlan,
  type RolloutPolicy,
  buildAccounts,
  lateOnlyReason,
  planRollout,
  rolloutPolicySchema,
  tieBreak,
  waveCapacities,
  waveDays,
} from '../../shared/ordering';
import { orderingDeployment as dep } from '../helpers/deployments';
import { hardConstraintViolations } from '../helpers/ordering-arbitraries';

const HOME = dep('home', { internal: true });
/** Wed 3, Thu 4, Mon 8, Wed 10 March 2027: four waves with a bake time of one day. */
const DAYS: Day[] = ['2027-03-03', '2027-03-04', '2027-03-08', '2027-03-10'];

function plan(over: Partial<PlanInput> & { fleet: OrderingDeployment[] }): RolloutPlan {
  return planRollout({
    policy: DEFAULT_POLICY,
    internalDay: '2027-03-01',
    releaseDays: DAYS,
    history: [],
    daysBetween,
    ...over,
  });
}

function refusal(over: Partial<PlanInput> & { fleet: OrderingDeployment[] }): string {
  try {
    plan(over);
  } catch (e) {
    expect(e).toBeInstanceOf(PlanRefused);
    expect((e as PlanRefused).name).toBe('PlanRefused');
    return (e as PlanRefused).message;
  }
  throw new Error('expected a refusal, got a plan');
}

const keysOf = (p: RolloutPlan) => p.waves.map((w) => w.keys);
const reasonOf = (p: RolloutPlan, key: string) => p.placements.find((x) => x.key === key)?.reason;

describe('rolloutPolicySchema and DEFAULT_POLICY', () => {
  it('fills every default, and the defaults are DEFAULT_POLICY', () => {
    expect(rolloutPolicySchema.parse({ waveSizes: { kind: 'growing', first: 2, factor: 2 } })).toEqual(DEFAULT_POLICY);
    expect(rolloutPolicySchema.parse(DEFAULT_POLICY)).toEqual(DEFAULT_POLICY);
  });

  it('refuses shrinking, empty and unknown settings with a message that says why', () => {
    const bad = (p: unknown) => {
      const r = rolloutPolicySchema.safeParse(p);
      return r.success ? null : r.error.issues.map((i) => i.message).join(' | ');
    };
    expect(bad({ waveSizes: { kind: 'growing', first: 2, factor: 0.5 } })).toContain('cannot shrink');
    expect(bad({ waveSizes: { kind: 'growing', first: 0, factor: 2 } })).toContain('at least one deployment');
    expect(bad({ waveSizes: { kind: 'fixed', perWave: 0 } })).toContain('at least one deployment');
    expect(bad({ waveSizes: { kind: 'fixed', perWave: 3 }, earlyWaves: 0 })).not.toBeNull();
    expect(bad({ waveSizes: { kind: 'fixed', perWave: 3 }, historyWindow: 0 })).not.toBeNull();
    expect(bad({ waveSizes: { kind: 'fixed', perWave: 3 }, lateTiers: ['secret'] })).not.toBeNull();
    expect(bad({ waveSizes: { kind: 'fixed', perWave: 3 }, colour: 'red' })).not.toBeNull();
    expect(bad({ waveSizes: { kind: 'fixed', perWave: 3, first: 2 } })).not.toBeNull();
    expect(bad({ waveSizes: { kind: 'fixed', perWave: 3 }, bakeDays: 2, seed: 9 })).toBeNull();
  });
});

describe('tieBreak', () => {
  it('is a stable unsigned 32-bit hash of (seed, key): pinned values, so a change must bump ENGINE_VERSION', () => {
    expect(ENGINE_VERSION).toBe('fair-4');
    expect(tieBreak(1, 'gov-1')).toBe(411801667);
    expect(tieBreak(1, 'std-1')).toBe(468126939);
    expect(tieBreak(1, 'pair-b')).toBe(1367102074);
    expect(tieBreak(1, 'std-2')).toBe(3298883782);
  });

  it('depends on both the seed and the key, and always returns a uint32', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `cell-${i}`);
    for (const seed of [0, 1, 2, 7, 2 ** 31 - 1]) {
      const values = keys.map((k) => tieBreak(seed, k));
      for (const v of values) expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
      expect(new Set(values).size).toBe(keys.length);
      expect(values).toEqual(keys.map((k) => tieBreak(seed, k)));
    }
    expect(keys.map((k) => tieBreak(1, k))).not.toEqual(keys.map((k) => tieBreak(2, k)));
    expect(tieBreak(1, '')).toBe(tieBreak(1, ''));
  });

  it('orders keys whose hashes collide by the key itself', () => {
    // Pairs found by searching: equal 32-bit hashes under seed 1.
    expect(tieBreak(1, 'd-18688')).toBe(tieBreak(1, 'd-300426'));
    expect(tieBreak(1, 'd-18689')).toBe(tieBreak(1, 'd-300427'));
    const keys = ['d-300427', 'd-300426', 'd-18689', 'd-18688', 'd-1'];
    const expected = [...keys].sort((a, b) => tieBreak(1, a) - tieBreak(1, b) || (a < b ? -1 : 1));
    // No history: the whole order is the later waves' order; one deployment a wave.
    const p = plan({
      fleet: [HOME, ...keys.map((k) => dep(k))],
      policy: { ...DEFAULT_POLICY, bakeDays: 0, waveSizes: { kind: 'fixed', perWave: 1 } },
      releaseDays: ['2027-03-02', '2027-03-03', '2027-03-04', '2027-03-05', '2027-03-08'],
    });
    expect(p.waves.slice(1).map((w) => w.keys[0])).toEqual(expected);
    expect(expected.indexOf('d-18688')).toBe(expected.indexOf('d-300426') - 1);
  });
});

describe('waveCapacities', () => {
  const growing = (first: number, factor: number): RolloutPolicy => ({
    ...DEFAULT_POLICY,
    waveSizes: { kind: 'growing', first, factor },
  });
  it('grows first·factorʷ, rounded, with an unbounded last wave', () => {
    expect(waveCapacities(DEFAULT_POLICY, 4)).toEqual([2, 4, 8, Infinity]);
    expect(waveCapacities(growing(3, 1.5), 4)).toEqual([3, 5, 7, Infinity]);
    expect(waveCapacities(growing(5, 1), 3)).toEqual([5, 5, Infinity]);
    expect(waveCapacities(growing(2, 2), 1)).toEqual([Infinity]);
    expect(waveCapacities(growing(2, 2), 0)).toEqual([]);
  });
  it('caps every wave, the last too, with fixed sizes', () => {
    const fixed: RolloutPolicy = { ...DEFAULT_POLICY, waveSizes: { kind: 'fixed', perWave: 5 } };
    expect(waveCapacities(fixed, 3)).toEqual([5, 5, 5]);
    expect(waveCapacities(fixed, 1)).toEqual([5]);
  });
});

describe('waveDays', () => {
  const days = ['2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04', '2027-03-07'];
  it('keeps every day with no bake time (a repeated day too) and every distinct day with one', () => {
    expect(waveDays(days, 0, daysBetween)).toEqual(days);
    expect(waveDays(['2027-03-01', '2027-03-01'], 0, daysBetween)).toEqual(['2027-03-01', '2027-03-01']);
    expect(waveDays(['2027-03-01', '2027-03-01', '2027-03-02'], 1, daysBetween)).toEqual(['2027-03-01', '2027-03-02']);
    expect(waveDays(days, 1, daysBetween)).toEqual(days);
  });
  it('drops a day closer than the bake time to the previous kept wave (not to the previous day)', () => {
    // 1 kept; 2 is 1 day after 1 → dropped; 3 is 2 after 1 → kept; 4 is 1 after 3 → dropped; 7 kept.
    expect(waveDays(days, 2, daysBetween)).toEqual(['2027-03-01', '2027-03-03', '2027-03-07']);
    expect(waveDays(days, 3, daysBetween)).toEqual(['2027-03-01', '2027-03-04', '2027-03-07']);
    expect(waveDays(days, 14, daysBetween)).toEqual(['2027-03-01']);
    expect(waveDays([], 1, daysBetween)).toEqual([]);
  });
});

describe('lateOnlyReason', () => {
  const limited: RolloutPolicy = { ...DEFAULT_POLICY, firstWaveWeightLimit: 50_000 };
  it('names the reason, pinned first, then the tier, then the weight', () => {
    expect(lateOnlyReason(dep('a', { pinPolicy: 'late', tier: 'government', weight: 90_000 }), limited)).toBe(
      'pinned late: only ever in the last wave',
    );
    expect(lateOnlyReason(dep('a', { tier: 'government', weight: 90_000 }), limited)).toBe(
      'not eligible for early waves: government tier',
    );
    expect(lateOnlyReason(dep('a', { weight: 1_234_567 }), limited)).toBe(
      'not eligible for early waves: weight 1,234,567 is over the limit of 50,000',
    );
  });
  it('is null for an eligible deployment: at the limit, with no limit, or a tier that is not late', () => {
    expect(lateOnlyReason(dep('a', { weight: 50_000 }), limited)).toBeNull();
    expect(lateOnlyReason(dep('a', { weight: 10 ** 9 }), DEFAULT_POLICY)).toBeNull();
    expect(lateOnlyReason(dep('a', { tier: 'enterprise' }), DEFAULT_POLICY)).toBeNull();
    expect(lateOnlyReason(dep('a', { tier: 'government' }), { ...DEFAULT_POLICY, lateTiers: [] })).toBeNull();
    expect(lateOnlyReason(dep('a', { tier: 'premium' }), { ...DEFAULT_POLICY, lateTiers: ['premium'] })).toBe(
      'not eligible for early waves: premium tier',
    );
  });
});

describe('buildAccounts', () => {
  const past = (waves: string[][], regressions: string[] = []): PastPlan => ({ waves, regressions });

  it('weighs exposure by position (1 − (mean rank of the wave − 1)/(n − 1)) and counts early slots, trains and the last early train', () => {
    const a = buildAccounts(['a', 'b', 'c', 'd', 'e'], [past([['a'], ['b'], ['c'], ['d']])], DEFAULT_POLICY);
    expect(a.get('a')).toEqual({ earlySlots: 1, turns: 1, exposure: 1, trains: 1, lastEarlyAgo: 1, regressions: 0 });
    // Exposure is kept to 1e-9 (a train leaving the window leaves float dust): compared to 9 places.
    expect(a.get('b')!.exposure).toBeCloseTo(2 / 3, 9);
    expect(a.get('c')!.exposure).toBeCloseTo(1 / 3, 9);
    expect(a.get('d')).toEqual({ earlySlots: 0, turns: 0, exposure: 0, trains: 1, lastEarlyAgo: null, regressions: 0 });
    // Not in the plan: not counted at all (accounts count only trains where it was planned).
    expect(a.get('e')).toEqual({ earlySlots: 0, turns: 0, exposure: 0, trains: 0, lastEarlyAgo: null, regressions: 0 });
  });

  it('gives everyone in a single-wave plan the middle position and ignores keys it was not asked about', () => {
    const a = buildAccounts(['a'], [past([['a', 'ghost']], ['ghost'])], DEFAULT_POLICY);
    // The only wave is also the last, which is never early (min(earlyWaves, k − 1) = 0 early
    // waves): no early slot; its two members share the mean rank 1.5 of 2, position 0.5.
    expect(a.get('a')).toEqual({
      earlySlots: 0,
      turns: 0,
      exposure: 0.5,
      trains: 1,
      lastEarlyAgo: null,
      regressions: 0,
    });
    expect(a.has('ghost')).toBe(false);
  });

  it('adds the regression weight once per regression that reached it', () => {
    const history = [past([['a'], ['b']], ['a']), past([['b'], ['a']], ['a', 'b', 'a'])];
    const a = buildAccounts(['a', 'b'], history, { ...DEFAULT_POLICY, regressionWeight: 2.5 });
    expect(a.get('a')).toEqual({
      earlySlots: 1,
      turns: 1,
      exposure: 1 + 0 + 3 * 2.5,
      trains: 2,
      lastEarlyAgo: 2,
      regressions: 3,
    });
    expect(a.get('b')).toEqual({
      earlySlots: 1,
      turns: 1,
      exposure: 0 + 1 + 2.5,
      trains: 2,
      lastEarlyAgo: 1,
      regressions: 1,
    });
  });

  it('reads the whole history whatever historyWindow (only the report horizon)', () => {
    // Trains T1 (a early, b late, a regression reached b), T2 (a early), T3 (b early). With two
    // waves of one, the first weighs 1 and the last 0; the regression adds 3 to b.
    const history = [past([['a'], ['b']], ['b']), past([['a'], ['b']]), past([['b'], ['a']])];
    for (const historyWindow of [1, 2, 3, 26]) {
      const k = buildAccounts(['a', 'b'], history, { ...DEFAULT_POLICY, historyWindow });
      expect(k.get('a')).toEqual({ earlySlots: 2, turns: 2, exposure: 2, trains: 3, lastEarlyAgo: 2, regressions: 0 });
      expect(k.get('b')).toEqual({ earlySlots: 1, turns: 1, exposure: 4, trains: 3, lastEarlyAgo: 1, regressions: 1 });
    }
    expect(buildAccounts(['a'], [], DEFAULT_POLICY).get('a')!.trains).toBe(0);
  });

  it('lets one that joins, or comes back after trains without it, enter at the mean exposure of the train before', () => {
    // T1, T2 as above (a 2, b 3 + 0 = 3 after T2: a early twice, b late with a regression).
    const history = [past([['a'], ['b']], ['b']), past([['a'], ['b']])];
    // T3: c joins, first of three (weight 1); b second (0.5); a last (0). c enters at the mean of
    // T2's a (2) and b (3): 2.5, so 3.5 after T3.
    history.push(past([['c'], ['b'], ['a']]));
    let k = buildAccounts(['a', 'b', 'c'], history, DEFAULT_POLICY);
    expect(k.get('c')!.exposure).toBe(3.5);
    expect(k.get('b')!.exposure).toBe(3.5);
    expect(k.get('a')!.exposure).toBe(2);
    // T4 without a, T5 with it again: a (2) is below T4's mean, so it comes back at that mean.
    history.push(past([['b'], ['c']]), past([['a'], ['b'], ['c']]));
    k = buildAccounts(['a', 'b', 'c'], history, DEFAULT_POLICY);
    // After T4: b 4.5, c 3.5 (mean 4); T5: a 4 + 1, b 4.5 + 0.5, c 3.5 + 0.
    expect([k.get('a')!.exposure, k.get('b')!.exposure, k.get('c')!.exposure]).toEqual([5, 5, 3.5]);
    expect(k.get('a')!.trains).toBe(4); // T1, T2, T3 and T5
  });

  it('counts the first `earlyWaves` waves as early', () => {
    const a = buildAccounts(['a', 'b', 'c'], [past([['a'], ['b'], ['c']])], { ...DEFAULT_POLICY, earlyWaves: 2 });
    expect([a.get('a')!.earlySlots, a.get('b')!.earlySlots, a.get('c')!.earlySlots]).toEqual([1, 1, 0]);
  });
});

describe('planRollout refusals: one sentence that names the reason', () => {
  const a = dep('a');
  it('no internal deployment, or two', () => {
    expect(refusal({ fleet: [a, dep('b')] })).toBe(
      'The fleet has no internal deployment; mark one as internal: it receives every release first.',
    );
    expect(refusal({ fleet: [HOME, dep('home-2', { internal: true }), a] })).toBe(
      'The fleet has 2 internal deployments; exactly one may be internal.',
    );
  });

  it('no production release day', () => {
    expect(refusal({ fleet: [HOME, a], releaseDays: [] })).toBe(
      'The train has no production release day left; resolve its calendar conflict first.',
    );
  });

  it('too many deployments for fixed wave sizes', () => {
    const fleet = [HOME, ...Array.from({ length: 9 }, (_, i) => dep(`c${i}`))];
    const policy: RolloutPolicy = { ...DEFAULT_POLICY, waveSizes: { kind: 'fixed', perWave: 2 } };
    expect(refusal({ fleet, policy })).toBe(
      '9 customer deployments do not fit in 4 waves of at most 2, 2, 2, 2; raise the wave sizes or add release days.',
    );
    // Exactly full is fine.
    expect(plan({ fleet: fleet.slice(0, 9), policy }).waves.map((w) => w.keys.length)).toEqual([1, 2, 2, 2, 2]);
  });

  it('a pairing group larger than the number of waves', () => {
    const fleet = [HOME, dep('p1', { pairingGroup: 'trio' }), dep('p2', { pairingGroup: 'trio' })];
    expect(refusal({ fleet: [...fleet, dep('p3', { pairingGroup: 'trio' })], releaseDays: DAYS.slice(0, 2) })).toBe(
      'Pairing group trio has 3 members but the train has only 2 waves; split the group or add release days.',
    );
    // Two members and two waves: one in each.
    expect(plan({ fleet, releaseDays: DAYS.slice(0, 2) }).waves.map((w) => w.keys.length)).toEqual([1, 1, 1]);
  });

  it('pairing groups needing more room outside the last wave than the waves hold', () => {
    const pairs = ['x', 'y', 'z'].flatMap((g) => [
      dep(`${g}1`, { pairingGroup: g }),
      dep(`${g}2`, { pairingGroup: g }),
    ]);
    const policy: RolloutPolicy = { ...DEFAULT_POLICY, waveSizes: { kind: 'growing', first: 1, factor: 1 } };
    // Three pairs need 3 deployments outside the last wave; with 3 waves (1, 1, ∞) waves 1–2 hold 2.
    expect(refusal({ fleet: [HOME, ...pairs], policy, releaseDays: DAYS.slice(0, 3) })).toBe(
      'Pairing groups need 3 deployments outside the last wave, but waves 1–2 hold only 2; raise the wave sizes or add release days.',
    );
    expect(refusal({ fleet: [HOME, ...pairs.slice(0, 4)], policy, releaseDays: DAYS.slice(0, 2) })).toBe(
      'Pairing groups need 2 deployments outside the last wave, but wave 1 holds only 1; raise the wave sizes or add release days.',
    );
  });

  it('two pinned-late members of one pairing group', () => {
    const fleet = [
      HOME,
      dep('l1', { pinPolicy: 'late', pairingGroup: 'g' }),
      dep('l2', { pinPolicy: 'late', pairingGroup: 'g' }),
    ];
    expect(refusal({ fleet })).toBe(
      'l1 and l2 are pinned late and paired (g): they can never share the last wave; unpin one or take one out of the group.',
    );
  });

  it('a deployment that cannot be placed: pinned late but blocked on the last day, or full fixed waves', () => {
    expect(refusal({ fleet: [HOME, dep('late', { pinPolicy: 'late', blockedDays: [DAYS[3]!] })] })).toBe(
      'late cannot be placed: the last wave is full, blocked for it, or holds its pairing partner; relax the policy, unpin it, or change its pairing group.',
    );
    expect(refusal({ fleet: [HOME, dep('b', { blockedDays: DAYS })] })).toBe(
      'b cannot be placed: every wave it may join is full, blocked for it, or holds its pairing partner; relax the policy, unpin it, or change its pairing group.',
    );
    const policy: RolloutPolicy = { ...DEFAULT_POLICY, waveSizes: { kind: 'fixed', perWave: 1 } };
    const pinned = [dep('l1', { pinPolicy: 'late' }), dep('l2', { pinPolicy: 'late' })];
    expect(refusal({ fleet: [HOME, ...pinned], policy })).toMatch(/^l\d cannot be placed: the last wave is full/);
  });

  // Grammar (was a bug: "only 1 waves").
  it('says "1 wave", not "1 waves", for a single-wave train', () => {
    const fleet = [HOME, dep('p1', { pairingGroup: 'g' }), dep('p2', { pairingGroup: 'g' })];
    expect(refusal({ fleet, releaseDays: DAYS.slice(0, 1) })).toContain('the train has only 1 wave;');
  });
});

describe('planRollout placement rules', () => {
  it('puts the internal deployment alone in wave 0 on the internal day, and pinned-late ones in the last wave', () => {
    const p = plan({ fleet: [dep('a'), dep('z', { pinPolicy: 'late' }), HOME, dep('b')] });
    expect(p.waves[0]).toEqual({ index: 0, date: '2027-03-01', keys: ['home'] });
    expect(p.waves.map((w) => w.date)).toEqual(['2027-03-01', ...DAYS]);
    expect(p.waves[4]!.keys).toEqual(['z']);
    expect(p.engineVersion).toBe(ENGINE_VERSION);
    expect([...p.accounts.keys()].sort()).toEqual(['a', 'b', 'z']);
  });

  it('keeps a late-only deployment out of the early waves even when they have room', () => {
    const fleet = [HOME, dep('gov', { tier: 'government' }), dep('heavy', { weight: 9_000 })];
    const policy: RolloutPolicy = { ...DEFAULT_POLICY, firstWaveWeightLimit: 5_000, earlyWaves: 2 };
    expect(keysOf(plan({ fleet, policy }))).toEqual([['home'], [], [], ['gov', 'heavy'], []]);
  });

  it('moves a deployment past a wave on its blocked day and says so', () => {
    const p = plan({ fleet: [HOME, dep('a', { blockedDays: [DAYS[0]!, DAYS[1]!] })] });
    expect(keysOf(p)).toEqual([['home'], [], [], ['a'], []]);
    expect(reasonOf(p, 'a')).toBe('blocked on Wed 3 Mar, so a later wave');
  });

  it('separates a pair and names the partner and its wave', () => {
    const fleet = [HOME, dep('p', { pairingGroup: 'g' }), dep('q', { pairingGroup: 'g' })];
    // History gives p fewer early slots than q, so p goes first and pushes q.
    const history: PastPlan[] = [{ waves: [['q'], ['p']], regressions: [] }];
    const p = plan({ fleet, history });
    expect(keysOf(p)).toEqual([['home'], ['p'], ['q'], [], []]);
    expect(reasonOf(p, 'q')).toBe('paired with p, which is in wave 1');
  });

  it('makes room by moving a later-ordered deployment to the last wave rather than refusing', () => {
    // Fixed waves of 1: a (fewest early slots) takes wave 1; b may only go in wave 1
    // (blocked on the other days), so a moves to the last wave.
    const policy: RolloutPolicy = { ...DEFAULT_POLICY, waveSizes: { kind: 'fixed', perWave: 1 } };
    const fleet = [HOME, dep('a'), dep('b', { blockedDays: DAYS.slice(1) })];
    const history: PastPlan[] = [{ waves: [['b'], ['a']], regressions: [] }];
    const p = plan({ fleet, policy, history });
    expect(keysOf(p)).toEqual([['home'], ['b'], [], [], ['a']]);
    expect(
      hardConstraintViolations(
        { fleet, policy, history, internalDay: '2027-03-01', releaseDays: DAYS, daysBetween },
        p,
      ),
    ).toEqual([]);
  });

  // Was a bug (completeness): the swap loop's outer `if (!canJoin(d, w)) continue;` rejected the
  // wave holding d's own pairing partner before the inner `canJoin(d, w, victim.key)` (which
  // allows exactly that swap) was reached. Here b is blocked on every day but the first; a
  // (placed first) takes wave 1; the plan b → wave 1, a → wave 2 exists and is now found by
  // swapping b with its partner a. The swap is explained on both sides.
  it('does not refuse a feasible plan when the only possible wave holds the pairing partner', () => {
    const fleet = [HOME, dep('a', { pairingGroup: 'g' }), dep('b', { pairingGroup: 'g', blockedDays: DAYS.slice(1) })];
    const history: PastPlan[] = [{ waves: [['b'], ['a']], regressions: [] }];
    const p = plan({ fleet, history, releaseDays: DAYS.slice(0, 2) });
    expect(keysOf(p)).toEqual([['home'], ['b'], ['a']]);
    expect(reasonOf(p, 'b')).toBe(
      'took the place of a in wave 1: wave 1 holds its partner a, wave 2 is blocked for it',
    );
    expect(reasonOf(p, 'a')).toBe(
      'moved to the last wave to make room for b, which no other wave would take (wave 1 holds its partner a, wave 2 is blocked for it)',
    );
  });

  // Was a bug (explanations): the reason "paired with X, which is in wave N" was recorded while
  // placing and never revisited after a swap moved X to the last wave. Here X (fewest early
  // slots) takes wave 1 and pushes its partner d to wave 2; A fills wave 1; e is blocked on
  // waves 2–3 and full wave 1 makes the engine move X to wave 3. d's reason now names X's final
  // wave, and both sides of the swap (X moved out, e in) say so instead of "fewest early slots".
  it('does not explain a placement by a partner that a swap moved after it', () => {
    const fleet = [
      HOME,
      dep('X', { pairingGroup: 'g' }),
      dep('d', { pairingGroup: 'g' }),
      dep('A', { blockedDays: [DAYS[2]!] }),
      dep('e', { blockedDays: [DAYS[1]!, DAYS[2]!] }),
    ];
    // Early turns: X 0, d 1, A 2, e 3 (all within one of the median: nobody raised) → order X, d, A, e.
    const history: PastPlan[] = [
      { waves: [['d', 'A', 'e'], ['X']], regressions: [] },
      {
        waves: [
          ['A', 'e'],
          ['d', 'X'],
        ],
        regressions: [],
      },
      { waves: [['e'], ['A', 'd', 'X']], regressions: [] },
    ];
    const p = plan({ fleet, history, releaseDays: DAYS.slice(0, 3) });
    // The waves themselves keep every hard constraint …
    expect(keysOf(p)).toEqual([['home'], ['A', 'e'], ['d'], ['X']]);
    // … and d's explanation no longer blames its partner: X was in wave 1 when d was placed, but
    // the swap moved X to wave 3, after d, so "paired with X, which is in wave 3" would not
    // explain why d is in wave 2. Its account does.
    // Its exposure: 2/3 (T1, first of 4 in a wave of 3) + 1/6 (T2) + 1/3 (T3) = 7/6.
    expect(reasonOf(p, 'd')).toBe('1 early turn (fleet mean 1.5) and exposure 1.2 over 3 trains: its turn comes later');
    expect(reasonOf(p, 'X')).toBe(
      'moved to the last wave to make room for e, which no other wave would take (wave 1 is full (size 2), wave 2 is blocked for it, wave 3 is blocked for it)',
    );
    expect(reasonOf(p, 'e')).toBe(
      'took the place of X in wave 1: wave 1 is full (size 2), wave 2 is blocked for it, wave 3 is blocked for it',
    );
  });

  // Was a spec gap: planRollout capped the early waves at k − 1 while buildAccounts counted
  // `w < earlyWaves`. The rule now, everywhere: the last wave is never early, so a train of k
  // waves has min(earlyWaves, k − 1) early waves. With earlyWaves 2 and a 2-wave train only
  // wave 1 is early: gov (late-only) may not join wave 1 and goes to wave 2, the last; a takes
  // wave 1. Read back as history, that plan gives a 1 early slot and gov none.
  const past = (waves: string[][], regressions: string[] = []): PastPlan => ({ waves, regressions });
  it('never plans a late-only deployment in an early wave: min(earlyWaves, k − 1), the last never early', () => {
    const policy: RolloutPolicy = { ...DEFAULT_POLICY, earlyWaves: 2 };
    const fleet = [HOME, dep('a'), dep('gov', { tier: 'government' })];
    const p = plan({ fleet, policy, releaseDays: DAYS.slice(0, 2) });
    const k = p.waves.length - 1;
    const earlyCount = Math.min(policy.earlyWaves, k - 1);
    expect([k, earlyCount]).toEqual([2, 1]);
    const govWave = p.waves.findIndex((w) => w.keys.includes('gov'));
    expect(govWave).toBeGreaterThan(earlyCount);
    expect(keysOf(p)).toEqual([['home'], ['a'], ['gov']]);
    const accounts = buildAccounts(['a', 'gov'], [past([['a'], ['gov']])], policy);
    expect([accounts.get('a')!.earlySlots, accounts.get('gov')!.earlySlots]).toEqual([1, 0]);
  });

  it('with a single release day every customer shares wave 1, which is also the last', () => {
    const fleet = [HOME, dep('a'), dep('gov', { tier: 'government' }), dep('z', { pinPolicy: 'late' })];
    const p = plan({ fleet, releaseDays: DAYS.slice(0, 1) });
    expect(keysOf(p)).toEqual([['home'], ['z', 'gov', 'a']]);
    expect(reasonOf(p, 'a')).toBe('no history yet: placed by the seeded tie-break');
  });
});

describe('golden fleet: three plans worked out by hand', () => {
  // Fleet (8): home (internal); pair-a + pair-b (pairing group "pair"); late-1 (pinned late);
  // gov-1 (government tier); heavy-1 (weight 90,000, over the limit of 50,000); std-1, std-2.
  // std-1 is blocked on Wed 20 Jan 2027, the first release day of train 1.
  // Policy: DEFAULT_POLICY with firstWaveWeightLimit 50,000 → growing waves 2, 4, 8, ∞;
  // bake 1 day; earlyWaves 1; K = 26; regression weight 3; seed 1. With K = 26 a plan reads up to
  // K − 1 = 25 earlier trains, so trains 2 and 3 read all of their 1 and 2 earlier trains (the
  // window is "the last train", then "the last 2 trains"). Every plan here has 4 waves, so the
  // early-wave cap min(earlyWaves, k − 1) = 1 changes nothing.
  // Train t (0-based) releases on Wed, Thu, Mon, Wed of its week (+14 days per train):
  // four waves each; the internal day is the Monday before.
  //
  // tieBreak(1, key), ascending: gov-1 411801667 < std-1 468126939 < pair-b 1367102074 <
  // heavy-1 1489165438 < late-1 1495639718 < pair-a 2264798860 < std-2 3298883782.
  // Placement order: pinned late; then, in deficit order, those that may go early until the early
  // wave is full; then everyone left, late-only ones included, by least exposure, then tie-break.
  // Exposure per train: 1 − position, the position (mean rank of the wave − 1)/(n − 1) with n = 7:
  // wave 1 of two 11/12, wave 2 of four 5/12, wave 4 (late-1 alone) 0.
  const fleet: OrderingDeployment[] = [
    dep('home', { internal: true }),
    dep('pair-a', { pairingGroup: 'pair' }),
    dep('pair-b', { pairingGroup: 'pair' }),
    dep('late-1', { pinPolicy: 'late' }),
    dep('gov-1', { tier: 'government' }),
    dep('heavy-1', { weight: 90_000 }),
    dep('std-1', { blockedDays: ['2027-01-20'] }),
    dep('std-2'),
  ];
  const policy: RolloutPolicy = { ...DEFAULT_POLICY, firstWaveWeightLimit: 50_000 };
  const trainInput = (t: number, history: PastPlan[]): PlanInput => {
    const add = (n: number) => {
      const d = new Date(Date.UTC(2027, 0, 18 + 14 * t + n));
      return d.toISOString().slice(0, 10);
    };
    return { fleet, policy, internalDay: add(0), releaseDays: [2, 3, 7, 9].map(add), history, daysBetween };
  };
  const past = (p: RolloutPlan, regressions: string[] = []): PastPlan => ({
    waves: p.waves.slice(1).map((w) => w.keys),
    regressions,
  });
  const reasons = (p: RolloutPlan) => Object.fromEntries(p.placements.map((x) => [x.key, x.reason]));
  const later = (turns: number, window: number, mean: string, exposure: string, regressions = '') =>
    `${turns} early turn${turns === 1 ? '' : 's'} (fleet mean ${mean}) and exposure ${exposure} over ${window === 1 ? '1 train' : `${window} trains`}${regressions}: its turn comes later`;

  const p1 = planRollout(trainInput(0, []));
  // Train 2's regression is found after wave 1: it reached wave 1 (std-1, pair-a).
  const p2 = planRollout(trainInput(1, [past(p1)]));
  const p3 = planRollout(trainInput(2, [past(p1), past(p2, ['std-1', 'pair-a'])]));

  it('the tie-break order the comments rely on', () => {
    const keys = fleet.filter((d) => !d.internal).map((d) => d.key);
    expect([...keys].sort((a, b) => tieBreak(1, a) - tieBreak(1, b))).toEqual([
      'gov-1',
      'std-1',
      'pair-b',
      'heavy-1',
      'late-1',
      'pair-a',
      'std-2',
    ]);
  });

  it('train 1 (no history): order by tie-break; std-1 blocked on wave 1, pair-a pushed by pair-b', () => {
    // late-1 → wave 4. gov-1 (late-only): left for later. std-1: wave 1 is Wed 20 Jan, its
    // blocked day → wave 2. pair-b → wave 1. heavy-1 (late-only): left for later. pair-a: wave 1
    // holds pair-b (and has room) → wave 2. std-2 → wave 1 (now full). Then gov-1, heavy-1
    // (exposure 0 each, tie-break) → wave 2.
    expect(keysOf(p1)).toEqual([
      ['home'],
      ['pair-b', 'std-2'],
      ['std-1', 'pair-a', 'gov-1', 'heavy-1'],
      [],
      ['late-1'],
    ]);
    expect(p1.waves.map((w) => w.date)).toEqual(['2027-01-18', '2027-01-20', '2027-01-21', '2027-01-25', '2027-01-27']);
    expect(p1.placements.map((x) => x.key)).toEqual([
      'home',
      'gov-1',
      'std-1',
      'pair-b',
      'heavy-1',
      'late-1',
      'pair-a',
      'std-2',
    ]);
    expect(reasons(p1)).toEqual({
      home: 'internal deployment: receives every release first, before any customer',
      'gov-1': 'not eligible for early waves: government tier; no history yet: placed by the seeded tie-break',
      'std-1': 'blocked on Wed 20 Jan, so a later wave',
      'pair-b': 'no history yet: early by the seeded tie-break',
      'heavy-1':
        'not eligible for early waves: weight 90,000 is over the limit of 50,000; no history yet: placed by the seeded tie-break',
      'late-1': 'pinned late: only ever in the last wave',
      'pair-a': 'paired with pair-b, which is in wave 1',
      'std-2': 'no history yet: early by the seeded tie-break',
    });
  });

  it('train 2: pair-b and std-2 were early, so the five others lead; the ties go by exposure, then tie-break', () => {
    // Accounts (window 1): pair-b, std-2: 1 early slot, exposure 11/12;
    // gov-1, heavy-1, std-1, pair-a: 0 early, exposure 5/12; late-1: 0 early, exposure 0.
    // Order: late-1, gov-1, std-1, heavy-1, pair-a (0 early; exposure, then tie-break), pair-b, std-2.
    // std-1 and pair-a fill wave 1; then by exposure gov-1, heavy-1 (5/12), pair-b, std-2 (11/12)
    // fill wave 2. Fleet mean 2/7 → "0.3".
    expect(keysOf(p2)).toEqual([
      ['home'],
      ['std-1', 'pair-a'],
      ['gov-1', 'heavy-1', 'pair-b', 'std-2'],
      [],
      ['late-1'],
    ]);
    expect(p2.placements.map((x) => x.key)).toEqual([
      'home',
      'late-1',
      'gov-1',
      'std-1',
      'heavy-1',
      'pair-a',
      'pair-b',
      'std-2',
    ]);
    expect(reasons(p2)).toMatchObject({
      // The mean is over the four that may go early (not gov-1, late-1, heavy-1): 2/4.
      'std-1': 'fewest early turns: 0, fleet mean 0.5',
      'pair-a': 'fewest early turns: 0, fleet mean 0.5',
      'pair-b': later(1, 1, '0.5', '0.9'),
      'std-2': later(1, 1, '0.5', '0.9'),
      'gov-1': 'not eligible for early waves: government tier; among the later waves by exposure: 0.4 over 1 train',
      'late-1': 'pinned late: only ever in the last wave',
    });
    expect(p2.accounts.get('gov-1')!.exposure).toBeCloseTo(5 / 12, 9);
    expect(p2.accounts.get('late-1')).toEqual({
      earlySlots: 0,
      turns: 0,
      exposure: 0,
      trains: 1,
      lastEarlyAgo: null,
      regressions: 0,
    });
  });

  it('train 3: equal early slots, so the longest since its early slot leads; the regression weighs on std-1 and pair-a', () => {
    // Accounts (window 2): pair-b, std-2: 1 early (2 trains ago), exposure 11/12 + 5/12 = 4/3;
    // std-1, pair-a: 1 early (1 train ago), exposure 5/12 + 11/12 + 3 (regression) = 13/3 → "4.3";
    // gov-1, heavy-1: 5/12 + 5/12 = 5/6 → "0.8". Order: late-1, gov-1, heavy-1, pair-b, std-2,
    // std-1, pair-a: pair-b and std-2 fill wave 1, the rest wave 2 by exposure. Each of the four
    // that may go early has had 1 early turn: fleet mean 1.
    expect(keysOf(p3)).toEqual([
      ['home'],
      ['pair-b', 'std-2'],
      ['gov-1', 'heavy-1', 'std-1', 'pair-a'],
      [],
      ['late-1'],
    ]);
    expect(reasons(p3)).toMatchObject({
      'pair-b': 'fewest early turns: 1, fleet mean 1',
      'std-2': 'fewest early turns: 1, fleet mean 1',
      'std-1': later(1, 2, '1', '4.3', ' including 1 regression'),
      'pair-a': later(1, 2, '1', '4.3', ' including 1 regression'),
      'gov-1': 'not eligible for early waves: government tier; among the later waves by exposure: 0.8 over 2 trains',
    });
    expect(p3.accounts.get('std-1')).toEqual({
      earlySlots: 1,
      turns: 1,
      exposure: expect.closeTo(13 / 3, 9) as number,
      trains: 2,
      lastEarlyAgo: 1,
      regressions: 1,
    });
    expect(p3.accounts.get('pair-b')!.lastEarlyAgo).toBe(2);
    expect(p3.accounts.get('pair-b')!.exposure).toBeCloseTo(4 / 3, 9);
  });

  it('all three keep every hard constraint', () => {
    const inputs = [trainInput(0, []), trainInput(1, [past(p1)]), trainInput(2, [past(p1), past(p2)])];
    [p1, p2, p3].forEach((p, i) => expect(hardConstraintViolations(inputs[i]!, p)).toEqual([]));
  });
});
