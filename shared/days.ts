// Calendar days as `YYYY-MM-DD` strings, with arithmetic on whole days.
//
// The DST trap, handled here once: a local-midnight `Date` plus 24 hours is not
// always the next day (a 23- or 25-hour day at a daylight-saving change), and
// `new Date('2027-03-14')` is UTC midnight, which is the previous day west of
// Greenwich. So days never become local `Date`s: they are converted to a count of
// days since 1970-01-01 using UTC fields only, where every day has 24 hours.

export type Day = string;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True when `text` is a real calendar day written `YYYY-MM-DD` (so 2027-02-30 is not), of any year. */
export function isCalendarDay(text: string): boolean {
  const m = DAY_PATTERN.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Not Date.UTC, which reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** True when `text` is a real calendar day written `YYYY-MM-DD` (so 2027-02-30 is not), from 1970 on. */
export function isDay(text: string): boolean {
  return isCalendarDay(text) && text >= '1970';
}

/**
 * The days any input may name, both included. Wide enough for plans decades ahead; narrow enough
 * that every day the app derives from one (a train's phases, 260 trains ahead at the longest
 * cadence, about 65 years; a plan of every slot up to a day) still has a four-digit year, which
 * `toEpochDay` and the `YYYY-MM-DD` order of strings depend on. Trains are planned to start within
 * it too, so repeated plans cannot walk past it.
 */
export const FIRST_SUPPORTED_DAY: Day = '1970-01-01';
export const LAST_SUPPORTED_DAY: Day = '2199-12-31';

/** True when `day` (a day written `YYYY-MM-DD`) is within the supported range. */
export function isSupportedDay(day: Day): boolean {
  return day >= FIRST_SUPPORTED_DAY && day <= LAST_SUPPORTED_DAY;
}

/** Days since 1970-01-01. */
// A day is read by arithmetic, and formatted days are remembered (up to a bound): a calendar view
// converts the same few hundred days thousands of times a render, and an export of 10,000 events
// hundreds of thousands; parsing and formatting dates was a tenth of a timeline's render.
const dayOfEpoch = new Map<number, Day>();
const REMEMBERED = 100_000;

export function toEpochDay(day: Day): number {
  const fast = civilEpochDay(day);
  if (fast !== null) return fast;
  const m = DAY_PATTERN.exec(day);
  if (!m) throw new RangeError(`Not a day: ${day}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY);
}

/** The value of `length` decimal digits of `text` from `at`, or −1 when one is not a digit. */
function digitsAt(text: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Days since 1970-01-01 by arithmetic (the civil-from-days algorithm run backwards), for the days
 * most calls pass: YYYY-MM-DD with a year from 100 and a month 1–12 (a day past the month's end
 * runs into the next, as Date.UTC does). Null for anything else, which Date.UTC then reads.
 */
function civilEpochDay(day: string): number | null {
  if (day.length !== 10 || day.charCodeAt(4) !== 45 || day.charCodeAt(7) !== 45) return null;
  const year = digitsAt(day, 0, 4);
  const month = digitsAt(day, 5, 2);
  const date = digitsAt(day, 8, 2);
  // Date.UTC reads the years 0–99 as 1900–1999: those go its way.
  if (year < 100 || month < 1 || month > 12 || date < 0) return null;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + date - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function fromEpochDay(n: number): Day {
  const known = dayOfEpoch.get(n);
  if (known !== undefined) return known;
  const day = new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
  if (dayOfEpoch.size < REMEMBERED) dayOfEpoch.set(n, day);
  return day;
}

export function addDays(day: Day, n: number): Day {
  return fromEpochDay(toEpochDay(day) + n);
}

/** `b - a` in days. */
export function daysBetween(a: Day, b: Day): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: Day): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((toEpochDay(day) + 3) % 7) + 7) % 7) + 1;
}

/** The Monday on or before `day`. */
export function startOfIsoWeek(day: Day): Day {
  return addDays(day, 1 - isoWeekday(day));
}

export function startOfMonth(day: Day): Day {
  return `${day.slice(0, 7)}-01`;
}

export function addMonths(day: Day, n: number): Day {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + n;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const d = Math.min(Number(day.slice(8, 10)), last);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function endOfMonth(day: Day): Day {
  return addDays(addMonths(startOfMonth(day), 1), -1);
}

/** Every day from `from` to `to`, both included. */
export function eachDay(from: Day, to: Day): Day[] {
  const start = toEpochDay(from);
  const end = toEpochDay(to);
  const out: Day[] = [];
  for (let n = start; n <= end; n++) out.push(fromEpochDay(n));
  return out;
}

export function minDay(a: Day, b: Day): Day {
  return a <= b ? a : b;
}

export function maxDay(a: Day, b: Day): Day {
  return a >= b ? a : b;
}

/** True when the closed ranges [aStart, aEnd] and [bStart, bEnd] share a day. */
export function rangesOverlap(aStart: Day, aEnd: Day, bStart: Day, bEnd: Day): boolean {
  return aStart <= bEnd && bStart <= aEnd;
}

/** One formatter per zone: making an Intl.DateTimeFormat costs far more than formatting with it. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of `instant` in `timeZone` (IANA), e.g. "today" where the user is. */
export function dayInZone(instant: Date, timeZone: string): Day {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export function weekdayName(isoDay: number, short = false): string {
  const name = WEEKDAY_NAMES[isoDay - 1] ?? '';
  return short ? name.slice(0, 3) : name;
}

export function monthName(month1: number, short = false): string {
  const name = MONTH_NAMES[month1 - 1] ?? '';
  return short ? name.slice(0, 3) : name;
}

/** "Mon 4 Jan 2027" (or without the year). Locale-free so that tests and exports are stable. */
export function formatDay(day: Day, options: { weekday?: boolean; year?: boolean } = {}): string {
  const [y, m, d] = [Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))];
  const parts = [
    options.weekday ? weekdayName(isoWeekday(day), true) : '',
    String(d),
    monthName(m, true),
    options.year === false ? '' : String(y),
  ];
  return parts.filter(Boolean).join(' ');
}

/** "4–17 Jan 2027", "28 Dec 2026 – 10 Jan 2027". */
export function formatRange(start: Day, end: Day): string {
  if (start === end) return formatDay(start);
  if (start.slice(0, 7) === end.slice(0, 7)) return `${Number(start.slice(8))}–${formatDay(end)}`;
  if (start.slice(0, 4) === end.slice(0, 4)) return `${formatDay(start, { year: false })} – ${formatDay(end)}`;
  return `${formatDay(start)} – ${formatDay(end)}`;
}
