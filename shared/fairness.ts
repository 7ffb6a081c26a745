import type { PastPlan } from './ordering';

// The fairness metrics of docs/fairness.md, over a list of plans (oldest first). A
// deployment is counted only over the trains in which it was planned (eligible).

export interface DeploymentFairness {
  key: string;
  trains: number;
  /** Appearances in the first customer wave. */
  firstWave: number;
  /** Mean of (rank − 1)/(n − 1) over its trains, rank by wave; 0.5 is ideal. */
  meanPosition: number | null;
  /** Longest run of consecutive trains in the first customer wave. */
  longestFirstStreak: number;
  /** Longest run of consecutive trains (where it was planned) without an early slot. */
  longestGap: number;
  regressions: number;
}

export interface FleetFairness {
  trains: number;
  /** max − min of first-wave counts. */
  firstWaveSpread: number;
  /** Gini coefficient of first-wave counts (0 = perfectly even). */
  gini: number;
  longestFirstStreak: number;
  longestGap: number;
  perDeployment: DeploymentFairness[];
}

export function gini(values: readonly number[]): number {
  const n = values.length;
  const sum = values.reduce((a, b) => a + b, 0);
  if (n === 0 || sum === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  let weighted = 0;
  sorted.forEach((v, i) => (weighted += (i + 1) * v));
  return (2 * weighted) / (n * sum) - (n + 1) / n;
}

/**
 * Metrics of the given plans, for the given deployments (e.g. the always-eligible ones): those of
 * a window that holds them all.
 */
export function fairness(plans: readonly PastPlan[], keys?: readonly string[]): FleetFairness {
  const all = keys ?? [...new Set(plans.flatMap((p) => p.waves.flat()))].sort();
  // A window holds at least one plan, even when there are none to read.
  const window = new FairnessWindow(all, Math.max(1, plans.length));
  for (const plan of plans) window.push(plan);
  return window.metrics();
}

/**
 * The metrics of `fairness` over the last `size` plans, kept as plans are added one at a time:
 * the simulator's metrics after every train. Each plan's keys are looked up once, when it is
 * added; what the metrics need of it is kept per deployment in typed arrays, one cell per plan
 * held (a ring: the newest plan takes the oldest one's cells). Longest runs and mean positions
 * are not running totals, because plans leave the window: `metrics` scans each deployment's
 * cells oldest first, so every run and every float sum is the one `fairness` of the window's
 * plans reads, in the same order, to the last bit.
 */
export class FairnessWindow {
  private readonly keys: readonly string[];
  private readonly indexOf: ReadonlyMap<string, number>;
  private readonly size: number;
  /** Each deployment's position in each plan held, its cells side by side (`d * size + slot`); NaN where not planned. */
  private readonly position: Float64Array;
  /** 1 where the deployment was in that plan's first wave. */
  private readonly first: Uint8Array;
  /** Per slot, the deployments (by index) its plan's regressions reached, to take back when it leaves. */
  private readonly reached: Int32Array[] = [];
  /** Regressions that reached each deployment over the plans held. */
  private readonly regressions: Int32Array;
  /** Plans held (up to `size`), and the slot the next one takes. */
  private held = 0;
  private next = 0;

  constructor(keys: readonly string[], size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`A fairness window holds at least one plan, not ${size}.`);
    // Once each, in first-seen order, as `fairness` lists them.
    this.keys = [...new Set(keys)];
    this.indexOf = new Map(this.keys.map((key, d) => [key, d]));
    this.size = size;
    this.position = new Float64Array(this.keys.length * size).fill(NaN);
    this.first = new Uint8Array(this.keys.length * size);
    this.regressions = new Int32Array(this.keys.length);
  }

  /** Adds the newest plan; the oldest leaves when the window is full. */
  push(plan: PastPlan): void {
    const slot = this.next;
    if (this.held === this.size) this.forgetRegressions(slot);
    else this.held++;
    this.next = slot + 1 === this.size ? 0 : slot + 1;
    this.clearSlot(slot);
    this.placeWaves(slot, plan.waves);
    const reached = this.indicesOf(plan.regressions);
    for (const d of reached) this.regressions[d]!++;
    this.reached[slot] = reached;
  }

  /** The metrics of the plans held, as `fairness` of them (oldest first) gives them. */
  metrics(): FleetFairness {
    return fleetMetrics(
      this.held,
      this.keys.map((key, d) => this.deploymentMetrics(key, d)),
    );
  }

  private forgetRegressions(slot: number): void {
    for (const d of this.reached[slot]!) this.regressions[d]!--;
  }

  private clearSlot(slot: number): void {
    for (let cell = slot; cell < this.position.length; cell += this.size) {
      this.position[cell] = NaN;
      this.first[cell] = 0;
    }
  }

  /**
   * Ranks by wave: everyone in a wave shares its mean rank, as a position from 0 (first) to 1
   * (last) among all the plan's keys, and a lone key sits at 0.5. A key listed twice takes its
   * last wave's rank, and is first if it is in the first wave at all.
   */
  private placeWaves(slot: number, waves: PastPlan['waves']): void {
    let n = 0;
    for (const wave of waves) n += wave.length;
    let before = 0;
    waves.forEach((wave, w) => {
      const rank = before + (wave.length + 1) / 2;
      const position = n > 1 ? (rank - 1) / (n - 1) : 0.5;
      before += wave.length;
      for (const key of wave) {
        const d = this.indexOf.get(key);
        if (d === undefined) continue;
        this.position[d * this.size + slot] = position;
        if (w === 0) this.first[d * this.size + slot] = 1;
      }
    });
  }

  /** The indices of the keys among this window's deployments, once per occurrence. */
  private indicesOf(keys: readonly string[]): Int32Array {
    const indices: number[] = [];
    for (const key of keys) {
      const d = this.indexOf.get(key);
      if (d !== undefined) indices.push(d);
    }
    return Int32Array.from(indices);
  }

  /** One deployment's metrics: its cells read oldest plan first, over the plans it was planned in. */
  private deploymentMetrics(key: string, d: number): DeploymentFairness {
    const base = d * this.size;
    let slot = this.held < this.size ? 0 : this.next;
    let trains = 0;
    let firstWave = 0;
    let positionSum = 0;
    let streak = 0;
    let longestFirstStreak = 0;
    let gap = 0;
    let longestGap = 0;
    for (let i = 0; i < this.held; i++, slot = slot + 1 === this.size ? 0 : slot + 1) {
      const position = this.position[base + slot]!;
      if (Number.isNaN(position)) continue;
      trains++;
      positionSum += position;
      if (this.first[base + slot]) {
        firstWave++;
        gap = 0;
        longestFirstStreak = Math.max(longestFirstStreak, ++streak);
      } else {
        streak = 0;
        longestGap = Math.max(longestGap, ++gap);
      }
    }
    return {
      key,
      trains,
      firstWave,
      meanPosition: trains ? positionSum / trains : null,
      longestFirstStreak,
      longestGap,
      regressions: this.regressions[d]!,
    };
  }
}

/**
 * The fleet's metrics from its deployments': the spread and Gini of their first-wave counts, and
 * their longest runs. The extremes are found in a loop, not by spreading up to 80,000 counts as
 * arguments of Math.max, which nears the call stack's limit.
 */
function fleetMetrics(trains: number, perDeployment: DeploymentFairness[]): FleetFairness {
  const counts = perDeployment.map((d) => d.firstWave);
  let fewest = Infinity;
  let most = -Infinity;
  let longestFirstStreak = 0;
  let longestGap = 0;
  for (const d of perDeployment) {
    fewest = Math.min(fewest, d.firstWave);
    most = Math.max(most, d.firstWave);
    longestFirstStreak = Math.max(longestFirstStreak, d.longestFirstStreak);
    longestGap = Math.max(longestGap, d.longestGap);
  }
  return {
    trains,
    firstWaveSpread: counts.length ? most - fewest : 0,
    gini: gini(counts),
    longestFirstStreak,
    longestGap,
    perDeployment,
  };
}
