// `npm run bench`: measured figures for docs/benchmarks.md (never timed assertions in tests).
// Each case runs on a real SQLite file in a temporary folder, through the same
// dispatcher the app, browser mode and CLI use.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBackend, type Backend } from '../electron/backend/backend';
import { fleetToCsv } from '../electron/backend/services/fleet-csv';
import type { Deployment } from '../shared/deployment';
import { DEFAULT_CADENCE, DEFAULT_TEMPLATE, planTrains } from '../shared/cadence';
import { demoFreeze, demoHolidays } from '../shared/demo-plan';
import { DEFAULT_WORKING_DAYS, RuleBook } from '../shared/schedule';
import { knownTimeZones } from '../shared/timezones';
import { viewTrain } from '../shared/train';
import { daysBetween } from '../shared/days';
import { DEFAULT_POLICY, ledgerOf, planRollout, tieBreak } from '../shared/ordering';
import { simulate, syntheticFleet as syntheticOrderingFleet } from '../shared/simulate';
import { median } from './bench-stats';

const FLEET_SIZE = Number(process.env.BENCH_FLEET ?? 10_000);
const RUNS = 5;

function syntheticFleet(n: number): Deployment[] {
  const zones = knownTimeZones().filter((z) => z.includes('/'));
  const regions = ['us-east', 'us-west', 'eu-west', 'eu-central', 'ap-south', 'ap-northeast', 'sa-east', 'me-central'];
  const tiers = ['standard', 'premium', 'enterprise', 'government'] as const;
  return Array.from({ length: n }, (_, i) => ({
    key: `cell-${String(i).padStart(5, '0')}`,
    name: `Cell ${i}`,
    region: regions[i % regions.length]!,
    timeZone: zones[(i * 7) % zones.length]!,
    tier: tiers[i % tiers.length]!,
    weight: (i * 7919) % 50_000,
    pairingGroup: i % 10 < 2 ? `pair-${Math.floor(i / 10)}` : null,
    pinPolicy: i % 50 === 0 ? 'late' : 'none',
    internal: i === 1,
    earlyOptOut: false,
    releaseWindow: null,
    status: 'active',
    createdAt: '',
    updatedAt: '',
    retiredAt: null,
    blockedDates: [],
  }));
}

async function time(
  label: string,
  runs: number,
  setup: () => Backend,
  fn: (b: Backend) => Promise<unknown>,
): Promise<void> {
  const samples: number[] = [];
  let rssPeak = 0;
  for (let i = 0; i < runs; i++) {
    const b = setup();
    const t0 = performance.now();
    await fn(b);
    samples.push(performance.now() - t0);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    b.close();
  }
  console.log(
    `${label.padEnd(58)} median ${median(samples).toFixed(1).padStart(8)} ms   min ${Math.min(...samples)
      .toFixed(1)
      .padStart(8)} ms   rss ${(rssPeak / 2 ** 20).toFixed(0)} MiB`,
  );
}

async function must<T>(p: Promise<{ ok: boolean; result?: T; error?: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error?.message);
  return r.result as T;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-bench-'));
  const csv = fleetToCsv(syntheticFleet(FLEET_SIZE), false);
  let n = 0;
  const fresh = (): Backend =>
    startBackend({ dbPath: path.join(dir, `fresh-${n++}.db`), transport: 'cli', version: 'bench', actor: 'bench' });
  const loadedPath = path.join(dir, 'loaded.db');
  const seed = startBackend({ dbPath: loadedPath, transport: 'cli', version: 'bench', actor: 'bench' });
  await must(seed.dispatch('deployments.importCsv', { csv }));
  seed.close();
  const loaded = (): Backend =>
    startBackend({ dbPath: loadedPath, transport: 'cli', version: 'bench', actor: 'bench' });

  console.log(
    `Release Calendar benchmarks — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${os.platform()}`,
  );
  console.log(
    `Fleet of ${FLEET_SIZE.toLocaleString('en-US')} deployments (CSV ${(csv.length / 1024).toFixed(0)} KiB), ${RUNS} runs each\n`,
  );
  const opens: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fresh().close();
    opens.push(performance.now() - t0);
  }
  console.log(
    `${'open + migrate a new database'.padEnd(58)} median ${median(opens).toFixed(1).padStart(8)} ms   min ${Math.min(
      ...opens,
    )
      .toFixed(1)
      .padStart(8)} ms`,
  );
  await time(`import ${FLEET_SIZE} deployments from CSV (one transaction)`, RUNS, fresh, (b) =>
    must(b.dispatch('deployments.importCsv', { csv })),
  );
  await time(`re-import the same CSV (all unchanged)`, RUNS, loaded, (b) =>
    must(b.dispatch('deployments.importCsv', { csv })),
  );
  await time(`list all ${FLEET_SIZE} (sorted by key)`, RUNS, loaded, (b) => must(b.dispatch('deployments.list', {})));
  await time(`list filtered (region + tier + search, sorted by weight)`, RUNS, loaded, (b) =>
    must(
      b.dispatch('deployments.list', {
        region: 'eu-west',
        tier: 'premium',
        search: 'cell-0',
        sort: 'weight',
        direction: 'desc',
      }),
    ),
  );
  await time(`export ${FLEET_SIZE} to CSV`, RUNS, loaded, (b) => must(b.dispatch('deployments.exportCsv', {})));
  await time('create one deployment (validate + write + audit)', RUNS, loaded, (b) =>
    must(b.dispatch('deployments.create', { key: `bench-${n++}`, name: 'Bench', region: 'us-east', timeZone: 'UTC' })),
  );
  await time(`back up the database (VACUUM INTO, synced, ${fileSize(loadedPath)})`, RUNS, loaded, (b) =>
    must(b.dispatch('database.backup', {})),
  );
  fs.rmSync(dir, { recursive: true, force: true });

  console.log('\nCalendar engine (pure, no database)\n');
  benchEngine();
  console.log('\nFair ordering engine (pure)\n');
  benchOrdering();
}

function fileSize(file: string): string {
  return `${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * One train planned for 10,000 deployments with 52 trains of history, side by side in one run with
 * a plain Array.prototype.sort of the same 10,000 records: by weight then key (the issue's
 * baseline), and by the engine's own sort keys read from fields. Each measure's median of 20 runs.
 */
function benchOrdering(): void {
  const n = 10_000;
  const RUNS = 20;
  const fleet = syntheticOrderingFleet(n, 7, true);
  // Four waves of 2,500: growing sizes from 2 leave too little room outside the last wave for 1,000 pairing groups.
  const policy = { ...DEFAULT_POLICY, waveSizes: { kind: 'fixed' as const, perWave: 2_500 } };
  const sim = simulate({ deployments: n, trains: 52, seed: 7, regressionRate: 0.2, constraints: true }, policy, fleet);
  const history = sim.trains.map((t) => ({ waves: t.waves, regressions: t.regression }));
  const releaseDays = ['2029-01-17', '2029-01-18', '2029-01-22', '2029-01-24'];
  const input = { fleet, policy, internalDay: '2029-01-15', releaseDays, daysBetween };
  const times = {
    cold: [] as number[],
    kept: [] as number[],
    explain: [] as number[],
    sort: [] as number[],
    keys: [] as number[],
  };
  // The accounts as the backend keeps them (fairness_accounts): read once, not per plan.
  const ledger = ledgerOf(history, policy);
  const engineKeys = fleet.map((d, i) => ({
    key: d.key,
    turns: i % 7,
    waited: i % 13,
    exposure: ((i * 7919) % 101) / 7,
    hash: tieBreak(1, d.key),
  }));
  const sortKeyed = (keyed: typeof engineKeys) =>
    keyed.sort(
      (x, y) =>
        x.turns - y.turns ||
        y.waited - x.waited ||
        x.exposure - y.exposure ||
        x.hash - y.hash ||
        (x.key < y.key ? -1 : x.key > y.key ? 1 : 0),
    );
  // Each measure in its own loop after a warm-up, so that one's garbage is not collected in another's time.
  const measure = (into: number[], prepare: () => unknown, work: (prepared: never) => unknown) => {
    for (let i = 0; i < RUNS + 3; i++) {
      const prepared = prepare();
      const t0 = performance.now();
      work(prepared as never);
      if (i >= 3) into.push(performance.now() - t0);
    }
  };
  measure(
    times.kept,
    () => null,
    () => planRollout({ ...input, ledger }),
  );
  measure(
    times.sort,
    () => fleet.map((d) => ({ ...d })),
    (records: typeof fleet) => [...records].sort((a, b) => a.weight - b.weight || a.key.localeCompare(b.key)),
  );
  measure(times.keys, () => engineKeys.map((k) => ({ ...k })), sortKeyed);
  measure(
    times.cold,
    () => null,
    () => planRollout({ ...input, history }),
  );
  measure(
    times.explain,
    () => planRollout({ ...input, ledger }),
    (plan: ReturnType<typeof planRollout>) => {
      if (plan.placements.length !== n) throw new Error('every deployment has a placement');
    },
  );
  const line = (label: string, xs: number[]) =>
    console.log(
      `${label.padEnd(62)} median ${median(xs).toFixed(2).padStart(8)} ms   min ${Math.min(...xs)
        .toFixed(2)
        .padStart(8)} ms`,
    );
  line(`plan one train: ${n} deployments, accounts kept (52 trains)`, times.kept);
  line(`the same, reading the 52 trains of history first`, times.cold);
  line(`explanations of every placement, when the plan is shown`, times.explain);
  line(`plain sort of the same ${n} records by weight, then key`, times.sort);
  line(`plain sort of ${n} records by the engine's sort keys`, times.keys);
  const ratio = (label: string, a: number[], b: number[]) =>
    console.log(`${label.padEnd(62)} ${(median(a) / median(b)).toFixed(1)}×`);
  ratio('ratio: plan (accounts kept) / sort by weight, key', times.kept, times.sort);
  ratio("ratio: plan (accounts kept) / sort by the engine's keys", times.kept, times.keys);
}

/** Five years of trains: planning, then the calendar rules applied to every train (what each calendar view asks for). */
function benchEngine(): void {
  const cadence = { ...DEFAULT_CADENCE, anchorDate: '2027-01-04' };
  const holidays = [2027, 2028, 2029, 2030, 2031].flatMap((y) => demoHolidays(y));
  const freezes = [2027, 2028, 2029, 2030, 2031].map((y, i) => ({ id: i + 1, ...demoFreeze(`${y}-06-01`) }));
  const book = new RuleBook({ workingDays: DEFAULT_WORKING_DAYS, holidays, freezes });
  const planTimes: number[] = [];
  const scheduleTimes: number[] = [];
  let count = 0;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const planned = planTrains(cadence, DEFAULT_TEMPLATE, {
      from: '2027-01-04',
      through: '2031-12-31',
      takenSlots: new Set(),
    });
    const t1 = performance.now();
    planned.map((t, id) =>
      viewTrain(
        { ...t, id, state: 'active', stateReason: null, notes: '', createdAt: '', updatedAt: '', revision: 0 },
        book,
        '2029-06-01',
      ),
    );
    scheduleTimes.push(performance.now() - t1);
    planTimes.push(t1 - t0);
    count = planned.length;
  }
  const line = (label: string, xs: number[]) =>
    console.log(
      `${label.padEnd(58)} median ${median(xs).toFixed(2).padStart(8)} ms   min ${Math.min(...xs)
        .toFixed(2)
        .padStart(8)} ms`,
    );
  line(`plan five years of trains (${count})`, planTimes);
  line(
    `apply calendar rules to ${count} trains (${holidays.length} holidays, ${freezes.length} freezes)`,
    scheduleTimes,
  );
}

void main();
