import { create } from 'zustand';
import type { AuditEntry, Input, StatusReport, TodayBoard, TrainTracking, UndoResult } from '../../../shared/contract';
import { call } from '../api/client';
import { toast } from './toasts';

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
  /** Loads the tracking of the trains a calendar view shows into `tracked`. */
  loadTracked: (trainIds: readonly number[]) => Promise<void>;
  /** Loads one train's tracking into `tracked`. */
  loadTracking: (trainId: number) => Promise<void>;
  open: (trainId: number) => void;
  close: () => void;

  transition: (input: Input<'steps.transition'>) => Promise<TrainTracking>;
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

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The newest audit event of a train: what a change just recorded, for its confirmation. */
async function lastSummary(trainId: number): Promise<string | null> {
  const [entry] = await call('audit.list', { trainId, limit: 1 });
  return entry?.summary ?? null;
}

// Answers can arrive out of order when people act quickly; only the newest load may land.
let latestLoad = 0;
let latestTracked = 0;
let latestDetail = 0;

/** Today's board, the trains rolling out, and one train's rollout: gates, waves, halts and audit trail. */
export const useRolloutsStore = create<RolloutsState>()((set, get) => {
  async function loadDetail(): Promise<void> {
    const trainId = get().selectedId;
    if (trainId === null) return;
    const ticket = ++latestDetail;
    try {
      const [status, audit] = await Promise.all([
        call('status.get', { trainId }),
        call('audit.list', { trainId, limit: 500 }),
      ]);
      if (ticket !== latestDetail || get().selectedId !== trainId) return;
      set({ detail: status.trains[0] ?? null, audit, detailError: null });
    } catch (err) {
      if (ticket === latestDetail && get().selectedId === trainId) set({ detailError: message(err) });
    }
  }

  /**
   * Runs a tracking action; on success reloads what it touched and confirms it
   * with the audit trail's own words and an Undo. A refusal rejects unchanged:
   * the caller shows it where the person acted.
   */
  async function act(trainId: number, run: () => Promise<TrainTracking>): Promise<TrainTracking> {
    const tracking = await run();
    set((s) => ({ undoRefusal: null, tracked: { ...s.tracked, [trainId]: tracking } }));
    if (get().selectedId === trainId) set({ detail: tracking });
    const [summary] = await Promise.all([lastSummary(trainId).catch(() => null), get().load()]);
    toast(summary ?? 'Saved', 'success', {
      label: 'Undo',
      run: () => {
        get()
          .undo(trainId)
          .catch((err: unknown) => toast(message(err), 'error'));
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
      const ticket = ++latestLoad;
      try {
        const [board, report] = await Promise.all([call('today.board', {}), call('status.get', {})]);
        if (ticket !== latestLoad) return;
        set({ board, report, status: 'ready', loadError: null });
      } catch (err) {
        if (ticket !== latestLoad) return;
        // A failed refresh keeps the last good board on screen; only a failed first load replaces it.
        if (get().status === 'ready') toast(message(err), 'error');
        else set({ status: 'error', loadError: message(err) });
      }
      await loadDetail();
    },
    loadTracked: async (trainIds) => {
      if (trainIds.length === 0) return;
      const ticket = ++latestTracked;
      try {
        // The contract takes at most 500 at once: more than a timeline of twenty years.
        const { trains } = await call('status.get', { trainIds: trainIds.slice(0, 500) });
        if (ticket !== latestTracked) return;
        set((s) => ({ tracked: { ...s.tracked, ...Object.fromEntries(trains.map((t) => [t.trainId, t])) } }));
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
      void loadDetail();
    },
    close: () => set({ selectedId: null, detail: null, audit: null, detailError: null, undoRefusal: null }),

    transition: (input) => act(input.trainId, () => call('steps.transition', input)),
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
        set({ undoRefusal: message(err) });
      }
    },
  };
});

/** A train as tracked (progress, status), once loaded for the calendar. */
export function useTracked(trainId: number): TrainTracking | undefined {
  return useRolloutsStore((s) => s.tracked[trainId]);
}
