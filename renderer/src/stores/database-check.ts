import { create } from 'zustand';
import type { DatabaseCheck } from '../../../shared/contract';
import { call } from '../api/client';
import { errorMessage } from './requests';

interface DatabaseCheckState {
  /** The last check's answer; null until someone checks. */
  check: DatabaseCheck | null;
  checking: boolean;
  error: string | null;
  /** Runs SQLite's full integrity check of the open database (it changes nothing). */
  run: () => Promise<void>;
}

/** "Check database" in Settings: the same check as `release-calendar doctor`. */
export const useDatabaseCheckStore = create<DatabaseCheckState>()((set) => ({
  check: null,
  checking: false,
  error: null,
  run: async () => {
    set({ checking: true, error: null });
    try {
      set({ check: await call('database.check', {}), checking: false });
    } catch (err) {
      set({ error: errorMessage(err), checking: false });
    }
  },
}));
