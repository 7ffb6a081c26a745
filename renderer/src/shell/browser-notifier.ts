import { startNotificationPoller } from '../../../shared/notification-poller';
import { call, transportKind } from '../api/client';
import { useNotificationsStore } from '../stores/notifications';
import { openTrain } from './app-commands';

/**
 * Browser mode's notifier: Web Notifications, only while "Show notifications in this
 * browser" is on in Settings and the browser has allowed this page (the permission is
 * asked only there). The desktop app notifies from its main process instead.
 */
export function startBrowserNotifier(): () => void {
  if (transportKind === 'electron' || typeof Notification === 'undefined') return () => {};
  const store = useNotificationsStore;
  void store.getState().load();
  const allowed = (): boolean => store.getState().settings?.browser === true && Notification.permission === 'granted';
  const poller = startNotificationPoller({
    // A refusal rejects; the poller logs it and asks again later.
    take: async () => ({
      ok: true,
      result: allowed() ? await call('notifications.take', { client: 'browser' }) : [],
    }),
    show: (n, onClick) => {
      const shown = new Notification(n.title, { body: n.body, tag: n.key });
      shown.onclick = () => {
        window.focus();
        onClick();
        shown.close();
      };
    },
    openTrain,
    log: (message) => console.warn(message),
  });
  // Turned on in Settings (or allowed): check at once rather than at the next tick.
  const unsubscribe = store.subscribe((state, previous) => {
    if (
      state.settings?.browser !== previous.settings?.browser ||
      state.settings?.kinds !== previous.settings?.kinds ||
      state.permission !== previous.permission
    )
      void poller.check();
  });
  const onFocus = (): void => void poller.check();
  window.addEventListener('focus', onFocus);
  return () => {
    poller.stop();
    unsubscribe();
    window.removeEventListener('focus', onFocus);
  };
}
