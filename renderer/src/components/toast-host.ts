import { create } from 'zustand';

/**
 * Where toasts render. A modal <dialog> sits in the browser's top layer and makes the
 * rest of the page inert, so a toast raised while one is open (a move confirmed in the
 * train drawer, say) must render inside the topmost open dialog to be seen and announced.
 */
interface ToastHostState {
  /** Open modal dialogs, oldest first; toasts go into the last. */
  hosts: HTMLElement[];
  open: (host: HTMLElement) => void;
  close: (host: HTMLElement) => void;
}

export const useToastHost = create<ToastHostState>()((set) => ({
  hosts: [],
  open: (host) => set((s) => ({ hosts: [...s.hosts.filter((h) => h !== host), host] })),
  close: (host) => set((s) => ({ hosts: s.hosts.filter((h) => h !== host) })),
}));
