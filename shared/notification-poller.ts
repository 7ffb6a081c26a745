import type { ReleaseNotification } from './notifications';
import { errorMessage } from './errors';

// The loop both notifiers run (the desktop app's main process, a browser page): ask the
// backend for the notifications to show now, show each, open its train when clicked. The
// backend decides what is due and records what was shown (notifications.take); this only
// asks often enough that a wave due, a bake ended or a halt is heard within a minute.

const NOTIFICATION_POLL_MS = 30_000;

export interface NotificationPollerOptions {
  /** The backend's answer: what to show now (already recorded as shown), or why it could not answer. */
  take: () => Promise<{ ok: true; result: ReleaseNotification[] } | { ok: false; error: { message: string } }>;
  /** Shows one notification; `onClick` runs when the person clicks it. */
  show: (notification: ReleaseNotification, onClick: () => void) => void;
  /** Opens a train: where a click takes the person. */
  openTrain: (trainId: number) => void;
  log: (message: string) => void;
  intervalMs?: number;
}

export interface NotificationPoller {
  /** Asks now (when the window gets the focus, after a setting changed); never two asks at once. */
  check: () => Promise<void>;
  stop: () => void;
}

export function startNotificationPoller(options: NotificationPollerOptions): NotificationPoller {
  let running: Promise<void> | null = null;
  let stopped = false;

  async function ask(): Promise<void> {
    const answer = await options.take().catch((err: unknown) => ({
      ok: false as const,
      error: { message: errorMessage(err) },
    }));
    if (stopped) return;
    if (!answer.ok) {
      options.log(`Could not check for notifications: ${answer.error.message}`);
      return;
    }
    for (const n of answer.result) options.show(n, () => options.openTrain(n.trainId));
  }

  const check = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= ask().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => void check(), options.intervalMs ?? NOTIFICATION_POLL_MS);
  void check();
  return {
    check,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
