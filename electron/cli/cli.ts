import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Input, Result } from '../../shared/contract';
import { DatabaseOpenError, withDbFlag } from '../backend/db/open-error';
import type { MethodName } from '../../shared/method-names';
import type { Backend } from '../backend/backend';
import { databaseBusy, isDatabaseBusy } from '../backend/db/busy';
import { resolveDatabasePath, DB_ENV } from '../backend/paths';
import { APP_VERSION } from '../backend/version';
import type { ApiError } from '../../shared/errors';
import { COMMAND_SUMMARIES, loadCommand } from './command-index';
import { type CliErrorCode, type CliIO, type Command, CommandError, UsageError, exitCodeOf, printer } from './command';
import { cliLogFile, logError } from './error-log';
import { terminalText } from './terminal-text';

export type { CliIO } from './command';

const GLOBAL_OPTIONS = {
  db: { type: 'string' },
  actor: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const GLOBAL_HELP = `  --db PATH   database file (default: $${DB_ENV}, then the app's user-data folder)
  --actor N   record changes in the audit log as N (default: the app's user name, else the OS user)
  --json      print machine-readable JSON on stdout, errors included
  --help      show help for the command`;

const EXIT_CODES = `Exit codes: 0 done, 1 refused (bad value, a rule or a clash; nothing changed), 2 usage,
3 not found, 4 the database is locked by another program (try again), 70 unexpected error.`;

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMAND_SUMMARIES).map((k) => k.length));
  return `release-calendar ${APP_VERSION} — plan release trains and keep rollouts fair, from scripts and CI.

Usage: release-calendar <command> [options]

Commands:
${Object.entries(COMMAND_SUMMARIES)
  .map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`)
  .join('\n')}

Every command takes:
${GLOBAL_HELP}

${EXIT_CODES}

Run "release-calendar <command> --help" for a command's options.`;
}

function commandHelp(name: string, c: Command): string {
  const summary = COMMAND_SUMMARIES[name]!;
  return `Usage: release-calendar ${c.usage}\n\n${summary[0]!.toUpperCase()}${summary.slice(1)}.\n\n${c.help ? `${c.help}\n` : ''}${GLOBAL_HELP}`;
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

/** An error as the CLI reports it: the API's own answer when it came from the API. */
interface Failure {
  code: CliErrorCode;
  message: string;
  api?: ApiError;
}

/** A database that cannot be opened: not there (exit 3), refused as it is (exit 1), or a broken install (exit 70). */
function openErrorCode(err: DatabaseOpenError): CliErrorCode {
  switch (err.kind) {
    case 'native_module':
      return 'internal';
    case 'missing_file':
    case 'missing_folder':
      return 'not_found';
    case 'from_future':
    case 'not_ours':
    case 'unreadable':
    case 'empty':
    case 'damaged':
    case 'read_only':
      return 'rule_violation';
  }
}

/** Runs one CLI invocation; returns the exit code (see EXIT_CODES). */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let backend: Backend | undefined;
  let name: string | undefined;
  let dbPath: string | undefined;
  let json = argv.includes('--json');
  const logFile = io.logFile ?? cliLogFile(io.env, io.cwd);
  const now = io.now ?? (() => new Date());
  /** What the CLI prints for people: stored text's control characters are shown, never obeyed. */
  const human: CliIO = {
    ...io,
    stdout: (text) => io.stdout(terminalText(text)),
    stderr: (text) => io.stderr(terminalText(text)),
  };
  const failure = (err: unknown): Failure => {
    if (err instanceof UsageError) return { code: 'usage', message: err.message };
    if (err instanceof CommandError)
      return { code: err.code, message: err.message, ...(err.api ? { api: err.api } : {}) };
    if (err instanceof DatabaseOpenError) return { code: openErrorCode(err), message: withDbFlag(err) };
    // A lock held past the busy timeout while opening (the dispatcher answers it for calls).
    if (isDatabaseBusy(err) && dbPath !== undefined) return databaseBusy(dbPath);
    const what = name ?? 'release-calendar';
    return {
      code: 'internal',
      message: `${what} failed unexpectedly; ${logError(logFile, `release-calendar ${argv.join(' ')}`, err, now())}`,
    };
  };
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
    const found = [`${words[0]} ${words[1] ?? ''}`.trim(), words[0] ?? ''].find((n) => n in COMMAND_SUMMARIES);
    name = found;
    if (!found) {
      const group = Object.keys(COMMAND_SUMMARIES).filter((k) => k.startsWith(`${words[0]} `));
      if (group.length > 0 && words.length === 1 && (argv.includes('--help') || argv.includes('-h'))) {
        io.stdout(
          `Usage: release-calendar ${words[0]} <command> [options]\n\n${group.map((k) => `  ${k.padEnd(24)}  ${COMMAND_SUMMARIES[k]}`).join('\n')}\n\nRun "release-calendar ${words[0]} <command> --help" for its options.`,
        );
        return 0;
      }
      if (group.length > 0)
        throw new UsageError(`"${words.slice(0, 2).join(' ')}" is not a command; try one of: ${group.join(', ')}.`);
      throw new UsageError(`Unknown command "${words[0]}"; run "release-calendar --help" for the list.`);
    }
    const command = await loadCommand(found);
    const rest = argv.filter((_, i) => !indexes.slice(0, found.split(' ').length).includes(i));
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...GLOBAL_OPTIONS, ...command.options },
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      throw new UsageError(`${(err as Error).message.replace(/\.$/, '')}; run "release-calendar ${found} --help".`);
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.help) {
      io.stdout(commandHelp(found, command));
      return 0;
    }
    const [min, max] = command.positionals ?? [0, 0];
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new UsageError(`Usage: release-calendar ${command.usage}`);
    }
    json = Boolean(values.json);
    dbPath = resolveDatabasePath(
      typeof values.db === 'string' ? path.resolve(io.cwd, values.db) : undefined,
      io.env[DB_ENV] ? { ...io.env, [DB_ENV]: path.resolve(io.cwd, io.env[DB_ENV]) } : io.env,
    );
    const database = dbPath;
    const open = async (): Promise<Backend> => {
      // Loaded here, not at start: help, usage errors and commands that do not call the API do without it.
      const { startBackend } = await import('../backend/backend');
      if (backend) return backend;
      backend = startBackend({
        dbPath: database,
        create: name === 'init' ? 'explicit' : 'never',
        transport: 'cli',
        version: APP_VERSION,
        ...(io.now ? { now: io.now } : {}),
        ...(typeof values.actor === 'string' ? { actor: values.actor } : io.actor ? { actor: io.actor } : {}),
        // The stack goes to the log file; the caller gets one sentence naming it.
        logError: (method, err) => {
          loggedTo = logError(logFile, `release-calendar ${argv.join(' ')}: ${method}`, err, now());
        },
        log: (message) => human.stderr(`release-calendar: ${message}`),
      });
      if (io.busyTimeoutMs !== undefined) {
        backend.database.db.pragma(`busy_timeout = ${Math.trunc(io.busyTimeoutMs)}`);
        backend.reader.pragma(`busy_timeout = ${Math.trunc(io.busyTimeoutMs)}`);
      }
      return backend;
    };
    let loggedTo = `the details are in ${logFile}.`;
    const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> => {
      const answer = await (await open()).dispatch(method, input);
      if (!answer.ok && answer.error.code === 'internal')
        throw new CommandError(`${method} failed unexpectedly; nothing was changed, and ${loggedTo}`, 'internal');
      // The refusal in the CLI's words; its module reads the field names of the schemas.
      if (!answer.ok) throw (await import('./refusals')).apiFailure(answer.error);
      return answer.result as Result<M>;
    };
    const exitCode = await command.run({
      values,
      positionals: parsed.positionals,
      json,
      io: human,
      print: printer(io, json),
      document: (text) => io.stdout(io.stdoutIsTerminal ? terminalText(text) : text),
      call,
      backend: open,
    });
    return exitCode ?? 0;
  } catch (err) {
    const { code, message, api } = failure(err);
    if (json) io.stdout(JSON.stringify({ ok: false, error: api ?? { code, message } }, null, 2));
    else human.stderr(`release-calendar: ${message.replace(/\s*\n\s*/g, ' ')}`);
    return exitCodeOf(code);
  } finally {
    backend?.close();
  }
}
