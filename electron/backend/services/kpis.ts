import {
  type KpiRangeRequest,
  type KpiReport,
  type KpiTrainFacts,
  kpiRange,
  kpiReport,
  selectKpiTrains,
} from '../../../shared/kpis';
import { listPlanWaves } from '../repositories/rollout-plans';
import { listHalts, listStepTimes } from '../repositories/tracking';
import { listTrains } from '../repositories/trains';
import type { ServiceContext } from './context';

// Release health (shared/kpis.ts): the facts of the trains of a range, read in the call's one
// transaction, and the figures computed from them.

type KpiTrain = Pick<KpiTrainFacts, 'id' | 'version' | 'start' | 'state'>;

/** The stored facts of the trains given, in their order. */
function kpiFacts(ctx: ServiceContext, trains: readonly KpiTrain[]): KpiTrainFacts[] {
  const ids = trains.map((t) => t.id);
  const waves = listPlanWaves(ctx.db, ids);
  const steps = listStepTimes(ctx.db, ids);
  const halts = listHalts(ctx.db, ids);
  return trains.map((t) => ({
    id: t.id,
    version: t.version,
    start: t.start,
    state: t.state,
    waves: (waves.get(t.id) ?? []).map((w) => ({ index: w.index, day: w.date })),
    steps: steps.get(t.id)!,
    halts: halts.get(t.id)!.map((h) => ({
      severity: h.severity,
      haltedAt: h.haltedAt,
      resumedAt: h.resumedAt,
      deployments: h.deployments,
    })),
  }));
}

function report(ctx: ServiceContext, trains: readonly KpiTrain[], range: KpiReport['range']): KpiReport {
  return kpiReport(
    kpiFacts(ctx, trains),
    range,
    { today: ctx.today(), dayOf: (instant) => ctx.dayOf(new Date(instant)) },
    ctx.now().toISOString(),
  );
}

/** The figures of a range asked for (`kpis.report`). */
export function kpisReport(ctx: ServiceContext, request: KpiRangeRequest): KpiReport {
  const range = kpiRange(request);
  return report(ctx, selectKpiTrains(listTrains(ctx.db), range, ctx.today()), range);
}

/**
 * The figures of an export's trains (in start order): those that have started by today. Its range
 * is their first and last start.
 */
export function kpisOfTrains(ctx: ServiceContext, trains: readonly KpiTrain[]): KpiReport {
  const today = ctx.today();
  const started = trains.filter((t) => t.start <= today);
  return report(ctx, started, { from: started[0]?.start ?? null, to: started.at(-1)?.start ?? null, last: null });
}
