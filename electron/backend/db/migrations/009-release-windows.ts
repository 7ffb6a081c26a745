import type { Migration } from './migration';

// A deployment's local release window (shared/release-window.ts): the wall-clock hours, in its
// own time zone, in which its releases go out. Both ends or neither; HH:MM on a 24-hour clock
// (text of that shape compares in time order); within one day, so it ends after it starts.
export const migration009: Migration = {
  version: 9,
  description: 'a local release window per deployment',
  up(db) {
    db.exec(`
      ALTER TABLE deployments ADD COLUMN release_window_start TEXT
        CHECK (release_window_start GLOB '[0-2][0-9]:[0-5][0-9]' AND release_window_start < '24:00');
      ALTER TABLE deployments ADD COLUMN release_window_end TEXT
        CHECK (release_window_end GLOB '[0-2][0-9]:[0-5][0-9]' AND release_window_end < '24:00'
               AND (release_window_start IS NULL) = (release_window_end IS NULL)
               AND release_window_end > release_window_start);
    `);
  },
};
