import path from 'node:path';
import { z } from 'zod';
import type { Input, Result } from '../../shared/contract';
import { type Day, formatDay, formatRange, weekdayName } from '../../shared/days';
import type { TrainView } from '../../shared/train';
import {
  argumentCommand,
  type Command,
  type CommandArgs,
  CommandError,
  UsageError,
  readFileArg,
  table,
  tableOrNone,
  stringOptions,
} from './command';

const TRAIN_ARG = 'TRAIN is a version (e.g. 2027.03) or a train id.';

/** Finds a train by version or id, with a message that lists what exists when nothing matches. */
export async function resolveTrain(a: CommandArgs, ref: string): Promise<TrainView> {
  const trains = await a.call('trains.list', {});
  const found = trains.find((t) => t.version === ref) ?? trains.find((t) => String(t.id) === ref);
  if (!found) {
    const near = trains.slice(-3).map((t) => t.version);
    throw new CommandError(
      `No train has the version or id "${ref}"${near.length ? ` (latest: ${near.join(', ')})` : ''}; list them with "trains list".`,
      'not_found',
    );
  }
  return found;
}

function phaseToday(t: TrainView, today: Day): string {
  return t.phases.find((p) => p.start <= today && today <= p.end)?.name ?? '-';
}

function trainTable(trains: TrainView[], today: Day): string {
  return table([
    ['ID', 'VERSION', 'START', 'END', 'STATUS', 'PHASE TODAY', 'RELEASE DAYS', 'CONFLICTS'],
    ...trains.map((t) => [
      String(t.id),
      t.version,
      t.start,
      t.end,
      t.status.replace('_', ' '),
      phaseToday(t, today),
      t.releaseDays.map((d) => d.slice(5)).join(' ') || '-',
      t.conflicts.length ? String(t.conflicts.length) : '-',
    ]),
  ]);
}

function trainDetail({ train: t, history }: Result<'trains.get'>): string {
  const lines = [
    `${t.version} — ${formatRange(t.start, t.end)} — ${t.status.replace('_', ' ')}${t.stateReason ? ` (${t.stateReason})` : ''}`,
  ];
  for (const p of t.phases) {
    lines.push(`  ${p.name.padEnd(34)} ${formatRange(p.start, p.end)}${p.production ? '  [production]' : ''}`);
    for (const r of p.releaseDays) {
      const where = r.actual ? formatDay(r.actual, { weekday: true }) : 'NOT PLACED';
      lines.push(
        `    release ${where}${r.movedBecause ? `  (moved from ${formatDay(r.nominal, { weekday: true })}: ${r.movedBecause})` : ''}`,
      );
    }
  }
  for (const c of t.conflicts) lines.push(`  conflict: ${c.message}`);
  if (t.notes) lines.push('', t.notes.trimEnd());
  lines.push(
    '',
    'History:',
    ...history.map((h) => `  ${h.at.slice(0, 16).replace('T', ' ')}  ${h.actor}  ${h.summary}`),
  );
  return lines.join('\n');
}

function printTrain(a: CommandArgs, t: TrainView, verb: string): void {
  a.print(t, () => `${verb} ${t.version} (${formatRange(t.start, t.end)}, ${t.status.replace('_', ' ')}).`);
}

/** The train a command's first word names, by version or id. */
async function trainWord(a: CommandArgs): Promise<number> {
  return (await resolveTrain(a, a.positionals[0]!)).id;
}

interface TrainCommand extends Omit<Command, 'positionals' | 'run'> {
  /** How many words the command takes, the TRAIN first (default 1). */
  words?: number;
  run: (a: CommandArgs, id: number) => Promise<void>;
}

/** A `trains … TRAIN` command that looks its train up before anything else. */
function trainCommand({ words = 1, help, run, ...command }: TrainCommand): Command {
  return {
    ...command,
    help: help ? `  ${TRAIN_ARG}\n${help}` : `  ${TRAIN_ARG}`,
    positionals: [words, words],
    async run(a) {
      await run(a, await trainWord(a));
    },
  };
}

/** `trains skip` and `trains cancel`: a train ends without a release, for a reason the audit log keeps. */
function trainEndCommand(action: 'skip' | 'cancel', verb: string): Command {
  return trainCommand({
    usage: `trains ${action} TRAIN --reason TEXT`,
    help: '  --reason TEXT   why (recorded in the audit log)',
    options: { reason: { type: 'string' } },
    async run(a, id) {
      printTrain(a, await a.call(`trains.${action}`, { id, reason: String(a.values.reason ?? '') }), verb);
    },
  });
}

function readJsonFile(a: CommandArgs, file: string): unknown {
  const text = readFileArg(a, file);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CommandError(`${path.resolve(a.io.cwd, file)} is not valid JSON.`, 'invalid_input');
  }
}

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function parseWorkingDays(text: string): number[] {
  const days = text.split(',').map((d) => WEEKDAY_KEYS.indexOf(d.trim().toLowerCase().slice(0, 3)) + 1);
  if (days.some((d) => d === 0))
    throw new UsageError(
      `--working-days takes weekday names separated by commas, e.g. mon,tue,wed,thu,fri; not "${text}".`,
    );
  return days;
}

function parsePositiveInt(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} must be a whole number, not "${text}".`);
  return Number(text);
}

export const CALENDAR_COMMANDS: Record<string, Command> = {
  'trains plan': {
    usage: 'trains plan --from DATE (--count N | --through DATE)',
    help: `  --from DATE     first slot on or after this day (the first plan anchors the cadence here)
  --count N       how many trains to plan
  --through DATE  plan every slot that starts on or before this day`,
    options: stringOptions('from', 'count', 'through'),
    async run(a) {
      if (typeof a.values.from !== 'string') throw new UsageError('Give --from DATE, e.g. --from 2027-01-04.');
      const count = parsePositiveInt('--count', a.values.count as string | undefined);
      const planned = await a.call('trains.plan', {
        from: a.values.from,
        ...(count !== undefined ? { count } : {}),
        ...(typeof a.values.through === 'string' ? { through: a.values.through } : {}),
      } as Input<'trains.plan'>);
      a.print(planned, () =>
        planned.length === 0
          ? 'No free slot in that range: every slot already has a train.'
          : [
              `Planned ${planned.length} train(s): ${planned[0]!.version} … ${planned.at(-1)!.version} (${formatRange(planned[0]!.start, planned.at(-1)!.end)}).`,
              ...planned.flatMap((t) => t.conflicts).map((c) => `  conflict: ${c.message}`),
            ],
      );
    },
  },
  'trains list': {
    usage: 'trains list [--from DATE] [--to DATE]',
    help: '  --from DATE   trains still alive on or after this day\n  --to DATE     trains that start on or before this day',
    options: stringOptions('from', 'to'),
    async run(a) {
      const trains = await a.call('trains.list', {
        ...(typeof a.values.from === 'string' ? { from: a.values.from } : {}),
        ...(typeof a.values.to === 'string' ? { to: a.values.to } : {}),
      });
      // The table's PHASE TODAY needs the backend's today: one more read, made only for the table.
      if (a.json || trains.length === 0) {
        a.print(trains, () => 'No trains. Plan some with "trains plan --from DATE --count N".');
        return;
      }
      const { today } = await a.call('calendar.range', { from: trains[0]!.start, to: trains[0]!.start });
      a.io.stdout(trainTable(trains, today));
      for (const c of trains.flatMap((t) => t.conflicts)) a.io.stdout(`conflict: ${c.message}`);
    },
  },
  'trains show': trainCommand({
    usage: 'trains show TRAIN',
    async run(a, id) {
      const detail = await a.call('trains.get', { id });
      a.print(detail, () => trainDetail(detail));
    },
  }),
  'trains move': {
    usage: 'trains move TRAIN --start DATE [--shift-later]',
    help: `  ${TRAIN_ARG}\n  --start DATE     the new first day\n  --shift-later    move every later train that has not started by the same number of days`,
    options: { start: { type: 'string' }, 'shift-later': { type: 'boolean' } },
    positionals: [1, 1],
    async run(a) {
      if (typeof a.values.start !== 'string') throw new UsageError('Give the new first day with --start DATE.');
      const moved = await a.call('trains.move', {
        id: await trainWord(a),
        start: a.values.start,
        shiftLater: Boolean(a.values['shift-later']),
      });
      a.print(moved, () => moved.map((t) => `Moved ${t.version}: now ${formatRange(t.start, t.end)}.`));
    },
  },
  'trains skip': trainEndCommand('skip', 'Skipped'),
  'trains cancel': trainEndCommand('cancel', 'Cancelled'),
  'trains reinstate': trainCommand({
    usage: 'trains reinstate TRAIN',
    async run(a, id) {
      printTrain(a, await a.call('trains.reinstate', { id }), 'Reinstated');
    },
  }),
  'trains rename': trainCommand({
    usage: 'trains rename TRAIN NEW_VERSION',
    words: 2,
    async run(a, id) {
      printTrain(a, await a.call('trains.rename', { id, version: a.positionals[1]! }), 'Renamed to');
    },
  }),
  'trains notes': {
    usage: 'trains notes TRAIN (--file FILE.md | --text TEXT)',
    help: `  ${TRAIN_ARG}\n  --file FILE   read the notes from a markdown file\n  --text TEXT   the notes themselves`,
    options: stringOptions('file', 'text'),
    positionals: [1, 1],
    async run(a) {
      const file = a.values.file;
      const text = a.values.text;
      if ((typeof file === 'string') === (typeof text === 'string'))
        throw new UsageError('Give either --file FILE or --text TEXT.');
      const notes = typeof file === 'string' ? readFileArg(a, file) : String(text);
      printTrain(a, await a.call('trains.setNotes', { id: await trainWord(a), notes }), 'Saved the notes of');
    },
  },
  'holidays list': {
    usage: 'holidays list',
    async run(a) {
      const list = await a.call('holidays.list', {});
      a.print(list, () =>
        tableOrNone(
          'No holidays. Add one with "holidays add --date DATE --name TEXT".',
          ['DATE', 'DAY', 'NAME'],
          list.map((h) => [h.date, formatDay(h.date, { weekday: true }).split(' ')[0]!, h.name]),
        ),
      );
    },
  },
  'holidays add': {
    usage: 'holidays add --date DATE --name TEXT',
    help: '  --date DATE   the day (YYYY-MM-DD)\n  --name TEXT   e.g. "Christmas Day"',
    options: stringOptions('date', 'name'),
    async run(a) {
      const h = await a.call('holidays.add', { date: String(a.values.date ?? ''), name: String(a.values.name ?? '') });
      a.print(h, () => `Added holiday ${h.name} on ${formatDay(h.date, { weekday: true })}.`);
    },
  },
  'holidays remove': argumentCommand({
    usage: 'holidays remove DATE',
    method: 'holidays.remove',
    input: (date) => ({ date }),
    describe: (h) => `Removed holiday ${h.name} (${formatDay(h.date, { weekday: true })}).`,
  }),
  'freezes list': {
    usage: 'freezes list',
    async run(a) {
      const list = await a.call('freezes.list', {});
      a.print(list, () =>
        tableOrNone(
          'No freezes. Add one with "freezes add --name TEXT --start DATE --end DATE".',
          ['ID', 'START', 'END', 'NAME', 'REASON'],
          list.map((f) => [String(f.id), f.start, f.end, f.name, f.reason || '-']),
        ),
      );
    },
  },
  'freezes add': {
    usage: 'freezes add --name TEXT --start DATE --end DATE [--reason TEXT]',
    help: '  --name TEXT    e.g. "Year-end freeze"\n  --start DATE   first frozen day\n  --end DATE     last frozen day\n  --reason TEXT  why',
    options: stringOptions('name', 'start', 'end', 'reason'),
    async run(a) {
      const f = await a.call('freezes.add', {
        name: String(a.values.name ?? ''),
        start: String(a.values.start ?? ''),
        end: String(a.values.end ?? ''),
        ...(typeof a.values.reason === 'string' ? { reason: a.values.reason } : {}),
      });
      a.print(f, () => `Added freeze #${f.id} ${f.name} (${formatRange(f.start, f.end)}).`);
    },
  },
  'freezes remove': argumentCommand({
    usage: 'freezes remove ID',
    method: 'freezes.remove',
    input: (id) => ({ id: parsePositiveInt('ID', id)! }),
    describe: (f) => `Removed freeze ${f.name} (${formatRange(f.start, f.end)}).`,
  }),
  'settings get': {
    usage: 'settings get',
    async run(a) {
      const s = await a.call('settings.get', {});
      a.print(s, () =>
        [
          `Cadence:       every ${s.cadence.lengthDays} days, anchored on ${s.cadence.anchorDate ?? '(not yet: the first plan sets it)'}`,
          `Versions:      ${s.cadence.versionPattern}`,
          `Working days:  ${s.workingDays.map((d) => weekdayName(d, true)).join(', ')}`,
          'Template:',
          ...s.template.phases.map(
            (p) =>
              `  day ${String(p.offsetDays + 1).padStart(2)}–${String(p.offsetDays + p.lengthDays).padEnd(3)} ${p.name}${p.production ? ` [production; release days ${p.releaseDays.map((d) => p.offsetDays + d + 1).join(', ')}]` : ''}`,
          ),
        ].join('\n'),
      );
    },
  },
  'settings set': {
    usage:
      'settings set [--cadence-days N] [--anchor DATE] [--version-pattern P] [--working-days mon,tue,…] [--template FILE.json] [--keep-planned]',
    help: `  --cadence-days N        days between train starts (default 14)
  --anchor DATE           the start of one train; every slot is a whole number of cadences from it
  --version-pattern P     e.g. {yyyy}.{nn}; tokens {yyyy} {yy} {mm} {dd} {nn} {n}
  --working-days LIST     e.g. mon,tue,wed,thu,fri
  --template FILE.json    a lifecycle template ({"phases": [...]}, see "settings get --json")
  --keep-planned          keep the phases of trains that have not started (default: re-lay them)`,
    options: {
      ...stringOptions('cadence-days', 'anchor', 'version-pattern', 'working-days', 'template'),
      'keep-planned': { type: 'boolean' },
    },
    async run(a) {
      const current = await a.call('settings.get', {});
      const days = parsePositiveInt('--cadence-days', a.values['cadence-days'] as string | undefined);
      const cadenceChanged =
        days !== undefined || a.values.anchor !== undefined || a.values['version-pattern'] !== undefined;
      const input: Record<string, unknown> = { applyToPlanned: !a.values['keep-planned'] };
      if (cadenceChanged) {
        input.cadence = {
          ...current.cadence,
          ...(days !== undefined ? { lengthDays: days } : {}),
          ...(typeof a.values.anchor === 'string' ? { anchorDate: a.values.anchor } : {}),
          ...(typeof a.values['version-pattern'] === 'string' ? { versionPattern: a.values['version-pattern'] } : {}),
        };
      }
      if (typeof a.values['working-days'] === 'string') input.workingDays = parseWorkingDays(a.values['working-days']);
      if (typeof a.values.template === 'string') input.template = z.unknown().parse(readJsonFile(a, a.values.template));
      if (Object.keys(input).length === 1)
        throw new UsageError('Nothing to change: give at least one option, e.g. --cadence-days 14.');
      const s = await a.call('settings.update', input as Input<'settings.update'>);
      a.print(
        s,
        () =>
          `Saved. Cadence every ${s.cadence.lengthDays} days from ${s.cadence.anchorDate ?? '(unset)'}, versions ${s.cadence.versionPattern}, working days ${s.workingDays.map((d) => weekdayName(d, true)).join(', ')}.`,
      );
    },
  },
};
