import type { SequenceOf } from '../../../shared/export/ics';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';

interface SequenceRow {
  uid: string;
  content_hash: string;
  sequence: number;
}

/**
 * The iCalendar SEQUENCE of each event of one export of `uids`: 0 the first time its UID is
 * exported, the same while its content hash stays the same, one more each time the hash changes.
 * The stored rows of those UIDs are read in one query (a feed of the whole plan has thousands of
 * events), and only the rows that change are written. Use it inside the export's transaction.
 * With `record: false` (a read-only file) nothing is written: each event gets the number the
 * store would give it now.
 */
export function sequencesOf(db: Db, uids: readonly string[], options = { record: true }): SequenceOf {
  const stored = new Map(
    (
      sql(
        db,
        // Led by the list, each UID found by the primary key.
        'SELECT s.uid, s.content_hash, s.sequence FROM json_each(?) j JOIN export_sequences s ON s.uid = j.value',
      ).all(JSON.stringify(uids)) as SequenceRow[]
    ).map((r) => [r.uid, r]),
  );
  return (uid, contentHash) => {
    const last = stored.get(uid);
    if (!last) {
      if (!options.record) return 0;
      sql(db, 'INSERT INTO export_sequences (uid, content_hash, sequence) VALUES (?, ?, 0)').run(uid, contentHash);
      stored.set(uid, { uid, content_hash: contentHash, sequence: 0 });
      return 0;
    }
    if (last.content_hash === contentHash) return last.sequence;
    const sequence = last.sequence + 1;
    if (!options.record) return sequence;
    sql(db, 'UPDATE export_sequences SET content_hash = ?, sequence = ? WHERE uid = ?').run(contentHash, sequence, uid);
    stored.set(uid, { uid, content_hash: contentHash, sequence });
    return sequence;
  };
}
