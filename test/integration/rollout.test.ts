import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FairnessReport, RolloutPlanView } from '../../shared/contract';
import { planViolations } from '../../shared/ordering';
import type { SimulationResult } from '../../shared/simulate';
import { type CliRun, cliOn } from '../helpers/cli';
import { dumpDatabaseFile } from '../helpers/db';
import { recountRotation } from '../helpers/rotation-oracle';
import { useTempDirs } from '../helpers/temp-dir';
import { TRACKING_FLEET_CSV } from '../helpers/tracking';

const tempDir = useTempDirs('rc-rollout-');

// The CLI helper's clock says 2026-03-02; the trains below start in 2027.
async function run(dir: string, ...argv: string[]): Promise<CliRun> {
  return cliOn(path.join(dir, 'rc.db'), argv, { cwd: dir });
}

/** `rollout move` in train 2027.01: `key` to `wave`, with the flags given (a reason, --json). */
async function moveIn(dir: string, key: string, wave: number, ...flags: string[]): Promise<CliRun> {
  return run(dir, 'rollout', 'move', '--train', '2027.01', '--deployment', key, '--wave', String(wave), ...flags);
}

async function fleetWithTrains(dir: string): Promise<void> {
  const csv = path.join(dir, 'fleet.csv');
  const fs = await import('node:fs');
  fs.writeFileSync(csv, TRACKING_FLEET_CSV);
  expect((await run(dir, 'deployments', 'import', csv)).code).toBe(0);
  expect((await run(dir, 'trains', 'plan', '--from', '2027-01-04', '--count', '6')).code).toBe(0);
}

describe('fair rollout ordering through the CLI', () => {
  it.each([
    [12, [5, 21]],
    [40, [7, 2]],
    [60, [9, 3]],
    [200, [4]],
  ])(
    'simulate --deployments %i --trains 2N --json, recounted from the JSON alone: all-time spread ≤ 1, no repeat, no wait past ⌈n/m⌉',
    async (deployments, seeds) => {
      const dir = tempDir();
      for (const seed of seeds) {
        const argv = [
          '--deployments',
          String(deployments),
          '--trains',
          String(2 * deployments),
          '--seed',
          String(seed),
        ];
        const r = await run(dir, 'simulate', ...argv, '--json');
        expect(r.code, r.stderr.join()).toBe(0);
        const sim = JSON.parse(r.out) as SimulationResult;
        expect(sim.trains).toHaveLength(2 * deployments);
        const rc = recountRotation(sim.trains, sim.eligible);
        const where = `seed ${seed}`;
        expect(rc.maxSpread, where).toBeLessThanOrEqual(1);
        expect(rc.repeats, where).toEqual([]);
        expect(rc.longestWait + 1, where).toBeLessThanOrEqual(Math.ceil(sim.eligible.length / rc.m));
      }
    },
  );

  it('simulate --deployments 40 --trains 52 --seed 7 --json: 52 plans, every hard constraint and guarantee holds after every train', async () => {
    const dir = tempDir();
    const r = await run(dir, 'simulate', '--deployments', '40', '--trains', '52', '--seed', '7', '--json');
    expect(r.code, r.stderr.join()).toBe(0);
    const sim = JSON.parse(r.out) as SimulationResult;
    expect(sim.trains).toHaveLength(52);
    const internal = sim.fleet.find((d) => d.internal)!.key;
    const m = sim.trains[0]!.waves[0]!.length;
    const n = sim.eligible.length;
    const lastFirst = new Map<string, number>();
    const waitedSince = new Map(sim.eligible.map((k) => [k, 0]));
    sim.trains.forEach((t, i) => {
      const waves = [
        { date: '2027-01-01', keys: [internal] },
        ...t.waves.map((keys) => ({ date: '2027-01-02', keys })),
      ];
      expect(planViolations(waves, sim.fleet, sim.policy), `train ${t.train}`).toEqual([]);
      expect(t.metrics.firstWaveSpread, `spread after train ${t.train}`).toBeLessThanOrEqual(1);
      for (const key of t.waves[0]!) {
        expect(lastFirst.get(key), `${key} first twice in a row at train ${t.train}`).not.toBe(i - 1);
        lastFirst.set(key, i);
      }
      for (const key of sim.eligible) {
        if (t.waves[0]!.includes(key)) waitedSince.set(key, i + 1);
        expect(i + 1 - waitedSince.get(key)!, `${key} waited too long by train ${t.train}`).toBeLessThanOrEqual(
          Math.ceil(n / m) + 1,
        );
      }
    });
    // Anyone can recompute the metrics from the waves in the JSON.
    expect(sim.trains.at(-1)!.metrics.trains).toBe(Math.min(52, sim.policy.historyWindow));
  });

  it('plans a train fairly, refuses a manual move that breaks a constraint (unchanged), saves and audits one that keeps them', async () => {
    const dir = tempDir();
    await fleetWithTrains(dir);
    const planned = await run(dir, 'rollout', 'plan', '--train', '2027.01', '--json');
    expect(planned.code, planned.stderr.join()).toBe(0);
    const plan = JSON.parse(planned.out) as RolloutPlanView;
    expect(plan.waves[0]!.deployments.map((d) => d.key)).toEqual(['corp']);
    const waveOf = (p: RolloutPlanView, key: string) =>
      p.waves.find((w) => w.deployments.some((d) => d.key === key))!.index;
    const last = plan.waves.length - 1;
    expect(waveOf(plan, 'gov-1')).toBe(last);
    expect(waveOf(plan, 'us-1')).not.toBe(waveOf(plan, 'us-2'));
    expect(plan.waves.find((w) => w.index === last)!.deployments.find((d) => d.key === 'gov-1')!.reason).toContain(
      'pinned late',
    );

    const file = path.join(dir, 'rc.db');
    const before = dumpDatabaseFile(file);
    const pinned = await moveIn(dir, 'gov-1', 2, '--reason', 'Customer asked');
    expect(pinned.code).toBe(1);
    expect(pinned.stderr).toEqual([expect.stringContaining('gov-1 is pinned late: only the last wave')]);
    const partner = waveOf(plan, 'us-1');
    const paired = await moveIn(dir, 'us-2', partner, '--reason', 'x');
    expect(paired.code).toBe(1);
    expect(paired.stderr[0]).toContain('paired with us-1');
    const noReason = await moveIn(dir, 'eu-1', last);
    expect(noReason.code).toBe(1);
    expect(dumpDatabaseFile(file)).toEqual(before);

    const target = waveOf(plan, 'eu-1') === last ? last - 1 : last;
    const ok = await moveIn(dir, 'eu-1', target, '--reason', 'Launch on Monday', '--json');
    expect(ok.code, ok.stderr.join()).toBe(0);
    const moved = JSON.parse(ok.out) as RolloutPlanView;
    const row = moved.waves.find((w) => w.index === target)!.deployments.find((d) => d.key === 'eu-1')!;
    expect(row.manual).toBe(true);
    expect(row.reason).toContain('Launch on Monday');
    expect((await run(dir, 'trains', 'show', '2027.01')).out).toMatch(
      /Moved eu-1 from wave \d to wave \d of 2027\.01: Launch on Monday/,
    );
  });

  it('a manual move and re-plans are counted exactly once: the moved deployment’s turn follows where it went', async () => {
    const dir = tempDir();
    await fleetWithTrains(dir);
    const plan = async (v: string) => {
      const r = await run(dir, 'rollout', 'plan', '--train', v, '--json');
      expect(r.code, r.stderr.join()).toBe(0);
      return JSON.parse(r.out) as RolloutPlanView;
    };
    const show = async (v: string) =>
      JSON.parse((await run(dir, 'rollout', 'plan', '--train', v, '--show', '--json')).out) as RolloutPlanView;
    const first = (p: RolloutPlanView) => p.waves[1]!.deployments.map((d) => d.key);
    const reason = (p: RolloutPlanView, key: string) =>
      p.waves.flatMap((w) => w.deployments).find((d) => d.key === key)!.reason;
    const p1 = await plan('2027.01');
    await plan('2027.02');
    // A lead takes one of 2027.01's first wave out to its last wave: its early turn never happened.
    const moved = first(p1).find((k) => !k.startsWith('us-'))!;
    const last = p1.waves.length - 1;
    const r = await moveIn(dir, moved, last, '--reason', 'Customer freeze that week');
    expect(r.code, r.stderr.join()).toBe(0);
    // 2027.02, not started, follows: the moved one has had no turn, so it goes first now.
    const p2 = await show('2027.02');
    expect(first(p2)).toContain(moved);
    expect(reason(p2, moved)).toMatch(/^fewest early turns: 0, fleet mean /);
    // Planned again, and again: the same plan, nobody counted twice.
    const again = await plan('2027.02');
    expect(first(again)).toEqual(first(p2));
    expect(reason(await plan('2027.02'), moved)).toBe(reason(p2, moved));
    // And the train after counts the move once: one turn each for the moved one and its wave-1 mates of 2027.02.
    const p3 = await plan('2027.03');
    expect(first(p3)).not.toContain(moved);
  });

  it('history feeds the next train: over six trains nobody is first twice in a row, and the report shows it', async () => {
    const dir = tempDir();
    await fleetWithTrains(dir);
    const firsts: string[][] = [];
    for (const v of ['2027.01', '2027.02', '2027.03', '2027.04', '2027.05', '2027.06']) {
      const r = await run(dir, 'rollout', 'plan', '--train', v, '--json');
      expect(r.code, r.stderr.join()).toBe(0);
      firsts.push((JSON.parse(r.out) as RolloutPlanView).waves[1]!.deployments.map((d) => d.key));
    }
    for (let i = 1; i < firsts.length; i++) for (const k of firsts[i]!) expect(firsts[i - 1]).not.toContain(k);
    const report = JSON.parse((await run(dir, 'fairness', '--last', '6', '--json')).out) as FairnessReport;
    expect(report.trains.map((t) => t.version)).toEqual([
      '2027.01',
      '2027.02',
      '2027.03',
      '2027.04',
      '2027.05',
      '2027.06',
    ]);
    expect(report.metrics.firstWaveSpread).toBeLessThanOrEqual(1);
    expect(report.metrics.longestFirstStreak).toBe(1);
    expect(report.heatmap.find((r) => r.key === 'gov-1')!.waves).not.toContain(1);
    // The all-time horizon counts every planned train, whatever --last says.
    const last2 = JSON.parse((await run(dir, 'fairness', '--last', '2', '--json')).out) as FairnessReport;
    expect([last2.metrics.trains, last2.allTime.trains]).toEqual([2, 6]);
    expect(last2.allTime).toEqual(report.metrics);
    expect((await run(dir, 'fairness', '--last', '2')).out).toMatch(
      /^All time \(6 planned train\(s\)\): first-wave spread [01] /m,
    );
  });

  it('refuses to re-plan a train that has started (it keeps its plan)', async () => {
    const dir = tempDir();
    await fleetWithTrains(dir);
    // A second database whose train started before the CLI clock's today (2026-03-02).
    const started = tempDir();
    expect((await run(started, 'deployments', 'import', path.join(dir, 'fleet.csv'))).code).toBe(0);
    expect((await run(started, 'trains', 'plan', '--from', '2026-02-16', '--count', '1')).code).toBe(0);
    expect((await run(started, 'rollout', 'plan', '--train', '2026.04')).code).toBe(0);
    const again = await run(started, 'rollout', 'plan', '--train', '2026.04');
    expect(again.code).toBe(1);
    expect(again.stderr[0]).toContain('has started; it keeps its plan');
  });

  it('refuses a plan when the fleet has no internal deployment, saying what to do', async () => {
    const dir = tempDir();
    const csv = path.join(dir, 'fleet.csv');
    (await import('node:fs')).writeFileSync(csv, 'key,name,region,time_zone\na-1,A 1,us,UTC\na-2,A 2,us,UTC\n');
    await run(dir, 'deployments', 'import', csv);
    await run(dir, 'trains', 'plan', '--from', '2027-01-04', '--count', '1');
    const r = await run(dir, 'rollout', 'plan', '--train', '2027.01');
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toContain('no internal deployment; mark one as internal');
  });

  it('fairness rebuild reads the kept accounts again from the started trains and says whether they agreed', async () => {
    const dir = tempDir();
    expect((await run(dir, 'init', '--demo')).code).toBe(0);
    let r = await run(dir, 'fairness', 'rebuild');
    expect(r.code, r.stderr.join()).toBe(0);
    expect(r.out).toMatch(
      /^Read the fairness accounts of \d+ deployment\(s\) again from \d+ train\(s\) whose rollout has started\.\nThe kept accounts agreed with them\.$/m,
    );
    // Changed behind the app's back: the rebuild names how many differed, and puts them right.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path.join(dir, 'rc.db'));
    db.prepare('UPDATE fairness_accounts SET exposure = exposure + 2 WHERE deployment_id IN (2, 3)').run();
    db.close();
    r = await run(dir, 'fairness', 'rebuild', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ differed: 2, wasStale: false });
    expect((await run(dir, 'fairness', 'rebuild')).out).toContain('The kept accounts agreed with them.');
    // Bad input: a clear error, nothing changed.
    const before = dumpDatabaseFile(path.join(dir, 'rc.db'));
    r = await run(dir, 'fairness', 'rebuild', '--last', '3');
    expect(r.code).toBe(2);
    expect(r.stderr.join('\n')).toContain('--last goes with "fairness", not "fairness rebuild".');
    r = await run(dir, 'fairness', 'recount');
    expect(r.code).toBe(2);
    expect(r.stderr.join('\n')).toContain('Unknown fairness action "recount"; use "fairness" or "fairness rebuild".');
    expect(dumpDatabaseFile(path.join(dir, 'rc.db'))).toEqual(before);
  });
});
