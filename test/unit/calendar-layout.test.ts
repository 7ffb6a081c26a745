import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Day,
  addDays,
  daysBetween,
  eachDay,
  endOfMonth,
  fromEpochDay,
  isoWeekday,
  maxDay,
  minDay,
  toEpochDay,
} from '../../shared/days';
import {
  CALENDAR_VIEWS,
  CALENDAR_VIEW_IDS,
  type DaySpan,
  type Interval,
  TIMELINE_LEAD_DAYS,
  TIMELINE_WINDOW_DAYS,
  type WeekLayout,
  axisWidth,
  clipParts,
  dayToX,
  isoWeekOf,
  labelGap,
  layoutWeekRow,
  layoutWeeks,
  monthGrid,
  monthHeadings,
  packLanes,
  quarterLabel,
  scrollLeftFor,
  spanToPixels,
  timelineAxis,
  timelineMetrics,
  visibleDays,
  weekHeadings,
  weekRow,
  xToDay,
} from '../../renderer/src/views/calendar/layout';

// The calendar's pure layout. 2026-11-23 is a Monday; 2026-11-25 a Wednesday.

interface Item extends DaySpan {
  id: string;
}

const FIRST = toEpochDay('2020-01-01');
const LAST = toEpochDay('2035-12-31');
const dayArb = fc.integer({ min: FIRST, max: LAST }).map(fromEpochDay);

/** Trains (or freezes) of 1–40 days, with ids, starting around `around`. */
function itemsArb(around: Day, before: number, after: number, maxLength = 40): fc.Arbitrary<Item[]> {
  return fc
    .array(
      fc.record({ offset: fc.integer({ min: -before, max: after }), length: fc.integer({ min: 1, max: maxLength }) }),
      {
        maxLength: 14,
      },
    )
    .map((specs) =>
      specs.map(({ offset, length }, i) => {
        const start = addDays(around, offset);
        return { id: `t${i}`, start, end: addDays(start, length - 1) };
      }),
    );
}

const weekWithItemsArb = dayArb.chain((day) => {
  const week = weekRow(day);
  return fc.record({ week: fc.constant(week), items: itemsArb(week.start, 45, 10) });
});

const gridWithItemsArb = dayArb.chain((day) => {
  const grid = monthGrid(day);
  return fc.record({ weeks: fc.constant(grid.weeks), items: itemsArb(grid.from, 45, 45) });
});

function overlaps(a: { start: Day; end: Day }, b: { start: Day; end: Day }): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** The most items covering any one day of [from, to]. */
function deepestOverlap(items: readonly DaySpan[], from: Day, to: Day): number {
  return Math.max(0, ...eachDay(from, to).map((d) => items.filter((t) => t.start <= d && d <= t.end).length));
}

/** ISO 8601 week number, computed independently of the module (the Thursday rule, with Date in UTC). */
function referenceIsoWeek(day: Day): { year: number; week: number } {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return { year, week };
}

function expectNoSharedLane<T extends DaySpan>(row: WeekLayout<T>): void {
  for (const [i, a] of row.segments.entries()) {
    for (const b of row.segments.slice(i + 1)) {
      if (a.lane === b.lane) expect(overlaps(a, b), `${a.start}–${a.end} and ${b.start}–${b.end}`).toBe(false);
    }
  }
}

// ---------------------------------------------------------------------------
// Weeks and the month grid
// ---------------------------------------------------------------------------

describe('ISO weeks', () => {
  it.each([
    ['2026-11-25', 2026, 48],
    ['2026-12-31', 2026, 53],
    ['2027-01-01', 2026, 53],
    ['2027-01-03', 2026, 53],
    ['2027-01-04', 2027, 1],
    ['2024-12-30', 2025, 1],
    ['2021-01-03', 2020, 53],
    ['2021-01-04', 2021, 1],
    ['2028-01-02', 2027, 52],
  ])('%s is in %d W%d', (day, year, week) => {
    expect(isoWeekOf(day)).toEqual({ year, week });
  });

  it('agrees with the ISO 8601 Thursday rule on any day', () => {
    fc.assert(
      fc.property(dayArb, (day) => {
        expect(isoWeekOf(day)).toEqual(referenceIsoWeek(day));
      }),
    );
  });

  it('puts any day in the row from its Monday to its Sunday', () => {
    fc.assert(
      fc.property(dayArb, (day) => {
        const row = weekRow(day);
        expect(isoWeekday(row.start)).toBe(1);
        expect(row.end).toBe(addDays(row.start, 6));
        expect(row.days).toEqual(eachDay(row.start, row.end));
        expect(row.days).toContain(day);
        expect(row.isoWeek).toEqual(isoWeekOf(day));
      }),
    );
  });
});

describe('month grid', () => {
  it('covers November 2026 (starting on a Sunday) with six weeks', () => {
    const grid = monthGrid('2026-11-25');
    expect(grid.month).toBe('2026-11-01');
    expect(grid.monthEnd).toBe('2026-11-30');
    expect(grid.weeks.map((w) => w.start)).toEqual([
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
      '2026-11-30',
    ]);
    expect(grid.from).toBe('2026-10-26');
    expect(grid.to).toBe('2026-12-06');
  });

  it('needs only four weeks for a February that starts on a Monday', () => {
    const grid = monthGrid('2027-02-28');
    expect(grid.weeks.map((w) => w.start)).toEqual(['2027-02-01', '2027-02-08', '2027-02-15', '2027-02-22']);
    expect([grid.from, grid.to]).toEqual(['2027-02-01', '2027-02-28']);
  });

  it('always starts on a Monday and covers every day of the month in whole, consecutive weeks', () => {
    fc.assert(
      fc.property(dayArb, (day) => {
        const grid = monthGrid(day);
        expect(grid.month).toBe(`${day.slice(0, 7)}-01`);
        expect(grid.monthEnd).toBe(endOfMonth(day));
        expect(grid.weeks.length).toBeGreaterThanOrEqual(4);
        expect(grid.weeks.length).toBeLessThanOrEqual(6);
        expect(isoWeekday(grid.from)).toBe(1);
        expect(isoWeekday(grid.to)).toBe(7);
        expect(grid.from).toBe(grid.weeks[0]!.start);
        expect(grid.to).toBe(grid.weeks.at(-1)!.end);
        grid.weeks.forEach((w, i) => {
          expect(isoWeekday(w.start)).toBe(1);
          expect(w.days).toHaveLength(7);
          if (i > 0) expect(w.start).toBe(addDays(grid.weeks[i - 1]!.start, 7));
        });
        const drawn = grid.weeks.flatMap((w) => w.days);
        for (const d of eachDay(grid.month, grid.monthEnd)) expect(drawn).toContain(d);
        // No row without a day of the month.
        expect(grid.weeks[0]!.days).toContain(grid.month);
        expect(grid.weeks.at(-1)!.days).toContain(grid.monthEnd);
        expect(grid.weeks.map((w) => w.days.some((d) => d.slice(0, 7) === day.slice(0, 7)))).not.toContain(false);
      }),
    );
  });
});

// ---------------------------------------------------------------------------
// Lane packing
// ---------------------------------------------------------------------------

describe('lane packing', () => {
  it('reuses a lane once its interval has ended, and opens one when all are busy', () => {
    expect(
      packLanes([
        { start: 0, end: 2 },
        { start: 1, end: 4 },
        { start: 3, end: 5 },
        { start: 5, end: 6 },
      ]),
    ).toEqual({ lanes: [0, 1, 0, 1], laneCount: 2 });
  });

  it('treats ends as included: touching intervals share a unit', () => {
    expect(
      packLanes([
        { start: 0, end: 3 },
        { start: 3, end: 4 },
      ]).lanes,
    ).toEqual([0, 1]);
    expect(
      packLanes([
        { start: 0, end: 3 },
        { start: 4, end: 4 },
      ]).lanes,
    ).toEqual([0, 0]);
  });

  it('answers in the given order, and ties on start keep it', () => {
    expect(
      packLanes([
        { start: 5, end: 6 },
        { start: 0, end: 9 },
        { start: 0, end: 1 },
      ]),
    ).toEqual({ lanes: [1, 0, 1], laneCount: 2 });
    expect(
      packLanes([
        { start: 2, end: 2 },
        { start: 2, end: 2 },
        { start: 2, end: 2 },
      ]).lanes,
    ).toEqual([0, 1, 2]);
  });

  it('needs no lanes for nothing', () => {
    expect(packLanes([])).toEqual({ lanes: [], laneCount: 0 });
  });

  it('never stacks overlapping intervals and uses exactly as many lanes as the deepest overlap', () => {
    const intervalArb = fc
      .record({ start: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: 1, max: 20 }) })
      .map(({ start, length }): Interval => ({ start, end: start + length - 1 }));
    fc.assert(
      fc.property(fc.array(intervalArb, { maxLength: 30 }), (intervals) => {
        const { lanes, laneCount } = packLanes(intervals);
        expect(lanes).toHaveLength(intervals.length);
        intervals.forEach((a, i) =>
          intervals.forEach((b, j) => {
            if (i < j && lanes[i] === lanes[j]) expect(a.end < b.start || b.end < a.start).toBe(true);
          }),
        );
        let deepest = 0;
        for (let u = 0; u <= 80; u++)
          deepest = Math.max(deepest, intervals.filter((t) => t.start <= u && u <= t.end).length);
        expect(laneCount).toBe(deepest);
        expect(lanes.every((l) => Number.isInteger(l) && l >= 0 && l < laneCount)).toBe(true);
      }),
    );
  });
});

// ---------------------------------------------------------------------------
// Segments
// ---------------------------------------------------------------------------

describe('one week row', () => {
  const week = weekRow('2026-11-25'); // Mon 23 – Sun 29 Nov 2026

  it('clips items to the row and says which side they continue on', () => {
    const items: Item[] = [
      { id: 'long', start: '2026-11-16', end: '2026-12-13' },
      { id: 'inside', start: '2026-11-24', end: '2026-11-26' },
      { id: 'tail', start: '2026-11-27', end: '2026-12-03' },
      { id: 'before', start: '2026-11-01', end: '2026-11-22' },
      { id: 'after', start: '2026-11-30', end: '2026-12-05' },
    ];
    const layout = layoutWeekRow(items, week);
    expect(layout.week).toBe(week);
    expect(layout.laneCount).toBe(2);
    expect(
      layout.segments.map((s) => [
        s.item.id,
        s.start,
        s.end,
        s.startCol,
        s.span,
        s.continuesBefore,
        s.continuesAfter,
        s.lane,
      ]),
    ).toEqual([
      ['long', '2026-11-23', '2026-11-29', 0, 7, true, true, 0],
      ['inside', '2026-11-24', '2026-11-26', 1, 3, false, false, 1],
      ['tail', '2026-11-27', '2026-11-29', 4, 3, false, true, 1],
    ]);
    expect(layout.segments[0]!.item).toBe(items[0]);
  });

  it('gives the lower lane to the earlier start, then to the one that ends first', () => {
    const layout = layoutWeekRow(
      [
        { id: 'late', start: '2026-11-25', end: '2026-11-25' },
        { id: 'long', start: '2026-11-23', end: '2026-11-29' },
        { id: 'short', start: '2026-11-23', end: '2026-11-24' },
      ],
      week,
    );
    expect(layout.segments.map((s) => [s.item.id, s.lane])).toEqual([
      ['short', 0],
      ['late', 0],
      ['long', 1],
    ]);
  });

  it('is empty, with no lanes, when nothing touches the row', () => {
    expect(layoutWeekRow([{ id: 'x', start: '2026-11-30', end: '2026-12-01' }], week)).toEqual({
      week,
      segments: [],
      laneCount: 0,
    });
  });

  it('lane packing: every item once, one lane each, never sharing a lane, as many lanes as the deepest day', () => {
    fc.assert(
      fc.property(weekWithItemsArb, ({ week: row, items }) => {
        const layout = layoutWeekRow(items, row);
        const inRow = items.filter((t) => overlaps(t, row));
        // Each item is one segment, so it keeps one lane across the row.
        expect(layout.segments.map((s) => s.item.id).sort()).toEqual(inRow.map((t) => t.id).sort());
        for (const s of layout.segments) {
          expect(s.start).toBe(maxDay(s.item.start, row.start));
          expect(s.end).toBe(minDay(s.item.end, row.end));
          expect(s.startCol).toBe(daysBetween(row.start, s.start));
          expect(s.span).toBe(daysBetween(s.start, s.end) + 1);
          expect(s.startCol + s.span).toBeLessThanOrEqual(7);
          expect(s.continuesBefore).toBe(s.item.start < row.start);
          expect(s.continuesAfter).toBe(s.item.end > row.end);
        }
        expectNoSharedLane(layout);
        expect(layout.laneCount).toBe(deepestOverlap(inRow, row.start, row.end));
        expect(layout.laneCount).toBe(Math.max(0, ...layout.segments.map((s) => s.lane + 1)));
        // Segments in lane order, then by column.
        const order = layout.segments.map((s) => s.lane * 7 + s.startCol);
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }),
    );
  });
});

describe('week rows of a month', () => {
  it('keeps a train on its lane from one week to the next, even where that leaves a lane free', () => {
    const grid = monthGrid('2026-11-01');
    const rows = layoutWeeks(
      [
        { id: 'short', start: '2026-11-02', end: '2026-11-03' },
        { id: 'long', start: '2026-11-02', end: '2026-11-10' },
      ],
      grid.weeks,
    );
    const lanes = rows.map((r) => [r.laneCount, r.segments.map((s) => `${s.item.id}:${s.lane}`)]);
    expect(lanes).toEqual([
      [0, []],
      [2, ['short:0', 'long:1']],
      [2, ['long:1']],
      [0, []],
      [0, []],
      [0, []],
    ]);
  });

  it('lays out nothing without weeks', () => {
    expect(layoutWeeks([{ id: 'x', start: '2026-11-02', end: '2026-11-03' }], [])).toEqual([]);
  });

  it('one lane per train over the grid, never shared by overlapping trains, rows as tall as their highest lane', () => {
    fc.assert(
      fc.property(gridWithItemsArb, ({ weeks, items }) => {
        const rows = layoutWeeks(items, weeks);
        expect(rows.map((r) => r.week)).toEqual(weeks);
        const laneOf = new Map<string, number>();
        for (const row of rows) {
          const inRow = items.filter((t) => overlaps(t, row.week));
          expect(row.segments.map((s) => s.item.id).sort()).toEqual(inRow.map((t) => t.id).sort());
          for (const s of row.segments) {
            expect(laneOf.get(s.item.id) ?? s.lane).toBe(s.lane);
            laneOf.set(s.item.id, s.lane);
            expect(s.startCol).toBe(daysBetween(row.week.start, s.start));
            expect(s.continuesBefore).toBe(s.item.start < row.week.start);
            expect(s.continuesAfter).toBe(s.item.end > row.week.end);
          }
          expectNoSharedLane(row);
          expect(row.laneCount).toBe(Math.max(0, ...row.segments.map((s) => s.lane + 1)));
          expect(row.laneCount).toBeGreaterThanOrEqual(deepestOverlap(inRow, row.week.start, row.week.end));
        }
        // Over the grid as a whole, packing is optimal.
        const first = weeks[0]!.start;
        const last = weeks.at(-1)!.end;
        const visible = items.filter((t) => overlaps(t, { start: first, end: last }));
        expect(Math.max(0, ...laneOf.values()) + (laneOf.size > 0 ? 1 : 0)).toBe(deepestOverlap(visible, first, last));
      }),
    );
  });
});

describe('parts of a segment', () => {
  it('clips phases to the segment with their column offset', () => {
    const phases = [
      { key: 'dev', start: '2026-11-16', end: '2026-11-29' },
      { key: 'val', start: '2026-11-30', end: '2026-12-01' },
      { key: 'out', start: '2026-12-02', end: '2026-12-10' },
    ];
    expect(
      clipParts(phases, '2026-11-23', '2026-11-29').map((p) => [p.part.key, p.start, p.end, p.offset, p.span]),
    ).toEqual([['dev', '2026-11-23', '2026-11-29', 0, 7]]);
    expect(
      clipParts(phases, '2026-11-28', '2026-12-04').map((p) => [p.part.key, p.start, p.end, p.offset, p.span]),
    ).toEqual([
      ['dev', '2026-11-28', '2026-11-29', 0, 2],
      ['val', '2026-11-30', '2026-12-01', 2, 2],
      ['out', '2026-12-02', '2026-12-04', 4, 3],
    ]);
    expect(clipParts(phases, '2027-01-01', '2027-01-07')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Timeline metrics
// ---------------------------------------------------------------------------

describe('timeline metrics', () => {
  const m = timelineMetrics('2026-11-01', '2026-11-30', 20);

  it('measures the axis', () => {
    expect(m).toEqual({ origin: '2026-11-01', dayCount: 30, dayWidth: 20 });
    expect(axisWidth(m)).toBe(600);
    expect(timelineMetrics('2026-11-02', '2026-11-01', 20).dayCount).toBe(0);
  });

  it('places days and spans in pixels', () => {
    expect(dayToX(m, '2026-11-01')).toBe(0);
    expect(dayToX(m, '2026-11-11')).toBe(200);
    expect(dayToX(m, '2026-10-31')).toBe(-20);
    expect(spanToPixels(m, { start: '2026-11-03', end: '2026-11-05' })).toEqual({ left: 40, width: 60 });
    expect(spanToPixels(m, { start: '2026-11-03', end: '2026-11-03' })).toEqual({ left: 40, width: 20 });
  });

  it('finds the day under a pixel, clamped to the axis', () => {
    expect(xToDay(m, 0)).toBe('2026-11-01');
    expect(xToDay(m, 19.9)).toBe('2026-11-01');
    expect(xToDay(m, 20)).toBe('2026-11-02');
    expect(xToDay(m, -500)).toBe('2026-11-01');
    expect(xToDay(m, 600)).toBe('2026-11-30');
    expect(xToDay(m, 1e6)).toBe('2026-11-30');
  });

  it('dayToX and xToDay round-trip, and every pixel of a day is that day', () => {
    const arb = fc.record({
      origin: dayArb,
      dayCount: fc.integer({ min: 1, max: 1500 }),
      dayWidth: fc.integer({ min: 1, max: 40 }),
      index: fc.nat(),
      // A fraction of the day's width, in hundredths (so x + fraction stays exact).
      within: fc.integer({ min: 0, max: 99 }).map((n) => n / 100),
    });
    fc.assert(
      fc.property(arb, ({ origin, dayCount, dayWidth, index, within }) => {
        const metrics = timelineMetrics(origin, addDays(origin, dayCount - 1), dayWidth);
        expect(metrics.dayCount).toBe(dayCount);
        const day = addDays(origin, index % dayCount);
        const x = dayToX(metrics, day);
        expect(xToDay(metrics, x)).toBe(day);
        expect(xToDay(metrics, x + within * dayWidth)).toBe(day);
        expect(dayToX(metrics, xToDay(metrics, x + within * dayWidth))).toBe(x);
      }),
    );
  });

  it('draws the days under the viewport, plus overscan, within the axis', () => {
    expect(visibleDays(m, 0, 100)).toEqual({ first: 0, last: 4, from: '2026-11-01', to: '2026-11-05' });
    expect(visibleDays(m, 110, 100)).toEqual({ first: 5, last: 10, from: '2026-11-06', to: '2026-11-11' });
    expect(visibleDays(m, 110, 100, 3)).toEqual({ first: 2, last: 13, from: '2026-11-03', to: '2026-11-14' });
    expect(visibleDays(m, 0, 100, 7)).toMatchObject({ first: 0, last: 11 });
    expect(visibleDays(m, 500, 400, 7)).toMatchObject({ first: 18, last: 29, to: '2026-11-30' });
  });

  it('every pixel in the viewport is a drawn day', () => {
    const arb = fc.record({
      dayCount: fc.integer({ min: 1, max: 400 }),
      dayWidth: fc.integer({ min: 10, max: 28 }),
      scroll: fc.double({ min: 0, max: 1, noNaN: true }),
      viewport: fc.integer({ min: 1, max: 3000 }),
      overscan: fc.integer({ min: 0, max: 10 }),
    });
    fc.assert(
      fc.property(arb, ({ dayCount, dayWidth, scroll, viewport, overscan }) => {
        const metrics = timelineMetrics('2026-01-01', addDays('2026-01-01', dayCount - 1), dayWidth);
        const scrollLeft = scroll * Math.max(0, axisWidth(metrics) - viewport);
        const days = visibleDays(metrics, scrollLeft, viewport, overscan);
        expect(days.first).toBeGreaterThanOrEqual(0);
        expect(days.last).toBeLessThanOrEqual(dayCount - 1);
        const right = Math.min(scrollLeft + viewport, axisWidth(metrics)) - 1e-6;
        for (const x of [scrollLeft, right]) {
          const index = daysBetween(metrics.origin, xToDay(metrics, x));
          expect(index).toBeGreaterThanOrEqual(days.first);
          expect(index).toBeLessThanOrEqual(days.last);
        }
        expect(days.from).toBe(addDays(metrics.origin, days.first));
        expect(days.to).toBe(addDays(metrics.origin, days.last));
      }),
    );
  });

  it('scrolls a day to the left edge, as far as the axis allows', () => {
    expect(scrollLeftFor(m, '2026-11-11', 200)).toBe(200);
    expect(scrollLeftFor(m, '2026-10-01', 200)).toBe(0);
    expect(scrollLeftFor(m, '2026-11-30', 200)).toBe(400);
    expect(scrollLeftFor(m, '2026-11-11', 1000)).toBe(0);
  });
});

describe('timeline headings', () => {
  it('gives whole months overlapping the range', () => {
    expect(monthHeadings('2026-11-15', '2027-01-03')).toEqual([
      { key: '2026-11-01', label: 'November 2026', start: '2026-11-01', end: '2026-11-30' },
      { key: '2026-12-01', label: 'December 2026', start: '2026-12-01', end: '2026-12-31' },
      { key: '2027-01-01', label: 'January 2027', start: '2027-01-01', end: '2027-01-31' },
    ]);
    expect(monthHeadings('2027-02-01', '2027-02-01').map((h) => h.end)).toEqual(['2027-02-28']);
  });

  it('gives whole ISO weeks overlapping the range', () => {
    expect(weekHeadings('2026-12-24', '2027-01-05')).toEqual([
      { key: '2026-12-21', label: 'W52', start: '2026-12-21', end: '2026-12-27' },
      { key: '2026-12-28', label: 'W53', start: '2026-12-28', end: '2027-01-03' },
      { key: '2027-01-04', label: 'W1', start: '2027-01-04', end: '2027-01-10' },
    ]);
  });

  it('headings tile the range without gaps', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 400 }), (from, length) => {
        const to = addDays(from, length);
        for (const headings of [monthHeadings(from, to), weekHeadings(from, to)]) {
          expect(headings[0]!.start <= from).toBe(true);
          expect(headings.at(-1)!.end >= to).toBe(true);
          headings.forEach((h, i) => {
            expect(overlaps(h, { start: from, end: to })).toBe(true);
            if (i > 0) expect(h.start).toBe(addDays(headings[i - 1]!.end, 1));
          });
        }
      }),
    );
  });
});

// ---------------------------------------------------------------------------
// The view registry
// ---------------------------------------------------------------------------

describe('calendar views', () => {
  it('lists month, week and timeline, each under its own id and shortcut', () => {
    expect(CALENDAR_VIEW_IDS).toEqual(['month', 'week', 'timeline']);
    for (const id of CALENDAR_VIEW_IDS) expect(CALENDAR_VIEWS[id].id).toBe(id);
    expect(CALENDAR_VIEW_IDS.map((id) => CALENDAR_VIEWS[id].label)).toEqual(['Month', 'Week', 'Timeline']);
    const shortcuts = CALENDAR_VIEW_IDS.map((id) => CALENDAR_VIEWS[id].shortcut);
    expect(new Set(shortcuts).size).toBe(3);
  });

  it('month: the grid of the month, one month per step, titled by the month', () => {
    const month = CALENDAR_VIEWS.month;
    expect(month.range('2026-11-25')).toEqual({ start: '2026-10-26', end: '2026-12-06' });
    expect(month.navigate('2027-01-31', 'next', '2026-11-25')).toBe('2027-02-01');
    expect(month.navigate('2027-03-31', 'prev', '2026-11-25')).toBe('2027-02-01');
    expect(month.navigate('2027-01-15', 'prev', '2026-11-25')).toBe('2026-12-01');
    expect(month.navigate('2027-03-31', 'today', '2026-11-25')).toBe('2026-11-25');
    expect(month.title('2026-11-25')).toBe('November 2026');
  });

  it('week: Monday to Sunday, seven days per step, titled with the ISO week', () => {
    const week = CALENDAR_VIEWS.week;
    expect(week.range('2026-11-25')).toEqual({ start: '2026-11-23', end: '2026-11-29' });
    expect(week.navigate('2026-11-25', 'next', '2027-06-01')).toBe('2026-12-02');
    expect(week.navigate('2026-11-25', 'prev', '2027-06-01')).toBe('2026-11-18');
    expect(week.navigate('2026-11-25', 'today', '2027-06-01')).toBe('2027-06-01');
    expect(week.title('2026-11-25')).toBe('Week 48 · 23–29 Nov 2026');
    expect(week.title('2027-01-01')).toBe('Week 53 · 28 Dec 2026 – 3 Jan 2027');
  });

  it('timeline: a quarter-long window from two weeks before, a quarter per step, titled by quarter', () => {
    const timeline = CALENDAR_VIEWS.timeline;
    expect(timeline.range('2026-11-25')).toEqual({ start: '2026-11-11', end: '2027-02-09' });
    expect(timeline.navigate('2026-11-25', 'next', '2026-01-01')).toBe('2027-02-25');
    expect(timeline.navigate('2026-11-30', 'prev', '2026-01-01')).toBe('2026-08-30');
    expect(timeline.navigate('2026-11-25', 'today', '2026-01-01')).toBe('2026-01-01');
    expect(timeline.title('2026-11-25')).toBe('Q4 2026 – Q1 2027');
    expect(timeline.title('2026-10-15')).toBe('Q4 2026');
  });

  it('every view shows its focus date, and today is always one step away', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CALENDAR_VIEW_IDS), dayArb, dayArb, (id, date, today) => {
        const view = CALENDAR_VIEWS[id];
        const range = view.range(date);
        expect(range.start <= date && date <= range.end).toBe(true);
        expect(view.navigate(date, 'today', today)).toBe(today);
        for (const action of ['prev', 'next'] as const) {
          const next = view.navigate(date, action, today);
          expect(next < date).toBe(action === 'prev');
          expect(view.title(next)).not.toBe(view.title(date));
        }
      }),
    );
  });

  it('the timeline window is TIMELINE_WINDOW_DAYS long and starts TIMELINE_LEAD_DAYS early', () => {
    fc.assert(
      fc.property(dayArb, (date) => {
        const { start, end } = CALENDAR_VIEWS.timeline.range(date);
        expect(daysBetween(start, date)).toBe(TIMELINE_LEAD_DAYS);
        expect(daysBetween(start, end) + 1).toBe(TIMELINE_WINDOW_DAYS);
      }),
    );
  });

  it('month and week steps there and back return to the same month or week', () => {
    fc.assert(
      fc.property(dayArb, (date) => {
        const { month, week } = CALENDAR_VIEWS;
        const monthBack = month.navigate(month.navigate(date, 'next', date), 'prev', date);
        expect(monthBack).toBe(`${date.slice(0, 7)}-01`);
        expect(week.navigate(week.navigate(date, 'prev', date), 'next', date)).toBe(date);
      }),
    );
  });

  it.each([
    ['2026-01-01', 'Q1 2026'],
    ['2026-03-31', 'Q1 2026'],
    ['2026-04-01', 'Q2 2026'],
    ['2026-09-30', 'Q3 2026'],
    ['2026-12-31', 'Q4 2026'],
  ])('%s is in %s', (day, label) => {
    expect(quarterLabel(day)).toBe(label);
  });
});

describe('timeline axis', () => {
  it('spans a quarter back and half a year ahead of today, in whole months', () => {
    expect(timelineAxis(null, '2026-11-25', '2026-11-25')).toEqual({ start: '2026-08-01', end: '2027-06-30' });
  });

  it('widens to every train and the focus window', () => {
    expect(timelineAxis({ start: '2025-03-10', end: '2028-01-02' }, '2026-11-25', '2026-11-25')).toEqual({
      start: '2025-03-01',
      end: '2028-01-31',
    });
    expect(timelineAxis(null, '2026-11-25', '2029-05-10')).toEqual({ start: '2026-08-01', end: '2029-08-31' });
  });

  it('always holds today’s context, the trains and the window, from a 1st to a month end', () => {
    const trainsArb = fc.option(
      fc.tuple(dayArb, fc.integer({ min: 0, max: 1000 })).map(([start, n]) => ({ start, end: addDays(start, n) })),
      { nil: null },
    );
    fc.assert(
      fc.property(trainsArb, dayArb, dayArb, (trains, today, date) => {
        const axis = timelineAxis(trains, today, date);
        expect(axis.start.slice(8)).toBe('01');
        expect(axis.end).toBe(endOfMonth(axis.end));
        const must = [addDays(today, -91), addDays(today, 182), ...Object.values(CALENDAR_VIEWS.timeline.range(date))];
        if (trains) must.push(trains.start, trains.end);
        for (const d of must) expect(axis.start <= d && d <= axis.end).toBe(true);
      }),
    );
  });
});

describe('label gaps', () => {
  it('uses the whole bar without markers', () => {
    expect(labelGap(5, [])).toEqual({ from: 0, to: 1 });
    expect(labelGap(0, [0])).toEqual({ from: 0, to: 1 });
  });

  it('takes the widest stretch between the ends and marker centres', () => {
    expect(labelGap(4, [0])).toEqual({ from: 0.125, to: 1 });
    expect(labelGap(4, [3])).toEqual({ from: 0, to: 0.875 });
    expect(labelGap(10, [1, 2, 8])).toEqual({ from: 0.25, to: 0.85 });
  });

  it('prefers the leftmost of equal stretches, and ignores markers off the bar or repeated', () => {
    expect(labelGap(4, [1, 2])).toEqual({ from: 0, to: 0.375 });
    expect(labelGap(4, [0, 0, -1, 4, 9])).toEqual({ from: 0.125, to: 1 });
  });

  it('never puts a label over a marker, and no stretch is wider', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: -3, max: 45 }), { maxLength: 8 }),
        (span, markers) => {
          const { from, to } = labelGap(span, markers);
          expect(0 <= from && from < to && to <= 1).toBe(true);
          const centres = markers.filter((o) => o >= 0 && o < span).map((o) => (o + 0.5) / span);
          for (const c of centres) expect(c <= from + 1e-9 || c >= to - 1e-9).toBe(true);
          const edges = [0, ...centres.sort((a, b) => a - b), 1];
          const widest = Math.max(...edges.slice(1).map((e, i) => e - edges[i]!));
          expect(to - from).toBeCloseTo(widest, 9);
        },
      ),
    );
  });
});
