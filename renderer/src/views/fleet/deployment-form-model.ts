import type { Input } from '../../../../shared/contract';
import { type Deployment, type PinPolicy, type Tier, deploymentDraftSchema } from '../../../../shared/deployment';
import type { FieldError } from '../../../../shared/errors';
import type { AllDefined } from '../../../../shared/defined';
import {
  type FieldErrors as ErrorsOf,
  type PathMessage,
  isOneOf,
  schemaErrors,
  splitServerErrors as splitUnderPrefix,
} from '../settings/form-errors';

// The form keeps what the person typed as text; these helpers turn it into API
// input and validate it with the very schemas the backend applies, so a message
// shown on blur is the message the server would answer.

export const FORM_FIELDS = [
  'key',
  'name',
  'region',
  'timeZone',
  'tier',
  'weight',
  'pairingGroup',
  'pinPolicy',
  'internal',
  'earlyOptOut',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FieldErrors = ErrorsOf<FormField>;

export interface FormValues {
  key: string;
  name: string;
  region: string;
  timeZone: string;
  tier: Tier;
  weight: string;
  pairingGroup: string;
  pinPolicy: PinPolicy;
  internal: boolean;
  earlyOptOut: boolean;
}

export const EMPTY_FORM: FormValues = {
  key: '',
  name: '',
  region: '',
  timeZone: '',
  tier: 'standard',
  weight: '0',
  pairingGroup: '',
  pinPolicy: 'none',
  internal: false,
  earlyOptOut: false,
};

type Changes = Input<'deployments.update'>['changes'];

/** Every field as stored, the weight and the optional pairing group as their text boxes show them. */
export function formValuesOf(d: Deployment): FormValues {
  const stored = Object.fromEntries(FORM_FIELDS.map((f) => [f, d[f]])) as Pick<Deployment, FormField>;
  return { ...stored, weight: String(d.weight), pairingGroup: d.pairingGroup ?? '' };
}

/** "48,200" and "48 200" are read as 48200, as spreadsheets write them; anything else not an integer becomes NaN for the schema to reject. */
function parseWeight(text: string): number {
  const digits = text.replace(/[\s,_]/g, '');
  return /^-?\d+(\.\d+)?$/.test(digits) ? Number(digits) : Number.NaN;
}

function editableInput(values: FormValues): AllDefined<Changes> {
  return {
    name: values.name,
    region: values.region,
    timeZone: values.timeZone,
    tier: values.tier,
    weight: parseWeight(values.weight),
    pairingGroup: values.pairingGroup,
    pinPolicy: values.pinPolicy,
    internal: values.internal,
    earlyOptOut: values.earlyOptOut,
  };
}

export function draftInput(values: FormValues): Input<'deployments.create'> {
  return { key: values.key, ...editableInput(values) };
}

/** Only the fields whose meaning changed (whitespace and an emptied pairing group compare as the server stores them). */
export function changedFields(original: Deployment, values: FormValues): Changes {
  const next = editableInput(values);
  const normalized: Record<keyof Changes, unknown> = {
    ...next,
    name: next.name.trim(),
    region: next.region.trim(),
    timeZone: next.timeZone.trim(),
    pairingGroup: next.pairingGroup?.trim() || null,
  };
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(normalized)) {
    if (value !== original[field as keyof Changes]) changes[field] = next[field as keyof Changes];
  }
  return changes as Changes;
}

/**
 * Checks the whole form with the create schema in both modes: an edit shows every
 * field too, so rules across fields (the internal deployment cannot be pinned late)
 * are caught on blur rather than after Save.
 */
export function validateForm(values: FormValues): FieldErrors {
  return schemaErrors(deploymentDraftSchema, draftInput(values), FORM_FIELDS);
}

/**
 * Splits an API refusal into messages for the form's fields (update errors come
 * back as `changes.<field>`) and the rest, which the form shows as one alert.
 */
export function splitServerErrors(fields: readonly FieldError[] | undefined): {
  byField: FieldErrors;
  unplaced: PathMessage[];
} {
  return splitUnderPrefix(fields, 'changes', (f) => isOneOf(FORM_FIELDS, f));
}
