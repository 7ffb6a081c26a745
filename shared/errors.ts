import type { z } from 'zod';

/** Every error that crosses the API boundary has one of these codes. */
export const ERROR_CODES = [
  'unknown_method', // no such API method
  'invalid_input', // the input failed the contract's schema
  'not_found', // the thing named does not exist
  'conflict', // the change clashes with existing data (duplicate key, second internal deployment)
  'rule_violation', // a domain rule refuses the change
  'busy', // another program holds the database's lock beyond the wait; retry later
  'unavailable', // the desktop app's team server cannot be reached: nothing was sent, nothing is queued
  'unauthorized', // browser mode: missing or wrong token
  'forbidden', // browser mode: foreign Host or Origin
  'internal', // anything unexpected; details stay in the log, never in the answer
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A problem tied to one field (form input) or one cell (CSV row and column). */
export interface FieldError {
  /** Dotted path of the field, e.g. `timeZone` or `changes.weight`. */
  field: string;
  message: string;
  /** For file imports: the 1-based line in the file. */
  line?: number;
}

/**
 * What a person can do about a refusal, for each host to say in its own terms: the CLI names
 * its commands and flags, the app its buttons. The message itself stays in the user's words.
 */
export type ErrorHint =
  | { kind: 'list_deployments' }
  | { kind: 'list_trains' }
  | { kind: 'plan_rollout'; version: string }
  | { kind: 'name_deployments' }
  | { kind: 'new_database' };

export interface ApiError {
  code: ErrorCode;
  message: string;
  fields?: FieldError[];
  hint?: ErrorHint;
}

export type ApiResponse<R> = { ok: true; result: R } | { ok: false; error: ApiError };

/** Thrown by services for failures a user can meet; the dispatcher turns it into an ApiError. */
export class DomainError extends Error {
  constructor(
    readonly code: Exclude<ErrorCode, 'internal' | 'unknown_method' | 'unauthorized' | 'forbidden' | 'unavailable'>,
    message: string,
    readonly fields?: FieldError[],
    readonly hint?: ErrorHint,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Field errors from a zod failure, with paths joined by dots. */
export function fieldErrorsFromZod(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
}

/** One readable sentence for a list of field errors (CLI stderr, banners). */
export function describeFieldErrors(fields: readonly FieldError[]): string {
  return fields
    .map((f) => (f.line !== undefined ? `line ${f.line}, ${f.field}: ${f.message}` : `${f.field}: ${f.message}`))
    .join(' ');
}

/** The answer to input its schema refused: every field's message, in one envelope. */
export function invalidInput(method: string, error: z.ZodError): { ok: false; error: ApiError } {
  const fields = fieldErrorsFromZod(error);
  return {
    ok: false,
    error: { code: 'invalid_input', message: `Invalid input for ${method}: ${describeFieldErrors(fields)}`, fields },
  };
}

/** What went wrong, in the error's own words: its message, or the thrown value as text. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
