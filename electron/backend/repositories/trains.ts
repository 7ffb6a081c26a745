import type { PhaseKind, PlannedPhase, PlannedTrain } from '../../../shared/cadence';
import type { Day } from '../../../shared/days';
import type { TrainState } from '../../../shared/schedule';
import type { Train } from '../../../shared/train';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';

interface TrainRow {
  id: number;
  version: string;
  slot_start: string;
  start_day: string;
  end_day: string;
  state: TrainState;
  state_reason: string | null;
  notes: string;
  created_at: string;
  updated_at: string;
  revision: number;
}
interface PhaseRow {
  train_id: number;
  key: string;
  name: string;
  kind: PhaseKind;
  start_day: string;
  end_day: string;
  production: 0 | 1;
}
interface ReleaseRow {
  train_id: number;
  phase_key: string;
  nominal: string;
}

const TRAIN_COLUMNS =
  'id, version, slot_start, start_day, end_day, state, state_reason, notes, created_at, updated_at, revision';

/** Trains with their phases and nominal release days, three queries for any number of trains. */
function hydrate(db: Db, rows: TrainRow[]): Train[] {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const phases = sql(
    db,
    `SELECT train_id, key, name, kind, start_day, end_day, production FROM train_phases
     WHERE train_id IN (SELECT value FROM json_each(?)) ORDER BY train_id, position`,
  ).all(ids) as PhaseRow[];
  const releases = sql(
    db,
    `SELECT train_id, phase_key, nominal FROM train_release_days
     WHERE train_id IN (SELECT value FROM json_each(?)) ORDER BY train_id, nominal`,
  ).all(ids) as ReleaseRow[];
  const byTrain = new Map<number, PlannedPhase[]>();
  const phaseIndex = new Map<string, PlannedPhase>();
  for (const p of phases) {
    const phase: PlannedPhase = {
      key: p.key,
      name: p.name,
      kind: p.kind,
      start: p.start_day,
      end: p.end_day,
      production: p.production === 1,
      releaseDays: [],
    };
    phaseIndex.set(`${p.train_id}/${p.key}`, phase);
    const list = byTrain.get(p.train_id) ?? [];
    list.push(phase);
    byTrain.set(p.train_id, list);
  }
  for (const r of releases) phaseIndex.get(`${r.train_id}/${r.phase_key}`)?.releaseDays.push(r.nominal);
  return rows.map((r) => ({
    id: r.id,
    slotStart: r.slot_start,
    version: r.version,
    start: r.start_day,
    end: r.end_day,
    state: r.state,
    stateReason: r.state_reason,
    notes: r.notes,
    phases: byTrain.get(r.id) ?? [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    revision: r.revision,
  }));
}

/** Trains whose life overlaps [from, to] (either bound optional), in start order. */
export function listTrains(db: Db, from?: Day, to?: Day): Train[] {
  const rows = sql(
    db,
    `SELECT ${TRAIN_COLUMNS} FROM trains
     WHERE (@from IS NULL OR end_day >= @from) AND (@to IS NULL OR start_day <= @to)
     ORDER BY start_day, id`,
  ).all({ from: from ?? null, to: to ?? null }) as TrainRow[];
  return hydrate(db, rows);
}

export function findTrain(db: Db, id: number): Train | undefined {
  const row = sql(db, `SELECT ${TRAIN_COLUMNS} FROM trains WHERE id = ?`).get(id) as TrainRow | undefined;
  return row ? hydrate(db, [row])[0] : undefined;
}

export function findTrainByVersion(db: Db, version: string): Train | undefined {
  const row = sql(db, `SELECT ${TRAIN_COLUMNS} FROM trains WHERE version = ?`).get(version) as TrainRow | undefined;
  return row ? hydrate(db, [row])[0] : undefined;
}

export function takenSlots(db: Db): Set<Day> {
  return new Set((sql(db, 'SELECT slot_start FROM trains').all() as { slot_start: string }[]).map((r) => r.slot_start));
}

function writePhases(db: Db, trainId: number, phases: readonly PlannedPhase[]): void {
  sql(db, 'DELETE FROM train_phases WHERE train_id = ?').run(trainId);
  phases.forEach((p, position) => {
    sql(
      db,
      `INSERT INTO train_phases (train_id, position, key, name, kind, start_day, end_day, production)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(trainId, position, p.key, p.name, p.kind, p.start, p.end, p.production ? 1 : 0);
    for (const day of p.releaseDays) {
      sql(db, 'INSERT INTO train_release_days (train_id, phase_key, nominal) VALUES (?, ?, ?)').run(
        trainId,
        p.key,
        day,
      );
    }
  });
}

export function insertTrain(db: Db, t: PlannedTrain, at: string): number {
  const { lastInsertRowid } = sql(
    db,
    `INSERT INTO trains (version, slot_start, start_day, end_day, state, state_reason, notes, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'active', NULL, '', ?, ?)`,
  ).run(t.version, t.slotStart, t.start, t.end, at, at);
  const id = Number(lastInsertRowid);
  writePhases(db, id, t.phases);
  return id;
}

/** Replaces a train's dates and phases (a move, or a new template). */
export function relayTrain(
  db: Db,
  id: number,
  start: Day,
  end: Day,
  phases: readonly PlannedPhase[],
  at: string,
): void {
  sql(db, 'UPDATE trains SET start_day = ?, end_day = ?, updated_at = ? WHERE id = ?').run(start, end, at, id);
  writePhases(db, id, phases);
}

export function updateTrainFields(
  db: Db,
  id: number,
  fields: { version?: string; state?: TrainState; stateReason?: string | null; notes?: string },
  at: string,
): void {
  const current = sql(db, 'SELECT version, state, state_reason, notes FROM trains WHERE id = ?').get(id) as {
    version: string;
    state: TrainState;
    state_reason: string | null;
    notes: string;
  };
  sql(db, 'UPDATE trains SET version = ?, state = ?, state_reason = ?, notes = ?, updated_at = ? WHERE id = ?').run(
    fields.version ?? current.version,
    fields.state ?? current.state,
    fields.stateReason === undefined ? current.state_reason : fields.stateReason,
    fields.notes ?? current.notes,
    at,
    id,
  );
}
