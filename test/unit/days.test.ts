import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  dayInZone,
  daysBetween,
  eachDay,
  endOfMonth,
  formatDay,
  formatRange,
  fromEpochDay,
  isDay,
  isoWeekday,
  maxDay,
  minDay,
  monthName,
  rangesOverlap,
  startOfIsoWeek,
  startOfMonth,
  toEpochDay,
  weekdayName,
} from '../../shared/days';

/** Days on which clocks change somewhere: where a local-midnight Date plus 24 h goes wrong. */
const DST_CHANGE_DAYS = [
  ['US spring forward', '2027-03-14'],
  ['EU spring forward', '2027-03-28'],
  ['Pacific/Chatham and Auckland fall back', '2027-04-04'],
  ['EU fall back', '2027-10-31'],
  ['US fall back', '2027-11-07'],
  ['Pacific/Chatham and Auckland spring forward', '2027-09-26'],
] as const;

describe('isDay: a real calendar day written YYYY-MM-DD', () => {
  it.each(['2027-01-04', '2028-02-29', '2000-02-29', '1970-01-01', '2026-12-31', '2099-12-31'])('accepts %s', (d) => {
    expect(isDay(d)).toBe(true);
  });

  it.each([
    ['29 February of a common year', '2027-02-29'],
    ['29 February of a century that is not a leap year', '2100-02-29'],
    ['a thirteenth month', '2027-13-01'],
    ['month zero', '2027-00-10'],
    ['day zero', '2027-01-00'],
    ['31 April', '2027-04-31'],
    ['30 February', '2028-02-30'],
    ['a month and day without leading zeros', '2027-1-4'],
    ['a day without a leading zero', '2027-01-4'],
    ['a two-digit year', '27-01-04'],
    ['slashes', '2027/01/04'],
    ['a timestamp', '2027-01-04T00:00:00Z'],
    ['surrounding spaces', ' 2027-01-04 '],
    ['an empty string', ''],
    ['a day before 1970', '1969-12-31'],
  ])('refuses %s (%j)', (_why, d) => {
    expect(isDay(d)).toBe(false);
  });
});

describe('epoch days', () => {
  it('counts days from 1970-01-01', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('1970-01-02')).toBe(1);
    expect(toEpochDay('2000-01-01')).toBe(10_957);
    expect(fromEpochDay(10_957)).toBe('2000-01-01');
    expect(fromEpochDay(-1)).toBe('1969-12-31');
  });

  it('refuses text that is not written YYYY-MM-DD', () => {
    expect(() => toEpochDay('2027-1-4')).toThrow(RangeError);
    expect(() => toEpochDay('next tuesday')).toThrow(/Not a day: next tuesday/);
  });
});

describe('addDays and daysBetween', () => {
  it.each([
    ['into the next month', '2027-01-31', 1, '2027-02-01'],
    ['into 29 February of a leap year', '2028-02-28', 1, '2028-02-29'],
    ['over 28 February of a common year', '2027-02-28', 1, '2027-03-01'],
    ['over a year end', '2026-12-31', 1, '2027-01-01'],
    ['back over a year end', '2027-01-01', -1, '2026-12-31'],
    ['a whole leap year', '2028-01-01', 366, '2029-01-01'],
    ['a whole common year', '2027-01-01', 365, '2028-01-01'],
    ['zero days', '2027-06-15', 0, '2027-06-15'],
    ['two release trains back', '2027-01-04', -28, '2026-12-07'],
  ])('moves %s: %s %+d → %s', (_why, day, n, expected) => {
    expect(addDays(day, n)).toBe(expected);
    expect(daysBetween(day, expected)).toBe(n);
    expect(addDays(expected, -n)).toBe(day);
  });

  it.each(DST_CHANGE_DAYS)('steps one day at a time over the %s day (%s) without losing or repeating a day', (_, d) => {
    const before = addDays(d, -1);
    const after = addDays(d, 1);
    expect([before, addDays(before, 1), addDays(before, 2)]).toEqual([before, d, after]);
    expect(daysBetween(before, after)).toBe(2);
    expect(addDays(after, -2)).toBe(before);
    // Every one of these changes happens on a Sunday.
    expect([isoWeekday(before), isoWeekday(d), isoWeekday(after)]).toEqual([6, 7, 1]);
  });

  it('counts 7 days in every week that contains a clock change', () => {
    for (const [, d] of DST_CHANGE_DAYS) {
      const monday = startOfIsoWeek(d);
      expect(daysBetween(monday, addDays(monday, 7))).toBe(7);
      expect(eachDay(monday, addDays(monday, 6))).toHaveLength(7);
    }
  });

  it('round-trips a year of days spanning every 2027 clock change, one day at a time', () => {
    let d = '2026-12-25';
    for (let i = 1; i <= 400; i++) {
      const next = addDays(d, 1);
      expect(daysBetween(d, next)).toBe(1);
      expect(addDays(next, -1)).toBe(d);
      expect(isDay(next)).toBe(true);
      d = next;
    }
    expect(d).toBe('2028-01-29');
    expect(daysBetween('2026-12-25', d)).toBe(400);
  });
});

describe('isoWeekday and startOfIsoWeek', () => {
  it.each([
    ['1970-01-01', 4, 'Thursday'],
    ['2027-01-04', 1, 'Monday'],
    ['2026-11-25', 3, 'Wednesday'],
    ['2027-01-10', 7, 'Sunday'],
    ['2028-02-29', 2, 'Tuesday'],
    ['2000-01-01', 6, 'Saturday'],
    ['2027-03-14', 7, 'Sunday'],
    ['2027-10-31', 7, 'Sunday'],
  ])('%s is ISO weekday %i (%s)', (day, iso, name) => {
    expect(isoWeekday(day)).toBe(iso);
    expect(weekdayName(iso)).toBe(name);
  });

  it('gives days before 1970 a weekday in 1..7 too', () => {
    expect(isoWeekday('1969-12-29')).toBe(1);
    expect(isoWeekday('1969-12-28')).toBe(7);
  });

  it.each([
    ['a Monday is its own week start', '2027-01-04', '2027-01-04'],
    ['a Wednesday', '2026-11-25', '2026-11-23'],
    ['a Sunday belongs to the week of the Monday before', '2027-01-10', '2027-01-04'],
    ['a week that spans a year end', '2027-01-01', '2026-12-28'],
    ['the US spring-forward Sunday', '2027-03-14', '2027-03-08'],
  ])('startOfIsoWeek: %s (%s → %s)', (_why, day, monday) => {
    expect(startOfIsoWeek(day)).toBe(monday);
    expect(isoWeekday(startOfIsoWeek(day))).toBe(1);
  });
});

describe('months', () => {
  it.each([
    ['31 January + 1 month clamps to 28 February in a common year', '2027-01-31', 1, '2027-02-28'],
    ['31 January + 1 month clamps to 29 February in a leap year', '2028-01-31', 1, '2028-02-29'],
    ['31 March − 1 month clamps to 28 February', '2027-03-31', -1, '2027-02-28'],
    ['31 May + 1 month clamps to 30 June', '2027-05-31', 1, '2027-06-30'],
    ['December + 1 month is January of the next year', '2026-12-15', 1, '2027-01-15'],
    ['January − 1 month is December of the year before', '2027-01-15', -1, '2026-12-15'],
    ['+ 12 months is the same day a year later', '2027-06-15', 12, '2028-06-15'],
    ['29 February + 12 months clamps to 28 February', '2028-02-29', 12, '2029-02-28'],
    ['− 25 months crosses two year ends', '2027-01-31', -25, '2024-12-31'],
    ['+ 0 months', '2027-04-30', 0, '2027-04-30'],
  ])('addMonths: %s', (_why, day, n, expected) => {
    expect(addMonths(day, n)).toBe(expected);
  });

  it.each([
    ['2027-01-15', '2027-01-01', '2027-01-31'],
    ['2027-02-01', '2027-02-01', '2027-02-28'],
    ['2028-02-10', '2028-02-01', '2028-02-29'],
    ['2027-04-30', '2027-04-01', '2027-04-30'],
    ['2026-12-31', '2026-12-01', '2026-12-31'],
  ])('the month of %s runs from %s to %s', (day, first, last) => {
    expect(startOfMonth(day)).toBe(first);
    expect(endOfMonth(day)).toBe(last);
  });

  it('names months, in full and short', () => {
    expect(monthName(1)).toBe('January');
    expect(monthName(9, true)).toBe('Sep');
    expect(monthName(13)).toBe('');
    expect(weekdayName(3, true)).toBe('Wed');
  });
});

describe('eachDay', () => {
  it('lists every day, both ends included', () => {
    expect(eachDay('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });

  it.each([
    ['one day', '2027-03-14', '2027-03-14', 1],
    ['a leap February', '2028-02-01', '2028-02-29', 29],
    ['a common year', '2027-01-01', '2027-12-31', 365],
    ['a leap year', '2028-01-01', '2028-12-31', 366],
    ['the weeks of the US and EU spring changes', '2027-03-08', '2027-04-04', 28],
  ])('has the right length over %s', (_why, from, to, length) => {
    const days = eachDay(from, to);
    expect(days).toHaveLength(length);
    expect(new Set(days).size).toBe(length);
    expect(days.at(0)).toBe(from);
    expect(days.at(-1)).toBe(to);
  });

  it('is empty when the range ends before it starts', () => {
    expect(eachDay('2027-01-05', '2027-01-04')).toEqual([]);
  });
});

describe('comparing and overlapping days', () => {
  it('orders days as text', () => {
    expect(minDay('2027-01-04', '2026-12-31')).toBe('2026-12-31');
    expect(maxDay('2027-01-04', '2026-12-31')).toBe('2027-01-04');
  });

  it('treats ranges as closed: touching on one day is an overlap', () => {
    expect(rangesOverlap('2027-01-01', '2027-01-04', '2027-01-04', '2027-01-10')).toBe(true);
    expect(rangesOverlap('2027-01-01', '2027-01-03', '2027-01-04', '2027-01-10')).toBe(false);
    expect(rangesOverlap('2027-01-05', '2027-01-06', '2027-01-01', '2027-01-31')).toBe(true);
  });
});

describe('formatDay and formatRange (locale-free)', () => {
  it('writes a day as "4 Jan 2027", with an optional weekday and without the year', () => {
    expect(formatDay('2027-01-04')).toBe('4 Jan 2027');
    expect(formatDay('2027-01-04', { weekday: true })).toBe('Mon 4 Jan 2027');
    expect(formatDay('2026-11-25', { weekday: true, year: false })).toBe('Wed 25 Nov');
    expect(formatDay('2028-02-29', { year: false })).toBe('29 Feb');
  });

  it.each([
    ['one day', '2027-01-04', '2027-01-04', '4 Jan 2027'],
    ['a range inside one month', '2027-01-04', '2027-01-17', '4–17 Jan 2027'],
    ['a range over a month end', '2027-01-28', '2027-02-10', '28 Jan – 10 Feb 2027'],
    ['a range over a year end', '2026-12-28', '2027-01-10', '28 Dec 2026 – 10 Jan 2027'],
  ])('writes %s as %j', (_why, start, end, text) => {
    expect(formatRange(start, end)).toBe(text);
  });
});

describe('dayInZone: "today" where the user is', () => {
  const nearMidnightUtc = new Date('2027-01-04T23:30:00Z');

  it('gives different days for one instant near midnight UTC in Pacific/Chatham and America/Los_Angeles', () => {
    expect(dayInZone(nearMidnightUtc, 'Pacific/Chatham')).toBe('2027-01-05');
    expect(dayInZone(nearMidnightUtc, 'America/Los_Angeles')).toBe('2027-01-04');
    expect(dayInZone(nearMidnightUtc, 'UTC')).toBe('2027-01-04');
  });

  it('follows daylight saving time: Chatham (+13:45 in January) and Los Angeles (−7 in July)', () => {
    expect(dayInZone(new Date('2027-01-04T10:14:00Z'), 'Pacific/Chatham')).toBe('2027-01-04');
    expect(dayInZone(new Date('2027-01-04T10:15:00Z'), 'Pacific/Chatham')).toBe('2027-01-05');
    expect(dayInZone(new Date('2027-07-05T06:59:00Z'), 'America/Los_Angeles')).toBe('2027-07-04');
    expect(dayInZone(new Date('2027-07-05T07:00:00Z'), 'America/Los_Angeles')).toBe('2027-07-05');
  });

  it('crosses the year end at different instants in different zones', () => {
    const instant = new Date('2026-12-31T20:00:00Z');
    expect(dayInZone(instant, 'Asia/Kolkata')).toBe('2027-01-01');
    expect(dayInZone(instant, 'Europe/London')).toBe('2026-12-31');
  });

  it('returns a day that isDay accepts', () => {
    expect(isDay(dayInZone(new Date('2027-03-14T10:00:00Z'), 'America/New_York'))).toBe(true);
  });
});

describe('toEpochDay by arithmetic', () => {
  // The definition it must keep: Date.UTC of the digits, a day past a month's end running on.
  const byDate = (day: string) => {
    const [y, m, d] = day.split('-').map(Number);
    return Math.round(Date.UTC(y!, m! - 1, d!) / 86_400_000);
  };
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  it('equals Date.UTC for every shape of YYYY-MM-DD, month 00–99 and day 00–99 included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (y, m, d) => {
          const day = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          expect(toEpochDay(day)).toBe(byDate(day));
        },
      ),
      { numRuns: 20_000 },
    );
    for (const day of ['1970-01-01', '2000-02-29', '2100-02-29', '2199-12-31', '0099-03-01', '0100-03-01'])
      expect(toEpochDay(day), day).toBe(byDate(day));
    expect(toEpochDay('1970-01-01')).toBe(0);
  });

  it('still refuses what is not YYYY-MM-DD', () => {
    for (const text of ['2027-1-01', '2027/01/01', '20270101', '2027-01-0a', ' 2027-01-01'])
      expect(() => toEpochDay(text), text).toThrow(/Not a day/);
  });
});
