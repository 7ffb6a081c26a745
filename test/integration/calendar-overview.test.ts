import { describe, expect, it, onTestFinished } from 'vitest';
import { TRACKING_FLEET_CSV, type TrackingBackend, openTrackingBackend } from '../helpers/tracking';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('rc-calendar-overview-');

/**
 * Six trains from Mon 4 Jan 2027 on the small fleet, one skipped, one with notes and one with a
 * rollout plan, so the parts have something to differ in.
 */
async function workspace(): Promise<{ b: TrackingBackend; first: number; second: number; third: number }> {
  const b = openTrackingBackend(tempDir(), '2026-12-01T08:00:00.000Z');
  onTestFinished(() => b.close());
  await b.call('deployments.importCsv', { csv: TRACKING_FLEET_CSV });
  await b.call('holidays.add', { date: '2027-02-17', name: 'Company day' });
  const trains = await b.call('trains.plan', { from: '2027-01-04', count: 6 });
  const [first, second, third] = [trains[0]!.id, trains[1]!.id, trains[2]!.id];
  await b.call('trains.skip', { id: second, reason: 'Company offsite' });
  await b.call('trains.setNotes', { id: first, notes: '## Highlights' });
  await b.call('rollout.plan', { trainId: third });
  return { b, first, second, third };
}

describe('calendar.overview', () => {
  it('is every train, the days asked for and the open train, as the separate reads give them', async () => {
    const { b, first, second } = await workspace();
    const days = { from: '2027-02-01', to: '2027-02-28' };
    const overview = await b.call('calendar.overview', { ...days, trainId: second });
    expect(overview.trains).toEqual(await b.call('trains.list', {}));
    expect(overview.range).toEqual(await b.call('calendar.range', days));
    expect(overview.detail).toEqual(await b.call('trains.get', { id: second }));
    expect(overview.detail!.train.state).toBe('skipped');

    const withoutTrain = await b.call('calendar.overview', days);
    expect(withoutTrain.detail).toBeNull();
    expect(withoutTrain.range).toEqual(overview.range);
    expect((await b.call('calendar.overview', { ...days, trainId: first })).detail!.train.notes).toBe('## Highlights');
  });

  it("is the tracking of the trains shown and the open train's rollout plan, as status.get and rollout.get give them", async () => {
    const { b, second, third } = await workspace();
    const days = { from: '2027-02-01', to: '2027-02-28' };
    const overview = await b.call('calendar.overview', { ...days, trainId: third });
    const shown = overview.range.trains.map((t) => t.id);
    expect(shown).toEqual(expect.arrayContaining([second, third]));
    expect(overview.tracking).toEqual((await b.call('status.get', { trainIds: shown })).trains);
    expect(overview.tracking.find((t) => t.trainId === third)!.planned).toBe(true);
    expect(overview.rolloutPlan).toEqual(await b.call('rollout.get', { trainId: third }));
    expect(overview.rolloutPlan!.waves.length).toBeGreaterThan(0);

    expect((await b.call('calendar.overview', { ...days, trainId: second })).rolloutPlan).toBeNull();
    expect((await b.call('calendar.overview', days)).rolloutPlan).toBeNull();
    const noTrains = await b.call('calendar.overview', { from: '2030-01-01', to: '2030-01-31' });
    expect(noTrains.range.trains).toEqual([]);
    expect(noTrains.tracking).toEqual([]);
  });

  it('refuses bad days as calendar.range does, a bad train id, and a train that does not exist, changing nothing', async () => {
    const { b } = await workspace();
    const backwards = { from: '2027-02-28', to: '2027-02-01' };
    let e = await b.refuse('calendar.overview', backwards);
    expect(e.code).toBe('invalid_input');
    expect(e.fields).toEqual((await b.refuse('calendar.range', backwards)).fields);
    expect(e.fields!.map((f) => f.field)).toEqual(['to']);
    e = await b.refuse('calendar.overview', { from: '2027-02-30', to: '2027-03-01', trainId: 0 });
    expect(e.code).toBe('invalid_input');
    expect(e.fields!.map((f) => f.field).sort()).toEqual(['from', 'trainId']);
    e = await b.refuse('calendar.overview', { from: '2027-02-01', to: '2027-02-28', extra: true } as never);
    expect(e.code).toBe('invalid_input');
    e = await b.refuse('calendar.overview', { from: '2027-02-01', to: '2027-02-28', trainId: 9999 });
    expect(e.code).toBe('not_found');
  });
});
