import { z } from 'zod';
import { type Day, formatDay } from './days';
import { TIERS, type Tier } from './deployment';
import { type Placeable, type WaveAssignment, type WaveRules, placeInWaves } from './wave-placement';

// Fair rollout ordering: who gets a release in which wave.
//
// Every eligible deployment has an account: its early (first customer wave) turns over its whole
// history — raised to the fleet's floor for one that joined or came back far behind it, so it is
// neither starved nor favoured — and its exposure over the same history: a weight per placement
// that is higher the earlier the wave, plus extra for every regression that reached it. The fewest
// turns take the early slots, longest-waiting first (a round robin that never forgets), the least
// exposure the earliest later waves, ties broken by a seeded hash; then the hard constraints place
// each deployment in the earliest wave it may join. Pure and deterministic; O(n log n) for the
// sort plus O(n · waves) for placement, after one pass over the history.

export const ENGINE_VERSION = 'fair-4';

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
    /** The fairness report's horizon K, in trains (the accounts themselves count the whole history). */
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
  /** Early slots over its whole history (trains it was planned in). */
  earlySlots: number;
  /**
   * Early turns for the rotation: its early slots, raised to the fleet's floor (`turnsFloor`,
   * over the deployments that may go early) when it is far behind — one that joined, or came back
   * from retirement or an opt-out. The fewest turns go early.
   */
  turns: number;
  /**
   * Position-weighted exposure plus the regression weight for each regression that reached it,
   * over its whole history (entering at the fleet's mean when it joined or came back).
   */
  exposure: number;
  /** Trains it was planned in. */
  trains: number;
  /** How many trains ago it was last early (1 = the previous train); null if never early. */
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
 * Every deployment's fairness account as the history grows, so that a long history is read once
 * and not at every plan: over its whole history, its early turns (with the train, 1-based, of its
 * last one), the trains it was planned in, its exposure and the regressions that reached it.
 * Advanced train by train (`advanceLedger`); `ledgerOf` a history is the same fold, so a ledger
 * kept as the trains were planned equals one rebuilt from them, operation for operation.
 */
export interface AccountLedger {
  /** The policy it reads the history by: early waves and the regression weight. */
  earlyWaves: number;
  regressionWeight: number;
  /** How many trains it has read. */
  trains: number;
  entries: Map<string, LedgerEntry>;
}

export interface LedgerEntry {
  /** Early slots over the whole history. */
  turns: number;
  /** The train (1-based) of its last early slot. */
  lastEarly: number | null;
  /** The train it was first planned in: how long one never early has waited. */
  firstSeen: number | null;
  /** The train it was last planned in: one absent from the train before re-enters at the fleet's mean exposure. */
  lastSeen: number | null;
  /** Trains it was planned in. */
  trains: number;
  exposure: number;
  regressions: number;
}

/** The policy fields an account ledger depends on (another value means reading the history again). */
export function ledgerPolicy(policy: RolloutPolicy): { earlyWaves: number; regressionWeight: number } {
  return { earlyWaves: policy.earlyWaves, regressionWeight: policy.regressionWeight };
}

export function emptyLedger(policy: RolloutPolicy): AccountLedger {
  return { ...ledgerPolicy(policy), trains: 0, entries: new Map() };
}

function newEntry(): LedgerEntry {
  return { turns: 0, lastEarly: null, firstSeen: null, lastSeen: null, trains: 0, exposure: 0, regressions: 0 };
}

/**
 * Reads one more train into `ledger` (changing it). Its first min(earlyWaves, k − 1) waves are
 * early. Exposure is how early one was: 1 − its position in the order, by the mean rank of its
 * wave (the position docs/fairness.md measures), so the first wave weighs about 1 and the last
 * about 0; each regression that reached it adds the regression weight. A deployment planned for
 * the first time, or again after trains without it (retired, say), first enters at the mean
 * exposure of the train before's deployments when it is below it: it is neither favoured for the
 * trains it missed nor starved.
 */
export function advanceLedger(ledger: AccountLedger, plan: PastPlan): void {
  const previous = ledger.trains;
  const train = ++ledger.trains;
  const mean =
    previous > 0 && plan.waves.some((w) => w.some((key) => ledger.entries.get(key)?.lastSeen !== previous))
      ? meanExposure(ledger, previous)
      : 0;
  const earlyCount = Math.min(ledger.earlyWaves, plan.waves.length - 1);
  let n = 0;
  for (const wave of plan.waves) n += wave.length;
  let before = 0;
  for (let w = 0; w < plan.waves.length; w++) {
    const wave = plan.waves[w]!;
    const weight = n > 1 ? 1 - (before + (wave.length - 1) / 2) / (n - 1) : 0.5;
    before += wave.length;
    for (const key of wave) {
      let e = ledger.entries.get(key);
      if (!e) ledger.entries.set(key, (e = newEntry()));
      if (e.lastSeen !== previous && e.exposure < mean) e.exposure = mean;
      e.firstSeen ??= train;
      e.lastSeen = train;
      e.trains++;
      e.exposure += weight;
      if (w < earlyCount) {
        e.turns++;
        e.lastEarly = train;
      }
    }
  }
  for (const key of plan.regressions) {
    let e = ledger.entries.get(key);
    if (!e) ledger.entries.set(key, (e = newEntry()));
    e.regressions++;
    e.exposure += ledger.regressionWeight;
  }
}

/**
 * The mean exposure of the deployments planned in train `index`, summed smallest first: the same
 * number whatever order the ledger holds its entries in (one read back from the database holds
 * them in another order than one advanced train by train, and float sums depend on the order).
 */
function meanExposure(ledger: AccountLedger, index: number): number {
  const values: number[] = [];
  for (const e of ledger.entries.values()) if (e.lastSeen === index) values.push(e.exposure);
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return sum / sorted.length;
}

/** The ledger of a whole history: every train read in order, as a caller advancing it would. */
export function ledgerOf(history: readonly PastPlan[], policy: RolloutPolicy): AccountLedger {
  const ledger = emptyLedger(policy);
  for (const plan of history) advanceLedger(ledger, plan);
  return ledger;
}

/** Throws unless `ledger` read `trains` trains by this policy. */
function checkLedger(ledger: AccountLedger, trains: number, policy: RolloutPolicy): void {
  if (
    ledger.trains !== trains ||
    ledger.earlyWaves !== policy.earlyWaves ||
    ledger.regressionWeight !== policy.regressionWeight
  )
    throw new Error(
      `The account ledger read ${ledger.trains} trains by another policy than the ${trains} trains to plan from.`,
    );
}

/** Exposure as accounts show and compare it: rounded to 1e-9, so float dust never breaks a tie. */
function roundedExposure(e: LedgerEntry | undefined): number {
  return e ? Math.round(e.exposure * 1e9) / 1e9 : 0;
}

function accountOf(ledger: AccountLedger, e: LedgerEntry | undefined): Account {
  return {
    earlySlots: e?.turns ?? 0,
    turns: e?.turns ?? 0,
    exposure: roundedExposure(e),
    trains: e?.trains ?? 0,
    lastEarlyAgo: trainsAgo(ledger, e?.lastEarly ?? null),
    regressions: e?.regressions ?? 0,
  };
}

/** How many trains ago the ledger's train `index` (1-based) was: 1 for its last one; null for none. */
function trainsAgo(ledger: AccountLedger, index: number | null): number | null {
  return index === null ? null : ledger.trains - index + 1;
}

/**
 * Every deployment's account over the whole history (turns not yet raised to the fleet's floor:
 * `planRollout` does that). Read from `ledger` when the caller keeps one: O(n).
 */
export function buildAccounts(
  keys: readonly string[],
  history: readonly PastPlan[],
  policy: RolloutPolicy,
  ledger: AccountLedger = ledgerOf(history, policy),
): Map<string, Account> {
  checkLedger(ledger, history.length, policy);
  return new Map(keys.map((key) => [key, accountOf(ledger, ledger.entries.get(key))]));
}

/** A 32-bit hash of (seed, key): the deterministic tie-break. */
export function tieBreak(seed: number, key: string): number {
  // FNV-1a, then a murmur-style finish. Kept in int32 until the end (the same bits as unsigned
  // throughout): no unsigned value outside the small-integer range is made per character.
  let h = 2166136261 ^ seed;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
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
  /** The earlier trains' plans, oldest first: what the accounts are read from when no `ledger` is given. */
  history?: readonly PastPlan[];
  /** The accounts of the earlier trains, kept as they were planned (else read from `history`). */
  ledger?: AccountLedger;
  daysBetween: (a: Day, b: Day) => number;
}

/** One customer as the planner sorts and places it: the sort keys read once, in fields. */
interface Ranked extends Placeable {
  turns: number;
  waited: number;
  /**
   * Its index in the customers. Its exposure and hash are kept in typed arrays (a double or an
   * unsigned 32-bit value in an object field is a boxed number), its deployment in the customers.
   */
  i: number;
  /** Its place in the later waves' order (least exposure first). */
  rank: number;
}

/**
 * Plans one train. Refuses (PlanRefused, with the reason) rather than bend a hard
 * constraint: no internal deployment, no release day, not enough room in the waves,
 * a pairing group larger than the number of waves a member may join, a deployment
 * blocked on every day it could go. The accounts and each placement's explanation are
 * made when first read (the plan shown or saved), not for every plan made.
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

  if (!input.ledger && !input.history) throw new Error('planRollout needs the history or its account ledger.');
  const ledger = input.ledger ?? ledgerOf(input.history!, policy);
  checkLedger(ledger, input.history?.length ?? ledger.trains, policy);
  const ranked: Ranked[] = new Array<Ranked>(customers.length);
  const exposure = new Float64Array(customers.length);
  const hash = new Uint32Array(customers.length);
  const eligibleTurns: number[] = [];
  for (let i = 0; i < customers.length; i++) {
    const d = customers[i]!;
    const late = lateOnlyReason(d, policy);
    const entry = ledger.entries.get(d.key);
    const turns = entry?.turns ?? 0;
    if (late === null) eligibleTurns.push(turns);
    exposure[i] = roundedExposure(entry);
    hash[i] = tieBreak(policy.seed, d.key);
    ranked[i] = {
      key: d.key,
      pinPolicy: d.pinPolicy,
      pairingGroup: d.pairingGroup,
      blockedDays: d.blockedDays,
      lateOnly: late !== null,
      turns,
      // How long it has waited for an early slot: since its last one, else since it was first
      // planned (one that just joined queues behind those waiting), else not at all.
      waited: trainsAgo(ledger, entry?.lastEarly ?? entry?.firstSeen ?? null) ?? 0,
      i,
      rank: 0,
      wave: -1,
    };
  }
  // One who joined or came back far behind the fleet takes its turns from the fleet's on.
  const floor = turnsFloor(eligibleTurns);
  for (const r of ranked) if (r.turns < floor && !r.lateOnly) r.turns = floor;
  const rules: WaveRules = { days, capacities, earlyCount: Math.min(policy.earlyWaves, days.length - 1) };
  // The early waves go by the deficit order; the later ones by least exposure, so they rotate too:
  // who was earliest (or whom regressions reached) goes last.
  const later = laterOrder(ranked, exposure, hash);
  for (let i = 0; i < later.length; i++) later[i]!.rank = i;
  const order = fairOrder(later);
  const placed = placeInWaves(order, rules, { order: later, rank: (r) => r.rank });
  if ('unplaceable' in placed) throw unplaceable(customers[placed.unplaceable.i]!);
  const { assignment } = placed;

  let accounts: Map<string, Account> | undefined;
  let placements: Placement[] | undefined;
  const accountsOf = (): Map<string, Account> =>
    (accounts ??= new Map(
      ranked.map(
        (r) => [r.key, { ...accountOf(ledger, ledger.entries.get(r.key)), turns: r.turns }] as [string, Account],
      ),
    ));
  return {
    engineVersion: ENGINE_VERSION,
    waves: [
      { index: 0, date: input.internalDay, keys: [internal.key] },
      ...days.map((date, i) => ({ index: i + 1, date, keys: assignment.members[i]! })),
    ],
    get accounts() {
      return accountsOf();
    },
    get placements() {
      if (placements) return placements;
      const explanation: Explanation = {
        rules,
        assignment,
        accounts: accountsOf(),
        policy,
        meanTurns: meanTurns(ranked),
        trains: ledger.trains,
      };
      placements = [
        {
          key: internal.key,
          wave: 0,
          reason: 'internal deployment: receives every release first, before any customer',
        },
        ...order.map((r) => {
          return { key: r.key, wave: r.wave + 1, reason: explainPlacement(customers[r.i]!, r.wave, explanation) };
        }),
      ];
      return placements;
    },
  };
}

/** The mean early turns over the deployments that may go early (after raising those behind). */
function meanTurns(ranked: readonly Ranked[]): number {
  let sum = 0;
  let count = 0;
  for (const r of ranked)
    if (!r.lateOnly) {
      sum += r.turns;
      count++;
    }
  return count > 0 ? sum / count : 0;
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
 * The later waves' order: least exposure, then the seeded hash, then the key. Sorted natively on
 * numbers that pack the keys: the hash with each one's index, then the exposure (in the 1e-9
 * units the accounts are rounded to) with each one's rank by hash — the cost of a plain sort.
 * Compared field by field when the exposures are too large to pack.
 */
function laterOrder(ranked: readonly Ranked[], exposure: Float64Array, hash: Uint32Array): Ranked[] {
  const n = ranked.length;
  const byKey = (x: Ranked, y: Ranked): number => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
  let maxUnits = 0;
  for (let i = 0; i < n; i++) maxUnits = Math.max(maxUnits, Math.round(exposure[i]! * 1e9));
  if ((maxUnits + 1) * n > Number.MAX_SAFE_INTEGER || n > 2 ** 20)
    return ranked.slice().sort((a, b) => exposure[a.i]! - exposure[b.i]! || hash[a.i]! - hash[b.i]! || byKey(a, b));
  // By hash (equal hashes, which are rare, by key): each one's rank in that order.
  const byHash = new Float64Array(n);
  for (let i = 0; i < n; i++) byHash[i] = hash[i]! * n + i;
  byHash.sort();
  const atHashRank = new Int32Array(n);
  for (let j = 0; j < n;) {
    const first = byHash[j]! % n;
    let end = j + 1;
    while (end < n && hash[byHash[end]! % n] === hash[first]) end++;
    if (end - j === 1) atHashRank[j] = first;
    else {
      const tied = Array.from(byHash.subarray(j, end), (v) => ranked[v % n]!).sort(byKey);
      tied.forEach((r, k) => (atHashRank[j + k] = r.i));
    }
    j = end;
  }
  const hashRank = new Int32Array(n);
  for (let j = 0; j < n; j++) hashRank[atHashRank[j]!] = j;
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = Math.round(exposure[i]! * 1e9) * n + hashRank[i]!;
  packed.sort();
  const order = new Array<Ranked>(n);
  for (let j = 0; j < n; j++) order[j] = ranked[atHashRank[packed[j]! % n]!]!;
  return order;
}

/**
 * Round-robin order: fewest early turns (all time), then longest wait (since its last early
 * slot, or since it was first planned), then least exposure (regressions that reached it push
 * it back), then the seeded hash — the last two being the later waves' order, `later`, whose
 * ranks make the keys unique. The keys are packed into one number each and sorted natively (the
 * cost of a plain sort), or compared field by field when a history too long for that would
 * overflow the packing.
 */
function fairOrder(later: readonly Ranked[]): Ranked[] {
  const n = later.length;
  let maxTurns = 0;
  let maxWaited = 0;
  for (const r of later) {
    if (r.turns > maxTurns) maxTurns = r.turns;
    if (r.waited > maxWaited) maxWaited = r.waited;
  }
  const span = maxWaited + 1;
  if ((maxTurns + 1) * span * n > Number.MAX_SAFE_INTEGER)
    return later.slice().sort((x, y) => x.turns - y.turns || y.waited - x.waited || x.rank - y.rank);
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = later[i]!;
    packed[i] = (r.turns * span + (maxWaited - r.waited)) * n + r.rank;
  }
  packed.sort();
  const order = new Array<Ranked>(n);
  for (let i = 0; i < n; i++) order[i] = later[packed[i]! % n]!;
  return order;
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
  const sorted = Float64Array.from(turns).sort();
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
  policy: RolloutPolicy;
  assignment: WaveAssignment;
  accounts: ReadonlyMap<string, Account>;
  /** The mean early turns over the deployments that may go early (after raising those behind). */
  meanTurns: number;
  /** How many earlier trains the accounts were read from. */
  trains: number;
}

/**
 * Why customer d is in (0-based customer) wave w, in one sentence. A deployment that may never
 * go early says why first, then (unless it is pinned to the last wave) why this later wave.
 */
function explainPlacement(d: OrderingDeployment, w: number, e: Explanation): string {
  const late = lateOnlyReason(d, e.policy);
  if (late === null) return whyThisWave(d, w, e, false);
  return d.pinPolicy === 'late' ? late : `${late}; ${whyThisWave(d, w, e, true)}`;
}

function regressionsWords(a: Account): string {
  return a.regressions ? ` including ${a.regressions} regression${a.regressions === 1 ? '' : 's'}` : '';
}

function whyThisWave(d: OrderingDeployment, w: number, e: Explanation, lateOnly: boolean): string {
  const { days, earlyCount } = e.rules;
  const { waveOf, pushedBy, tookPlace, madeRoom, swapped, noOtherWave, gaveWay } = e.assignment;
  const a = e.accounts.get(d.key)!;
  const mean = fmt(e.meanTurns);
  const overTrains = `over ${e.trains === 1 ? '1 train' : `${e.trains} trains`}`;
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
  if (e.trains === 0)
    return w < earlyCount
      ? 'no history yet: early by the seeded tie-break'
      : 'no history yet: placed by the seeded tie-break';
  if (lateOnly) return `among the later waves by exposure: ${fmt(a.exposure)} ${overTrains}${regressionsWords(a)}`;
  if (w < earlyCount) return `fewest early turns: ${a.turns}, fleet mean ${mean}`;
  return `${a.turns} early turn${a.turns === 1 ? '' : 's'} (fleet mean ${mean}) and exposure ${fmt(a.exposure)} ${overTrains}${regressionsWords(a)}: its turn comes later`;
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
