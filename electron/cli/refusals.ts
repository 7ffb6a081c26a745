import { deploymentDraftSchema } from '../../shared/deployment';
import { describeFieldErrors, type ApiError, type ErrorHint } from '../../shared/errors';
import { CommandError } from './command';

/** API fields whose CLI flag is the field's own name in kebab case (`timeZone` is `--time-zone`). */
const FIELDS_NAMED_AS_FLAGS = new Set([
  ...Object.keys(deploymentDraftSchema.shape),
  'deployments',
  'trains',
  'seed',
  'regressionRate',
  'wave',
  'from',
  'to',
  'count',
  'through',
  'start',
  'end',
  'date',
  'reason',
  'versionPattern',
  'workingDays',
  'status',
  'sort',
  'search',
  'id',
  'reference',
  'severity',
  'format',
  'paper',
  'folder',
  'role',
  'displayName',
]);

/** API fields whose CLI flag says it in other words. */
const FIELDS_RENAMED_AS_FLAGS: Record<string, string> = {
  lengthDays: '--cadence-days',
  anchorDate: '--anchor',
  trainId: '--train',
  keys: '--deployment',
  bakeOverride: '--override-bake',
  evidenceUrl: '--evidence',
  fixVersion: '--fix',
  userName: '--name',
  password: 'the password',
};

/** API objects that one flag gives whole (`--release-window 09:00-11:00`): a message about a part names that flag. */
const OBJECTS_GIVEN_BY_ONE_FLAG: Record<string, string> = { releaseWindow: '--release-window' };

function flagOf(field: string): string | undefined {
  if (FIELDS_NAMED_AS_FLAGS.has(field)) return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return FIELDS_RENAMED_AS_FLAGS[field];
}

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

/**
 * Turns an API error into one line that names the CLI's own flags rather than the API's field
 * names; the API's answer rides along for --json, which prints it unchanged.
 */
export function apiFailure(error: ApiError): CommandError {
  if (error.hint)
    return new CommandError(`${error.message.replace(/\.$/, '')}${cliHint(error.hint)}`, error.code, error);
  if (error.code !== 'invalid_input' || !error.fields || error.fields.some((f) => f.line !== undefined))
    return new CommandError(error.message, error.code, error);
  const fields = error.fields.map((f) => {
    // Template errors point into a JSON file (template.phases.2.lengthDays): keep their path.
    if (f.field.startsWith('template.')) return f;
    const path = f.field.split('.');
    const whole = path.find((p) => Object.hasOwn(OBJECTS_GIVEN_BY_ONE_FLAG, p));
    if (whole !== undefined) return { ...f, field: OBJECTS_GIVEN_BY_ONE_FLAG[whole]! };
    const last = path.at(-1) ?? f.field;
    return { ...f, field: flagOf(last) ?? f.field };
  });
  return new CommandError(describeFieldErrors(fields), error.code, error);
}
