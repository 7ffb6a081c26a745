import { create } from 'zustand';
import type { KpiReport } from '../../../shared/kpis';
import { errorMessage } from '../../../shared/errors';
import { call } from '../api/client';
import { DEFAULT_RANGE, type InsightsRange, rangeInput } from '../views/insights/insights-model';

interface InsightsState {
  /** The range asked for last; the report answers it once it has arrived. */
  range: InsightsRange;
  report: KpiReport | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadError: string | null;

  /** Reads the report of a range (the current one when none is given): one `kpis.report` call. */
  load: (range?: InsightsRange) => Promise<void>;
}

let latest = 0;

/** Release health over a range of trains: the Insights view's figures, trends and exposure. */
export const useInsightsStore = create<InsightsState>()((set, get) => ({
  range: DEFAULT_RANGE,
  report: null,
  status: 'idle',
  loadError: null,

  load: async (next) => {
    const range = next ?? get().range;
    const ticket = ++latest;
    set({ range, status: 'loading', loadError: null });
    try {
      const report = await call('kpis.report', rangeInput(range));
      if (ticket === latest) set({ report, status: 'ready' });
    } catch (err) {
      if (ticket === latest) set({ status: 'error', loadError: errorMessage(err) });
    }
  },
}));
