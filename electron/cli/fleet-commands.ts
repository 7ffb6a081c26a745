import fs from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { Input, Result } from '../../shared/contract';
import { formatDay } from '../../shared/days';
import { type Deployment, TIERS } from '../../shared/deployment';
import { formatReleaseWindow, parseReleaseWindowText } from '../../shared/release-window';
import {
  type Command,
  CommandError,
  argumentCommand,
  type CommandArgs,
  UsageError,
  readFileArg,
  table,
  stringOptions,
  withoutFinalLineBreak,
} from './command';

// The database and the fleet: init, and listing, editing, blocking, importing and exporting deployments.

function deploymentTable(list: Deployment[]): string {
  return table([
    ['KEY', 'NAME', 'REGION', 'TIME ZONE', 'TIER', 'WEIGHT', 'PAIRING', 'PIN', 'EARLY', 'ROLE', 'STATUS'],
    ...list.map((d) => [
      d.key,
      d.name,
      d.region,
      d.timeZone,
      d.tier,
      String(d.weight),
      d.pairingGroup ?? '-',
      d.pinPolicy,
      d.earlyOptOut ? 'opted out' : '-',
      d.internal ? 'internal' : 'customer',
      d.status,
    ]),
  ]);
}

function parseWeight(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.replace(/[_,]/g, ''));
  if (!/^-?\d[\d_,]*$/.test(text) || !Number.isFinite(n))
    throw new UsageError(`--weight must be a whole number, not "${text}".`);
  return n;
}

const deploymentFieldOptions = {
  ...stringOptions('name', 'region', 'time-zone', 'tier', 'weight', 'pairing-group', 'pin-policy', 'release-window'),
  internal: { type: 'boolean' },
  'not-internal': { type: 'boolean' },
  'early-opt-out': { type: 'boolean' },
  'no-early-opt-out': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

const FIELD_HELP = `  --name TEXT            display name
  --region TEXT          region, e.g. us-east
  --time-zone ZONE       IANA time zone, e.g. America/New_York
  --tier TIER            ${TIERS.join(' | ')} (default standard)
  --weight N             customers or users served (blast radius)
  --pairing-group NAME   members of one group never release in the same wave
  --pin-policy POLICY    none | late (late: only ever in the last wave)
  --internal             the internal deployment (exactly one; gets every release first)
  --early-opt-out        never in an early customer wave (the customer asked to go later)
  --no-early-opt-out     eligible for early waves again (the default)
  --release-window W     local hours its releases go out, in its time zone: HH:MM-HH:MM on a
                         24-hour clock, e.g. 09:00-11:00 ("none" removes it; default none)`;

function fieldsFrom(values: CommandArgs['values']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (values.name !== undefined) out.name = values.name;
  if (values.region !== undefined) out.region = values.region;
  if (values['time-zone'] !== undefined) out.timeZone = values['time-zone'];
  if (values.tier !== undefined) out.tier = values.tier;
  const weight = parseWeight(values.weight as string | undefined);
  if (weight !== undefined) out.weight = weight;
  if (values['pairing-group'] !== undefined)
    out.pairingGroup = values['pairing-group'] === '' ? null : values['pairing-group'];
  if (values['pin-policy'] !== undefined) out.pinPolicy = values['pin-policy'];
  if (values.internal) out.internal = true;
  if (values['not-internal']) out.internal = false;
  if (values['early-opt-out'] && values['no-early-opt-out'])
    throw new UsageError('Give --early-opt-out or --no-early-opt-out, not both.');
  if (values['early-opt-out']) out.earlyOptOut = true;
  if (values['no-early-opt-out']) out.earlyOptOut = false;
  const window = values['release-window'] as string | undefined;
  if (window !== undefined) {
    const parsed = parseReleaseWindowText(window);
    if (parsed === undefined)
      throw new UsageError(
        `--release-window takes two 24-hour times joined by a hyphen, e.g. 09:00-11:00, or none; not "${window}".`,
      );
    out.releaseWindow = parsed;
  }
  return out;
}

/** The key of a command that takes it as `KEY` or as `--key KEY` (the two must agree when both are given). */
function keyFrom(a: CommandArgs, usage: string): string {
  const [positional] = a.positionals;
  const option = a.values.key as string | undefined;
  if (positional !== undefined && option !== undefined && positional !== option)
    throw new UsageError(`Two keys given ("${positional}" and --key "${option}"); give one.`);
  const key = positional ?? option;
  if (key === undefined) throw new UsageError(`Usage: release-calendar ${usage}`);
  return key;
}

function showDeployment(d: Deployment): string {
  const fields = [
    ['region', d.region],
    ['time zone', d.timeZone],
    ['tier', d.tier],
    ['weight', String(d.weight)],
    ['pairing', d.pairingGroup ?? '-'],
    ['pin', d.pinPolicy === 'late' ? 'late (only ever in the last wave)' : 'none'],
    ['early waves', d.earlyOptOut ? 'opted out' : 'not opted out (the rollout policy may still keep it late)'],
    [
      'release window',
      d.releaseWindow ? `${formatReleaseWindow(d.releaseWindow)} ${d.timeZone}` : 'none (releases are all-day)',
    ],
    ['role', d.internal ? 'internal (gets every release first)' : 'customer'],
    ['status', d.status],
  ];
  const width = Math.max(...fields.map(([label]) => label!.length));
  const blocked =
    d.blockedDates.length === 0
      ? 'Blocked dates: none.'
      : `Blocked dates:\n${table([
          ['ID', 'FROM', 'TO', 'REASON'],
          ...d.blockedDates.map((r) => [String(r.id), r.from, r.to, r.reason]),
        ])
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n')}`;
  return [
    `${d.key}  ${d.name}`,
    ...fields.map(([label, value]) => `  ${label!.padEnd(width)}  ${value}`),
    blocked,
  ].join('\n');
}

function printDeployment(a: CommandArgs, d: Deployment, verb: string): void {
  a.print(d, () => `${verb} ${d.key} (${d.name}, ${d.region}, ${d.timeZone}, ${d.status}).`);
}

/** `deployments retire` and `deployments reactivate`: a deployment leaves the plans or comes back to them. */
function statusCommand(action: 'retire' | 'reactivate', verb: string): Command {
  return {
    usage: `deployments ${action} KEY`,
    positionals: [1, 1],
    async run(a) {
      printDeployment(a, await a.call(`deployments.${action}`, { key: a.positionals[0]! }), verb);
    },
  };
}

export const FLEET_COMMANDS: Record<string, Command> = {
  init: {
    usage: 'init [--demo]',
    help: '  --demo      load the demo fleet (about 40 deployments) into an empty database',
    options: { demo: { type: 'boolean' } },
    async run(a) {
      const info = await a.call('app.info', {});
      let demo: Result<'fleet.loadDemo'> | undefined;
      if (a.values.demo) demo = await a.call('fleet.loadDemo', {});
      a.print({ database: info.databasePath, schemaVersion: info.schemaVersion, demo: demo ?? null }, () => [
        `Database ready at ${info.databasePath} (schema ${info.schemaVersion}).`,
        ...(demo
          ? [`Loaded the demo: ${demo.created} deployments and ${demo.trains} release trains around today.`]
          : []),
      ]);
    },
  },
  info: {
    usage: 'info',
    async run(a) {
      const info = await a.call('app.info', {});
      a.print(info, () => [
        `Database ${info.databasePath} (schema ${info.schemaVersion}), ${info.readOnly ? 'read-only: changes are refused' : 'writable'}.`,
        `Release Calendar ${info.version}; changes are recorded as ${info.actor}.`,
      ]);
    },
  },
  'deployments list': {
    usage:
      'deployments list [--status active|retired|all] [--region R] [--tier T] [--search TEXT] [--sort FIELD] [--desc]',
    help: `  --status S   active, retired or all (default all)
  --region R   only this region
  --tier T     only this tier (${TIERS.join(', ')})
  --search T   key, name, region, zone or pairing group containing T
  --sort F     key, name, region, timeZone, tier, weight or status (default key)
  --desc       sort descending`,
    options: { ...stringOptions('status', 'region', 'tier', 'search', 'sort'), desc: { type: 'boolean' } },
    async run(a) {
      const q: Record<string, unknown> = { direction: a.values.desc ? 'desc' : 'asc' };
      for (const k of ['status', 'region', 'tier', 'search', 'sort'] as const)
        if (a.values[k] !== undefined) q[k] = a.values[k];
      const list = await a.call('deployments.list', q as Input<'deployments.list'>);
      a.print(list.deployments, () =>
        list.deployments.length === 0
          ? 'No deployments match. Load the demo fleet with "init --demo", or add one with "deployments add".'
          : `${deploymentTable(list.deployments)}\n\n${list.deployments.length} deployment(s); fleet: ${list.summary.active} active, ${list.summary.retired} retired.`,
      );
    },
  },
  'deployments show': argumentCommand({
    usage: 'deployments show KEY',
    method: 'deployments.get',
    input: (key) => ({ key }),
    describe: showDeployment,
  }),
  'deployments add': {
    usage: 'deployments add --key KEY --name TEXT --region TEXT --time-zone ZONE [options]',
    help: `  --key KEY              permanent key: lowercase letters, digits, hyphens (e.g. us-east-3)\n${FIELD_HELP}`,
    options: { key: { type: 'string' }, ...deploymentFieldOptions },
    async run(a) {
      const d = await a.call('deployments.create', {
        key: a.values.key,
        ...fieldsFrom(a.values),
      } as Input<'deployments.create'>);
      printDeployment(a, d, 'Added');
    },
  },
  'deployments edit': {
    usage: 'deployments edit KEY [--name ...] [--region ...] [...]',
    help: `${FIELD_HELP}\n  --not-internal         stop being the internal deployment\n  An empty --pairing-group "" removes the deployment from its group.`,
    options: deploymentFieldOptions,
    positionals: [1, 1],
    async run(a) {
      const changes = fieldsFrom(a.values);
      if (Object.keys(changes).length === 0)
        throw new UsageError('Nothing to change: give at least one field option, e.g. --name "US East 3".');
      const d = await a.call('deployments.update', { key: a.positionals[0]!, changes } as Input<'deployments.update'>);
      printDeployment(a, d, 'Updated');
    },
  },
  'deployments retire': statusCommand('retire', 'Retired'),
  'deployments reactivate': statusCommand('reactivate', 'Reactivated'),
  'deployments block': {
    usage: 'deployments block (KEY | --key KEY) --from DAY --to DAY --reason TEXT',
    help: `  --key KEY      the deployment (or give KEY as the first word)
  --from DAY     first blocked day, YYYY-MM-DD
  --to DAY       last blocked day, YYYY-MM-DD (the same as --from for one day; at most a year)
  --reason TEXT  why it takes no release then (up to 200 characters)
  Rollout plans made from now on keep it off these days; a stored plan that already puts it
  on one of them is named, to be re-planned or moved by hand.`,
    options: stringOptions('key', 'from', 'to', 'reason'),
    positionals: [0, 1],
    async run(a) {
      const key = keyFrom(a, 'deployments block (KEY | --key KEY) --from DAY --to DAY --reason TEXT');
      const r = await a.call('deployments.block', {
        key,
        from: a.values.from as string,
        to: a.values.to as string,
        reason: a.values.reason as string,
      });
      const days = r.range.from === r.range.to ? `on ${r.range.from}` : `from ${r.range.from} to ${r.range.to}`;
      a.print(r, () => [
        `Blocked ${key} ${days} (id ${r.range.id}): ${r.range.reason}.`,
        ...r.replanned.map((t) => `Re-planned the rollout of ${t.version} to keep ${key} off the blocked days.`),
        ...r.plannedOnBlockedDays.map(
          (p) =>
            `Note: ${p.version} has started and keeps its plan, which has ${key} in wave ${p.wave} on ${formatDay(p.date, { weekday: true })}; move ${key} to another wave ("rollout move").`,
        ),
      ]);
    },
  },
  'deployments unblock': {
    usage: 'deployments unblock (KEY | --key KEY) --id N',
    help: '  --key KEY   the deployment (or give KEY as the first word)\n  --id N      the id of the blocked range',
    options: stringOptions('key', 'id'),
    positionals: [0, 1],
    async run(a) {
      const key = keyFrom(a, 'deployments unblock (KEY | --key KEY) --id N');
      const text = a.values.id as string | undefined;
      if (text === undefined) throw new UsageError('Give the blocked range with --id N (see "deployments show KEY").');
      if (!/^\d+$/.test(text)) throw new UsageError(`--id must be a whole number, not "${text}".`);
      const d = await a.call('deployments.unblock', { key, id: Number(text) });
      a.print(
        d,
        () =>
          `Unblocked range ${text} of ${key}; ${d.blockedDates.length === 0 ? 'no blocked dates remain' : `${d.blockedDates.length} blocked range(s) remain`}.`,
      );
    },
  },
  'deployments import': {
    usage: 'deployments import FILE',
    help: '  Rows with a new key are added; rows with an existing key replace its fields.\n  Any bad row aborts the whole import and names its line and column.',
    positionals: [1, 1],
    async run(a) {
      const file = a.positionals[0]!;
      const r = await a.call('deployments.importCsv', { csv: readFileArg(a, file) });
      a.print(
        r,
        () => `Imported ${path.basename(file)}: ${r.created} added, ${r.updated} updated, ${r.unchanged} unchanged.`,
      );
    },
  },
  'deployments export': {
    usage: 'deployments export [--out FILE] [--status active|retired|all] [--bom]',
    help: '  --out FILE   write to FILE instead of stdout\n  --status S   active, retired or all (default all)\n  --bom        start with a UTF-8 byte-order mark (for Excel)',
    options: { ...stringOptions('out', 'status'), bom: { type: 'boolean' } },
    async run(a) {
      const r = await a.call('deployments.exportCsv', {
        ...(a.values.status !== undefined ? { status: a.values.status as 'all' } : {}),
        bom: Boolean(a.values.bom),
      });
      if (typeof a.values.out === 'string') {
        const file = path.resolve(a.io.cwd, a.values.out);
        const tmp = `${file}.${process.pid}.tmp`;
        try {
          fs.writeFileSync(tmp, r.csv);
          fs.renameSync(tmp, file);
        } catch {
          fs.rmSync(tmp, { force: true });
          throw new CommandError(`Cannot write ${file}; check that its folder exists and is writable.`);
        }
        a.print({ file, rows: r.rows }, () => `Wrote ${r.rows} deployment(s) to ${file}.`);
      } else a.document(withoutFinalLineBreak(r.csv));
    },
  },
};
