import { create } from 'zustand';
import type { AuditEntry, DeploymentHistory } from '../../../shared/contract';
import { call } from '../api/client';
import { newestRequest } from './requests';

interface DeploymentHistoryState {
  /** The deployment whose drawer shows its history. */
  key: string | null;
  /** Its trains (wave, step, regressions) and its audit trail, newest first; null until loaded. */
  loaded: { history: DeploymentHistory; audit: AuditEntry[] } | null;
  loadError: string | null;
  load: (key: string) => Promise<void>;
}

// The deployment drawer's audit trail: its latest changes, not the whole log.
const AUDIT_SHOWN = 200;

const historyLoads = newestRequest();

/** One deployment's rollout history across trains and its audit trail, for the fleet's drawer. */
export const useDeploymentHistoryStore = create<DeploymentHistoryState>()((set, get) => ({
  key: null,
  loaded: null,
  loadError: null,
  load: async (key) => {
    set({ key, loaded: null, loadError: null });
    await historyLoads.run(
      async () => {
        const [history, audit] = await Promise.all([
          call('deployments.history', { key }),
          call('audit.list', { key, limit: AUDIT_SHOWN }),
        ]);
        return { history, audit };
      },
      { ok: (loaded) => set({ loaded }), failed: (loadError) => set({ loadError }) },
      () => get().key === key,
    );
  },
}));
