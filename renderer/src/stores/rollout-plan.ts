import { create } from 'zustand';
import type { Input, RolloutPlanView } from '../../../shared/contract';
import { call } from '../api/client';
import { useCalendarStore } from './calendar';
import { newestRequest } from './requests';
import { toast } from './toasts';

interface RolloutPlanState {
  /** The train whose rollout plan the drawer shows. */
  trainId: number | null;
  /** Its plan: undefined until loaded, null while it has none. */
  plan: RolloutPlanView | null | undefined;
  loadError: string | null;

  load: (trainId: number) => Promise<void>;
  /** The drawer closed: whatever it shows next is loaded afresh. */
  close: () => void;
  /** Plans the train's rollout, or plans it again; rejects with the refusal. */
  planRollout: (trainId: number, version: string) => Promise<RolloutPlanView>;
  /** Moves a deployment to another wave by hand; rejects with the refusal. */
  move: (input: Input<'rollout.move'>) => Promise<RolloutPlanView>;
}

const planLoads = newestRequest();

/** The rollout plan in the calendar's train drawer: its waves, and the changes made there. */
export const useRolloutPlanStore = create<RolloutPlanState>()((set, get) => {
  /**
   * Runs a change to the plan and shows the plan it answers; the drawer's detail is read again
   * because its history lists the change.
   */
  async function change(
    trainId: number,
    run: () => Promise<RolloutPlanView>,
    confirmation: string,
  ): Promise<RolloutPlanView> {
    const isNewest = planLoads.begin();
    const plan = await run();
    if (isNewest() && get().trainId === trainId) set({ plan, loadError: null });
    toast(confirmation);
    void useCalendarStore.getState().reloadTrain();
    return plan;
  }

  return {
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
    close: () => set({ trainId: null, plan: undefined, loadError: null }),
    planRollout: (trainId, version) =>
      change(
        trainId,
        () => call('rollout.plan', { trainId }),
        `${get().plan ? 'Re-planned' : 'Planned'} the rollout of ${version}`,
      ),
    move: (input) =>
      change(input.trainId, () => call('rollout.move', input), `Moved ${input.key} to wave ${input.wave}`),
  };
});
