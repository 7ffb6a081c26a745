import { describeKpiRange, formatDays, formatHours, kpiFigures } from '../../shared/kpi-format';
import type { KpiReport } from '../../shared/kpis';
import { type Command, UsageError, stringOptions, table } from './command';

// Release health: the figures of a range of trains (shared/kpis.ts), as text for people or the
// API's report under --json.

function describeReport(r: KpiReport): string[] {
  const figures = kpiFigures(r.summary);
  const width = Math.max(...figures.map((f) => f.label.length));
  const exposure = [...r.summary.deployments].sort(
    (a, b) => b.regressions - a.regressions || b.earlySlots - a.earlySlots || (a.key < b.key ? -1 : 1),
  );
  return [
    `Release health: ${describeKpiRange(r)}`,
    '',
    ...figures.map((f) => `${f.label.padEnd(width)}  ${f.value.padStart(7)}  ${f.detail}`),
    '',
    'Per train:',
    table([
      ['VERSION', 'START', 'STATE', 'ON TIME', 'SLIP', 'HALTS', 'FIX', 'ROLLOUT', 'BAKE', 'FAILED', 'REACHED', 'LEAD'],
      ...r.trains.map((t) => [
        t.version,
        t.start,
        t.state === 'active'
          ? t.rolloutComplete
            ? 'released'
            : t.rolloutStarted
              ? 'rolling out'
              : 'not started'
          : t.state,
        t.releaseDays === 0 ? '-' : `${t.onTime}/${t.releaseDays}`,
        t.medianSlipDays === null ? '-' : formatDays(t.medianSlipDays),
        t.halts === 0 ? '-' : `${t.halts}${t.openHalts > 0 ? ` (${t.openHalts} open)` : ''}`,
        t.fixHours.length === 0 ? '-' : t.fixHours.map(formatHours).join(', '),
        t.rolloutHours === null ? '-' : formatHours(t.rolloutHours),
        t.bakeHours === null ? '-' : formatHours(t.bakeHours),
        t.stepsStarted === 0 ? '-' : `${t.stepsFailed}/${t.stepsStarted}`,
        t.deploymentsReleased === 0 ? '-' : `${t.deploymentsReached}/${t.deploymentsReleased}`,
        t.leadTimeDays === null ? '-' : formatDays(t.leadTimeDays),
      ]),
    ]),
    '',
    'Per deployment (most regressions first):',
    exposure.length === 0
      ? '  No deployment was planned in these trains.'
      : table([
          ['DEPLOYMENT', 'TRAINS', 'EARLY SLOTS', 'REGRESSIONS'],
          ...exposure.map((d) => [d.key, String(d.trains), String(d.earlySlots), String(d.regressions)]),
        ]),
    '',
    'Each figure is defined under "definitions" in "release-calendar kpis --json".',
  ];
}

export const KPI_COMMANDS: Record<string, Command> = {
  kpis: {
    usage: 'kpis [--from DAY --to DAY | --last N]',
    help: `  --from DAY   the first train start to count (YYYY-MM-DD); either end may be left open
  --to DAY     the last train start to count
  --last N     the last N trains started by today (default: 12)
  Figures: on-time release days and median slip, trains halted, halts per train, regressions by
  severity, time to fix, rollout duration, internal bake, change failure rate, deployments a
  regression reached, lead time, trains skipped or cancelled, and each deployment's early slots and
  regressions. docs/kpis.md defines each one; --json gives every figure per train and the definitions.`,
    options: stringOptions('from', 'to', 'last'),
    async run(a) {
      const { from, to, last } = a.values;
      if (last !== undefined && (from !== undefined || to !== undefined))
        throw new UsageError('Give either --from/--to or --last, not both.');
      if (last !== undefined && (typeof last !== 'string' || !/^\d+$/.test(last)))
        throw new UsageError(`--last must be a whole number, not "${String(last)}".`);
      const input = {
        ...(typeof from === 'string' ? { from } : {}),
        ...(typeof to === 'string' ? { to } : {}),
        ...(typeof last === 'string' ? { last: Number(last) } : {}),
      };
      const r = await a.call('kpis.report', input);
      a.print(r, () => describeReport(r));
    },
  },
};
