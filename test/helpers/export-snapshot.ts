import { DEFAULT_TEMPLATE, planTrains } from '../../shared/cadence';
import { type Day, daysBetween } from '../../shared/days';
import { DEMO_FLEET } from '../../shared/demo-fleet';
import { DEMO_NOTES, demoHolidays } from '../../shared/demo-plan';
import type { Deployment } from '../../shared/deployment';
import type { ExportGate, ExportHalt, ExportPlan, ExportSnapshot, ExportStep } from '../../shared/export/snapshot';
import { DEFAULT_POLICY, type PastPlan, planRollout } from '../../shared/ordering';
import { DEFAULT_WORKING_DAYS, RuleBook } from '../../shared/schedule';
import { type Train, type TrainView, viewTrain } from '../../shared/train';
import { makeDeployment } from './deployments';

export const ANCHOR: Day = '2027-01-04';
export const TODAY: Day = '2027-01-25';
export const GENERATED_AT = '2027-01-25T09:30:00.000Z';

export interface DemoSnapshotOptions {
  trains?: number;
  /** Ids of trains to cancel (after planning their rollout, as happens in the app). */
  cancel?: readonly number[];
  /** Ids of trains to skip. */
  skip?: readonly number[];
  /** Deployments to use instead of the demo fleet. */
  fleet?: readonly Deployment[];
}

/**
 * A snapshot the way the backend will take one: the demo fleet, trains from the
 * default cadence and template on the real calendar engine (with the demo
 * holidays), and each train's rollout planned by the real ordering engine with
 * the earlier plans as history.
 */
export function demoSnapshot(options: DemoSnapshotOptions = {}): ExportSnapshot {
  const deployments = options.fleet ? [...options.fleet] : DEMO_FLEET.map((d) => makeDeployment({ ...d }));
  const book = new RuleBook({ workingDays: DEFAULT_WORKING_DAYS, holidays: demoHolidays(2027), freezes: [] });
  const planned = planTrains({ lengthDays: 14, anchorDate: ANCHOR, versionPattern: '{yyyy}.{nn}' }, DEFAULT_TEMPLATE, {
    from: ANCHOR,
    count: options.trains ?? 4,
    takenSlots: new Set(),
  });
  const history: PastPlan[] = [];
  const plans: ExportPlan[] = [];
  const trains: TrainView[] = planned.map((p, i) => {
    const id = i + 1;
    const train: Train = {
      id,
      slotStart: p.slotStart,
      version: p.version,
      start: p.start,
      end: p.end,
      state: 'active',
      stateReason: null,
      notes: DEMO_NOTES,
      phases: p.phases,
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:00.000Z',
      revision: 0,
    };
    const active = viewTrain(train, book, TODAY);
    const plan = planRollout({
      fleet: deployments.filter((d) => d.status === 'active'),
      policy: DEFAULT_POLICY,
      internalDay: active.phases.find((ph) => ph.kind === 'validation')!.start,
      releaseDays: active.releaseDays,
      history,
      daysBetween,
    });
    history.push({ waves: plan.waves.slice(1).map((w) => w.keys), regressions: [] });
    plans.push({ trainId: id, waves: plan.waves });
    if (options.cancel?.includes(id))
      return viewTrain({ ...train, state: 'cancelled', stateReason: 'Merged into the next train.' }, book, TODAY);
    if (options.skip?.includes(id))
      return viewTrain({ ...train, state: 'skipped', stateReason: 'Company offsite week.' }, book, TODAY);
    return active;
  });
  return { generatedAt: GENERATED_AT, calendarName: 'Release Calendar', deployments, trains, plans };
}

/** Keeps, per UID, the last content hash and sequence: what the backend will store to raise SEQUENCE on a change. */
/** The tracked steps of one train, from each deployment key to its step's state (in that order). */
export function trackedSteps(trainId: number, states: Record<string, ExportStep['state']>): ExportStep[] {
  return Object.entries(states).map(([key, state]) => ({ trainId, key, state }));
}

/** The gates of one train, from each gate's name to its state (in that order). */
export function trackedGates(trainId: number, states: Record<string, ExportGate['state']>): ExportGate[] {
  return Object.entries(states).map(([name, state]) => ({ trainId, name, state }));
}

export class SequenceStore {
  private readonly published = new Map<string, { hash: string; sequence: number }>();

  readonly sequenceOf = (uid: string, hash: string): number => {
    const last = this.published.get(uid);
    const sequence = !last ? 0 : last.hash === hash ? last.sequence : last.sequence + 1;
    this.published.set(uid, { hash, sequence });
    return sequence;
  };
}

/** A halt of `trainId` that stands ("Login errors", INC-7, from 22 Jan 2027), with any field changed. */
export function standingHalt(trainId: number, changes: Partial<ExportHalt> = {}): ExportHalt {
  return {
    id: 9,
    trainId,
    reason: 'Login errors',
    reference: 'INC-7',
    from: '2027-01-22',
    to: null,
    fixVersion: null,
    ...changes,
  };
}
