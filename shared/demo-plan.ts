import { type Day, addDays, isoWeekday, startOfIsoWeek } from './days';
import type { FreezeDraft, Holiday } from './schedule';

// The demo calendar, relative to "today" so that it always shows trains in
// flight: a cadence anchored 31 weeks back (about seven months of history, see
// demo-history.ts), holidays of last year, this year and the next, and the
// year-end freezes from the last one its history reaches to the next.

/** The n-th (1-based) given ISO weekday of a month, or the last one when n = -1. */
function nthWeekday(year: number, month: number, weekday: number, n: number): Day {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const offset = (weekday - isoWeekday(first) + 7) % 7;
  let day = addDays(first, offset + 7 * (n > 0 ? n - 1 : 0));
  if (n < 0) {
    while (addDays(day, 7).slice(5, 7) === first.slice(5, 7)) day = addDays(day, 7);
  }
  return day;
}

export function demoHolidays(year: number): Holiday[] {
  return [
    { date: `${year}-01-01`, name: "New Year's Day" },
    { date: nthWeekday(year, 5, 1, -1), name: 'Memorial Day' },
    { date: nthWeekday(year, 9, 1, 1), name: 'Labor Day' },
    { date: nthWeekday(year, 11, 4, 4), name: 'Thanksgiving' },
    { date: addDays(nthWeekday(year, 11, 4, 4), 1), name: 'Day after Thanksgiving' },
    { date: `${year}-12-24`, name: 'Christmas Eve' },
    { date: `${year}-12-25`, name: 'Christmas Day' },
    { date: `${year}-12-31`, name: "New Year's Eve" },
  ];
}

export function demoFreeze(today: Day): FreezeDraft {
  const year = Number(today.slice(0, 4)) - (today.slice(5) < '01-04' ? 1 : 0);
  return {
    name: 'Year-end freeze',
    start: `${year}-12-19`,
    end: `${year + 1}-01-03`,
    reason: 'Reduced staffing over the holidays; customers asked for no changes at year end.',
  };
}

/**
 * The Monday 31 weeks before today's week: the trains starting every other Monday from there
 * give fourteen that have ended and two in flight today (as the anchor five weeks back did).
 */
export function demoAnchor(today: Day): Day {
  return addDays(startOfIsoWeek(today), -217);
}

/** The year-end freezes of the demo: the one before, when its history reaches it, and the current or next one. */
export function demoFreezes(today: Day): FreezeDraft[] {
  const next = demoFreeze(today);
  const before = demoFreeze(`${Number(next.start.slice(0, 4)) - 1}-06-01`);
  return before.end >= demoAnchor(today) ? [before, next] : [next];
}

export const DEMO_NOTES = `## Highlights

- **Passwordless sign-in** for the admin console (behind the \`passwordless-admin\` flag).
- Faster policy evaluation: p95 down from 38 ms to 21 ms.

## Fixes

- Audit log exports no longer drop events at day boundaries (#4812).

> Watch: the new session cache in \`eu-central\` after wave 2.
`;
