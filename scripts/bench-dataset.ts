// The dataset the calendar and release-health benches share: 200 deployments and three years of
// trains around a day (78 or so), every rollout planned, with holidays and year-end freezes, made
// through the real backend.
import { startBackend } from '../electron/backend/backend';
import { fleetToCsv } from '../electron/backend/services/fleet-csv';
import { addDays, startOfIsoWeek } from '../shared/days';
import { DEMO_FLEET } from '../shared/demo-fleet';
import { demoFreeze, demoHolidays } from '../shared/demo-plan';

/** 200 deployments, three years of trains around today, every rollout planned, holidays and freezes. */
export async function seedThreeYears(
  file: string,
  today: string,
): Promise<{ trains: number; deployments: number; events: number; trainAt: (day: string) => string }> {
  const from = addDays(startOfIsoWeek(today), -7 * 78);
  // Planned on a day before the first train, so that every train's rollout may be planned.
  const b = startBackend({
    dbPath: file,
    transport: 'cli',
    version: 'bench',
    actor: 'bench',
    now: () => new Date(`${addDays(from, -1)}T09:00:00Z`),
  });
  const fleet = Array.from({ length: 200 }, (_, i) => {
    const base = DEMO_FLEET[i % DEMO_FLEET.length]!;
    return {
      ...base,
      key: `${base.key}-${Math.floor(i / DEMO_FLEET.length)}`,
      internal: i === 0,
      pinPolicy: i === 0 ? 'none' : base.pinPolicy,
      // The demo's pairing groups once: five copies of them would need more room than the early waves hold.
      pairingGroup: i < DEMO_FLEET.length ? base.pairingGroup : null,
      status: 'active' as const,
      createdAt: '',
      updatedAt: '',
      retiredAt: null,
      blockedDates: [],
    };
  });
  const must = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await b.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.result as T;
  };
  await must('deployments.importCsv', { csv: fleetToCsv(fleet, false) });
  const year = Number(today.slice(0, 4));
  for (const y of [year - 2, year - 1, year, year + 1, year + 2])
    for (const h of demoHolidays(y)) await must('holidays.add', h);
  for (const y of [year - 1, year, year + 1]) await must('freezes.add', demoFreeze(`${y}-06-01`));
  const trains = await must<{ id: number; version: string; start: string; end: string; phases: unknown[] }[]>(
    'trains.plan',
    {
      from,
      through: addDays(from, 3 * 364),
    },
  );
  let events = 0;
  for (const t of trains) {
    events += t.phases.length;
    // A train squeezed by a freeze to too few release days for the pairing groups is left unplanned, as in life.
    const plan = await b.dispatch('rollout.plan', { trainId: t.id });
    if (plan.ok) events += (plan.result as { waves: unknown[] }).waves.length;
  }
  b.close();
  // A train on the calendar on a day: the timeline is drawn when the bar of one at its focus date is.
  const trainAt = (day: string) => trains.find((t) => t.start <= day && day <= t.end)!.version;
  return { trains: trains.length, deployments: fleet.length, events, trainAt };
}
