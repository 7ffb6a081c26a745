import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CalendarRange } from '../../../../shared/contract';
import { type Day, addDays, eachDay, formatDay, formatRange, isoWeekday } from '../../../../shared/days';
import type { TrainView } from '../../../../shared/train';
import { useCalendarStore } from '../../stores/calendar';
import { WarningIcon } from '../../components/icons';
import type { CssVars } from '../../components/css-vars';
import { BandContent } from './BandContent';
import { BandProgress } from '../rollouts/BandProgress';
import { dayRulesOf, isInactive } from './calendar-model';
import { trainLabel } from './calendar-format';
import { TrainStatusBadge } from './TrainStatusBadge';
import {
  TIMELINE_LEAD_DAYS,
  TIMELINE_WINDOW_DAYS,
  type TimelineMetrics,
  type VisibleDays,
  axisWidth,
  dayToX,
  monthHeadings,
  scrollLeftFor,
  spanToPixels,
  timelineMetrics,
  visibleDays,
  weekHeadings,
  xToDay,
} from './layout';
import './calendar.css';

/** Width of the sticky train column. */
const LABEL_WIDTH = 188;
const ROW_HEIGHT = 34;
/** Month row, week row and the rules row (holidays, freezes). */
const HEAD_HEIGHT = 74;
/** A day stays wide enough for a release marker, and narrow enough that a quarter fits. */
const MIN_DAY_WIDTH = 10;
const MAX_DAY_WIDTH = 28;
/** Days drawn beyond each edge, so a quick scroll shows no blank strip. */
const OVERSCAN_DAYS = 7;
/**
 * Scrolling re-renders the drawn days only when it crosses a chunk of this many
 * days, not on every pixel: the drawn range covers the chunk, so nothing is missing.
 */
const CHUNK_DAYS = 7;

interface TimelineViewProps {
  range: CalendarRange;
  /** CalendarDisplay.seq: a new value means "scroll to the focus date" (navigation, not scrolling). */
  seq: number;
  title: string;
  onOpenTrain: (id: number) => void;
  onScrollDate: (date: Day) => void;
}

function dayWidthFor(viewportWidth: number): number {
  const fit = Math.floor((viewportWidth - LABEL_WIDTH) / TIMELINE_WINDOW_DAYS);
  return Math.min(MAX_DAY_WIDTH, Math.max(MIN_DAY_WIDTH, fit));
}

/** Months, weeks and the calendar rules over the visible days only: the axis can be years long. */
function TimelineHeader({ m, days, range }: { m: TimelineMetrics; days: VisibleDays; range: CalendarRange }) {
  const x = (day: Day) => LABEL_WIDTH + dayToX(m, day);
  const clip = (start: Day, end: Day) => {
    const from = start < m.origin ? m.origin : start;
    const to = end > range.to ? range.to : end;
    return { left: x(from), width: spanToPixels(m, { start: from, end: to }).width };
  };
  const weekWide = m.dayWidth * 7 >= 84;
  const visibleFreezes = range.freezes.filter((f) => f.start <= days.to && f.end >= days.from);
  const visibleHolidays = range.holidays.filter((h) => h.date >= days.from && h.date <= days.to);
  return (
    <div className="timeline-head" style={{ width: LABEL_WIDTH + axisWidth(m) }}>
      <div className="timeline-corner">
        <span>Train</span>
      </div>
      {monthHeadings(days.from, days.to).map((h) => (
        <div key={h.key} className="timeline-month" style={clip(h.start, h.end)}>
          <span className="timeline-sticky-label">{h.label}</span>
        </div>
      ))}
      {weekHeadings(days.from, days.to).map((h) => (
        <div key={h.key} className="timeline-week" style={clip(h.start, h.end)} title={formatRange(h.start, h.end)}>
          {h.label}
          {weekWide && <span className="timeline-week-date"> · {formatDay(h.start, { year: false })}</span>}
        </div>
      ))}
      {visibleFreezes.map((f) => (
        <div
          key={f.id}
          className="timeline-rule timeline-rule-freeze"
          style={clip(f.start, f.end)}
          title={`Freeze: ${f.name}, ${formatRange(f.start, f.end)}${f.reason ? ` — ${f.reason}` : ''}`}
        >
          <span className="timeline-sticky-label">{f.name}</span>
        </div>
      ))}
      {visibleHolidays.map((h) => (
        <div
          key={h.date}
          className="timeline-rule timeline-rule-holiday"
          style={{ left: x(h.date), width: m.dayWidth }}
          title={`Holiday: ${h.name}, ${formatRange(h.date, h.date)}`}
        />
      ))}
      {range.today >= days.from && range.today <= days.to && (
        <div className="timeline-today-flag" style={{ left: x(range.today) + m.dayWidth / 2 }}>
          Today
        </div>
      )}
    </div>
  );
}

/** Non-working days, holidays, freezes, week lines and today, behind the rows. */
function TimelineBackdrop({
  m,
  days,
  range,
  height,
}: {
  m: TimelineMetrics;
  days: VisibleDays;
  range: CalendarRange;
  height: number;
}) {
  const rulesOf = useMemo(() => dayRulesOf(range), [range]);
  const x = (day: Day) => LABEL_WIDTH + dayToX(m, day);
  const visible = days.last >= days.first ? eachDay(days.from, days.to) : [];
  return (
    <div className="timeline-backdrop" style={{ top: HEAD_HEIGHT, height: height - HEAD_HEIGHT }} aria-hidden="true">
      {visible.map((day) => {
        const rules = rulesOf(day);
        const classes = [
          'timeline-day',
          rules.working ? '' : 'is-nonworking',
          rules.holiday ? 'is-holiday' : '',
          day.endsWith('-01') ? 'is-month-start' : '',
          isoWeekday(day) === 1 ? 'is-week-start' : '',
        ].filter(Boolean);
        if (classes.length === 1) return null;
        return <div key={day} className={classes.join(' ')} style={{ left: x(day), width: m.dayWidth }} />;
      })}
      {range.freezes
        .filter((f) => f.start <= days.to && f.end >= days.from)
        .map((f) => {
          const from = f.start < days.from ? days.from : f.start;
          const to = f.end > days.to ? days.to : f.end;
          const { width } = spanToPixels(m, { start: from, end: to });
          return <div key={f.id} className="timeline-freeze" style={{ left: x(from), width }} />;
        })}
      {range.today >= days.from && range.today <= days.to && (
        <div className="timeline-today" style={{ left: x(range.today) + m.dayWidth / 2 }} />
      )}
    </div>
  );
}

function TimelineRow({
  train,
  m,
  days,
  onOpen,
}: {
  train: TrainView;
  m: TimelineMetrics;
  days: VisibleDays;
  onOpen: (id: number) => void;
}) {
  // Columns are virtual too: a bar wholly outside the drawn days is not rendered.
  const visible = train.start <= days.to && train.end >= days.from;
  const { left, width } = spanToPixels(m, train);
  const classes = [
    'band',
    'timeline-band',
    isInactive(train) ? 'is-inactive' : '',
    train.conflicts.length ? 'has-conflict' : '',
  ];
  return (
    <>
      <div className="timeline-label">
        <button type="button" className="timeline-version" tabIndex={-1} onClick={() => onOpen(train.id)}>
          {train.version}
        </button>
        <span className="timeline-label-end">
          {train.conflicts.length > 0 && (
            <span className="conflict-dot" title={train.conflicts.map((c) => c.message).join('\n')}>
              <WarningIcon />
            </span>
          )}
          <TrainStatusBadge train={train} />
        </span>
      </div>
      {visible && (
        <button
          type="button"
          className={classes.filter(Boolean).join(' ')}
          style={{ left: LABEL_WIDTH + left, width }}
          aria-label={trainLabel(train)}
          data-testid={`timeline-band-${train.version}`}
          onClick={() => onOpen(train.id)}
        >
          <BandContent train={train} from={train.start} to={train.end} dayWidth={m.dayWidth} showVersion={false} />
        </button>
      )}
      {/* Progress right after the bar: inside it, the release marks fill the rollout phase. */}
      {visible && !isInactive(train) && (
        <span className="timeline-progress" style={{ left: LABEL_WIDTH + left + width }}>
          <BandProgress trainId={train.id} />
        </span>
      )}
    </>
  );
}

/**
 * Every train as a row across days, over the whole plan. Rows are virtualized by
 * @tanstack/react-virtual; day columns (headings, shading, bars) are computed
 * from scrollLeft, so three years of trains draw only what is on screen.
 */
export const TimelineView = memo(function TimelineView({
  range,
  seq,
  title,
  onOpenTrain,
  onScrollDate,
}: TimelineViewProps) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ width: 0, height: 0 });
  const [chunk, setChunk] = useState(0);
  const frame = useRef(0);

  const dayWidth = dayWidthFor(viewport.width);
  const m = useMemo(() => timelineMetrics(range.from, range.to, dayWidth), [range.from, range.to, dayWidth]);
  const trains = range.trains;

  /**
   * Where navigation (prev/next/today, the date picker, opening the view) puts the view: the
   * window's start at the left edge, and the first train alive then (if any) at the top. Rows are all
   * ROW_HEIGHT high, so that row's offset is arithmetic (the browser clamps at the bottom). The
   * store's date, not a prop: scrolling by hand updates it without re-rendering this view.
   */
  const focusOf = (metrics: TimelineMetrics, width: number) => {
    const windowStart = addDays(useCalendarStore.getState().date, -TIMELINE_LEAD_DAYS);
    const left = scrollLeftFor(metrics, windowStart, width - LABEL_WIDTH);
    const first = trains.findIndex((t) => t.end >= windowStart);
    return {
      left,
      top: first >= 0 ? first * ROW_HEIGHT : null,
      chunk: Math.floor(left / (metrics.dayWidth * CHUNK_DAYS)),
    };
  };

  // The app does not run React Compiler, and this component re-renders on scroll anyway (visible days),
  // so the virtualizer's unmemoizable API costs nothing here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({
    count: trains.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 3,
    paddingStart: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
    // The rows at the focus from the first render: the scroll event of scrolling there comes a frame later.
    initialOffset: () => focusOf(m, viewport.width).top ?? 0,
  });

  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const measure = () => setViewport({ width: el.clientWidth, height: el.clientHeight });
    // Measured now, before the first paint, so that the first frame drawn is the right one (the
    // observer reports only after a layout); the drawn days start at the focus from that render
    // on. Then measured again whenever the view is resized.
    measure();
    setChunk(focusOf(timelineMetrics(range.from, range.to, dayWidthFor(el.clientWidth)), el.clientWidth).chunk);
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
    // Once, when the view opens: later focus changes go through scrollToFocus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // Scrolling by hand never triggers this.
  const scrollToFocus = useEffectEvent(() => {
    const el = scrollerRef.current;
    if (!el || viewport.width === 0) return;
    const focus = focusOf(m, viewport.width);
    el.scrollLeft = focus.left;
    if (focus.top !== null) el.scrollTop = focus.top;
    setChunk(focus.chunk);
  });
  // Before paint: the first frame shows the focus date, not the axis's start.
  useLayoutEffect(() => scrollToFocus(), [seq, m, viewport.width]);

  function onScroll() {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const el = scrollerRef.current;
      if (!el) return;
      setChunk(Math.floor(el.scrollLeft / (m.dayWidth * CHUNK_DAYS)));
      onScrollDate(addDays(xToDay(m, el.scrollLeft), TIMELINE_LEAD_DAYS));
    });
  }

  const chunkWidth = m.dayWidth * CHUNK_DAYS;
  const days = visibleDays(
    m,
    chunk * chunkWidth,
    Math.max(0, viewport.width - LABEL_WIDTH) + chunkWidth,
    OVERSCAN_DAYS,
  );
  const height = rows.getTotalSize();

  return (
    <div
      ref={scrollerRef}
      className="timeline"
      data-testid="timeline"
      role="region"
      aria-label={`Timeline, ${title}`}
      // Focusable so the keyboard can scroll it; bars inside are buttons of their own.
      tabIndex={0}
      style={{ '--label-w': `${LABEL_WIDTH}px` } as CssVars}
      onScroll={onScroll}
    >
      {/* Drawn once the scroller is measured (before the first paint): a first pass at no width would be thrown away. */}
      {viewport.width > 0 && (
        <div className="timeline-canvas" style={{ width: LABEL_WIDTH + axisWidth(m), height }}>
          <TimelineHeader m={m} days={days} range={range} />
          <TimelineBackdrop m={m} days={days} range={range} height={height} />
          {rows.getVirtualItems().map((item) => {
            const train = trains[item.index];
            if (!train) return null;
            return (
              <div
                key={train.id}
                className={`timeline-row${item.index % 2 ? ' is-odd' : ''}`}
                style={{ top: item.start, height: item.size, width: LABEL_WIDTH + axisWidth(m) }}
              >
                <TimelineRow train={train} m={m} days={days} onOpen={onOpenTrain} />
              </div>
            );
          })}
          {trains.length === 0 && (
            <p className="timeline-empty" style={{ top: HEAD_HEIGHT }}>
              No trains between {formatRange(range.from, range.to)}.
            </p>
          )}
        </div>
      )}
    </div>
  );
});
