import { z } from 'zod';
import { addDays, daysBetween } from './days';
import { FairnessWindow, type FleetFairness } from './fairness';
import {
  type AccountLedger,
  type OrderingDeployment,
  type PastPlan,
  type RolloutPlan,
  type RolloutPolicy,
  advanceLedger,
  emptyLedger,
  lateOnlyReason,
  planRollout,
} from './ordering';

// What-if: the engine over T synthetic trains, with regressions drawn at random,
// so that a lead can compare policies before adopting one.

/** mulberry32: a small seeded generator, so that a simulation is reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The size of one simulation (docs/benchmarks.md): its work grows with deployments × trains, and
 * again with the trains in the policy's history window, hence a separate cap on trains. The
 * slowest valid one takes a few seconds, in the backend's worker (with progress and Cancel);
 * 200 deployments over 400 trains, the fairness guarantees' check, about half a second.
 */
export const MAX_SIMULATED_TRAINS = 520;
export const MAX_SIMULATED_DEPLOYMENT_TRAINS = 80_000;

/** Why a simulation of `deployments` over `trains` is too large, or null when it is not. */
export function simulationTooLarge(deployments: number, trains: number): string | null {
  return deployments * trains > MAX_SIMULATED_DEPLOYMENT_TRAINS
    ? `A simulation covers at most ${MAX_SIMULATED_DEPLOYMENT_TRAINS.toLocaleString('en-US')} deployments × trains (e.g. 400 deployments over 200 trains), not ${deployments.toLocaleString('en-US')} × ${trains.toLocaleString('en-US')}; simulate fewer trains or deployments.`
    : null;
}

export const simulationRequestSchema = z
  .object({
    deployments: z
      .int()
      .min(2, 'Simulate at least two deployments.')
      .max(
        MAX_SIMULATED_DEPLOYMENT_TRAINS,
        `Simulate at most ${MAX_SIMULATED_DEPLOYMENT_TRAINS.toLocaleString('en-US')} deployments.`,
      ),
    trains: z
      .int()
      .min(1, 'Simulate at least one train.')
      .max(
        MAX_SIMULATED_TRAINS,
        `Simulate at most ${MAX_SIMULATED_TRAINS} trains (twenty years of a two-week cadence).`,
      ),
    seed: z.int().min(0),
    regressionRate: z
      .number()
      .min(0, 'The regression rate is a probability from 0 to 1.')
      .max(1, 'The regression rate is a probability from 0 to 1.')
      .default(0),
    /** Synthetic fleets with pairing groups, pinned-late and government deployments (binding constraints). */
    constraints: z.boolean().default(false),
  })
  .strict();
export type SimulationRequest = z.output<typeof simulationRequestSchema>;

const REGIONS = ['us-east', 'us-west', 'eu-west', 'eu-central', 'ap-south', 'ap-northeast'];

/** A synthetic fleet: one internal deployment and n − 1 customers over six regions. */
export function syntheticFleet(n: number, seed: number, constraints: boolean): OrderingDeployment[] {
  const rand = seededRandom(seed ^ 0x9e3779b9);
  return Array.from({ length: n }, (_, i) => {
    const region = REGIONS[i % REGIONS.length]!;
    const key = i === 0 ? 'internal' : `${region}-${Math.floor(i / REGIONS.length) + 1}`;
    const government = constraints && i > 0 && i % 13 === 0;
    return {
      key,
      region,
      tier: government ? 'government' : 'standard',
      weight: Math.round(1_000 + rand() * 49_000),
      pairingGroup: constraints && i >= 10 && i % 10 < 2 ? `pair-${Math.floor(i / 10)}` : null,
      pinPolicy: constraints && i > 0 && i % 17 === 0 ? 'late' : 'none',
      internal: i === 0,
    };
  });
}

export interface SimulatedTrain {
  train: number;
  /** Customer waves, in order, as deployment keys. */
  waves: string[][];
  /** Deployments the regression of this train reached (empty when none). */
  regression: string[];
  /** Metrics over the last K trains, after this one, over always-eligible deployments. */
  metrics: FleetFairness;
}

/** Where one simulation stands, by the id its caller gave it: waiting its turn, running, or not running (finished, cancelled, unknown). */
export interface SimulationProgress {
  state: 'waiting' | 'running' | 'not-running';
  /** Trains simulated so far. */
  done: number;
  total: number;
}

/** The id a caller gives its simulation, to follow its progress and cancel it. */
export const simulationRunIdSchema = z
  .string({ error: 'A simulation id is required.' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'A simulation id is 1 to 64 letters, digits, "-" or "_".');

export interface SimulationResult {
  request: SimulationRequest;
  policy: RolloutPolicy;
  fleet: OrderingDeployment[];
  /** Deployments that may go early (the guarantees are stated over these). */
  eligible: string[];
  trains: SimulatedTrain[];
}

/**
 * Plans synthetic train `t` (0-based) of a two-week cadence from 4 Jan 2027: the internal
 * deployment on day 14, customers on days 16, 17, 21 and 23. `ledger` holds the accounts of
 * `history`; the caller adds the plan to both.
 */
export function planSimulatedTrain(
  t: number,
  fleet: readonly OrderingDeployment[],
  policy: RolloutPolicy,
  history: readonly PastPlan[],
  ledger: AccountLedger,
): RolloutPlan {
  const start = addDays('2027-01-04', 14 * t);
  return planRollout({
    fleet,
    policy,
    internalDay: addDays(start, 14),
    releaseDays: [16, 17, 21, 23].map((o) => addDays(start, o)),
    history,
    ledger,
    daysBetween,
  });
}

/**
 * Runs the engine over `trains` synthetic trains. Each train has four release days
 * (Wed, Thu, Mon, Wed of a two-week cadence); with probability `regressionRate` a
 * regression is found after a random customer wave, and it reached every deployment
 * released up to then. `onTrain` hears the number of trains simulated after each one.
 */
export function simulate(
  request: SimulationRequest,
  policy: RolloutPolicy,
  fleet?: OrderingDeployment[],
  onTrain?: (done: number) => void,
): SimulationResult {
  const deployments = fleet ?? syntheticFleet(request.deployments, request.seed, request.constraints);
  const rand = seededRandom(request.seed);
  const history: PastPlan[] = [];
  const eligible = deployments.filter((d) => !d.internal && lateOnlyReason(d, policy) === null).map((d) => d.key);
  const trains: SimulatedTrain[] = [];
  // The accounts of the history so far, advanced train by train instead of re-read at each plan.
  const ledger = emptyLedger(policy);
  // The metrics' window of the last K trains, advanced the same way: no wider than the trains simulated
  // (K may be 520 when they are fewer), and at least one, as every window.
  const window = new FairnessWindow(eligible, Math.max(1, Math.min(policy.historyWindow, request.trains)));
  for (let t = 0; t < request.trains; t++) {
    const plan = planSimulatedTrain(t, deployments, policy, history, ledger);
    const waves = plan.waves.slice(1).map((w) => w.keys);
    let regression: string[] = [];
    if (rand() < request.regressionRate) {
      const reachedWaves = 1 + Math.floor(rand() * waves.length);
      regression = waves.slice(0, reachedWaves).flat();
    }
    const past = { waves, regressions: regression };
    history.push(past);
    advanceLedger(ledger, past);
    window.push(past);
    trains.push({ train: t + 1, waves, regression, metrics: window.metrics() });
    onTrain?.(t + 1);
  }
  return { request, policy, fleet: deployments, eligible, trains };
}
