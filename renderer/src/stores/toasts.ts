import { create } from 'zustand';

export type ToastTone = 'success' | 'error';

/** A button on a confirmation, e.g. "Undo" after a rollout action. */
export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
  action?: ToastAction;
}

interface ToastState {
  /** One toast at a time: each confirms the latest action, and a stack would cover the table's last rows. */
  current: Toast | null;
  push: (message: string, tone?: ToastTone, action?: ToastAction) => void;
  dismiss: (id: number) => void;
}

/** Long enough to read a one-line confirmation; errors stay until dismissed or replaced. */
const SUCCESS_TIMEOUT_MS = 5000;
/** A confirmation with a button stays longer: reading it and deciding to press it takes more than reading. */
const ACTION_TIMEOUT_MS = 10_000;

let nextId = 1;

export const useToastStore = create<ToastState>()((set) => ({
  current: null,
  push: (message, tone = 'success', action) => {
    const id = nextId++;
    set({ current: { id, message, tone, ...(action ? { action } : {}) } });
    if (tone === 'success')
      setTimeout(() => useToastStore.getState().dismiss(id), action ? ACTION_TIMEOUT_MS : SUCCESS_TIMEOUT_MS);
  },
  dismiss: (id) => set((s) => (s.current?.id === id ? { current: null } : s)),
}));

/** For event handlers outside React render: `toast('Added us-east-9')`. */
export function toast(message: string, tone?: ToastTone, action?: ToastAction): void {
  useToastStore.getState().push(message, tone, action);
}
