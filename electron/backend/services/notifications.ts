import { definedFields } from '../../../shared/defined';
import {
  NOTIFICATION_KINDS,
  NOTIFICATION_KIND_LABELS,
  type NotificationClient,
  type NotificationSettings,
  type NotificationSettingsChange,
  type ReleaseNotification,
  notificationsToShow,
  todaysNotifications,
} from '../../../shared/notifications';
import {
  readNotificationSettings,
  recordShown,
  shownKeys,
  writeNotificationSettings,
} from '../repositories/notifications';
import { type ServiceContext, audit, notificationClock } from './context';
import { statusReport } from './tracking-views';

// Notifications: which show where (Settings), and the ones a client shows now. The
// rules are pure (shared/notifications.ts); here they meet the stored trains and the
// record of what was shown, so each notification shows once across restarts.

/** How long a shown key is kept: longer than any notification lives (one day). */
const FORGET_AFTER_MS = 14 * 24 * 3_600_000;

export function notificationSettings(ctx: ServiceContext): NotificationSettings {
  return readNotificationSettings(ctx.db);
}

function describeChange(before: NotificationSettings, after: NotificationSettings): string {
  const turned = (on: boolean) => (on ? 'Turned on' : 'Turned off');
  const parts: string[] = [];
  if (before.desktop !== after.desktop) parts.push(`${turned(after.desktop)} notifications in the desktop app`);
  if (before.browser !== after.browser) parts.push(`${turned(after.browser)} notifications in browser mode`);
  for (const kind of NOTIFICATION_KINDS) {
    if (before.kinds[kind] !== after.kinds[kind])
      parts.push(`${turned(after.kinds[kind])} the notification “${NOTIFICATION_KIND_LABELS[kind]}”`);
  }
  return parts.join('; ');
}

/** Changes the switches given; audited; a change that changes nothing writes nothing. */
export function updateNotificationSettings(
  ctx: ServiceContext,
  change: NotificationSettingsChange,
): NotificationSettings {
  const before = readNotificationSettings(ctx.db);
  const after: NotificationSettings = {
    desktop: change.desktop ?? before.desktop,
    browser: change.browser ?? before.browser,
    kinds: { ...before.kinds, ...definedFields(change.kinds ?? {}) },
  };
  const summary = describeChange(before, after);
  if (summary === '') return before;
  writeNotificationSettings(ctx.db, after);
  audit(ctx, {
    action: 'settings.update',
    entityType: 'settings',
    entityKey: 'notifications',
    summary,
    before,
    after,
  });
  return after;
}

/**
 * What `client` shows now: its switch on, the kind turned on, true today, not shown before.
 * Recorded as shown in the call's transaction, so two clients (or a restart) never show one twice.
 */
export function takeNotifications(ctx: ServiceContext, client: NotificationClient): ReleaseNotification[] {
  const settings = readNotificationSettings(ctx.db);
  if (!settings[client]) return [];
  const today = todaysNotifications(statusReport(ctx).trains, notificationClock(ctx));
  // On a team server each signed-in person is told once; the owner of a file is one person.
  const person = ctx.role === undefined ? null : ctx.actor;
  const fresh = notificationsToShow(
    today,
    shownKeys(
      ctx.db,
      person,
      today.map((n) => n.key),
    ),
    settings.kinds,
  );
  if (fresh.length === 0) return [];
  const now = ctx.now();
  recordShown(
    ctx.db,
    person,
    fresh.map((n) => n.key),
    now.toISOString(),
    new Date(now.getTime() - FORGET_AFTER_MS).toISOString(),
  );
  return fresh;
}
