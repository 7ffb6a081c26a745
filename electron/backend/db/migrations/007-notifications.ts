import type { Migration } from './migration';

// The notifications already shown (shared/notifications.ts): each event has a stable
// key, so a restart the same day shows nothing twice. Rows older than two weeks are
// pruned as new ones are written; a notification is only ever of today.
export const migration007: Migration = {
  version: 7,
  description: 'notifications shown',
  up(db) {
    db.exec(`
      CREATE TABLE notifications_shown (
        key      TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 300),
        shown_at TEXT NOT NULL CHECK (shown_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')
      ) STRICT;
    `);
  },
};
