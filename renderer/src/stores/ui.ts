import { create } from 'zustand';
import type { FieldError } from '../../../shared/errors';
import type { ViewId } from '../views/view-ids';

/** The deployment drawer: closed, adding a new deployment, or editing one by key. */
export type DeploymentPanel = { mode: 'add' } | { mode: 'edit'; key: string } | null;

/** A refused CSV import, kept until the person has read every problem. */
export interface ImportFailure {
  fileName: string;
  message: string;
  problems: FieldError[];
}

interface UiState {
  view: ViewId;
  panel: DeploymentPanel;
  importFailure: ImportFailure | null;
  /** The deployment touched last, so the table can scroll to it and flash it once. */
  highlightKey: string | null;
  /** The Keyboard Shortcuts dialog. */
  shortcutsOpen: boolean;
  setView: (view: ViewId) => void;
  openAdd: () => void;
  openEdit: (key: string) => void;
  closePanel: () => void;
  showImportFailure: (failure: ImportFailure) => void;
  dismissImportFailure: () => void;
  highlight: (key: string | null) => void;
  showShortcuts: (open: boolean) => void;
}

export const useUiStore = create<UiState>()((set) => ({
  view: 'fleet',
  panel: null,
  importFailure: null,
  highlightKey: null,
  shortcutsOpen: false,
  setView: (view) => set({ view }),
  openAdd: () => set({ panel: { mode: 'add' } }),
  openEdit: (key) => set({ panel: { mode: 'edit', key } }),
  closePanel: () => set({ panel: null }),
  showImportFailure: (importFailure) => set({ importFailure }),
  dismissImportFailure: () => set({ importFailure: null }),
  highlight: (highlightKey) => set({ highlightKey }),
  showShortcuts: (shortcutsOpen) => set({ shortcutsOpen }),
}));
