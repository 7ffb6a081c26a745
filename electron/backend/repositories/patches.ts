import type { PatchRecord } from '../../../shared/patches';
import type { StepRecord } from '../../../shared/rollout-steps';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { type StepColumns, type StoredStep, stepFields, writeStepRow } from './tracking';

// Patch rollouts and their steps. Plain synchronous functions; the services call them inside
// their one transaction.

/** A patch as stored is its record (shared/patches.ts). */
export type StoredPatch = PatchRecord;

export interface StoredPatchStep extends Omit<StoredStep, 'trainId'> {
  patchId: number;
  /** The day its wave is planned for. */
  date: string;
}

interface PatchRow {
  id: number;
  train_id: number;
  halt_id: number;
  version: string;
  broken: string;
  reason: string;
  reference: string;
  bake_hours: number;
  created_at: string;
  created_by: string;
}

interface PatchStepRow extends StepColumns {
  patch_id: number;
  date: string;
}

const PATCH_SELECT = `SELECT id, train_id, halt_id, version, broken, reason, reference, bake_hours, created_at, created_by
  FROM patches`;

const STEP_SELECT = `SELECT s.patch_id, d.key, d.name, d.region, d.internal, s.wave, s.date, s.state, s.reason,
  s.started_at, s.finished_at, s.updated_by, s.updated_at
  FROM patch_steps s JOIN deployments d ON d.id = s.deployment_id`;

function patchOf(r: PatchRow): StoredPatch {
  return {
    id: r.id,
    trainId: r.train_id,
    haltId: r.halt_id,
    version: r.version,
    broken: r.broken,
    reason: r.reason,
    reference: r.reference,
    bakeHours: r.bake_hours,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

function stepOf(r: PatchStepRow): StoredPatchStep {
  return { patchId: r.patch_id, date: r.date, ...stepFields(r) };
}

/** The patches of the given trains (all of them when `trainIds` is absent), oldest first. */
export function listPatches(db: Db, trainIds?: readonly number[]): StoredPatch[] {
  const rows = (
    trainIds === undefined
      ? sql(db, `${PATCH_SELECT} ORDER BY created_at, id`).all()
      : sql(db, `${PATCH_SELECT} WHERE train_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id`).all(
          JSON.stringify(trainIds),
        )
  ) as PatchRow[];
  return rows.map(patchOf);
}

export function findPatch(db: Db, id: number): StoredPatch | undefined {
  const r = sql(db, `${PATCH_SELECT} WHERE id = ?`).get(id) as PatchRow | undefined;
  return r && patchOf(r);
}

/** Steps of the given patches (all when absent), in patch, wave then key order. */
export function listPatchSteps(db: Db, patchIds?: readonly number[]): StoredPatchStep[] {
  const order = 'ORDER BY s.patch_id, s.wave, d.key';
  const rows = (
    patchIds === undefined
      ? sql(db, `${STEP_SELECT} ${order}`).all()
      : sql(db, `${STEP_SELECT} WHERE s.patch_id IN (SELECT value FROM json_each(?)) ${order}`).all(
          JSON.stringify(patchIds),
        )
  ) as PatchStepRow[];
  return rows.map(stepOf);
}

export function insertPatch(
  db: Db,
  p: Omit<StoredPatch, 'id'>,
  steps: readonly { key: string; wave: number; date: string }[],
): number {
  const id = Number(
    sql(
      db,
      `INSERT INTO patches (train_id, halt_id, version, broken, reason, reference, bake_hours, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(p.trainId, p.haltId, p.version, p.broken, p.reason, p.reference, p.bakeHours, p.createdAt, p.createdBy)
      .lastInsertRowid,
  );
  const insert = sql(
    db,
    `INSERT INTO patch_steps (patch_id, deployment_id, wave, date, state, updated_by, updated_at)
     VALUES (?, (SELECT id FROM deployments WHERE key = ?), ?, ?, 'pending', ?, ?)`,
  );
  for (const s of steps) insert.run(id, s.key, s.wave, s.date, p.createdBy, p.createdAt);
  return id;
}

/** Removes a patch and its steps (undo of the resume that created it); the audit log keeps them. */
export function deletePatch(db: Db, id: number): void {
  sql(db, 'DELETE FROM patches WHERE id = ?').run(id);
}

/** Writes a patch step's state; the row must exist. */
export function writePatchStep(db: Db, patchId: number, step: StepRecord, actor: string, at: string): void {
  writeStepRow(db, 'patch_steps', { column: 'patch_id', id: patchId }, step, actor, at);
}
