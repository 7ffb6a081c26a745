import type { Day } from '../../../shared/days';
import type { Freeze, FreezeDraft, Holiday } from '../../../shared/schedule';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';

export function listHolidays(db: Db, from?: Day, to?: Day): Holiday[] {
  return (
    sql(
      db,
      'SELECT day, name FROM holidays WHERE (@from IS NULL OR day >= @from) AND (@to IS NULL OR day <= @to) ORDER BY day',
    ).all({
      from: from ?? null,
      to: to ?? null,
    }) as { day: string; name: string }[]
  ).map((r) => ({ date: r.day, name: r.name }));
}

export function findHoliday(db: Db, date: Day): Holiday | undefined {
  const r = sql(db, 'SELECT day, name FROM holidays WHERE day = ?').get(date) as
    { day: string; name: string } | undefined;
  return r && { date: r.day, name: r.name };
}

export function insertHoliday(db: Db, h: Holiday): void {
  sql(db, 'INSERT INTO holidays (day, name) VALUES (?, ?)').run(h.date, h.name);
}

export function deleteHoliday(db: Db, date: Day): void {
  sql(db, 'DELETE FROM holidays WHERE day = ?').run(date);
}

interface FreezeRow {
  id: number;
  name: string;
  start_day: string;
  end_day: string;
  reason: string;
}
const fromFreezeRow = (r: FreezeRow): Freeze => ({
  id: r.id,
  name: r.name,
  start: r.start_day,
  end: r.end_day,
  reason: r.reason,
});

export function listFreezes(db: Db, from?: Day, to?: Day): Freeze[] {
  return (
    sql(
      db,
      'SELECT id, name, start_day, end_day, reason FROM freezes WHERE (@from IS NULL OR end_day >= @from) AND (@to IS NULL OR start_day <= @to) ORDER BY start_day, id',
    ).all({ from: from ?? null, to: to ?? null }) as FreezeRow[]
  ).map(fromFreezeRow);
}

export function findFreeze(db: Db, id: number): Freeze | undefined {
  const r = sql(db, 'SELECT id, name, start_day, end_day, reason FROM freezes WHERE id = ?').get(id) as
    FreezeRow | undefined;
  return r && fromFreezeRow(r);
}

/** Inserts a freeze; with `id`, under that id again (an undone removal). */
export function insertFreeze(db: Db, f: FreezeDraft, id: number | null = null): number {
  return Number(
    sql(db, 'INSERT INTO freezes (id, name, start_day, end_day, reason) VALUES (?, ?, ?, ?, ?)').run(
      id,
      f.name,
      f.start,
      f.end,
      f.reason,
    ).lastInsertRowid,
  );
}

export function deleteFreeze(db: Db, id: number): void {
  sql(db, 'DELETE FROM freezes WHERE id = ?').run(id);
}
