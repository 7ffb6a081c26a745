import type { DemoReport } from '../../shared/contract';
import { type Day, addDays, isoWeekday } from '../../shared/days';
import { DEMO_HISTORY, type DemoTrainScript, FREEZE_SKIP_REASON } from '../../shared/demo-history';
import { DEMO_NOTES, demoAnchor, demoFreezes, demoHolidays } from '../../shared/demo-plan';
import {
  addFreeze,
  addHoliday,
  cancelTrain,
  holidaysList,
  planTrainsService,
  setTrainNotes,
  skipTrain,
} from './services/calendar';
import type { ServiceContext } from './services/context';
import { recordDemoRollout } from './services/demo-rollout';
import { loadDemoDeployments } from './services/fleet';
import { planTrainRollout } from './services/rollout';

// The demo, composed from the services beside the dispatcher (it is a use of several
// features at once, so none of them imports another for it): the fleet, a calendar around
// today, the rollout plans, and the rollouts as they would stand today had they been tracked.

/**
 * The call's context with its clock at `hour` o'clock of the last working day on or before `day`
 * where the user is: a decision taken then.
 */
function asOf(ctx: ServiceContext, day: Day, hour: number): ServiceContext {
  const holidays = new Set(holidaysList(ctx).map((h) => h.date));
  let on = day;
  while (isoWeekday(on) > 5 || holidays.has(on)) on = addDays(on, -1);
  const instant = new Date(ctx.startOfDay(on).getTime() + hour * 3_600_000);
  return { ...ctx, now: () => instant, today: () => on };
}

/**
 * Loads the demo fleet and a demo calendar around today (cadence, holidays, the year-end
 * freezes, trains from 31 weeks back to six months ahead) with its history: the trains that
 * have ended were tracked as shared/demo-history.ts tells, those in flight up to today. All in
 * the call's one transaction, on one reading of the clock.
 */
export function loadDemo(call: ServiceContext): DemoReport {
  const instant = call.now();
  const today = call.today();
  const ctx: ServiceContext = { ...call, now: () => instant, today: () => today };
  const created = loadDemoDeployments(ctx);
  const year = Number(today.slice(0, 4));
  const known = new Set(holidaysList(ctx).map((h) => h.date));
  for (const h of [year - 1, year, year + 1].flatMap(demoHolidays)) if (!known.has(h.date)) addHoliday(ctx, h);
  for (const f of demoFreezes(today)) addFreeze(ctx, f);
  const trains = planTrainsService(ctx, { from: demoAnchor(today), through: addDays(today, 182) });

  // The trains that have ended, newest first, each with its script; a year-end freeze that left
  // one no release day had it skipped, and then no other is.
  const ended = trains.filter((t) => t.end < today).reverse();
  const frozen = ended.filter((t) => t.conflicts.length > 0);
  const scripts = new Map<number, { script: DemoTrainScript; seed: string }>();
  let next = 0;
  for (const t of ended) {
    if (t.conflicts.length > 0) continue;
    const script = DEMO_HISTORY[next];
    if (script) scripts.set(t.id, { script, seed: `history ${next}` });
    next++;
  }
  // Decided when they were: a skip the week before the train starts, a cancel in its validation.
  const stopped = new Set<number>();
  for (const t of frozen) {
    skipTrain(asOf(ctx, addDays(t.start, -4), 10), t.id, FREEZE_SKIP_REASON);
    stopped.add(t.id);
  }
  for (const [id, { script }] of scripts) {
    const t = trains.find((x) => x.id === id)!;
    if (script.skip !== undefined && frozen.length === 0) {
      skipTrain(asOf(ctx, addDays(t.start, -4), 10), id, script.skip);
      stopped.add(id);
    } else if (script.cancel !== undefined) {
      cancelTrain(asOf(ctx, addDays(t.start, 11), 16), id, script.cancel);
    }
  }
  for (const t of trains) {
    if (t.start > today || stopped.has(t.id)) continue;
    setTrainNotes(ctx, t.id, scripts.get(t.id)?.script.notes ?? DEMO_NOTES);
  }

  // Rollout plans in start order, so that each train's order reflects the ones before it, and
  // each train's tracking recorded before the next is planned, so its regressions count there.
  // Trains whose production days are blocked (the year-end freeze) stay unplanned, as they would.
  let present = 0;
  for (const t of trains) {
    const script = scripts.get(t.id);
    if (t.conflicts.length > 0 || stopped.has(t.id) || script?.script.cancel !== undefined) continue;
    planTrainRollout(ctx, t.id);
    if (script) recordDemoRollout(ctx, t.id, script.script, script.seed);
    else recordDemoRollout(ctx, t.id, null, `present ${present++}`);
  }
  return { created, updated: 0, unchanged: 0, trains: trains.length };
}
