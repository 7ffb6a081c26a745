import { afterEach, describe, expect, it } from 'vitest';
import type { Input, Result } from '../../shared/contract';
import type { ApiError } from '../../shared/errors';
import type { MethodName } from '../../shared/method-names';
import type { Role } from '../../shared/method-roles';
import { dumpDatabase } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';
import { TRACKING_FLEET_CSV, type TrackingBackend, openTrackingBackend } from '../helpers/tracking';

// Two people editing one thing from the same read (docs/team-mode.md, "Live updates and
// conflicts"): the edit that comes second carries the revision both read, and is refused, naming
// the first one's author and time, changing nothing. Without a revision (the CLI, scripts) an edit
// applies to what is stored, as before.

const tempDir = useTempDirs('rc-revisions-');
const open: TrackingBackend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

const sam = { name: 'sam', role: 'admin' as Role };
const alex = { name: 'alex', role: 'admin' as Role };

/** Six trains from Mon 4 Jan 2027 on the small fleet, 2027.02 with a rollout plan; the clock reads 14:02 UTC on 1 Dec 2026. */
async function workspace() {
  const b = openTrackingBackend(tempDir(), '2026-12-01T14:02:30.000Z');
  open.push(b);
  await b.call('deployments.importCsv', { csv: TRACKING_FLEET_CSV });
  const trains = await b.call('trains.plan', { from: '2027-01-04', count: 6 });
  const [t1, t2] = [trains[0]!, trains[1]!];
  await b.call('rollout.plan', { trainId: t2.id });
  /** A call as one signed-in person; fails the test when refused. */
  const as = async <M extends MethodName>(who: typeof sam, method: M, input: Input<M>): Promise<Result<M>> => {
    const r = await b.dispatch(method, input, { user: who });
    if (!r.ok) throw new Error(`${method} was refused: ${r.error.message}`);
    return r.result as Result<M>;
  };
  /** A call as one person that must be refused with nothing changed; returns the error. */
  const refusedAs = async <M extends MethodName>(who: typeof sam, method: M, input: Input<M>): Promise<ApiError> => {
    const before = dumpDatabase(b.database.db);
    const r = await b.dispatch(method, input, { user: who });
    expect(r.ok, `${method} should have been refused`).toBe(false);
    expect(dumpDatabase(b.database.db), `${method} was refused but changed the database`).toEqual(before);
    return (r as { ok: false; error: ApiError }).error;
  };
  return { b, t1, t2, as, refusedAs };
}

describe('revisions', () => {
  it('are raised by every change of a train, whoever makes it, and never given twice', async () => {
    const { b, t1, t2 } = await workspace();
    const seen = new Set<number>([t1.revision, t2.revision]);
    expect(t1.revision).toBeGreaterThan(0);
    expect(t1.revision).not.toBe(t2.revision);
    const r0 = (await b.call('trains.get', { id: t1.id })).train.revision;
    const r1 = (await b.call('trains.setNotes', { id: t1.id, notes: 'One' })).revision;
    const r2 = (await b.call('trains.rename', { id: t1.id, version: '2027.01a' })).revision;
    const r3 = (await b.call('trains.skip', { id: t1.id, reason: 'Quiet month' })).revision;
    // Undo writes the row back: a change like any other.
    await b.call('audit.undo', { trainId: t1.id });
    const r4 = (await b.call('trains.get', { id: t1.id })).train.revision;
    expect([r1, r2, r3, r4].every((r, i) => r > [r0, r1, r2, r3][i]!)).toBe(true);
    // A train whose notes are set to what they are is not changed.
    expect((await b.call('trains.setNotes', { id: t1.id, notes: 'One' })).revision).toBe(r4);
    for (const r of [r1, r2, r3, r4]) {
      expect(seen.has(r)).toBe(false);
      seen.add(r);
    }
  });

  it('of a rollout plan move on with a re-plan that writes it whole, and with the calendar', async () => {
    const { b, t2 } = await workspace();
    const first = (await b.call('rollout.get', { trainId: t2.id }))!.revision;
    const replanned = (await b.call('rollout.plan', { trainId: t2.id })).revision;
    expect(replanned).toBeGreaterThan(first);
    await b.call('trains.move', { id: t2.id, start: '2027-01-20' });
    expect((await b.call('rollout.get', { trainId: t2.id }))!.revision).toBeGreaterThan(replanned);
  });

  it('of the settings and the policy are kept apart, and a setting saved unchanged keeps its revision', async () => {
    const { b } = await workspace();
    const before = await b.call('settings.get', {});
    // Planning anchored the cadence: a change of the settings.
    expect(before.revision).toBeGreaterThan(0);
    expect(before.policyRevision).toBe(0);
    expect((await b.call('settings.update', { workingDays: before.workingDays })).revision).toBe(before.revision);
    const policy = await b.call('policy.get', {});
    await b.call('policy.update', { policy: { ...policy, bakeDays: 2 } });
    const after = await b.call('settings.get', {});
    expect(after.revision).toBe(before.revision);
    expect(after.policyRevision).toBeGreaterThan(0);
  });
});

describe('two edits from the same read', () => {
  it("of a train's notes: the second is refused naming the first's author and time, and changes nothing", async () => {
    const { t1, as, refusedAs } = await workspace();
    const read = (await as(sam, 'trains.get', { id: t1.id })).train;
    const first = await as(sam, 'trains.setNotes', {
      id: t1.id,
      notes: 'Faster search',
      expectedRevision: read.revision,
    });
    expect(first.notes).toBe('Faster search');
    const error = await refusedAs(alex, 'trains.setNotes', {
      id: t1.id,
      notes: 'Dark mode',
      expectedRevision: read.revision,
    });
    expect(error).toEqual({
      code: 'conflict',
      message:
        "2027.01's release notes were changed by sam at 14:02 UTC since you opened them; reload to see them, then edit again.",
    });
    // Read again, the edit goes through.
    const again = await as(alex, 'trains.setNotes', {
      id: t1.id,
      notes: 'Dark mode',
      expectedRevision: first.revision,
    });
    expect(again.notes).toBe('Dark mode');
  });

  it('of a train moved, then renamed: the rename is refused, saying what changed', async () => {
    const { b, t1, as, refusedAs } = await workspace();
    await as(sam, 'trains.move', { id: t1.id, start: '2027-01-06', expectedRevision: t1.revision });
    b.clock.set('2026-12-02T09:15:00.000Z');
    const error = await refusedAs(alex, 'trains.rename', {
      id: t1.id,
      version: '2027.01a',
      expectedRevision: t1.revision,
    });
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(
      '2027.01 was changed by sam at 14:02 UTC on Tue 1 Dec 2026 since you opened it (Moved 2027.01 2 days later: now 6 Jan – 2 Feb 2027); reload to see it, then rename it again.',
    );
    // And a notes edit from that read says what changed too, in its own words.
    expect(
      (await refusedAs(alex, 'trains.setNotes', { id: t1.id, notes: 'x', expectedRevision: t1.revision })).message,
    ).toMatch(/^2027\.01 was changed by sam .* then edit its release notes again\.$/);
    expect(
      (await refusedAs(alex, 'trains.move', { id: t1.id, start: '2027-01-08', expectedRevision: t1.revision })).message,
    ).toMatch(/then move it again\.$/);
  });

  it('of a rollout plan: a lead moving a deployment from a plan someone else changed is refused', async () => {
    const { b, t2, as, refusedAs } = await workspace();
    const plan = (await b.call('rollout.get', { trainId: t2.id }))!;
    // A move the rules accept: some customer deployment to some other customer wave.
    const customers = plan.waves.filter((w) => w.index > 0);
    let moved: { key: string; wave: number } | undefined;
    for (const w of customers)
      for (const d of w.deployments)
        for (const to of customers)
          if (!moved && to.index !== w.index) {
            const r = await b.dispatch(
              'rollout.move',
              { trainId: t2.id, key: d.key, wave: to.index, reason: 'Customer asked', expectedRevision: plan.revision },
              { user: sam },
            );
            if (r.ok) moved = { key: d.key, wave: to.index };
          }
    expect(moved).toBeDefined();
    const error = await refusedAs(alex, 'rollout.move', {
      trainId: t2.id,
      key: moved!.key,
      wave: 1,
      reason: 'Other customer asked',
      expectedRevision: plan.revision,
    });
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(
      new RegExp(
        `^The rollout plan of 2027\\.02 was changed by sam at 14:02 UTC since you opened it \\(.*${moved!.key}.*\\); reload to see it, then move the deployment again\\.$`,
      ),
    );
    const now = (await as(alex, 'rollout.get', { trainId: t2.id }))!;
    expect(now.revision).toBeGreaterThan(plan.revision);
  });

  it('of a gate: the second is refused naming who set it and to what', async () => {
    const { t2, as, refusedAs } = await workspace();
    const gate = (await as(sam, 'gates.list', { trainId: t2.id })).find((g) => g.key === 'unit-tests')!;
    await as(sam, 'gates.set', { trainId: t2.id, key: 'unit-tests', action: 'pass', expectedRevision: gate.revision });
    const error = await refusedAs(alex, 'gates.set', {
      trainId: t2.id,
      key: 'unit-tests',
      action: 'fail',
      reason: 'Flaky',
      expectedRevision: gate.revision,
    });
    expect(error).toEqual({
      code: 'conflict',
      message:
        'The gate "Unit tests" of 2027.02 was changed by sam at 14:02 UTC since you opened it (now passed); reload to see it, then set it again.',
    });
    // Another gate of the same train was not changed: its edit goes through.
    const other = (await as(alex, 'gates.list', { trainId: t2.id })).find((g) => g.key === 'integration-tests')!;
    await as(alex, 'gates.set', { trainId: t2.id, key: other.key, action: 'pass', expectedRevision: other.revision });
  });

  it('of the settings and of the policy: the second is refused naming the first', async () => {
    const { as, refusedAs } = await workspace();
    const settings = await as(sam, 'settings.get', {});
    await as(sam, 'settings.update', { workingDays: [1, 2, 3, 4], expectedRevision: settings.revision });
    expect(
      await refusedAs(alex, 'settings.update', {
        workingDays: [1, 2, 3, 4, 5, 6],
        expectedRevision: settings.revision,
      }),
    ).toEqual({
      code: 'conflict',
      message:
        'The calendar settings were changed by sam at 14:02 UTC since you opened them (Changed the working days); reload to see them, then save your changes again.',
    });
    const policy = await as(sam, 'policy.get', {});
    await as(sam, 'policy.update', { policy: { ...policy, bakeDays: 2 }, expectedRevision: settings.policyRevision });
    expect(
      await refusedAs(alex, 'policy.update', {
        policy: { ...policy, bakeDays: 3 },
        expectedRevision: settings.policyRevision,
      }),
    ).toEqual({
      code: 'conflict',
      message:
        'The rollout policy was changed by sam at 14:02 UTC since you opened it (Changed the rollout policy); reload to see it, then save your changes again.',
    });
  });

  it('without a revision (the CLI, scripts): each edit applies to what is stored, as before', async () => {
    const { b, t1 } = await workspace();
    await b.call('trains.setNotes', { id: t1.id, notes: 'First' });
    expect((await b.call('trains.setNotes', { id: t1.id, notes: 'Second' })).notes).toBe('Second');
    await b.call('settings.update', { workingDays: [1, 2, 3, 4] });
    expect((await b.call('settings.update', { workingDays: [1, 2, 3] })).workingDays).toEqual([1, 2, 3]);
  });
});
