import {
  type Cadence,
  VERSION_TOKENS,
  cadenceSchema,
  firstSlotOnOrAfter,
  formatVersion,
  slotStart,
} from '../../../../shared/cadence';
import type { Input } from '../../../../shared/contract';
import { type Day, addDays, isDay, isoWeekday, weekdayName } from '../../../../shared/days';
import { type FieldErrors, parseWholeNumber, schemaErrors } from './form-errors';

// The cadence form: what the person typed, as text, turned into the API's input
// and checked with the backend's own schema.

export const CADENCE_FIELDS = ['lengthDays', 'anchorDate', 'versionPattern'] as const;
export type CadenceField = (typeof CADENCE_FIELDS)[number];
/** As typed; `anchorDate` is `YYYY-MM-DD`, or empty while no train has been planned. */
export type CadenceValues = Record<CadenceField, string>;

/** What each version token becomes, for the help beside the pattern. */
const TOKEN_MEANINGS: Record<(typeof VERSION_TOKENS)[number], string> = {
  '{yyyy}': 'year of the train’s start (2027)',
  '{yy}': 'two-digit year (27)',
  '{mm}': 'month of the start (01–12)',
  '{dd}': 'day of the month of the start (01–31)',
  '{nn}': 'number of the train within its year (01, 02, …)',
  '{n}': 'overall number of the train, counted from the anchor (1, 2, …)',
};

export const TOKEN_HELP: readonly { token: string; meaning: string }[] = VERSION_TOKENS.map((token) => ({
  token,
  meaning: TOKEN_MEANINGS[token],
}));

export function cadenceValuesOf(cadence: Cadence): CadenceValues {
  return {
    lengthDays: String(cadence.lengthDays),
    anchorDate: cadence.anchorDate ?? '',
    versionPattern: cadence.versionPattern,
  };
}

export function cadenceInput(values: CadenceValues): NonNullable<Input<'settings.update'>['cadence']> {
  return {
    lengthDays: parseWholeNumber(values.lengthDays),
    anchorDate: values.anchorDate.trim() === '' ? null : values.anchorDate.trim(),
    versionPattern: values.versionPattern,
  };
}

export function validateCadence(values: CadenceValues): FieldErrors<CadenceField> {
  return schemaErrors(cadenceSchema, cadenceInput(values), CADENCE_FIELDS);
}

/** True when saving would change what is stored (whitespace in the pattern is trimmed by the server). */
export function isCadenceChanged(saved: Cadence, values: CadenceValues): boolean {
  const next = cadenceInput(values);
  return (
    next.lengthDays !== saved.lengthDays ||
    next.anchorDate !== saved.anchorDate ||
    next.versionPattern.trim() !== saved.versionPattern
  );
}

export interface VersionPreview {
  version: string;
  start: Day;
}

export interface CadencePreview {
  /** The anchor the preview counts from: the one typed, or an example when it is empty. */
  anchorDate: Day;
  /** True when the anchor is an example (the first plan sets the real one). */
  exampleAnchor: boolean;
  trains: VersionPreview[];
}

/**
 * The next `count` versions from `today` on, as the pattern would name them.
 * Without an anchor, the example anchor is the next Monday, the usual start of a
 * train. Null while the values are invalid (the form says why).
 */
export function previewVersions(values: CadenceValues, today: Day, count = 3): CadencePreview | null {
  const parsed = cadenceSchema.safeParse(cadenceInput(values));
  if (!parsed.success) return null;
  const exampleAnchor = parsed.data.anchorDate === null;
  const anchorDate = parsed.data.anchorDate ?? addDays(today, (8 - isoWeekday(today)) % 7);
  const cadence = { ...parsed.data, anchorDate };
  // Sequence numbers count from the anchor, so nothing is numbered before it.
  const first = Math.max(0, firstSlotOnOrAfter(cadence, today));
  const trains = Array.from({ length: count }, (_, i) => ({
    version: formatVersion(cadence, first + i),
    start: slotStart(cadence, first + i),
  }));
  return { anchorDate, exampleAnchor, trains };
}

/** The hint under the anchor: what it is, and the weekday trains start on once it is set. */
export function anchorHint(values: CadenceValues): string {
  const base = 'The start of one train: every train starts a whole number of cadences from it.';
  const anchor = values.anchorDate.trim();
  if (anchor === '') return `${base} Empty until the first plan sets it.`;
  if (!isDay(anchor)) return base;
  const weekday = weekdayName(isoWeekday(anchor));
  const length = parseWholeNumber(values.lengthDays);
  return Number.isInteger(length) && length % 7 === 0
    ? `${base} Trains start on ${weekday}s.`
    : `${base} It is a ${weekday}.`;
}
