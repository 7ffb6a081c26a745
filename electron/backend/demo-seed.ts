import type { DemoReport } from '../../shared/contract';
import { addDays } from '../../shared/days';
import { DEMO_NOTES, demoAnchor, demoFreeze, demoHolidays } from '../../shared/demo-plan';
import { addFreeze, addHoliday, holidaysList, planTrainsService, setTrainNotes } from './services/calendar';
import type { ServiceContext } from './services/context';
import { recordDemoRollout } from './services/demo-rollout';
import { loadDemoDeployments } from './services/fleet';
import { planTrainRollout } from './services/rollout';

// The demo, composed from the services beside the dispatcher (it is a use of several
// features at once, so none of them imports another for it): the fleet, a calendar around
// today, the rollout plans, and the rollouts as they would stand today had they been tracked.

/**
 * Loads the demo fleet and a demo calendar around today (cadence, holidays, the
 * year-end freeze, trains from five weeks back to six months ahead), in the call's one transaction.
 */
export function loadDemo(ctx: ServiceContext): DemoReport {
  const created = loadDemoDeployments(ctx);
  const today = ctx.today();
  const year = Number(today.slice(0, 4));
  const known = new Set(holidaysList(ctx).map((h) => h.date));
  for (const h of [...demoHolidays(year), ...demoHolidays(year + 1)]) if (!known.has(h.date)) addHoliday(ctx, h);
  addFreeze(ctx, demoFreeze(today));
  const trains = planTrainsService(ctx, { from: demoAnchor(today), through: addDays(today, 182) });
  for (const t of trains.filter((t) => t.start <= today)) setTrainNotes(ctx, t.id, DEMO_NOTES);
  // Rollout plans in start order, so that each train's order reflects the ones before it.
  // Trains whose production days are blocked (the year-end freeze) stay unplanned, as they would.
  // Trains before today look tracked (the first that ended had a regression, fixed), before the next is planned.
  let regression = true;
  for (const t of trains) {
    if (t.conflicts.length > 0) continue;
    planTrainRollout(ctx, t.id);
    if (recordDemoRollout(ctx, t.id, regression)) regression = false;
  }
  return { created, updated: 0, unchanged: 0, trains: trains.length };
}
