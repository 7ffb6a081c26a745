import { type Day, addDays, isoWeekday } from './days';
import { formatInstant } from './gates';
import { type StepState, isFinished } from './rollout-steps';
import { type WaveRefusal, list, unfinishedBefore } from './wave-rules';

// Patch rollouts (docs/rollout-tracking.md): resuming a halted train with a fix creates a patch
// that must reach every deployment still running the broken version. The internal deployment
// takes it first (wave 0) and it bakes there for a few hours; then the customers take it in the
// order they received the broken release (their waves of the train, renumbered 1…k), one
// working day apart. Its steps follow the rollout steps' state machine. Pure: no clock, no I/O.

/** Hours the internal deployment bakes a patch before customers take it, unless the resume says otherwise. */
export const DEFAULT_PATCH_BAKE_HOURS = 4;
export const MAX_PATCH_BAKE_HOURS = 168;

/** A patch as recorded: the fix, what it replaces and why, and its bake. */
export interface PatchRecord {
  id: number;
  trainId: number;
  haltId: number;
  /** The fix's version, and the version it replaces (the one the halt was found in). */
  version: string;
  broken: string;
  /** The regression it fixes: the halt's reason and reference. */
  reason: string;
  reference: string;
  /** Hours the internal deployment bakes the patch before customers take it. */
  bakeHours: number;
  createdAt: string;
  createdBy: string;
}

export interface PatchTarget {
  key: string;
  internal: boolean;
  /** Its wave in the train's plan: the order in which it received the broken release. */
  trainWave: number;
}

export interface PlannedPatchStep {
  key: string;
  wave: number;
  date: Day;
}

/** The next working day (Monday to Friday) after `day`. */
export function nextWorkday(day: Day): Day {
  let next = addDays(day, 1);
  while (isoWeekday(next) > 5) next = addDays(next, 1);
  return next;
}

/**
 * The waves of a patch: the internal deployment alone in wave 0 on `start` (the day of the
 * resume), then one wave per wave of the train that reached a target, in the train's order, each
 * on the working day after the one before. Without the internal deployment among the targets the
 * customer waves still start at 1, so wave 0 always means the internal deployment.
 */
export function planPatch(targets: readonly PatchTarget[], start: Day): PlannedPatchStep[] {
  const out: PlannedPatchStep[] = [];
  for (const t of targets.filter((x) => x.internal)) out.push({ key: t.key, wave: 0, date: start });
  const customers = targets.filter((x) => !x.internal);
  const trainWaves = [...new Set(customers.map((t) => t.trainWave))].sort((a, b) => a - b);
  let date = start;
  trainWaves.forEach((trainWave, i) => {
    date = nextWorkday(date);
    for (const t of customers.filter((x) => x.trainWave === trainWave).sort((a, b) => a.key.localeCompare(b.key)))
      out.push({ key: t.key, wave: i + 1, date });
  });
  return out;
}

export const PATCH_STATUSES = ['planned', 'rolling_out', 'completed', 'halted'] as const;
export type PatchStatus = (typeof PATCH_STATUSES)[number];

/** Completed once every step is released or skipped; halted while its train has an open halt; else by its steps. */
export function patchStatus(steps: readonly { state: StepState }[], trainHalted: boolean): PatchStatus {
  if (steps.length > 0 && steps.every((s) => isFinished(s.state))) return 'completed';
  if (trainHalted) return 'halted';
  return steps.some((s) => s.state !== 'pending') ? 'rolling_out' : 'planned';
}

export interface PatchWaveInput {
  /** The patch's version and the train it fixes. */
  version: string;
  trainVersion: string;
  /** An open halt of the train: its customers wait, since the fix itself may be what broke. */
  halt: { reason: string; reference: string } | null;
  wave: number;
  waves: readonly { index: number; steps: readonly { key: string; state: StepState; finishedAt: string | null }[] }[];
  bakeHours: number;
  /** Now, UTC ISO. */
  now: string;
  /** The calendar day of an instant where the user is. */
  dayOf: (instant: string) => Day;
}

/**
 * Why a step of a patch's `wave` may not start now, or null when it may. In order: a customer
 * wave while the train is halted again; an earlier wave not finished; the first customer wave before
 * the internal deployment's release of the patch has baked `bakeHours` (overridable with a reason).
 * A patch has no validation gates: the fix passed the internal bake before the train resumed.
 */
export function patchWaveRefusal(input: PatchWaveInput): WaveRefusal | null {
  const { version, wave } = input;
  if (input.halt && wave > 0)
    return {
      kind: 'halted',
      message: `Train ${input.trainVersion} is halted again: ${input.halt.reason} (${input.halt.reference}); the patch ${version} waits until it resumes.`,
      overridable: false,
    };
  const unfinished = unfinishedBefore(`the patch ${version}`, input.waves, wave);
  if (unfinished) return unfinished;
  // Only the first customer wave waits for the bake; the ones after it wait for the wave before them.
  const firstCustomer = Math.min(...input.waves.filter((w) => w.index > 0).map((w) => w.index));
  if (wave !== firstCustomer || input.bakeHours === 0) return null;
  const internal = input.waves.find((w) => w.index === 0);
  const released = (internal?.steps ?? []).filter((s) => s.state === 'released' && s.finishedAt !== null);
  if (released.length === 0) return null;
  const last = released.map((s) => s.finishedAt!).reduce((a, b) => (a > b ? a : b));
  const ready = new Date(Date.parse(last) + input.bakeHours * 3_600_000).toISOString();
  if (input.now >= ready) return null;
  return {
    kind: 'bake',
    message: `The patch ${version} is baking on ${list(released.map((s) => s.key))} until ${formatInstant(ready)} (${input.bakeHours} hour${input.bakeHours === 1 ? '' : 's'} after its release at ${formatInstant(last)}); wait, or override the bake with a reason.`,
    overridable: true,
    until: input.dayOf(ready),
  };
}
