import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE, type LifecycleTemplate } from '../../shared/cadence';
import type { AuditEntry, RolloutPlanView } from '../../shared/contract';
import { daysBetween } from '../../shared/days';
import { planViolations, waveDays } from '../../shared/ordering';
import { builtCliOn, expectBuiltCliRefusal, trackingFleetDatabase, useBuiltCli } from '../helpers/built-cli';
import { TRACKING_FLEET_CSV, type TrackingBackend, openTrackingBackend } from '../helpers/tracking';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('rc-plan-sync-');
const open: TrackingBackend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

/**
 * The small fleet and six trains from Mon 4 Jan 2027, on a clock before any of them starts. On the
 * default template 2027.01's waves fall on Mon 18 (internal), Wed 20, Thu 21, Mon 25 and Wed 27 Jan;
 * 2027.02's two weeks later.
 */
async function workspace(now = '2026-12-01T09:00:00.000Z'): Promise<{ b: TrackingBackend; ids: number[] }> {
  const b = openTrackingBackend(tempDir(), now);
  open.push(b);
  await b.call('deployments.importCsv', { csv: TRACKING_FLEET_CSV });
  const trains = await b.call('trains.plan', { from: '2027-01-04', count: 6 });
  return { b, ids: trains.map((t) => t.id) };
}

async function planOf(b: TrackingBackend, trainId: number): Promise<RolloutPlanView> {
  const plan = await b.call('rollout.get', { trainId });
  expect(plan, `train ${trainId} has a plan`).not.toBeNull();
  return plan!;
}

const datesOf = (p: RolloutPlanView) => p.waves.map((w) => w.date);
const keysOf = (p: RolloutPlanView) => p.waves.map((w) => w.deployments.map((d) => d.key));

/** The wave days the calendar gives the train now: its internal day, then its release days far enough apart for the bake. */
async function calendarWaveDays(b: TrackingBackend, trainId: number, bakeDays = 1): Promise<string[]> {
  const { train } = await b.call('trains.get', { id: trainId });
  const internal = train.phases.find((p) => p.kind === 'validation')!.start;
  return [internal, ...waveDays(train.releaseDays, bakeDays, daysBetween)];
}

async function eventsOf(b: TrackingBackend, trainId: number, action: string): Promise<AuditEntry[]> {
  return (await b.call('audit.list', { trainId })).filter((e) => e.action === action);
}

/** Every hard constraint the stored plan breaks on its own wave days. */
function violations(p: RolloutPlanView): string[] {
  return planViolations(
    p.waves.map((w) => ({ date: w.date, keys: w.deployments.map((d) => d.key) })),
    p.fleet,
    p.policy,
  );
}

/** Releases the internal deployment (wave 0 needs no gate), which starts the train's rollout. */
async function releaseInternal(b: TrackingBackend, trainId: number): Promise<void> {
  await b.call('steps.transition', { trainId, wave: 0, action: 'start' });
  await b.call('steps.transition', { trainId, wave: 0, action: 'release' });
}

describe('stored rollout plans follow the calendar', () => {
  it('a freeze over a planned train’s release days moves its stored wave days to the new release days, audited; removing it moves them back', async () => {
    const { b, ids } = await workspace();
    const [t1] = ids as [number];
    await b.call('rollout.plan', { trainId: t1 });
    const planned = await planOf(b, t1);
    expect(datesOf(planned)).toEqual(['2027-01-18', '2027-01-20', '2027-01-21', '2027-01-25', '2027-01-27']);

    await b.call('freezes.add', { name: 'Q1 pause', start: '2027-01-21', end: '2027-01-22' });
    const frozen = await planOf(b, t1);
    // Thu 21 and Fri 22 are frozen: wave 2 goes to Mon 25, wave 3 after it to Tue 26.
    expect(datesOf(frozen)).toEqual(['2027-01-18', '2027-01-20', '2027-01-25', '2027-01-26', '2027-01-27']);
    expect(datesOf(frozen)).toEqual(await calendarWaveDays(b, t1));
    expect(keysOf(frozen)).toEqual(keysOf(planned));
    expect(violations(frozen)).toEqual([]);
    const [redate] = await eventsOf(b, t1, 'rollout.redate');
    expect(redate).toMatchObject({
      actor: 'release-manager',
      entityType: 'train',
      entityKey: String(t1),
      summary: "Re-dated the rollout of 2027.01: its release days moved (freeze 'Q1 pause' added)",
      before: { waves: planned.waves.map((w) => ({ index: w.index, date: w.date })) },
      after: { waves: frozen.waves.map((w) => ({ index: w.index, date: w.date })) },
    });
    // The freeze and the re-date are one change: written together, the freeze first.
    const all = await b.call('audit.list', {});
    expect(all.slice(0, 2).map((e) => e.action)).toEqual(['rollout.redate', 'freeze.add']);

    const freeze = (await b.call('freezes.list', {}))[0]!;
    await b.call('freezes.remove', { id: freeze.id });
    const thawed = await planOf(b, t1);
    expect(datesOf(thawed)).toEqual(datesOf(planned));
    expect(keysOf(thawed)).toEqual(keysOf(planned));
    expect((await eventsOf(b, t1, 'rollout.redate')).map((e) => e.summary)).toEqual([
      "Re-dated the rollout of 2027.01: its release days moved (freeze 'Q1 pause' removed)",
      "Re-dated the rollout of 2027.01: its release days moved (freeze 'Q1 pause' added)",
    ]);
  });

  it('a calendar change that moves no wave day writes nothing for the plan', async () => {
    const { b, ids } = await workspace();
    await b.call('rollout.plan', { trainId: ids[0]! });
    const before = await planOf(b, ids[0]!);
    // A holiday on 2027.01's slack Friday and a freeze in a train without a plan.
    await b.call('holidays.add', { date: '2027-01-22', name: 'Founders day' });
    await b.call('freezes.add', { name: 'Later', start: '2027-02-03', end: '2027-02-04' });
    expect(await planOf(b, ids[0]!)).toEqual(before);
    expect(await eventsOf(b, ids[0]!, 'rollout.redate')).toEqual([]);
    expect(await b.call('rollout.get', { trainId: ids[1]! })).toBeNull();
  });

  it('a train moved by a week takes its plan along; with --shift-later so do the later trains’ plans', async () => {
    const { b, ids } = await workspace();
    const [t1, t2] = ids as [number, number];
    await b.call('rollout.plan', { trainId: t1 });
    await b.call('rollout.plan', { trainId: t2 });
    const [p1, p2] = [await planOf(b, t1), await planOf(b, t2)];
    // A manual move survives a re-date: only the days change.
    const mover = p1.waves[2]!.deployments[0]!.key;
    await b.call('rollout.move', { trainId: t1, key: mover, wave: 4, reason: 'Customer asked to go late' });
    const moved = await planOf(b, t1);

    await b.call('trains.move', { id: t1, start: '2027-01-11', shiftLater: false });
    let after = await planOf(b, t1);
    expect(datesOf(after)).toEqual(['2027-01-25', '2027-01-27', '2027-01-28', '2027-02-01', '2027-02-03']);
    expect(datesOf(after)).toEqual(await calendarWaveDays(b, t1));
    expect(keysOf(after)).toEqual(keysOf(moved));
    expect(after.waves[4]!.deployments.find((d) => d.key === mover)).toMatchObject({ manual: true });
    expect((await eventsOf(b, t1, 'rollout.redate'))[0]!.summary).toBe(
      'Re-dated the rollout of 2027.01: it moved 7 days later',
    );
    expect(datesOf(await planOf(b, t2))).toEqual(datesOf(p2));

    await b.call('trains.move', { id: t1, start: '2027-01-18', shiftLater: true });
    after = await planOf(b, t1);
    expect(datesOf(after)).toEqual(['2027-02-01', '2027-02-03', '2027-02-04', '2027-02-08', '2027-02-10']);
    const later = await planOf(b, t2);
    expect(datesOf(later)).toEqual(['2027-02-08', '2027-02-10', '2027-02-11', '2027-02-15', '2027-02-17']);
    expect(datesOf(later)).toEqual(await calendarWaveDays(b, t2));
    expect(keysOf(later)).toEqual(keysOf(p2));
    expect((await eventsOf(b, t2, 'rollout.redate'))[0]!.summary).toBe(
      'Re-dated the rollout of 2027.02: it moved 7 days later with 2027.01',
    );
  });

  it('a new template with fewer release days re-plans planned trains, saying that manual moves are lost; started ones keep theirs', async () => {
    const { b, ids } = await workspace();
    const [t1, t2] = ids as [number, number];
    await b.call('rollout.plan', { trainId: t1 });
    await b.call('rollout.plan', { trainId: t2 });
    const p2 = await planOf(b, t2);
    const mover = p2.waves[2]!.deployments[0]!.key;
    await b.call('rollout.move', { trainId: t2, key: mover, wave: 4, reason: 'Customer asked to go late' });
    const moved = await planOf(b, t2);
    // 2027.01's rollout has started (the internal deployment has it): its phases and plan stay.
    await releaseInternal(b, t1);
    const p1 = await planOf(b, t1);

    // Three release days: Wed of week 3, Mon and Wed of week 4.
    const template: LifecycleTemplate = {
      phases: DEFAULT_TEMPLATE.phases.map((p) => (p.key === 'rollout' ? { ...p, releaseDays: [0, 5, 7] } : p)),
    };
    await b.call('settings.update', { template });
    expect(await planOf(b, t1)).toEqual(p1);
    expect((await b.call('trains.get', { id: t1 })).train.releaseDays).toHaveLength(4);

    const replanned = await planOf(b, t2);
    expect(datesOf(replanned)).toEqual(['2027-02-01', '2027-02-03', '2027-02-08', '2027-02-10']);
    expect(datesOf(replanned)).toEqual(await calendarWaveDays(b, t2));
    expect(violations(replanned)).toEqual([]);
    expect(replanned.waves.flatMap((w) => w.deployments).some((d) => d.manual)).toBe(false);
    expect(keysOf(replanned).flat().sort()).toEqual(keysOf(p2).flat().sort());
    const [replan] = await eventsOf(b, t2, 'rollout.replan');
    expect(replan!.summary).toBe(
      `Re-planned the rollout of 2027.02: it was re-laid on the new lifecycle template, and it now has 3 release days for its 4 customer waves; now 3 customer waves (engine fair-4); the manual move of ${mover} is lost`,
    );
    expect((replan!.before as { waves: { keys: string[] }[] }).waves.map((w) => w.keys)).toEqual(keysOf(moved));
    // Every step is still pending, one per deployment, in its new wave.
    const status = (await b.call('status.get', { trainId: t2 })).trains[0]!;
    expect(status.waves.map((w) => w.steps.map((s) => [s.key, s.state]))).toEqual(
      keysOf(replanned).map((keys) => keys.map((k) => [k, 'pending'])),
    );
  });

  it('a holiday removed gives the waves back their days', async () => {
    const { b, ids } = await workspace();
    const t1 = ids[0]!;
    await b.call('holidays.add', { date: '2027-01-20', name: 'Inauguration Day' });
    await b.call('rollout.plan', { trainId: t1 });
    expect(datesOf(await planOf(b, t1))).toEqual([
      '2027-01-18',
      '2027-01-21',
      '2027-01-22',
      '2027-01-25',
      '2027-01-27',
    ]);

    await b.call('holidays.remove', { date: '2027-01-20' });
    expect(datesOf(await planOf(b, t1))).toEqual([
      '2027-01-18',
      '2027-01-20',
      '2027-01-21',
      '2027-01-25',
      '2027-01-27',
    ]);
    expect((await eventsOf(b, t1, 'rollout.redate'))[0]!.summary).toBe(
      "Re-dated the rollout of 2027.01: its release days moved (holiday 'Inauguration Day' removed)",
    );
  });

  it('a deployment blocked on a wave’s new day is re-planned out of it, never left violating', async () => {
    const { b, ids } = await workspace();
    const t1 = ids[0]!;
    await b.call('rollout.plan', { trainId: t1 });
    const planned = await planOf(b, t1);
    // Blocked on Mon 25 while it is in wave 2 (Thu 21): no violation yet.
    const blocked = planned.waves[2]!.deployments[0]!.key;
    await b.call('deployments.block', {
      key: blocked,
      from: '2027-01-25',
      to: '2027-01-25',
      reason: 'Customer launch',
    });
    expect(violations(await planOf(b, t1))).toEqual([]);

    // Frozen Thu 21 – Fri 22: wave 2 would move to Mon 25, where it is blocked.
    await b.call('freezes.add', { name: 'Q1 pause', start: '2027-01-21', end: '2027-01-22' });
    const after = await planOf(b, t1);
    expect(datesOf(after)).toEqual(['2027-01-18', '2027-01-20', '2027-01-25', '2027-01-26', '2027-01-27']);
    expect(violations(after)).toEqual([]);
    expect(after.waves.find((w) => w.date === '2027-01-25')!.deployments.map((d) => d.key)).not.toContain(blocked);
    expect(await eventsOf(b, t1, 'rollout.redate')).toEqual([]);
    expect((await eventsOf(b, t1, 'rollout.replan'))[0]!.summary).toBe(
      `Re-planned the rollout of 2027.01: its release days moved (freeze 'Q1 pause' added), and on its new days ${blocked} is blocked on Mon 25 Jan 2027, the day of wave 2; now 4 customer waves (engine fair-4)`,
    );
  });

  it('a started train keeps its started waves’ days; only the waves still to come move', async () => {
    const { b, ids } = await workspace('2027-01-18T08:00:00.000Z');
    const t1 = ids[0]!;
    await b.call('rollout.plan', { trainId: t1 });
    await releaseInternal(b, t1);
    b.clock.set('2027-01-19T09:00:00.000Z');
    for (const key of ['unit-tests', 'integration-tests', 'acceptance-suite', 'internal-bake'])
      await b.call('gates.set', { trainId: t1, key, action: 'pass' });
    b.clock.set('2027-01-20T09:00:00.000Z');
    await b.call('steps.transition', { trainId: t1, wave: 1, action: 'start' });
    await b.call('steps.transition', { trainId: t1, wave: 1, action: 'release' });
    const planned = await planOf(b, t1);

    // An incident freeze today: wave 1 happened on Wed 20 and keeps it; the release days after move on.
    await b.call('freezes.add', { name: 'Incident', start: '2027-01-20', end: '2027-01-20' });
    expect((await b.call('trains.get', { id: t1 })).train.releaseDays).toEqual([
      '2027-01-21',
      '2027-01-22',
      '2027-01-25',
      '2027-01-27',
    ]);
    const after = await planOf(b, t1);
    expect(datesOf(after)).toEqual(['2027-01-18', '2027-01-20', '2027-01-22', '2027-01-25', '2027-01-27']);
    expect(keysOf(after)).toEqual(keysOf(planned));
    expect((await eventsOf(b, t1, 'rollout.redate'))[0]!.summary).toBe(
      "Re-dated the rollout of 2027.01: its release days moved (freeze 'Incident' added); waves 0–1 have started and keep their dates",
    );

    // A wave still to come is never re-dated onto a day blocked for one of its deployments: refused, nothing changes.
    await b.call('deployments.block', { key: 'gov-1', from: '2027-01-28', to: '2027-01-28', reason: 'Agency audit' });
    let e = await b.refuse('freezes.add', { name: 'Midweek', start: '2027-01-27', end: '2027-01-27' });
    expect(e.message).toBe(
      "Adding the freeze Midweek (27 Jan 2027) is refused: 2027.01 has started rolling out and keeps its plan, and on its new days gov-1 is blocked on Thu 28 Jan 2027, the day of wave 4. To make the change, choose other dates, or change that deployment's blocked dates or its wave first.",
    );

    // A freeze that leaves the three waves still to come two days is refused, naming the train; nothing changes.
    e = await b.refuse('freezes.add', { name: 'Deep freeze', start: '2027-01-21', end: '2027-01-26' });
    expect(e.code).toBe('rule_violation');
    expect(e.message).toBe(
      'Adding the freeze Deep freeze (21–26 Jan 2027) is refused: 2027.01 has started rolling out and keeps its plan, and its 3 waves still to come (waves 2–4) would not all have a release day after wave 1. To make the change, choose other dates, or halt and cancel 2027.01 first.',
    );
  });

  it('a calendar change whose re-plan the engine refuses is refused, naming the train and why; nothing changes', async () => {
    const { b, ids } = await workspace();
    const t2 = ids[1]!;
    await b.call('rollout.plan', { trainId: t2 });
    // 2027.02's whole production phase (Wed 3 – Thu 11 Feb) frozen: no release day is left.
    const e = await b.refuse('freezes.add', { name: 'Audit', start: '2027-02-03', end: '2027-02-11' });
    expect(e.message).toBe(
      'Adding the freeze Audit (3–11 Feb 2027) is refused: the rollout of 2027.02 would have to be re-planned (it now has 0 release days for its 4 customer waves) and cannot be: the train has no production release day left; resolve its calendar conflict first. To make the change, choose other dates, or skip 2027.02 first.',
    );
    // Once the train is skipped, the freeze is accepted; reinstating it then is refused for the same reason.
    await b.call('trains.skip', { id: t2, reason: 'Audit fortnight' });
    await b.call('freezes.add', { name: 'Audit', start: '2027-02-03', end: '2027-02-11' });
    const r = await b.refuse('trains.reinstate', { id: t2 });
    expect(r.message).toMatch(/^Reinstating 2027\.02 is refused: the rollout of 2027\.02 would have to be re-planned/);
  });
});

describe('a train whose rollout has started keeps its days', () => {
  it('moving it is refused with what it released, and nothing changes; before anything started it moves', async () => {
    const { b, ids } = await workspace();
    const [t1, t2] = ids as [number, number];
    await b.call('rollout.plan', { trainId: t1 });
    await releaseInternal(b, t1);
    // 2027.01 starts on 4 Jan, after today: only its rollout says it has started.
    const e = await b.refuse('trains.move', { id: t1, start: '2027-01-11' });
    expect(e.code).toBe('rule_violation');
    expect(e.message).toBe(
      '2027.01 has started rolling out (1 deployment released); it cannot be moved. Halt it instead if it must stop.',
    );
    await b.call('rollout.plan', { trainId: t2 });
    await b.call('trains.move', { id: t2, start: '2027-01-25' });
    expect((await b.call('trains.get', { id: t2 })).train.start).toBe('2027-01-25');
  });

  it('shifting later trains refuses when one of them has started, naming it; moving the train alone still works', async () => {
    const { b, ids } = await workspace();
    const [t1, t2] = ids as [number, number];
    await b.call('rollout.plan', { trainId: t2 });
    await b.call('steps.transition', { trainId: t2, wave: 0, action: 'start' });
    const e = await b.refuse('trains.move', { id: t1, start: '2027-01-11', shiftLater: true });
    expect(e.message).toBe(
      '2027.02 has started rolling out (1 deployment in progress); it cannot be moved with 2027.01. Move 2027.01 without shifting the later trains.',
    );
    await b.call('trains.move', { id: t1, start: '2027-01-11', shiftLater: false });
    expect((await b.call('trains.get', { id: t2 })).train.start).toBe('2027-01-18');
  });

  it('skipping it is refused, and nothing changes', async () => {
    const { b, ids } = await workspace();
    const t1 = ids[0]!;
    await b.call('rollout.plan', { trainId: t1 });
    await releaseInternal(b, t1);
    await b.call('steps.transition', { trainId: t1, wave: 0, action: 'rollback', reason: 'Bad build' });
    const e = await b.refuse('trains.skip', { id: t1, reason: 'Nothing to ship' });
    expect(e.message).toBe(
      '2027.01 has started rolling out (1 deployment rolled back); it cannot be skipped. Halt it instead if it must stop.',
    );
  });

  it('cancelling it is refused until it is halted; a finished rollout cannot be cancelled at all', async () => {
    const { b, ids } = await workspace('2027-01-18T08:00:00.000Z');
    const [t1, t2] = ids as [number, number];
    await b.call('rollout.plan', { trainId: t1 });
    await releaseInternal(b, t1);
    let e = await b.refuse('trains.cancel', { id: t1, reason: 'Superseded' });
    expect(e.message).toBe(
      '2027.01 has started rolling out (1 deployment released); it can be cancelled only while halted. Halt it first, then cancel it if it must not finish.',
    );
    await b.call('trains.halt', { trainId: t1, reason: 'Login errors', reference: 'INC-1' });
    const cancelled = await b.call('trains.cancel', { id: t1, reason: 'The fix ships with 2027.02' });
    expect(cancelled.state).toBe('cancelled');

    // 2027.02 rolled out to the end (a wave a day, gates passed after the internal bake).
    await b.call('rollout.plan', { trainId: t2 });
    b.clock.set('2027-02-01T08:00:00.000Z');
    await releaseInternal(b, t2);
    b.clock.set('2027-02-02T09:00:00.000Z');
    for (const key of ['unit-tests', 'integration-tests', 'acceptance-suite', 'internal-bake'])
      await b.call('gates.set', { trainId: t2, key, action: 'pass' });
    const plan = await planOf(b, t2);
    let day = 3;
    for (const wave of plan.waves.slice(1)) {
      const keys = wave.deployments.map((d) => d.key);
      if (keys.length === 0) continue;
      b.clock.set(`2027-02-${String(day++).padStart(2, '0')}T09:00:00.000Z`);
      await b.call('steps.transition', { trainId: t2, keys, action: 'start' });
      await b.call('steps.transition', { trainId: t2, keys, action: 'release' });
    }
    e = await b.refuse('trains.cancel', { id: t2, reason: 'Too late' });
    expect(e.message).toBe(
      '2027.02 has finished rolling out (7 deployments released); a finished train cannot be cancelled.',
    );
  });
});

describe('the refusal through the built CLI (a real process)', () => {
  useBuiltCli();

  it('trains move of a train whose internal deployment has the release exits 1 with the reason and changes nothing', () => {
    // Far enough ahead that the train has not started by its dates whenever this runs.
    const db = trackingFleetDatabase(tempDir(), '2099-01-05', 2);
    expect(builtCliOn(db, 'rollout', 'plan', '--train', '2099.01').status).toBe(0);
    expect(builtCliOn(db, 'rollout', 'start', '--train', '2099.01', '--wave', '0').status).toBe(0);
    expect(builtCliOn(db, 'rollout', 'release', '--train', '2099.01', '--wave', '0').status).toBe(0);
    expectBuiltCliRefusal(
      db,
      ['trains', 'move', '2099.01', '--start', '2099-01-12', '--shift-later'],
      'release-calendar: 2099.01 has started rolling out (1 deployment released); it cannot be moved. Halt it instead if it must stop.\n',
    );
  });
});
