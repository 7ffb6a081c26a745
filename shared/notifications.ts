import { z } from 'zod';
import { type Day, formatDay } from './days';
import { type GateKind, type GateState, formatInstant, openGates } from './gates';
import { type HaltSeverity, type StepState, isFinished } from './rollout-steps';
import { bakeBefore, list } from './wave-rules';

// OS notifications: what became true today that a release manager
// should hear about — a wave due, a bake ended, a train halted, a gate failed.
// Each event has a stable key so it is shown once, and an instant `at` when it
// became true: only today's are made, so an app started after a day off does not
// replay the past. Pure: the trains, now, today and the user's zone are passed in.

export const NOTIFICATION_KINDS = ['wave_due', 'bake_ended', 'train_halted', 'gate_failed'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** For Settings: one switch per kind. */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  wave_due: 'A wave is due today',
  bake_ended: 'A bake has ended',
  train_halted: 'A train is halted',
  gate_failed: 'A gate has failed',
};

export interface ReleaseNotification {
  /** Stable: the same event always has the same key, so it is shown once. */
  key: string;
  kind: NotificationKind;
  /** Clicking the notification opens this train. */
  trainId: number;
  version: string;
  /** When it became true (UTC ISO instant). */
  at: string;
  /** Short, e.g. "Wave 2 of 2026.23 is due today". */
  title: string;
  /** One sentence: what happened and what to do. */
  body: string;
}

/** The facts of one train in flight that notifications are made of; TrainTracking plus its bake days satisfies it structurally. */
export interface NotifiableTrain {
  trainId: number;
  version: string;
  /** The open halt, if the train is halted. */
  halt: {
    id: number;
    reason: string;
    reference: string;
    severity: HaltSeverity;
    /** UTC ISO. */
    haltedAt: string;
    deployments: readonly string[];
  } | null;
  gates: readonly {
    key: string;
    name: string;
    kind: GateKind;
    required: boolean;
    state: GateState;
    reason: string | null;
    updatedAt: string;
    bakeHours: number | null;
  }[];
  /** Every wave of the plan, in order; wave 0 holds the internal deployment. */
  waves: readonly {
    index: number;
    date: Day;
    steps: readonly { key: string; state: StepState; finishedAt: string | null }[];
  }[];
  /** Days between a wave's last release and the next wave (the plan's policy). */
  bakeDays: number;
  /** Its patch rollouts: the fix going to the deployments released before a halt. */
  patches?: readonly {
    id: number;
    version: string;
    reference: string;
    waves: readonly {
      index: number;
      date: Day;
      steps: readonly { key: string; state: StepState }[];
      /** What starting it meets now (the patch's wave rules), when anything blocks it. */
      next: { refusal: string | null } | null;
    }[];
  }[];
}

export interface NotificationClock {
  /** UTC ISO. */
  now: string;
  /** Today where the user is. */
  today: Day;
  /** The calendar day of an instant where the user is. */
  dayOf: (instant: string) => Day;
  /** The UTC ISO instant at which that day starts where the user is. */
  startOf: (day: Day) => string;
}

export type NotificationKindsEnabled = Record<NotificationKind, boolean>;

/** Where notifications may show, and which kinds are wanted. */
export const notificationSettingsSchema = z
  .object({
    /** OS notifications from the desktop app (on unless turned off). */
    desktop: z.boolean(),
    /** Web notifications in browser mode: off until someone turns them on in Settings (the browser asks then). */
    browser: z.boolean(),
    kinds: z
      .object({ wave_due: z.boolean(), bake_ended: z.boolean(), train_halted: z.boolean(), gate_failed: z.boolean() })
      .strict() satisfies z.ZodType<NotificationKindsEnabled>,
  })
  .strict();
export type NotificationSettings = z.output<typeof notificationSettingsSchema>;

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  desktop: true,
  browser: false,
  kinds: { wave_due: true, bake_ended: true, train_halted: true, gate_failed: true },
};

/** A change to the settings: only the switches given change. */
export const notificationSettingsChangeSchema = z
  .object({
    desktop: z.boolean().optional(),
    browser: z.boolean().optional(),
    kinds: notificationSettingsSchema.shape.kinds.partial().strict().optional(),
  })
  .strict();
export type NotificationSettingsChange = z.output<typeof notificationSettingsChangeSchema>;

/** The desktop app's notifier, or a browser page's. */
export const NOTIFICATION_CLIENTS = ['desktop', 'browser'] as const;
export type NotificationClient = (typeof NOTIFICATION_CLIENTS)[number];

const HOUR_MS = 3_600_000;

/** A UTC ISO instant, or '' for an invalid one (which is then never today's). */
function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "3 deployments (eu-1, eu-2 and us-1)". */
function deployments(keys: readonly string[]): string {
  return `${plural(keys.length, 'deployment')} (${list(keys)})`;
}

function waveName(index: number): string {
  return index === 0 ? 'the internal deployment' : `wave ${index}`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function pendingKeys(wave: NotifiableTrain['waves'][number]): string[] {
  return wave.steps.filter((s) => s.state === 'pending').map((s) => s.key);
}

/** " once Unit tests and Acceptance suite pass or are waived", or "" when every required gate is cleared. */
function gatesClause(gates: NotifiableTrain['gates'], except?: string): string {
  const open = openGates(gates).filter((name) => name !== except);
  if (open.length === 0) return '';
  return ` once ${list(open, 10)} ${open.length === 1 ? 'passes or is waived' : 'pass or are waived'}`;
}

/**
 * What a customer wave due today still waits for, as the end of "Start 3 deployments (…)",
 * checked in the order of the wave rules: gates, an unfinished earlier wave, a bake.
 */
function waitsFor(t: NotifiableTrain, wave: number, clock: NotificationClock): string {
  const gates = gatesClause(t.gates);
  if (gates) return gates;
  const unfinished = t.waves.find((w) => w.index < wave && w.steps.some((s) => !isFinished(s.state)));
  if (unfinished) return ` once ${waveName(unfinished.index)} is finished (every deployment released or skipped)`;
  const bake = bakeBefore(t.waves, wave, t.bakeDays, clock.dayOf);
  if (bake && clock.today < bake.until)
    return ` from ${formatDay(bake.until, { weekday: true })}, when ${waveName(bake.wave)} has baked for ${plural(t.bakeDays, 'day')}`;
  return ' today';
}

/** A notification about train t, keyed by its kind, the train and `event` (what makes it that one and no other). */
function notice(
  t: NotifiableTrain,
  kind: NotificationKind,
  event: string,
  at: string,
  text: Pick<ReleaseNotification, 'title' | 'body'>,
): ReleaseNotification {
  return { key: `${kind}:${t.trainId}:${event}`, kind, trainId: t.trainId, version: t.version, at, ...text };
}

function waveDue(t: NotifiableTrain, clock: NotificationClock): ReleaseNotification[] {
  const out: ReleaseNotification[] = [];
  for (const w of t.waves) {
    const pending = pendingKeys(w);
    if (w.date !== clock.today || pending.length === 0) continue;
    const internal = w.index === 0;
    out.push(
      notice(t, 'wave_due', `${w.index}:${w.date}`, iso(Date.parse(clock.startOf(clock.today))), {
        title: internal
          ? `The internal release of ${t.version} is due today`
          : `Wave ${w.index} of ${t.version} is due today`,
        body: internal
          ? `Start ${list(pending)}, the internal deployment, today: every customer wave waits for its release and bake.`
          : `Start ${deployments(pending)}${waitsFor(t, w.index, clock)}.`,
      }),
    );
  }
  return out;
}

/** A customer wave whose earlier waves are finished and whose bake ends after its planned day: it may start from then. */
function customerBakeEnded(t: NotifiableTrain, clock: NotificationClock): ReleaseNotification[] {
  const out: ReleaseNotification[] = [];
  for (const w of t.waves) {
    const pending = pendingKeys(w);
    if (w.index < 1 || pending.length === 0) continue;
    if (t.waves.some((e) => e.index < w.index && !e.steps.every((s) => isFinished(s.state)))) continue;
    const bake = bakeBefore(t.waves, w.index, t.bakeDays, clock.dayOf);
    // On or before the wave's own day, wave_due says it: one notice for one action.
    if (!bake || bake.until <= w.date) continue;
    out.push(
      notice(t, 'bake_ended', `${w.index}:${bake.until}`, iso(Date.parse(clock.startOf(bake.until))), {
        title: `The bake before wave ${w.index} of ${t.version} has ended`,
        body: `${capitalized(waveName(bake.wave))} has baked for ${plural(t.bakeDays, 'day')} since its last release on ${formatDay(bake.lastDay, { weekday: true })}: wave ${w.index}, due since ${formatDay(w.date, { weekday: true })}, may start; start its ${deployments(pending)}${gatesClause(t.gates)}.`,
      }),
    );
  }
  return out;
}

/** The internal deployment has baked the gate's hours since its release: the internal bake gate may pass. */
function internalBakeEnded(t: NotifiableTrain): ReleaseNotification[] {
  const gate = t.gates.find((g) => g.kind === 'internal_bake' && g.state === 'pending');
  const step = t.waves.find((w) => w.index === 0)?.steps[0];
  if (!gate || gate.bakeHours === null || !step || step.state !== 'released' || step.finishedAt === null) return [];
  // A release before the open halt is not the fix: the gate waits for the fix's release and bake.
  if (t.halt && Date.parse(step.finishedAt) < Date.parse(t.halt.haltedAt)) return [];
  const then = t.halt
    ? 'then resume the train with the fix'
    : `then wave 1 may start${gatesClause(t.gates, gate.name)}`;
  return [
    notice(t, 'bake_ended', `0:${step.finishedAt}`, iso(Date.parse(step.finishedAt) + gate.bakeHours * HOUR_MS), {
      title: `The internal bake of ${t.version} has ended`,
      body: `${step.key} has baked for ${plural(gate.bakeHours, 'hour')} since its release on ${formatInstant(step.finishedAt)}: pass the gate "${gate.name}", ${then}.`,
    }),
  ];
}

function trainHalted(t: NotifiableTrain): ReleaseNotification[] {
  const h = t.halt;
  if (!h) return [];
  const reached = h.deployments.length > 0 ? `; it reached ${deployments(h.deployments)}` : '';
  return [
    notice(t, 'train_halted', `${h.id}`, iso(Date.parse(h.haltedAt)), {
      title: `Train ${t.version} is halted`,
      body: `${h.reason} (${h.reference}, ${h.severity} severity)${reached}: integrate the fix and resume the train.`,
    }),
  ];
}

function gatesFailed(t: NotifiableTrain): ReleaseNotification[] {
  return t.gates
    .filter((g) => g.state === 'failed')
    .map((g) =>
      notice(t, 'gate_failed', `${g.key}:${g.updatedAt}`, iso(Date.parse(g.updatedAt)), {
        title: `Gate "${g.name}" of ${t.version} failed`,
        body: `The gate "${g.name}" failed${g.reason ? ` (${g.reason})` : ''}: fix the cause and pass it again${
          g.required
            ? ', or waive it with a reason; no customer wave can start until then'
            : '; customer waves do not wait for it'
        }.`,
      }),
    );
}

/** Every notification a train gives, whatever its day. A halted train's waves are neither due nor freed by a bake: its halt says what to do. */
/** A wave of a patch planned for today with deployments still to take the fix. */
function patchWaveDue(t: NotifiableTrain, clock: NotificationClock): ReleaseNotification[] {
  return (t.patches ?? []).flatMap((p) =>
    p.waves.flatMap((w) => {
      const pending = w.steps.filter((s) => s.state === 'pending').map((s) => s.key);
      if (w.date !== clock.today || pending.length === 0) return [];
      const refusal = w.next?.refusal?.replace(/\.$/, '');
      const waits = refusal ? ` when it may: ${refusal.charAt(0).toLowerCase()}${refusal.slice(1)}` : ' today';
      return [
        notice(t, 'wave_due', `patch-${p.id}-${w.index}:${w.date}`, iso(Date.parse(clock.startOf(clock.today))), {
          title: `Wave ${w.index} of the patch ${p.version} is due today`,
          body: `Take the fix for ${p.reference} to ${deployments(pending)}${waits}.`,
        }),
      ];
    }),
  );
}

function trainNotifications(t: NotifiableTrain, clock: NotificationClock): ReleaseNotification[] {
  return [
    ...trainHalted(t),
    ...gatesFailed(t),
    ...internalBakeEnded(t),
    ...(t.halt ? [] : [...waveDue(t, clock), ...customerBakeEnded(t, clock)]),
    ...patchWaveDue(t, clock),
  ];
}

/** Everything that became true today (its `at` falls on `today` and is not after `now`), sorted by `at` then key. */
export function todaysNotifications(
  trains: readonly NotifiableTrain[],
  clock: NotificationClock,
): ReleaseNotification[] {
  const now = Date.parse(clock.now);
  return trains
    .flatMap((t) => trainNotifications(t, clock))
    .filter((n) => Date.parse(n.at) <= now && clock.dayOf(n.at) === clock.today)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Of today's notifications, those to show now: kind enabled and key not shown before. */
export function notificationsToShow(
  today: readonly ReleaseNotification[],
  shown: ReadonlySet<string>,
  enabled: NotificationKindsEnabled,
): ReleaseNotification[] {
  return today.filter((n) => enabled[n.kind] && !shown.has(n.key));
}
