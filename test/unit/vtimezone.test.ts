import { TZDate } from '@date-fns/tz';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../shared/days';
import { formatUtcOffset, utcOffsetSeconds, vtimezoneLines, zoneTransitions } from '../../shared/export/vtimezone';

// The VTIMEZONE a deployment's feed carries, built from the IANA zone with Intl: the offsets and
// the instants they change at, checked against the dates the zones' rules give (written out
// here), then read back by ical.js, which knows no zone but the one the file defines.

const iso = (ms: number): string => new Date(ms).toISOString();

function transitionsOf(zone: string, year: number): { at: string; from: string; to: string }[] {
  return zoneTransitions(zone, Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1)).map((t) => ({
    at: iso(t.at),
    from: formatUtcOffset(t.from),
    to: formatUtcOffset(t.to),
  }));
}

describe('zone transitions from Intl', () => {
  it('Europe/Berlin 2027: summer time from 28 March 01:00 UTC to 31 October 01:00 UTC', () => {
    expect(transitionsOf('Europe/Berlin', 2027)).toEqual([
      { at: '2027-03-28T01:00:00.000Z', from: '+0100', to: '+0200' },
      { at: '2027-10-31T01:00:00.000Z', from: '+0200', to: '+0100' },
    ]);
  });

  it('Australia/Sydney 2027: the southern summer ends 4 April and starts again 3 October', () => {
    expect(transitionsOf('Australia/Sydney', 2027)).toEqual([
      { at: '2027-04-03T16:00:00.000Z', from: '+1100', to: '+1000' },
      { at: '2027-10-02T16:00:00.000Z', from: '+1000', to: '+1100' },
    ]);
  });

  it('America/Sao_Paulo: its last daylight time ended 17 February 2019, none since', () => {
    expect(transitionsOf('America/Sao_Paulo', 2019)).toEqual([
      { at: '2019-02-17T02:00:00.000Z', from: '-0200', to: '-0300' },
    ]);
    expect(transitionsOf('America/Sao_Paulo', 2027)).toEqual([]);
  });

  it('Asia/Kolkata has none', () => {
    expect(transitionsOf('Asia/Kolkata', 2027)).toEqual([]);
    expect(utcOffsetSeconds('Asia/Kolkata', Date.UTC(2027, 6, 1))).toBe(5.5 * 3600);
  });

  it('writes offsets as RFC 5545 UTC-offsets: sign, hours, minutes, and seconds only when there are some', () => {
    expect([0, 3600, -3 * 3600, 5.75 * 3600, -(3.5 * 3600), 3208].map(formatUtcOffset)).toEqual([
      '+0000',
      '+0100',
      '-0300',
      '+0545',
      '-0330',
      '+005328',
    ]);
  });
});

describe('vtimezoneLines', () => {
  it('Europe/Berlin 2027: the offset the year starts with, then a DAYLIGHT and a STANDARD onset in local time', () => {
    expect(vtimezoneLines('Europe/Berlin', 2027, 2027)).toEqual([
      'BEGIN:VTIMEZONE',
      'TZID:Europe/Berlin',
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0100',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:20270328T020000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      'DTSTART:20271031T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'END:STANDARD',
      'END:VTIMEZONE',
    ]);
  });

  it('gives every onset of the years its own observance (no RDATE list, which ical.js reads without its DTSTART)', () => {
    const lines = vtimezoneLines('Europe/Berlin', 2027, 2029);
    expect(lines.filter((l) => l.startsWith('DTSTART:'))).toEqual([
      'DTSTART:19700101T000000',
      'DTSTART:20270328T020000',
      'DTSTART:20271031T030000',
      'DTSTART:20280326T020000',
      'DTSTART:20281029T030000',
      'DTSTART:20290325T020000',
      'DTSTART:20291028T030000',
    ]);
    expect(lines.filter((l) => l.startsWith('BEGIN:'))).toEqual([
      'BEGIN:VTIMEZONE',
      ...['STANDARD', 'DAYLIGHT', 'STANDARD', 'DAYLIGHT', 'STANDARD', 'DAYLIGHT', 'STANDARD'].map((k) => `BEGIN:${k}`),
    ]);
    expect(lines.some((l) => l.startsWith('RDATE') || l.startsWith('RRULE'))).toBe(false);
  });

  it('Australia/Sydney: the year starts in daylight time (the southern summer)', () => {
    const lines = vtimezoneLines('Australia/Sydney', 2027, 2027);
    expect(lines.slice(2, 7)).toEqual([
      'BEGIN:DAYLIGHT',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+1100',
      'TZOFFSETTO:+1100',
      'END:DAYLIGHT',
    ]);
    expect(lines.join('\n')).toContain(
      'BEGIN:STANDARD\nDTSTART:20270404T030000\nTZOFFSETFROM:+1100\nTZOFFSETTO:+1000\nEND:STANDARD',
    );
    expect(lines.join('\n')).toContain(
      'BEGIN:DAYLIGHT\nDTSTART:20271003T020000\nTZOFFSETFROM:+1000\nTZOFFSETTO:+1100\nEND:DAYLIGHT',
    );
  });

  it.each([
    ['Asia/Kolkata', '+0530'],
    ['America/Sao_Paulo', '-0300'],
    ['Asia/Kathmandu', '+0545'],
    ['UTC', '+0000'],
  ])('%s, without daylight saving: one STANDARD', (zone, offset) => {
    expect(vtimezoneLines(zone, 2027, 2028)).toEqual([
      'BEGIN:VTIMEZONE',
      `TZID:${zone}`,
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      `TZOFFSETFROM:${offset}`,
      `TZOFFSETTO:${offset}`,
      'END:STANDARD',
      'END:VTIMEZONE',
    ]);
  });
});

/** A calendar holding only the VTIMEZONE of `zone` for those years, as ical.js reads it. */
function icalZone(zone: string, fromYear: number, toYear: number): ICAL.Timezone {
  const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:test', ...vtimezoneLines(zone, fromYear, toYear)];
  const calendar = new ICAL.Component(ICAL.parse(`${[...text, 'END:VCALENDAR'].join('\r\n')}\r\n`));
  return new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!);
}

/** The UTC instant ical.js gives a wall-clock time in `zone`, using only the file's VTIMEZONE. */
function icalInstant(zone: ICAL.Timezone, day: string, hour: number, minute: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const time = new ICAL.Time({ year, month, day: date, hour, minute, second: 0, isDate: false }, zone);
  return iso(time.toUnixTime() * 1000);
}

describe('read back by ical.js', () => {
  // Zones with every shape: northern and southern daylight time, half- and quarter-hour offsets,
  // a half-hour daylight shift (Lord Howe), daylight time dropped (São Paulo 2019), a zone whose
  // offset drops for Ramadan (Casablanca), and none at all.
  const ZONES = [
    'Europe/Berlin',
    'America/New_York',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'America/Sao_Paulo',
    'America/St_Johns',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'Africa/Casablanca',
    'America/Santiago',
    'Europe/Dublin',
  ];

  it.each(ZONES)('%s: every day of 2018–2020 and 2027–2028, at 09:00 and 17:45, is the instant Intl gives', (zone) => {
    for (const [from, to] of [
      [2018, 2020],
      [2027, 2028],
    ] as const) {
      const vtz = icalZone(zone, from, to);
      for (let day = `${from}-01-01`; day <= `${to}-12-31`; day = addDays(day, 1)) {
        const [y, m, d] = day.split('-').map(Number) as [number, number, number];
        for (const [hour, minute] of [
          [9, 0],
          [17, 45],
        ] as const) {
          const expected = iso(+new TZDate(y, m - 1, d, hour, minute, zone));
          expect(icalInstant(vtz, day, hour, minute), `${zone} ${day} ${hour}:${minute}`).toBe(expected);
        }
      }
    }
  });

  it('Europe/Berlin around the changes of 2027: the last minute before and the first after, in UTC', () => {
    const berlin = icalZone('Europe/Berlin', 2027, 2027);
    expect(icalInstant(berlin, '2027-03-28', 1, 59)).toBe('2027-03-28T00:59:00.000Z');
    expect(icalInstant(berlin, '2027-03-28', 3, 0)).toBe('2027-03-28T01:00:00.000Z');
    expect(icalInstant(berlin, '2027-07-06', 9, 0)).toBe('2027-07-06T07:00:00.000Z');
    expect(icalInstant(berlin, '2027-10-31', 4, 0)).toBe('2027-10-31T03:00:00.000Z');
    expect(icalInstant(berlin, '2027-12-07', 9, 0)).toBe('2027-12-07T08:00:00.000Z');
  });
});
