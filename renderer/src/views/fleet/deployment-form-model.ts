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
  'releaseWindowStart',
  'releaseWindowEnd',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** The form's fields that are the deployment's own, as stored; the release window is two time boxes. */
const STORED_FIELDS = FORM_FIELDS.filter(
  (f): f is Exclude<FormField, 'releaseWindowStart' | 'releaseWindowEnd'> =>
    f !== 'releaseWindowStart' && f !== 'releaseWindowEnd',
);

/** Where the schema's messages about the window's two times go. */
const WINDOW_PATHS: Record<string, FormField> = {
  'releaseWindow.start': 'releaseWindowStart',
  'releaseWindow.end': 'releaseWindowEnd',
  releaseWindow: 'releaseWindowStart',
};
const isWindowPath = (path: string): boolean => Object.hasOwn(WINDOW_PATHS, path);
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
  /** `HH:MM` as a time box gives it; both empty: no window. */
  releaseWindowStart: string;
  releaseWindowEnd: string;
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
  releaseWindowStart: '',
  releaseWindowEnd: '',
};

type Changes = Input<'deployments.update'>['changes'];

/** Every field as stored, the weight and the optional pairing group as their text boxes show them. */
export function formValuesOf(d: Deployment): FormValues {
  const stored = Object.fromEntries(STORED_FIELDS.map((f) => [f, d[f]])) as Pick<
    Deployment,
    (typeof STORED_FIELDS)[number]
  >;
  return {
    ...stored,
    weight: String(d.weight),
    pairingGroup: d.pairingGroup ?? '',
    releaseWindowStart: d.releaseWindow?.start ?? '',
    releaseWindowEnd: d.releaseWindow?.end ?? '',
  };
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
    // Both boxes empty is no window; one of them empty is a window the schema says is incomplete.
    releaseWindow:
      values.releaseWindowStart.trim() === '' && values.releaseWindowEnd.trim() === ''
        ? null
        : { start: values.releaseWindowStart, end: values.releaseWindowEnd },
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
    releaseWindow: next.releaseWindow && { start: next.releaseWindow.start.trim(), end: next.releaseWindow.end.trim() },
  };
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(normalized)) {
    // By value: the release window is an object.
    if (JSON.stringify(value) !== JSON.stringify(original[field as keyof Changes]))
      changes[field] = next[field as keyof Changes];
  }
  return changes as Changes;
}

/**
 * Checks the whole form with the create schema in both modes: an edit shows every
 * field too, so rules across fields (the internal deployment cannot be pinned late)
 * are caught on blur rather than after Save.
 */
export function validateForm(values: FormValues): FieldErrors {
  const errors = schemaErrors(deploymentDraftSchema, draftInput(values), [
    ...FORM_FIELDS,
    ...Object.keys(WINDOW_PATHS),
  ]);
  return placeWindowErrors(errors);
}

/** Moves messages about `releaseWindow.start`/`.end` (or the window as a whole) under the time box they are about. */
function placeWindowErrors(errors: Partial<Record<string, string>>): FieldErrors {
  const placed: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    if (message === undefined) continue;
    const field = isWindowPath(path) ? WINDOW_PATHS[path] : isOneOf(FORM_FIELDS, path) ? path : undefined;
    if (field !== undefined && placed[field] === undefined) placed[field] = message;
  }
  return placed;
}

/**
 * Splits an API refusal into messages for the form's fields (update errors come
 * back as `changes.<field>`) and the rest, which the form shows as one alert.
 */
export function splitServerErrors(fields: readonly FieldError[] | undefined): {
  byField: FieldErrors;
  unplaced: PathMessage[];
} {
  const { byField, unplaced } = splitUnderPrefix(fields, 'changes', (f) => isOneOf(FORM_FIELDS, f) || isWindowPath(f));
  return { byField: placeWindowErrors(byField), unplaced };
}
