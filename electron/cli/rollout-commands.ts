import fs from 'node:fs';
import path from 'node:path';
import type { Input, RolloutPlanView } from '../../shared/contract';
import { formatDay } from '../../shared/days';
import { type Command, type CommandArgs, CommandError, UsageError, table, stringOptions } from './command';
import { resolveTrain } from './calendar-commands';

function describePlan(plan: RolloutPlanView): string {
  const lines = [`${plan.version} — rollout plan (engine ${plan.engineVersion}${plan.started ? ', started' : ''})`];
  if (plan.lastChange)
    lines.push(
      `Last changed ${plan.lastChange.at.slice(0, 16).replace('T', ' ')} UTC by ${plan.lastChange.actor}: ${plan.lastChange.summary}`,
    );
  for (const w of plan.waves) {
    lines.push('', `Wave ${w.index} · ${formatDay(w.date, { weekday: true })} · ${w.deployments.length} deployment(s)`);
    for (const d of w.deployments) {
      const mark = d.manual ? (d.reason.startsWith('added by hand') ? '[added] ' : '[moved] ') : '';
      lines.push(`  ${d.key.padEnd(18)} ${mark}${d.reason}`);
    }
  }
  if (plan.unplanned.length > 0) {
    lines.push(
      '',
      `Not in this rollout (added to the fleet since it started): ${plan.unplanned.map((d) => d.key).join(', ')}`,
      `  Add one to a wave still to come: rollout move --train ${plan.version} --deployment KEY --wave N --reason TEXT`,
    );
  }
  return lines.join('\n');
}

function printPlan(a: CommandArgs, plan: RolloutPlanView): void {
  a.print(plan, () => describePlan(plan));
}

function intFlag(flag: string, text: unknown): number | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== 'string' || !/^\d+$/.test(text))
    throw new UsageError(`${flag} must be a whole number, not "${String(text)}".`);
  return Number(text);
}

function readPolicyFile(a: CommandArgs, file: string): unknown {
  const full = path.resolve(a.io.cwd, file);
  try {
    return JSON.parse(fs.readFileSync(full, 'utf8')) as unknown;
  } catch {
    throw new CommandError(`Cannot read a JSON policy from ${full}; check the path and the JSON.`, 'invalid_input');
  }
}

export const ROLLOUT_COMMANDS: Record<string, Command> = {
  'rollout plan': {
    usage: 'rollout plan --train TRAIN [--show]',
    help: '  --train TRAIN   version (e.g. 2027.03) or id\n  --show          print the stored plan without re-planning',
    options: { train: { type: 'string' }, show: { type: 'boolean' } },
    async run(a) {
      if (typeof a.values.train !== 'string') throw new UsageError('Give the train with --train VERSION.');
      const { id } = await resolveTrain(a, a.values.train);
      if (a.values.show) {
        const plan = await a.call('rollout.get', { trainId: id });
        if (!plan)
          throw new CommandError(
            `${a.values.train} has no rollout plan yet; run "rollout plan --train ${a.values.train}".`,
            'not_found',
          );
        printPlan(a, plan);
      } else printPlan(a, await a.call('rollout.plan', { trainId: id }));
    },
  },
  'rollout move': {
    usage: 'rollout move --train TRAIN --deployment KEY --wave N --reason TEXT',
    help: '  --train TRAIN       version or id\n  --deployment KEY    the deployment to move or add\n  --wave N            its new customer wave (1…)\n  --reason TEXT       why (recorded in the audit log)',
    options: stringOptions('train', 'deployment', 'wave', 'reason'),
    async run(a) {
      if (typeof a.values.train !== 'string') throw new UsageError('Give the train with --train VERSION.');
      const wave = intFlag('--wave', a.values.wave);
      if (wave === undefined) throw new UsageError('Give the new wave with --wave N.');
      const { id } = await resolveTrain(a, a.values.train);
      printPlan(
        a,
        await a.call('rollout.move', {
          trainId: id,
          key: String(a.values.deployment ?? ''),
          wave,
          reason: String(a.values.reason ?? ''),
        }),
      );
    },
  },
  fairness: {
    usage: 'fairness [--last K] | fairness rebuild',
    help: `  --last K   trains to count (default: the policy’s history window)
  rebuild    read every deployment's fairness account again from the stored plans of the trains
             whose rollout has started, and say whether the kept accounts agreed`,
    options: { last: { type: 'string' } },
    positionals: [0, 1],
    async run(a) {
      const [action] = a.positionals;
      if (action !== undefined) {
        if (action !== 'rebuild')
          throw new UsageError(`Unknown fairness action "${action}"; use "fairness" or "fairness rebuild".`);
        if (a.values.last !== undefined) throw new UsageError('--last goes with "fairness", not "fairness rebuild".');
        const r = await a.call('fairness.rebuild', {});
        a.print(r, () =>
          [
            `Read the fairness accounts of ${r.deployments.toLocaleString('en-US')} deployment(s) again from ${r.trains} train(s) whose rollout has started.`,
            r.differed === 0
              ? 'The kept accounts agreed with them.'
              : `The kept accounts ${r.wasStale ? 'were out of date' : 'differed'} for ${r.differed.toLocaleString('en-US')} deployment(s); they are replaced.`,
          ].join('\n'),
        );
        return;
      }
      const last = intFlag('--last', a.values.last);
      const r = await a.call('fairness.report', last === undefined ? {} : { last });
      const m = r.metrics;
      a.print(r, () =>
        [
          `Last ${m.trains} planned train(s)${r.trains.length ? `: ${r.trains[0]!.version} … ${r.trains.at(-1)!.version}` : ''}`,
          `first-wave spread ${m.firstWaveSpread} · Gini ${m.gini.toFixed(3)} · longest first-wave streak ${m.longestFirstStreak} · longest gap ${m.longestGap}`,
          `All time (${r.allTime.trains} planned train(s)): first-wave spread ${r.allTime.firstWaveSpread} · Gini ${r.allTime.gini.toFixed(3)} · longest first-wave streak ${r.allTime.longestFirstStreak} · longest gap ${r.allTime.longestGap}`,
          '',
          table([
            ['DEPLOYMENT', 'TRAINS', 'FIRST WAVE', 'MEAN POSITION', 'STREAK', 'GAP', 'REGRESSIONS'],
            ...m.perDeployment.map((d) => [
              d.key,
              String(d.trains),
              String(d.firstWave),
              d.meanPosition === null ? '-' : d.meanPosition.toFixed(2),
              String(d.longestFirstStreak),
              String(d.longestGap),
              String(d.regressions),
            ]),
          ]),
        ].join('\n'),
      );
    },
  },
  simulate: {
    usage:
      'simulate --deployments N --trains T --seed S [--regression-rate P] [--policy FILE] [--constraints] [--fleet]',
    help: `  --deployments N       synthetic fleet size (one internal, the rest customers)
  --trains T            trains to simulate
  --seed S              seed of the fleet, the regressions and the tie-break
  --regression-rate P   probability (0–1) that a train finds a regression (default 0)
  --policy FILE         a rollout policy as JSON (default: the stored policy; see "policy get --json")
  --constraints         add pairing groups, pinned-late and government deployments to the synthetic fleet
  --fleet               simulate the real fleet of the database instead
  The JSON holds, per train, the ordered waves (deployment keys), so anyone can recompute the metrics.`,
    options: {
      ...stringOptions('deployments', 'trains', 'seed', 'regression-rate', 'policy'),
      constraints: { type: 'boolean' },
      fleet: { type: 'boolean' },
    },
    async run(a) {
      const rateText = a.values['regression-rate'];
      const rate = rateText === undefined ? 0 : Number(rateText);
      if (typeof rateText === 'string' && (!/^\d*\.?\d+$/.test(rateText) || Number.isNaN(rate)))
        throw new UsageError(`--regression-rate must be a number from 0 to 1, not "${rateText}".`);
      const input: Record<string, unknown> = {
        deployments: intFlag('--deployments', a.values.deployments) ?? 0,
        trains: intFlag('--trains', a.values.trains) ?? 0,
        seed: intFlag('--seed', a.values.seed) ?? 0,
        regressionRate: rate,
        constraints: Boolean(a.values.constraints),
        useFleet: Boolean(a.values.fleet),
      };
      if (typeof a.values.policy === 'string') input.policy = readPolicyFile(a, a.values.policy);
      const r = await a.call('simulate.run', input as Input<'simulate.run'>);
      a.print(r, () => {
        const last = r.trains.at(-1)!.metrics;
        const worstSpread = Math.max(...r.trains.map((t) => t.metrics.firstWaveSpread));
        return (
          `Simulated ${r.trains.length} trains for ${r.fleet.length} deployments (${r.eligible.length} may go early), seed ${r.request.seed}.\n` +
          `Worst first-wave spread after any train: ${worstSpread}; at the end: spread ${last.firstWaveSpread}, Gini ${last.gini.toFixed(3)}, longest first-wave streak ${last.longestFirstStreak}, longest gap ${last.longestGap}.\n` +
          'Run with --json for every plan.'
        );
      });
    },
  },
  'policy get': {
    usage: 'policy get',
    async run(a) {
      a.document(JSON.stringify(await a.call('policy.get', {}), null, 2));
    },
  },
  'policy set': {
    usage: 'policy set --file POLICY.json',
    help: '  --file FILE   the policy as JSON (start from "policy get")',
    options: { file: { type: 'string' } },
    async run(a) {
      if (typeof a.values.file !== 'string') throw new UsageError('Give the policy with --file POLICY.json.');
      const p = await a.call('policy.update', { policy: readPolicyFile(a, a.values.file) } as Input<'policy.update'>);
      a.print(p, () => 'Saved the rollout policy.');
    },
  },
};
