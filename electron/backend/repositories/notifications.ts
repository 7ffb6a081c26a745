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

/**
 * The row key of a notification shown to `person`: on a team server each signed-in person is told
 * once, so what was shown is kept per person there; the owner of a file (null) keeps the bare key.
 * Login names hold no "/", so the two never meet.
 */
function rowKey(person: string | null, key: string): string {
  return person === null ? key : `${person}/${key}`;
}

/** Which of these keys were shown already to `person` (null: the file's owner). */
export function shownKeys(db: Db, person: string | null, keys: readonly string[]): Set<string> {
  if (keys.length === 0) return new Set();
  const isShown = sql(db, 'SELECT 1 FROM notifications_shown WHERE key = ?');
  return new Set(keys.filter((k) => isShown.get(rowKey(person, k)) !== undefined));
}

/** Records keys as shown to `person` at `at`, and forgets those shown before `forgetBefore` (a notification is only ever of today). */
export function recordShown(
  db: Db,
  person: string | null,
  keys: readonly string[],
  at: string,
  forgetBefore: string,
): void {
  const insert = sql(db, 'INSERT OR IGNORE INTO notifications_shown (key, shown_at) VALUES (?, ?)');
  for (const key of keys) insert.run(rowKey(person, key), at);
  sql(db, 'DELETE FROM notifications_shown WHERE shown_at < ?').run(forgetBefore);
}
