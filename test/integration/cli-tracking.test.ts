import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, StatusReport, TodayBoard, TrainTracking, UndoResult } from '../../shared/contract';
import { builtCliOn, expectBuiltCliRefusal, trackingFleetDatabase, useBuiltCli } from '../helpers/built-cli';
import { type CliRun, cliOn } from '../helpers/cli';
import { dumpDatabaseFile } from '../helpers/db';
import { TRACKING_FLEET_CSV, settableClock } from '../helpers/tracking';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('rc-cli-tracking-');

/** A database with the small fleet, six trains from 4 Jan 2027, and 2027.01's rollout planned, made by the real CLI. */
function plannedDatabase(): { db: string; wave1: string[] } {
  const db = trackingFleetDatabase(tempDir(), '2027-01-04', 6);
  const plan = builtCliOn(db, 'rollout', 'plan', '--train', '2027.01', '--json');
  expect(plan.stderr).toBe('');
  const waves = (JSON.parse(plan.stdout) as { waves: { deployments: { key: string }[] }[] }).waves;
  return { db, wave1: waves[1]!.deployments.map((d) => d.key) };
}

describe('rollout tracking through the built CLI (real processes)', () => {
  useBuiltCli();

  it('starting a customer wave before the gates pass exits 1 with the reason and changes nothing', () => {
    const { db, wave1 } = plannedDatabase();
    const before = dumpDatabaseFile(db);
    for (const target of [
      ['--wave', '1'],
      ['--deployment', wave1.join(',')],
    ])
      expectBuiltCliRefusal(
        db,
        ['rollout', 'start', '--train', '2027.01', ...target],
        'release-calendar: Wave 1 of 2027.01 cannot start before the validation gates pass: Unit tests, Integration tests, Acceptance suite and Internal deployment released and baked are still open; pass or waive them first.\n',
      );
    expect(dumpDatabaseFile(db)).toEqual(before);
  });

  it('starting a step on a halted train exits 1 with the halt and its reason and changes nothing', () => {
    const { db, wave1 } = plannedDatabase();
    expect(builtCliOn(db, 'rollout', 'start', '--train', '2027.01', '--wave', '0').status).toBe(0);
    const halt = builtCliOn(
      db,
      'halt',
      '--train',
      '2027.01',
      '--reason',
      'Login fails for SSO users',
      '--reference',
      'INC-4821',
    );
    expect(halt.stderr).toBe('');
    expect(halt.status).toBe(0);
    expect(halt.stdout).toContain('HALTED in wave 0');
    const before = dumpDatabaseFile(db);
    for (const target of [
      ['--deployment', wave1[0]!],
      ['--wave', '1'],
    ])
      expectBuiltCliRefusal(
        db,
        ['rollout', 'start', '--train', '2027.01', ...target],
        'release-calendar: Train 2027.01 is halted: Login fails for SSO users (INC-4821); resume it with the fix first.\n',
      );
    const resume = builtCliOn(db, 'resume', '--train', '2027.01', '--fix', '2027.01.1');
    expect(resume.status).toBe(1);
    expect(resume.stderr).toMatch(/^release-calendar: Train 2027\.01 cannot resume yet: by policy the gate/);
    expect(dumpDatabaseFile(db)).toEqual(before);
  });
});

describe('rollout tracking commands (in-process)', () => {
  async function workspace(): Promise<{
    run: (...argv: string[]) => Promise<CliRun>;
    clock: ReturnType<typeof settableClock>;
    db: string;
  }> {
    const dir = tempDir();
    const db = path.join(dir, 'rc.db');
    const clock = settableClock('2027-01-18T08:00:00.000Z');
    const run = (...argv: string[]) => cliOn(db, argv, { cwd: dir, now: clock.now });
    fs.writeFileSync(path.join(dir, 'fleet.csv'), TRACKING_FLEET_CSV);
    expect((await run('deployments', 'import', 'fleet.csv')).code).toBe(0);
    expect((await run('trains', 'plan', '--from', '2027-01-04', '--count', '3')).code).toBe(0);
    expect((await run('rollout', 'plan', '--train', '2027.01')).code).toBe(0);
    return { run, clock, db };
  }

  it('drives gates, steps, a halt and resume, status, audit and undo, with --json everywhere', async () => {
    const { run, clock, db } = await workspace();
    let r = await run('gates', 'list', '--train', '2027.01');
    expect(r.out).toMatch(/^KEY\s+NAME\s+REQUIRED\s+STATE/);
    expect(r.out).toContain('internal-bake');

    r = await run(
      'gates',
      'pass',
      '--train',
      '2027.01',
      '--gate',
      'unit-tests',
      '--evidence',
      'https://ci.example.com/runs/1',
    );
    expect(r.code, r.stderr.join()).toBe(0);
    expect(r.out.split('\n')[0]).toBe('The gate "Unit tests" of 2027.01 is passed.');
    for (const gate of ['integration-tests', 'acceptance-suite'])
      expect((await run('gates', 'pass', '--train', '2027.01', '--gate', gate)).code).toBe(0);
    const before = dumpDatabaseFile(db);
    r = await run('gates', 'waive', '--train', '2027.01', '--gate', 'internal-bake');
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual(['release-calendar: --reason: A waiver needs a reason: say why the gate may be skipped.']);
    r = await run('gates', 'pass', '--train', '2027.01', '--gate', 'unit-tests', '--evidence', 'ftp://x.example.com');
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toContain('--evidence: Evidence must be an http:// or https:// link');
    r = await run('gates', 'pass', '--train', '2027.01', '--gate', 'nope');
    expect(r.code).toBe(3);
    expect(r.stderr[0]).toBe(
      'release-calendar: 2027.01 has no gate "nope"; its gates are unit-tests, integration-tests, acceptance-suite, internal-bake.',
    );
    expect(dumpDatabaseFile(db)).toEqual(before);

    // Usage errors exit 2.
    expect((await run('rollout', 'start', '--train', '2027.01')).code).toBe(2);
    expect((await run('rollout', 'start', '--train', '2027.01', '--wave', '0', '--deployment', 'corp')).code).toBe(2);
    expect((await run('rollout', 'start', '--wave', '0')).code).toBe(2);
    expect((await run('rollout', 'start', '--train', '2027.01', '--wave', 'one')).code).toBe(2);
    expect((await run('rollout', 'fail', '--train', '2027.01', '--wave', '0', '--override-bake', 'x')).code).toBe(2);
    expect(dumpDatabaseFile(db)).toEqual(before);

    clock.set('2027-01-18T09:00:00.000Z');
    expect((await run('rollout', 'start', '--train', '2027.01', '--wave', '0')).code).toBe(0);
    r = await run('rollout', 'release', '--train', '2027.01', '--deployment', 'corp', '--json');
    expect((JSON.parse(r.out) as TrainTracking).waves[0]!.steps[0]!.state).toBe('released');
    clock.set('2027-01-19T09:00:00.000Z');
    expect((await run('gates', 'pass', '--train', '2027.01', '--gate', 'internal-bake')).code).toBe(0);
    r = await run('rollout', 'start', '--train', '2027.01', '--wave', '1', '--actor', 'dana');
    expect(r.code, r.stderr.join()).toBe(0);
    expect(r.out.split('\n')[0]).toBe('Started wave 1 of 2027.01.');
    expect(r.out).toContain('rolling out');
    // After an action, a summary: each wave on one line with its counts, one next action, no deployment list.
    expect(r.out).toMatch(/^ {2}Wave 1 · .* · 0\/\d+ released · \d+ in progress$/m);
    expect(r.out.match(/^ {4}next: /gm)).toHaveLength(1);
    expect(r.out).not.toMatch(/^ {4}\S+ \S+ +(pending|in progress)$/m);
    expect(r.out).toContain('Every deployment: "status --train 2027.01".');
    const full = await run('status', '--train', '2027.01');
    expect(full.out).toMatch(/^ {4}… \S+ +in progress$/m);
    expect((await run('rollout', 'release', '--train', '2027.01', '--wave', '1')).code).toBe(0);
    // The bake of wave 1 can be overridden with a reason, recorded in the audit trail.
    r = await run('rollout', 'start', '--train', '2027.01', '--wave', '2');
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toContain('is baking until Wed 20 Jan 2027');
    r = await run(
      'rollout',
      'start',
      '--train',
      '2027.01',
      '--wave',
      '2',
      '--override-bake',
      'Security fix, customers waiting',
    );
    expect(r.code, r.stderr.join()).toBe(0);
    r = await run('rollout', 'skip', '--train', '2027.01', '--wave', '3');
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toBe(
      'release-calendar: --reason: Failing, rolling back or skipping a deployment needs a reason.',
    );

    r = await run(
      'halt',
      '--train',
      '2027.01',
      '--reason',
      'Exports truncated',
      '--reference',
      'BUG-7',
      '--severity',
      'medium',
      '--json',
    );
    expect(r.code, r.stderr.join()).toBe(0);
    const halted = JSON.parse(r.out) as TrainTracking;
    expect(halted.status).toBe('halted');
    expect(halted.halt!.severity).toBe('medium');
    r = await run('halt', '--train', '2027.01', '--reason', 'x', '--reference', 'y', '--severity', 'apocalyptic');
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toContain('--severity: Severity must be one of: low, medium, high, critical.');

    r = await run('status', '--json');
    const report = JSON.parse(r.out) as StatusReport;
    // In flight: planned for rollout and under way (2027.02 has no plan yet, so it is not listed).
    expect(report.trains.map((t) => [t.version, t.status])).toEqual([['2027.01', 'halted']]);
    r = await run('status', '--train', '2027.01');
    expect(r.out).toMatch(/^2027\.01 — halted \(calendar: validating\) · 3\/7 released/);
    expect(r.out).toContain('HALTED in wave 2');
    r = await run('today');
    expect(r.code).toBe(0);
    // The same list the app notifies, for scripts: the halt of today is in it.
    expect(r.out).toContain(
      'Notifications today:\n  Train 2027.01 is halted: Exports truncated (BUG-7, medium severity)',
    );
    r = await run('today', '--json');
    expect((JSON.parse(r.out) as TodayBoard).notifications).toContainEqual(
      expect.objectContaining({ kind: 'train_halted', version: '2027.01', title: 'Train 2027.01 is halted' }),
    );

    r = await run('audit', '--train', '2027.01', '--json');
    const trail = JSON.parse(r.out) as AuditEntry[];
    expect(trail[0]!.action).toBe('train.halt');
    expect(trail.find((e) => e.action === 'step.start' && e.actor === 'dana')).toBeDefined();
    expect(trail.find((e) => e.summary.includes('bake overridden: Security fix, customers waiting'))).toBeDefined();
    r = await run('audit', '--deployment', 'corp');
    expect(r.out).toMatch(/^ID\s+AT \(UTC\)\s+ACTOR\s+ACTION\s+SUMMARY/);
    expect((await run('audit', '--train', '2027.01', '--deployment', 'corp')).code).toBe(2);

    r = await run('undo', '--json');
    expect((JSON.parse(r.out) as UndoResult).undone.action).toBe('train.halt');
    r = await run('undo');
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toMatch(
      /^release-calendar: The last action \("Halted 2027\.01 in wave 2: .*"\) was already undone/,
    );
    r = await run('audit', '--limit', '2');
    expect(r.out).toContain('[undone by #');

    r = await run('deployments', 'history', 'corp', '--json');
    expect(JSON.parse(r.out)).toMatchObject({
      key: 'corp',
      trains: [{ version: '2027.01', wave: 0, state: 'released' }],
    });
  });

  it('user sets the name the audit log records; --actor overrides it for one command', async () => {
    const { run } = await workspace();
    // The test harness passes an actor of its own, like --actor would.
    let r = await run('user', '--name', 'Dana Release', '--json');
    expect(JSON.parse(r.out)).toMatchObject({ userName: 'Dana Release' });
    r = await run('user', '--name', 'x', '--clear');
    expect(r.code).toBe(2);
    r = await run('gates', 'pass', '--train', '2027.01', '--gate', 'unit-tests', '--actor', 'sam');
    expect(r.code).toBe(0);
    const trail = JSON.parse((await run('audit', '--json', '--limit', '1')).out) as AuditEntry[];
    expect(trail[0]!.actor).toBe('sam');
  });
});
