import { afterEach, describe, expect, it } from 'vitest';
import type { Input, TrainTracking } from '../../shared/contract';
import type { MethodName } from '../../shared/method-names';
import { isEvidenceUrl } from '../../electron/backend/repositories/tracking';
import { dumpDatabase } from '../helpers/db';
import { TRACKING_FLEET_CSV, type TrackingBackend, openTrackingBackend } from '../helpers/tracking';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('rc-tracking-');
const open: TrackingBackend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

/**
 * Six trains from Mon 4 Jan 2027 on the small fleet; 2027.01 planned. Its waves fall on
 * Mon 18 (internal), Wed 20, Thu 21, Mon 25 and Wed 27 Jan; the clock starts on the 18th.
 */
async function workspace(): Promise<{ b: TrackingBackend; t1: number; t2: number }> {
  const b = openTrackingBackend(tempDir(), '2027-01-18T08:00:00.000Z');
  open.push(b);
  await b.call('deployments.importCsv', { csv: TRACKING_FLEET_CSV });
  const trains = await b.call('trains.plan', { from: '2027-01-04', count: 6 });
  const [t1, t2] = [trains[0]!.id, trains[1]!.id];
  await b.call('rollout.plan', { trainId: t1 });
  return { b, t1, t2 };
}

const wave = (t: TrainTracking, i: number) => t.waves.find((w) => w.index === i)!;
const keysOf = (t: TrainTracking, i: number) => wave(t, i).steps.map((s) => s.key);
const gate = (t: TrainTracking, key: string) => t.gates.find((g) => g.key === key)!;

async function status(b: TrackingBackend, trainId: number): Promise<TrainTracking> {
  return (await b.call('status.get', { trainId })).trains[0]!;
}

type TrainMethod = { [M in MethodName]: Input<M> extends { trainId: number } ? M : never }[MethodName];
type AboutTrain<M extends TrainMethod> = Omit<Input<M>, 'trainId'>;

/** Calls and refusals about one train: its id goes into every input. */
function aboutTrain(b: TrackingBackend, trainId: number) {
  const withTrain = <M extends TrainMethod>(input: AboutTrain<M>) => ({ ...input, trainId }) as Input<M>;
  return {
    call: <M extends TrainMethod>(method: M, input: AboutTrain<M>) => b.call(method, withTrain<M>(input)),
    refuse: <M extends TrainMethod>(method: M, input: AboutTrain<M>) => b.refuse(method, withTrain<M>(input)),
  };
}

async function passChecks(b: TrackingBackend, trainId: number): Promise<void> {
  for (const key of ['unit-tests', 'integration-tests', 'acceptance-suite'])
    await b.call('gates.set', { trainId, key, action: 'pass' });
}

describe('rollout tracking on a real database', () => {
  it('a train from plan to completion: gates, internal bake, waves, a halt and its fix, resume, finish', async () => {
    const { b, t1 } = await workspace();
    const train = aboutTrain(b, t1);
    let t = await status(b, t1);
    expect(t.waves.map((w) => w.date)).toEqual(['2027-01-18', '2027-01-20', '2027-01-21', '2027-01-25', '2027-01-27']);
    expect(t.gates.map((g) => [g.key, g.state])).toEqual([
      ['unit-tests', 'pending'],
      ['integration-tests', 'pending'],
      ['acceptance-suite', 'pending'],
      ['internal-bake', 'pending'],
    ]);
    expect(t.progress).toEqual({ released: 0, skipped: 0, finished: 0, total: 7 });
    expect(wave(t, 0).next).toMatchObject({ action: 'start', keys: ['corp'], refusal: null });
    expect(wave(t, 1).next!.refusalKind).toBe('gates');

    // A customer wave before the gates: refused, nothing changes.
    let e = await train.refuse('steps.transition', { wave: 1, action: 'start' });
    expect(e.code).toBe('rule_violation');
    expect(e.message).toBe(
      'Wave 1 of 2027.01 cannot start before the validation gates pass: Unit tests, Integration tests, Acceptance suite and Internal deployment released and baked are still open; pass or waive them first.',
    );

    // Gates: pass with evidence, fail then pass, a waiver needs a reason.
    await train.call('gates.set', { key: 'unit-tests', action: 'pass', evidenceUrl: 'https://ci.example.com/runs/41' });
    await train.call('gates.set', { key: 'integration-tests', action: 'fail', reason: 'Flaky payment test' });
    e = await train.refuse('gates.set', { key: 'acceptance-suite', action: 'waive' });
    expect(e.code).toBe('invalid_input');
    expect(e.message).toContain('A waiver needs a reason');
    e = await train.refuse('gates.set', { key: 'unit-tests', action: 'pass' });
    expect(e.message).toBe('The gate "Unit tests" has already passed.');
    e = await train.refuse('gates.set', { key: 'unit-tests', action: 'fail', evidenceUrl: 'javascript:alert(1)' });
    expect(e.code).toBe('invalid_input');
    await train.call('gates.set', { key: 'integration-tests', action: 'pass' });
    t = await train.call('gates.set', {
      key: 'acceptance-suite',
      action: 'waive',
      reason: 'Suite down; manual run done',
    });
    expect(gate(t, 'unit-tests')).toMatchObject({
      state: 'passed',
      evidenceUrl: 'https://ci.example.com/runs/41',
      updatedBy: 'release-manager',
      updatedAt: '2027-01-18T08:00:00.000Z',
    });
    expect(gate(t, 'acceptance-suite')).toMatchObject({ state: 'waived', reason: 'Suite down; manual run done' });
    expect(t.openGates).toEqual(['Internal deployment released and baked']);
    // The desktop app opens a link off its allow-list only if it is stored evidence, exactly.
    expect(isEvidenceUrl(b.database.db, 'https://ci.example.com/runs/41')).toBe(true);
    expect(isEvidenceUrl(b.database.db, 'https://ci.example.com/runs/4')).toBe(false);

    // The internal bake gate needs the internal deployment released, then baked 24 hours.
    e = await train.refuse('gates.set', { key: 'internal-bake', action: 'pass' });
    expect(e.message).toBe(
      'The gate "Internal deployment released and baked" cannot pass yet: corp is not released (it is pending); release it, then let it bake for 24 hours.',
    );
    b.clock.set('2027-01-18T09:00:00.000Z');
    await train.call('steps.transition', { wave: 0, action: 'start' });
    t = await train.call('steps.transition', { keys: ['corp'], action: 'release' });
    expect(t.status).toBe('validating');
    expect(wave(t, 0).steps[0]).toMatchObject({
      state: 'released',
      startedAt: '2027-01-18T09:00:00.000Z',
      finishedAt: '2027-01-18T09:00:00.000Z',
    });
    b.clock.set('2027-01-19T06:30:00.000Z');
    e = await train.refuse('gates.set', { key: 'internal-bake', action: 'pass' });
    expect(e.message).toBe(
      'The gate "Internal deployment released and baked" cannot pass yet: corp has baked for 21 of 24 hours; it can pass from Tue 19 Jan 2027 09:00 UTC.',
    );
    b.clock.set('2027-01-19T09:00:00.000Z');
    t = await train.call('gates.set', { key: 'internal-bake', action: 'pass' });
    expect(t.openGates).toEqual([]);

    // Wave 1 on its day; wave 2 waits for the bake (one day) unless overridden with a reason.
    b.clock.set('2027-01-20T09:00:00.000Z');
    const w1 = keysOf(t, 1);
    t = await train.call('steps.transition', { wave: 1, action: 'start' });
    expect(t.status).toBe('rolling_out');
    expect(wave(t, 1).steps.every((s) => s.state === 'in_progress')).toBe(true);
    e = await train.refuse('steps.transition', { wave: 2, action: 'start' });
    expect(e.message).toMatch(
      /^Wave 1 of 2027\.01 is not finished: 2 of 2 deployments are neither released nor skipped/,
    );
    b.clock.set('2027-01-20T15:00:00.000Z');
    t = await train.call('steps.transition', { wave: 1, action: 'release' });
    expect(wave(t, 1).progress).toEqual({ released: 2, skipped: 0, finished: 2, total: 2 });
    e = await train.refuse('steps.transition', { wave: 2, action: 'start' });
    expect(e.message).toBe(
      'Wave 1 of 2027.01 is baking until Thu 21 Jan 2027 (1 day after its last release on Wed 20 Jan 2027); wait, or override the bake with a reason.',
    );
    expect(wave(t, 2).next).toMatchObject({ refusalKind: 'bake', overridable: true, until: '2027-01-21' });
    e = await train.refuse('steps.transition', {
      wave: 3,
      action: 'start',
      bakeOverride: 'Customer needs the fix today',
    });
    expect(e.message).toMatch(/^Wave 2 of 2027\.01 is not finished/);
    b.clock.set('2027-01-21T09:00:00.000Z');
    const w2 = keysOf(t, 2);
    await train.call('steps.transition', { wave: 2, action: 'start' });
    await train.call('steps.transition', { keys: [w2[0]!], action: 'release' });

    // A regression halts the train; by default it reached the released and in-progress deployments.
    b.clock.set('2027-01-21T11:00:00.000Z');
    t = await train.call('trains.halt', {
      reason: 'Login fails for SSO users',
      reference: 'INC-4821',
      severity: 'critical',
    });
    expect(t.status).toBe('halted');
    expect(t.halt).toMatchObject({
      reason: 'Login fails for SSO users',
      reference: 'INC-4821',
      severity: 'critical',
      haltedWave: 2,
      haltedBy: 'release-manager',
      fixVersion: null,
    });
    expect(t.halt!.deployments).toEqual(['corp', ...w1, ...w2].sort());
    expect(gate(t, 'internal-bake').state).toBe('pending');
    expect(wave(t, 1).steps.every((s) => s.regressions.length === 1)).toBe(true);
    expect(t.statusSentence).toBe(
      '2027.01 is halted in wave 2 since Thu 21 Jan 2027 11:00 UTC: Login fails for SSO users (INC-4821).',
    );

    // While halted no customer step may start, whatever the way it is asked; nothing changes.
    const halted = 'Train 2027.01 is halted: Login fails for SSO users (INC-4821); resume it with the fix first.';
    const w3 = keysOf(t, 3);
    expect((await train.refuse('steps.transition', { keys: [w3[0]!], action: 'start' })).message).toBe(halted);
    b.clock.set('2027-01-25T09:00:00.000Z');
    expect((await train.refuse('steps.transition', { wave: 3, action: 'start' })).message).toBe(halted);
    expect((await train.refuse('trains.halt', { reason: 'again', reference: 'INC-1' })).message).toBe(
      'Train 2027.01 is already halted; resume it with the fix first.',
    );
    // Resuming needs a fresh pass of the internal bake, which needs the fix released to corp after the halt.
    expect((await train.refuse('trains.resume', { fixVersion: '2027.01.1' })).message).toBe(
      'Train 2027.01 cannot resume yet: by policy the gate "Internal deployment released and baked" must pass again after the halt (release the fix to corp and let it bake for 24 hours); it is pending.',
    );
    expect((await train.refuse('gates.set', { key: 'internal-bake', action: 'pass' })).message).toBe(
      'The gate "Internal deployment released and baked" cannot pass yet: corp was released before the halt of Thu 21 Jan 2027 11:00 UTC; release the fix to it (roll it back, start it, release it), then let it bake for 24 hours.',
    );
    // The in-progress step of wave 2 is rolled back; the fix goes to the internal deployment.
    await train.call('steps.transition', { keys: [w2[1]!], action: 'rollback', reason: 'INC-4821' });
    await train.call('steps.transition', { keys: ['corp'], action: 'rollback', reason: 'Deploying the fix' });
    await train.call('steps.transition', { keys: ['corp'], action: 'start' });
    await train.call('steps.transition', { keys: ['corp'], action: 'release' });
    b.clock.set('2027-01-26T09:00:00.000Z');
    await train.call('gates.set', { key: 'internal-bake', action: 'pass' });
    expect((await train.refuse('trains.resume', { fixVersion: 'not a version' })).code).toBe('invalid_input');
    t = await train.call('trains.resume', { fixVersion: '2027.01.1' });
    expect(t.status).toBe('rolling_out');
    expect(t.halt).toBeNull();
    expect(t.halts[0]).toMatchObject({ fixVersion: '2027.01.1', resumedBy: 'release-manager' });
    expect((await train.refuse('trains.resume', { fixVersion: '2027.01.2' })).message).toBe(
      'Train 2027.01 is not halted.',
    );

    // The rollout continues from the halted wave: the rolled-back step is started again by name.
    expect(wave(t, 2).next).toMatchObject({ action: 'start', keys: [w2[1]!], refusal: null });
    await train.call('steps.transition', { keys: [w2[1]!], action: 'start' });
    await train.call('steps.transition', { keys: [w2[1]!], action: 'release' });
    b.clock.set('2027-01-27T09:00:00.000Z');
    for (const w of [3, 4]) {
      if (w === 4) b.clock.set('2027-01-28T09:00:00.000Z');
      await train.call('steps.transition', { wave: w, action: 'start' });
      t = await train.call('steps.transition', { wave: w, action: 'release' });
    }
    expect(t.status).toBe('completed');
    expect(t.progress).toEqual({ released: 7, skipped: 0, finished: 7, total: 7 });
    expect(t.waves.every((w) => w.next === null)).toBe(true);

    // The audit trail shows every change of the train, newest first, with who and before/after.
    const trail = await b.call('audit.list', { trainId: t1 });
    expect(trail.map((a) => a.id)).toEqual([...trail.map((a) => a.id)].sort((x, y) => y - x));
    expect(
      trail
        .map((a) => a.action)
        .reverse()
        .filter((a) => a !== 'train.plan'),
    ).toEqual([
      'rollout.plan',
      'gate.pass',
      'gate.fail',
      'gate.pass',
      'gate.waive',
      'step.start',
      'step.release',
      'gate.pass',
      'step.start',
      'step.release',
      'step.start',
      'step.release',
      'train.halt',
      'step.rollback',
      'step.rollback',
      'step.start',
      'step.release',
      'gate.pass',
      'train.resume',
      'step.start',
      'step.release',
      'step.start',
      'step.release',
      'step.start',
      'step.release',
    ]);
    const haltEvent = trail.find((a) => a.action === 'train.halt')!;
    expect(haltEvent).toMatchObject({ actor: 'release-manager', at: '2027-01-21T11:00:00.000Z' });
    expect(haltEvent.after).toMatchObject({ reference: 'INC-4821', deployments: t.halts[0]!.deployments });
    // By deployment: the events that name it.
    const corpTrail = await b.call('audit.list', { key: 'corp' });
    expect(corpTrail.map((a) => a.action)).toContain('train.halt');
    expect(corpTrail.every((a) => JSON.stringify(a.after).includes('"corp"'))).toBe(true);

    // The deployment's page: its wave, state and the regression that reached it.
    const h = await b.call('deployments.history', { key: w1[0]! });
    expect(h.trains).toHaveLength(1);
    expect(h.trains[0]).toMatchObject({ version: '2027.01', wave: 1, state: 'released', trainStatus: 'completed' });
    expect(h.trains[0]!.regressions.map((r) => r.reference)).toEqual(['INC-4821']);
  });

  it('regressions count in the fairness report and in the next train’s accounts', async () => {
    const { b, t1, t2 } = await workspace();
    await passChecks(b, t1);
    await b.call('steps.transition', { trainId: t1, wave: 0, action: 'start' });
    await b.call('steps.transition', { trainId: t1, wave: 0, action: 'release' });
    await b.call('gates.set', { trainId: t1, key: 'internal-bake', action: 'waive', reason: 'Hotfix train' });
    b.clock.set('2027-01-20T09:00:00.000Z');
    let t = await b.call('steps.transition', { trainId: t1, wave: 1, action: 'start' });
    const reached = keysOf(t, 1);
    await b.call('steps.transition', { trainId: t1, wave: 1, action: 'release' });
    t = await b.call('trains.halt', {
      trainId: t1,
      reason: 'Data export truncated',
      reference: 'BUG-77',
      deployments: [...reached].reverse(),
    });
    expect(t.halt!.deployments).toEqual([...reached].sort());
    const report = await b.call('fairness.report', {});
    const counted = report.metrics.perDeployment.filter((d) => d.regressions > 0).map((d) => d.key);
    expect(counted.sort()).toEqual([...reached].sort());

    // The next train is planned with the regression in its history: it pushes those deployments back.
    const plan = await b.call('rollout.plan', { trainId: t2 });
    const first = plan.waves[1]!.deployments.map((d) => d.key);
    for (const key of reached) expect(first).not.toContain(key);
    const explained = plan.waves.flatMap((w) => w.deployments).filter((d) => reached.includes(d.key));
    expect(explained.some((d) => d.reason.includes('including 1 regression'))).toBe(true);

    // A deployment named by a halt must be in the plan.
    const other = openTrackingBackend(tempDir(), '2027-01-18T08:00:00.000Z');
    open.push(other);
    await other.call('deployments.importCsv', { csv: TRACKING_FLEET_CSV });
    await other.call('deployments.create', {
      key: 'late-1',
      name: 'Late 1',
      region: 'us-east',
      timeZone: 'America/New_York',
    });
    const [o1] = await other.call('trains.plan', { from: '2027-01-04', count: 1 });
    // The message in the user's words; what to do is a hint each host words (the CLI: "rollout plan --train").
    expect(
      await other.refuse('trains.halt', { trainId: o1!.id, reason: 'x', reference: 'y', deployments: ['corp'] }),
    ).toMatchObject({
      message: '2027.01 has no rollout plan yet; plan its rollout first.',
      hint: { kind: 'plan_rollout', version: '2027.01' },
    });
  });

  it('refuses a halt before anything started, and a step transition the machine does not allow, saying why', async () => {
    const { b, t1 } = await workspace();
    expect((await b.refuse('trains.halt', { trainId: t1, reason: 'x', reference: 'INC-1' })).message).toBe(
      'Train 2027.01 has not started rolling out; fail a validation gate instead.',
    );
    expect((await b.refuse('steps.transition', { trainId: t1, keys: ['corp'], action: 'release' })).message).toBe(
      'corp has not started; start it first.',
    );
    expect(await b.refuse('steps.transition', { trainId: t1, wave: 0, action: 'release' })).toMatchObject({
      message:
        'Wave 0 of 2027.01 has no in progress deployment to release (1 pending); name the deployments to act on them one by one.',
      hint: { kind: 'name_deployments' },
    });
    expect((await b.refuse('steps.transition', { trainId: t1, keys: ['nope-1'], action: 'start' })).message).toBe(
      'nope-1 is not in the plan of 2027.01.',
    );
    expect((await b.refuse('steps.transition', { trainId: t1, wave: 9, action: 'start' })).message).toBe(
      '2027.01 has waves 0–4; there is no wave 9.',
    );
    expect(
      (await b.refuse('steps.transition', { trainId: t1, keys: ['corp'], action: 'skip' } as never)).message,
    ).toContain('needs a reason');
    expect(
      (await b.refuse('steps.transition', { trainId: t1, keys: ['corp'], action: 'start', bakeOverride: 'why not' }))
        .message,
    ).toBe('No bake blocks these deployments of 2027.01; leave out the bake override.');
    // All or nothing: one refused deployment refuses the whole batch.
    await b.call('steps.transition', { trainId: t1, wave: 0, action: 'start' });
    await b.call('steps.transition', { trainId: t1, wave: 0, action: 'release' });
    expect(
      (await b.refuse('steps.transition', { trainId: t1, keys: ['eu-1', 'corp', 'ap-1'], action: 'skip', reason: 'x' }))
        .message,
    ).toBe('corp is already released; roll it back first.');
  });

  it('two trains rolling out at once never mix: each keeps its own steps, and the schema refuses a step outside its placement', async () => {
    const { b, t1, t2 } = await workspace();
    await b.call('rollout.plan', { trainId: t2 });
    await passChecks(b, t1);
    await passChecks(b, t2);
    await b.call('steps.transition', { trainId: t1, wave: 0, action: 'start' });
    await b.call('steps.transition', { trainId: t2, wave: 0, action: 'start' });
    await b.call('steps.transition', { trainId: t2, wave: 0, action: 'release' });
    await b.call('steps.transition', { trainId: t1, keys: ['corp'], action: 'fail', reason: 'Disk full' });
    const [a, c] = [await status(b, t1), await status(b, t2)];
    expect(wave(a, 0).steps[0]).toMatchObject({ key: 'corp', state: 'failed', reason: 'Disk full' });
    expect(wave(c, 0).steps[0]).toMatchObject({ key: 'corp', state: 'released', reason: null });
    expect(a.waves.slice(1).flatMap((w) => w.steps.map((s) => s.state))).toEqual(Array(6).fill('pending'));
    // Several trains at once (a calendar view's), in start order.
    const both = await b.call('status.get', { trainIds: [t2, t1, t2] });
    expect(both.trains.map((t) => [t.version, t.progress.released])).toEqual([
      ['2027.01', 0],
      ['2027.02', 1],
    ]);
    expect(await b.refuse('status.get', { trainIds: [t1, 999] })).toMatchObject({
      message: 'No train has the id 999.',
      hint: { kind: 'list_trains' },
    });
    // A halt of one train stops that train only.
    await b.call('steps.transition', { trainId: t1, keys: ['corp'], action: 'start' });
    await b.call('trains.halt', { trainId: t1, reason: 'Bad build', reference: 'INC-9' });
    expect((await status(b, t2)).status).not.toBe('halted');
    expect((await status(b, t2)).halts).toEqual([]);

    // The schema itself keeps steps with their own train's placement and wave.
    const db = b.database.db;
    const corp = db.prepare("SELECT id FROM deployments WHERE key = 'corp'").pluck().get() as number;
    expect(() =>
      db.prepare('UPDATE rollout_steps SET wave = 2 WHERE train_id = ? AND deployment_id = ?').run(t1, corp),
    ).toThrow(/FOREIGN KEY/);
    const t3 = (await b.call('trains.list', {}))[2]!.id;
    expect(() =>
      db
        .prepare(
          "INSERT INTO rollout_steps (train_id, deployment_id, wave, state, updated_by, updated_at) VALUES (?, ?, 0, 'pending', 'x', 'x')",
        )
        .run(t3, corp),
    ).toThrow(/FOREIGN KEY/);
    // A released step without its instants, and a second open halt, are impossible rows.
    expect(() =>
      db
        .prepare(
          "UPDATE rollout_steps SET state = 'released' WHERE train_id = ? AND deployment_id = (SELECT id FROM deployments WHERE key = 'us-1')",
        )
        .run(t2),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO halts (train_id, reason, reference, severity, halted_at, halted_by, halted_wave) VALUES (?, 'r', 'x', 'high', 'z', 'me', 0)",
        )
        .run(t1),
    ).toThrow(/UNIQUE/);
  });

  it('re-planning keeps steps in step, and a started train (by its steps) keeps its plan', async () => {
    // Trains in the future of the clock: 2027.03 starts on 1 Feb.
    const { b } = await workspace();
    const t3 = (await b.call('trains.list', {}))[2]!;
    let plan = await b.call('rollout.plan', { trainId: t3.id });
    await b.call('rollout.plan', { trainId: t3.id });
    let t = await status(b, t3.id);
    expect(t.waves.map((w) => w.steps.map((s) => s.key))).toEqual(
      plan.waves.map((w) => w.deployments.map((d) => d.key)),
    );
    expect(t.gates).toHaveLength(4);
    // A manual move carries the step along.
    const from = plan.waves[1]!.deployments[0]!.key;
    const last = plan.waves.length - 1;
    plan = await b.call('rollout.move', { trainId: t3.id, key: from, wave: last, reason: 'Customer launch' });
    t = await status(b, t3.id);
    expect(wave(t, last).steps.map((s) => s.key)).toContain(from);
    // Once a step has started, the plan stays, and a started step cannot move.
    await b.call('steps.transition', { trainId: t3.id, wave: 0, action: 'start' });
    expect((await b.refuse('rollout.plan', { trainId: t3.id })).message).toBe(
      '2027.03 has started; it keeps its plan (move deployments by hand instead).',
    );
    const internal = plan.waves[0]!.deployments[0]!.key;
    expect(internal).toBe('corp');
    await b.call('gates.set', { trainId: t3.id, key: 'unit-tests', action: 'pass' });
    expect((await b.call('rollout.get', { trainId: t3.id }))!.started).toBe(true);
  });
});

describe('the demo', () => {
  it('looks tracked: ended trains finished (four with a regression, fixed), the train in flight released up to today', async () => {
    // A Wednesday: the demo's train in its last week releases its last wave today.
    const b = openTrackingBackend(tempDir(), '2027-03-03T12:00:00.000Z');
    open.push(b);
    await b.call('fleet.loadDemo', {});
    const trains = await b.call('trains.list', {});
    const tracked = await Promise.all(trains.filter((t) => t.start <= '2027-03-03').map(async (t) => status(b, t.id)));
    const ended = tracked.filter((t) => t.end < '2027-03-03');
    expect(ended.length).toBeGreaterThan(10);
    // Every ended train finished, was skipped or cancelled; the last to end waits on two decisions.
    const [last, ...before] = ended.toReversed();
    for (const t of before)
      expect([t.version, t.status]).toEqual([t.version, expect.stringMatching(/^(completed|skipped|cancelled)$/)]);
    expect(before.filter((t) => t.status === 'skipped')).toHaveLength(1);
    expect(before.filter((t) => t.status === 'cancelled')).toHaveLength(1);
    expect(last!.status).toBe('overdue');
    const unfinished = last!.waves.flatMap((w) => w.steps.filter((s) => s.state !== 'released'));
    expect(unfinished.map((s) => s.state).sort()).toEqual(['failed', 'rolled_back']);
    for (const s of unfinished) expect(s.reason, s.key).toBeTruthy();
    const halted = ended.filter((t) => t.halts.length > 0);
    expect(halted).toHaveLength(4);
    expect(halted.map((t) => t.halts[0]!.severity).sort()).toEqual(['critical', 'high', 'low', 'medium']);
    for (const t of halted)
      expect(t.halts[0], t.version).toMatchObject({ fixVersion: `${t.version}.1`, resumedAt: expect.any(String) });
    expect(halted.map((t) => t.halts[0]!.reference)).toContain('INC-2417');

    const report = await b.call('status.get', {});
    const inFlight = report.trains.find((t) => t.status === 'rolling_out')!;
    for (const w of inFlight.waves)
      expect(
        w.steps.every((s) => s.state === (w.date < '2027-03-03' ? 'released' : 'pending')),
        `wave ${w.index}`,
      ).toBe(true);
    const board = await b.call('today.board', {});
    expect(board.rows).toContainEqual(
      expect.objectContaining({ version: inFlight.version, kind: 'release', date: '2027-03-03' }),
    );

    // Each regression counts against the customers it reached.
    const fairness = await b.call('fairness.report', { last: 26 });
    const reached = halted.flatMap((t) => t.halts[0]!.deployments);
    for (const d of fairness.metrics.perDeployment)
      expect(d.regressions, d.key).toBe(reached.filter((k) => k === d.key).length);
    expect(fairness.metrics.perDeployment.some((d) => d.regressions > 1)).toBe(true);
  });
});

describe('undo', () => {
  it('undoes each undoable kind by a compensating event, once, and never edits history', async () => {
    const { b, t1 } = await workspace();
    expect((await b.refuse('audit.undo', {})).message).toBe(
      'There is nothing to undo: no step, gate, halt, resume, manual move, train, calendar or fleet change has been recorded.',
    );
    const trailLength = async () => (await b.call('audit.list', { limit: 10_000 })).length;

    // A gate.
    await b.call('gates.set', {
      trainId: t1,
      key: 'unit-tests',
      action: 'pass',
      evidenceUrl: 'https://ci.example.com/1',
    });
    const n = await trailLength();
    let r = await b.call('audit.undo', {});
    expect(r.undone.action).toBe('gate.pass');
    expect(r.undo).toMatchObject({ action: 'undo', undoes: r.undone.id, summary: `Undid: ${r.undone.summary}` });
    expect(gate(await status(b, t1), 'unit-tests')).toMatchObject({ state: 'pending', evidenceUrl: null });
    expect(await trailLength()).toBe(n + 1);
    expect((await b.refuse('audit.undo', {})).message).toBe(
      'The last action ("Passed the gate "Unit tests" of 2027.01") was already undone; undo reverses only the last action, once.',
    );
    const listed = await b.call('audit.list', { trainId: t1 });
    expect(listed.find((e) => e.id === r.undone.id)!.undoneBy).toBe(r.undo.id);

    // A batch of steps.
    await passChecks(b, t1);
    await b.call('steps.transition', { trainId: t1, wave: 0, action: 'start' });
    r = await b.call('audit.undo', { trainId: t1 });
    expect(r.undone.action).toBe('step.start');
    expect(wave(await status(b, t1), 0).steps[0]).toMatchObject({ state: 'pending', startedAt: null });
    await b.call('steps.transition', { trainId: t1, wave: 0, action: 'start' });
    await b.call('steps.transition', { trainId: t1, wave: 0, action: 'release' });
    await b.call('gates.set', { trainId: t1, key: 'internal-bake', action: 'waive', reason: 'Hotfix' });
    b.clock.set('2027-01-20T09:00:00.000Z');
    await b.call('steps.transition', { trainId: t1, wave: 1, action: 'start' });
    await b.call('steps.transition', { trainId: t1, wave: 1, action: 'release' });
    const beforeRelease = dumpDatabase(b.database.db).rollout_steps;
    await b.call('steps.transition', { trainId: t1, wave: 1, action: 'rollback', reason: 'Errors' });
    r = await b.call('audit.undo', {});
    expect(r.undone.action).toBe('step.rollback');
    expect(dumpDatabase(b.database.db).rollout_steps).toEqual(beforeRelease);

    // A halt (with the gate it reset), then a resume.
    // The gates as they were, but for their revisions: an undo is a change, and raises them.
    const gates = () =>
      (dumpDatabase(b.database.db).train_gates as Record<string, unknown>[]).map((g) =>
        Object.fromEntries(Object.entries(g).filter(([column]) => column !== 'revision')),
      );
    const gatesBefore = gates();
    await b.call('trains.halt', { trainId: t1, reason: 'Regression', reference: 'INC-2' });
    r = await b.call('audit.undo', {});
    expect(r.undone.action).toBe('train.halt');
    expect((await status(b, t1)).halts).toEqual([]);
    expect(gates()).toEqual(gatesBefore);
    await b.call('trains.halt', { trainId: t1, reason: 'Regression', reference: 'INC-3' });
    await b.call('gates.set', { trainId: t1, key: 'internal-bake', action: 'waive', reason: 'Fix verified by hand' });
    await b.call('trains.resume', { trainId: t1, fixVersion: '2027.01.1' });
    r = await b.call('audit.undo', { trainId: t1 });
    expect(r.undone.action).toBe('train.resume');
    expect((await status(b, t1)).status).toBe('halted');

    // A manual move (of a train still to come), back to its wave with its old explanation.
    const t3 = (await b.call('trains.list', {}))[2]!.id;
    const plan = await b.call('rollout.plan', { trainId: t3 });
    const key = plan.waves[1]!.deployments[0]!.key;
    const reason = plan.waves[1]!.deployments[0]!.reason;
    const last = plan.waves.length - 1;
    await b.call('rollout.move', { trainId: t3, key, wave: last, reason: 'Launch' });
    r = await b.call('audit.undo', {});
    expect(r.undone.action).toBe('rollout.move');
    const back = (await b.call('rollout.get', { trainId: t3 }))!;
    expect(back.waves[1]!.deployments.find((d) => d.key === key)).toMatchObject({ reason, manual: false });
    // Undo is refused when the state changed since: here a re-plan put the moved deployment elsewhere.
    await b.call('rollout.move', { trainId: t3, key, wave: last, reason: 'Launch' });
    await b.call('rollout.plan', { trainId: t3 });
    const before = await trailLength();
    const e = await b.refuse('audit.undo', {});
    expect(e.message).toBe(
      `Cannot undo "Moved ${key} from wave 1 to wave ${last} of 2027.03: Launch": the wave of ${key} changed since; undo reverses the last action only while nothing else has touched it.`,
    );
    expect(await trailLength()).toBe(before);

    // Undo of one train looks at that train's last action only.
    expect((await b.refuse('audit.undo', { trainId: t1 })).message).toBe(
      'The last action in 2027.01 ("Resumed 2027.01 with the fix 2027.01.1 (halted for Regression, INC-3); the rollout continues from wave 1, and the patch 2027.01.1 goes to corp, the one deployment still running 2027.01, on Wed 20 Jan 2027") was already undone; undo reverses only the last action, once.',
    );
  });

  it('the audit table stays append-only', async () => {
    const { b } = await workspace();
    const db = b.database.db;
    expect(() => db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit_events SET summary = 'x'").run()).toThrow(/append-only/);
  });
});

describe('the audit actor follows the user-name setting', () => {
  it('records the OS user by default, the set name once set, and a caller override above both', async () => {
    const dir = tempDir();
    const { startBackend } = await import('../../electron/backend/backend');
    const plain = startBackend({ dbPath: `${dir}/a.db`, transport: 'cli', version: 't' });
    try {
      const os = (await import('node:os')).userInfo().username;
      let u = await plain.dispatch('user.get', {});
      expect(u).toMatchObject({ ok: true, result: { userName: null, osUserName: os, actor: os } });
      u = await plain.dispatch('user.update', { userName: '  Dana Release ' });
      expect(u).toMatchObject({ ok: true, result: { userName: 'Dana Release', actor: 'Dana Release' } });
      expect(await plain.dispatch('app.info', {})).toMatchObject({ result: { actor: 'Dana Release' } });
      await plain.dispatch('holidays.add', { date: '2027-12-25', name: 'Christmas Day' });
      const trail = await plain.dispatch('audit.list', {});
      expect(trail.ok && (trail.result as { actor: string }[])[0]!.actor).toBe('Dana Release');
      u = await plain.dispatch('user.update', { userName: '' });
      expect(u).toMatchObject({ ok: true, result: { userName: null, actor: os } });
    } finally {
      plain.close();
    }
  });
});

describe('rollouts.overview', () => {
  it('is the board, the trains in flight and one train with its audit trail, as the separate reads give them', async () => {
    const { b, t1 } = await workspace();
    await b.call('steps.transition', { trainId: t1, wave: 0, action: 'start' });
    const overview = await b.call('rollouts.overview', { trainId: t1, auditLimit: 50 });
    expect(overview.board).toEqual(await b.call('today.board', {}));
    expect(overview.report).toEqual(await b.call('status.get', {}));
    expect(overview.train).toEqual({
      tracking: await status(b, t1),
      audit: await b.call('audit.list', { trainId: t1, limit: 50 }),
    });
    expect(overview.train!.audit[0]!.action).toBe('step.start');
    expect((await b.call('rollouts.overview', {})).train).toBeNull();
    const e = await b.refuse('rollouts.overview', { trainId: 9999 });
    expect(e.code).toBe('not_found');
  });
});
