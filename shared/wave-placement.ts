import type { Day } from './days';

// Placement, the stage of fair ordering that puts customers into waves: in fair
// order, each in the earliest wave it may join, and when none has room, by the moves
// that make room. It records those moves, since the explanations name them.

/** What placement reads of a deployment (the ordering engine's deployment has more). */
export interface Placeable {
  key: string;
  pinPolicy: 'none' | 'late';
  pairingGroup: string | null;
  blockedDays?: readonly Day[] | undefined;
  /** It may never be in an early wave (pinned late, opted out, a late tier, too heavy). */
  lateOnly: boolean;
  /** The (0-based customer) wave placement has put it in, −1 before: placement writes it. */
  wave: number;
}

/** The hard constraints of one train's waves. */
export interface WaveRules {
  /** The day of each customer wave. */
  days: readonly Day[];
  capacities: readonly number[];
  /** How many customer waves count as early. */
  earlyCount: number;
}

/** Where placement put every customer, and the moves it made on the way. */
export interface WaveAssignment {
  /** Customer keys per wave (index 0 is wave 1). */
  members: string[][];
  waveOf: ReadonlyMap<string, number>;
  /** A later wave than it could have had because its pairing partner was there: `partner@wave`. */
  pushedBy: Map<string, string>;
  /** Who took whose place (the start of a move → the one it displaced). */
  tookPlace: Map<string, string>;
  /** Who moved for whom (the displaced → the one that took its place). */
  madeRoom: Map<string, string>;
  /** Deployments moved to the last wave by the one-step swap (the others in madeRoom moved along a chain). */
  swapped: Set<string>;
  /** Why no other wave would take a deployment that took another's place: "wave 2 is full (size 4), …". */
  noOtherWave: Map<string, string>;
  /** A member of a pairing group that moved to an earlier later wave so that its partner, with more exposure, goes last. */
  gaveWay: Map<string, string>;
}

/**
 * Places `order` (fairest first) into the waves, or names the first deployment that no
 * placement satisfying the hard constraints can hold. Pinned-late ones go first (the last wave
 * is the only one they may join, so pairing and capacity must account for them); then the
 * ones that may go early, in `order`, until the early waves are full; then everyone left, the
 * late-only ones included, in the later waves' order.
 */
export function placeInWaves<D extends Placeable>(
  order: readonly D[],
  rules: WaveRules,
  later: LaterOrder<D>,
): { assignment: WaveAssignment } | { unplaceable: D } {
  const board = new WaveBoard<D>(order, rules, later);
  for (const d of order) if (d.pinPolicy === 'late' && !board.place(d)) return { unplaceable: d };
  for (const d of order) {
    if (d.pinPolicy === 'late' || d.lateOnly || board.earlyFull()) continue;
    if (!board.place(d)) return { unplaceable: d };
  }
  board.laterWaves = true;
  // Everyone not placed yet, in the later waves' order (all of them are placed by then, or refused).
  for (const d of later.order) if (d.wave < 0 && !board.place(d)) return { unplaceable: d };
  return { assignment: board };
}

/** The later waves' order (least exposure first): every customer in it, and each one's rank there. */
export interface LaterOrder<D> {
  order: readonly D[];
  rank: (d: D) => number;
}

class WaveBoard<D extends Placeable> implements WaveAssignment {
  readonly pushedBy = new Map<string, string>();
  readonly tookPlace = new Map<string, string>();
  readonly madeRoom = new Map<string, string>();
  readonly swapped = new Set<string>();
  readonly noOtherWave = new Map<string, string>();
  readonly gaveWay = new Map<string, string>();
  /** Pairing groups present in each wave, so that checks stay O(1) in waves of thousands. */
  private readonly groupsIn: Map<string, D>[];
  /** The deployments in each wave (index 0 is wave 1). */
  private readonly slots: D[][];
  private readonly customers: readonly D[];
  private keys: string[][] | undefined;
  private waves: Map<string, number> | undefined;
  private readonly last: number;
  /** Set once the early waves are settled and the rest are placed in the later waves' order. */
  laterWaves = false;

  constructor(
    customers: readonly D[],
    private readonly rules: WaveRules,
    /** How the later waves are ordered (least exposure first). */
    private readonly later: LaterOrder<D>,
  ) {
    this.slots = rules.days.map(() => []);
    this.groupsIn = rules.days.map(() => new Map());
    this.customers = customers;
    for (const d of customers) d.wave = -1;
    this.last = rules.days.length - 1;
  }

  /** Customer keys per wave, read once placement is done. */
  get members(): string[][] {
    return (this.keys ??= this.slots.map((wave) => wave.map((d) => d.key)));
  }

  /** Each customer's wave, read once placement is done (the explanations' view). */
  get waveOf(): ReadonlyMap<string, number> {
    if (!this.waves) {
      this.waves = new Map();
      for (const d of this.customers) this.waves.set(d.key, d.wave);
    }
    return this.waves;
  }

  /** Whether every early wave is at its capacity. */
  earlyFull(): boolean {
    for (let w = 0; w < this.rules.earlyCount; w++) if (this.slots[w]!.length < this.rules.capacities[w]!) return false;
    return true;
  }

  /** Places d in the earliest wave it may join, else makes room for it; false when nothing can. */
  place(d: D): boolean {
    const { slots, rules } = this;
    for (let w = 0; w < rules.days.length; w++) {
      if (slots[w]!.length >= rules.capacities[w]! || !this.canJoin(d, w)) {
        const partner = d.pairingGroup ? this.groupsIn[w]!.get(d.pairingGroup) : undefined;
        if (partner && !this.pushedBy.has(d.key) && slots[w]!.length < rules.capacities[w]!)
          this.pushedBy.set(d.key, `${partner.key}@${w}`);
        continue;
      }
      this.put(d, w);
      return true;
    }
    this.noOtherWave.set(d.key, this.refusals(d));
    // Every wave it may join is full or holds its partner. When the partner holding the last
    // wave comes before it in the later waves' order, the partner makes way; else the cheapest
    // fix: take the place of the latest-ordered member of an earlier wave who can move to the
    // last wave instead (greedy order made room for others first, so this moves the one with
    // the most early slots); failing that, any chain of moves that makes room.
    return this.partnerMakesWay(d) || this.swapIntoLast(d) || this.augment(d);
  }

  /**
   * d, placed in the later waves' order, finds its pairing partner in the last wave with room
   * there, and the partner comes first in that order (less exposure): the partner moves to an
   * earlier wave, as d would have had to, and d takes the last wave, so that the one with more
   * exposure (or regressions) goes later.
   */
  private partnerMakesWay(d: D): boolean {
    const { last } = this;
    const p = d.pairingGroup ? this.groupsIn[last]!.get(d.pairingGroup) : undefined;
    if (!this.laterWaves || p === undefined || !this.allowed(d, last)) return false;
    const partner = p.key;
    if (this.later.rank(p) >= this.later.rank(d)) return false;
    this.take(p);
    this.put(d, last);
    // Only into a later wave: the early waves are settled by their own turns.
    if (this.swapIntoLast(p, this.rules.earlyCount)) {
      // Whoever took the partner's place before no longer explains itself by it: it may be back.
      for (const [key, took] of this.tookPlace) if (took === partner) this.tookPlace.delete(key);
      this.tookPlace.delete(partner);
      this.madeRoom.delete(partner);
      this.swapped.delete(partner);
      this.gaveWay.set(partner, d.key);
      this.pushedBy.set(d.key, `${partner}@${p.wave}`);
      return true;
    }
    this.take(d);
    this.put(p, last);
    return false;
  }

  /** Why each wave would not take d now, one clause each: the hard rules that bind it. */
  private refusals(d: Placeable): string {
    const { slots, rules } = this;
    return rules.days
      .map((day, w) => {
        const wave = `wave ${w + 1}`;
        if (d.pinPolicy === 'late' && w !== this.last) return `${wave} is not the last`;
        if (d.lateOnly && w < rules.earlyCount) return `${wave} is early`;
        if (d.blockedDays?.includes(day)) return `${wave} is blocked for it`;
        const partner = d.pairingGroup ? this.groupsIn[w]!.get(d.pairingGroup) : undefined;
        if (partner !== undefined) return `${wave} holds its partner ${partner.key}`;
        return slots[w]!.length >= rules.capacities[w]! ? `${wave} is full (size ${rules.capacities[w]})` : null;
      })
      .filter((clause) => clause !== null)
      .join(', ');
  }

  /** May d ever be in wave w of this train (pin, late-only, blocked day), whoever else is there? */
  private allowed(d: Placeable, w: number): boolean {
    return (
      !(d.pinPolicy === 'late' && w !== this.last) &&
      !(d.lateOnly && w < this.rules.earlyCount) &&
      !d.blockedDays?.includes(this.rules.days[w]!)
    );
  }

  private canJoin(d: Placeable, w: number): boolean {
    return this.allowed(d, w) && !(d.pairingGroup && this.groupsIn[w]!.has(d.pairingGroup));
  }

  private put(d: D, w: number): void {
    this.slots[w]!.push(d);
    d.wave = w;
    if (d.pairingGroup) this.groupsIn[w]!.set(d.pairingGroup, d);
  }

  private take(d: D): void {
    const w = d.wave;
    this.slots[w]!.splice(this.slots[w]!.lastIndexOf(d), 1);
    d.wave = -1;
    if (d.pairingGroup && this.groupsIn[w]!.get(d.pairingGroup) === d) this.groupsIn[w]!.delete(d.pairingGroup);
  }

  private swapIntoLast(d: D, lowest = 0): boolean {
    const { slots, last } = this;
    if (slots[last]!.length >= this.rules.capacities[last]!) return false;
    for (let w = last - 1; w >= lowest; w--) {
      if (!this.allowed(d, w)) continue;
      const partner = d.pairingGroup ? this.groupsIn[w]!.get(d.pairingGroup) : undefined;
      for (let i = slots[w]!.length - 1; i >= 0; i--) {
        const victim = slots[w]![i]!;
        if ((partner !== undefined && partner !== victim) || !this.canJoin(victim, last)) continue;
        this.take(victim);
        this.put(victim, last);
        this.put(d, w);
        this.tookPlace.delete(victim.key);
        this.madeRoom.set(victim.key, d.key);
        this.tookPlace.set(d.key, victim.key);
        this.swapped.add(victim.key);
        return true;
      }
    }
    return false;
  }

  /**
   * When every wave d may join is full or holds its pairing partner, greedy order alone cannot
   * place it; a chain of moves may. This is an augmenting path of the flow network
   * deployment → (pairing group, wave) [capacity 1] → wave [its size], searched breadth-first
   * over the residual graph: entering a full wave displaces one of its members, entering a wave
   * that holds one's partner displaces the partner, and each displaced deployment looks for a
   * wave in turn. It finds a chain whenever one exists, so a plan is refused only when no
   * placement satisfies the hard constraints. Members are tried latest-ordered first, so the
   * deployments with the most early slots are the ones moved. Returns false if no chain exists.
   */
  private augment(start: D): boolean {
    interface Hop {
      d: D;
      wave: number;
      displaced: D | null;
      prev: Hop | null;
    }
    const { slots, groupsIn } = this;
    const seenWave = new Set<number>();
    const seenSlot = new Set<string>();
    const seen = new Set([start]);
    const queue: { d: D; via: Hop | null }[] = [{ d: start, via: null }];
    let end: Hop | null = null;
    for (let q = 0; q < queue.length && !end; q++) {
      const { d, via } = queue[q]!;
      const from = d.wave;
      for (let w = 0; w < this.rules.days.length; w++) {
        if (w === from || !this.allowed(d, w)) continue;
        const enqueue = (c: D) => {
          if (seen.has(c)) return;
          seen.add(c);
          queue.push({ d: c, via: { d, wave: w, displaced: c, prev: via } });
        };
        if (d.pairingGroup) {
          const slot = `${d.pairingGroup}@${w}`;
          if (seenSlot.has(slot)) continue;
          seenSlot.add(slot);
          const partner = groupsIn[w]!.get(d.pairingGroup);
          if (partner !== undefined) {
            enqueue(partner); // the partner's place in this wave, and its group's slot, become d's
            continue;
          }
        }
        if (seenWave.has(w)) continue;
        if (slots[w]!.length < this.rules.capacities[w]!) {
          end = { d, wave: w, displaced: null, prev: via };
          break;
        }
        seenWave.add(w);
        for (let i = slots[w]!.length - 1; i >= 0; i--) enqueue(slots[w]![i]!);
      }
    }
    if (!end) return false;
    const hops: Hop[] = [];
    for (let h: Hop | null = end; h; h = h.prev) hops.push(h);
    for (const h of hops) if (h.d.wave >= 0) this.take(h.d);
    for (const h of hops) {
      this.put(h.d, h.wave);
      if (h.displaced !== null) {
        this.madeRoom.set(h.displaced.key, h.d.key);
        this.swapped.delete(h.displaced.key);
        if (h.prev === null) this.tookPlace.set(h.d.key, h.displaced.key);
      }
    }
    return true;
  }
}
