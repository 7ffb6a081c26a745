import { create } from 'zustand';
import type { CalendarRange, Input, TrainDetail } from '../../../shared/contract';
import type { Cadence } from '../../../shared/cadence';
import { type Day, dayInZone } from '../../../shared/days';
import type { TrainView } from '../../../shared/train';
import { call } from '../api/client';
import { newestRequest, reportLoadFailure } from './requests';
import { trainsExtent } from '../views/calendar/calendar-model';
import {
  CALENDAR_VIEWS,
  type CalendarViewId,
  type DaySpan,
  type NavigateAction,
  timelineAxis,
} from '../views/calendar/layout';

/** What the calendar body draws: the view and focus date that the loaded range belongs to. */
export interface CalendarDisplay {
  view: CalendarViewId;
  date: Day;
  /** Bumped when the date came from navigation (not from scrolling), so the timeline knows to scroll to it. */
  seq: number;
}

interface CalendarState {
  /** The view and date asked for (toolbar); `display` catches up when their days are loaded. */
  view: CalendarViewId;
  date: Day;
  /** The server's "today" once known; until then this machine's. */
  today: Day;
  display: CalendarDisplay | null;
  /** Days, trains and rules for `display`. */
  range: CalendarRange | null;
  /** Every train, for the status strip, the empty state and the timeline's extent. */
  trains: TrainView[] | null;
  /** `loading` only until the first answer; later loads keep the calendar on screen. */
  status: 'loading' | 'ready' | 'error';
  loadError: string | null;
  /** A load after the first is under way (a new month, a refresh after a change). */
  fetching: boolean;

  /** The train whose detail panel is open. */
  selectedId: number | null;
  detail: TrainDetail | null;
  detailError: string | null;

  load: () => Promise<void>;
  setView: (view: CalendarViewId) => void;
  navigate: (action: NavigateAction) => void;
  goTo: (date: Day) => void;
  /** The timeline was scrolled: follow it without scrolling back. */
  followScroll: (date: Day) => void;

  openTrain: (id: number) => void;
  closeTrain: () => void;
  /** Reads the open train's detail again, keeping it on screen meanwhile: a change in the drawer adds to its history. */
  reloadTrain: () => Promise<void>;

  /** The cadence trains are planned on, fresh from the settings; resolves null when they cannot be read. */
  loadCadence: () => Promise<Cadence | null>;

  plan: (input: Input<'trains.plan'>) => Promise<TrainView[]>;
  rename: (id: number, version: string) => Promise<TrainView>;
  move: (id: number, start: Day, shiftLater: boolean) => Promise<TrainView[]>;
  skip: (id: number, reason: string) => Promise<TrainView>;
  cancel: (id: number, reason: string) => Promise<TrainView>;
  reinstate: (id: number) => Promise<TrainView>;
  setNotes: (id: number, notes: string) => Promise<TrainView>;
}

function localToday(): Day {
  return dayInZone(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** The days to load for a view: what it shows; for the timeline, the whole plan. */
function spanToLoad(view: CalendarViewId, date: Day, today: Day, trains: readonly TrainView[] | null): DaySpan {
  if (view === 'timeline') return timelineAxis(trains ? trainsExtent(trains) : null, today, date);
  return CALENDAR_VIEWS[view].range(date);
}

function covers(range: CalendarRange | null, span: DaySpan): boolean {
  return range !== null && range.from <= span.start && range.to >= span.end;
}

// Answers can arrive out of order when people click through months quickly; only the newest may land.
const rangeLoads = newestRequest();
const detailLoads = newestRequest();
let displaySeq = 0;
/** Until someone navigates, the calendar follows the server's idea of today (its clock may be injected). */
let followServerToday = true;

export const useCalendarStore = create<CalendarState>()((set, get) => {
  /** Loads the days the current view and date need (unless loaded), then shows them. */
  async function show(options: { force?: boolean; scroll: boolean }): Promise<void> {
    const { view, date, today, trains, range } = get();
    const span = spanToLoad(view, date, today, trains);
    const display = (): CalendarDisplay => ({ view, date, seq: options.scroll ? ++displaySeq : displaySeq });
    // Days already loaded are reused (the timeline's wide range covers any month); the timeline also
    // keeps its axis while it covers the window, since reloading would shift what is under the pointer.
    const needed = view === 'timeline' ? CALENDAR_VIEWS.timeline.range(date) : span;
    if (!options.force && covers(range, needed)) {
      set({ display: display() });
      return;
    }
    const isNewest = rangeLoads.begin();
    set({ fetching: true });
    try {
      const loaded = await call('calendar.range', { from: span.start, to: span.end });
      if (!isNewest()) return;
      set({
        range: loaded,
        today: loaded.today,
        display: display(),
        status: 'ready',
        loadError: null,
        fetching: false,
      });
      if (followServerToday && loaded.today !== date) {
        // First answer: this machine's day and the server's differ; show the server's.
        followServerToday = false;
        set({ date: loaded.today });
        await show({ scroll: true });
      }
    } catch (err) {
      if (!isNewest()) return;
      set({ fetching: false });
      reportLoadFailure(err, get().status === 'ready', (loadError) => set({ status: 'error', loadError }));
    }
  }

  async function loadTrains(): Promise<void> {
    const trains = await call('trains.list', {});
    set({ trains });
  }

  async function loadDetail(): Promise<void> {
    const id = get().selectedId;
    if (id === null) return;
    await detailLoads.run(
      () => call('trains.get', { id }),
      { ok: (detail) => set({ detail, detailError: null }), failed: (detailError) => set({ detailError }) },
      () => get().selectedId === id,
    );
  }

  /** Runs a change, then reloads everything it can have touched: the plan, the days on screen, the open train. */
  async function mutate<R>(run: () => Promise<R>): Promise<R> {
    const result = await run();
    await get().load();
    await loadDetail();
    return result;
  }

  return {
    view: 'month',
    date: localToday(),
    today: localToday(),
    display: null,
    range: null,
    trains: null,
    status: 'loading',
    loadError: null,
    fetching: false,
    selectedId: null,
    detail: null,
    detailError: null,

    load: async () => {
      try {
        await loadTrains();
      } catch (err) {
        reportLoadFailure(err, get().status === 'ready', (loadError) => set({ status: 'error', loadError }));
        return;
      }
      await show({ force: true, scroll: get().display === null });
    },
    setView: (view) => {
      followServerToday = false;
      // Choosing the view already shown reloads it: the one-click way to see others' changes.
      const again = view === get().view;
      set({ view });
      void show({ force: again, scroll: true });
    },
    navigate: (action) => {
      const { view, date, today } = get();
      followServerToday = false;
      set({ date: CALENDAR_VIEWS[view].navigate(date, action, today) });
      void show({ scroll: true });
    },
    goTo: (date) => {
      followServerToday = false;
      set({ date });
      void show({ scroll: true });
    },
    // Only the asked-for date follows: the timeline is already showing it, and must not re-render per day scrolled.
    followScroll: (date) => {
      if (date !== get().date) set({ date });
    },

    openTrain: (id) => {
      set({ selectedId: id, detail: null, detailError: null });
      void loadDetail();
    },
    closeTrain: () => set({ selectedId: null, detail: null, detailError: null }),
    reloadTrain: loadDetail,

    loadCadence: async () => {
      try {
        return (await call('settings.get', {})).cadence;
      } catch {
        return null;
      }
    },

    plan: (input) => mutate(() => call('trains.plan', input)),
    rename: (id, version) => mutate(() => call('trains.rename', { id, version })),
    move: (id, start, shiftLater) => mutate(() => call('trains.move', { id, start, shiftLater })),
    skip: (id, reason) => mutate(() => call('trains.skip', { id, reason })),
    cancel: (id, reason) => mutate(() => call('trains.cancel', { id, reason })),
    reinstate: (id) => mutate(() => call('trains.reinstate', { id })),
    setNotes: (id, notes) => mutate(() => call('trains.setNotes', { id, notes })),
  };
});

/** The train the detail panel shows: the fresh detail when loaded, else the copy already on screen. */
export function useSelectedTrain(): TrainView | null {
  return useCalendarStore((s) => {
    if (s.selectedId === null) return null;
    if (s.detail?.train.id === s.selectedId) return s.detail.train;
    return s.range?.trains.find((t) => t.id === s.selectedId) ?? s.trains?.find((t) => t.id === s.selectedId) ?? null;
  });
}
