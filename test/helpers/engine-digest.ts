// A digest of what the calendar engine computes for one fixed scenario that spans
// the 2026 year end and the 2027 clock changes (US, EU, Chatham/Auckland).
// Imported by calendar-timezones.test.ts, and run by it as a script in child
// processes with different TZ values:
//
//   TZ=Pacific/Chatham node --import tsx test/helpers/engine-digest.ts
//
// prints one JSON line: { tz, offsets, digest }. The digest must not depend on TZ;
// the offsets must (they prove that TZ took effect in the child).
import { DEFAULT_TEMPLATE, formatVersion, planTrains, slotStart } from '../../shared/cadence';
import {
  type Day,
  addDays,
  addMonths,
  dayInZone,
  daysBetween,
  eachDay,
  endOfMonth,
  formatDay,
  formatRange,
  isDay,
  isoWeekday,
  startOfIsoWeek,
  toEpochDay,
} from '../../shared/days';
import { RuleBook, type TrainState } from '../../shared/schedule';
import { viewTrain } from '../../shared/train';

export const DIGEST_DAYS: readonly Day[] = [
  '2026-12-31', // year end
  '2027-01-01',
  '2027-03-14', // US spring forward
  '2027-03-28', // EU spring forward
  '2027-04-04', // Chatham/Auckland fall back
  '2027-09-26', // Chatham/Auckland spring forward
  '2027-10-31', // EU fall back
  '2027-11-07', // US fall back
  '2028-02-29', // leap day
];

const CADENCE = { lengthDays: 14, anchorDate: '2026-10-05', versionPattern: '{yyyy}.{nn}' };

const RULES = {
  workingDays: [1, 2, 3, 4, 5],
  holidays: [
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2027-01-01', name: "New Year's Day" },
    { date: '2027-03-29', name: 'Easter Monday' },
    { date: '2027-04-05', name: 'Day after the Chatham change' },
    { date: '2027-11-08', name: 'Day after the US change' },
    { date: '2027-11-25', name: 'Thanksgiving' },
  ],
  freezes: [
    { id: 1, name: 'Year-end freeze', start: '2026-12-18', end: '2027-01-03', reason: 'Holidays' },
    { id: 2, name: 'EU clock change', start: '2027-03-26', end: '2027-03-28', reason: '' },
    { id: 3, name: 'US clock change', start: '2027-11-05', end: '2027-11-07', reason: '' },
  ],
};

/** Everything the engine computes for the scenario, as plain JSON-able data. */
export function engineDigest() {
  const trains = planTrains(CADENCE, DEFAULT_TEMPLATE, {
    from: '2026-10-01',
    through: '2027-12-31',
    takenSlots: new Set(['2026-12-28']),
  });
  const book = new RuleBook(RULES);
  // One skipped and one cancelled train; the rest active (2026.24 meets the year-end freeze: conflicts).
  const stateOf = (i: number): TrainState => (i === 2 ? 'skipped' : i === 9 ? 'cancelled' : 'active');
  const views = trains.map((t, i) =>
    viewTrain(
      {
        ...t,
        id: i + 1,
        state: stateOf(i),
        stateReason: null,
        notes: '',
        createdAt: '2026-09-01T00:00:00.000Z',
        updatedAt: '2026-09-01T00:00:00.000Z',
        revision: 0,
      },
      book,
      '2027-03-28',
    ),
  );
  const days = DIGEST_DAYS.map((d) => ({
    day: d,
    isDay: isDay(d),
    epoch: toEpochDay(d),
    around: [addDays(d, -1), addDays(d, 1), addDays(d, 7), addDays(d, -366)],
    fromNewYear2027: daysBetween('2027-01-01', d),
    isoWeekday: isoWeekday(d),
    weekStart: startOfIsoWeek(d),
    nextMonth: addMonths(d, 1),
    monthEnd: endOfMonth(d),
    week: eachDay(addDays(d, -3), addDays(d, 3)),
    formatted: formatDay(d, { weekday: true }),
    range: formatRange(addDays(d, -5), addDays(d, 5)),
    blocked: book.blockOn(d),
  }));
  const instants = ['2026-12-31T10:30:00Z', '2027-03-14T09:59:00Z', '2027-04-03T13:50:00Z', '2027-11-07T08:30:00Z'];
  const zones = ['America/Los_Angeles', 'Europe/London', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'];
  const todayIn = instants.map((iso) => zones.map((z) => dayInZone(new Date(iso), z)));
  return {
    versions: [0, 12, 13, 26, 27].map((k) => [slotStart(CADENCE, k), formatVersion(CADENCE, k)]),
    trains: views.map((v) => ({
      version: v.version,
      start: v.start,
      end: v.end,
      status: v.status,
      phases: v.phases.map((p) => [p.key, p.start, p.end, p.releaseDays]),
      releaseDays: v.releaseDays,
      conflicts: v.conflicts,
    })),
    days,
    todayIn,
  };
}

/** The process time zone as the child sees it: TZ, and UTC offsets (minutes, Date sign) now and at fixed instants. */
export function timeZoneReport() {
  return {
    tz: process.env.TZ ?? null,
    offsets: {
      now: new Date().getTimezoneOffset(),
      january: new Date('2027-01-15T12:00:00Z').getTimezoneOffset(),
      july: new Date('2027-07-15T12:00:00Z').getTimezoneOffset(),
    },
  };
}

if (process.argv[1] !== undefined && /engine-digest\.ts$/.test(process.argv[1])) {
  process.stdout.write(`${JSON.stringify({ ...timeZoneReport(), digest: engineDigest() })}\n`);
}
