// fast-check arbitraries and independent oracles for the fair ordering engine
// (shared/ordering.ts): random fleets, policies and trains, run as a sequence that
// feeds the engine its own earlier plans (with random regressions) as history.
import fc from 'fast-check';
import { type Day, addDays, daysBetween, formatDay } from '../../shared/days';
import { TIERS, type Tier } from '../../shared/deployment';
import {
  type OrderingDeployment,
  type PastPlan,
  type PlanInput,
  PlanRefused,
  type RolloutPlan,
  type RolloutPolicy,
  planRollout,
  rolloutPolicySchema,
} from '../../shared/ordering';

/** A deployment of a scenario; its blocked days are indexes into each train's release days. */
export interface ScenarioDeployment extends Omit<OrderingDeployment, 'blockedDays'> {
  blockedIdx: number[];
}

export interface ScenarioTrain {
  /** The first release day is 2 + `firstOffset` days after the internal day. */
  firstOffset: number;
  /** One entry per release day: the gap in days from the previous one (the first entry is unused). Empty: none. */
  gaps: number[];
  /** Regression found after this many customer waves (null: none). */
  regressionReach: number | null;
}

export interface Scenario {
  fleet: ScenarioDeployment[];
  policy: RolloutPolicy;
  trains: ScenarioTrain[];
}

const tierArb: fc.Arbitrary<Tier> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom<Tier>('standard', 'premium', 'enterprise') },
  { weight: 1, arbitrary: fc.constant<Tier>('government') },
);

interface Traits {
  tier: Tier;
  weight: number;
  /** Pinned late when below the fleet's pin rate (percent). */
  pinRoll: number;
  /** Opted out of early waves when below 8 (percent). */
  optOutRoll: number;
  blockedIdx: number[];
  /** 0: no new group here; 2 or 3: start a pairing group of that size with the next unassigned customers. */
  groupStart: number;
}

const traitsArb: fc.Arbitrary<Traits> = fc.record({
  tier: tierArb,
  weight: fc.integer({ min: 1, max: 100_000 }),
  pinRoll: fc.integer({ min: 0, max: 99 }),
  optOutRoll: fc.integer({ min: 0, max: 99 }),
  blockedIdx: fc.oneof(
    { weight: 6, arbitrary: fc.constant<number[]>([]) },
    { weight: 1, arbitrary: fc.subarray([0, 1, 2, 3, 4, 5], { minLength: 1, maxLength: 2 }) },
  ),
  groupStart: fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 3),
});

/** Builds a fleet: `internalAt` are the internal positions (normally one), pairing groups of 2–3. */
function buildFleet(
  traits: Traits[],
  internalAt: number[],
  pinRate: number,
  pinnedPairs: boolean,
): ScenarioDeployment[] {
  const fleet: ScenarioDeployment[] = traits.map((t, i) => ({
    key: `d${String(i).padStart(3, '0')}`,
    region: ['us-east', 'eu-west', 'ap-south'][i % 3]!,
    tier: t.tier,
    weight: t.weight,
    pairingGroup: null,
    pinPolicy: t.pinRoll < pinRate ? 'late' : 'none',
    internal: internalAt.includes(i),
    // The internal deployment cannot opt out (the schema refuses it); customers sometimes do.
    earlyOptOut: !internalAt.includes(i) && t.optOutRoll < 8,
    blockedIdx: t.blockedIdx,
  }));
  const customers = fleet.filter((d) => !d.internal);
  let group = 0;
  customers.forEach((d, i) => {
    const size = traits[fleet.indexOf(d)]!.groupStart;
    if (size === 0 || d.pairingGroup !== null) return;
    const free = customers.slice(i).filter((c) => c.pairingGroup === null);
    if (free.length < 2) return;
    group++;
    for (const member of free.slice(0, size)) member.pairingGroup = `g${group}`;
  });
  // Two pinned-late members of one group can never be planned: keep that refusal rare.
  if (!pinnedPairs) {
    const pinnedIn = new Set<string>();
    for (const d of customers) {
      if (d.pinPolicy !== 'late' || !d.pairingGroup) continue;
      if (pinnedIn.has(d.pairingGroup)) d.pinPolicy = 'none';
      pinnedIn.add(d.pairingGroup);
    }
  }
  return fleet;
}

export const fleetArb = (minSize = 2, maxSize = 120): fc.Arbitrary<ScenarioDeployment[]> =>
  fc.integer({ min: minSize, max: maxSize }).chain((size) =>
    fc
      .record({
        traits: fc.array(traitsArb, { minLength: size, maxLength: size }),
        internal: fc.integer({ min: 0, max: size - 1 }),
        /** Rarely no internal deployment or two of them, to exercise the refusals. */
        internalCount: fc.oneof(
          { weight: 40, arbitrary: fc.constant(1) },
          { weight: 1, arbitrary: fc.constantFrom(0, 2) },
        ),
        pinRate: fc.integer({ min: 0, max: 12 }),
        /** Rarely let a pairing group hold two pinned-late members (a refusal). */
        pinnedPairs: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
      })
      .map(({ traits, internal, internalCount, pinRate, pinnedPairs }) =>
        buildFleet(
          traits,
          internalCount === 0 ? [] : internalCount === 1 ? [internal] : [internal, (internal + 1) % size],
          pinRate,
          pinnedPairs,
        ),
      ),
  );

export const policyArb: fc.Arbitrary<RolloutPolicy> = fc
  .record({
    waveSizes: fc.oneof(
      fc.record({
        kind: fc.constant('growing' as const),
        first: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 2, max: 8 })),
        factor: fc.oneof(fc.constantFrom(1, 1.5, 2, 3), fc.double({ min: 1, max: 3, noNaN: true }), fc.constant(2)),
      }),
      fc.record({
        kind: fc.constant('fixed' as const),
        perWave: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 20, max: 60 })),
      }),
    ),
    bakeDays: fc.integer({ min: 0, max: 3 }),
    firstWaveWeightLimit: fc.option(fc.integer({ min: 1, max: 100_000 }), { freq: 2 }),
    lateTiers: fc.oneof(
      { weight: 4, arbitrary: fc.constant<Tier[]>(['government']) },
      { weight: 1, arbitrary: fc.subarray([...TIERS]) },
    ),
    earlyWaves: fc.integer({ min: 1, max: 2 }),
    historyWindow: fc.integer({ min: 1, max: 30 }),
    regressionWeight: fc.constantFrom(0, 1, 3, 5, 0.5),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })
  .map((p) => rolloutPolicySchema.parse(p));

export const trainArb: fc.Arbitrary<ScenarioTrain> = fc.record({
  firstOffset: fc.integer({ min: 0, max: 3 }),
  gaps: fc.oneof(
    { weight: 1, arbitrary: fc.constant<number[]>([]) },
    { weight: 4, arbitrary: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }) },
    { weight: 25, arbitrary: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 4, maxLength: 7 }) },
  ),
  regressionReach: fc.option(fc.integer({ min: 1, max: 6 }), { freq: 2 }),
});

export const scenarioArb = (minSize = 2, maxSize = 120, maxTrains = 6): fc.Arbitrary<Scenario> =>
  fc.record({
    fleet: fleetArb(minSize, maxSize),
    policy: policyArb,
    trains: fc.array(trainArb, { minLength: 1, maxLength: maxTrains }),
  });

/** Release days of train `t`: its first day and the gaps after it (an empty list when `gaps` is empty). */
export function releaseDaysOf(train: ScenarioTrain, t: number): { internalDay: Day; releaseDays: Day[] } {
  const internalDay = addDays('2027-03-01', 14 * t);
  if (train.gaps.length === 0) return { internalDay, releaseDays: [] };
  const days: Day[] = [addDays(internalDay, 2 + train.firstOffset)];
  for (const g of train.gaps.slice(1)) days.push(addDays(days.at(-1)!, g));
  return { internalDay, releaseDays: days };
}

/** The fleet as the engine sees it for a train: blocked indexes become that train's days. */
export function fleetFor(fleet: readonly ScenarioDeployment[], releaseDays: readonly Day[]): OrderingDeployment[] {
  return fleet.map(({ blockedIdx, ...d }) => ({
    ...d,
    blockedDays: blockedIdx.filter((i) => i < releaseDays.length).map((i) => releaseDays[i]!),
  }));
}

export type TrainOutcome =
  { kind: 'plan'; input: PlanInput; plan: RolloutPlan } | { kind: 'refused'; input: PlanInput; error: unknown };

/**
 * Runs a scenario train by train: each plan (with its random regression, reaching a
 * prefix of its customer waves) becomes history for the next train; a refused train adds nothing.
 */
export function runScenario(s: Scenario): TrainOutcome[] {
  const history: PastPlan[] = [];
  return s.trains.map((train, t) => {
    const { internalDay, releaseDays } = releaseDaysOf(train, t);
    const input: PlanInput = {
      fleet: fleetFor(s.fleet, releaseDays),
      policy: s.policy,
      internalDay,
      releaseDays,
      history: [...history],
      daysBetween,
    };
    try {
      const plan = planRollout(input);
      const waves = plan.waves.slice(1).map((w) => [...w.keys]);
      const reach = train.regressionReach === null ? 0 : Math.min(train.regressionReach, waves.length);
      history.push({ waves, regressions: waves.slice(0, reach).flat() });
      return { kind: 'plan', input, plan };
    } catch (error) {
      if (!(error instanceof PlanRefused)) throw error;
      return { kind: 'refused', input, error };
    }
  });
}

// ---- Independent oracles (written from docs/fairness.md, not from the engine) ----

/** The release days kept for the bake time: each at least `bakeDays` after the previously kept one. */
export function expectedWaveDays(releaseDays: readonly Day[], bakeDays: number): Day[] {
  const kept: Day[] = [];
  for (const d of releaseDays) if (kept.length === 0 || daysBetween(kept.at(-1)!, d) >= bakeDays) kept.push(d);
  return kept;
}

/** Capacities of `k` customer waves: growing first·factorʷ (rounded, the last unbounded) or fixed. */
export function expectedCapacities(policy: RolloutPolicy, k: number): number[] {
  const ws = policy.waveSizes;
  return Array.from({ length: k }, (_, w) =>
    ws.kind === 'fixed' ? ws.perWave : w === k - 1 ? Infinity : Math.round(ws.first * ws.factor ** w),
  );
}

/** True when the policy never lets this deployment go early. */
export function isLateOnly(d: OrderingDeployment, policy: RolloutPolicy): boolean {
  return (
    d.pinPolicy === 'late' ||
    d.earlyOptOut === true ||
    policy.lateTiers.includes(d.tier) ||
    (policy.firstWaveWeightLimit !== null && d.weight > policy.firstWaveWeightLimit)
  );
}

/** Same rounding as the explanations: integers as is, others with one decimal. */
export function fmt1(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

// ---- Checks of one plan or refusal, as lists of readable problems (empty: none) ----

/**
 * The placement rules over customer waves 1…k (capacity, pinned late, late-only never
 * early, blocked days, pairing), one line per broken rule.
 */
export function waveRuleViolations(
  fleet: readonly OrderingDeployment[],
  policy: RolloutPolicy,
  waves: readonly { index: number; date: Day; keys: readonly string[] }[],
): string[] {
  const out: string[] = [];
  const byKey = new Map(fleet.map((d) => [d.key, d]));
  const k = waves.length;
  const capacities = expectedCapacities(policy, k);
  // The last wave is never early (with k ≤ earlyWaves see the it.fails test in ordering.test.ts).
  const earlyCount = Math.min(policy.earlyWaves, k - 1);
  for (const w of waves) {
    if (w.keys.length > capacities[w.index - 1]!)
      out.push(`wave ${w.index} holds ${w.keys.length} > capacity ${capacities[w.index - 1]}`);
    const groups = new Map<string, string>();
    for (const key of w.keys) {
      const d = byKey.get(key);
      if (!d) continue;
      if (d.pinPolicy === 'late' && w.index !== k) out.push(`pinned-late ${key} in wave ${w.index} of ${k}`);
      if (isLateOnly(d, policy) && w.index <= earlyCount) out.push(`late-only ${key} in early wave ${w.index}`);
      if (d.blockedDays?.includes(w.date)) out.push(`${key} in wave ${w.index} on its blocked day ${w.date}`);
      if (d.pairingGroup) {
        const other = groups.get(d.pairingGroup);
        if (other) out.push(`${other} and ${key} (group ${d.pairingGroup}) share wave ${w.index}`);
        groups.set(d.pairingGroup, key);
      }
    }
  }

  return out;
}

/** Every hard constraint of docs/fairness.md that `plan` breaks, as readable lines (empty: none). */
export function hardConstraintViolations(input: PlanInput, plan: RolloutPlan): string[] {
  const out: string[] = [];
  const { fleet, policy } = input;
  const internal = fleet.find((d) => d.internal)!;
  const customers = fleet.filter((d) => !d.internal);
  const byKey = new Map(fleet.map((d) => [d.key, d]));

  // Wave 0 holds exactly the internal deployment, on the internal day.
  const w0 = plan.waves[0];
  if (!w0 || w0.index !== 0 || w0.date !== input.internalDay || w0.keys.join() !== internal.key)
    out.push(`wave 0 is ${JSON.stringify(w0)}, not ${internal.key} on ${input.internalDay}`);

  // Wave dates: the release days after bake filtering, in order, numbered 1…k.
  const days = expectedWaveDays(input.releaseDays, policy.bakeDays);
  const waves = plan.waves.slice(1);
  if (waves.map((w) => w.date).join() !== days.join())
    out.push(`wave dates ${waves.map((w) => w.date).join()} are not the baked release days ${days.join()}`);
  waves.forEach((w, i) => {
    if (w.index !== i + 1) out.push(`wave ${i + 1} has index ${w.index}`);
  });

  // Every customer deployment exactly once.
  const seen = new Map<string, number>();
  for (const w of waves) for (const key of w.keys) seen.set(key, (seen.get(key) ?? 0) + 1);
  for (const d of customers) if (seen.get(d.key) !== 1) out.push(`${d.key} appears ${seen.get(d.key) ?? 0} times`);
  for (const key of seen.keys()) if (!byKey.has(key) || byKey.get(key)!.internal) out.push(`${key} in a customer wave`);

  out.push(...waveRuleViolations(fleet, policy, waves));

  // One placement per deployment, in the wave that holds it.
  const waveOf = new Map(plan.waves.flatMap((w) => w.keys.map((key) => [key, w.index] as const)));
  if (plan.placements.length !== fleet.length) out.push(`${plan.placements.length} placements for ${fleet.length}`);
  for (const p of plan.placements)
    if (waveOf.get(p.key) !== p.wave)
      out.push(`placement ${p.key} says wave ${p.wave}, waves say ${waveOf.get(p.key)}`);
  return out;
}

const ONE_SENTENCE = /^[^.!?\n]+\.$/;

/** Why `error` is not an acceptable refusal of `input` (empty: it is one sentence naming a true reason). */
export function refusalProblems(input: PlanInput, error: unknown): string[] {
  if (!(error instanceof PlanRefused)) return [`not a PlanRefused: ${String(error)}`];
  const m = error.message;
  const out: string[] = [];
  if (!ONE_SENTENCE.test(m)) out.push(`not one sentence: ${m}`);
  if (/undefined|NaN|Infinity|\[object/.test(m)) out.push(`leaks a placeholder: ${m}`);
  const { fleet, policy } = input;
  const customers = fleet.filter((d) => !d.internal);
  const internals = fleet.filter((d) => d.internal).length;
  const k = expectedWaveDays(input.releaseDays, policy.bakeDays).length;
  const groupSize = (g: string) => customers.filter((d) => d.pairingGroup === g).length;
  let r: RegExpExecArray | null;
  if (/^The fleet has no internal deployment; mark one as internal: it receives every release first\.$/.test(m)) {
    if (internals !== 0) out.push(`says no internal, fleet has ${internals}`);
  } else if ((r = /^The fleet has (\d+) internal deployments; exactly one may be internal\.$/.exec(m))) {
    if (Number(r[1]) !== internals || internals < 2) out.push(`says ${r[1]} internal, fleet has ${internals}`);
  } else if (/^The train has no production release day left; resolve its calendar conflict first\.$/.test(m)) {
    if (k !== 0) out.push(`says no release day, has ${k}`);
  } else if (
    (r =
      /^(\d+) customer deployments do not fit in (\d+) waves of at most ([\d, ]+); raise the wave sizes or add release days\.$/.exec(
        m,
      ))
  ) {
    const caps = expectedCapacities(policy, k);
    if (Number(r[1]) !== customers.length || Number(r[2]) !== k || r[3] !== caps.join(', '))
      out.push(`wrong numbers: ${m}`);
    if (customers.length <= caps.reduce((a, b) => a + b, 0)) out.push(`they do fit: ${m}`);
  } else if (
    (r =
      /^Pairing group (\S+) has (\d+) members but the train has only (\d+) waves?; split the group or add release days\.$/.exec(
        m,
      ))
  ) {
    if (groupSize(r[1]!) !== Number(r[2]) || Number(r[3]) !== k || Number(r[2]) <= k) out.push(`wrong facts: ${m}`);
  } else if (
    (r =
      /^((?:\S+ and )+\S+) are pinned late and paired \((\S+)\): they can never share the last wave; unpin one or take one out of the group\.$/.exec(
        m,
      ))
  ) {
    const named = r[1]!.split(' and ').map((key) => customers.find((d) => d.key === key));
    if (named.some((d) => !d || d.pinPolicy !== 'late' || d.pairingGroup !== r![2])) out.push(`wrong facts: ${m}`);
  } else if (
    (r =
      /^Pairing groups need (\d+) deployments outside the last wave, but (?:wave 1 holds|waves 1–(\d+) hold) only (\d+); raise the wave sizes or add release days\.$/.exec(
        m,
      ))
  ) {
    const groups = new Set(customers.flatMap((d) => (d.pairingGroup ? [d.pairingGroup] : [])));
    const need = [...groups].reduce((s, g) => s + groupSize(g) - 1, 0);
    const room = expectedCapacities(policy, k)
      .slice(0, -1)
      .reduce((a, b) => a + b, 0);
    if (Number(r[1]) !== need || Number(r[2] ?? 1) !== k - 1 || Number(r[3]) !== room || need <= room)
      out.push(`wrong facts: ${m}`);
  } else if (
    (r =
      /^(\S+) cannot be placed: (the last wave is full, blocked for it, or holds its pairing partner|every wave it may join is full, blocked for it, or holds its pairing partner); relax the policy, unpin it, or change its pairing group\.$/.exec(
        m,
      ))
  ) {
    const d = customers.find((c) => c.key === r![1]);
    if (!d) out.push(`names no customer deployment: ${m}`);
    else if ((d.pinPolicy === 'late') !== r[2]!.startsWith('the last wave')) out.push(`wrong wording for ${d.key}`);
  } else out.push(`names no known reason: ${m}`);
  return out;
}

/**
 * Exposure over a whole history, written independently of the engine: per train, each planned
 * deployment gains 1 − its wave's mean position, and the regression weight per regression that
 * reached it; one not planned in the train before (new, or back) first rises to the mean exposure
 * of that train's deployments when below it.
 */
export function exposureOracle(history: readonly PastPlan[], regressionWeight: number): Map<string, number> {
  const exposure = new Map<string, number>();
  let previous: string[] = [];
  for (const plan of history) {
    const mean = previous.length ? previous.reduce((s, k) => s + exposure.get(k)!, 0) / previous.length : 0;
    const before = new Set(previous);
    const all = plan.waves.flat();
    for (const key of all) if (!before.has(key) && (exposure.get(key) ?? 0) < mean) exposure.set(key, mean);
    let rank = 0;
    for (const wave of plan.waves) {
      const position = all.length > 1 ? (rank + (wave.length - 1) / 2) / (all.length - 1) : 0.5;
      for (const key of wave) exposure.set(key, (exposure.get(key) ?? 0) + 1 - position);
      rank += wave.length;
    }
    for (const key of plan.regressions) exposure.set(key, (exposure.get(key) ?? 0) + regressionWeight);
    previous = all;
  }
  return exposure;
}

/** Why the explanation of each placement disagrees with the plan and the input (empty: none). */
export function explanationProblems(input: PlanInput, plan: RolloutPlan): string[] {
  const out: string[] = [];
  const { fleet, policy } = input;
  const history = input.history ?? [];
  const byKey = new Map<string, OrderingDeployment>(fleet.map((d) => [d.key, d]));
  const waveOf = new Map(plan.waves.flatMap((w) => w.keys.map((key) => [key, w.index] as const)));
  const k = plan.waves.length - 1;
  const earlyCount = Math.min(policy.earlyWaves, k - 1);
  const customers = fleet.filter((d) => !d.internal);
  // Independent account oracle over the whole history: early slots = appearances in the first
  // min(earlyWaves, k − 1) waves of each train (the last wave of a train is never early).
  const earlySlots = (key: string) =>
    history.filter((p) =>
      p.waves.slice(0, Math.min(policy.earlyWaves, p.waves.length - 1)).some((w) => w.includes(key)),
    ).length;
  const exposures = exposureOracle(history, policy.regressionWeight);
  const exposure = (key: string) => exposures.get(key) ?? 0;
  const W = String(history.length);
  // Independent turns oracle: early appearances over the whole history; those that may go early
  // and are behind the floor of their mean are raised to it, and the explanations give that mean.
  const rawTurns = (key: string) =>
    history.filter((p) =>
      p.waves.slice(0, Math.min(policy.earlyWaves, p.waves.length - 1)).some((w) => w.includes(key)),
    ).length;
  const mayGoEarly = customers.filter((d) => !isLateOnly(d, policy));
  // Raised to the fewest turns among those within one of the lower median (the established ones).
  const sortedRaw = mayGoEarly.map((d) => rawTurns(d.key)).sort((a, b) => a - b);
  const lowerMedian = sortedRaw.length ? sortedRaw[Math.floor((sortedRaw.length - 1) / 2)]! : 0;
  const floorTurns = sortedRaw.find((t) => t >= lowerMedian - 1) ?? 0;
  const turns = (d: OrderingDeployment) =>
    isLateOnly(d, policy) ? rawTurns(d.key) : Math.max(rawTurns(d.key), floorTurns);
  const M = fmt1(mayGoEarly.reduce((s, d) => s + turns(d), 0) / Math.max(1, mayGoEarly.length));

  const days = plan.waves.map((w) => w.date);
  /** What is wrong with "wave 2 is full (size 4), wave 4 holds its partner x": the rules that bound `d`. */
  const clauseProblems = (d: OrderingDeployment, clauses: string): string[] =>
    clauses.split(', ').flatMap((clause) => {
      const c =
        /^wave (\d+) (is full \(size \d+\)|holds its partner (\S+)|is early|is blocked for it|is not the last)$/.exec(
          clause,
        );
      if (!c) return [`"${clause}" is no rule`];
      const w = Number(c[1]);
      if (w < 1 || w > k) return [`there is no wave ${w}`];
      if (c[3] !== undefined && (byKey.get(c[3])?.pairingGroup ?? null) !== d.pairingGroup)
        return [`${c[3]} is not in the pairing group of ${d.key}`];
      if (c[2] === 'is early' && (w > earlyCount || !isLateOnly(d, policy))) return [`${d.key} may go in wave ${w}`];
      if (c[2] === 'is blocked for it' && !d.blockedDays?.includes(days[w]!))
        return [`${d.key} is not blocked in wave ${w}`];
      if (c[2] === 'is not the last' && (d.pinPolicy !== 'late' || w === k)) return [`wave ${w} may hold ${d.key}`];
      return [];
    });

  for (const p of plan.placements) {
    const d = byKey.get(p.key)!;
    const say = (why: string) => out.push(`${p.key} (wave ${p.wave}) "${p.reason}": ${why}`);
    if (p.reason.includes('\n') || /[.!?]\s/.test(p.reason) || /undefined|NaN|Infinity/.test(p.reason))
      say('not one clean sentence');
    const isInternalReason = p.reason === 'internal deployment: receives every release first, before any customer';
    if (isInternalReason !== d.internal) say('internal reason iff internal');
    if (d.internal) continue;
    const account = plan.accounts.get(p.key);
    if (!account) {
      say('no account');
      continue;
    }
    if (account.earlySlots !== earlySlots(p.key))
      say(`account has ${account.earlySlots} early slots, history has more`);
    if (account.turns !== turns(d)) say(`account has ${account.turns} early turns, not ${turns(d)}`);

    // Independent exposure oracle (`exposureOracle`): per train of the whole history, 1 − the
    // deployment's position by the mean rank of its wave ((rank − 1)/(n − 1), as the fairness
    // metric), plus the regression weight, entering at the mean.
    if (Math.abs(account.exposure - exposure(p.key)) > 1e-9)
      say(`account exposure ${account.exposure} is not ${exposure(p.key)}`);

    // The late-only reasons, in their order of precedence, iff their fact holds; a late-only
    // deployment that is not pinned then says why this later wave, after "; ".
    const pinned = d.pinPolicy === 'late';
    const optedOut = !pinned && d.earlyOptOut === true;
    const lateTier = !pinned && !optedOut && policy.lateTiers.includes(d.tier);
    const limit = policy.firstWaveWeightLimit;
    const heavy = !pinned && !optedOut && !lateTier && limit !== null && d.weight > limit;
    const lateText = pinned
      ? 'pinned late: only ever in the last wave'
      : optedOut
        ? 'opted out of early waves'
        : lateTier
          ? `not eligible for early waves: ${d.tier} tier`
          : heavy
            ? `not eligible for early waves: weight ${d.weight.toLocaleString('en-US')} is over the limit of ${limit!.toLocaleString('en-US')}`
            : null;
    const anyLate =
      /^(pinned late: only ever in the last wave|opted out of early waves|not eligible for early waves: )/.test(
        p.reason,
      );
    if (lateText === null && anyLate) say('a late-only reason without its fact');
    if (pinned) {
      if (p.reason !== lateText) say('pinned reason iff pinned late');
      continue;
    }
    if (lateText !== null && !p.reason.startsWith(`${lateText}; `)) say(`should start with "${lateText}; "`);
    const reason = lateText !== null ? p.reason.slice(lateText.length + 2) : p.reason;

    let r: RegExpExecArray | null;
    if ((r = /^paired with (\S+), which is in wave (\d+)$/.exec(reason))) {
      const partner = byKey.get(r[1]!);
      if (!partner || partner.key === d.key || !d.pairingGroup || partner.pairingGroup !== d.pairingGroup)
        say('partner not in its pairing group');
      const actual = waveOf.get(r[1]!);
      if (actual !== Number(r[2])) say(`${r[1]} is in wave ${actual}, not ${r[2]}`);
      if (Number(r[2]) >= p.wave) say('partner not in an earlier wave');
    } else if (
      (r = /^moved to the last wave to make room for (\S+), which made way for its pairing partner (\S+)$/.exec(reason))
    ) {
      if (p.wave !== k) say('"moved to the last wave" but not in the last wave');
      const other = byKey.get(r[1]!);
      const partner = byKey.get(r[2]!);
      if (!other || waveOf.get(other.key) === k) say(`${r[1]} did not leave the last wave`);
      if (!other?.pairingGroup || partner?.pairingGroup !== other.pairingGroup)
        say(`${r[2]} is not the pairing partner of ${r[1]}`);
    } else if (
      (r = /^moved to the last wave to make room for (\S+), which no other wave would take \((.+)\)$/.exec(reason))
    ) {
      if (p.wave !== k) say('"moved to the last wave" but not in the last wave');
      const other = plan.placements.find((q) => q.key === r![1]);
      if (
        !other ||
        other.wave >= k ||
        // After its own late-only reason, when it has one; or it made room for another in turn since.
        (!other.reason.includes(`took the place of ${p.key} in wave ${other.wave}: `) &&
          !/moved to wave \d+ to make room for \S+$/.test(other.reason))
      )
        say('the deployment it made room for does not say it took its place');
      if (other) clauseProblems(byKey.get(other.key)!, r[2]!).forEach(say);
    } else if ((r = /^moved to wave (\d+) to make room for (\S+)$/.exec(reason))) {
      if (Number(r[1]) !== p.wave) say('"moved to wave N" names the wrong wave');
      // The one it made room for took its old place, so it is in another wave.
      const other = plan.placements.find((q) => q.key === r![2]);
      if (!other || other.wave === p.wave || other.wave === 0) say('the deployment it made room for is misplaced');
    } else if ((r = /^took the place of (\S+) in wave (\d+): (.+)$/.exec(reason))) {
      if (Number(r[2]) !== p.wave) say('"took the place" names the wrong wave');
      const other = plan.placements.find((q) => q.key === r![1]);
      if (!other || other.wave === p.wave) say(`${r[1]} did not leave wave ${p.wave}`);
      clauseProblems(d, r[3]!).forEach(say);
    } else if ((r = /^paired with (\S+), which had more exposure and took the last wave$/.exec(reason))) {
      const partner = byKey.get(r[1]!);
      if (!partner || !d.pairingGroup || partner.pairingGroup !== d.pairingGroup)
        say('partner not in its pairing group');
      if (waveOf.get(r[1]!) !== k || p.wave === k) say('the partner is not last, or this one is');
      if ((plan.accounts.get(r[1]!)?.exposure ?? -1) < account.exposure) say('the partner has less exposure');
    } else if ((r = /^blocked on (.+), so a later wave$/.exec(reason))) {
      const earlier = plan.waves.slice(1, p.wave);
      const day = earlier.find((w) => formatDay(w.date, { weekday: true, year: false }) === r![1])?.date;
      if (!day || !d.blockedDays?.includes(day)) say('not blocked on the date of an earlier wave');
    } else if (reason === 'no history yet: early by the seeded tie-break') {
      if (W !== '0' || p.wave > earlyCount) say('"no history yet: early" needs no history and an early wave');
    } else if (reason === 'no history yet: placed by the seeded tie-break') {
      if (W !== '0' || p.wave <= earlyCount) say('"no history yet: placed" needs no history and a later wave');
    } else if (
      (r =
        /^among the later waves by exposure: ([\d.]+) over (?:1 train|(\d+) trains)(?: including (\d+) regressions?)?$/.exec(
          reason,
        ))
    ) {
      if (lateText === null) say('"among the later waves" for a deployment that may go early');
      if (p.wave <= earlyCount) say('"among the later waves" in an early wave');
      if ((r[2] ?? '1') !== W || r[2] === '1') say(`trains should be ${W}`);
      if (r[1] !== fmt1(account.exposure)) say(`exposure should be ${fmt1(account.exposure)}`);
      if (Number(r[3] ?? 0) !== account.regressions) say(`regressions should be ${account.regressions}`);
    } else if ((r = /^fewest early turns: (\d+), fleet mean ([\d.]+)$/.exec(reason))) {
      if (p.wave > earlyCount || lateText !== null)
        say('"fewest early turns" for a wave or deployment that is not early');
      if (Number(r[1]) !== turns(d)) say(`A=${r[1]} is not its ${turns(d)} early turns`);
      if (r[2] !== M) say(`mean should be ${M}`);
    } else if (
      (r =
        /^(\d+) early turns? \(fleet mean ([\d.]+)\) and exposure ([\d.]+) over (?:1 train|(\d+) trains)(?: including (\d+) regressions?)?: its turn comes later$/.exec(
          reason,
        ))
    ) {
      if (p.wave <= earlyCount || lateText !== null)
        say('"its turn comes later" in an early wave or for a late-only one');
      if (Number(r[1]) !== turns(d)) say('wrong early turns');
      if ((turns(d) === 1) !== / turn \(/.test(reason)) say('turn/turns');
      if (r[2] !== M) say(`mean should be ${M}`);
      if ((r[4] ?? '1') !== W || r[4] === '1') say(`trains should be ${W}`);
      if (r[3] !== fmt1(account.exposure)) say(`exposure should be ${fmt1(account.exposure)}`);
      if (Number(r[5] ?? 0) !== account.regressions) say(`regressions should be ${account.regressions}`);
    } else say('matches no known explanation');
  }
  return out;
}

/**
 * Brute force: does any assignment of the customer deployments to the waves keep every
 * placement rule? Exponential; for fleets of a few deployments only.
 */
export function feasible(input: PlanInput): boolean {
  const days = expectedWaveDays(input.releaseDays, input.policy.bakeDays);
  const k = days.length;
  if (k === 0 || input.fleet.filter((d) => d.internal).length !== 1) return false;
  const capacities = expectedCapacities(input.policy, k);
  const early = Math.min(input.policy.earlyWaves, k - 1);
  const customers = input.fleet.filter((d) => !d.internal);
  const allowed = customers.map((d) =>
    days.map(
      (day, w) =>
        !(d.pinPolicy === 'late' && w !== k - 1) &&
        !(isLateOnly(d, input.policy) && w < early) &&
        !d.blockedDays?.includes(day),
    ),
  );
  const count = days.map(() => 0);
  const groups = days.map(() => new Set<string>());
  const place = (i: number): boolean => {
    if (i === customers.length) return true;
    const g = customers[i]!.pairingGroup;
    for (let w = 0; w < k; w++) {
      if (!allowed[i]![w] || count[w]! >= capacities[w]! || (g && groups[w]!.has(g))) continue;
      count[w]!++;
      if (g) groups[w]!.add(g);
      if (place(i + 1)) return true;
      count[w]!--;
      if (g) groups[w]!.delete(g);
    }
    return false;
  };
  return place(0);
}
