import type { z } from 'zod';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';

/**
 * One validated document per key. A value that no longer parses (written by hand,
 * or by an older schema) falls back to the default rather than breaking the app.
 */
export function readSetting<S extends z.ZodType>(db: Db, key: string, schema: S, fallback: z.output<S>): z.output<S> {
  const row = sql(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export function writeSetting(db: Db, key: string, value: unknown): void {
  sql(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    JSON.stringify(value),
  );
}

/**
 * The revision of a group of settings (0 while none is stored): the newest of theirs. Revisions come
 * from one clock for the whole file (migration 13), so any change to one of them raises it.
 */
export function settingsRevision(db: Db, keys: readonly string[]): number {
  return sql(db, 'SELECT coalesce(max(revision), 0) FROM settings WHERE key IN (SELECT value FROM json_each(?))')
    .pluck()
    .get(JSON.stringify(keys)) as number;
}
