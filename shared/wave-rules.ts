import { type Day, addDays, formatDay } from './days';
import { type GateState, openGates } from './gates';
import { type StepState, isFinished } from './rollout-steps';
import type { TrainState } from './schedule';

// May a step of wave w start now? The rules, in the order they are checked; each
// refusal is one sentence that says what blocks and what to do. Only the bake can
// be overridden (with a reason); nothing else can. Wave 0, the internal
// deployment, needs no gate, and may start while the train is halted: the fix is
// released and baked there before the train resumes. Pure: today and the day of
// an instant are passed in.

export type WaveRefusalKind = 'train_state' | 'halted' | 'gates' | 'previous_wave' | 'bake';

export interface WaveRefusal {
  kind: WaveRefusalKind;
  message: string;
  /** Only a bake may be overridden, with a reason. */
  overridable: boolean;
  /** For a bake: the first day the wave may start without an override. */
  until?: Day;
}

export interface WaveStep {
  key: string;
  state: StepState;
  /** When it reached its current state, if that state is a finish (UTC ISO). */
  finishedAt: string | null;
}

export interface WaveRuleInput {
  version: string;
  trainState: TrainState;
  stateReason: string | null;
  /** The open halt, if any. */
  halt: { reason: string; reference: string } | null;
  /** The wave whose step would start; 0 is the internal deployment. */
  wave: number;
  gates: readonly { name: string; required: boolean; state: GateState }[];
  /** Every wave of the plan, in order, with its steps. */
  waves: readonly { index: number; steps: readonly WaveStep[] }[];
  /** Days between the last release of a wave and the start of the next (the plan's policy). */
  bakeDays: number;
  today: Day;
  /** The calendar day of an instant where the user is. */
  dayOf: (instant: string) => Day;
}

/** "a, b and c", or "a, b, c, d, e and 2 more" past `max`: keys and names in one sentence. */
export function list(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max);
  const more = items.length > max ? ` and ${items.length - max} more` : '';
  if (shown.length <= 1) return `${shown.join('')}${more}`;
  return more ? `${shown.join(', ')}${more}` : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/**
 * Why a step of `wave` may not start now, or null when it may. Checked in order:
 * the train is skipped or cancelled; a customer wave of a halted train; a customer wave before
 * every required gate is passed or waived; an earlier wave not finished (every
 * step released or skipped); the last wave before it still baking.
 */
export function waveStartRefusal(input: WaveRuleInput): WaveRefusal | null {
  const { version, wave } = input;
  if (input.trainState !== 'active') {
    return {
      kind: 'train_state',
      message: `Train ${version} is ${input.trainState}${input.stateReason ? ` (${input.stateReason})` : ''}; no step may start.`,
      overridable: false,
    };
  }
  // While halted the internal deployment may still take a step: that is where the fix is released and baked.
  if (input.halt && wave > 0) {
    return {
      kind: 'halted',
      message: `Train ${version} is halted: ${input.halt.reason} (${input.halt.reference}); resume it with the fix first.`,
      overridable: false,
    };
  }
  if (wave > 0) {
    const open = openGates(input.gates);
    if (open.length > 0) {
      return {
        kind: 'gates',
        message: `Wave ${wave} of ${version} cannot start before the validation gates pass: ${list(open, 10)} ${open.length === 1 ? 'is' : 'are'} still open; pass or waive ${open.length === 1 ? 'it' : 'them'} first.`,
        overridable: false,
      };
    }
  }
  const unfinished = unfinishedBefore(version, input.waves, wave);
  if (unfinished) return unfinished;
  const bake = bakeBefore(input.waves, wave, input.bakeDays, input.dayOf);
  if (bake && input.today < bake.until) {
    return {
      kind: 'bake',
      message: `Wave ${bake.wave} of ${version} is baking until ${formatDay(bake.until, { weekday: true })} (${input.bakeDays} day${input.bakeDays === 1 ? '' : 's'} after its last release on ${formatDay(bake.lastDay, { weekday: true })}); wait, or override the bake with a reason.`,
      overridable: true,
      until: bake.until,
    };
  }
  return null;
}

/**
 * The first wave before `wave` of a rollout (a train's, or a patch's, called `name` in the
 * sentence) with a deployment neither released nor skipped, or null when every one is finished.
 */
export function unfinishedBefore(name: string, waves: WaveRuleInput['waves'], wave: number): WaveRefusal | null {
  for (const w of waves.filter((x) => x.index < wave)) {
    const left = w.steps.filter((s) => !isFinished(s.state)).map((s) => s.key);
    if (left.length > 0)
      return {
        kind: 'previous_wave',
        message: `Wave ${w.index} of ${name} is not finished: ${left.length} of ${w.steps.length} deployment${w.steps.length === 1 ? ' is' : 's are'} neither released nor skipped (${list(left)}); finish ${left.length === 1 ? 'it' : 'them'} first.`,
        overridable: false,
      };
  }
  return null;
}

/** The bake a wave waits for: which earlier wave bakes, its last release, and the first day the wave may start. */
export interface Bake {
  /** The nearest earlier wave that released anything. */
  wave: number;
  /** Its latest release (UTC ISO). */
  lastRelease: string;
  /** The calendar day of that release where the user is. */
  lastDay: Day;
  /** `bakeDays` after `lastDay`: the first day the next wave may start without an override. */
  until: Day;
}

/**
 * The bake before `wave`: it runs from the last release of the nearest earlier
 * wave that released anything, for `bakeDays` calendar days where the user is.
 * Null when `bakeDays` is 0 or no earlier wave released anything.
 */
export function bakeBefore(
  waves: WaveRuleInput['waves'],
  wave: number,
  bakeDays: number,
  dayOf: (instant: string) => Day,
): Bake | null {
  if (bakeDays <= 0) return null;
  const earlier = waves.filter((w) => w.index < wave);
  for (let i = earlier.length - 1; i >= 0; i--) {
    const w = earlier[i]!;
    const releases = w.steps.filter((s) => s.state === 'released' && s.finishedAt !== null).map((s) => s.finishedAt!);
    if (releases.length === 0) continue;
    const lastRelease = releases.reduce((a, b) => (a > b ? a : b));
    const lastDay = dayOf(lastRelease);
    return { wave: w.index, lastRelease, lastDay, until: addDays(lastDay, bakeDays) };
  }
  return null;
}
