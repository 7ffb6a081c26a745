import { describe, expect, it } from 'vitest';
import { isIanaTimeZone, knownTimeZones, utcOffsetLabel } from '../../shared/timezones';

const WINTER = new Date('2026-01-15T12:00:00Z');
const SUMMER = new Date('2026-07-15T12:00:00Z');

describe('isIanaTimeZone', () => {
  it.each(['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/GMT+5', 'Asia/Kolkata', 'Etc/UTC'])(
    'accepts the IANA name %s',
    (zone) => {
      expect(isIanaTimeZone(zone)).toBe(true);
    },
  );

  it('accepts legacy IANA link names that carry a region, such as US/Pacific', () => {
    // Links from the IANA "backward" file are still IANA names and follow DST rules.
    expect(isIanaTimeZone('US/Pacific')).toBe(true);
  });

  it.each([
    ['an unknown zone', 'Mars/Olympus'],
    ['a UTC offset', '+02:00'],
    ['an offset with a prefix', 'UTC+2'],
    ['a bare abbreviation', 'CET'],
    ['a bare abbreviation', 'GMT'],
    ['a bare abbreviation', 'PST'],
    ['a POSIX-style rule name without a region', 'EST5EDT'],
    ['an empty string', ''],
    ['a name with a space', 'Europe/ Berlin'],
    ['a path traversal', '../etc/passwd'],
  ])('refuses %s (%j)', (_why, zone) => {
    expect(isIanaTimeZone(zone)).toBe(false);
  });
});

describe('knownTimeZones', () => {
  it('is sorted, includes UTC, and offers only zones that isIanaTimeZone accepts', () => {
    const zones = knownTimeZones();
    expect(zones).toContain('UTC');
    expect(zones).toContain('Europe/Berlin');
    expect([...zones].sort()).toEqual(zones);
    expect(zones.filter((z) => !isIanaTimeZone(z))).toEqual([]);
  });
});

describe('utcOffsetLabel', () => {
  it('labels a half-hour zone', () => {
    expect(utcOffsetLabel('Asia/Kolkata', WINTER)).toBe('UTC+05:30');
  });

  it('labels UTC itself as UTC+00:00', () => {
    expect(utcOffsetLabel('UTC', WINTER)).toBe('UTC+00:00');
  });

  it("follows the zone's daylight-saving rules at the given instant", () => {
    expect(utcOffsetLabel('Europe/Berlin', WINTER)).toBe('UTC+01:00');
    expect(utcOffsetLabel('Europe/Berlin', SUMMER)).toBe('UTC+02:00');
    expect(utcOffsetLabel('America/New_York', WINTER)).toBe('UTC-05:00');
    expect(utcOffsetLabel('Australia/Sydney', WINTER)).toBe('UTC+11:00');
  });

  it('shows the inverted sign of Etc/GMT zones as the real offset', () => {
    expect(utcOffsetLabel('Etc/GMT+5', WINTER)).toBe('UTC-05:00');
  });
});
