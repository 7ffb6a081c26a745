import { type Day, daysBetween, formatDay, isDay, isoWeekday, weekdayName } from '../../../../shared/days';
import {
  type Freeze,
  type Holiday,
  freezeDraftSchema,
  holidaySchema,
  workingDaysSchema,
} from '../../../../shared/schedule';
import { type FieldErrors, isOneOf, schemaErrors } from './form-errors';

// Calendar rules on the settings page: working days, holidays and freezes. Forms
// are checked with the backend's schemas; an empty date gets a plainer message
// than "is not a day written YYYY-MM-DD", since a date picker cannot be mistyped.

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export function validateWorkingDays(days: readonly number[]): string | undefined {
  const result = workingDaysSchema.safeParse([...days]);
  return result.success ? undefined : result.error.issues[0]?.message;
}

export function sameWeekdays(a: readonly number[], b: readonly number[]): boolean {
  return [...a].sort().join() === [...b].sort().join();
}

export function toggleWeekday(days: readonly number[], weekday: number): number[] {
  return days.includes(weekday) ? days.filter((d) => d !== weekday) : [...days, weekday].sort((a, b) => a - b);
}

/** "Fri 25 Dec 2026" */
export function dayWithWeekday(day: Day): string {
  return formatDay(day, { weekday: true });
}

/** "Christmas Day (Fri 25 Dec 2026)", for toasts and confirmations. */
export function describeHoliday(h: Holiday): string {
  return `${h.name} (${dayWithWeekday(h.date)})`;
}

/** "Mon 21 Dec 2026 – Sun 3 Jan 2027", or one day when it starts and ends on it. */
export function freezeSpan(f: Pick<Freeze, 'start' | 'end'>): string {
  return f.start === f.end ? dayWithWeekday(f.start) : `${dayWithWeekday(f.start)} – ${dayWithWeekday(f.end)}`;
}

export function describeFreeze(f: Freeze): string {
  return `${f.name} (${freezeSpan(f)})`;
}

/** Days a freeze covers, both ends included. */
export function freezeLengthDays(f: Pick<Freeze, 'start' | 'end'>): number {
  return daysBetween(f.start, f.end) + 1;
}

export function pluralDays(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

/** Holidays by year, each year and its days in order; one group when they all fall in one year. */
export function holidaysByYear(holidays: readonly Holiday[]): { year: string; holidays: Holiday[] }[] {
  const groups = new Map<string, Holiday[]>();
  for (const h of [...holidays].sort((a, b) => a.date.localeCompare(b.date))) {
    const year = h.date.slice(0, 4);
    groups.set(year, [...(groups.get(year) ?? []), h]);
  }
  return [...groups].map(([year, list]) => ({ year, holidays: list }));
}

export function sortedFreezes(freezes: readonly Freeze[]): Freeze[] {
  return [...freezes].sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end) || a.id - b.id);
}

/** Past, current or coming, relative to `today`. */
export function freezeTiming(f: Pick<Freeze, 'start' | 'end'>, today: Day): 'past' | 'current' | 'upcoming' {
  if (f.end < today) return 'past';
  return f.start <= today ? 'current' : 'upcoming';
}

// ---------- Holiday form ----------

export const HOLIDAY_FIELDS = ['date', 'name'] as const;
export type HolidayField = (typeof HOLIDAY_FIELDS)[number];
export type HolidayValues = Record<HolidayField, string>;
export const EMPTY_HOLIDAY: HolidayValues = { date: '', name: '' };

export function isHolidayField(field: string): field is HolidayField {
  return isOneOf(HOLIDAY_FIELDS, field);
}

/** Checks a new holiday, including a day that already has one (one holiday per day). */
export function validateHoliday(values: HolidayValues, existing: readonly Holiday[]): FieldErrors<HolidayField> {
  const errors = schemaErrors(holidaySchema, values, HOLIDAY_FIELDS);
  if (values.date.trim() === '') errors.date = 'Holiday date is required.';
  else if (isDay(values.date)) {
    const taken = existing.find((h) => h.date === values.date);
    if (taken) errors.date = `${dayWithWeekday(taken.date)} is already a holiday (${taken.name}).`;
  }
  return errors;
}

/** The hint under the holiday date: the day it names, and whether it was a working day at all. */
export function holidayDateHint(date: string, workingDays: readonly number[]): string | undefined {
  if (!isDay(date)) return undefined;
  const weekday = isoWeekday(date);
  return workingDays.includes(weekday)
    ? dayWithWeekday(date)
    : `${dayWithWeekday(date)}: ${weekdayName(weekday)} is not a working day anyway.`;
}

// ---------- Freeze form ----------

export const FREEZE_FIELDS = ['name', 'start', 'end', 'reason'] as const;
export type FreezeField = (typeof FREEZE_FIELDS)[number];
export type FreezeValues = Record<FreezeField, string>;
export const EMPTY_FREEZE: FreezeValues = { name: '', start: '', end: '', reason: '' };

export function isFreezeField(field: string): field is FreezeField {
  return isOneOf(FREEZE_FIELDS, field);
}

export function validateFreeze(values: FreezeValues): FieldErrors<FreezeField> {
  const errors = schemaErrors(freezeDraftSchema, values, FREEZE_FIELDS);
  if (values.start.trim() === '') errors.start = 'Freeze start is required.';
  if (values.end.trim() === '') errors.end = 'Freeze end is required.';
  return errors;
}

/** What the form will add, for the live summary under it ("16 days: Sat 19 Dec 2026 – Sun 3 Jan 2027"). */
export function freezePreview(values: FreezeValues): string | null {
  if (!isDay(values.start) || !isDay(values.end) || values.end < values.start) return null;
  return `${pluralDays(freezeLengthDays(values))}: ${freezeSpan(values)}`;
}
