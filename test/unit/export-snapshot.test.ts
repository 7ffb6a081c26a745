import { describe, expect, it } from 'vitest';
import { rangesOverlap } from '../../shared/days';
import {
  exportSelectionSchema,
  planOf,
  selectSnapshot,
  stepStatusIndex,
  type ExportSnapshot,
} from '../../shared/export/snapshot';
import { demoSnapshot } from '../helpers/export-snapshot';

describe('exportSelectionSchema', () => {
  it('accepts the four selections', () => {
    for (const s of [
      { kind: 'all' },
      { kind: 'train', trainId: 3 },
      { kind: 'deployment', key: 'us-east-3' },
      { kind: 'range', from: '2027-01-01', to: '2027-03-31' },
    ])
      expect(exportSelectionSchema.parse(s)).toEqual(s);
  });

  it('refuses a bad selection with a message that says what to do', () => {
    const message = (input: unknown) => exportSelectionSchema.safeParse(input).error?.issues[0]?.message;
    expect(message({ kind: 'everything' })).toMatch(/^Export all, one train, one deployment or a date range/);
    expect(message({ kind: 'range', from: '2027-03-31', to: '2027-01-01' })).toBe(
      'The end of the range must be on or after its start.',
    );
    expect(message({ kind: 'range', from: '2027-02-30', to: '2027-03-01' })).toMatch(/is not a day written YYYY-MM-DD/);
    expect(message({ kind: 'deployment', key: 'US East' })).toMatch(/^Key must use lowercase letters/);
    expect(message({ kind: 'train', trainId: 0 })).toBe('Train id must be positive.');
  });
});

describe('selectSnapshot', () => {
  const snapshot: ExportSnapshot = {
    ...demoSnapshot(),
    steps: [
      { trainId: 1, key: 'us-east-3', state: 'released' },
      { trainId: 2, key: 'us-east-3', state: 'in_progress' },
      { trainId: 2, key: 'eu-west-1', state: 'failed' },
    ],
    gates: [
      { trainId: 1, name: 'Unit tests', state: 'passed' },
      { trainId: 2, name: 'Unit tests', state: 'pending' },
    ],
  };

  it('keeps everything for all', () => {
    expect(selectSnapshot(snapshot, { kind: 'all' })).toBe(snapshot);
  });

  it('keeps one train with its plan, steps, gates and the deployments in its plan', () => {
    const one = selectSnapshot(snapshot, { kind: 'train', trainId: 2 });
    expect(one.trains.map((t) => t.id)).toEqual([2]);
    expect(one.plans).toEqual([planOf(snapshot, 2)]);
    expect(one.steps).toEqual(snapshot.steps!.filter((s) => s.trainId === 2));
    expect(one.gates).toEqual([{ trainId: 2, name: 'Unit tests', state: 'pending' }]);
    expect(one.deployments).toHaveLength(snapshot.deployments.length);
  });

  it('keeps, for one deployment, each train with only the wave that holds it', () => {
    const one = selectSnapshot(snapshot, { kind: 'deployment', key: 'us-east-3' });
    expect(one.deployments.map((d) => d.key)).toEqual(['us-east-3']);
    expect(one.trains.map((t) => t.id)).toEqual([1, 2, 3, 4]);
    for (const p of one.plans) {
      const original = planOf(snapshot, p.trainId)!.waves.find((w) => w.keys.includes('us-east-3'))!;
      expect(p.waves).toEqual([{ index: original.index, date: original.date, keys: ['us-east-3'] }]);
    }
    expect(one.steps!.map((s) => [s.trainId, s.state])).toEqual([
      [1, 'released'],
      [2, 'in_progress'],
    ]);
  });

  it('keeps, for a range, the trains, phases and waves that fall in it', () => {
    const from = '2027-02-08';
    const to = '2027-02-16';
    const part = selectSnapshot(snapshot, { kind: 'range', from, to });
    expect(part.trains.map((t) => t.id)).toEqual(
      snapshot.trains.filter((t) => rangesOverlap(t.start, t.end, from, to)).map((t) => t.id),
    );
    for (const t of part.trains) {
      expect(t.phases.length).toBeGreaterThan(0);
      for (const p of t.phases) expect(rangesOverlap(p.start, p.end, from, to)).toBe(true);
    }
    const waves = part.plans.flatMap((p) => p.waves);
    expect(waves.length).toBeGreaterThan(0);
    expect(waves.every((w) => w.date >= from && w.date <= to)).toBe(true);
    expect(waves).toHaveLength(
      snapshot.plans.flatMap((p) => p.waves).filter((w) => w.date >= from && w.date <= to).length,
    );
    expect(new Set(part.deployments.map((d) => d.key))).toEqual(new Set(waves.flatMap((w) => w.keys)));
  });

  it('refuses a train or deployment the snapshot lacks, naming it', () => {
    expect(() => selectSnapshot(snapshot, { kind: 'train', trainId: 77 })).toThrow('No train has the id 77');
    expect(() => selectSnapshot(snapshot, { kind: 'deployment', key: 'mars-1' })).toThrow(
      'No deployment has the key mars-1',
    );
  });
});

describe('stepStatusIndex', () => {
  it('is the step state, pending by default, and cancelled or skipped for a train that is', () => {
    const snapshot = demoSnapshot({ cancel: [3], skip: [4] });
    const status = stepStatusIndex({
      ...snapshot,
      steps: [
        { trainId: 1, key: 'us-east-3', state: 'rolled_back' },
        { trainId: 3, key: 'us-east-3', state: 'released' },
      ],
    });
    const [t1, t2, t3, t4] = snapshot.trains;
    expect(status(t1!, 'us-east-3')).toBe('rolled_back');
    expect(status(t2!, 'us-east-3')).toBe('pending');
    expect(status(t3!, 'us-east-3')).toBe('cancelled');
    expect(status(t4!, 'us-east-3')).toBe('skipped');
  });
});
