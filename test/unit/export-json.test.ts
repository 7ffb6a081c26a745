import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  EXPORT_SCHEMA_ID,
  EXPORT_SCHEMA_VERSION,
  exportDocumentSchema,
  toExportDocument,
  toJson,
} from '../../shared/export/json';
import { type ExportSelection, type ExportSnapshot, planOf } from '../../shared/export/snapshot';
import { kpiReport } from '../../shared/kpis';
import { demoSnapshot, standingHalt } from '../helpers/export-snapshot';

const DOC = readFileSync(join(import.meta.dirname, '../../docs/export-schema.md'), 'utf8');

/** Every field path of a zod schema, written the way docs/export-schema.md writes them (`trains[].waves[].date`). */
function fieldPaths(schema: z.ZodType, prefix = ''): string[] {
  if (schema instanceof z.ZodObject)
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, child]) => {
      const path = prefix ? `${prefix}.${key}` : key;
      return [path, ...fieldPaths(child, path)];
    });
  if (schema instanceof z.ZodArray) return fieldPaths(schema.element as z.ZodType, `${prefix}[]`);
  if (schema instanceof z.ZodNullable) return fieldPaths(schema.unwrap() as z.ZodType, prefix);
  if (schema instanceof z.ZodUnion)
    return [...new Set((schema.options as z.ZodType[]).flatMap((o) => fieldPaths(o, prefix)))];
  return [];
}

/** Release health of one hand-made train: released on its days, halted once (high) and fixed in 18 hours. */
const KPIS = kpiReport(
  [
    {
      id: 2,
      version: '2027.02',
      start: '2027-01-11',
      state: 'active',
      waves: [
        { index: 0, day: '2027-02-01' },
        { index: 1, day: '2027-02-03' },
      ],
      steps: [
        {
          key: 'internal',
          wave: 0,
          state: 'released',
          startedAt: '2027-02-01T09:00:00.000Z',
          finishedAt: '2027-02-01T11:00:00.000Z',
        },
        {
          key: 'us-gov-1',
          wave: 1,
          state: 'released',
          startedAt: '2027-02-03T09:00:00.000Z',
          finishedAt: '2027-02-03T11:00:00.000Z',
        },
      ],
      halts: [
        {
          severity: 'high',
          haltedAt: '2027-02-03T13:00:00.000Z',
          resumedAt: '2027-02-04T07:00:00.000Z',
          deployments: ['us-gov-1'],
        },
      ],
    },
  ],
  { from: '2027-01-11', to: '2027-01-11', last: null },
  { today: '2027-02-10', dayOf: (instant) => instant.slice(0, 10) },
  '2027-02-10T09:00:00.000Z',
);

describe('toJson', () => {
  const snapshot = demoSnapshot({ cancel: [3] });
  const selections: ExportSelection[] = [
    { kind: 'all' },
    { kind: 'train', trainId: 2 },
    { kind: 'deployment', key: 'us-gov-1' },
    { kind: 'range', from: '2027-01-25', to: '2027-02-05' },
  ];

  it.each(selections)('writes a document its schema accepts: %o', (selection) => {
    const text = toJson(snapshot, selection, KPIS);
    expect(text.endsWith('}\n')).toBe(true);
    const doc = exportDocumentSchema.parse(JSON.parse(text));
    expect(doc).toMatchObject({ schema: EXPORT_SCHEMA_ID, version: EXPORT_SCHEMA_VERSION, selection });
    expect(doc.generatedAt).toBe('2027-01-25T09:30:00.000Z');
  });

  it('holds the whole plan: every train, phase, wave and deployment, with statuses', () => {
    const tracked: ExportSnapshot = {
      ...snapshot,
      steps: [{ trainId: 1, key: 'internal-us', state: 'released' }],
      gates: [
        { trainId: 1, name: 'Unit tests', state: 'passed' },
        { trainId: 1, name: 'Acceptance suite', state: 'waived' },
      ],
    };
    const doc = toExportDocument(tracked, { kind: 'all' }, KPIS);
    expect(doc.deployments.map((d) => d.key)).toEqual(snapshot.deployments.map((d) => d.key));
    expect(doc.trains.map((t) => [t.id, t.version, t.status])).toEqual([
      [1, '2027.01', 'rolling_out'],
      [2, '2027.02', 'developing'],
      [3, '2027.03', 'cancelled'],
      [4, '2027.04', 'planned'],
    ]);
    const [first, , third] = doc.trains;
    expect(first!.phases.map((p) => [p.key, p.start, p.end])).toEqual(
      snapshot.trains[0]!.phases.map((p) => [p.key, p.start, p.end]),
    );
    expect(first!.phases.find((p) => p.key === 'rollout')!.releaseDays).toEqual(snapshot.trains[0]!.releaseDays);
    expect(first!.waves.map((w) => [w.index, w.date, w.deployments.map((d) => d.key)])).toEqual(
      planOf(snapshot, 1)!.waves.map((w) => [w.index, w.date, w.keys]),
    );
    expect(first!.waves[0]!.deployments).toEqual([{ key: 'internal-us', status: 'released' }]);
    expect(first!.waves[1]!.deployments.every((d) => d.status === 'pending')).toBe(true);
    expect(first!.gates).toEqual([
      { name: 'Unit tests', state: 'passed' },
      { name: 'Acceptance suite', state: 'waived' },
    ]);
    expect(first!.notes).toBe(snapshot.trains[0]!.notes);
    expect(third).toMatchObject({ status: 'cancelled', statusReason: 'Merged into the next train.' });
    expect(third!.waves.flatMap((w) => w.deployments).every((d) => d.status === 'cancelled')).toBe(true);
    expect(doc.trains[1]!.gates).toEqual([]);
  });

  it('shows the status rollout tracking gives: halted with its halt, completed, overdue', () => {
    const keys = planOf(snapshot, 1)!.waves.flatMap((w) => w.keys);
    const done = keys.slice(0, -1);
    const tracked: ExportSnapshot = {
      ...snapshot,
      // Train 1: everyone released but one; train 2: everyone released; train 4: halted.
      steps: [
        ...done.map((key) => ({ trainId: 1, key, state: 'released' as const })),
        ...planOf(snapshot, 2)!.waves.flatMap((w) =>
          w.keys.map((key) => ({ trainId: 2, key, state: 'released' as const })),
        ),
      ],
      halts: [
        standingHalt(1, { id: 2, from: '2027-01-20', to: '2027-01-21', fixVersion: '2027.01.1' }),
        standingHalt(4, { id: 1, reason: 'Login errors after wave 1', from: '2027-02-24' }),
      ],
    };
    const status = (doc: ReturnType<typeof toExportDocument>) => doc.trains.map((t) => [t.id, t.status]);
    const doc = toExportDocument(tracked, { kind: 'all' }, KPIS);
    expect(status(doc)).toEqual([
      [1, 'rolling_out'],
      [2, 'completed'],
      [3, 'cancelled'],
      [4, 'halted'],
    ]);
    expect(doc.trains[3]!.halt).toEqual({ reason: 'Login errors after wave 1', reference: 'INC-7' });
    // Resumed with its fix: no halt stands, and the train's halts say when and with what.
    expect(doc.trains[0]!.halt).toBeNull();
    expect(doc.trains[0]!.halts).toEqual([
      { reason: 'Login errors', reference: 'INC-7', from: '2027-01-20', to: '2027-01-21', fixVersion: '2027.01.1' },
    ]);
    expect(doc.trains[1]!.halts).toEqual([]);
    expect(doc.trains[3]!.halts).toEqual([
      { reason: 'Login errors after wave 1', reference: 'INC-7', from: '2027-02-24', to: null, fixVersion: null },
    ]);
    // The status comes from the whole train, not from the part a selection keeps.
    const one = toExportDocument(tracked, { kind: 'deployment', key: done[0]! }, KPIS);
    expect(one.trains.find((t) => t.id === 1)!.status).toBe('rolling_out');
    expect(one.trains.find((t) => t.id === 1)!.waves[0]!.deployments).toEqual([{ key: done[0], status: 'released' }]);
    // Past its last day and not finished: overdue.
    const late = {
      ...tracked,
      trains: tracked.trains.map((t) => (t.id === 1 ? { ...t, status: 'completed' as const } : t)),
    };
    expect(toExportDocument(late, { kind: 'train', trainId: 1 }, KPIS).trains[0]!.status).toBe('overdue');
  });

  it('narrows to one deployment: only the trains and waves that hold it', () => {
    const doc = toExportDocument(snapshot, { kind: 'deployment', key: 'us-gov-1' }, KPIS);
    expect(doc.deployments.map((d) => d.key)).toEqual(['us-gov-1']);
    expect(doc.trains).toHaveLength(4);
    for (const t of doc.trains) {
      expect(t.waves).toHaveLength(1);
      // Pinned late: always the last wave.
      expect(t.waves[0]!.index).toBe(planOf(snapshot, t.id)!.waves.length - 1);
      expect(t.waves[0]!.deployments.map((d) => d.key)).toEqual(['us-gov-1']);
    }
  });

  it('lists each train’s patches with their waves and each deployment’s patch step', () => {
    const key = planOf(snapshot, 2)!.waves[1]!.keys[0]!;
    const patched: ExportSnapshot = {
      ...snapshot,
      patches: [
        {
          id: 1,
          trainId: 2,
          version: '2027.02.1',
          broken: '2027.02',
          reason: 'Slow search',
          reference: 'INC-9',
          waves: [{ index: 1, date: '2027-02-09', steps: [{ key, state: 'released' }] }],
        },
      ],
    };
    const doc = exportDocumentSchema.parse(JSON.parse(toJson(patched, { kind: 'all' }, KPIS)));
    expect(doc.trains.find((t) => t.id === 1)!.patches).toEqual([]);
    expect(doc.trains.find((t) => t.id === 2)!.patches).toEqual([
      {
        version: '2027.02.1',
        broken: '2027.02',
        reason: 'Slow search',
        reference: 'INC-9',
        waves: [{ index: 1, date: '2027-02-09', deployments: [{ key, status: 'released' }] }],
      },
    ]);
  });

  it('is refused by its schema when it breaks the documented shape', () => {
    const doc = toExportDocument(snapshot, { kind: 'all' }, KPIS);
    const broken = [
      { ...doc, version: 2 },
      { ...doc, extra: true },
      { ...doc, generatedAt: '25/01/2027' },
      { ...doc, trains: [{ ...doc.trains[0]!, start: '2027-02-30' }] },
      { ...doc, trains: [{ ...doc.trains[0]!, end: '2026-12-31' }] },
      { ...doc, deployments: doc.deployments.filter((d) => d.key !== 'us-east-3') },
      {
        ...doc,
        trains: [
          { ...doc.trains[0]!, waves: [{ index: 0, date: '2027-01-18', deployments: [{ key: 'internal-us' }] }] },
        ],
      },
    ];
    for (const b of broken)
      expect(exportDocumentSchema.safeParse(b).success, JSON.stringify(b).slice(0, 80)).toBe(false);
  });
});

describe('the release-health section', () => {
  it('carries the figures of the report it is given, its range the first and last train start', () => {
    const doc = exportDocumentSchema.parse(JSON.parse(toJson(demoSnapshot(), { kind: 'all' }, KPIS)));
    expect(doc.kpis.range).toEqual({ from: '2027-01-11', to: '2027-01-11' });
    expect(doc.kpis.summary).toEqual(KPIS.summary);
    expect(doc.kpis.summary).toMatchObject({ halts: 1, releaseDays: 1, onTime: 1 });
    expect(doc.kpis.summary.timeToFixHours).toEqual({ count: 1, median: 18, p90: 18 });
    expect(doc.kpis.trains.map((t) => t.version)).toEqual(['2027.02']);
    expect(Object.keys(doc.kpis.definitions)).toEqual(Object.keys(KPIS.definitions));
  });
});

describe('docs/export-schema.md', () => {
  it('documents every field of the schema, and no field it lacks', () => {
    const paths = fieldPaths(exportDocumentSchema);
    expect(paths).toContain('trains[].waves[].deployments[].status');
    expect(paths).toContain('selection.from');
    const section = DOC.slice(DOC.indexOf('### Fields'), DOC.indexOf('### Example'));
    // A row of the fields table starts with the path in a code span (prettier pads the cell).
    const documented = [...section.matchAll(/^\| `([^`]+)` +\|/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...paths].sort());
  });

  it('gives an example the schema accepts', () => {
    const example = /```json\n([\s\S]*?)\n```/.exec(DOC)?.[1];
    expect(example).toBeDefined();
    expect(exportDocumentSchema.safeParse(JSON.parse(example!)).error).toBeUndefined();
  });
});
