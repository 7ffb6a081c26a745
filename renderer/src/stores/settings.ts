import { create } from 'zustand';
import type { Input, Settings, UserSetting } from '../../../shared/contract';
import type { GatePolicy } from '../../../shared/gates';
import type { Freeze, FreezeDraft, Holiday } from '../../../shared/schedule';
import { call, isConflict } from '../api/client';
import { toast } from './toasts';
import { errorMessage } from '../../../shared/errors';

/** A part of the page loaded on its own: the stored value once it is known, or why it could not be read. */
export interface Loaded<T> {
  value: T | null;
  error: string | null;
}

interface SettingsState {
  /** `loading` only until the first answer; later refreshes keep the page on screen. */
  status: 'loading' | 'ready' | 'error';
  loadError: string | null;
  settings: Settings | null;
  holidays: Holiday[];
  freezes: Freeze[];
  /** The default validation gates, read apart from the rest: a failure there leaves the other cards usable. */
  gates: Loaded<GatePolicy>;
  /** The name the audit trail records for this app's changes. */
  user: Loaded<UserSetting>;
  load: () => Promise<void>;
  update: (input: Input<'settings.update'>) => Promise<Settings>;
  addHoliday: (holiday: Holiday) => Promise<Holiday>;
  removeHoliday: (date: string) => Promise<Holiday>;
  addFreeze: (draft: FreezeDraft) => Promise<Freeze>;
  removeFreeze: (id: number) => Promise<Freeze>;
  loadGates: () => Promise<void>;
  updateGates: (policy: GatePolicy) => Promise<GatePolicy>;
  loadUser: () => Promise<void>;
  updateUser: (userName: string | null) => Promise<UserSetting>;
}

const NOT_LOADED = { value: null, error: null };

// Answers can arrive out of order when the page is opened again quickly; only the newest load may win.
let latestLoad = 0;

// Each change answers with what is now stored, and that answer becomes the state: no reload follows.
export const useSettingsStore = create<SettingsState>()((set, get) => {
  /** Waits for a change's answer, puts it into the state with `apply`, and returns it. */
  async function answer<R>(change: Promise<R>, apply: (result: R, state: SettingsState) => Partial<SettingsState>) {
    const result = await change;
    set((s) => apply(result, s));
    return result;
  }

  /** Reads a part loaded on its own; a failure is kept beside the last value read. */
  async function loadPart<K extends 'gates' | 'user'>(part: K, read: () => Promise<SettingsState[K]['value']>) {
    const patch = (next: Partial<Loaded<unknown>>) => set((s) => ({ [part]: { ...s[part], ...next } }));
    patch({ error: null });
    try {
      patch({ value: await read() });
    } catch (err) {
      patch({ error: errorMessage(err) });
    }
  }

  return {
    status: 'loading',
    loadError: null,
    settings: null,
    holidays: [],
    freezes: [],
    gates: NOT_LOADED,
    user: NOT_LOADED,
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
        // A failed refresh keeps the last good settings on screen; only a failed first load replaces the view.
        if (get().status === 'ready') toast(errorMessage(err), 'error');
        else set({ status: 'error', loadError: errorMessage(err) });
      }
    },
    // Made from the settings on screen: when someone changed them since, the change is refused and
    // the page reads them again (a form whose values changed starts again from them).
    update: async (input) => {
      const revision = get().settings?.revision;
      try {
        return await answer(
          call('settings.update', revision === undefined ? input : { ...input, expectedRevision: revision }),
          (settings) => ({ settings }),
        );
      } catch (err) {
        if (isConflict(err)) void get().load();
        throw err;
      }
    },
    addHoliday: (draft) =>
      answer(call('holidays.add', draft), (holiday, s) => ({ holidays: [...s.holidays, holiday] })),
    removeHoliday: (date) =>
      answer(call('holidays.remove', { date }), (removed, s) => ({
        holidays: s.holidays.filter((h) => h.date !== removed.date),
      })),
    addFreeze: (draft) => answer(call('freezes.add', draft), (freeze, s) => ({ freezes: [...s.freezes, freeze] })),
    removeFreeze: (id) =>
      answer(call('freezes.remove', { id }), (removed, s) => ({
        freezes: s.freezes.filter((f) => f.id !== removed.id),
      })),
    loadGates: () => loadPart('gates', () => call('gates.defaults.get', {})),
    updateGates: (policy) =>
      answer(call('gates.defaults.update', { policy }), (saved) => ({ gates: { value: saved, error: null } })),
    loadUser: () => loadPart('user', () => call('user.get', {})),
    updateUser: (userName) =>
      answer(call('user.update', { userName }), (user) => ({ user: { value: user, error: null } })),
  };
});
