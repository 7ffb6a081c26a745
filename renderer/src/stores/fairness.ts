import { create } from 'zustand';
import type { FairnessReport, Input } from '../../../shared/contract';
import type { SimulationResult } from '../../../shared/simulate';
import { call } from '../api/client';
import { errorMessage } from '../../../shared/errors';

interface FairnessState {
  report: FairnessReport | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadError: string | null;
  simulation: SimulationResult | null;
  simulating: boolean;
  simulationError: string | null;

  load: () => Promise<void>;
  simulate: (input: Input<'simulate.run'>) => Promise<void>;
}

let latest = 0;

/** The fairness report over the last planned trains, and the last simulator run. */
export const useFairnessStore = create<FairnessState>()((set, get) => ({
  report: null,
  status: 'idle',
  loadError: null,
  simulation: null,
  simulating: false,
  simulationError: null,

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
    set({ simulating: true, simulationError: null });
    try {
      const simulation = await call('simulate.run', input);
      set({ simulation, simulating: false });
    } catch (err) {
      set({ simulating: false, simulationError: errorMessage(err) });
    }
  },
}));
