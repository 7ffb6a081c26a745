import { create } from 'zustand';
import type { Input, Settings } from '../../../shared/contract';
import type { Freeze, FreezeDraft, Holiday } from '../../../shared/schedule';
import { call } from '../api/client';
import { toast } from './toasts';

interface SettingsState {
  /** `loading` only until the first answer; later refreshes keep the page on screen. */
  status: 'loading' | 'ready' | 'error';
  loadError: string | null;
  settings: Settings | null;
  holidays: Holiday[];
  freezes: Freeze[];
  load: () => Promise<void>;
  update: (input: Input<'settings.update'>) => Promise<Settings>;
  addHoliday: (holiday: Holiday) => Promise<Holiday>;
  removeHoliday: (date: string) => Promise<Holiday>;
  addFreeze: (draft: FreezeDraft) => Promise<Freeze>;
  removeFreeze: (id: number) => Promise<Freeze>;
}

// Answers can arrive out of order when changes follow each other quickly; only the newest load may win.
let latestLoad = 0;

export const useSettingsStore = create<SettingsState>()((set, get) => {
  /** Runs a change, then reloads so every section shows what the database now holds. */
  async function mutate<R>(run: () => Promise<R>): Promise<R> {
    const result = await run();
    await get().load();
    return result;
  }

  return {
    status: 'loading',
    loadError: null,
    settings: null,
    holidays: [],
    freezes: [],
    load: async () => {
      const ticket = ++latestLoad;
      try {
        const [settings, holidays, freezes] = await Promise.all([
          call('settings.get', {}),
          call('holidays.list', {}),
          call('freezes.list', {}),
        ]);
        if (ticket !== latestLoad) return;
        set({ status: 'ready', loadError: null, settings, holidays, freezes });
      } catch (err) {
        if (ticket !== latestLoad) return;
        const message = err instanceof Error ? err.message : String(err);
        // A failed refresh keeps the last good settings on screen; only a failed first load replaces the view.
        if (get().status === 'ready') toast(message, 'error');
        else set({ status: 'error', loadError: message });
      }
    },
    update: (input) => mutate(() => call('settings.update', input)),
    addHoliday: (holiday) => mutate(() => call('holidays.add', holiday)),
    removeHoliday: (date) => mutate(() => call('holidays.remove', { date })),
    addFreeze: (draft) => mutate(() => call('freezes.add', draft)),
    removeFreeze: (id) => mutate(() => call('freezes.remove', { id })),
  };
});
