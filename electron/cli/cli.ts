import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Input, Result } from '../../shared/contract';
import { formatDay } from '../../shared/days';
import { type Deployment, TIERS } from '../../shared/deployment';
import { describeFieldErrors, type ApiError, type ErrorHint } from '../../shared/errors';
import { DatabaseOpenError, withDbFlag } from '../backend/db/open-error';
import type { MethodName } from '../../shared/method-names';
import { startBackend, type Backend } from '../backend/backend';
import { resolveDatabasePath, DB_ENV } from '../backend/paths';
import { APP_VERSION } from '../backend/version';
import { CALENDAR_COMMANDS } from './calendar-commands';
import { EXPORT_COMMANDS } from './export-commands';
import { ROLLOUT_COMMANDS } from './rollout-commands';
import { TRACKING_COMMANDS } from './tracking-commands';
import { type CliIO, type Command, CommandError, type CommandArgs, UsageError, table } from './command';

export type { CliIO } from './command';

const GLOBAL_OPTIONS = {
  db: { type: 'string' },
  actor: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const GLOBAL_HELP = `  --db PATH   database file (default: $${DB_ENV}, then the app's user-data folder)
  --actor N   record changes in the audit log as N (default: the app's user name, else the OS user)
  --json      print machine-readable JSON on stdout
  --help      show help for the command`;

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
  name: { type: 'string' },
  region: { type: 'string' },
  'time-zone': { type: 'string' },
  tier: { type: 'string' },
  weight: { type: 'string' },
  'pairing-group': { type: 'string' },
  'pin-policy': { type: 'string' },
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
  --no-early-opt-out     eligible for early waves again (the default)`;

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
  if (a.json) a.io.stdout(JSON.stringify(d, null, 2));
  else a.io.stdout(`${verb} ${d.key} (${d.name}, ${d.region}, ${d.timeZone}, ${d.status}).`);
}

const FLEET_COMMANDS: Record<string, Command> = {
  init: {
    usage: 'init [--demo]',
    summary: 'create or upgrade the database; --demo loads the demo fleet',
    help: '  --demo      load the demo fleet (about 40 deployments) into an empty database',
    options: { demo: { type: 'boolean' } },
    async run(a) {
      const info = await a.call('app.info', {});
      let demo: Result<'fleet.loadDemo'> | undefined;
      if (a.values.demo) demo = await a.call('fleet.loadDemo', {});
      if (a.json)
        a.io.stdout(
          JSON.stringify(
            { database: info.databasePath, schemaVersion: info.schemaVersion, demo: demo ?? null },
            null,
            2,
          ),
        );
      else {
        a.io.stdout(`Database ready at ${info.databasePath} (schema ${info.schemaVersion}).`);
        if (demo)
          a.io.stdout(`Loaded the demo: ${demo.created} deployments and ${demo.trains} release trains around today.`);
      }
    },
  },
  'deployments list': {
    usage:
      'deployments list [--status active|retired|all] [--region R] [--tier T] [--search TEXT] [--sort FIELD] [--desc]',
    summary: 'list the fleet',
    help: `  --status S   active, retired or all (default all)
  --region R   only this region
  --tier T     only this tier (${TIERS.join(', ')})
  --search T   key, name, region, zone or pairing group containing T
  --sort F     key, name, region, timeZone, tier, weight or status (default key)
  --desc       sort descending`,
    options: {
      status: { type: 'string' },
      region: { type: 'string' },
      tier: { type: 'string' },
      search: { type: 'string' },
      sort: { type: 'string' },
      desc: { type: 'boolean' },
    },
    async run(a) {
      const q: Record<string, unknown> = { direction: a.values.desc ? 'desc' : 'asc' };
      for (const k of ['status', 'region', 'tier', 'search', 'sort'] as const)
        if (a.values[k] !== undefined) q[k] = a.values[k];
      const list = await a.call('deployments.list', q as Input<'deployments.list'>);
      if (a.json) a.io.stdout(JSON.stringify(list.deployments, null, 2));
      else if (list.deployments.length === 0)
        a.io.stdout('No deployments match. Load the demo fleet with "init --demo", or add one with "deployments add".');
      else
        a.io.stdout(
          `${deploymentTable(list.deployments)}\n\n${list.deployments.length} deployment(s); fleet: ${list.summary.active} active, ${list.summary.retired} retired.`,
        );
    },
  },
  'deployments show': {
    usage: 'deployments show KEY',
    summary: 'one deployment with its early-wave opt-out and blocked dates',
    help: '',
    options: {},
    positionals: [1, 1],
    async run(a) {
      const d = await a.call('deployments.get', { key: a.positionals[0]! });
      a.io.stdout(a.json ? JSON.stringify(d, null, 2) : showDeployment(d));
    },
  },
  'deployments add': {
    usage: 'deployments add --key KEY --name TEXT --region TEXT --time-zone ZONE [options]',
    summary: 'add a deployment',
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
    summary: 'change fields of a deployment (its key stays)',
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
  'deployments retire': {
    usage: 'deployments retire KEY',
    summary: 'retire a deployment (kept in history, no longer planned)',
    help: '',
    options: {},
    positionals: [1, 1],
    async run(a) {
      printDeployment(a, await a.call('deployments.retire', { key: a.positionals[0]! }), 'Retired');
    },
  },
  'deployments reactivate': {
    usage: 'deployments reactivate KEY',
    summary: 'bring a retired deployment back',
    help: '',
    options: {},
    positionals: [1, 1],
    async run(a) {
      printDeployment(a, await a.call('deployments.reactivate', { key: a.positionals[0]! }), 'Reactivated');
    },
  },
  'deployments block': {
    usage: 'deployments block (KEY | --key KEY) --from DAY --to DAY --reason TEXT',
    summary: 'keep a deployment from receiving releases on a range of days',
    help: `  --key KEY      the deployment (or give KEY as the first word)
  --from DAY     first blocked day, YYYY-MM-DD
  --to DAY       last blocked day, YYYY-MM-DD (the same as --from for one day; at most a year)
  --reason TEXT  why it takes no release then (up to 200 characters)
  Rollout plans made from now on keep it off these days; a stored plan that already puts it
  on one of them is named, to be re-planned or moved by hand.`,
    options: {
      key: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      reason: { type: 'string' },
    },
    positionals: [0, 1],
    async run(a) {
      const key = keyFrom(a, 'deployments block (KEY | --key KEY) --from DAY --to DAY --reason TEXT');
      const r = await a.call('deployments.block', {
        key,
        from: a.values.from as string,
        to: a.values.to as string,
        reason: a.values.reason as string,
      });
      if (a.json) {
        a.io.stdout(JSON.stringify(r, null, 2));
        return;
      }
      const days = r.range.from === r.range.to ? `on ${r.range.from}` : `from ${r.range.from} to ${r.range.to}`;
      a.io.stdout(`Blocked ${key} ${days} (id ${r.range.id}): ${r.range.reason}.`);
      for (const t of r.replanned)
        a.io.stdout(`Re-planned the rollout of ${t.version} to keep ${key} off the blocked days.`);
      for (const p of r.plannedOnBlockedDays)
        a.io.stdout(
          `Note: ${p.version} has started and keeps its plan, which has ${key} in wave ${p.wave} on ${formatDay(p.date, { weekday: true })}; move ${key} to another wave ("rollout move").`,
        );
    },
  },
  'deployments unblock': {
    usage: 'deployments unblock (KEY | --key KEY) --id N',
    summary: 'remove one blocked range of a deployment (ids in "deployments show")',
    help: '  --key KEY   the deployment (or give KEY as the first word)\n  --id N      the id of the blocked range',
    options: { key: { type: 'string' }, id: { type: 'string' } },
    positionals: [0, 1],
    async run(a) {
      const key = keyFrom(a, 'deployments unblock (KEY | --key KEY) --id N');
      const text = a.values.id as string | undefined;
      if (text === undefined) throw new UsageError('Give the blocked range with --id N (see "deployments show KEY").');
      if (!/^\d+$/.test(text)) throw new UsageError(`--id must be a whole number, not "${text}".`);
      const d = await a.call('deployments.unblock', { key, id: Number(text) });
      if (a.json) a.io.stdout(JSON.stringify(d, null, 2));
      else
        a.io.stdout(
          `Unblocked range ${text} of ${key}; ${d.blockedDates.length === 0 ? 'no blocked dates remain' : `${d.blockedDates.length} blocked range(s) remain`}.`,
        );
    },
  },
  'deployments import': {
    usage: 'deployments import FILE',
    summary: 'import a fleet CSV, all or nothing (columns in README.md)',
    help: '  Rows with a new key are added; rows with an existing key replace its fields.\n  Any bad row aborts the whole import and names its line and column.',
    options: {},
    positionals: [1, 1],
    async run(a) {
      const file = path.resolve(a.io.cwd, a.positionals[0]!);
      let csv: string;
      try {
        csv = fs.readFileSync(file, 'utf8');
      } catch {
        throw new CommandError(`Cannot read ${file}; check the path.`);
      }
      const r = await a.call('deployments.importCsv', { csv });
      if (a.json) a.io.stdout(JSON.stringify(r, null, 2));
      else
        a.io.stdout(
          `Imported ${path.basename(file)}: ${r.created} added, ${r.updated} updated, ${r.unchanged} unchanged.`,
        );
    },
  },
  'deployments export': {
    usage: 'deployments export [--out FILE] [--status active|retired|all] [--bom]',
    summary: 'export the fleet as CSV (stdout, or --out FILE)',
    help: '  --out FILE   write to FILE instead of stdout\n  --status S   active, retired or all (default all)\n  --bom        start with a UTF-8 byte-order mark (for Excel)',
    options: { out: { type: 'string' }, status: { type: 'string' }, bom: { type: 'boolean' } },
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
        if (a.json) a.io.stdout(JSON.stringify({ file, rows: r.rows }, null, 2));
        else a.io.stdout(`Wrote ${r.rows} deployment(s) to ${file}.`);
      } else a.io.stdout(r.csv.replace(/\r?\n$/, ''));
    },
  },
};

const COMMANDS: Record<string, Command> = {
  ...FLEET_COMMANDS,
  ...CALENDAR_COMMANDS,
  ...ROLLOUT_COMMANDS,
  ...TRACKING_COMMANDS,
  ...EXPORT_COMMANDS,
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return `release-calendar ${APP_VERSION} — plan release trains and keep rollouts fair, from scripts and CI.

Usage: release-calendar <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
  .join('\n')}

Every command takes:
${GLOBAL_HELP}

Run "release-calendar <command> --help" for a command's options.`;
}

function commandHelp(name: string, c: Command): string {
  return `Usage: release-calendar ${c.usage}\n\n${c.summary[0]!.toUpperCase()}${c.summary.slice(1)}.\n\n${c.help ? `${c.help}\n` : ''}${GLOBAL_HELP}`;
}

const FIELD_FLAGS: Record<string, string> = {
  deployments: '--deployments',
  trains: '--trains',
  seed: '--seed',
  regressionRate: '--regression-rate',
  wave: '--wave',
  from: '--from',
  to: '--to',
  count: '--count',
  through: '--through',
  start: '--start',
  end: '--end',
  date: '--date',
  reason: '--reason',
  lengthDays: '--cadence-days',
  anchorDate: '--anchor',
  versionPattern: '--version-pattern',
  workingDays: '--working-days',
  status: '--status',
  sort: '--sort',
  search: '--search',
  key: '--key',
  name: '--name',
  region: '--region',
  timeZone: '--time-zone',
  tier: '--tier',
  weight: '--weight',
  pairingGroup: '--pairing-group',
  pinPolicy: '--pin-policy',
  internal: '--internal',
  earlyOptOut: '--early-opt-out',
  id: '--id',
  trainId: '--train',
  keys: '--deployment',
  bakeOverride: '--override-bake',
  evidenceUrl: '--evidence',
  reference: '--reference',
  severity: '--severity',
  fixVersion: '--fix',
  userName: '--name',
  format: '--format',
  paper: '--paper',
  folder: '--folder',
};

/** What to do about a refusal, in the CLI's commands and flags (the app says it with its buttons). */
function cliHint(hint: ErrorHint): string {
  switch (hint.kind) {
    case 'list_deployments':
      return '; list them with "deployments list".';
    case 'list_trains':
      return '; list them with "trains list".';
    case 'plan_rollout':
      return ` ("rollout plan --train ${hint.version}").`;
    case 'name_deployments':
      return ' (--deployment KEY).';
    case 'new_database':
      return ' (--db PATH).';
  }
}

/** Turns an API error into one line that names the CLI's own flags rather than the API's field names. */
function apiFailure(error: ApiError): CommandError {
  if (error.hint) return new CommandError(`${error.message.replace(/\.$/, '')}${cliHint(error.hint)}`);
  if (error.code !== 'invalid_input' || !error.fields || error.fields.some((f) => f.line !== undefined))
    return new CommandError(error.message);
  const fields = error.fields.map((f) => {
    // Template errors point into a JSON file (template.phases.2.lengthDays): keep their path.
    if (f.field.startsWith('template.')) return f;
    const last = f.field.split('.').at(-1) ?? f.field;
    return { ...f, field: FIELD_FLAGS[last] ?? f.field };
  });
  return new CommandError(describeFieldErrors(fields));
}

/** Global options that take a value, so that `--db F deployments list` finds the command after the value. */
const VALUE_OPTIONS = new Set(['--db', '--actor']);

/** The words that are not options or option values, with their positions in argv. */
function commandWords(argv: readonly string[]): { words: string[]; indexes: number[] } {
  const words: string[] = [];
  const indexes: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) {
      words.push(arg);
      indexes.push(i);
    }
  }
  return { words, indexes };
}

/** Runs one CLI invocation; returns the exit code (0 ok, 1 refused or failed, 2 usage). */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let backend: Backend | undefined;
  try {
    const { words, indexes } = commandWords(argv);
    if (argv.length === 0 || (words.length === 0 && (argv.includes('--help') || argv.includes('-h')))) {
      io.stdout(mainHelp());
      return argv.length === 0 ? 2 : 0;
    }
    if (argv[0] === '--version') {
      io.stdout(APP_VERSION);
      return 0;
    }
    const name = [`${words[0]} ${words[1] ?? ''}`.trim(), words[0] ?? ''].find((n) => n in COMMANDS);
    if (!name) {
      const group = Object.keys(COMMANDS).filter((k) => k.startsWith(`${words[0]} `));
      if (group.length > 0 && words.length === 1 && (argv.includes('--help') || argv.includes('-h'))) {
        io.stdout(
          `Usage: release-calendar ${words[0]} <command> [options]\n\n${group.map((k) => `  ${k.padEnd(24)}  ${COMMANDS[k]!.summary}`).join('\n')}\n\nRun "release-calendar ${words[0]} <command> --help" for its options.`,
        );
        return 0;
      }
      if (group.length > 0)
        throw new UsageError(`"${words.slice(0, 2).join(' ')}" is not a command; try one of: ${group.join(', ')}.`);
      throw new UsageError(`Unknown command "${words[0]}"; run "release-calendar --help" for the list.`);
    }
    const command = COMMANDS[name]!;
    const rest = argv.filter((_, i) => !indexes.slice(0, name.split(' ').length).includes(i));
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...GLOBAL_OPTIONS, ...command.options },
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      throw new UsageError(`${(err as Error).message.replace(/\.$/, '')}; run "release-calendar ${name} --help".`);
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.help) {
      io.stdout(commandHelp(name, command));
      return 0;
    }
    const [min, max] = command.positionals ?? [0, 0];
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new UsageError(`Usage: release-calendar ${command.usage}`);
    }
    const dbPath = resolveDatabasePath(
      typeof values.db === 'string' ? path.resolve(io.cwd, values.db) : undefined,
      io.env[DB_ENV] ? { ...io.env, [DB_ENV]: path.resolve(io.cwd, io.env[DB_ENV]) } : io.env,
    );
    const open = (): Backend => {
      backend ??= startBackend({
        dbPath,
        transport: 'cli',
        version: APP_VERSION,
        ...(io.now ? { now: io.now } : {}),
        ...(typeof values.actor === 'string' ? { actor: values.actor } : io.actor ? { actor: io.actor } : {}),
        logError: (method, err) =>
          io.stderr(`release-calendar: ${method} failed unexpectedly: ${(err as Error)?.stack ?? String(err)}`),
        log: (message) => io.stderr(`release-calendar: ${message}`),
      });
      return backend;
    };
    const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> => {
      const answer = await open().dispatch(method, input);
      if (!answer.ok) throw apiFailure(answer.error);
      return answer.result as Result<M>;
    };
    await command.run({ values, positionals: parsed.positionals, json: Boolean(values.json), io, call, backend: open });
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`release-calendar: ${err.message.replace(/\s*\n\s*/g, ' ')}`);
      return 2;
    }
    const message =
      err instanceof DatabaseOpenError ? withDbFlag(err) : err instanceof Error ? err.message : String(err);
    io.stderr(`release-calendar: ${message.replace(/\n/g, ' ')}`);
    return 1;
  } finally {
    backend?.close();
  }
}
