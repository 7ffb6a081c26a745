import { type Day, daysBetween } from '../../../shared/days';
import type { Deployment } from '../../../shared/deployment';
import { DomainError } from '../../../shared/errors';
import {
  ENGINE_VERSION,
  PlanRefused,
  type RolloutPolicy,
  planViolations,
  rolloutPolicySchema,
  waveDays,
} from '../../../shared/ordering';
import type { TrainView } from '../../../shared/train';
import { listDeployments } from '../repositories/deployments';
import { type StoredPlan, findPlan, redateWaves } from '../repositories/rollout-plans';
import { trainSteps } from '../repositories/tracking';
import { listTrains } from '../repositories/trains';
import { type ServiceContext, audit } from './context';
import { internalDayOf, orderingFleet, saveFreshPlan } from './rollout-planning';
import { views } from './train-views';

// Stored rollout plans follow the calendar. A plan stores a day per wave, but release days are
// scheduled when read (shared/schedule.ts), so every calendar change that can move them — a
// holiday or freeze added or removed, the working days, a train moved or re-laid on a new
// template, a train reinstated — calls `followCalendar` in the change's transaction, and each plan
// it touches is brought back onto the train's current wave days:
//
// - a train that has not started (it starts after today and no step has left pending) takes its
//   new wave days when it keeps the same number of waves and every hard constraint still holds
//   on them; otherwise it is re-planned, as `rollout.plan` would (manual moves are lost, and the
//   audit event says so). If the engine refuses the re-plan, the calendar change is refused.
// - a train that has started keeps the dates of its waves up to the last one with a started step
//   (they are history); each wave still to come takes its own wave day, or the next one after the
//   previous wave. It is never re-planned (a started train keeps its plan), so when the days run
//   out or a new day is blocked for one of the wave's deployments, the calendar change is refused.
// - a train past its last day keeps its plan (its waves are history or already late), and so
//   does a skipped or cancelled one until it is reinstated.
//
// Nothing is written for a plan whose days did not change.

/** A calendar change, worded for the audit events of the plans it moves and for a refusal. */
export interface CalendarChange {
  /** The change as the subject of a refusal: "Adding the freeze 'Year-end'". */
  change: string;
  /** Why a train's wave days moved, after "Re-dated the rollout of 2027.05: " ("its release days moved (freeze 'Year-end' added)"). */
  because: string | ((train: TrainView) => string);
  /** What to do instead, in a refusal; "choose other dates" when absent. */
  instead?: string;
}

/** Which trains the change can touch: those overlapping [from, to], and/or the given ones. */
export interface SyncScope {
  from?: Day;
  to?: Day;
  trainIds?: readonly number[];
}

export interface WaveDatesInput {
  /** The stored waves, wave 0 first. */
  waves: readonly { index: number; date: Day }[];
  /** Waves 0 to `keep` keep their dates (they have started: history); −1 when none has. */
  keep: number;
  internalDay: Day;
  /** The train's production release days now, in order. */
  releaseDays: readonly Day[];
  bakeDays: number;
}

/**
 * The days a plan's waves should have on the current calendar. Waves up to `keep` keep theirs;
 * wave 0 otherwise takes the internal day; customer wave w takes the w-th wave day of the
 * release days (`waveDays`), or, when that is not after the previous wave (by the bake, from a
 * customer wave), the next one that is — the way release days themselves move past a blocked day.
 * Null when the wave days run out first.
 */
export function followedWaveDates(input: WaveDatesInput): Day[] | null {
  const days = waveDays(input.releaseDays, input.bakeDays, daysBetween);
  const out: Day[] = [];
  let next = 0;
  for (const w of input.waves) {
    if (w.index <= input.keep) out.push(w.date);
    else if (w.index === 0) out.push(input.internalDay);
    else {
      const previous = out.at(-1)!;
      const spaced = (d: Day) => d > previous && (w.index === 1 || daysBetween(previous, d) >= input.bakeDays);
      let i = Math.max(next, w.index - 1);
      while (i < days.length && !spaced(days[i]!)) i++;
      if (i >= days.length) return null;
      out.push(days[i]!);
      next = i + 1;
    }
  }
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** A sentence from the engine or the constraint check, to follow a colon inside another sentence. */
export function clause(sentence: string): string {
  const s = sentence.replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

function wavesWords(from: number, to: number): string {
  return from === to ? `wave ${from}` : `waves ${from}–${to}`;
}

/** Every hard constraint the plan's waves break on the given days. */
function violationsOn(
  deployments: readonly Deployment[],
  plan: StoredPlan,
  policy: RolloutPolicy,
  dates: readonly Day[],
): string[] {
  return planViolations(
    plan.waves.map((w, i) => ({
      date: dates[i]!,
      keys: plan.placements.filter((p) => p.wave === w.index).map((p) => p.key),
    })),
    orderingFleet(deployments, dates),
    policy,
  );
}

/**
 * Brings every stored plan of the trains in `scope` back onto the train's current wave days (see
 * the rules above), in the caller's transaction. Throws a DomainError naming the train when a plan
 * cannot follow, so the caller's transaction, and with it the calendar change, is rolled back.
 */
export function followCalendar(ctx: ServiceContext, scope: SyncScope, change: CalendarChange): void {
  const today = ctx.today();
  const ids = scope.trainIds ? new Set(scope.trainIds) : null;
  const trains = views(
    ctx,
    listTrains(ctx.db, scope.from, scope.to).filter(
      (t) => t.state === 'active' && t.end >= today && (ids === null || ids.has(t.id)),
    ),
  );
  const at = ctx.now().toISOString();
  const instead = change.instead ?? 'choose other dates';
  // Read once: a calendar change and the re-plans it causes leave the fleet as it is.
  const deployments = listDeployments(ctx.db);
  // In start order, so that a re-planned train's history already holds the earlier trains' new plans.
  for (const train of trains) {
    const plan = findPlan(ctx.db, train.id);
    if (!plan) continue;
    const v = train.version;
    const because = typeof change.because === 'string' ? change.because : change.because(train);
    const policy = rolloutPolicySchema.parse(JSON.parse(plan.policyJson));
    const started = trainSteps(ctx.db, train.id).filter((s) => s.state !== 'pending');
    const keep = started.reduce((m, s) => Math.max(m, s.wave), -1);
    const old = plan.waves.map((w) => w.date);
    const dates = followedWaveDates({
      waves: plan.waves,
      keep,
      internalDay: internalDayOf(train),
      releaseDays: train.releaseDays,
      bakeDays: policy.bakeDays,
    });
    const unchanged = dates !== null && dates.every((d, i) => d === old[i]);

    if (keep < 0 && train.start > today) {
      // Not started: re-date when the waves still fit and keep every hard constraint, else re-plan.
      const customerDays = waveDays(train.releaseDays, policy.bakeDays, daysBetween).length;
      const customerWaves = plan.waves.length - 1;
      // Checked even when no day moved: a change to a deployment (a blocked range) can break the plan in place.
      const why =
        customerDays === customerWaves
          ? violationsOn(deployments, plan, policy, dates!).map((x) => `on its new days ${clause(x)}`)[0]
          : `it now has ${plural(customerDays, 'release day')} for its ${plural(customerWaves, 'customer wave')}`;
      if (why === undefined) {
        if (!unchanged) redate(ctx, train, plan, dates!, at, `Re-dated the rollout of ${v}: ${because}`);
        continue;
      }
      let fresh;
      try {
        fresh = saveFreshPlan(ctx, train, plan, at);
      } catch (err) {
        if (!(err instanceof PlanRefused)) throw err;
        throw new DomainError(
          'rule_violation',
          `${change.change} is refused: the rollout of ${v} would have to be re-planned (${why}) and cannot be: ${clause(err.message)}. To make the change, ${instead}, or skip ${v} first.`,
        );
      }
      const manual = plan.placements.filter((p) => p.manual).map((p) => p.key);
      audit(ctx, {
        at,
        action: 'rollout.replan',
        entityType: 'train',
        entityKey: String(train.id),
        summary:
          `Re-planned the rollout of ${v}: ${because}, and ${why}; now ${plural(fresh.waves.length - 1, 'customer wave')} (engine ${ENGINE_VERSION})` +
          (manual.length > 0
            ? `; the manual move${manual.length === 1 ? '' : 's'} of ${list(manual)} ${manual.length === 1 ? 'is' : 'are'} lost`
            : ''),
        before: { waves: wavesOf(plan) },
        after: { waves: fresh.waves.map((w) => ({ index: w.index, date: w.date, keys: w.keys })) },
      });
      continue;
    }

    // Started: the waves that started keep their dates; the ones still to come follow, or the change is refused.
    if (unchanged) continue;
    const subject = started.length > 0 ? `${v} has started rolling out` : `${v} has started`;
    const stop = started.length > 0 ? `halt and cancel ${v} first` : `cancel ${v} first`;
    const last = plan.waves.length - 1;
    if (dates === null) {
      throw new DomainError(
        'rule_violation',
        `${change.change} is refused: ${subject} and keeps its plan, and ${last - keep === 1 ? `its wave still to come (wave ${last}) would not have` : `its ${last - keep} waves still to come (${wavesWords(keep + 1, last)}) would not all have`} a release day ${keep >= 0 ? `after wave ${keep}` : 'in the train'}. To make the change, ${instead}, or ${stop}.`,
      );
    }
    const before = new Set(violationsOn(deployments, plan, policy, old));
    const broken = violationsOn(deployments, plan, policy, dates).find((x) => !before.has(x));
    if (broken !== undefined) {
      throw new DomainError(
        'rule_violation',
        `${change.change} is refused: ${subject} and keeps its plan, and on its new days ${clause(broken)}. To make the change, ${instead}, or change that deployment's blocked dates or its wave first.`,
      );
    }
    redate(
      ctx,
      train,
      plan,
      dates,
      at,
      `Re-dated the rollout of ${v}: ${because}` +
        (keep < 0
          ? ''
          : keep === 0
            ? '; wave 0 has started and keeps its date'
            : `; ${wavesWords(0, keep)} have started and keep their dates`),
    );
  }
}

/** A plan's waves, each with its deployments' keys: how audit events record a plan. */
export function wavesOf(
  plan: Pick<StoredPlan, 'waves' | 'placements'>,
): { index: number; date: Day; keys: string[] }[] {
  return plan.waves.map((w) => ({
    index: w.index,
    date: w.date,
    keys: plan.placements.filter((p) => p.wave === w.index).map((p) => p.key),
  }));
}

function redate(
  ctx: ServiceContext,
  train: TrainView,
  plan: StoredPlan,
  dates: readonly Day[],
  at: string,
  summary: string,
): void {
  const moved = plan.waves.flatMap((w, i) => (dates[i] === w.date ? [] : [{ index: w.index, date: dates[i]! }]));
  redateWaves(ctx.db, train.id, moved, at);
  audit(ctx, {
    at,
    action: 'rollout.redate',
    entityType: 'train',
    entityKey: String(train.id),
    summary,
    before: { waves: plan.waves.map((w) => ({ index: w.index, date: w.date })) },
    after: { waves: plan.waves.map((w, i) => ({ index: w.index, date: dates[i]! })) },
  });
}
