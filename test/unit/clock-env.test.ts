import { describe, expect, it } from 'vitest';
import { CLOCK_ENV, TIME_ZONE_ENV, clockFromEnv } from '../../electron/backend/clock';

describe('clockFromEnv', () => {
  it('leaves the real clock and zone alone when nothing is set', () => {
    expect(clockFromEnv({})).toEqual({});
    expect(clockFromEnv({ [CLOCK_ENV]: '  ', [TIME_ZONE_ENV]: '' })).toEqual({});
  });

  it('fixes the clock at a UTC instant, every reading the same', () => {
    const { now } = clockFromEnv({ [CLOCK_ENV]: '2027-02-22T09:00:00Z' });
    expect(now?.().toISOString()).toBe('2027-02-22T09:00:00.000Z');
    expect(now?.().getTime()).toBe(Date.parse('2027-02-22T09:00:00Z'));
    expect(
      clockFromEnv({ [CLOCK_ENV]: '2027-02-22T09:30Z' })
        .now?.()
        .toISOString(),
    ).toBe('2027-02-22T09:30:00.000Z');
  });

  it('refuses anything but a UTC instant, saying what it wants', () => {
    for (const bad of ['tomorrow', '2027-02-22', '2027-02-22T09:00:00+01:00', '2027-13-40T09:00:00Z']) {
      expect(() => clockFromEnv({ [CLOCK_ENV]: bad })).toThrow(
        `${CLOCK_ENV} must be a UTC instant such as 2027-02-22T09:00:00Z, not "${bad}".`,
      );
    }
  });

  it('takes an IANA zone for "today" and refuses offsets', () => {
    expect(clockFromEnv({ [TIME_ZONE_ENV]: 'Asia/Tokyo' })).toEqual({ timeZone: 'Asia/Tokyo' });
    expect(() => clockFromEnv({ [TIME_ZONE_ENV]: '+09:00' })).toThrow(`${TIME_ZONE_ENV} must be an IANA time zone`);
  });
});
