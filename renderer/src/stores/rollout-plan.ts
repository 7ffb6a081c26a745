import { create } from 'zustand';
import type { RolloutPlanView } from '../../../shared/contract';
import { call } from '../api/client';
import { newestRequest } from './requests';

interface RolloutPlanState {
  /** The train whose rollout plan the drawer shows. */
  trainId: number | null;
  /** Its plan: undefined until loaded, null while it has none. */
  plan: RolloutPlanView | null | undefined;
  loadError: string | null;

  load: (trainId: number) => Promise<void>;
  /**
   * Begins a read of `trainId`'s plan made elsewhere (a change to it, the calendar's overview) and
   * gives back where its answer lands: on screen, unless a newer read began or the drawer moved on.
   */
  planRead: (trainId: number) => (plan: RolloutPlanView | null) => void;
  /** The drawer closed: whatever it shows next is loaded afresh. */
  close: () => void;
}

const planLoads = newestRequest();

/** The rollout plan in the calendar's train drawer; the calendar store runs the changes made there. */
export const useRolloutPlanStore = create<RolloutPlanState>()((set, get) => ({
  trainId: null,
  plan: undefined,
  loadError: null,

  load: async (trainId) => {
    // Another train's plan never shows under this one, not even while this one loads.
    if (get().trainId !== trainId) set({ trainId, plan: undefined, loadError: null });
    await planLoads.run(
      () => call('rollout.get', { trainId }),
      { ok: (plan) => set({ plan, loadError: null }), failed: (loadError) => set({ loadError }) },
      () => get().trainId === trainId,
    );
  },
  planRead: (trainId) => {
    const isNewest = planLoads.begin();
    return (plan) => {
      if (isNewest() && get().trainId === trainId) set({ plan, loadError: null });
    };
  },
  close: () => set({ trainId: null, plan: undefined, loadError: null }),
}));
