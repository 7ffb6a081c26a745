import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BlockedDatesChange, CsvExport, RolloutPlanView } from '../../shared/contract';
import type { Deployment } from '../../shared/deployment';
import type { ApiError } from '../../shared/errors';
import type { TrainView } from '../../shared/train';
import { listAudit } from '../../electron/backend/repositories/audit';
import { addSaoPaulo, cliWithFleet } from '../helpers/cli';
import { dumpDatabase, dumpDatabaseFile, fleetImportedElsewhere, useTestBackend } from '../helpers/db';
import { csvOf } from '../helpers/deployments';
import { useTempDirs } from '../helpers/temp-dir';

// Early-wave opt-out and per-deployment blocked dates, end to end on real SQLite
// files: the services, the ordering engine fed from them, CSV and the CLI.
// The test clock says 2026-03-02; the trains start in 2027.

const tempDir = useTempDirs('rc-eligibility-');
const { backend, ok } = useTestBackend(tempDir);

/** Calls a method that must be refused, and checks that not one row of any table changed. */
async function refused(method: string, input: unknown): Promise<ApiError> {
  const before = dumpDatabase(backend().db);
  const answer = await backend().dispatch(method, input);
  if (answer.ok) throw new Error(`${method} should have been refused but answered ${JSON.stringify(answer.result)}`);
  expect(dumpDatabase(backend().db)).toEqual(before);
  return answer.error;
}

const FLEET = csvOf(
  ['key', 'name', 'region', 'time_zone', 'tier', 'weight', 'pairing_group', 'pin_policy', 'internal'],
  [
    ['corp', 'Corporate', 'us-east', 'America/New_York', 'standard', '10', '', 'none', 'true'],
    ['us-1', 'US 1', 'us-east', 'America/New_York', 'standard', '100', 'us-pair', 'none', 'false'],
    ['us-2', 'US 2', 'us-east', 'America/New_York', 'standard', '100', 'us-pair', 'none', 'false'],
    ['eu-1', 'EU 1', 'eu-west', 'Europe/Dublin', 'standard', '100', '', 'none', 'false'],
    ['eu-2', 'EU 2', 'eu-west', 'Europe/Dublin', 'standard', '100', '', 'none', 'false'],
    ['ap-1', 'AP 1', 'ap-south', 'Asia/Kolkata', 'standard', '100', '', 'none', 'false'],
    ['gov-1', 'Gov 1', 'us-east', 'America/New_York', 'government', '100', '', 'late', 'false'],
  ],
);

async function fleetWithTrain(): Promise<TrainView> {
  await ok('deployments.importCsv', { csv: FLEET });
  const trains = await ok<TrainView[]>('trains.plan', { from: '2027-01-04', count: 1 });
  return trains[0]!;
}

const waveOf = (plan: RolloutPlanView, key: string) =>
  plan.waves.find((w) => w.deployments.some((d) => d.key === key))!;
const placementOf = (plan: RolloutPlanView, key: string) => waveOf(plan, key).deployments.find((d) => d.key === key)!;

describe('early-wave opt-out', () => {
  it('is set on create and changed on update, audited, and refused for the internal deployment', async () => {
    const created = await ok<Deployment>('deployments.create', {
      key: 'us-east-6',
      name: 'US East 6',
      region: 'us-east',
      timeZone: 'America/New_York',
      earlyOptOut: true,
    });
    expect(created.earlyOptOut).toBe(true);
    const cleared = await ok<Deployment>('deployments.update', { key: 'us-east-6', changes: { earlyOptOut: false } });
    expect(cleared.earlyOptOut).toBe(false);
    expect(listAudit(backend().db, 'deployment', 'us-east-6').map((e) => e.summary)).toEqual([
      'Created us-east-6 (US East 6)',
      'Changed earlyOptOut of us-east-6',
    ]);

    const draft = await refused('deployments.create', {
      key: 'corp',
      name: 'Corporate',
      region: 'us-east',
      timeZone: 'America/New_York',
      internal: true,
      earlyOptOut: true,
    });
    expect(draft.code).toBe('invalid_input');
    expect(draft.fields).toEqual([
      {
        field: 'earlyOptOut',
        message: 'The internal deployment always receives a release first, so it cannot opt out of early waves.',
      },
    ]);

    await ok('deployments.create', {
      key: 'corp',
      name: 'Corporate',
      region: 'us-east',
      timeZone: 'America/New_York',
      internal: true,
    });
    const update = await refused('deployments.update', { key: 'corp', changes: { earlyOptOut: true } });
    expect([update.code, update.message]).toEqual([
      'rule_violation',
      'The internal deployment always receives a release first, so it cannot opt out of early waves.',
    ]);
    const promote = await refused('deployments.update', {
      key: 'us-east-6',
      changes: { earlyOptOut: true, internal: true },
    });
    expect(promote.fields?.[0]?.field).toBe('earlyOptOut');
  });

  it('keeps an opted-out deployment out of the early wave, says why, and refuses a manual move into it', async () => {
    const train = await fleetWithTrain();
    const first = await ok<RolloutPlanView>('rollout.plan', { trainId: train.id });
    const early = first.waves[1]!.deployments[0]!.key;
    await ok('deployments.update', { key: early, changes: { earlyOptOut: true } });

    // The opt-out re-planned the train at once: no rollout.plan needed.
    const plan = await ok<RolloutPlanView>('rollout.get', { trainId: train.id });
    expect(waveOf(plan, early).index).toBeGreaterThan(1);
    expect(placementOf(plan, early).reason).toMatch(/^opted out of early waves; /);

    const move = await refused('rollout.move', { trainId: train.id, key: early, wave: 1, reason: 'Customer asked' });
    expect([move.code, move.message]).toEqual([
      'rule_violation',
      `Moving ${early} to wave 1 is refused: ${early} is opted out of early waves; wave 1 is early.`,
    ]);
  });
});

describe('blocked dates', () => {
  const launch = { key: 'eu-1', from: '2027-03-01', to: '2027-03-05', reason: 'Customer launch week' };

  it('blocks and unblocks ranges, each change audited, and shows them on the deployment, oldest first', async () => {
    await ok('deployments.importCsv', { csv: FLEET });
    const later = await ok<BlockedDatesChange>('deployments.block', launch);
    const sooner = await ok<BlockedDatesChange>('deployments.block', {
      key: 'eu-1',
      from: '2026-12-24',
      to: '2026-12-24',
      reason: '  Office party  ',
    });
    expect(sooner.range).toEqual({ id: sooner.range.id, from: '2026-12-24', to: '2026-12-24', reason: 'Office party' });
    expect(sooner.plannedOnBlockedDays).toEqual([]);
    const d = await ok<Deployment>('deployments.get', { key: 'eu-1' });
    expect(d.blockedDates).toEqual([sooner.range, later.range]);
    // A range that ends the day before another begins does not overlap it.
    await ok('deployments.block', { key: 'eu-1', from: '2027-02-20', to: '2027-02-28', reason: 'Migration' });

    const after = await ok<Deployment>('deployments.unblock', { key: 'eu-1', id: later.range.id });
    expect(after.blockedDates.map((r) => r.reason)).toEqual(['Office party', 'Migration']);
    const events = listAudit(backend().db, 'deployment', 'eu-1').slice(-4);
    expect(events.map((e) => [e.action, e.summary])).toEqual([
      ['deployment.block', 'Blocked eu-1 1–5 Mar 2027: Customer launch week'],
      ['deployment.block', 'Blocked eu-1 24 Dec 2026: Office party'],
      ['deployment.block', 'Blocked eu-1 20–28 Feb 2027: Migration'],
      ['deployment.unblock', 'Unblocked eu-1 1–5 Mar 2027 (Customer launch week)'],
    ]);
    expect(events[0]!.after).toEqual(later.range);
    expect(events[3]!.before).toEqual(later.range);
  });

  it('refuses a range overlapping another of the same deployment, naming it; other deployments are unaffected', async () => {
    await ok('deployments.importCsv', { csv: FLEET });
    const first = await ok<BlockedDatesChange>('deployments.block', launch);
    const overlap = await refused('deployments.block', { ...launch, from: '2027-03-05', to: '2027-03-09' });
    expect([overlap.code, overlap.message]).toEqual([
      'conflict',
      `eu-1 is already blocked 1–5 Mar 2027 (Customer launch week, id ${first.range.id}), which overlaps 5–9 Mar 2027; unblock that range first or choose other days.`,
    ]);
    const inside = await refused('deployments.block', { ...launch, from: '2027-03-02', to: '2027-03-02' });
    expect(inside.code).toBe('conflict');
    await ok('deployments.block', { ...launch, key: 'eu-2' });
  });

  it('refuses an unknown or retired deployment, the internal one, a range that is over, and bad ranges', async () => {
    await ok('deployments.importCsv', { csv: FLEET });
    expect(await refused('deployments.block', { ...launch, key: 'mars-1' })).toMatchObject({
      message: 'No deployment has the key "mars-1".',
      hint: { kind: 'list_deployments' },
    });
    await ok('deployments.retire', { key: 'ap-1' });
    expect((await refused('deployments.block', { ...launch, key: 'ap-1' })).message).toBe(
      'ap-1 is retired and receives no releases; reactivate it first.',
    );
    expect((await refused('deployments.block', { ...launch, key: 'corp' })).message).toMatch(
      /^corp is the internal deployment, which receives every release first/,
    );
    expect((await refused('deployments.block', { ...launch, from: '2026-02-01', to: '2026-03-01' })).message).toBe(
      'The range 1 Feb – 1 Mar 2026 is over; block days from today (2026-03-02) on.',
    );

    const backwards = await refused('deployments.block', { ...launch, from: '2027-03-05', to: '2027-03-01' });
    expect(backwards.fields).toEqual([
      { field: 'to', message: 'A blocked range must end on or after the day it starts.' },
    ]);
    const long = await refused('deployments.block', { ...launch, from: '2027-01-01', to: '2028-01-02' });
    expect(long.fields?.[0]?.message).toBe(
      'A blocked range can be at most 366 days long; split it, or retire the deployment.',
    );
    const blank = await refused('deployments.block', { ...launch, reason: '   ' });
    expect(blank.fields?.[0]?.field).toBe('reason');
    const notADay = await refused('deployments.block', { ...launch, from: '2027-02-30' });
    expect(notADay.fields?.[0]?.field).toBe('from');
  });

  it('refuses to unblock a range that is not the deployment’s, listing the ids it has', async () => {
    await ok('deployments.importCsv', { csv: FLEET });
    const mine = await ok<BlockedDatesChange>('deployments.block', launch);
    const theirs = await ok<BlockedDatesChange>('deployments.block', { ...launch, key: 'eu-2' });
    const wrong = await refused('deployments.unblock', { key: 'eu-1', id: theirs.range.id });
    expect([wrong.code, wrong.message]).toEqual([
      'not_found',
      `eu-1 has no blocked range with the id ${theirs.range.id}; its ranges are ${mine.range.id} ("deployments show eu-1").`,
    ]);
    expect((await refused('deployments.unblock', { key: 'us-1', id: 1 })).message).toBe('us-1 has no blocked dates.');
  });

  it('keeps a blocked deployment off its blocked day when a real train is planned, and explains it', async () => {
    const train = await fleetWithTrain();
    const first = await ok<RolloutPlanView>('rollout.plan', { trainId: train.id });
    const wave1 = first.waves[1]!;
    const key = wave1.deployments[0]!.key;

    // Blocking a day the stored plan of a train not yet started uses re-plans it in the same change.
    const change = await ok<BlockedDatesChange>('deployments.block', {
      key,
      from: wave1.date,
      to: wave1.date,
      reason: 'Customer launch',
    });
    expect(change.replanned).toEqual([{ trainId: train.id, version: train.version }]);
    expect(change.plannedOnBlockedDays).toEqual([]);
    const replanned = (await ok<RolloutPlanView | null>('rollout.get', { trainId: train.id }))!;
    expect(waveOf(replanned, key).date).not.toBe(wave1.date);
    expect(placementOf(replanned, key).reason).toMatch(/^blocked on \w{3} \d+ \w{3}, so a later wave$/);

    const plan = await ok<RolloutPlanView>('rollout.plan', { trainId: train.id });
    expect(waveOf(plan, key).date).not.toBe(wave1.date);
    expect(placementOf(plan, key).reason).toMatch(/^blocked on \w{3} \d+ \w{3}, so a later wave$/);

    // A manual move back onto the blocked day is refused with the day named.
    const move = await refused('rollout.move', { trainId: train.id, key, wave: 1, reason: 'Try anyway' });
    expect(move.message).toMatch(
      new RegExp(`^Moving ${key} to wave 1 is refused: ${key} is blocked on .*, the day of wave 1\\.$`),
    );

    // Unblocked, the engine no longer holds it back.
    await ok('deployments.unblock', { key, id: change.range.id });
    const again = await ok<RolloutPlanView>('rollout.plan', { trainId: train.id });
    expect(placementOf(again, key).reason).not.toContain('blocked');
  });
});

describe('fleet CSV with the early_opt_out column', () => {
  it('round-trips the flag through export and import into another database', async () => {
    await ok('deployments.importCsv', { csv: FLEET });
    await ok('deployments.update', { key: 'eu-2', changes: { earlyOptOut: true } });
    const exported = await ok<CsvExport>('deployments.exportCsv', {});
    expect(exported.csv.split('\r\n')[0]).toContain(',internal,early_opt_out,');

    const deployments = await fleetImportedElsewhere(tempDir(), exported.csv);
    expect(deployments.filter((d) => d.earlyOptOut).map((d) => d.key)).toEqual(['eu-2']);
  });

  it('keeps the opt-out of existing deployments when the file has no such column; an explicit false clears it', async () => {
    await ok('deployments.importCsv', { csv: FLEET });
    await ok('deployments.update', { key: 'eu-2', changes: { earlyOptOut: true } });
    const unchanged = await ok<{ unchanged: number }>('deployments.importCsv', { csv: FLEET });
    expect(unchanged.unchanged).toBe(7);
    expect((await ok<Deployment>('deployments.get', { key: 'eu-2' })).earlyOptOut).toBe(true);

    const cleared = csvOf(
      ['key', 'name', 'region', 'time_zone', 'early_opt_out'],
      [['eu-2', 'EU 2', 'eu-west', 'Europe/Dublin', 'false']],
    );
    await ok('deployments.importCsv', { csv: cleared });
    expect((await ok<Deployment>('deployments.get', { key: 'eu-2' })).earlyOptOut).toBe(false);
    expect(listAudit(backend().db, 'deployment', 'eu-2').at(-1)!.summary).toBe('Imported eu-2 (updated)');
  });
});

describe('CLI', () => {
  const workspace = () => cliWithFleet(tempDir(), FLEET);

  it('deployments add/edit set and clear the opt-out; giving both flags is a usage error', async () => {
    const { run } = await workspace();
    const added = await run(...addSaoPaulo('sa-1', ['--early-opt-out']));
    expect(added.code, added.stderr.join()).toBe(0);
    expect((JSON.parse(added.out) as Deployment).earlyOptOut).toBe(true);
    const list = await run('deployments', 'list', '--search', 'sa-1');
    expect(list.out.split('\n')[0]).toMatch(/\bPIN\s+EARLY\s+ROLE\b/);
    expect(list.out.split('\n')[1]).toMatch(/\bnone\s+opted out\s+customer\b/);

    const edited = await run('deployments', 'edit', 'sa-1', '--no-early-opt-out', '--json');
    expect((JSON.parse(edited.out) as Deployment).earlyOptOut).toBe(false);
    const both = await run('deployments', 'edit', 'sa-1', '--early-opt-out', '--no-early-opt-out');
    expect([both.code, both.stderr]).toEqual([
      2,
      ['release-calendar: Give --early-opt-out or --no-early-opt-out, not both.'],
    ]);
    const internal = await run('deployments', 'edit', 'corp', '--early-opt-out');
    expect([internal.code, internal.stderr]).toEqual([
      1,
      [
        'release-calendar: The internal deployment always receives a release first, so it cannot opt out of early waves.',
      ],
    ]);
  });

  it('deployments block / show / unblock, with refusals on one line that change nothing', async () => {
    const { dir, run } = await workspace();
    const block = (target: string[], from: string, to: string, reason: string) =>
      run('deployments', 'block', ...target, '--from', from, '--to', to, '--reason', reason);
    const blocked = await block(['--key', 'eu-1'], '2027-03-01', '2027-03-05', 'Customer launch week');
    expect(blocked.code, blocked.stderr.join()).toBe(0);
    expect(blocked.out).toMatch(/^Blocked eu-1 from 2027-03-01 to 2027-03-05 \(id (\d+)\): Customer launch week\.$/);
    const id = /\(id (\d+)\)/.exec(blocked.out)![1]!;

    const shown = await run('deployments', 'show', 'eu-1');
    expect(shown.out).toMatch(/^ {2}early waves +not opted out/m);
    expect(shown.out).toMatch(
      new RegExp(
        `Blocked dates:\\n\\s+ID\\s+FROM\\s+TO\\s+REASON\\n\\s+${id}\\s+2027-03-01\\s+2027-03-05\\s+Customer launch week`,
      ),
    );
    const json = JSON.parse((await run('deployments', 'show', 'eu-1', '--json')).out) as Deployment;
    expect(json.blockedDates).toEqual([
      { id: Number(id), from: '2027-03-01', to: '2027-03-05', reason: 'Customer launch week' },
    ]);

    const file = path.join(dir, 'rc.db');
    const before = dumpDatabaseFile(file);
    const overlap = await block(['eu-1'], '2027-03-04', '2027-03-04', 'x');
    expect(overlap.code).toBe(1);
    expect(overlap.stderr).toHaveLength(1);
    expect(overlap.stderr[0]).toContain(`eu-1 is already blocked 1–5 Mar 2027 (Customer launch week, id ${id})`);
    const badDay = await block(['eu-1'], '2027-03-32', '2027-03-04', 'x');
    expect([badDay.code, badDay.stderr[0]]).toEqual([1, expect.stringContaining('--from')]);
    const twoKeys = await block(['eu-1', '--key', 'eu-2'], '2027-03-04', '2027-03-04', 'x');
    expect(twoKeys.code).toBe(2);
    const noId = await run('deployments', 'unblock', 'eu-1');
    expect([noId.code, noId.stderr]).toEqual([
      2,
      ['release-calendar: Give the blocked range with --id N (see "deployments show KEY").'],
    ]);
    expect(dumpDatabaseFile(file)).toEqual(before);

    const unblocked = await run('deployments', 'unblock', '--key', 'eu-1', '--id', id);
    expect(unblocked.out).toBe(`Unblocked range ${id} of eu-1; no blocked dates remain.`);
    expect((await run('deployments', 'show', 'eu-1')).out).toContain('Blocked dates: none.');
  });

  it('re-plans a train not started whose plan puts the deployment on a newly blocked day, and says so', async () => {
    const { run } = await workspace();
    expect((await run('trains', 'plan', '--from', '2027-01-04', '--count', '1')).code).toBe(0);
    const plan = JSON.parse((await run('rollout', 'plan', '--train', '2027.01', '--json')).out) as RolloutPlanView;
    const wave1 = plan.waves[1]!;
    const key = wave1.deployments[0]!.key;
    const r = await run('deployments', 'block', key, '--from', wave1.date, '--to', wave1.date, '--reason', 'Launch');
    expect(r.code, r.stderr.join()).toBe(0);
    expect(r.stdout[1]).toBe(`Re-planned the rollout of 2027.01 to keep ${key} off the blocked days.`);
    const after = JSON.parse((await run('rollout', 'plan', '--train', '2027.01', '--json')).out) as RolloutPlanView;
    expect(after.waves[1]!.deployments.map((d) => d.key)).not.toContain(key);
  });
});
