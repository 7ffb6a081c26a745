import { Notification } from 'electron';
import type { Dispatch } from '../backend/dispatcher';
import { type NotificationPoller, startNotificationPoller } from '../../shared/notification-poller';
import type { ReleaseNotification } from '../../shared/notifications';

export interface DesktopNotifierOptions {
  dispatch: Dispatch;
  /** Brings the window to the front on that train. */
  openTrain: (trainId: number) => void;
  log: (message: string) => void;
}

/**
 * The desktop app's OS notifications: the backend says what to show now (Settings →
 * Notifications, today's events, each once); a click opens the train. Null where the OS
 * has no notifications.
 */
export function startDesktopNotifier(options: DesktopNotifierOptions): NotificationPoller | null {
  if (!Notification.isSupported()) {
    options.log('This system shows no notifications; the Today board lists what is due.');
    return null;
  }
  // Held until closed or clicked: a notification that is garbage-collected loses its click handler.
  const open = new Set<Notification>();
  return startNotificationPoller({
    take: async () => {
      const answer = await options.dispatch('notifications.take', { client: 'desktop' });
      return answer.ok ? { ok: true, result: answer.result as ReleaseNotification[] } : answer;
    },
    show: (n, onClick) => {
      const shown = new Notification({ title: n.title, body: n.body });
      open.add(shown);
      shown.on('click', () => {
        open.delete(shown);
        onClick();
      });
      shown.on('close', () => open.delete(shown));
      shown.show();
      options.log(`Notified: ${n.title}`);
    },
    openTrain: options.openTrain,
    log: options.log,
  });
}
