import type { Migration } from './migration';

// iCalendar SEQUENCE per event UID: the last content hash published and its
// sequence. An export raises the sequence when an event's hash changes, so
// calendar clients replace the copy they hold. One row per UID across every feed
// (all, one train, a range, a deployment, the publish folder): an event says the
// same in each of them (shared/export/ics.ts).
export const migration006: Migration = {
  version: 6,
  description: 'iCalendar sequence numbers per exported event',
  up(db) {
    db.exec(`
      CREATE TABLE export_sequences (
        uid          TEXT    PRIMARY KEY CHECK (length(uid) BETWEEN 1 AND 255),
        content_hash TEXT    NOT NULL CHECK (length(content_hash) BETWEEN 1 AND 64),
        sequence     INTEGER NOT NULL CHECK (sequence >= 0)
      ) STRICT;
    `);
  },
};
