import {
  DEFAULT_NOTIFICATION_SETTINGS,
  type NotificationSettings,
  notificationSettingsSchema,
} from '../../../shared/notifications';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { readSetting, writeSetting } from './settings';

const SETTINGS_KEY = 'notifications';

export function readNotificationSettings(db: Db): NotificationSettings {
  return readSetting(db, SETTINGS_KEY, notificationSettingsSchema, DEFAULT_NOTIFICATION_SETTINGS);
}

export function writeNotificationSettings(db: Db, settings: NotificationSettings): void {
  writeSetting(db, SETTINGS_KEY, settings);
}

/** Which of these keys were shown already. */
export function shownKeys(db: Db, keys: readonly string[]): Set<string> {
  if (keys.length === 0) return new Set();
  const isShown = sql(db, 'SELECT 1 FROM notifications_shown WHERE key = ?');
  return new Set(keys.filter((k) => isShown.get(k) !== undefined));
}

/** Records keys as shown at `at`, and forgets those shown before `forgetBefore` (a notification is only ever of today). */
export function recordShown(db: Db, keys: readonly string[], at: string, forgetBefore: string): void {
  const insert = sql(db, 'INSERT OR IGNORE INTO notifications_shown (key, shown_at) VALUES (?, ?)');
  for (const key of keys) insert.run(key, at);
  sql(db, 'DELETE FROM notifications_shown WHERE shown_at < ?').run(forgetBefore);
}
