import fs from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { Input, Result } from '../../shared/contract';
import type { ApiError, ErrorCode } from '../../shared/errors';
import type { MethodName } from '../../shared/method-names';
import type { Backend } from '../backend/backend';
import { decodeUtf8 } from '../../shared/utf8';
import { terminalCell, terminalText } from './terminal-text';

/** What the CLI writes to; injected so tests run it in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now?: () => Date;
  actor?: string;
  /** Where unexpected errors are written in full (default: the app's logs folder, or $RELEASE_CALENDAR_LOG). */
  logFile?: string;
  /** How long to wait for a lock another program holds before giving up (default: the connection's). */
  busyTimeoutMs?: number;
  /** Whether stdout is a terminal: a document printed there has its control characters escaped. */
  stdoutIsTerminal?: boolean;
  /** Standard input, for passwords: its whole text, or a prompt that does not echo (a terminal only). */
  stdin?: {
    isTTY: boolean;
    readAll: () => Promise<string>;
    promptHidden: (prompt: string) => Promise<string>;
  };
  /** Resolves when a long-running command (serve) should stop; by default SIGTERM or SIGINT. */
  untilStopped?: Promise<void>;
}

/** What a CLI error says to scripts: the API's codes, and `usage` for a malformed invocation. */
export type CliErrorCode = ErrorCode | 'usage';

/**
 * The exit code of each kind of error, so that scripts can tell them apart: 1 refused (fix the
 * input or the plan), 2 usage, 3 not found, 4 busy or unavailable (retry later), 70 internal (EX_SOFTWARE).
 */
export function exitCodeOf(code: CliErrorCode): number {
  switch (code) {
    case 'invalid_input':
    case 'conflict':
    case 'rule_violation':
      return 1;
    case 'usage':
      return 2;
    case 'not_found':
      return 3;
    case 'busy':
    case 'unavailable':
      return 4;
    case 'internal':
    case 'unknown_method':
    case 'unauthorized':
    case 'forbidden':
      return 70;
  }
}

/** A malformed invocation (exit 2). */
export class UsageError extends Error {}
/** A refused or failed command; `api` is the API's own answer when the refusal came from it. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode = 'rule_violation',
    readonly api?: ApiError,
  ) {
    super(message);
  }
}

/** A command as its module defines it; its one line in --help is in command-index.ts. */
export interface Command {
  usage: string;
  /** The command's own options, explained; global options are added after them. */
  help?: string;
  options?: ParseArgsConfig['options'];
  positionals?: [min: number, max: number];
  /** Resolves with an exit code when the command's answer is itself bad news (doctor finding damage); 0 by default. */
  run: (args: CommandArgs) => void | number | Promise<void | number>;
}

/** What a command tells people: one text, or several written one after another. */
export type HumanText = string | readonly string[];

export interface CommandArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  json: boolean;
  io: CliIO;
  /** Writes `value` as JSON under --json, else the text `human` makes (made only then). */
  print: (value: unknown, human: () => HumanText) => void;
  /** Writes a document (CSV, JSON, iCalendar…) to stdout as it is, escaped only when stdout is a terminal. */
  document: (text: string) => void;
  call: <M extends MethodName>(method: M, input: Input<M>) => Promise<Result<M>>;
  /** The backend the calls go to, started on first use. */
  backend: () => Promise<Backend>;
}

/**
 * The `print` of a command run: JSON for scripts under --json (JSON escapes control characters
 * itself), text for people otherwise, with stored text's control characters made visible.
 */
export function printer(io: CliIO, json: boolean): CommandArgs['print'] {
  return (value, human) => {
    if (json) {
      io.stdout(JSON.stringify(value, null, 2));
      return;
    }
    const text = human();
    for (const line of typeof text === 'string' ? [text] : text) io.stdout(terminalText(line));
  };
}

/**
 * A document without its last line break, which stdout adds back as LF. Sliced rather than
 * replaced: the slice shares the document's characters, where a replace would copy a calendar
 * of several megabytes whole.
 */
export function withoutFinalLineBreak(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** The text of a file named on the command line, relative to the folder the CLI runs in. */
export function readFileArg(a: CommandArgs, file: string): string {
  const full = path.resolve(a.io.cwd, file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(full);
  } catch {
    throw new CommandError(`Cannot read ${full}; check the path.`, 'invalid_input');
  }
  const text = decodeUtf8(bytes);
  if (text === null)
    throw new CommandError(`${full} is not UTF-8 text; save it as UTF-8 and try again.`, 'invalid_input');
  return text;
}

export function table(cells: string[][]): string {
  const rows = cells.map((r) => r.map(terminalCell));
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A table of `rows` under `header`, or the sentence `none` when there are no rows. */
export function tableOrNone(none: string, header: string[], rows: string[][]): string {
  return rows.length === 0 ? none : table([header, ...rows]);
}

/** Options that each take one value: `stringOptions('train', 'reason')` declares --train and --reason. */
export function stringOptions<const Name extends string>(...names: Name[]): Record<Name, { type: 'string' }> {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' }])) as Record<Name, { type: 'string' }>;
}

/**
 * A command of one argument (a key, a date, an id): one call made of it, its answer printed.
 * `input` may refuse the argument (a usage error) before anything is called.
 */
export function argumentCommand<M extends MethodName>(spec: {
  usage: string;
  method: M;
  input: (argument: string) => Input<M>;
  describe: (result: Result<M>) => HumanText;
}): Command {
  return {
    usage: spec.usage,
    positionals: [1, 1],
    async run(a) {
      const result = await a.call(spec.method, spec.input(a.positionals[0]!));
      a.print(result, () => spec.describe(result));
    },
  };
}
