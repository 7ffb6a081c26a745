// The fairness metrics `simulate` (shared/simulate.ts) computes after every train, for 10,000
// deployments (constraints on, regression rate 0.2), over the last K trains. Before: `fairness` of
// the last K trains read again at every train, as the code was (kept as the tests' oracle,
// test/helpers/fairness-oracle.ts). After: the window kept as trains are added (`FairnessWindow`,
// push + metrics). Also `fairness` of the same K trains as it is now (a window filled from them),
// what the backend's fairness report pays. Each measure in its own pass over the trains, so that
// one's garbage is not collected in another's time; medians over 52 trains with a full window.
import { deepStrictEqual } from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { FairnessWindow, type FleetFairness, fairness } from '../shared/fairness';
import { DEFAULT_POLICY } from '../shared/ordering';
import { simulate, syntheticFleet } from '../shared/simulate';
import { fairnessOracle } from '../test/helpers/fairness-oracle';
import { median } from './bench-stats';

const DEPLOYMENTS = 10_000;
const WINDOWS = [26, 52];
const MEASURED = 52;

/** The metrics step after each train, timed over the last MEASURED trains; the last train's metrics, to compare. */
function timeSteps(trains: number, step: (train: number) => FleetFairness): { times: number[]; last: FleetFairness } {
  const times: number[] = [];
  let last: FleetFairness | undefined;
  for (let train = 1; train <= trains; train++) {
    const t0 = performance.now();
    last = step(train);
    if (train > trains - MEASURED) times.push(performance.now() - t0);
  }
  return { times, last: last! };
}

function main(): void {
  const trains = Math.max(...WINDOWS) + MEASURED;
  console.log(
    `Fairness metrics after each simulated train: ${DEPLOYMENTS.toLocaleString('en-US')} deployments, ` +
      `${trains} trains planned, median over the last ${MEASURED} (a full window of K trains)\n`,
  );
  const fleet = syntheticFleet(DEPLOYMENTS, 7, true);
  // Four waves of 2,500: growing sizes from 2 leave too little room outside the last wave for 1,000 pairing groups.
  const policy = { ...DEFAULT_POLICY, waveSizes: { kind: 'fixed' as const, perWave: 2_500 } };
  const sim = simulate(
    { deployments: DEPLOYMENTS, trains, seed: 7, regressionRate: 0.2, constraints: true },
    policy,
    fleet,
  );
  const history = sim.trains.map((t) => ({ waves: t.waves, regressions: t.regression }));
  const eligible = sim.eligible;

  const rows = WINDOWS.map((k) => {
    const lastK = (train: number) => history.slice(0, train).slice(-k);
    const before = timeSteps(trains, (train) => fairnessOracle(lastK(train), eligible));
    const now = timeSteps(trains, (train) => fairness(lastK(train), eligible));
    const kept = new FairnessWindow(eligible, k);
    const after = timeSteps(trains, (train) => {
      kept.push(history[train - 1]!);
      return kept.metrics();
    });
    // The same numbers, to the last bit, or the figures mean nothing.
    deepStrictEqual(now.last, before.last);
    deepStrictEqual(after.last, before.last);
    return { k, before: median(before.times), now: median(now.times), after: median(after.times) };
  });

  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log('|  K | before: fairness(last K), old | fairness(last K), now | after: window kept | before / after |');
  console.log('| -: | ----------------------------: | --------------------: | -----------------: | -------------: |');
  for (const r of rows) {
    const cells = [ms(r.before).padStart(29), ms(r.now).padStart(21), ms(r.after).padStart(18)];
    console.log(`| ${r.k} | ${cells.join(' | ')} | ${`${(r.before / r.after).toFixed(0)}×`.padStart(14)} |`);
  }
}

main();
