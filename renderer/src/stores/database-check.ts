import { create } from 'zustand';
import type { DatabaseBackups, DatabaseCheck } from '../../../shared/contract';
import { call } from '../api/client';
import { errorMessage } from '../../../shared/errors';

interface DatabaseCheckState {
  /** The last check's answer; null until someone checks. */
  check: DatabaseCheck | null;
  checking: boolean;
  error: string | null;
  /** The database's backups, newest first; null until loaded. */
  backups: DatabaseBackups | null;
  backingUp: boolean;
  /** Runs SQLite's full integrity check of the open database (it changes nothing). */
  run: () => Promise<void>;
  loadBackups: () => Promise<void>;
  /** Saves a backup now. */
  backUp: () => Promise<void>;
  /** Puts a backup in place of the database; throws the refusal for the dialog that asked. */
  restore: (name: string) => Promise<void>;
}

/** Reloads the page, so that every view reads the restored database from scratch. */
function reloadApp(): void {
  window.location.reload();
}

/** The Database card in Settings: the same check as `release-calendar doctor`, and the backups. */
export const useDatabaseCheckStore = create<DatabaseCheckState>()((set, get) => ({
  check: null,
  checking: false,
  error: null,
  backups: null,
  backingUp: false,
  run: async () => {
    set({ checking: true, error: null });
    try {
      set({ check: await call('database.check', {}), checking: false });
    } catch (err) {
      set({ error: errorMessage(err), checking: false });
    }
  },
  loadBackups: async () => {
    try {
      set({ backups: await call('database.backups', {}) });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
  backUp: async () => {
    set({ backingUp: true, error: null });
    try {
      await call('database.backup', {});
      set({ backingUp: false });
      await get().loadBackups();
    } catch (err) {
      set({ error: errorMessage(err), backingUp: false });
    }
  },
  restore: async (name) => {
    await call('database.restore', { backup: name });
    reloadApp();
  },
}));
