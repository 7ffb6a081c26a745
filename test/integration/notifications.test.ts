import { afterEach, describe, expect, it } from 'vitest';
import { dumpDatabase } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';
import { TRACKING_FLEET_CSV, type TrackingBackend, openTrackingBackend } from '../helpers/tracking';

// Notifications on a real database: what a client takes is what the rules say is true
// today, for the kinds turned on, once — across calls, clients and restarts — and the
// Today board (and so `today --json`) lists the same.

const tempDir = useTempDirs('rc-notifications-');
const open: TrackingBackend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

/** 2027.01 planned on the small fleet: its internal wave is due Mon 18 Jan, wave 1 on Wed 20 Jan. */
async function workspace(dir = tempDir(), at = '2027-01-18T08:00:00.000Z') {
  const b = openTrackingBackend(dir, at);
  open.push(b);
  await b.call('deployments.importCsv', { csv: TRACKING_FLEET_CSV });
  const [t1] = await b.call('trains.plan', { from: '2027-01-04', count: 2 });
  await b.call('rollout.plan', { trainId: t1!.id });
  return { b, trainId: t1!.id, dir };
}

const keys = (list: { key: string }[]) => list.map((n) => n.key);

describe('notifications', () => {
  it('a client takes what is true today once; the Today board lists the same', async () => {
    const { b, trainId } = await workspace();
    const board = await b.call('today.board', {});
    expect(board.notifications).toEqual([
      {
        key: `wave_due:${trainId}:0:2027-01-18`,
        kind: 'wave_due',
        trainId,
        version: '2027.01',
        at: '2027-01-18T00:00:00.000Z',
        title: 'The internal release of 2027.01 is due today',
        body: 'Start corp, the internal deployment, today: every customer wave waits for its release and bake.',
      },
    ]);
    expect(await b.call('notifications.take', { client: 'desktop' })).toEqual(board.notifications);
    expect(await b.call('notifications.take', { client: 'desktop' })).toEqual([]);
    // Shown is shown: a browser page turned on later does not repeat it.
    await b.call('notifications.settings.update', { browser: true });
    expect(await b.call('notifications.take', { client: 'browser' })).toEqual([]);
    // The board keeps listing it for scripts: it is still true today.
    expect(keys((await b.call('today.board', {})).notifications)).toEqual([`wave_due:${trainId}:0:2027-01-18`]);
  });

  it('on a team server tells each signed-in person once, not the first of them for everyone', async () => {
    const { b, trainId } = await workspace();
    await b.call('notifications.settings.update', { browser: true });
    const take = async (name: string) => {
      const answer = await b.dispatch('notifications.take', { client: 'browser' }, { user: { name, role: 'viewer' } });
      if (!answer.ok) throw new Error(answer.error.message);
      return keys(answer.result as { key: string }[]);
    };
    const due = [`wave_due:${trainId}:0:2027-01-18`];
    expect(await take('sam')).toEqual(due);
    expect(await take('sam')).toEqual([]);
    expect(await take('lee')).toEqual(due);
    expect(await take('lee')).toEqual([]);
    // The owner of the file (the desktop app, the CLI) is one more person.
    expect(keys(await b.call('notifications.take', { client: 'browser' }))).toEqual(due);
  });

  it('shows nothing twice after a restart the same day, and nothing of yesterday after a day off', async () => {
    const { b, trainId, dir } = await workspace();
    await b.call('gates.set', { trainId, key: 'unit-tests', action: 'fail', reason: 'Red build' });
    expect(keys(await b.call('notifications.take', { client: 'desktop' }))).toEqual([
      `wave_due:${trainId}:0:2027-01-18`,
      `gate_failed:${trainId}:unit-tests:2027-01-18T08:00:00.000Z`,
    ]);
    b.close();
    open.pop();

    const sameDay = openTrackingBackend(dir, '2027-01-18T17:00:00.000Z');
    open.push(sameDay);
    expect(await sameDay.call('notifications.take', { client: 'desktop' })).toEqual([]);
    sameDay.close();
    open.pop();

    // Tuesday: the failed gate is yesterday's news and the internal wave was due yesterday.
    const dayOff = openTrackingBackend(dir, '2027-01-19T09:00:00.000Z');
    open.push(dayOff);
    expect(await dayOff.call('notifications.take', { client: 'desktop' })).toEqual([]);
    expect((await dayOff.call('today.board', {})).notifications).toEqual([]);
  });

  it('a halt shows at once; kinds turned off are neither shown nor listed, and nothing is recorded for them', async () => {
    const { b, trainId } = await workspace();
    await b.call('notifications.settings.update', { kinds: { wave_due: false } });
    expect(await b.call('notifications.take', { client: 'desktop' })).toEqual([]);
    expect((await b.call('today.board', {})).notifications).toEqual([]);

    await b.call('steps.transition', { trainId, wave: 0, action: 'start' });
    b.clock.set('2027-01-18T10:30:00.000Z');
    await b.call('trains.halt', { trainId, reason: 'Login loop', reference: 'INC-7', severity: 'critical' });
    const [halt, ...rest] = await b.call('notifications.take', { client: 'desktop' });
    expect(rest).toEqual([]);
    expect(halt).toMatchObject({
      kind: 'train_halted',
      trainId,
      at: '2027-01-18T10:30:00.000Z',
      title: 'Train 2027.01 is halted',
    });
    expect(halt!.body).toContain('Login loop (INC-7, critical severity)');

    // Turned on again the same day, the wave is still not shown: a halted train's waves are not due.
    await b.call('notifications.settings.update', { kinds: { wave_due: true } });
    expect(await b.call('notifications.take', { client: 'desktop' })).toEqual([]);
  });

  it('each client has its switch: the desktop app on, browsers off until turned on', async () => {
    const { b } = await workspace();
    expect(await b.call('notifications.settings.get', {})).toEqual({
      desktop: true,
      browser: false,
      kinds: { wave_due: true, bake_ended: true, train_halted: true, gate_failed: true },
    });
    expect(await b.call('notifications.take', { client: 'browser' })).toEqual([]);
    await b.call('notifications.settings.update', { desktop: false });
    expect(await b.call('notifications.take', { client: 'desktop' })).toEqual([]);
    await b.call('notifications.settings.update', { browser: true });
    expect(await b.call('notifications.take', { client: 'browser' })).toHaveLength(1);
  });

  it('a settings change is audited with what changed; one that changes nothing writes nothing; bad input changes nothing', async () => {
    const { b } = await workspace();
    const settings = await b.call('notifications.settings.update', {
      desktop: false,
      kinds: { bake_ended: false, gate_failed: false },
    });
    expect(settings).toMatchObject({
      desktop: false,
      kinds: { bake_ended: false, gate_failed: false, wave_due: true },
    });
    const [event] = await b.call('audit.list', { limit: 1 });
    expect(event).toMatchObject({
      action: 'settings.update',
      entityKey: 'notifications',
      summary:
        'Turned off notifications in the desktop app; Turned off the notification “A bake has ended”; Turned off the notification “A gate has failed”',
      before: { desktop: true },
      after: { desktop: false },
    });
    const before = dumpDatabase(b.database.db);
    await b.call('notifications.settings.update', { desktop: false });
    expect(dumpDatabase(b.database.db)).toEqual(before);
    const e = await b.refuse('notifications.settings.update', { kinds: { sound: true } } as never);
    expect(e.code).toBe('invalid_input');
    const e2 = await b.refuse('notifications.take', { client: 'phone' } as never);
    expect(e2.message).toContain('client must be desktop or browser');
  });

  it('keeps the record of shown notifications small: keys older than two weeks are forgotten', async () => {
    const { b, trainId } = await workspace();
    await b.call('notifications.take', { client: 'desktop' });
    const count = () => b.database.db.prepare('SELECT count(*) FROM notifications_shown').pluck().get();
    expect(count()).toBe(1);
    // Three weeks on, a new notification is recorded and the old key goes.
    b.clock.set('2027-02-08T09:00:00.000Z');
    const [t3] = await b.call('trains.plan', { from: '2027-02-01', count: 1 });
    await b.call('rollout.plan', { trainId: t3!.id });
    await b.call('gates.set', { trainId: t3!.id, key: 'unit-tests', action: 'fail', reason: 'Red' });
    expect(keys(await b.call('notifications.take', { client: 'desktop' }))).toContain(
      `gate_failed:${t3!.id}:unit-tests:2027-02-08T09:00:00.000Z`,
    );
    expect(b.database.db.prepare('SELECT key FROM notifications_shown ORDER BY key').pluck().all()).not.toContain(
      `wave_due:${trainId}:0:2027-01-18`,
    );
  });
});
