import { z } from 'zod';
import { PHASE_KINDS } from '../cadence';
import { isDay } from '../days';
import { DEPLOYMENT_STATUSES, TIERS } from '../deployment';
import { GATE_STATES } from '../gates';
import type { KpiReport } from '../kpis';
import { HALT_SEVERITIES, STEP_STATES, TRACKED_STATUSES } from '../rollout-steps';
import {
  type ExportSelection,
  type ExportSnapshot,
  exportSelectionSchema,
  gatesOf,
  haltOf,
  planOf,
  selectSnapshot,
  stepStatusIndex,
  trainStatusIndex,
} from './snapshot';

// The whole plan as one versioned JSON document, for scripts and other tools.
// docs/export-schema.md documents every field and the versioning rule; the zod
// schema below is the exact shape this version writes (the tests hold the two together).

export const EXPORT_SCHEMA_ID = 'release-calendar/export';
/** Raised when a field is removed or renamed or changes type or meaning; adding a field keeps it. */
export const EXPORT_SCHEMA_VERSION = 1;

const day = z.string().refine(isDay, { error: 'Must be a day written YYYY-MM-DD.' });
const text = z.string();

const deploymentSchema = z
  .object({
    key: text,
    name: text,
    region: text,
    timeZone: text,
    tier: z.enum(TIERS),
    internal: z.boolean(),
    status: z.enum(DEPLOYMENT_STATUSES),
    releaseWindow: z.object({ start: text, end: text }).strict().nullable(),
  })
  .strict();

const phaseSchema = z
  .object({
    key: text,
    name: text,
    kind: z.enum(PHASE_KINDS),
    start: day,
    end: day,
    production: z.boolean(),
    releaseDays: z.array(day),
  })
  .strict();

const waveSchema = z
  .object({
    index: z.int().min(0),
    date: day,
    deployments: z.array(z.object({ key: text, status: z.enum([...STEP_STATES, 'cancelled']) }).strict()),
  })
  .strict();

const trainSchema = z
  .object({
    id: z.int().positive(),
    version: text,
    start: day,
    end: day,
    status: z.enum(TRACKED_STATUSES),
    statusReason: text.nullable(),
    halt: z.object({ reason: text, reference: text }).strict().nullable(),
    halts: z.array(
      z.object({ reason: text, reference: text, from: day, to: day.nullable(), fixVersion: text.nullable() }).strict(),
    ),
    patches: z.array(
      z
        .object({
          version: text,
          broken: text,
          reason: text,
          reference: text,
          waves: z.array(waveSchema),
        })
        .strict(),
    ),
    phases: z.array(phaseSchema),
    waves: z.array(waveSchema),
    gates: z.array(z.object({ name: text, state: z.enum(GATE_STATES) }).strict()),
    notes: text,
  })
  .strict()
  .refine((t) => t.end >= t.start, { error: 'A train ends on or after its start.', path: ['end'] });

const count = z.int().min(0);
const rate = z.number().min(0).max(1).nullable();
const distribution = z.object({ count, median: z.number().nullable(), p90: z.number().nullable() }).strict();
const severities = z
  .object(
    Object.fromEntries(HALT_SEVERITIES.map((s) => [s, count])) as Record<
      (typeof HALT_SEVERITIES)[number],
      typeof count
    >,
  )
  .strict();
const trainStates = z.enum(['active', 'skipped', 'cancelled']);

/** Release health (shared/kpis.ts) of the trains of the selection that have started. */
const kpiSectionSchema = z
  .object({
    range: z.object({ from: day.nullable(), to: day.nullable() }).strict(),
    definitions: z.record(text, text),
    summary: z
      .object({
        trains: count,
        skipped: count,
        cancelled: count,
        rolloutsStarted: count,
        releaseDays: count,
        onTime: count,
        onTimeRate: rate,
        medianSlipDays: z.number().nullable(),
        trainsHalted: count,
        halts: count,
        haltsPerTrain: z.number().min(0).nullable(),
        openHalts: count,
        bySeverity: severities,
        timeToFixHours: distribution,
        rolloutHours: distribution,
        bakeHours: distribution,
        stepsStarted: count,
        stepsFailed: count,
        changeFailureRate: rate,
        deploymentsReleased: count,
        deploymentsReached: count,
        regressionReachRate: z.number().min(0).nullable(),
        leadTimeDays: distribution,
        deployments: z.array(z.object({ key: text, trains: count, earlySlots: count, regressions: count }).strict()),
      })
      .strict(),
    trains: z.array(
      z
        .object({
          id: z.int().positive(),
          version: text,
          start: day,
          state: trainStates,
          rolloutStarted: z.boolean(),
          rolloutComplete: z.boolean(),
          releaseDays: count,
          onTime: count,
          slipDays: z.array(z.int()),
          medianSlipDays: z.number().nullable(),
          halts: count,
          openHalts: count,
          bySeverity: severities,
          fixHours: z.array(z.number().min(0)),
          rolloutHours: z.number().min(0).nullable(),
          bakeHours: z.number().min(0).nullable(),
          stepsStarted: count,
          stepsFailed: count,
          deploymentsReleased: count,
          deploymentsReached: count,
          leadTimeDays: z.int().nullable(),
        })
        .strict(),
    ),
  })
  .strict();
export type KpiSection = z.output<typeof kpiSectionSchema>;

/** The export's release-health section from a report of the selection's started trains. */
export function kpiSection(report: KpiReport): KpiSection {
  return {
    range: { from: report.trains[0]?.start ?? null, to: report.trains.at(-1)?.start ?? null },
    definitions: report.definitions,
    summary: report.summary,
    trains: report.trains,
  };
}

export const exportDocumentSchema = z
  .object({
    schema: z.literal(EXPORT_SCHEMA_ID),
    version: z.literal(EXPORT_SCHEMA_VERSION),
    generatedAt: z.iso.datetime(),
    calendarName: text,
    selection: exportSelectionSchema,
    deployments: z.array(deploymentSchema),
    trains: z.array(trainSchema),
    kpis: kpiSectionSchema,
  })
  .strict()
  .superRefine((doc, ctx) => {
    const keys = new Set(doc.deployments.map((d) => d.key));
    doc.trains.forEach((t, i) =>
      t.waves.forEach((w, j) =>
        w.deployments.forEach((d, k) => {
          if (!keys.has(d.key))
            ctx.addIssue({
              code: 'custom',
              path: ['trains', i, 'waves', j, 'deployments', k, 'key'],
              message: `Deployment ${d.key} is not in the document's deployments.`,
            });
        }),
      ),
    );
  });
export type ExportDocument = z.output<typeof exportDocumentSchema>;

export function toExportDocument(
  snapshot: ExportSnapshot,
  selection: ExportSelection,
  kpis: KpiReport,
): ExportDocument {
  const selected = selectSnapshot(snapshot, selection);
  const trainStatus = trainStatusIndex(snapshot);
  const status = stepStatusIndex(selected);
  return {
    schema: EXPORT_SCHEMA_ID,
    version: EXPORT_SCHEMA_VERSION,
    generatedAt: selected.generatedAt,
    calendarName: selected.calendarName,
    selection,
    deployments: selected.deployments.map((d) => ({
      key: d.key,
      name: d.name,
      region: d.region,
      timeZone: d.timeZone,
      tier: d.tier,
      internal: d.internal,
      status: d.status,
      releaseWindow: d.releaseWindow && { start: d.releaseWindow.start, end: d.releaseWindow.end },
    })),
    trains: selected.trains.map((t) => ({
      id: t.id,
      version: t.version,
      start: t.start,
      end: t.end,
      status: trainStatus(t),
      statusReason: t.stateReason,
      halt: ((h) => (h ? { reason: h.reason, reference: h.reference } : null))(haltOf(selected, t.id)),
      halts: (selected.halts ?? [])
        .filter((h) => h.trainId === t.id)
        .map((h) => ({ reason: h.reason, reference: h.reference, from: h.from, to: h.to, fixVersion: h.fixVersion })),
      patches: (selected.patches ?? [])
        .filter((p) => p.trainId === t.id)
        .map((p) => ({
          version: p.version,
          broken: p.broken,
          reason: p.reason,
          reference: p.reference,
          waves: p.waves.map((w) => ({
            index: w.index,
            date: w.date,
            deployments: w.steps.map((s) => ({ key: s.key, status: s.state })),
          })),
        })),
      phases: t.phases.map((p) => ({
        key: p.key,
        name: p.name,
        kind: p.kind,
        start: p.start,
        end: p.end,
        production: p.production,
        releaseDays: p.releaseDays.flatMap((r) => (r.actual ? [r.actual] : [])),
      })),
      waves: (planOf(selected, t.id)?.waves ?? []).map((w) => ({
        index: w.index,
        date: w.date,
        deployments: w.keys.map((key) => ({ key, status: status(t, key) })),
      })),
      gates: gatesOf(selected, t.id).map((g) => ({ name: g.name, state: g.state })),
      notes: t.notes,
    })),
    kpis: kpiSection(kpis),
  };
}

/** The document as a file: two-space indents, a final newline. */
export function toJson(snapshot: ExportSnapshot, selection: ExportSelection, kpis: KpiReport): string {
  return `${JSON.stringify(toExportDocument(snapshot, selection, kpis), null, 2)}\n`;
}
