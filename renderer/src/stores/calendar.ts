import { create } from 'zustand';
import type { CalendarOverview, CalendarRange, Input, RolloutPlanView, TrainDetail } from '../../../shared/contract';
import type { Cadence } from '../../../shared/cadence';
import { type Day, dayInZone } from '../../../shared/days';
import type { TrainView } from '../../../shared/train';
import { call, isConflict } from '../api/client';
import { newestRequest, reportLoadFailure } from './requests';
import { useRolloutPlanStore } from './rollout-plan';
import { useRolloutsStore } from './rollouts';
import { toast } from './toasts';
import { trainsExtent } from '../views/calendar/calendar-model';
import {
  CALENDAR_VIEWS,
  type CalendarViewId,
  type DaySpan,
  type NavigateAction,
  timelineAxis,
} from '../views/calendar/layout';
import { errorMessage } from '../../../shared/errors';

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
  /** Reads the page again after someone else's change (a team server's live update): one read, nothing read ahead. */
  reload: () => Promise<void>;
  setView: (view: CalendarViewId) => void;
  navigate: (action: NavigateAction) => void;
  goTo: (date: Day) => void;
  /** The timeline was scrolled: follow it without scrolling back. */
  followScroll: (date: Day) => void;

  openTrain: (id: number) => void;
  closeTrain: () => void;

  /** The cadence trains are planned on, fresh from the settings; resolves null when they cannot be read. */
  loadCadence: () => Promise<Cadence | null>;

  plan: (input: Input<'trains.plan'>) => Promise<TrainView[]>;
  /**
   * The edits a person makes from what the page showed take the train's revision as it was read
   * (`TrainView.revision`): when someone changed the train since, they are refused with `conflict`
   * and the page is read again.
   */
  rename: (id: number, version: string, expectedRevision?: number) => Promise<TrainView>;
  move: (id: number, start: Day, shiftLater: boolean, expectedRevision?: number) => Promise<TrainView[]>;
  skip: (id: number, reason: string) => Promise<TrainView>;
  cancel: (id: number, reason: string) => Promise<TrainView>;
  reinstate: (id: number) => Promise<TrainView>;
  setNotes: (id: number, notes: string, expectedRevision?: number) => Promise<TrainView>;
  /** Plans the open train's rollout, or plans it again; rejects with the refusal. */
  planRollout: (trainId: number, version: string) => Promise<RolloutPlanView>;
  /** Moves a deployment of the open train's rollout to another wave by hand; rejects with the refusal. */
  moveInPlan: (input: Input<'rollout.move'>) => Promise<RolloutPlanView>;
  /** Undoes the last action on the train (a skip, a move, a step…); resolves with what was undone, rejects with why not. */
  undo: (trainId: number) => Promise<string>;
}

/** An optional revision as an input field: absent when not given (exact optional properties). */
function revision(expectedRevision: number | undefined): { expectedRevision?: number } {
  return expectedRevision === undefined ? {} : { expectedRevision };
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

function sameSpan(a: DaySpan, b: DaySpan): boolean {
  return a.start === b.start && a.end === b.end;
}

/** `trains` with the changed ones in their place; trains new to it (just planned) come last. */
function withChanged(trains: readonly TrainView[], changed: readonly TrainView[]): TrainView[] {
  const byId = new Map(changed.map((t) => [t.id, t]));
  const known = new Set(trains.map((t) => t.id));
  return [...trains.map((t) => byId.get(t.id) ?? t), ...changed.filter((t) => !known.has(t.id))];
}

// Answers can arrive out of order when people click through months quickly; only the newest may land.
const rangeLoads = newestRequest();

/**
 * Days read ahead: the previous and next month or week of what is on screen, read after it is
 * painted, so that a step through the calendar shows at once instead of waiting for the backend.
 * Every read of the page (`refresh`, after any change and when the calendar opens) empties it, and
 * a read under way when it is emptied is not kept: a cached range never outlives a change.
 */
const ahead = {
  ranges: new Map<string, CalendarRange>(),
  generation: 0,
  clear(): void {
    this.ranges.clear();
    this.generation++;
  },
  /** Keeps `range`, and at most the 12 latest: a long walk through the calendar holds no more. */
  keep(key: string, range: CalendarRange): void {
    this.ranges.set(key, range);
    for (const oldest of this.ranges.keys()) {
      if (this.ranges.size <= 12) break;
      this.ranges.delete(oldest);
    }
  },
};
const spanKey = (span: DaySpan) => `${span.start}/${span.end}`;
const detailLoads = newestRequest();
const trainListLoads = newestRequest();
let displaySeq = 0;
/** Until someone navigates, the calendar follows the server's idea of today (its clock may be injected). */
let followServerToday = true;

export const useCalendarStore = create<CalendarState>()((set, get) => {
  const display = (view: CalendarViewId, date: Day, scroll: boolean): CalendarDisplay => ({
    view,
    date,
    seq: scroll ? ++displaySeq : displaySeq,
  });

  /** Puts loaded days on screen; the first answer moves the calendar to the server's today when this machine's differs. */
  async function showDays(range: CalendarRange, view: CalendarViewId, date: Day, scroll: boolean): Promise<void> {
    set({
      range,
      today: range.today,
      display: display(view, date, scroll),
      status: 'ready',
      loadError: null,
      fetching: false,
    });
    if (followServerToday && range.today !== date) {
      followServerToday = false;
      set({ date: range.today });
      await show({ scroll: true });
    }
  }

  function loadFailed(err: unknown): void {
    set({ fetching: false });
    reportLoadFailure(err, get().status === 'ready', (loadError) => set({ status: 'error', loadError }));
  }

  /** Loads the days the current view and date need (unless loaded), then shows them. */
  async function show(options: { force?: boolean; scroll: boolean }): Promise<void> {
    const { view, date, today, trains, range } = get();
    const span = spanToLoad(view, date, today, trains);
    // Days already loaded are reused (the timeline's wide range covers any month); the timeline also
    // keeps its axis while it covers the window, since reloading would shift what is under the pointer.
    const needed = view === 'timeline' ? CALENDAR_VIEWS.timeline.range(date) : span;
    if (!options.force && covers(range, needed)) {
      set({ display: display(view, date, options.scroll) });
      readAhead(view, date);
      return;
    }
    const isNewest = rangeLoads.begin();
    const cached = options.force ? undefined : ahead.ranges.get(spanKey(span));
    if (cached) {
      void useRolloutsStore.getState().loadTracked(cached.trains.map((t) => t.id));
      await showDays(cached, view, date, options.scroll);
      readAhead(view, date);
      return;
    }
    set({ fetching: true });
    try {
      const loaded = await call('calendar.range', { from: span.start, to: span.end });
      if (!isNewest()) return;
      // Progress on the bands: days read without an overview come without it.
      void useRolloutsStore.getState().loadTracked(loaded.trains.map((t) => t.id));
      await showDays(loaded, view, date, options.scroll);
      readAhead(view, date);
    } catch (err) {
      if (isNewest()) loadFailed(err);
    }
  }

  /** Reads the month or week before and after `date` into `ahead`, once what is shown is painted. */
  function readAhead(view: CalendarViewId, date: Day): void {
    if (view === 'timeline') return;
    const generation = ahead.generation;
    requestAnimationFrame(() =>
      setTimeout(() => {
        for (const action of ['prev', 'next'] as const) {
          const span = CALENDAR_VIEWS[view].range(CALENDAR_VIEWS[view].navigate(date, action, get().today));
          const key = spanKey(span);
          if (ahead.ranges.has(key) || covers(get().range, span)) continue;
          call('calendar.range', { from: span.start, to: span.end }).then(
            (range) => {
              if (ahead.generation === generation) ahead.keep(key, range);
            },
            // A read ahead that fails costs nothing: the step reads the days when it is taken.
            () => undefined,
          );
        }
      }),
    );
  }

  /**
   * Reads everything the calendar page shows in one round trip (`calendar.overview`): every train,
   * the days on screen with their trains' rollout progress, the open train and its rollout plan;
   * each part lands only if no newer load of it began. The timeline's days span the whole plan, so
   * when the answer moves the plan's ends they are read again.
   */
  async function refresh(scroll: boolean, readsAhead = false): Promise<void> {
    const { view, date, today, trains, selectedId } = get();
    const span = spanToLoad(view, date, today, trains);
    const isNewestTrainList = trainListLoads.begin();
    const isNewestRange = rangeLoads.begin();
    const isNewestDetail = detailLoads.begin();
    // What was read ahead may be what the change changed.
    ahead.clear();
    const detailWanted = () => selectedId !== null && isNewestDetail() && get().selectedId === selectedId;
    const landTracked = useRolloutsStore.getState().trackedRead();
    const landPlan = selectedId === null ? null : useRolloutPlanStore.getState().planRead(selectedId);
    set({ fetching: true });
    let overview: CalendarOverview;
    try {
      overview = await call('calendar.overview', {
        from: span.start,
        to: span.end,
        ...(selectedId === null ? {} : { trainId: selectedId }),
      });
    } catch (err) {
      if (detailWanted()) set({ detailError: errorMessage(err) });
      if (isNewestRange()) loadFailed(err);
      return;
    }
    if (isNewestTrainList()) set({ trains: overview.trains });
    if (detailWanted()) set({ detail: overview.detail, detailError: null });
    landTracked(overview.tracking);
    landPlan?.(overview.rolloutPlan);
    if (!isNewestRange()) return;
    await showDays(overview.range, view, date, scroll);
    // When the calendar opens; after a change the page's one read is all it costs, and the next
    // step through the calendar reads ahead again.
    if (readsAhead) readAhead(view, date);
    if (get().date === date && !sameSpan(spanToLoad(view, date, today, get().trains), span))
      await show({ force: true, scroll });
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

  /** Runs a change; when it is refused because someone changed the thing since, reads the page again, then rejects. */
  async function reReadOnConflict<R>(run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (err) {
      if (isConflict(err)) void refresh(false);
      throw err;
    }
  }

  /**
   * Runs a change to trains and shows the trains it answers at once (in the plan, the days shown and
   * the open train), then reads once what the answer cannot carry: trains it moved in or out of the
   * days shown, the open train's history.
   */
  async function mutate<R extends TrainView | TrainView[]>(run: () => Promise<R>): Promise<R> {
    const result = await reReadOnConflict(run);
    const changed = ([] as TrainView[]).concat(result);
    const fresh = (t: TrainView) => changed.find((c) => c.id === t.id) ?? t;
    set((s) => ({
      trains: s.trains && withChanged(s.trains, changed),
      range: s.range && { ...s.range, trains: s.range.trains.map(fresh) },
      detail: s.detail && { ...s.detail, train: fresh(s.detail.train) },
    }));
    await refresh(false);
    return result;
  }

  /**
   * Runs a change to the open train's rollout plan and shows the plan it answers, then reads the page
   * once: the drawer's history lists the change, and the rollout's waves follow the plan's.
   */
  async function changePlan(
    trainId: number,
    run: () => Promise<RolloutPlanView>,
    confirmation: string,
  ): Promise<RolloutPlanView> {
    const landPlan = useRolloutPlanStore.getState().planRead(trainId);
    const plan = await reReadOnConflict(run);
    landPlan(plan);
    toast(confirmation);
    void refresh(false);
    return plan;
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

    load: () => refresh(get().display === null, true),
    reload: () => refresh(false),
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

    loadCadence: async () => {
      try {
        return (await call('settings.get', {})).cadence;
      } catch {
        return null;
      }
    },

    plan: (input) => mutate(() => call('trains.plan', input)),
    rename: (id, version, expectedRevision) =>
      mutate(() => call('trains.rename', { id, version, ...revision(expectedRevision) })),
    move: (id, start, shiftLater, expectedRevision) =>
      mutate(() => call('trains.move', { id, start, shiftLater, ...revision(expectedRevision) })),
    skip: (id, reason) => mutate(() => call('trains.skip', { id, reason })),
    cancel: (id, reason) => mutate(() => call('trains.cancel', { id, reason })),
    reinstate: (id) => mutate(() => call('trains.reinstate', { id })),
    undo: async (trainId) => {
      const result = await call('audit.undo', { trainId });
      // The undone change may have moved the train, its plan or its rollout: the page is read again.
      await refresh(false);
      void useRolloutPlanStore.getState().load(trainId);
      return result.undo.summary;
    },
    setNotes: (id, notes, expectedRevision) =>
      mutate(() => call('trains.setNotes', { id, notes, ...revision(expectedRevision) })),
    planRollout: (trainId, version) =>
      changePlan(
        trainId,
        () => call('rollout.plan', { trainId }),
        `${useRolloutPlanStore.getState().plan ? 'Re-planned' : 'Planned'} the rollout of ${version}`,
      ),
    moveInPlan: (input) => {
      // A deployment the plan lacks (new since the train started) is added rather than moved.
      const adding = useRolloutPlanStore.getState().plan?.unplanned.some((d) => d.key === input.key) === true;
      return changePlan(
        input.trainId,
        () => call('rollout.move', input),
        `${adding ? 'Added' : 'Moved'} ${input.key} to wave ${input.wave}`,
      );
    },
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
