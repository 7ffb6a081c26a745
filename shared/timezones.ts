// IANA time zone checks. Intl is the source of truth: it is what both Node and
// Chromium use to convert instants into a deployment's local time.
import { TZDate } from '@date-fns/tz';

let cachedZones: readonly string[] | undefined;

/** Every IANA zone this runtime knows, sorted (for pickers and suggestions). */
export function knownTimeZones(): readonly string[] {
  if (!cachedZones) {
    const zones = new Set(Intl.supportedValuesOf('timeZone'));
    zones.add('UTC');
    cachedZones = [...zones].sort();
  }
  return cachedZones;
}

/**
 * True when `zone` is an IANA zone name such as `Europe/Berlin`. Offsets such as
 * `+02:00` and abbreviations such as `CET` are refused: a deployment's local
 * windows must follow its zone's daylight-saving rules, which an offset cannot.
 */
export function isIanaTimeZone(zone: string): boolean {
  const known = zoneVerdicts.get(zone);
  if (known !== undefined) return known;
  const verdict = checkZone(zone);
  // Bounded: verdicts are cached because building an Intl formatter costs ~0.1 ms (a 10,000-row import checks 10,000 zones).
  if (zoneVerdicts.size < 5000) zoneVerdicts.set(zone, verdict);
  return verdict;
}

const zoneVerdicts = new Map<string, boolean>();

function checkZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  if (zone !== 'UTC' && !zone.includes('/')) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's UTC offset at `instant`, formatted like `UTC+05:30`. */
export function utcOffsetLabel(zone: string, instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    timeZoneName: 'longOffset',
  }).formatToParts(instant);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' ? 'UTC+00:00' : name.replace('GMT', 'UTC');
}

/** The instant a calendar day starts in `timeZone` (its local midnight, or the first instant after a DST gap). */
export function startOfDayInZone(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(+new TZDate(y, m - 1, d, timeZone));
}
