import { create } from 'zustand';
import type {
  AuditEntry,
  Input,
  RolloutsOverview,
  StatusReport,
  TodayBoard,
  TrainTracking,
  UndoResult,
} from '../../../shared/contract';
import { call, isConflict } from '../api/client';
import { newestRequest, reportLoadFailure } from './requests';
import { toast } from './toasts';
import { errorMessage } from '../../../shared/errors';

interface RolloutsState {
  /** `loading` only until the first answer; later refreshes keep the board on screen. */
  status: 'loading' | 'ready' | 'error';
  loadError: string | null;
  board: TodayBoard | null;
  /** The trains in flight, for the Rollouts list. */
  report: StatusReport | null;

  /** The train whose rollout detail is open in the Rollouts view. */
  selectedId: number | null;
  detail: TrainTracking | null;
  detailError: string | null;
  /** The selected train's audit trail, newest first. */
  audit: AuditEntry[] | null;
  /** Trains as tracked, by id, for the calendar: progress on bands, the drawer's rollout summary and waves. */
  tracked: Record<number, TrainTracking>;

  load: () => Promise<void>;
  /**
   * Begins a read of trains' tracking made elsewhere (the calendar's overview) and gives back where
   * its answer lands: in `tracked`, unless a newer read of tracked trains began meanwhile.
   */
  trackedRead: () => (trains: readonly TrainTracking[]) => void;
  /** Loads the tracking of the trains a calendar view shows into `tracked`. */
  loadTracked: (trainIds: readonly number[]) => Promise<void>;
  /** Loads one train's tracking into `tracked`. */
  loadTracking: (trainId: number) => Promise<void>;
  open: (trainId: number) => void;
  close: () => void;

  transition: (input: Input<'steps.transition'>) => Promise<TrainTracking>;
  /** Moves steps of a patch of the train `trainId`. */
  transitionPatch: (trainId: number, input: Input<'patches.transition'>) => Promise<TrainTracking>;
  setGate: (input: Input<'gates.set'>) => Promise<TrainTracking>;
  halt: (input: Input<'trains.halt'>) => Promise<TrainTracking>;
  resume: (input: Input<'trains.resume'>) => Promise<TrainTracking>;
  /** Undoes the last action (of one train, or of any); rejects with the refusal. */
  undo: (trainId?: number) => Promise<UndoResult>;
  /** Why the last Undo pressed in the view (button or Ctrl/Cmd+Z) could not undo; cleared by the next action. */
  undoRefusal: string | null;
  /** Undo from the view's toolbar or shortcut: a refusal lands in `undoRefusal`. */
  requestUndo: (trainId?: number) => Promise<void>;
}

// The selected train's audit trail in the overview: as long as the view lists.
const AUDIT_SHOWN = 500;

const overviews = newestRequest();
const trackedLoads = newestRequest();

/** Today's board, the trains rolling out, and one train's rollout: gates, waves, halts and audit trail. */
export const useRolloutsStore = create<RolloutsState>()((set, get) => {
  /**
   * Reads the whole view in one round trip (`rollouts.overview`): the board, the trains in flight and
   * `trainId`'s tracking and audit trail. Shows what is still current; answers the overview either
   * way (null when it failed), so a change can take its confirmation from it.
   */
  async function refresh(trainId: number | null): Promise<RolloutsOverview | null> {
    const isNewest = overviews.begin();
    const shown = () => trainId !== null && trainId === get().selectedId;
    try {
      const overview = await call(
        'rollouts.overview',
        trainId === null ? {} : { trainId, auditLimit: shown() ? AUDIT_SHOWN : 1 },
      );
      const { board, report, train } = overview;
      if (!isNewest()) return overview;
      if (train && trainId !== null) set((s) => ({ tracked: { ...s.tracked, [trainId]: train.tracking } }));
      set({ board, report, status: 'ready', loadError: null });
      if (train && shown()) set({ detail: train.tracking, audit: train.audit, detailError: null });
      return overview;
    } catch (err) {
      if (!isNewest()) return null;
      if (shown()) set({ detailError: errorMessage(err) });
      // The open train's alert says it; a board already on screen stays there.
      if (!shown() || get().status !== 'ready')
        reportLoadFailure(err, get().status === 'ready', (loadError) => set({ status: 'error', loadError }));
      return null;
    }
  }

  /**
   * Runs a tracking action; on success shows the tracking it answers, reads the view once and
   * confirms the change with the audit trail's own words (the train's newest event) and an Undo.
   * A refusal rejects unchanged: the caller shows it where the person acted.
   */
  async function act(trainId: number, run: () => Promise<TrainTracking>): Promise<TrainTracking> {
    let tracking: TrainTracking;
    try {
      tracking = await run();
    } catch (err) {
      // Someone changed it since this page read it: show what is stored now, beside the refusal.
      if (isConflict(err)) void refresh(trainId);
      throw err;
    }
    set((s) => ({ undoRefusal: null, tracked: { ...s.tracked, [trainId]: tracking } }));
    if (get().selectedId === trainId) set({ detail: tracking });
    const overview = await refresh(trainId);
    const summary = overview?.train?.audit[0]?.summary;
    toast(summary ?? 'Saved', 'success', {
      label: 'Undo',
      run: () => {
        get()
          .undo(trainId)
          .catch((err: unknown) => toast(errorMessage(err), 'error'));
      },
    });
    return tracking;
  }

  return {
    status: 'loading',
    loadError: null,
    board: null,
    report: null,
    selectedId: null,
    detail: null,
    detailError: null,
    audit: null,
    tracked: {},
    undoRefusal: null,

    load: async () => {
      await refresh(get().selectedId);
    },
    trackedRead: () => {
      const isNewest = trackedLoads.begin();
      return (trains) => {
        if (isNewest())
          set((s) => ({ tracked: { ...s.tracked, ...Object.fromEntries(trains.map((t) => [t.trainId, t])) } }));
      };
    },
    loadTracked: async (trainIds) => {
      if (trainIds.length === 0) return;
      const land = get().trackedRead();
      try {
        // The contract takes at most 500 at once: more than a timeline of twenty years.
        land((await call('status.get', { trainIds: trainIds.slice(0, 500) })).trains);
      } catch {
        // Progress is extra on the calendar: without it the bands still show the plan.
      }
    },
    loadTracking: async (trainId) => {
      try {
        const { trains } = await call('status.get', { trainId });
        const tracking = trains[0];
        if (tracking) set((s) => ({ tracked: { ...s.tracked, [trainId]: tracking } }));
      } catch {
        // The drawer shows the plan without tracking; the Rollouts view reports a dead backend on its own.
      }
    },
    open: (trainId) => {
      set({ selectedId: trainId, detail: null, audit: null, detailError: null, undoRefusal: null });
      void refresh(trainId);
    },
    close: () => set({ selectedId: null, detail: null, audit: null, detailError: null, undoRefusal: null }),

    transition: (input) => act(input.trainId, () => call('steps.transition', input)),
    transitionPatch: (trainId, input) => act(trainId, () => call('patches.transition', input)),
    setGate: (input) => act(input.trainId, () => call('gates.set', input)),
    halt: (input) => act(input.trainId, () => call('trains.halt', input)),
    resume: (input) => act(input.trainId, () => call('trains.resume', input)),
    undo: async (trainId) => {
      const result = await call('audit.undo', trainId === undefined ? {} : { trainId });
      set({ undoRefusal: null });
      await get().load();
      toast(result.undo.summary);
      return result;
    },
    requestUndo: async (trainId) => {
      try {
        await get().undo(trainId);
      } catch (err) {
        set({ undoRefusal: errorMessage(err) });
      }
    },
  };
});

/** A train as tracked (progress, status), once loaded for the calendar. */
export function useTracked(trainId: number): TrainTracking | undefined {
  return useRolloutsStore((s) => s.tracked[trainId]);
}
