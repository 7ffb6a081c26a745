import { ApiCallError } from '../../api/client';
import { errorMessage } from '../../../../shared/errors';

/** A refused action as the form shows it: one sentence, and the messages of the fields it names. */
export interface ActionProblem {
  message: string;
  /** By field name as the contract spells it (`version`, `start`, `reason`, `from`, `count`). */
  fields: Record<string, string>;
}

export function problemOf(err: unknown): ActionProblem {
  if (!(err instanceof ApiCallError)) return { message: errorMessage(err), fields: {} };
  const fields: Record<string, string> = {};
  for (const f of err.error.fields ?? []) fields[f.field] ??= f.message;
  return { message: err.error.message, fields };
}

/** The form-level sentence, unless every field error is already shown beside its field. */
export function unplacedMessage(problem: ActionProblem | null, shown: readonly string[]): string | null {
  if (!problem) return null;
  const names = Object.keys(problem.fields);
  return names.length > 0 && names.every((n) => shown.includes(n)) ? null : problem.message;
}
