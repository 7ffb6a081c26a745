import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry, TrainTracking } from '../../shared/contract';
import { TRACKING_FLEET_CSV, type TrackingBackend, openTrackingBackend } from '../helpers/tracking';
import { useTempDirs } from '../helpers/temp-dir';

// The clock can step back between two records of one thing (NTP, or two machines sharing a
// file). The rule: an instant is never recorded before the one it follows; it is recorded at
// that earlier instant instead, and the audit event says the clock was behind.

const tempDir = useTempDirs('rc-clock-back-');
const open: TrackingBackend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

/** 2027.01 planned on the small fleet, its checks passed and its internal deployment started at 10:00. */
async function startedInternal(): Promise<{ b: TrackingBackend; trainId: number }> {
  const b = openTrackingBackend(tempDir(), '2027-01-18T08:00:00.000Z');
  open.push(b);
  await b.call('deployments.importCsv', { csv: TRACKING_FLEET_CSV });
  const [train] = await b.call('trains.plan', { from: '2027-01-04', count: 1 });
  const trainId = train!.id;
  await b.call('rollout.plan', { trainId });
  for (const key of ['unit-tests', 'integration-tests', 'acceptance-suite'])
    await b.call('gates.set', { trainId, key, action: 'pass' });
  b.clock.set('2027-01-18T10:00:00.000Z');
  await b.call('steps.transition', { trainId, wave: 0, action: 'start' });
  return { b, trainId };
}

const internalStep = (t: TrainTracking) => t.waves[0]!.steps[0]!;

async function newestEvent(b: TrackingBackend, trainId: number): Promise<AuditEntry> {
  const [event] = await b.call('audit.list', { trainId, limit: 1 });
  return event!;
}

describe('instants recorded out of order', () => {
  it('a release whose clock reads before the start is recorded at the start, and the audit says why', async () => {
    const { b, trainId } = await startedInternal();
    b.clock.set('2027-01-18T09:40:00.000Z');
    const t = await b.call('steps.transition', { trainId, wave: 0, action: 'release' });
    expect(internalStep(t)).toMatchObject({
      state: 'released',
      startedAt: '2027-01-18T10:00:00.000Z',
      finishedAt: '2027-01-18T10:00:00.000Z',
    });
    const event = await newestEvent(b, trainId);
    expect(event.action).toBe('step.release');
    expect(event.summary).toContain(
      'the clock read 09:40 UTC, before corp started at 10:00 UTC, so it is recorded at that instant',
    );
    expect(event.after).toMatchObject({ clockBehind: { readAt: '2027-01-18T09:40:00.000Z', keys: ['corp'] } });
  });

  it('a failure, then a skip, with the clock further back each time, keep the start as their finish', async () => {
    const { b, trainId } = await startedInternal();
    b.clock.set('2027-01-18T09:00:00.000Z');
    let t = await b.call('steps.transition', { trainId, keys: ['corp'], action: 'fail', reason: 'Smoke test red' });
    expect(internalStep(t)).toMatchObject({ state: 'failed', finishedAt: '2027-01-18T10:00:00.000Z' });
    b.clock.set('2027-01-18T08:30:00.000Z');
    t = await b.call('steps.transition', { trainId, keys: ['corp'], action: 'skip', reason: 'Not this week' });
    expect(internalStep(t)).toMatchObject({
      state: 'skipped',
      startedAt: '2027-01-18T10:00:00.000Z',
      finishedAt: '2027-01-18T10:00:00.000Z',
    });
  });

  it('a release on time records the clock as it reads, with no note', async () => {
    const { b, trainId } = await startedInternal();
    b.clock.set('2027-01-18T11:00:00.000Z');
    const t = await b.call('steps.transition', { trainId, wave: 0, action: 'release' });
    expect(internalStep(t).finishedAt).toBe('2027-01-18T11:00:00.000Z');
    const event = await newestEvent(b, trainId);
    expect(event.summary).not.toContain('clock');
    expect(event.after).not.toHaveProperty('clockBehind');
  });

  it('a resume whose clock reads before the halt is recorded at the halt', async () => {
    const { b, trainId } = await startedInternal();
    await b.call('gates.defaults.update', {
      policy: {
        gates: [{ key: 'unit-tests', name: 'Unit tests', kind: 'check', required: true }],
        freshInternalBakeOnResume: false,
      },
    });
    b.clock.set('2027-01-18T10:30:00.000Z');
    await b.call('trains.halt', { trainId, reason: 'Crash on login', reference: 'INC-7' });
    b.clock.set('2027-01-18T10:10:00.000Z');
    const t = await b.call('trains.resume', { trainId, fixVersion: '2027.01.1' });
    expect(t.halts[0]).toMatchObject({ haltedAt: '2027-01-18T10:30:00.000Z', resumedAt: '2027-01-18T10:30:00.000Z' });
    const event = await newestEvent(b, trainId);
    expect(event.action).toBe('train.resume');
    expect(event.summary).toContain(
      'the clock read 10:10 UTC, before the halt at 10:30 UTC, so it is recorded at that instant',
    );
  });
});
