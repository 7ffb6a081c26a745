// Pure calendar layout: the month grid, train segments clipped to week rows, lane
// packing, timeline pixel metrics, and the registry of calendar views. No React,
// no DOM, no clock: every function takes days (`YYYY-MM-DD`) and returns data, so
// it is unit-testable and the components only draw what it computes.
//
// Days stay strings end to end (see shared/days.ts for why never local Dates).

import {
  type Day,
  addDays,
  addMonths,
  daysBetween,
  endOfMonth,
  formatRange,
  maxDay,
  minDay,
  monthName,
  startOfIsoWeek,
  startOfMonth,
  toEpochDay,
} from '../../../../shared/days';

/** Anything drawn on the calendar: a closed range of days. */
export interface DaySpan {
  start: Day;
  end: Day;
}

// ---------------------------------------------------------------------------
// Weeks and the month grid
// ---------------------------------------------------------------------------

/** ISO 8601 week: weeks start on Monday and week 1 holds the year's first Thursday. */
export interface IsoWeek {
  /** The ISO week-numbering year, which differs from the calendar year around 1 January. */
  year: number;
  week: number;
}

export function isoWeekOf(day: Day): IsoWeek {
  // The Thursday of a week decides which year the week belongs to.
  const thursday = addDays(startOfIsoWeek(day), 3);
  const year = Number(thursday.slice(0, 4));
  return { year, week: Math.floor(daysBetween(`${thursday.slice(0, 4)}-01-01`, thursday) / 7) + 1 };
}

export interface WeekRow {
  /** Monday. */
  start: Day;
  /** Sunday. */
  end: Day;
  /** Monday to Sunday, seven days. */
  days: Day[];
  isoWeek: IsoWeek;
}

export function weekRow(anyDay: Day): WeekRow {
  const start = startOfIsoWeek(anyDay);
  return {
    start,
    end: addDays(start, 6),
    days: Array.from({ length: 7 }, (_, i) => addDays(start, i)),
    isoWeek: isoWeekOf(start),
  };
}

export interface MonthGrid {
  /** The first day of the month shown. */
  month: Day;
  /** The last day of the month shown. */
  monthEnd: Day;
  /** Whole weeks, Monday to Sunday, from the week holding the 1st to the week holding the last day (4 to 6 rows). */
  weeks: WeekRow[];
  /** First and last day drawn (days of the neighbouring months included). */
  from: Day;
  to: Day;
}

/** The weeks (Mon–Sun) that cover the month of `date`. */
export function monthGrid(date: Day): MonthGrid {
  const month = startOfMonth(date);
  const monthEnd = endOfMonth(date);
  const weeks: WeekRow[] = [];
  for (let monday = startOfIsoWeek(month); monday <= monthEnd; monday = addDays(monday, 7)) weeks.push(weekRow(monday));
  const last = weeks[weeks.length - 1];
  return { month, monthEnd, weeks, from: weeks[0]?.start ?? month, to: last?.end ?? monthEnd };
}

// ---------------------------------------------------------------------------
// Lane packing
// ---------------------------------------------------------------------------

/** A closed interval of whole units (days or columns): `end` is included. */
export interface Interval {
  start: number;
  end: number;
}

export interface LaneAssignment {
  /** The lane of each interval, in the order they were given. */
  lanes: number[];
  /** How many lanes are needed: the largest number of intervals sharing one unit. */
  laneCount: number;
}

/**
 * Puts intervals on lanes so that no two on one lane share a unit.
 *
 * Greedy interval partitioning: in order of start, each interval takes the lowest
 * lane that is free by then. For intervals this is optimal (it uses exactly as
 * many lanes as the deepest overlap), and O(n · lanes), where lanes is tiny here.
 * Ties on `start` keep the given order, so the caller decides who goes on top
 * (e.g. the older train, so a train stays in its lane from one week row to the next).
 */
export function packLanes(intervals: readonly Interval[]): LaneAssignment {
  const order = intervals.map((_, i) => i).sort((a, b) => intervals[a]!.start - intervals[b]!.start || a - b);
  const laneEnds: number[] = [];
  const lanes = new Array<number>(intervals.length).fill(0);
  for (const i of order) {
    const { start, end } = intervals[i]!;
    let lane = laneEnds.findIndex((laneEnd) => laneEnd < start);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = end;
    lanes[i] = lane;
  }
  return { lanes, laneCount: laneEnds.length };
}

// ---------------------------------------------------------------------------
// Segments: items clipped to a week row
// ---------------------------------------------------------------------------

export interface Segment<T extends DaySpan> {
  item: T;
  /** The part of the item inside the row. */
  start: Day;
  end: Day;
  /** Column of `start` (0 = Monday) and number of columns covered. */
  startCol: number;
  span: number;
  /** The item started before this row / goes on after it (draw the band open on that side). */
  continuesBefore: boolean;
  continuesAfter: boolean;
  lane: number;
}

export interface WeekLayout<T extends DaySpan> {
  week: WeekRow;
  /** Segments in lane order, then by column. */
  segments: Segment<T>[];
  /** Lanes the row needs (highest lane used + 1), so its height fits every band. */
  laneCount: number;
}

function clipToRow<T extends DaySpan>(item: T, row: WeekRow, lane: number): Segment<T> {
  const start = maxDay(item.start, row.start);
  const end = minDay(item.end, row.end);
  return {
    item,
    start,
    end,
    startCol: daysBetween(row.start, start),
    span: daysBetween(start, end) + 1,
    continuesBefore: item.start < row.start,
    continuesAfter: item.end > row.end,
    lane,
  };
}

function byLaneThenColumn<T extends DaySpan>(a: Segment<T>, b: Segment<T>): number {
  return a.lane - b.lane || a.startCol - b.startCol;
}

/** Items in start order (ties: the one that ends first), the order lanes are handed out in. */
function inStartOrder<T extends DaySpan>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : 1));
}

/**
 * The items overlapping one week row, clipped to it and packed into lanes within
 * the row. Each item is one segment, so it keeps one lane across the row.
 */
export function layoutWeekRow<T extends DaySpan>(items: readonly T[], week: WeekRow): WeekLayout<T> {
  const inRow = inStartOrder(items.filter((t) => t.start <= week.end && t.end >= week.start));
  const { lanes, laneCount } = packLanes(
    inRow.map((t) => ({
      start: daysBetween(week.start, maxDay(t.start, week.start)),
      end: daysBetween(week.start, minDay(t.end, week.end)),
    })),
  );
  const segments = inRow.map((t, i) => clipToRow(t, week, lanes[i] ?? 0)).sort(byLaneThenColumn);
  return { week, segments, laneCount };
}

/**
 * Every week row of a grid, with lanes packed over the whole grid rather than per
 * row: a train then keeps its lane from one week to the next, so the eye can
 * follow it down the month. A row is as tall as the highest lane it uses.
 */
export function layoutWeeks<T extends DaySpan>(items: readonly T[], weeks: readonly WeekRow[]): WeekLayout<T>[] {
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  if (!first || !last) return [];
  const visible = inStartOrder(items.filter((t) => t.start <= last.end && t.end >= first.start));
  const { lanes } = packLanes(
    visible.map((t) => ({ start: toEpochDay(maxDay(t.start, first.start)), end: toEpochDay(minDay(t.end, last.end)) })),
  );
  return weeks.map((week) => {
    const segments: Segment<T>[] = [];
    visible.forEach((t, i) => {
      if (t.start <= week.end && t.end >= week.start) segments.push(clipToRow(t, week, lanes[i] ?? 0));
    });
    segments.sort(byLaneThenColumn);
    const laneCount = segments.reduce((n, s) => Math.max(n, s.lane + 1), 0);
    return { week, segments, laneCount };
  });
}

/** A part (e.g. a phase) of a segment, in columns relative to the segment's first column. */
export interface SegmentPart<P extends DaySpan> {
  part: P;
  start: Day;
  end: Day;
  /** Columns from the segment's start. */
  offset: number;
  span: number;
}

/** The parts (phases) of an item that fall inside `[from, to]`, clipped, with their column offset from `from`. */
export function clipParts<P extends DaySpan>(parts: readonly P[], from: Day, to: Day): SegmentPart<P>[] {
  return parts
    .filter((p) => p.start <= to && p.end >= from)
    .map((p) => {
      const start = maxDay(p.start, from);
      const end = minDay(p.end, to);
      return { part: p, start, end, offset: daysBetween(from, start), span: daysBetween(start, end) + 1 };
    });
}

// ---------------------------------------------------------------------------
// Timeline metrics
// ---------------------------------------------------------------------------

export interface TimelineMetrics {
  /** The first day of the axis (x = 0). */
  origin: Day;
  /** Days on the axis. */
  dayCount: number;
  /** Pixels per day. */
  dayWidth: number;
}

/** The axis from `from` to `to` (both included) at `dayWidth` pixels a day. */
export function timelineMetrics(from: Day, to: Day, dayWidth: number): TimelineMetrics {
  return { origin: from, dayCount: Math.max(0, daysBetween(from, to) + 1), dayWidth };
}

/** Total width of the day axis in pixels. */
export function axisWidth(m: TimelineMetrics): number {
  return m.dayCount * m.dayWidth;
}

/** Left edge of `day`, in pixels from the axis origin (negative before it). */
export function dayToX(m: TimelineMetrics, day: Day): number {
  return daysBetween(m.origin, day) * m.dayWidth;
}

/** The day under pixel `x` of the axis, clamped to the axis. */
export function xToDay(m: TimelineMetrics, x: number): Day {
  const index = Math.min(Math.max(Math.floor(x / m.dayWidth), 0), Math.max(m.dayCount - 1, 0));
  return addDays(m.origin, index);
}

/** Left and width in pixels of a span of days on the axis. */
export function spanToPixels(m: TimelineMetrics, span: DaySpan): { left: number; width: number } {
  return { left: dayToX(m, span.start), width: (daysBetween(span.start, span.end) + 1) * m.dayWidth };
}

export interface VisibleDays {
  /** Index of the first and last day to draw (from the origin), both included; `last < first` when none. */
  first: number;
  last: number;
  from: Day;
  to: Day;
}

/**
 * The days to draw for a horizontal scroll position: those under the viewport
 * (`scrollLeft` and `viewportWidth` measured on the axis, i.e. without any sticky
 * label column), plus `overscan` days on each side so fast scrolling shows no gaps.
 */
export function visibleDays(m: TimelineMetrics, scrollLeft: number, viewportWidth: number, overscan = 0): VisibleDays {
  const first = Math.max(0, Math.floor(scrollLeft / m.dayWidth) - overscan);
  const last = Math.min(m.dayCount - 1, Math.ceil((scrollLeft + viewportWidth) / m.dayWidth) - 1 + overscan);
  return { first, last, from: addDays(m.origin, first), to: addDays(m.origin, Math.max(first, last)) };
}

/** The scrollLeft that puts `day` at the left edge of the viewport (clamped to what can be scrolled). */
export function scrollLeftFor(m: TimelineMetrics, day: Day, viewportWidth: number): number {
  return Math.min(Math.max(0, dayToX(m, day)), Math.max(0, axisWidth(m) - viewportWidth));
}

/** A month or week heading on the timeline: a label over a span of the axis. */
export interface AxisHeading {
  key: Day;
  label: string;
  start: Day;
  end: Day;
}

/** Month headings overlapping `[from, to]`, each with its full span (the drawing clips it). */
export function monthHeadings(from: Day, to: Day): AxisHeading[] {
  const out: AxisHeading[] = [];
  for (let m = startOfMonth(from); m <= to; m = addMonths(m, 1)) {
    out.push({ key: m, label: `${monthName(Number(m.slice(5, 7)))} ${m.slice(0, 4)}`, start: m, end: endOfMonth(m) });
  }
  return out;
}

/** ISO week headings overlapping `[from, to]` ("W48"). */
export function weekHeadings(from: Day, to: Day): AxisHeading[] {
  const out: AxisHeading[] = [];
  for (let w = startOfIsoWeek(from); w <= to; w = addDays(w, 7)) {
    out.push({ key: w, label: `W${isoWeekOf(w).week}`, start: w, end: addDays(w, 6) });
  }
  return out;
}

// ---------------------------------------------------------------------------
// The registry of calendar views
// ---------------------------------------------------------------------------

export const CALENDAR_VIEW_IDS = ['month', 'week', 'timeline'] as const;
export type CalendarViewId = (typeof CALENDAR_VIEW_IDS)[number];
export type NavigateAction = 'prev' | 'next' | 'today';

export interface CalendarViewDef {
  id: CalendarViewId;
  /** Button text and accessible name. */
  label: string;
  /** The keyboard shortcut that switches to the view. */
  shortcut: string;
  /** The days the view shows for a focus `date`. */
  range: (date: Day) => DaySpan;
  /** The focus date after a previous / next / today step. */
  navigate: (date: Day, action: NavigateAction, today: Day) => Day;
  /** The heading for a focus `date`, e.g. "November 2026". */
  title: (date: Day) => string;
}

/** Days of context the timeline shows before its focus date (so "today" is not flush against the labels). */
export const TIMELINE_LEAD_DAYS = 14;
/** Days the timeline's window covers: about a quarter. */
export const TIMELINE_WINDOW_DAYS = 91;

/** "Q4 2026". */
export function quarterLabel(day: Day): string {
  return `Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1} ${day.slice(0, 4)}`;
}

/** A view whose previous / next steps move its focus date by `move(date, -1 | 1)`; today goes to today. */
function calendarView({
  move,
  ...def
}: Omit<CalendarViewDef, 'navigate'> & { move: (date: Day, steps: number) => Day }): CalendarViewDef {
  return {
    ...def,
    navigate: (date, action, today) => (action === 'today' ? today : move(date, action === 'next' ? 1 : -1)),
  };
}

const monthView = calendarView({
  id: 'month',
  label: 'Month',
  shortcut: 'm',
  move: (date, n) => addMonths(startOfMonth(date), n),
  range: (date) => {
    const grid = monthGrid(date);
    return { start: grid.from, end: grid.to };
  },
  title: (date) => `${monthName(Number(date.slice(5, 7)))} ${date.slice(0, 4)}`,
});

const weekView = calendarView({
  id: 'week',
  label: 'Week',
  shortcut: 'w',
  move: (date, n) => addDays(date, 7 * n),
  range: (date) => {
    const row = weekRow(date);
    return { start: row.start, end: row.end };
  },
  title: (date) => {
    const row = weekRow(date);
    return `Week ${row.isoWeek.week} · ${formatRange(row.start, row.end)}`;
  },
});

const timelineView = calendarView({
  id: 'timeline',
  label: 'Timeline',
  shortcut: 'l',
  // A quarter at a time: the window's width.
  move: (date, n) => addMonths(date, 3 * n),
  range: (date) => {
    const start = addDays(date, -TIMELINE_LEAD_DAYS);
    return { start, end: addDays(start, TIMELINE_WINDOW_DAYS - 1) };
  },
  title: (date) => {
    const { start, end } = timelineView.range(date);
    const [first, last] = [quarterLabel(start), quarterLabel(end)];
    return first === last ? first : `${first} – ${last}`;
  },
});

/** The calendar's views, in toolbar order. */
export const CALENDAR_VIEWS: Readonly<Record<CalendarViewId, CalendarViewDef>> = {
  month: monthView,
  week: weekView,
  timeline: timelineView,
};

/**
 * The days the timeline loads and draws: every train (so the whole plan can be
 * scrolled), at least a quarter back and half a year ahead of today, and the
 * window of the focus date; widened to whole months so the headings are whole.
 */
export function timelineAxis(trains: DaySpan | null, today: Day, date: Day): DaySpan {
  const window = CALENDAR_VIEWS.timeline.range(date);
  let start = minDay(addDays(today, -91), window.start);
  let end = maxDay(addDays(today, 182), window.end);
  if (trains) {
    start = minDay(start, trains.start);
    end = maxDay(end, trains.end);
  }
  return { start: startOfMonth(addDays(start, -7)), end: endOfMonth(addDays(end, 7)) };
}

/**
 * Where a label fits inside a bar of `span` days that carries markers at the
 * given day offsets (0 = first day, each marker centred on its day): the widest
 * stretch between the bar's ends and the markers, as fractions of the bar's
 * width, so labels never sit under a release-day marker.
 */
export function labelGap(span: number, markerOffsets: readonly number[]): { from: number; to: number } {
  if (span <= 0) return { from: 0, to: 1 };
  const centres = [...new Set(markerOffsets)].filter((o) => o >= 0 && o < span).map((o) => (o + 0.5) / span);
  const edges = [0, ...centres.sort((a, b) => a - b), 1];
  let best = { from: 0, to: 1 };
  let width = -1;
  for (let i = 1; i < edges.length; i++) {
    const gap = edges[i]! - edges[i - 1]!;
    // Strictly wider wins, so among equal gaps the leftmost keeps the label near the start.
    if (gap > width + 1e-9) {
      width = gap;
      best = { from: edges[i - 1]!, to: edges[i]! };
    }
  }
  return best;
}
