import { describe, expect, it } from 'vitest';
import type { Db } from '../../electron/backend/db/connection';
import type { RolloutPlanView, UndoResult } from '../../shared/contract';
import type { Deployment } from '../../shared/deployment';
import type { TrainView } from '../../shared/train';
import { useTestBackend } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';

// Undo covers every user action that changes the plan: train skip, cancel, reinstate, move,
// rename and notes; holidays and freezes; fleet edits. Each is reversed by a compensating change
// and one `undo` event: afterwards the calendar, the fleet and every stored plan are as they were
// (only the audit trail, and the instants things were last touched, remember it).

const tempDir = useTempDirs('rc-undo-changes-');
const { backend, ok } = useTestBackend(tempDir);

/** Every table but the audit trail and the revision clock, without the instants, actors and revisions of the last write, rows sorted. */
function state(db: Db): Record<string, string[]> {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('audit_events', 'revision_clock') ORDER BY name",
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [
      t,
      (db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[])
        .map((row) =>
          JSON.stringify(
            Object.entries(row).filter(([column]) => !/^(updated_(at|by)|retired_at|revision)$/.test(column)),
          ),
        )
        .sort(),
    ]),
  );
}

/** The demo, with every plan made afresh on today's inputs, and the trains that have not started. */
async function demo(): Promise<TrainView[]> {
  await ok('fleet.loadDemo', {});
  await ok('policy.update', { policy: await ok('policy.get', {}) });
  const trains = await ok<TrainView[]>('trains.list', {});
  const plans = await Promise.all(trains.map((t) => ok<RolloutPlanView | null>('rollout.get', { trainId: t.id })));
  return trains.filter((_, i) => plans[i] && !plans[i].started);
}

/** Does `change`, checks that it changed something, undoes it, and checks that all is as before. */
async function undoneWhole(change: () => Promise<unknown>, scope: { trainId?: number } = {}): Promise<UndoResult> {
  const before = state(backend().db);
  await change();
  expect(state(backend().db)).not.toEqual(before);
  const result = await ok<UndoResult>('audit.undo', scope);
  const after = state(backend().db);
  for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
  return result;
}

describe('undo of train changes', () => {
  it.each([
    ['trains.skip', { reason: 'No changes this cycle' }],
    ['trains.cancel', { reason: 'Merged into the next one' }],
    ['trains.rename', { version: '2026.99' }],
    ['trains.setNotes', { notes: 'Ships the new billing page.' }],
  ])('%s, from the train and from anywhere', async (method, input) => {
    const [, t] = await demo();
    for (const scope of [{ trainId: t!.id }, {}]) {
      const result = await undoneWhole(() => ok(method, { id: t!.id, ...input }), scope);
      expect(result.undo.summary).toMatch(/^Undid: /);
    }
  });

  it('trains.reinstate: skipped again, with its reason', async () => {
    const [, t] = await demo();
    await ok('trains.skip', { id: t!.id, reason: 'Company offsite' });
    await undoneWhole(() => ok('trains.reinstate', { id: t!.id }));
    expect((await ok<{ train: TrainView }>('trains.get', { id: t!.id })).train.stateReason).toBe('Company offsite');
  });

  it('trains.move with the later trains: every train moved goes back', async () => {
    const [, t] = await demo();
    const result = await undoneWhole(() => ok('trains.move', { id: t!.id, start: '2026-12-28', shiftLater: true }));
    expect(result.undone.action).toBe('train.move');
  });
});

describe('undo of calendar rules', () => {
  it('holidays.add and holidays.remove', async () => {
    await demo();
    await undoneWhole(() => ok('holidays.add', { date: '2026-05-06', name: 'Founders day' }));
    await ok('holidays.add', { date: '2026-05-06', name: 'Founders day' });
    await undoneWhole(() => ok('holidays.remove', { date: '2026-05-06' }));
  });

  it('freezes.add and freezes.remove (the freeze comes back under its id)', async () => {
    await demo();
    await undoneWhole(() =>
      ok('freezes.add', { name: 'Spring pause', start: '2026-04-20', end: '2026-04-24', reason: 'Audit' }),
    );
    const freeze = await ok<{ id: number }>('freezes.add', {
      name: 'Spring pause',
      start: '2026-04-20',
      end: '2026-04-24',
      reason: 'Audit',
    });
    await undoneWhole(() => ok('freezes.remove', { id: freeze.id }));
  });
});

describe('undo of fleet edits', () => {
  it.each([
    [
      'deployments.update',
      {
        key: 'eu-west-2',
        changes: { weight: 99_000, earlyOptOut: true, releaseWindow: { start: '09:00', end: '11:00' } },
      },
    ],
    ['deployments.retire', { key: 'eu-west-2' }],
    ['deployments.block', { key: 'us-east-3', from: '2026-04-14', to: '2026-04-16', reason: 'Customer launch' }],
  ])('%s', async (method, input) => {
    await demo();
    await undoneWhole(() => ok(method, input));
  });

  it('deployments.reactivate and deployments.unblock', async () => {
    await demo();
    await ok('deployments.retire', { key: 'eu-west-2' });
    await undoneWhole(() => ok('deployments.reactivate', { key: 'eu-west-2' }));
    await ok('deployments.reactivate', { key: 'eu-west-2' });
    const blocked = await ok<{ range: { id: number } }>('deployments.block', {
      key: 'us-east-3',
      from: '2026-04-14',
      to: '2026-04-16',
      reason: 'Customer launch',
    });
    await undoneWhole(() => ok('deployments.unblock', { key: 'us-east-3', id: blocked.range.id }));
  });

  it('deployments.update of the release window: setting, changing and clearing it are each undone', async () => {
    await demo();
    const window = (releaseWindow: { start: string; end: string } | null) => () =>
      ok('deployments.update', { key: 'eu-central-1', changes: { releaseWindow } });
    await undoneWhole(window({ start: '09:00', end: '11:00' }));
    expect((await ok<Deployment>('deployments.get', { key: 'eu-central-1' })).releaseWindow).toBeNull();
    await window({ start: '09:00', end: '11:00' })();
    await undoneWhole(window({ start: '06:00', end: '07:30' }));
    await undoneWhole(window(null));
    expect((await ok<Deployment>('deployments.get', { key: 'eu-central-1' })).releaseWindow).toEqual({
      start: '09:00',
      end: '11:00',
    });
  });

  it('an edit recorded before release windows existed is undone, leaving no window', async () => {
    await demo();
    await ok('deployments.update', { key: 'eu-west-2', changes: { weight: 99_000 } });
    // The same event as an older version wrote it: its deployment records have no releaseWindow.
    const db = backend().db;
    const last = db.prepare('SELECT * FROM audit_events ORDER BY id DESC LIMIT 1').get() as Record<string, unknown>;
    const strip = (json: unknown) => {
      const { releaseWindow: _gone, ...rest } = JSON.parse(String(json)) as Record<string, unknown>;
      return JSON.stringify(rest);
    };
    expect(String(last.after_json)).toContain('"releaseWindow":null');
    db.prepare(
      `INSERT INTO audit_events (at, actor, action, entity_type, entity_key, summary, before_json, after_json)
       VALUES (@at, @actor, @action, @entity_type, @entity_key, @summary, @before, @after)`,
    ).run({ ...last, id: undefined, before: strip(last.before_json), after: strip(last.after_json) });
    const result = await ok<UndoResult>('audit.undo', {});
    expect(result.undone.action).toBe('deployment.update');
    const after = await ok<Deployment>('deployments.get', { key: 'eu-west-2' });
    expect([after.weight, after.releaseWindow]).toEqual([JSON.parse(strip(last.before_json)).weight, null]);
  });

  it('deployments.create: the new deployment is gone from the fleet and every plan', async () => {
    await demo();
    await undoneWhole(() =>
      ok('deployments.create', { key: 'zz-typo-1', name: 'Typo', region: 'eu-west', timeZone: 'Europe/Paris' }),
    );
    const again = await backend().dispatch('deployments.get', { key: 'zz-typo-1' });
    expect(again.ok ? 'still there' : again.error.code).toBe('not_found');
  });
});

describe('undo refused', () => {
  it('when the thing changed since, saying what, and changing nothing', async () => {
    const [, t] = await demo();
    await ok('trains.rename', { id: t!.id, version: '2026.98' });
    await ok('holidays.add', { date: '2026-05-06', name: 'Founders day' });
    await ok('audit.undo', {});
    // The newest undoable action of the train is the rename: its version is as it left it.
    const before = state(backend().db);
    await ok('trains.rename', { id: t!.id, version: '2026.97' });
    await ok('audit.undo', { trainId: t!.id });
    expect(state(backend().db)).toEqual(before);
    const twice = await backend().dispatch('audit.undo', { trainId: t!.id });
    expect(twice.ok ? 'undone' : twice.error.message).toMatch(/was already undone/);
  });

  it('a trains skip then undo, through the whole history: nothing is left to say "nothing to undo"', async () => {
    const [, t] = await demo();
    await ok('trains.skip', { id: t!.id, reason: 'Quiet week' });
    const undo = await ok<UndoResult>('audit.undo', {});
    expect(undo.undone.summary).toBe(`Skipped ${t!.version}: Quiet week`);
  });
});
