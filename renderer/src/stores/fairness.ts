import { create } from 'zustand';
import type { FairnessReport, Input } from '../../../shared/contract';
import type { SimulationProgress, SimulationResult } from '../../../shared/simulate';
import { call } from '../api/client';
import { errorMessage } from '../../../shared/errors';

interface FairnessState {
  report: FairnessReport | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadError: string | null;
  simulation: SimulationResult | null;
  simulating: boolean;
  /** The running simulation's id, progress (once the backend has reported it) and whether its cancel was asked for. */
  run: { id: string; progress: SimulationProgress | null; cancelling: boolean } | null;
  simulationError: string | null;
  /** Not an error: what became of a run the person cancelled. */
  simulationNotice: string | null;

  load: () => Promise<void>;
  simulate: (input: Omit<Input<'simulate.run'>, 'runId'>) => Promise<void>;
  cancelSimulation: () => Promise<void>;
}

let latest = 0;

/** How often a running simulation's progress is asked for. */
const PROGRESS_EVERY_MS = 100;

/** A fresh id for one simulation (crypto.randomUUID needs a secure context; this does not). */
function newRunId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `sim-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The fairness report over the last planned trains, and the last simulator run. */
export const useFairnessStore = create<FairnessState>()((set, get) => ({
  report: null,
  status: 'idle',
  loadError: null,
  simulation: null,
  simulating: false,
  run: null,
  simulationError: null,
  simulationNotice: null,

  load: async () => {
    const ticket = ++latest;
    set({ status: get().report ? 'ready' : 'loading', loadError: null });
    try {
      const report = await call('fairness.report', {});
      if (ticket === latest) set({ report, status: 'ready' });
    } catch (err) {
      if (ticket === latest) set({ status: 'error', loadError: errorMessage(err) });
    }
  },

  simulate: async (input) => {
    const id = newRunId();
    set({
      simulating: true,
      run: { id, progress: null, cancelling: false },
      simulationError: null,
      simulationNotice: null,
    });
    const mine = () => get().run?.id === id;
    // The simulation runs off the backend's thread, so these reads are answered while it runs.
    const poll = setInterval(() => {
      call('simulate.progress', { runId: id }).then(
        (progress) => {
          const run = get().run;
          if (run?.id === id && progress.state !== 'not-running') set({ run: { ...run, progress } });
        },
        () => undefined, // A missed report is made good by the next one, or by the answer.
      );
    }, PROGRESS_EVERY_MS);
    try {
      const simulation = await call('simulate.run', { ...input, runId: id });
      if (mine()) set({ simulation, simulating: false, run: null });
    } catch (err) {
      if (!mine()) return;
      const cancelled = get().run?.cancelling === true;
      set({
        simulating: false,
        run: null,
        simulationError: cancelled ? null : errorMessage(err),
        simulationNotice: cancelled ? 'Simulation cancelled; nothing was changed.' : null,
      });
    } finally {
      clearInterval(poll);
    }
  },

  cancelSimulation: async () => {
    const run = get().run;
    if (!run || run.cancelling) return;
    set({ run: { ...run, cancelling: true } });
    try {
      const { cancelled } = await call('simulate.cancel', { runId: run.id });
      // It ended before the cancel arrived: its answer is on its way, and is shown.
      const now = get().run;
      if (!cancelled && now?.id === run.id) set({ run: { ...now, cancelling: false } });
    } catch (err) {
      const now = get().run;
      if (now?.id === run.id) set({ run: { ...now, cancelling: false }, simulationError: errorMessage(err) });
    }
  },
}));
