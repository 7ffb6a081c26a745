import type { z } from 'zod';
import type { FieldError } from '../../../../shared/errors';

// Settings forms show one sentence per field. Issues arrive from zod on the
// client (paths as arrays) and from the server (dotted paths, sometimes under the
// name of the input they belong to, e.g. `template.phases.2.lengthDays`).

/** Field path → first message for it. */
export type ErrorMap = Record<string, string>;

/** A form's messages, one per field it shows. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export interface PathMessage {
  field: string;
  message: string;
}

export function issuesOf(error: z.ZodError): PathMessage[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
}

/** The first message per path: later ones for the same field are usually consequences of the first. */
export function firstPerField(issues: readonly PathMessage[]): ErrorMap {
  const errors: ErrorMap = {};
  for (const { field, message } of issues) if (!(field in errors)) errors[field] = message;
  return errors;
}

/** A type guard for the fields a form shows. */
export function isOneOf<F extends string>(fields: readonly F[], field: string): field is F {
  return (fields as readonly string[]).includes(field);
}

/** What `schema` says about `input`, one message for each of `fields` (paths it does not show are left out). */
export function schemaErrors<F extends string>(
  schema: z.ZodType,
  input: unknown,
  fields: readonly F[],
): FieldErrors<F> {
  const result = schema.safeParse(input);
  if (result.success) return {};
  const all = firstPerField(issuesOf(result.error));
  return Object.fromEntries(fields.flatMap((f) => (all[f] === undefined ? [] : [[f, all[f]]]))) as FieldErrors<F>;
}

/**
 * Splits a server refusal into messages for fields the form shows (`prefix.` is
 * taken off first) and the rest, which the form shows as one alert.
 */
export function splitServerErrors(
  fields: readonly FieldError[] | undefined,
  prefix: string,
  isShown: (field: string) => boolean,
): { byField: ErrorMap; unplaced: PathMessage[] } {
  const named = (fields ?? []).map((f) => ({
    field: prefix && f.field.startsWith(`${prefix}.`) ? f.field.slice(prefix.length + 1) : f.field,
    message: f.message,
  }));
  return {
    byField: firstPerField(named.filter((f) => isShown(f.field))),
    unplaced: named.filter((f) => !isShown(f.field)),
  };
}

/** "14", " 14 " → 14; anything that is not a plain number becomes NaN for the schema to reject with its own words. */
export function parseWholeNumber(text: string): number {
  const trimmed = text.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}
