import type { WaveTracking } from '../../../../shared/contract';
import { formatDay } from '../../../../shared/days';
import type { StepAction } from '../../../../shared/rollout-steps';

// The decisions of the rollout views that are not drawing: what a wave's button does,
// what it waits for, how keys are listed. Pure, so they are tested without a browser.

/** The wave-wide button: what it says, what it asks, and whether it names the wave or its steps. */
export interface WaveButton {
  label: string;
  action: StepAction;
  keys: string[];
  /** True: sent as the whole wave (`wave: n`, and the audit trail says "wave n"); false: the keys are named. */
  asWave: boolean;
}

/**
 * Start a wave's pending steps, or release those in progress. The backend's `next`
 * already holds exactly the steps a wave-wide action moves (see WAVE_ACTION_SOURCES);
 * when none is pending it offers the failed or rolled-back ones, which a wave-wide
 * start never retries, so they are named one by one.
 */
export function waveButton(wave: WaveTracking): WaveButton | null {
  const next = wave.next;
  if (!next || next.keys.length === 0) return null;
  const retry = next.action === 'start' && wave.steps.some((s) => next.keys.includes(s.key) && s.state !== 'pending');
  const label =
    next.action === 'release'
      ? `Release wave ${wave.index}`
      : retry
        ? `Start ${next.keys.length === 1 ? '1 deployment' : `${next.keys.length} deployments`} again`
        : `Start wave ${wave.index}`;
  return { label, action: next.action, keys: next.keys, asWave: !retry };
}

/** What a wave waits for, in a few words beside its title (the backend's full sentence is the tooltip). */
export function waveWaitingFor(wave: WaveTracking): string | null {
  const next = wave.next;
  if (!next?.refusal) return null;
  switch (next.refusalKind) {
    case 'gates':
      return 'Waits for the validation gates';
    case 'halted':
      return 'Halted: resume the train first';
    case 'previous_wave':
      return 'Waits for the wave before it';
    case 'bake':
      return next.until ? `Baking until ${formatDay(next.until, { weekday: true, year: false })}` : 'Baking';
    case 'train_state':
    case null:
      return 'Cannot start';
  }
}

/** The bake a start would override (its refusal, in the backend's words), or null when nothing to override. */
export function overridableBake(wave: WaveTracking): string | null {
  return wave.next?.refusalKind === 'bake' && wave.next.overridable ? wave.next.refusal : null;
}

/** "us-1, eu-2 and ap-1", or "us-1, … and 19 more" past `max` keys. */
export function keysPhrase(keys: readonly string[], max = 6): string {
  if (keys.length === 0) return 'no deployment';
  const shown = keys.slice(0, max);
  if (keys.length > max) return `${shown.join(', ')} and ${keys.length - max} more`;
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)!}`;
}
