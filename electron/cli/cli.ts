import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Input, Result } from '../../shared/contract';
import { DatabaseOpenError, withDbFlag } from '../backend/db/open-error';
import type { MethodName } from '../../shared/method-names';
import { startBackend, type Backend } from '../backend/backend';
import { resolveDatabasePath, DB_ENV } from '../backend/paths';
import { APP_VERSION } from '../backend/version';
import { CALENDAR_COMMANDS } from './calendar-commands';
import { DOCTOR_COMMANDS } from './doctor-commands';
import { EXPORT_COMMANDS } from './export-commands';
import { FLEET_COMMANDS } from './fleet-commands';
import { ROLLOUT_COMMANDS } from './rollout-commands';
import { TRACKING_COMMANDS } from './tracking-commands';
import { apiFailure } from './refusals';
import { type CliIO, type Command, UsageError, printer } from './command';

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

const COMMANDS: Record<string, Command> = {
  ...FLEET_COMMANDS,
  ...CALENDAR_COMMANDS,
  ...ROLLOUT_COMMANDS,
  ...TRACKING_COMMANDS,
  ...EXPORT_COMMANDS,
  ...DOCTOR_COMMANDS,
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
        create: name === 'init' ? 'explicit' : 'never',
        transport: 'cli',
        version: APP_VERSION,
        ...(io.now ? { now: io.now } : {}),
        ...(typeof values.actor === 'string' ? { actor: values.actor } : io.actor ? { actor: io.actor } : {}),
        logError: (method, err) =>
          io.stderr(
            `release-calendar: ${method} failed unexpectedly: ${(err instanceof Error ? err.stack : undefined) ?? String(err)}`,
          ),
        log: (message) => io.stderr(`release-calendar: ${message}`),
      });
      return backend;
    };
    const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> => {
      const answer = await open().dispatch(method, input);
      if (!answer.ok) throw apiFailure(answer.error);
      return answer.result as Result<M>;
    };
    const json = Boolean(values.json);
    await command.run({
      values,
      positionals: parsed.positionals,
      json,
      io,
      print: printer(io, json),
      call,
      backend: open,
    });
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
