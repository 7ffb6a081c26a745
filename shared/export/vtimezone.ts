// VTIMEZONE components (RFC 5545 §3.6.5) built from the IANA zone as this runtime's Intl knows
// it, for the years a feed's timed events cover. Intl tells the UTC offset at any instant; the
// transitions are found by stepping through the years and narrowing each change of offset down
// to the second. Each transition becomes a STANDARD or DAYLIGHT observance of its own, with the
// transition's local onset as DTSTART, after one observance holding the offset the first year
// starts with. A zone without daylight saving in those years is that one STANDARD observance.
// No RRULE guesses at rules a zone may change, and no RDATE list: ical.js (and so Thunderbird)
// drops the DTSTART onset of an observance that has RDATEs, which would lose a transition.

/** One change of a zone's UTC offset. */
export interface ZoneTransition {
  /** The first instant of the new offset, in milliseconds since the epoch (UTC). */
  at: number;
  /** Offsets east of UTC, in seconds. */
  from: number;
  to: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    // Bounded: a fleet has a few dozen zones; Intl knows a few hundred.
    if (formatters.size < 1000) formatters.set(zone, f);
  }
  return f;
}

/** The zone's UTC offset at `ms` (epoch milliseconds), in seconds east of UTC. */
export function utcOffsetSeconds(zone: string, ms: number): number {
  const at = Math.floor(ms / 1000) * 1000;
  const parts = formatterOf(zone).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? Number.NaN);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return Math.round((wall - at) / 1000);
}

/** Offsets change at most a few times a year, never twice within half a day. */
const STEP_MS = 12 * 3600 * 1000;

/** Every change of the zone's offset in [from, to) (epoch milliseconds), in order. */
export function zoneTransitions(zone: string, from: number, to: number): ZoneTransition[] {
  const out: ZoneTransition[] = [];
  let t = from;
  let offset = utcOffsetSeconds(zone, t);
  while (t < to) {
    const next = Math.min(t + STEP_MS, to);
    const nextOffset = utcOffsetSeconds(zone, next);
    if (nextOffset !== offset) {
      // The offset at `lo` is the old one, at `hi` the new one; narrow down to the second.
      let lo = t;
      let hi = next;
      while (hi - lo > 1000) {
        const mid = Math.floor((lo + hi) / 2000) * 1000;
        if (mid <= lo) break;
        if (utcOffsetSeconds(zone, mid) === offset) lo = mid;
        else hi = mid;
      }
      out.push({ at: hi, from: offset, to: utcOffsetSeconds(zone, hi) });
    }
    t = next;
    offset = nextOffset;
  }
  return out;
}

/** `+0100`, `-0300`, `+0545`; seconds only when there are some (`+005328`). */
export function formatUtcOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0');
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0');
  const ss = abs % 60;
  return `${sign}${hh}${mm}${ss === 0 ? '' : String(ss).padStart(2, '0')}`;
}

/** The wall-clock time `offset` seconds east of UTC at `ms`, as a floating DATE-TIME: `20270328T020000`. */
function localStamp(ms: number, offset: number): string {
  return new Date(ms + offset * 1000)
    .toISOString()
    .replace(/\.\d{3}Z$/, '')
    .replace(/[-:]/g, '');
}

/** The onset of the first observance: before any event a feed holds, as is usual for generated zones. */
const FIRST_ONSET = '19700101T000000';

type Kind = 'STANDARD' | 'DAYLIGHT';

interface Observance {
  kind: Kind;
  from: number;
  to: number;
  /** Local onset, in the offset before it (`from`), as RFC 5545 reads it. */
  onset: string;
}

/**
 * The observances of `zone` for the years `fromYear` to `toYear` (both included). A period is
 * daylight time when its offset is ahead of a period next to it, standard time otherwise.
 */
export function zoneObservances(zone: string, fromYear: number, toYear: number): Observance[] {
  // Two days either side: a local day of those years starts or ends up to 26 hours off UTC.
  const margin = 2 * 24 * 3600 * 1000;
  const start = Date.UTC(fromYear, 0, 1) - margin;
  const end = Date.UTC(toYear + 1, 0, 1) + margin;
  const initial = utcOffsetSeconds(zone, start);
  const changes = zoneTransitions(zone, start, end);
  const offsets = [initial, ...changes.map((c) => c.to)];
  const kindOf = (i: number): Kind => {
    const neighbours = [offsets[i - 1], offsets[i + 1]].filter((o): o is number => o !== undefined);
    return neighbours.length > 0 && offsets[i]! > Math.min(...neighbours) ? 'DAYLIGHT' : 'STANDARD';
  };
  return [
    { kind: kindOf(0), from: initial, to: initial, onset: FIRST_ONSET },
    ...changes.map((c, i) => ({ kind: kindOf(i + 1), from: c.from, to: c.to, onset: localStamp(c.at, c.from) })),
  ];
}

/** The content lines of one VTIMEZONE, unfolded, from BEGIN to END. */
export function vtimezoneLines(zone: string, fromYear: number, toYear: number): string[] {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  for (const o of zoneObservances(zone, fromYear, toYear)) {
    lines.push(
      `BEGIN:${o.kind}`,
      `DTSTART:${o.onset}`,
      `TZOFFSETFROM:${formatUtcOffset(o.from)}`,
      `TZOFFSETTO:${formatUtcOffset(o.to)}`,
      `END:${o.kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}
