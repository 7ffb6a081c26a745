import { create } from 'zustand';
import type { Input } from '../../../shared/contract';
import type { NotificationSettings } from '../../../shared/notifications';
import { call } from '../api/client';
import { errorMessage } from '../../../shared/errors';

/** The browser's permission for this page, or `unsupported` where there are no Web Notifications. */
export type BrowserPermission = NotificationPermission | 'unsupported';

function browserPermission(): BrowserPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

interface NotificationsState {
  settings: NotificationSettings | null;
  loadError: string | null;
  /** Browser mode: whether this page may show notifications (asked only from Settings). */
  permission: BrowserPermission;
  load: () => Promise<void>;
  /** Saves a change; rejects with the refusal. */
  update: (change: Input<'notifications.settings.update'>) => Promise<NotificationSettings>;
  /** Asks the browser for permission (from a click in Settings); resolves with its answer. */
  askPermission: () => Promise<BrowserPermission>;
}

/** Where notifications show and which kinds are wanted; the notifier of a browser page reads it. */
export const useNotificationsStore = create<NotificationsState>()((set) => ({
  settings: null,
  loadError: null,
  permission: browserPermission(),
  load: async () => {
    try {
      set({ settings: await call('notifications.settings.get', {}), loadError: null, permission: browserPermission() });
    } catch (err) {
      set({ loadError: errorMessage(err) });
    }
  },
  update: async (change) => {
    const settings = await call('notifications.settings.update', change);
    set({ settings });
    return settings;
  },
  askPermission: async () => {
    if (typeof Notification === 'undefined') return 'unsupported';
    const permission = await Notification.requestPermission();
    set({ permission });
    return permission;
  },
}));
