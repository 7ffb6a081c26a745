import { z } from 'zod';
import { type Day, formatDay } from './days';
import { TIERS, type Tier } from './deployment';
import { type WaveAssignment, type WaveRules, placeInWaves } from './wave-placement';

// Fair rollout ordering: who gets a release in which wave.
//
// Every eligible deployment has an account: its early (first customer wave) turns over its whole
// history — raised to the fleet's floor for one that joined or came back far behind it, so it is
// neither starved nor favoured — and its exposure over the last K trains: a weight per placement
// that is higher the earlier the wave, plus extra for every regression that reached it. The fewest
// turns take the early slots, longest-waiting first (a round robin that never forgets), the least
// exposure the earliest later waves, ties broken by a seeded hash; then the hard constraints place
// each deployment in the earliest wave it may join. Pure and deterministic; O(n log n) for the
// sort plus O(n · waves) for placement, after one pass over the history.

export const ENGINE_VERSION = 'fair-3';

export const rolloutPolicySchema = z
  .object({
    /** Capacities of customer waves 1…k−1: growing (first, first·factor, …) or a fixed number per wave. */
    waveSizes: z.discriminatedUnion('kind', [
      z
        .object({
          kind: z.literal('growing'),
          first: z.int().min(1, 'The first wave holds at least one deployment.').max(10_000),
          factor: z.number().min(1, 'Wave sizes cannot shrink: the factor is at least 1.').max(10),
        })
        .strict(),
      z
        .object({
          kind: z.literal('fixed'),
          perWave: z.int().min(1, 'A wave holds at least one deployment.').max(10_000),
        })
        .strict(),
    ]),
    /** With growing sizes the last wave takes everyone left; with fixed sizes it is capped too. */
    bakeDays: z.int().min(0).max(14).default(1),
    /** Deployments heavier than this are never in an early wave (blast radius). Null: no limit. */
    firstWaveWeightLimit: z.int().min(0).nullable().default(null),
    /** Tiers that never go early. */
    lateTiers: z.array(z.enum(TIERS)).default(['government']),
    /** How many customer waves count as early. */
    earlyWaves: z.int().min(1).max(5).default(1),
    /** History window K, in trains. */
    historyWindow: z.int().min(1).max(520).default(26),
    /** Exposure added for every regression that reached a deployment. */
    regressionWeight: z.number().min(0).max(100).default(3),
    /** Seed of the tie-break hash. */
    seed: z.int().min(0).default(1),
  })
  .strict();
export type RolloutPolicy = z.output<typeof rolloutPolicySchema>;

export const DEFAULT_POLICY: RolloutPolicy = {
  waveSizes: { kind: 'growing', first: 2, factor: 2 },
  bakeDays: 1,
  firstWaveWeightLimit: null,
  lateTiers: ['government'],
  earlyWaves: 1,
  historyWindow: 26,
  regressionWeight: 3,
  seed: 1,
};

export interface OrderingDeployment {
  key: string;
  region: string;
  tier: Tier;
  weight: number;
  pairingGroup: string | null;
  pinPolicy: 'none' | 'late';
  internal: boolean;
  /** Opted out of early customer waves (by the customer's wish, say): never placed in one. */
  earlyOptOut?: boolean;
  /** Days on which this deployment must not receive a release. */
  blockedDays?: readonly Day[];
}

/** One earlier train, as the history the accounts are built from. */
export interface PastPlan {
  /** Customer waves in order (wave 1 first), each a list of deployment keys. */
  waves: readonly (readonly string[])[];
  /** Keys of deployments a regression of that train reached (once per regression). */
  regressions: readonly string[];
}

export interface Account {
  /** Early slots in the window, counted only over trains where it was in the plan. */
  earlySlots: number;
  /**
   * Early turns for the rotation: its early slots over its whole history, raised to the fleet's
   * floor (`turnsFloor`, over the deployments that may go early) when it is far behind — one that
   * joined, or came back from retirement or an opt-out. The fewest turns go early.
   */
  turns: number;
  /** Position-weighted exposure plus regression weight, over the window. */
  exposure: number;
  /** Trains in the window where it was in the plan. */
  trains: number;
  /**
   * How many trains ago it was last early (1 = the previous train), over the whole history, not
   * just the window: when the fleet is so large that a full round of early slots outlasts the
   * window, this keeps the round going instead of letting the tie-break favour the same few.
   * Null if never early.
   */
  lastEarlyAgo: number | null;
  regressions: number;
}

export interface Placement {
  key: string;
  /** 0 = the internal deployment's wave; 1… customer waves. */
  wave: number;
  /** One sentence: why it is in this wave. */
  reason: string;
}

export interface Wave {
  index: number;
  date: Day;
  keys: string[];
}

export interface RolloutPlan {
  engineVersion: string;
  waves: Wave[];
  placements: Placement[];
  accounts: ReadonlyMap<string, Account>;
}

export class PlanRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanRefused';
  }
}

/**
 * Every deployment's account as the history grows, so that a long history is read once and not
 * at every plan: its early turns over the whole history (with the train, 1-based, in which it
 * last had one), and over the last `window` trains its early slots, trains, exposure and
 * regressions (the train leaving the window is taken back out). Advanced train by train it
 * equals `ledgerOf` the same history, operation for operation.
 */
export interface AccountLedger {
  /** The policy it reads the history by: early waves, the window (historyWindow − 1), the regression weight. */
  earlyWaves: number;
  window: number;
  regressionWeight: number;
  /** How many trains it has read. */
  trains: number;
  /** Per deployment: its early turns over the whole history and the train (1-based) of its last one; the rest over the window. */
  entries: Map<string, LedgerEntry>;
  /** The trains in the window, oldest first. */
  recent: PastPlan[];
}

export interface LedgerEntry {
  turns: number;
  lastEarly: number | null;
  /** The train (1-based) it was first planned in: how long one never early has waited. */
  firstSeen: number | null;
  earlySlots: number;
  trains: number;
  exposure: number;
  regressions: number;
}

export function emptyLedger(policy: RolloutPolicy): AccountLedger {
  return {
    earlyWaves: policy.earlyWaves,
    window: Math.max(0, policy.historyWindow - 1),
    regressionWeight: policy.regressionWeight,
    trains: 0,
    entries: new Map(),
    recent: [],
  };
}

function entryOf(ledger: AccountLedger, key: string): LedgerEntry {
  let e = ledger.entries.get(key);
  if (!e) {
    e = { turns: 0, lastEarly: null, firstSeen: null, earlySlots: 0, trains: 0, exposure: 0, regressions: 0 };
    ledger.entries.set(key, e);
  }
  return e;
}

/** Adds (`sign` 1) or takes back (−1) one train's part of the windowed account. */
function windowPart(ledger: AccountLedger, plan: PastPlan, sign: 1 | -1): void {
  const earlyCount = Math.min(ledger.earlyWaves, plan.waves.length - 1);
  const n = plan.waves.reduce((sum, wave) => sum + wave.length, 0);
  let before = 0;
  plan.waves.forEach((wave, w) => {
    // Exposure is how early you were: 1 − your position in the order, by the mean rank of your
    // wave (the position docs/fairness.md measures), so the first wave weighs about 1, the last about 0.
    const weight = n > 1 ? 1 - (before + (wave.length - 1) / 2) / (n - 1) : 0.5;
    before += wave.length;
    for (const key of wave) {
      const e = entryOf(ledger, key);
      e.trains += sign;
      e.exposure += sign * weight;
      if (w < earlyCount) e.earlySlots += sign;
    }
  });
  for (const key of plan.regressions) {
    const e = entryOf(ledger, key);
    e.regressions += sign;
    e.exposure += sign * ledger.regressionWeight;
  }
}

/** Counts one more train's early turns (its first min(earlyWaves, k − 1) waves). */
function countTurns(ledger: AccountLedger, plan: PastPlan): void {
  ledger.trains++;
  const earlyCount = Math.min(ledger.earlyWaves, plan.waves.length - 1);
  plan.waves.forEach((wave, w) => {
    for (const key of wave) {
      const e = entryOf(ledger, key);
      e.firstSeen ??= ledger.trains;
      if (w < earlyCount) {
        e.turns++;
        e.lastEarly = ledger.trains;
      }
    }
  });
}

/** Reads one more train into `ledger` (changing it): its first min(earlyWaves, k − 1) waves are early. */
export function advanceLedger(ledger: AccountLedger, plan: PastPlan): void {
  countTurns(ledger, plan);
  if (ledger.window === 0) return;
  windowPart(ledger, plan, 1);
  ledger.recent.push(plan);
  if (ledger.recent.length > ledger.window) windowPart(ledger, ledger.recent.shift()!, -1);
}

/** How many trains ago the ledger's train `index` (1-based) was: 1 for its last one; null for none. */
function trainsAgo(ledger: AccountLedger, index: number | null): number | null {
  return index === null ? null : ledger.trains - index + 1;
}

/**
 * The ledger of a whole history: its turns from every train, its window from the last trains only
 * (what advancing train by train leaves, up to the float dust that `buildAccounts` rounds away).
 */
export function ledgerOf(history: readonly PastPlan[], policy: RolloutPolicy): AccountLedger {
  const ledger = emptyLedger(policy);
  const windowStart = Math.max(0, history.length - ledger.window);
  history.forEach((plan, i) => {
    if (i < windowStart) countTurns(ledger, plan);
    else advanceLedger(ledger, plan);
  });
  return ledger;
}

/**
 * Every deployment's account: its early turns over the whole history, and the rest from the last
 * `historyWindow` − 1 earlier trains (with the train being planned they make the K trains the
 * fairness metrics count). The last wave of a plan is never early (a plan's early waves are
 * capped at its own k − 1). Read from `ledger` when the caller keeps one: O(n).
 */
export function buildAccounts(
  keys: readonly string[],
  history: readonly PastPlan[],
  policy: RolloutPolicy,
  ledger: AccountLedger = ledgerOf(history, policy),
): Map<string, Account> {
  if (
    ledger.trains !== history.length ||
    ledger.earlyWaves !== policy.earlyWaves ||
    ledger.window !== Math.max(0, policy.historyWindow - 1) ||
    ledger.regressionWeight !== policy.regressionWeight
  )
    throw new Error(
      `The account ledger read ${ledger.trains} trains by another policy than the ${history.length} trains to plan from.`,
    );
  const accounts = new Map<string, Account>();
  for (const key of keys) {
    const e = ledger.entries.get(key);
    accounts.set(key, {
      earlySlots: e?.earlySlots ?? 0,
      // Every early slot of the whole history counts for the rotation (raised to the mean by `planRollout`).
      turns: e?.turns ?? 0,
      // Rounded to 1e-9: a train taken back out of the window leaves float dust, which must not break ties.
      exposure: e ? Math.round(e.exposure * 1e9) / 1e9 : 0,
      trains: e?.trains ?? 0,
      lastEarlyAgo: trainsAgo(ledger, e?.lastEarly ?? null),
      regressions: e?.regressions ?? 0,
    });
  }
  return accounts;
}

/** A 32-bit hash of (seed, key): the deterministic tie-break. */
export function tieBreak(seed: number, key: string): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

/** Capacities of the customer waves; the last is Infinity with growing sizes. */
export function waveCapacities(policy: RolloutPolicy, waves: number): number[] {
  const sizes: number[] = [];
  for (let w = 0; w < waves; w++) {
    if (policy.waveSizes.kind === 'fixed') sizes.push(policy.waveSizes.perWave);
    else
      sizes.push(
        w === waves - 1 ? Number.POSITIVE_INFINITY : Math.round(policy.waveSizes.first * policy.waveSizes.factor ** w),
      );
  }
  return sizes;
}

/** Release days far enough apart for the bake time: a day closer than `bakeDays` to the previous wave is dropped. */
export function waveDays(
  releaseDays: readonly Day[],
  bakeDays: number,
  daysBetween: (a: Day, b: Day) => number,
): Day[] {
  const out: Day[] = [];
  for (const d of releaseDays) if (out.length === 0 || daysBetween(out.at(-1)!, d) >= bakeDays) out.push(d);
  return out;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Why a deployment may never go early under this policy, or null. */
export function lateOnlyReason(d: OrderingDeployment, policy: RolloutPolicy): string | null {
  if (d.pinPolicy === 'late') return 'pinned late: only ever in the last wave';
  if (d.earlyOptOut) return 'opted out of early waves';
  if (policy.lateTiers.includes(d.tier)) return `not eligible for early waves: ${d.tier} tier`;
  if (policy.firstWaveWeightLimit !== null && d.weight > policy.firstWaveWeightLimit) {
    return `not eligible for early waves: weight ${d.weight.toLocaleString('en-US')} is over the limit of ${policy.firstWaveWeightLimit.toLocaleString('en-US')}`;
  }
  return null;
}

export interface PlanInput {
  fleet: readonly OrderingDeployment[];
  policy: RolloutPolicy;
  /** The day the internal deployment gets the release (wave 0). */
  internalDay: Day;
  /** The train's production release days, in order (after calendar rules). */
  releaseDays: readonly Day[];
  history: readonly PastPlan[];
  /** The accounts of `history`, when the caller keeps them as it grows (else read from it). */
  ledger?: AccountLedger;
  daysBetween: (a: Day, b: Day) => number;
}

/**
 * Plans one train. Refuses (PlanRefused, with the reason) rather than bend a hard
 * constraint: no internal deployment, no release day, not enough room in the waves,
 * a pairing group larger than the number of waves a member may join, a deployment
 * blocked on every day it could go.
 */
export function planRollout(input: PlanInput): RolloutPlan {
  const { fleet, policy } = input;
  const internal = theInternalDeployment(fleet);
  const days = waveDays(input.releaseDays, policy.bakeDays, input.daysBetween);
  if (days.length === 0)
    throw new PlanRefused('The train has no production release day left; resolve its calendar conflict first.');
  const capacities = waveCapacities(policy, days.length);
  const customers = fleet.filter((d) => !d.internal);
  checkRoom(customers, capacities);
  checkPairingRoom(customers, capacities);

  const ledger = input.ledger ?? ledgerOf(input.history, policy);
  const accounts = buildAccounts(
    customers.map((d) => d.key),
    input.history,
    policy,
    ledger,
  );
  const rules: WaveRules = {
    days,
    capacities,
    earlyCount: Math.min(policy.earlyWaves, days.length - 1),
    lateOnly: new Map(customers.map((d) => [d.key, lateOnlyReason(d, policy)])),
  };
  // One who joined or came back far behind the fleet takes its turns from the fleet's on.
  const eligible = customers.filter((d) => rules.lateOnly.get(d.key) === null);
  const floor = turnsFloor(eligible.map((d) => accounts.get(d.key)!.turns));
  for (const d of eligible) {
    const a = accounts.get(d.key)!;
    a.turns = Math.max(a.turns, floor);
  }
  // Each key's hash once: the sorts below compare n log n times.
  const hash = new Map(customers.map((d) => [d.key, tieBreak(policy.seed, d.key)]));
  // How long each has waited for an early slot: since its last one, else since it was first
  // planned (one that just joined queues behind those waiting), else not at all.
  const waited = (key: string): number =>
    accounts.get(key)!.lastEarlyAgo ?? trainsAgo(ledger, ledger.entries.get(key)?.firstSeen ?? null) ?? 0;
  const order = fairOrder(customers, accounts, hash, waited);
  // The early waves go by the deficit order; the later ones by least exposure, so they rotate too:
  // who was earliest (or whom regressions reached) goes last.
  const placed = placeInWaves(
    order,
    rules,
    (a, b) =>
      accounts.get(a.key)!.exposure - accounts.get(b.key)!.exposure ||
      hash.get(a.key)! - hash.get(b.key)! ||
      a.key.localeCompare(b.key),
  );
  if ('unplaceable' in placed) throw unplaceable(placed.unplaceable);

  const explanation: Explanation = {
    rules,
    assignment: placed.assignment,
    accounts,
    meanTurns: eligible.length ? eligible.reduce((s, d) => s + accounts.get(d.key)!.turns, 0) / eligible.length : 0,
    window: Math.min(policy.historyWindow - 1, input.history.length),
  };
  return {
    engineVersion: ENGINE_VERSION,
    waves: [
      { index: 0, date: input.internalDay, keys: [internal.key] },
      ...days.map((date, i) => ({ index: i + 1, date, keys: placed.assignment.members[i]! })),
    ],
    placements: [
      { key: internal.key, wave: 0, reason: 'internal deployment: receives every release first, before any customer' },
      ...order.map((d) => {
        const w = placed.assignment.waveOf.get(d.key)!;
        return { key: d.key, wave: w + 1, reason: explainPlacement(d, w, explanation) };
      }),
    ],
    accounts,
  };
}

function theInternalDeployment(fleet: readonly OrderingDeployment[]): OrderingDeployment {
  const internal = fleet.filter((d) => d.internal);
  if (internal.length !== 1) {
    throw new PlanRefused(
      internal.length === 0
        ? 'The fleet has no internal deployment; mark one as internal: it receives every release first.'
        : `The fleet has ${internal.length} internal deployments; exactly one may be internal.`,
    );
  }
  return internal[0]!;
}

function checkRoom(customers: readonly OrderingDeployment[], capacities: readonly number[]): void {
  const total = capacities.reduce((a, b) => a + b, 0);
  if (customers.length > total) {
    throw new PlanRefused(
      `${customers.length} customer deployments do not fit in ${capacities.length} waves of at most ${capacities.map(fmt).join(', ')}; raise the wave sizes or add release days.`,
    );
  }
}

/** Pairing needs room: a group of g members needs g different waves, so g − 1 of them outside the last wave. */
function checkPairingRoom(customers: readonly OrderingDeployment[], capacities: readonly number[]): void {
  const k = capacities.length;
  const groups = new Map<string, number>();
  for (const d of customers) if (d.pairingGroup) groups.set(d.pairingGroup, (groups.get(d.pairingGroup) ?? 0) + 1);
  for (const [group, size] of groups) {
    if (size > k)
      throw new PlanRefused(
        `Pairing group ${group} has ${size} members but the train has only ${k} wave${k === 1 ? '' : 's'}; split the group or add release days.`,
      );
  }
  const pinnedByGroup = new Map<string, string[]>();
  for (const d of customers)
    if (d.pairingGroup && d.pinPolicy === 'late')
      pinnedByGroup.set(d.pairingGroup, [...(pinnedByGroup.get(d.pairingGroup) ?? []), d.key]);
  for (const [group, keys] of pinnedByGroup) {
    if (keys.length > 1) {
      throw new PlanRefused(
        `${keys.join(' and ')} are pinned late and paired (${group}): they can never share the last wave; unpin one or take one out of the group.`,
      );
    }
  }
  const needOutsideLast = [...groups.values()].reduce((sum, g) => sum + g - 1, 0);
  const roomOutsideLast = capacities.slice(0, -1).reduce((a, b) => a + b, 0);
  if (needOutsideLast > roomOutsideLast) {
    throw new PlanRefused(
      `Pairing groups need ${needOutsideLast} deployments outside the last wave, but ${k === 2 ? 'wave 1 holds' : `waves 1–${k - 1} hold`} only ${roomOutsideLast}; raise the wave sizes or add release days.`,
    );
  }
}

/**
 * Round-robin order: fewest early turns (all time), then longest wait (since its last early
 * slot, or since it was first planned), then least exposure (regressions that reached it push
 * it back), then the seeded hash.
 */
function fairOrder(
  customers: readonly OrderingDeployment[],
  accounts: ReadonlyMap<string, Account>,
  hash: ReadonlyMap<string, number>,
  waited: (key: string) => number,
): OrderingDeployment[] {
  // The sort keys read once per deployment, not at every comparison.
  const keyed = customers.map((d) => {
    const a = accounts.get(d.key)!;
    return { d, turns: a.turns, waited: waited(d.key), exposure: a.exposure, hash: hash.get(d.key)! };
  });
  keyed.sort(
    (x, y) =>
      x.turns - y.turns ||
      y.waited - x.waited ||
      x.exposure - y.exposure ||
      x.hash - y.hash ||
      (x.d.key < y.d.key ? -1 : x.d.key > y.d.key ? 1 : 0),
  );
  return keyed.map((k) => k.d);
}

/**
 * The fewest early turns a deployment that may go early counts as: the fewest among those within
 * one turn of the (lower) median, the fleet's established ones. One that joined, or came back from
 * retirement or an opt-out, is further behind; it counts as that floor, so it takes its turns with
 * the fleet (in its order of waiting) instead of taking a backlog of them. In a fleet whose turns
 * are within one of each other the floor is their minimum, and nothing is raised.
 */
export function turnsFloor(turns: readonly number[]): number {
  if (turns.length === 0) return 0;
  const sorted = [...turns].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return sorted.find((t) => t >= median - 1)!;
}

function unplaceable(d: OrderingDeployment): PlanRefused {
  const why =
    d.pinPolicy === 'late'
      ? 'the last wave is full, blocked for it, or holds its pairing partner'
      : 'every wave it may join is full, blocked for it, or holds its pairing partner';
  return new PlanRefused(`${d.key} cannot be placed: ${why}; relax the policy, unpin it, or change its pairing group.`);
}

/** What the explanations of a plan draw on. */
interface Explanation {
  rules: WaveRules;
  assignment: WaveAssignment;
  accounts: ReadonlyMap<string, Account>;
  /** The mean early turns over the deployments that may go early (after raising those behind). */
  meanTurns: number;
  /** How many earlier trains the accounts were read from. */
  window: number;
}

/**
 * Why customer d is in (0-based customer) wave w, in one sentence. A deployment that may never
 * go early says why first, then (unless it is pinned to the last wave) why this later wave.
 */
function explainPlacement(d: OrderingDeployment, w: number, e: Explanation): string {
  const lateReason = e.rules.lateOnly.get(d.key);
  if (!lateReason) return whyThisWave(d, w, e, false);
  return d.pinPolicy === 'late' ? lateReason : `${lateReason}; ${whyThisWave(d, w, e, true)}`;
}

function regressionsWords(a: Account): string {
  return a.regressions ? ` including ${a.regressions} regression${a.regressions === 1 ? '' : 's'}` : '';
}

function whyThisWave(d: OrderingDeployment, w: number, e: Explanation, lateOnly: boolean): string {
  const { days, earlyCount } = e.rules;
  const { waveOf, pushedBy, tookPlace, madeRoom, swapped, noOtherWave, gaveWay } = e.assignment;
  const a = e.accounts.get(d.key)!;
  const mean = fmt(e.meanTurns);
  const lastTrains = e.window === 1 ? 'the last train' : `the last ${e.window} trains`;
  const tookPlaceOf = tookPlace.get(d.key);
  const madeRoomFor = madeRoom.get(d.key);
  const partner = pushedBy.get(d.key)?.split('@')[0];
  const gaveWayTo = gaveWay.get(d.key);
  // Only while the partner is still last: a later chain of moves may have moved it.
  if (gaveWayTo !== undefined && waveOf.get(gaveWayTo) === days.length - 1)
    return `paired with ${gaveWayTo}, which had more exposure and took the last wave`;
  if (madeRoomFor !== undefined && swapped.has(d.key) && w === days.length - 1 && gaveWay.has(madeRoomFor))
    return `moved to the last wave to make room for ${madeRoomFor}, which made way for its pairing partner ${gaveWay.get(madeRoomFor)}`;
  if (madeRoomFor !== undefined && swapped.has(d.key) && w === days.length - 1)
    return `moved to the last wave to make room for ${madeRoomFor}, which no other wave would take (${noOtherWave.get(madeRoomFor) ?? 'none had room'})`;
  if (madeRoomFor !== undefined) return `moved to wave ${w + 1} to make room for ${madeRoomFor}`;
  if (tookPlaceOf !== undefined)
    return `took the place of ${tookPlaceOf} in wave ${w + 1}: ${noOtherWave.get(d.key) ?? 'no other wave it may join had room'}`;
  // Named by the partner's final wave: a chain of moves may have moved it since.
  if (partner !== undefined && waveOf.get(partner)! < w)
    return `paired with ${partner}, which is in wave ${waveOf.get(partner)! + 1}`;
  const blocked = days.slice(0, w).find((b) => d.blockedDays?.includes(b));
  if (blocked !== undefined) return `blocked on ${formatDay(blocked, { weekday: true, year: false })}, so a later wave`;
  if (e.window === 0)
    return w < earlyCount
      ? 'no history yet: early by the seeded tie-break'
      : 'no history yet: placed by the seeded tie-break';
  if (lateOnly) return `among the later waves by exposure: ${fmt(a.exposure)} in ${lastTrains}${regressionsWords(a)}`;
  if (w < earlyCount) return `fewest early turns: ${a.turns}, fleet mean ${mean}`;
  return `${a.turns} early turn${a.turns === 1 ? '' : 's'} (fleet mean ${mean}) and exposure ${fmt(a.exposure)} in ${lastTrains}${regressionsWords(a)}: its turn comes later`;
}

/**
 * Every hard constraint a set of waves breaks, one sentence each (empty when it
 * keeps them all). Used to check a lead's manual move before it is saved.
 */
export function planViolations(
  waves: readonly { date: Day; keys: readonly string[] }[],
  fleet: readonly OrderingDeployment[],
  policy: RolloutPolicy,
): string[] {
  const out: string[] = [];
  const byKey = new Map(fleet.map((d) => [d.key, d]));
  const customerWaves = waves.slice(1);
  const k = customerWaves.length;
  const capacities = waveCapacities(policy, k);
  const earlyCount = Math.min(policy.earlyWaves, k - 1);
  const internalKeys = waves[0]?.keys ?? [];
  if (internalKeys.length !== 1 || !byKey.get(internalKeys[0]!)?.internal)
    out.push('Wave 0 must hold exactly the internal deployment.');
  customerWaves.forEach((wave, i) => {
    const n = i + 1;
    if (wave.keys.length > capacities[i]!)
      out.push(`Wave ${n} would hold ${wave.keys.length} deployments; its size is ${fmt(capacities[i]!)}.`);
    const groups = new Map<string, string>();
    for (const key of wave.keys) {
      const d = byKey.get(key);
      if (!d) continue;
      if (d.internal) out.push(`${key} is the internal deployment: it goes in wave 0, before every customer.`);
      if (d.pinPolicy === 'late' && i !== k - 1)
        out.push(`${key} is pinned late: only the last wave (wave ${k}) may hold it.`);
      const lateReason = lateOnlyReason(d, policy);
      if (lateReason && d.pinPolicy !== 'late' && i < earlyCount)
        out.push(`${key} is ${lateReason}; wave ${n} is early.`);
      if (d.blockedDays?.includes(wave.date))
        out.push(`${key} is blocked on ${formatDay(wave.date, { weekday: true })}, the day of wave ${n}.`);
      if (d.pairingGroup) {
        const partner = groups.get(d.pairingGroup);
        if (partner)
          out.push(`${key} is paired with ${partner} (group ${d.pairingGroup}), which is already in wave ${n}.`);
        else groups.set(d.pairingGroup, key);
      }
    }
  });
  return out;
}
