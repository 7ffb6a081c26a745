// `npx tsx scripts/bench-cli.ts`: what the CLI costs a script or a CI job (never timed assertions
// in tests). It measures the built CLI (out/main, made by `npx electron-vite build`) and, in
// process, the backend from the sources:
// - an iCalendar export of the whole plan, about 10,000 events: the `export.render` call in
//   process, and the whole CLI run (wall clock, and its peak RSS from the child's own
//   process.resourceUsage());
// - the CLI's start-up: `--help`, and two read commands on a small (demo) database.
// The plan is made through the real backend: the demo fleet (40 deployments), trains planned on
// every cadence slot for about 43 years, and the rollout of each planned, so each train has its
// four phases and five waves in the feed.
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Backend, startBackend } from '../electron/backend/backend';
import type { Input, Result } from '../shared/contract';
import type { MethodName } from '../shared/method-names';
import { median } from './bench-stats';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'release-calendar.js');
const BUNDLE = path.join(ROOT, 'out', 'main', 'cli.js');
/** Nine events a train (four phases, five waves): this many trains make just over 10,000. */
const TRAINS = 1_115;
/** trains.plan takes at most 260 trains a call. */
const PLAN_BATCH = 260;
const EXPORT_RUNS = 5;
const START_RUNS = 11;
const RSS_RUNS = 3;
const ICS_EXPORT: Input<'export.render'> = { selection: { kind: 'all' }, format: 'ics', options: {} };

const ms = (x: number): string => `${x.toFixed(0)} ms`;
const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;

async function call<M extends MethodName>(backend: Backend, method: M, input: Input<M>): Promise<Result<M>> {
  const answer = await backend.dispatch(method, input);
  if (!answer.ok) throw new Error(`${method}: ${answer.error.message}`);
  return answer.result as Result<M>;
}

/** The demo fleet and its trains, then trains on every cadence slot up to `count`, each with its rollout planned. */
async function buildPlan(
  dbPath: string,
  count: number,
): Promise<{ deployments: number; trains: number; planned: number }> {
  const backend = startBackend({ dbPath, create: 'explicit', transport: 'cli', version: 'bench' });
  try {
    const demo = await call(backend, 'fleet.loadDemo', {});
    let trains = await call(backend, 'trains.list', {});
    while (trains.length < count) {
      const from = trains.at(-1)!.start;
      await call(backend, 'trains.plan', { from, count: Math.min(PLAN_BATCH, count - trains.length) });
      trains = await call(backend, 'trains.list', {});
    }
    // In start order, so that each plan reads the ones before it as they stay. A train that has
    // started, or has no release day left, keeps what it has (the demo's own).
    let planned = 0;
    for (const train of trains) if ((await backend.dispatch('rollout.plan', { trainId: train.id })).ok) planned++;
    return { deployments: demo.created, trains: trains.length, planned };
  } finally {
    backend.close();
  }
}

/** The export in process, `runs` times after one that records every event's SEQUENCE. */
async function exportInProcess(dbPath: string, runs: number): Promise<{ first: number; times: number[]; ics: string }> {
  const backend = startBackend({ dbPath, transport: 'cli', version: 'bench' });
  try {
    const t0 = performance.now();
    const { content: ics } = await call(backend, 'export.render', ICS_EXPORT);
    const first = performance.now() - t0;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await call(backend, 'export.render', ICS_EXPORT);
      times.push(performance.now() - start);
    }
    return { first, times, ics };
  } finally {
    backend.close();
  }
}

/** Writes the child's peak resident set (KiB) to $RC_BENCH_RSS as it exits; loaded with `node -r`. */
const RSS_HOOK = `process.on('exit', () => require('node:fs').writeFileSync(process.env.RC_BENCH_RSS, String(process.resourceUsage().maxRSS)));\n`;

/** Runs the built CLI `runs` times (after one unmeasured run): each run's wall clock, spawn to exit, in ms. */
function timeCli(args: readonly string[], runs: number, options: SpawnSyncOptions = {}): number[] {
  const run = (): number => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], ...options });
    const took = performance.now() - t0;
    if (r.status !== 0) throw new Error(`release-calendar ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
    return took;
  };
  // The first run of a day on a file also takes its daily backup, and warms the disk cache.
  run();
  return Array.from({ length: runs }, run);
}

/** The peak RSS (KiB) of each of `runs` runs of the built CLI, read in the child itself. */
function peakRss(args: readonly string[], runs: number, hook: string, options: SpawnSyncOptions = {}): number[] {
  const file = path.join(path.dirname(hook), 'rss.txt');
  return Array.from({ length: runs }, () => {
    const r = spawnSync(process.execPath, ['-r', hook, BIN, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...options,
      env: { ...process.env, RC_BENCH_RSS: file },
    });
    if (r.status !== 0) throw new Error(`release-calendar ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
    return Number(fs.readFileSync(file, 'utf8'));
  });
}

/** Runs `fn` with stdout going to a file, as `release-calendar … > file` does. */
function toFile<T>(file: string, fn: (options: SpawnSyncOptions) => T): T {
  const fd = fs.openSync(file, 'w');
  try {
    return fn({ stdio: ['ignore', fd, 'pipe'] });
  } finally {
    fs.closeSync(fd);
  }
}

/** Says so when a source file is newer than the bundle: the CLI figures would be of an older build. */
function warnIfStale(): void {
  if (!fs.existsSync(BUNDLE)) throw new Error('The CLI is not built; run "npx electron-vite build" first.');
  const built = fs.statSync(BUNDLE).mtimeMs;
  const newer = ['electron', 'shared']
    .flatMap((dir) =>
      fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)),
    )
    .filter((f) => f.endsWith('.ts') && fs.statSync(path.join(ROOT, f)).mtimeMs > built);
  if (newer.length > 0)
    console.log(
      `Note: ${newer.length} source file(s) changed after the build (${newer[0]}…); rebuild for current figures.\n`,
    );
}

interface Row {
  measure: string;
  median: string;
  range: string;
  target: string;
}

function printTable(rows: readonly Row[]): void {
  const header: Row = { measure: 'measure', median: 'median', range: 'min – max', target: 'target' };
  const width = (k: keyof Row) => Math.max(...[header, ...rows].map((r) => r[k].length));
  const line = (r: Row) =>
    `| ${r.measure.padEnd(width('measure'))} | ${r.median.padStart(width('median'))} | ${r.range.padStart(width('range'))} | ${r.target.padEnd(width('target'))} |`;
  console.log(line(header));
  console.log(
    `| ${'-'.repeat(width('measure'))} | ${'-'.repeat(width('median') - 1)}: | ${'-'.repeat(width('range') - 1)}: | ${'-'.repeat(width('target'))} |`,
  );
  for (const r of rows) console.log(line(r));
}

function timeRow(measure: string, times: readonly number[], target: string): Row {
  const range = times.length > 1 ? `${ms(Math.min(...times))} – ${ms(Math.max(...times))}` : '';
  return { measure, median: ms(median(times)), range, target };
}

function rssRow(measure: string, kib: readonly number[], target: string): Row {
  return { measure, median: mib(median(kib)), range: `${mib(Math.min(...kib))} – ${mib(Math.max(...kib))}`, target };
}

async function main(): Promise<void> {
  warnIfStale();
  const cpus = os.cpus();
  console.log(
    `Node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at the start`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-bench-cli-'));
  try {
    const big = path.join(dir, 'plan.db');
    console.log(`Building the plan (${TRAINS} trains, each rollout planned; about 45 s on 2 cores)…`);
    const t0 = performance.now();
    const built = await buildPlan(big, TRAINS);
    const buildSeconds = (performance.now() - t0) / 1000;

    const inProcess = await exportInProcess(big, EXPORT_RUNS);
    const events = inProcess.ics.match(/^BEGIN:VEVENT\r$/gm)?.length ?? 0;
    const bytes = Buffer.byteLength(inProcess.ics);
    console.log(
      `Plan: ${built.deployments} deployments, ${built.trains} trains (${built.planned} rollouts planned), built in ${buildSeconds.toFixed(0)} s. ` +
        `Its iCalendar feed: ${events.toLocaleString('en-US')} events, ${(bytes / 2 ** 20).toFixed(1)} MiB.\n`,
    );

    const icsFile = path.join(dir, 'plan.ics');
    const exportArgs = ['--db', big, 'export', '--format', 'ics'];
    const toOut = timeCli([...exportArgs, '--out', icsFile], EXPORT_RUNS);
    const toStdout = toFile(icsFile, (o) => timeCli(exportArgs, EXPORT_RUNS, o));
    const hook = path.join(dir, 'rss-hook.cjs');
    fs.writeFileSync(hook, RSS_HOOK);
    const rssOut = peakRss([...exportArgs, '--out', icsFile], RSS_RUNS, hook);
    const rssStdout = toFile(icsFile, (o) => peakRss(exportArgs, RSS_RUNS, hook, o));

    const small = path.join(dir, 'demo.db');
    const demo = startBackend({ dbPath: small, create: 'explicit', transport: 'cli', version: 'bench' });
    const { created, trains } = await call(demo, 'fleet.loadDemo', {});
    demo.close();
    const nodeAlone = Array.from({ length: START_RUNS }, () => {
      const start = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      return performance.now() - start;
    });
    const help = timeCli(['--help'], START_RUNS);
    const status = timeCli(['--db', small, 'status'], START_RUNS);
    const trainsList = timeCli(['--db', small, 'trains', 'list'], START_RUNS);

    const n = `${events.toLocaleString('en-US')} events`;
    printTable([
      timeRow(`export.render ics, in process (${n})`, inProcess.times, '≤ 200 ms'),
      timeRow(`  the first of them, which records every event's SEQUENCE`, [inProcess.first], ''),
      timeRow(`CLI export --format ics --out FILE (${n})`, toOut, '≤ 600 ms'),
      rssRow('  its peak RSS', rssOut, '< 200 MB (190.7 MiB)'),
      timeRow('CLI export --format ics > FILE', toStdout, '≤ 600 ms'),
      rssRow('  its peak RSS', rssStdout, '< 200 MB (190.7 MiB)'),
      timeRow('CLI --help', help, '≤ 150 ms'),
      timeRow(`CLI status (the demo: ${created} deployments, ${trains} trains)`, status, '≤ 150 ms'),
      timeRow('CLI trains list (the same database)', trainsList, '≤ 150 ms'),
      timeRow('node -e 0 (Node itself starting, for reference)', nodeAlone, ''),
    ]);
    console.log(
      `\nMedians of ${EXPORT_RUNS} runs (exports), ${RSS_RUNS} (RSS) and ${START_RUNS} (start-up), each series after one unmeasured run.`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
