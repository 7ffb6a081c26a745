import fs from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { Input, Result } from '../../shared/contract';
import type { MethodName } from '../../shared/method-names';
import type { Backend } from '../backend/backend';

/** What the CLI writes to; injected so tests run it in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now?: () => Date;
  actor?: string;
}

/** A malformed invocation (exit 2). */
export class UsageError extends Error {}
/** A refused or failed command (exit 1). */
export class CommandError extends Error {}

export interface Command {
  usage: string;
  summary: string;
  /** The command's own options, explained; global options are added after them. */
  help?: string;
  options?: ParseArgsConfig['options'];
  positionals?: [min: number, max: number];
  run: (args: CommandArgs) => void | Promise<void>;
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
  call: <M extends MethodName>(method: M, input: Input<M>) => Promise<Result<M>>;
  backend: () => Backend;
}

/** The `print` of a command run: JSON for scripts under --json, text for people otherwise. */
export function printer(io: CliIO, json: boolean): CommandArgs['print'] {
  return (value, human) => {
    if (json) {
      io.stdout(JSON.stringify(value, null, 2));
      return;
    }
    const text = human();
    for (const line of typeof text === 'string' ? [text] : text) io.stdout(line);
  };
}

/** The text of a file named on the command line, relative to the folder the CLI runs in. */
export function readFileArg(a: CommandArgs, file: string): string {
  const full = path.resolve(a.io.cwd, file);
  try {
    return fs.readFileSync(full, 'utf8');
  } catch {
    throw new CommandError(`Cannot read ${full}; check the path.`);
  }
}

export function table(rows: string[][]): string {
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
