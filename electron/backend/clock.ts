import { isIanaTimeZone } from '../../shared/timezones';

/** A fixed UTC instant for the clock, e.g. `2027-02-22T09:00:00Z`. */
export const CLOCK_ENV = 'RELEASE_CALENDAR_NOW';
/** The IANA zone that defines "today" (default: this machine's). */
export const TIME_ZONE_ENV = 'RELEASE_CALENDAR_TIME_ZONE';

export interface ClockOptions {
  now?: () => Date;
  timeZone?: string;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?Z$/;

/**
 * The clock a host starts the backend with, from its environment: unset, the real
 * clock. End-to-end tests (and demos) run the app on a chosen day and move time on
 * by restarting it at a later instant — an internal deployment's bake lasts real
 * hours otherwise. The clock is injected like any other, never a "testing" flag.
 */
export function clockFromEnv(env: Readonly<Record<string, string | undefined>>): ClockOptions {
  const options: ClockOptions = {};
  const at = env[CLOCK_ENV]?.trim();
  if (at) {
    const ms = Date.parse(at);
    if (!INSTANT.test(at) || Number.isNaN(ms))
      throw new Error(`${CLOCK_ENV} must be a UTC instant such as 2027-02-22T09:00:00Z, not "${at}".`);
    options.now = () => new Date(ms);
  }
  const zone = env[TIME_ZONE_ENV]?.trim();
  if (zone) {
    if (!isIanaTimeZone(zone))
      throw new Error(`${TIME_ZONE_ENV} must be an IANA time zone such as Europe/Berlin, not "${zone}".`);
    options.timeZone = zone;
  }
  return options;
}
