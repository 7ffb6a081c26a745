import { create } from 'zustand';

export type ToastTone = 'success' | 'error';

export interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
}

interface ToastState {
  toasts: Toast[];
  push: (message: string, tone?: ToastTone) => void;
  dismiss: (id: number) => void;
}

/** Long enough to read a one-line confirmation; errors stay until dismissed. */
const SUCCESS_TIMEOUT_MS = 5000;
/** Older confirmations are dropped so a burst of actions never covers the table. */
const MAX_TOASTS = 3;

let nextId = 1;

export const useToastStore = create<ToastState>()((set, get) => ({
  toasts: [],
  push: (message, tone = 'success') => {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts, { id, message, tone }].slice(-MAX_TOASTS) }));
    if (tone === 'success') setTimeout(() => get().dismiss(id), SUCCESS_TIMEOUT_MS);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

/** For event handlers outside React render: `toast('Added us-east-9')`. */
export function toast(message: string, tone?: ToastTone): void {
  useToastStore.getState().push(message, tone);
}
