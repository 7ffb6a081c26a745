import type { Day } from './days';

// Placement, the stage of fair ordering that puts customers into waves: in fair
// order, each in the earliest wave it may join, and when none has room, by the moves
// that make room. It records those moves, since the explanations name them.

/** What placement reads of a deployment (the ordering engine's deployment has more). */
export interface Placeable {
  key: string;
  pinPolicy: 'none' | 'late';
  pairingGroup: string | null;
  blockedDays?: readonly Day[];
}

/** The hard constraints of one train's waves. */
export interface WaveRules {
  /** The day of each customer wave. */
  days: readonly Day[];
  capacities: readonly number[];
  /** How many customer waves count as early. */
  earlyCount: number;
  /** Why each customer may never go early, or null when it may. */
  lateOnly: ReadonlyMap<string, string | null>;
}

/** Where placement put every customer, and the moves it made on the way. */
export interface WaveAssignment {
  /** Customer keys per wave (index 0 is wave 1). */
  members: string[][];
  waveOf: Map<string, number>;
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
 * late-only ones included, in the order `later` sorts them (`order` when absent).
 */
export function placeInWaves<D extends Placeable>(
  order: readonly D[],
  rules: WaveRules,
  later?: (a: Placeable, b: Placeable) => number,
): { assignment: WaveAssignment } | { unplaceable: D } {
  const board = new WaveBoard(order, rules, later);
  for (const d of order) if (d.pinPolicy === 'late' && !board.place(d)) return { unplaceable: d };
  const left: D[] = [];
  for (const d of order) {
    if (d.pinPolicy === 'late') continue;
    if (board.earlyFull() || rules.lateOnly.get(d.key) !== null) left.push(d);
    else if (!board.place(d)) return { unplaceable: d };
  }
  if (later) left.sort(later);
  board.laterWaves = true;
  for (const d of left) if (!board.place(d)) return { unplaceable: d };
  return { assignment: board };
}

class WaveBoard implements WaveAssignment {
  readonly members: string[][];
  readonly waveOf = new Map<string, number>();
  readonly pushedBy = new Map<string, string>();
  readonly tookPlace = new Map<string, string>();
  readonly madeRoom = new Map<string, string>();
  readonly swapped = new Set<string>();
  readonly noOtherWave = new Map<string, string>();
  readonly gaveWay = new Map<string, string>();
  /** Pairing groups present in each wave, so that checks stay O(1) in waves of thousands. */
  private readonly groupsIn: Map<string, string>[];
  private readonly byKey: Map<string, Placeable>;
  private readonly last: number;
  /** Set once the early waves are settled and the rest are placed in the later waves' order. */
  laterWaves = false;

  constructor(
    customers: readonly Placeable[],
    private readonly rules: WaveRules,
    /** How the later waves are ordered (least exposure first), when they are. */
    private readonly later?: (a: Placeable, b: Placeable) => number,
  ) {
    this.members = rules.days.map(() => []);
    this.groupsIn = rules.days.map(() => new Map());
    this.byKey = new Map(customers.map((d) => [d.key, d]));
    this.last = rules.days.length - 1;
  }

  /** Whether every early wave is at its capacity. */
  earlyFull(): boolean {
    return this.members.slice(0, this.rules.earlyCount).every((m, w) => m.length >= this.rules.capacities[w]!);
  }

  /** Places d in the earliest wave it may join, else makes room for it; false when nothing can. */
  place(d: Placeable): boolean {
    const { members, rules } = this;
    for (let w = 0; w < rules.days.length; w++) {
      if (members[w]!.length >= rules.capacities[w]! || !this.canJoin(d, w)) {
        const partner = d.pairingGroup ? this.groupsIn[w]!.get(d.pairingGroup) : undefined;
        if (partner && !this.pushedBy.has(d.key) && members[w]!.length < rules.capacities[w]!)
          this.pushedBy.set(d.key, `${partner}@${w}`);
        continue;
      }
      this.put(d.key, w);
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
  private partnerMakesWay(d: Placeable): boolean {
    const { last } = this;
    const partner = d.pairingGroup ? this.groupsIn[last]!.get(d.pairingGroup) : undefined;
    if (!this.later || !this.laterWaves || partner === undefined || !this.allowed(d, last)) return false;
    const p = this.byKey.get(partner)!;
    if (this.later(p, d) >= 0) return false;
    this.take(partner);
    this.put(d.key, last);
    // Only into a later wave: the early waves are settled by their own turns.
    if (this.swapIntoLast(p, this.rules.earlyCount)) {
      // Whoever took the partner's place before no longer explains itself by it: it may be back.
      for (const [key, took] of this.tookPlace) if (took === partner) this.tookPlace.delete(key);
      this.tookPlace.delete(partner);
      this.madeRoom.delete(partner);
      this.swapped.delete(partner);
      this.gaveWay.set(partner, d.key);
      this.pushedBy.set(d.key, `${partner}@${this.waveOf.get(partner)!}`);
      return true;
    }
    this.take(d.key);
    this.put(partner, last);
    return false;
  }

  /** Why each wave would not take d now, one clause each: the hard rules that bind it. */
  private refusals(d: Placeable): string {
    const { members, rules } = this;
    return rules.days
      .map((day, w) => {
        const wave = `wave ${w + 1}`;
        if (d.pinPolicy === 'late' && w !== this.last) return `${wave} is not the last`;
        if (rules.lateOnly.get(d.key) !== null && w < rules.earlyCount) return `${wave} is early`;
        if (d.blockedDays?.includes(day)) return `${wave} is blocked for it`;
        const partner = d.pairingGroup ? this.groupsIn[w]!.get(d.pairingGroup) : undefined;
        if (partner !== undefined) return `${wave} holds its partner ${partner}`;
        return members[w]!.length >= rules.capacities[w]! ? `${wave} is full (size ${rules.capacities[w]})` : null;
      })
      .filter((clause) => clause !== null)
      .join(', ');
  }

  /** May d ever be in wave w of this train (pin, late-only, blocked day), whoever else is there? */
  private allowed(d: Placeable, w: number): boolean {
    return (
      !(d.pinPolicy === 'late' && w !== this.last) &&
      !(this.rules.lateOnly.get(d.key) !== null && w < this.rules.earlyCount) &&
      !d.blockedDays?.includes(this.rules.days[w]!)
    );
  }

  private canJoin(d: Placeable, w: number): boolean {
    return this.allowed(d, w) && !(d.pairingGroup && this.groupsIn[w]!.has(d.pairingGroup));
  }

  private put(key: string, w: number): void {
    this.members[w]!.push(key);
    this.waveOf.set(key, w);
    const group = this.byKey.get(key)!.pairingGroup;
    if (group) this.groupsIn[w]!.set(group, key);
  }

  private take(key: string): void {
    const w = this.waveOf.get(key)!;
    this.members[w]!.splice(this.members[w]!.indexOf(key), 1);
    this.waveOf.delete(key);
    const group = this.byKey.get(key)!.pairingGroup;
    if (group && this.groupsIn[w]!.get(group) === key) this.groupsIn[w]!.delete(group);
  }

  private swapIntoLast(d: Placeable, lowest = 0): boolean {
    const { members, last } = this;
    if (members[last]!.length >= this.rules.capacities[last]!) return false;
    for (let w = last - 1; w >= lowest; w--) {
      if (!this.allowed(d, w)) continue;
      const partner = d.pairingGroup ? this.groupsIn[w]!.get(d.pairingGroup) : undefined;
      for (let i = members[w]!.length - 1; i >= 0; i--) {
        const victim = this.byKey.get(members[w]![i]!)!;
        if ((partner !== undefined && partner !== victim.key) || !this.canJoin(victim, last)) continue;
        this.take(victim.key);
        this.put(victim.key, last);
        this.put(d.key, w);
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
  private augment(start: Placeable): boolean {
    interface Hop {
      key: string;
      wave: number;
      displaced: string | null;
      prev: Hop | null;
    }
    const { members, groupsIn } = this;
    const seenWave = new Set<number>();
    const seenSlot = new Set<string>();
    const seenKey = new Set([start.key]);
    const queue: { d: Placeable; via: Hop | null }[] = [{ d: start, via: null }];
    let end: Hop | null = null;
    for (let q = 0; q < queue.length && !end; q++) {
      const { d, via } = queue[q]!;
      const from = this.waveOf.get(d.key);
      for (let w = 0; w < this.rules.days.length; w++) {
        if (w === from || !this.allowed(d, w)) continue;
        const enqueue = (c: string) => {
          if (seenKey.has(c)) return;
          seenKey.add(c);
          queue.push({ d: this.byKey.get(c)!, via: { key: d.key, wave: w, displaced: c, prev: via } });
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
        if (members[w]!.length < this.rules.capacities[w]!) {
          end = { key: d.key, wave: w, displaced: null, prev: via };
          break;
        }
        seenWave.add(w);
        for (let i = members[w]!.length - 1; i >= 0; i--) enqueue(members[w]![i]!);
      }
    }
    if (!end) return false;
    const hops: Hop[] = [];
    for (let h: Hop | null = end; h; h = h.prev) hops.push(h);
    for (const h of hops) if (this.waveOf.has(h.key)) this.take(h.key);
    for (const h of hops) {
      this.put(h.key, h.wave);
      if (h.displaced !== null) {
        this.madeRoom.set(h.displaced, h.key);
        this.swapped.delete(h.displaced);
        if (h.prev === null) this.tookPlace.set(h.key, h.displaced);
      }
    }
    return true;
  }
}
