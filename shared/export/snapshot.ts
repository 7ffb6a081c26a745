import { z } from 'zod';
import { dayString } from '../cadence';
import { type Day, rangesOverlap } from '../days';
import { type Deployment, deploymentKeySchema } from '../deployment';
import { DomainError } from '../errors';
import type { GateState } from '../gates';
import type { Wave } from '../ordering';
import { type StepState, type TrackedStatus, trackedStatus } from '../rollout-steps';
import { type TrainView, trainIdSchema } from '../train';

// What every exporter reads: one consistent picture of the plan, taken by the
// backend in one read transaction, plus the part of it a person asked for. The
// exporters are pure functions of it, so a file is the same whoever writes it
// (CLI, app, publish folder) and tests need no database.

/** One train's stored rollout plan: wave 0 is the internal deployment, then customer waves 1…k. */
export interface ExportPlan {
  trainId: number;
  waves: Wave[];
}

export interface ExportStep {
  trainId: number;
  key: string;
  state: StepState;
  /** When the step last finished (released, failed, rolled back or skipped), UTC ISO; absent when not known or not finished. */
  finishedAt?: string;
}

/** The last change of a train's release notes: its instant (UTC ISO), as the audit trail recorded it. */
export interface ExportNotesChange {
  trainId: number;
  at: string;
}

export interface ExportGate {
  trainId: number;
  name: string;
  state: GateState;
}

/** An open halt: the train is stopped by a regression until a fix is integrated. */
export interface ExportHalt {
  /** The halt's own id: what keeps its calendar event the same event across exports. */
  id: number;
  trainId: number;
  reason: string;
  /** The regression's reference (ticket, incident). */
  reference: string;
  /** The day it halted, where the user is. */
  from: Day;
  /** The day it was resumed with the fix, or null while it stands. */
  to: Day | null;
  fixVersion: string | null;
}

/** A patch rollout: the fix of a halt, delivered to the deployments released before it. */
export interface ExportPatch {
  /** The patch's own id: what keeps its calendar events the same events across exports. */
  id: number;
  trainId: number;
  version: string;
  /** The version it replaces. */
  broken: string;
  reason: string;
  reference: string;
  /** Its waves in order (0 is the internal deployment), each on its planned day with each deployment's step. */
  waves: { index: number; date: Day; steps: { key: string; state: StepState }[] }[];
}

export interface ExportSnapshot {
  /** When the snapshot was taken, UTC ISO (`2027-01-18T09:30:00.000Z`); DTSTAMP of every iCalendar event. */
  generatedAt: string;
  calendarName: string;
  /** Every deployment a plan refers to, retired ones included, so old plans still name them. */
  deployments: Deployment[];
  /** In start order. */
  trains: TrainView[];
  plans: ExportPlan[];
  /** Absent when rollout tracking has nothing to say: every step is then pending. A step it does not list is pending. */
  steps?: ExportStep[];
  gates?: ExportGate[];
  /** Every halt, resumed ones included; at most one per train stands (`to` null). */
  halts?: ExportHalt[];
  /** Every patch rollout, oldest first. */
  patches?: ExportPatch[];
  /** The last change of each train's release notes; a train it does not list has had none since it was planned. */
  notesChanges?: ExportNotesChange[];
}

/** What a person asked to export: everything, one train, one deployment's releases, or the days of a range. */
export const exportSelectionSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('all') }).strict(),
    z.object({ kind: z.literal('train'), trainId: trainIdSchema }).strict(),
    z.object({ kind: z.literal('deployment'), key: deploymentKeySchema }).strict(),
    z
      .object({ kind: z.literal('range'), from: dayString('From'), to: dayString('To') })
      .strict()
      .refine((r) => r.to >= r.from, { error: 'The end of the range must be on or after its start.', path: ['to'] }),
  ],
  { error: 'Export all, one train, one deployment or a date range (kind: all, train, deployment or range).' },
);
export type ExportSelection = z.output<typeof exportSelectionSchema>;

/**
 * The part of `snapshot` that `selection` asks for, in the same shape, so every
 * exporter handles a selection the same way:
 * - all: everything;
 * - train: that train, its plan, steps and gates, and the deployments in its plan;
 * - deployment: the trains whose plan holds it, each with only the wave that holds it;
 * - range: trains whose life overlaps the range, with only the phases that overlap
 *   it and the waves dated inside it.
 * A train or deployment that is not in the snapshot is refused (not_found).
 */
export function selectSnapshot(snapshot: ExportSnapshot, selection: ExportSelection): ExportSnapshot {
  switch (selection.kind) {
    case 'all':
      return snapshot;
    case 'train': {
      const train = snapshot.trains.find((t) => t.id === selection.trainId);
      if (!train)
        throw new DomainError(
          'not_found',
          `No train has the id ${selection.trainId}; list them with "trains list" and export one of those.`,
        );
      return narrow(snapshot, [train], (w) => w);
    }
    case 'deployment': {
      if (!snapshot.deployments.some((d) => d.key === selection.key))
        throw new DomainError(
          'not_found',
          `No deployment has the key ${selection.key}; list them with "deployments list" and export one of those.`,
        );
      const holds = (w: Wave) => w.keys.includes(selection.key);
      const trains = snapshot.trains.filter((t) => planOf(snapshot, t.id)?.waves.some(holds));
      return narrow(snapshot, trains, (w) => (holds(w) ? { ...w, keys: [selection.key] } : null), [selection.key]);
    }
    case 'range': {
      const { from, to } = selection;
      const trains = snapshot.trains
        .filter((t) => rangesOverlap(t.start, t.end, from, to))
        .map((t) => ({ ...t, phases: t.phases.filter((p) => rangesOverlap(p.start, p.end, from, to)) }));
      const inRange = (day: Day) => from <= day && day <= to;
      return narrow(snapshot, trains, (w) => (inRange(w.date) ? w : null), undefined, inRange);
    }
  }
}

/** Keeps `trains`, their plans with the waves `keepWave` returns, their steps and gates, and the deployments those waves name. */
function narrow(
  snapshot: ExportSnapshot,
  trains: TrainView[],
  keepWave: (w: Wave) => Wave | null,
  onlyKeys?: readonly string[],
  keepDay: (day: Day) => boolean = () => true,
): ExportSnapshot {
  const ids = new Set(trains.map((t) => t.id));
  const plans = snapshot.plans
    .filter((p) => ids.has(p.trainId))
    .map((p) => ({ trainId: p.trainId, waves: p.waves.flatMap((w) => keepWave(w) ?? []) }));
  const keys = new Set(onlyKeys ?? plans.flatMap((p) => p.waves.flatMap((w) => w.keys)));
  return {
    generatedAt: snapshot.generatedAt,
    calendarName: snapshot.calendarName,
    deployments: snapshot.deployments.filter((d) => keys.has(d.key)),
    trains,
    plans,
    ...(snapshot.steps
      ? { steps: snapshot.steps.filter((s) => ids.has(s.trainId) && (!onlyKeys || keys.has(s.key))) }
      : {}),
    ...(snapshot.gates ? { gates: snapshot.gates.filter((g) => ids.has(g.trainId)) } : {}),
    ...(snapshot.halts ? { halts: snapshot.halts.filter((h) => ids.has(h.trainId)) } : {}),
    ...(snapshot.patches ? { patches: narrowPatches(snapshot.patches, ids, keepDay, onlyKeys) } : {}),
    ...(snapshot.notesChanges ? { notesChanges: snapshot.notesChanges.filter((n) => ids.has(n.trainId)) } : {}),
  };
}

/** The patches of the kept trains, with the waves on kept days and, for one deployment, only its step. */
function narrowPatches(
  patches: readonly ExportPatch[],
  ids: ReadonlySet<number>,
  keepDay: (day: Day) => boolean,
  onlyKeys?: readonly string[],
): ExportPatch[] {
  return patches
    .filter((p) => ids.has(p.trainId))
    .map((p) => ({
      ...p,
      waves: p.waves
        .filter((w) => keepDay(w.date))
        .map((w) => ({ ...w, steps: w.steps.filter((s) => !onlyKeys || onlyKeys.includes(s.key)) }))
        .filter((w) => w.steps.length > 0),
    }))
    .filter((p) => p.waves.length > 0);
}

export function planOf(snapshot: ExportSnapshot, trainId: number): ExportPlan | undefined {
  return snapshot.plans.find((p) => p.trainId === trainId);
}

/** Looks plans up by train, for an exporter that visits every train (planOf searches the list each time). */
export function planIndex(snapshot: ExportSnapshot): (trainId: number) => ExportPlan | undefined {
  const byTrain = new Map<number, ExportPlan>();
  // The first plan of a train wins, as with planOf.
  for (const p of snapshot.plans) if (!byTrain.has(p.trainId)) byTrain.set(p.trainId, p);
  return (trainId) => byTrain.get(trainId);
}

export function gatesOf(snapshot: ExportSnapshot, trainId: number): ExportGate[] {
  return (snapshot.gates ?? []).filter((g) => g.trainId === trainId);
}

/** Looks deployments up by key; a key a plan names but the snapshot lacks still exports, under its key. */
export function deploymentIndex(
  snapshot: ExportSnapshot,
): (key: string) => Pick<Deployment, 'key' | 'name' | 'region' | 'timeZone' | 'internal'> {
  const byKey = new Map(snapshot.deployments.map((d) => [d.key, d]));
  return (key) => byKey.get(key) ?? { key, name: key, region: '', timeZone: '', internal: false };
}

/** The halt that stands on a train, if one does. */
export function haltOf(snapshot: ExportSnapshot, trainId: number): ExportHalt | undefined {
  return snapshot.halts?.find((h) => h.trainId === trainId && h.to === null);
}

/**
 * A train's status as people see it: the calendar's, moved on by tracking (halted,
 * overdue, completed only when every step is done; shared/rollout-steps.ts). Take
 * it from the whole snapshot, before a selection drops waves it depends on.
 */
export function trainStatusIndex(snapshot: ExportSnapshot): (train: TrainView) => TrackedStatus {
  const states = stepStates(snapshot);
  return (train) => {
    const plan = snapshot.steps ? planOf(snapshot, train.id) : undefined;
    const own = states.get(train.id);
    const steps = (plan?.waves ?? []).flatMap((w) =>
      w.keys.map((key) => ({ wave: w.index, state: own?.get(key) ?? ('pending' as const) })),
    );
    return trackedStatus({ calendar: train.status, halted: !!haltOf(snapshot, train.id), steps });
  };
}

/** A deployment's status in one train, as every export shows it. */
export type DeploymentStatusInTrain = StepState | 'cancelled';

/**
 * Its step state; pending when tracking says nothing. A cancelled train releases to
 * nobody, and a skipped train skips every deployment, whatever the steps say.
 */
export function stepStatusIndex(snapshot: ExportSnapshot): (train: TrainView, key: string) => DeploymentStatusInTrain {
  const states = stepStates(snapshot);
  return (train, key) => {
    if (train.state === 'cancelled') return 'cancelled';
    if (train.state === 'skipped') return 'skipped';
    return states.get(train.id)?.get(key) ?? 'pending';
  };
}

/**
 * The listed steps' states by train, then by key. Looked up once per deployment of every wave,
 * so by the keys the plans hold rather than by a key string made for each lookup.
 */
function stepStates(snapshot: ExportSnapshot): Map<number, Map<string, StepState>> {
  const byTrain = new Map<number, Map<string, StepState>>();
  for (const s of snapshot.steps ?? []) {
    let own = byTrain.get(s.trainId);
    if (!own) byTrain.set(s.trainId, (own = new Map()));
    own.set(s.key, s.state);
  }
  return byTrain;
}

/** "in progress", "rolled back": a status as words. */
export function statusWords(status: string): string {
  return status.replaceAll('_', ' ');
}

/** What one train's export shows of it, however it is written (a printed sheet, a Markdown summary). */
export interface TrainReport {
  train: TrainView;
  /** The snapshot narrowed to the train: its deployments, steps, gates and halt. */
  selected: ExportSnapshot;
  status: TrackedStatus;
  stepStatus: (train: TrainView, key: string) => DeploymentStatusInTrain;
  waves: Wave[];
  halt: ExportHalt | undefined;
  /** Null when the export leaves gates out. */
  gates: ExportGate[] | null;
}

/** Train `trainId` as its export shows it; not_found when the snapshot does not hold it. */
export function trainReport(snapshot: ExportSnapshot, trainId: number): TrainReport {
  const selected = selectSnapshot(snapshot, { kind: 'train', trainId });
  const train = selected.trains[0]!;
  return {
    train,
    selected,
    status: trainStatusIndex(snapshot)(train),
    stepStatus: stepStatusIndex(selected),
    waves: planOf(selected, trainId)?.waves ?? [],
    halt: haltOf(selected, trainId),
    gates: selected.gates ? gatesOf(selected, trainId) : null,
  };
}
