import { create } from 'zustand';
import type { AppInfo } from '../../../shared/contract';
import { call } from '../api/client';

interface AppInfoState {
  info: AppInfo | null;
  load: () => Promise<void>;
}

export const useAppInfoStore = create<AppInfoState>()((set) => ({
  info: null,
  load: async () => {
    try {
      set({ info: await call('app.info', {}) });
    } catch {
      // The footer simply stays empty: the fleet view reports a dead backend on its own.
    }
  },
}));
