import type { Db } from '../db/connection';
import { sql } from '../db/statements';

/**
 * The iCalendar SEQUENCE of an event: 0 the first time its UID is exported, the
 * same while its content hash stays the same, one more each time the hash changes.
 * Call it inside the export's transaction.
 */
export function nextSequence(db: Db, uid: string, contentHash: string): number {
  const last = sql(db, 'SELECT content_hash, sequence FROM export_sequences WHERE uid = ?').get(uid) as
    { content_hash: string; sequence: number } | undefined;
  if (!last) {
    sql(db, 'INSERT INTO export_sequences (uid, content_hash, sequence) VALUES (?, ?, 0)').run(uid, contentHash);
    return 0;
  }
  if (last.content_hash === contentHash) return last.sequence;
  const sequence = last.sequence + 1;
  sql(db, 'UPDATE export_sequences SET content_hash = ?, sequence = ? WHERE uid = ?').run(contentHash, sequence, uid);
  return sequence;
}
