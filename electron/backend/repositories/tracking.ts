import type { GateView, HaltView } from '../../../shared/contract';
import { z } from 'zod';
import {
  DEFAULT_GATE_POLICY,
  type GateDefinition,
  type GateKind,
  type GatePolicy,
  type GateState,
  gatePolicySchema,
} from '../../../shared/gates';
import type { HaltSeverity, StepRecord, StepState } from '../../../shared/rollout-steps';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { readSetting } from './settings';

// Gates, rollout steps and halts of trains. Plain synchronous functions; the
// services call them inside their one transaction.

/** The gate list new plans get, and the resume policy (an editable setting). */
export function readGatePolicy(db: Db): GatePolicy {
  return readSetting(db, 'gate_policy', gatePolicySchema, DEFAULT_GATE_POLICY);
}

export interface StoredStep extends StepRecord {
  trainId: number;
  name: string;
  region: string;
  internal: boolean;
  wave: number;
  updatedBy: string;
  updatedAt: string;
}

/** The columns a step row has, in a train or in a patch, with its deployment's. */
export interface StepColumns {
  key: string;
  name: string;
  region: string;
  internal: 0 | 1;
  wave: number;
  state: StepState;
  reason: string | null;
  started_at: string | null;
  finished_at: string | null;
  updated_by: string;
  updated_at: string;
}

interface StepRow extends StepColumns {
  train_id: number;
}

/** A step row's fields as the services read them. */
export function stepFields(r: StepColumns): Omit<StoredStep, 'trainId'> {
  return {
    key: r.key,
    name: r.name,
    region: r.region,
    internal: r.internal === 1,
    wave: r.wave,
    state: r.state,
    reason: r.reason,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

const STEP_SELECT = `SELECT s.train_id, d.key, d.name, d.region, d.internal, s.wave, s.state, s.reason, s.started_at,
  s.finished_at, s.updated_by, s.updated_at
  FROM rollout_steps s JOIN deployments d ON d.id = s.deployment_id`;

function stepOf(r: StepRow): StoredStep {
  return { trainId: r.train_id, ...stepFields(r) };
}

/**
 * Rows of the given trains, by train (every one present, with an empty list when it has none);
 * `select` reads a table as `alias`, and `order` sorts each train's rows.
 */
function byTrain<Row extends { train_id: number }, T>(
  db: Db,
  trainIds: readonly number[],
  query: { select: string; alias: string; order: string },
  of: (r: Row) => T,
): Map<number, T[]> {
  const out = new Map<number, T[]>(trainIds.map((id) => [id, []]));
  if (trainIds.length === 0) return out;
  const { select, alias, order } = query;
  const rows = sql(
    db,
    `${select} WHERE ${alias}.train_id IN (SELECT value FROM json_each(?)) ORDER BY ${alias}.train_id, ${order}`,
  ).all(JSON.stringify(trainIds)) as Row[];
  for (const r of rows) out.get(r.train_id)!.push(of(r));
  return out;
}

/** Steps of the given trains, by train, each list in wave then key order. */
export function listSteps(db: Db, trainIds: readonly number[]): Map<number, StoredStep[]> {
  return byTrain(db, trainIds, { select: STEP_SELECT, alias: 's', order: 's.wave, d.key' }, stepOf);
}

/**
 * The steps of the given trains that have left pending, in train, wave and key order, with the
 * instant each last finished: what an export lists, as it takes every other step of a plan for pending. Most steps of a long plan are
 * pending, so this reads a few rows where listSteps reads them all.
 */
export function listStartedSteps(
  db: Db,
  trainIds: readonly number[],
): { trainId: number; key: string; state: StepState; finishedAt: string | null }[] {
  const rows = sql(
    db,
    `SELECT s.train_id, d.key, s.state, s.finished_at FROM rollout_steps s JOIN deployments d ON d.id = s.deployment_id
     WHERE s.state <> 'pending' AND s.train_id IN (SELECT value FROM json_each(?))
     ORDER BY s.train_id, s.wave, d.key`,
  ).all(JSON.stringify(trainIds)) as { train_id: number; key: string; state: StepState; finished_at: string | null }[];
  return rows.map((r) => ({ trainId: r.train_id, key: r.key, state: r.state, finishedAt: r.finished_at }));
}

/** A step as release health reads it (shared/kpis.ts): its deployment, wave, state and times. */
export interface StepTimes {
  key: string;
  wave: number;
  state: StepState;
  startedAt: string | null;
  finishedAt: string | null;
}

/**
 * The steps of the given trains with their times, by train (every one present), in no set order
 * within a train: three years of a large fleet is tens of thousands of rows, read as arrays.
 */
export function listStepTimes(db: Db, trainIds: readonly number[]): Map<number, StepTimes[]> {
  const out = new Map<number, StepTimes[]>(trainIds.map((id) => [id, []]));
  if (trainIds.length === 0) return out;
  const rows = sql(
    db,
    `SELECT s.train_id, d.key, s.wave, s.state, s.started_at, s.finished_at
     FROM rollout_steps s JOIN deployments d ON d.id = s.deployment_id
     WHERE s.train_id IN (SELECT value FROM json_each(?))`,
  )
    .raw(true)
    .all(JSON.stringify(trainIds)) as [number, string, number, StepState, string | null, string | null][];
  for (const [trainId, key, wave, state, startedAt, finishedAt] of rows)
    out.get(trainId)!.push({ key, wave, state, startedAt, finishedAt });
  return out;
}

export function trainSteps(db: Db, trainId: number): StoredStep[] {
  return listSteps(db, [trainId]).get(trainId)!;
}

/** Every step of one deployment, across trains. */
export function stepsOfDeployment(db: Db, key: string): StoredStep[] {
  return (sql(db, `${STEP_SELECT} WHERE d.key = ? ORDER BY s.train_id`).all(key) as StepRow[]).map(stepOf);
}

/**
 * Writes a step's state in `table`, the step of `owner` (its train, or its patch); the row must
 * exist (a train's step has its placement, a patch's was made with it).
 */
export function writeStepRow(
  db: Db,
  table: 'rollout_steps' | 'patch_steps',
  owner: { column: 'train_id' | 'patch_id'; id: number },
  step: StepRecord,
  actor: string,
  at: string,
): void {
  const r = sql(
    db,
    `UPDATE ${table} SET state = ?, reason = ?, started_at = ?, finished_at = ?, updated_by = ?, updated_at = ?
     WHERE ${owner.column} = ? AND deployment_id = (SELECT id FROM deployments WHERE key = ?)`,
  ).run(step.state, step.reason, step.startedAt, step.finishedAt, actor, at, owner.id, step.key);
  if (r.changes !== 1) throw new Error(`No step for ${step.key} in ${table} ${owner.column} ${owner.id}.`);
}

/** Writes a step's state; the row must exist (its placement does). */
export function writeStep(db: Db, trainId: number, step: StepRecord, actor: string, at: string): void {
  writeStepRow(db, 'rollout_steps', { column: 'train_id', id: trainId }, step, actor, at);
}

/** A gate as stored is what the API shows (GateView). */
export type StoredGate = GateView;

interface GateRow {
  train_id: number;
  key: string;
  position: number;
  name: string;
  kind: GateKind;
  required: 0 | 1;
  bake_hours: number | null;
  state: GateState;
  reason: string | null;
  evidence_url: string | null;
  updated_by: string;
  updated_at: string;
  revision: number;
}

const GATE_SELECT = `SELECT g.train_id, g.key, g.position, g.name, g.kind, g.required, g.bake_hours, g.state, g.reason,
  g.evidence_url, g.updated_by, g.updated_at, g.revision
  FROM train_gates g`;

function gateOf(r: GateRow): StoredGate {
  return {
    key: r.key,
    position: r.position,
    name: r.name,
    kind: r.kind,
    required: r.required === 1,
    bakeHours: r.bake_hours,
    state: r.state,
    reason: r.reason,
    evidenceUrl: r.evidence_url,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
    revision: r.revision,
  };
}

/** Gates of the given trains, by train, each list in position order. */
export function listGates(db: Db, trainIds: readonly number[]): Map<number, StoredGate[]> {
  return byTrain(db, trainIds, { select: GATE_SELECT, alias: 'g', order: 'g.position' }, gateOf);
}

/** Each gate's name and state, of the given trains, by train, in position order: what an export shows of gates. */
export function listGateStates(db: Db, trainIds: readonly number[]): Map<number, Pick<StoredGate, 'name' | 'state'>[]> {
  return byTrain(
    db,
    trainIds,
    { select: 'SELECT g.train_id, g.name, g.state FROM train_gates g', alias: 'g', order: 'g.position' },
    (r: { train_id: number; name: string; state: GateState }) => ({ name: r.name, state: r.state }),
  );
}

/** Whether some gate stores this exact evidence link (the desktop app opens only those, beside its allow-list). */
export function isEvidenceUrl(db: Db, url: string): boolean {
  return sql(db, 'SELECT 1 FROM train_gates WHERE evidence_url = ? LIMIT 1').get(url) !== undefined;
}

export function trainGates(db: Db, trainId: number): StoredGate[] {
  return listGates(db, [trainId]).get(trainId)!;
}

/** Gives a train its own copy of the gate list, all pending; does nothing when it has gates already. */
export function ensureGates(
  db: Db,
  trainId: number,
  definitions: readonly GateDefinition[],
  actor: string,
  at: string,
): boolean {
  const has = sql(db, 'SELECT 1 FROM train_gates WHERE train_id = ? LIMIT 1').get(trainId);
  if (has) return false;
  definitions.forEach((g, position) => {
    sql(
      db,
      `INSERT INTO train_gates (train_id, key, position, name, kind, required, bake_hours, state, updated_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    ).run(
      trainId,
      g.key,
      position,
      g.name,
      g.kind,
      g.required ? 1 : 0,
      g.kind === 'internal_bake' ? g.bakeHours : null,
      actor,
      at,
    );
  });
  return true;
}

export interface GateStateRecord {
  state: GateState;
  reason: string | null;
  evidenceUrl: string | null;
  updatedBy: string;
  updatedAt: string;
}

export function writeGate(db: Db, trainId: number, key: string, g: GateStateRecord): void {
  const r = sql(
    db,
    `UPDATE train_gates SET state = ?, reason = ?, evidence_url = ?, updated_by = ?, updated_at = ?
     WHERE train_id = ? AND key = ?`,
  ).run(g.state, g.reason, g.evidenceUrl, g.updatedBy, g.updatedAt, trainId, key);
  if (r.changes !== 1) throw new Error(`No gate ${key} in train ${trainId}.`);
}

/** A halt as stored is what the API shows (HaltView). */
export type StoredHalt = HaltView;

interface HaltRow {
  id: number;
  train_id: number;
  reason: string;
  reference: string;
  severity: HaltSeverity;
  halted_at: string;
  halted_by: string;
  halted_wave: number;
  resumed_at: string | null;
  resumed_by: string | null;
  fix_version: string | null;
  keys: string;
}

const HALT_SELECT = `SELECT h.id, h.train_id, h.reason, h.reference, h.severity, h.halted_at, h.halted_by, h.halted_wave,
  h.resumed_at, h.resumed_by, h.fix_version,
  (SELECT json_group_array(key) FROM (SELECT d.key AS key FROM halt_deployments hd JOIN deployments d ON d.id = hd.deployment_id
    WHERE hd.halt_id = h.id ORDER BY d.key)) AS keys
  FROM halts h`;

function haltOf(r: HaltRow): StoredHalt {
  return {
    id: r.id,
    trainId: r.train_id,
    reason: r.reason,
    reference: r.reference,
    severity: r.severity,
    haltedAt: r.halted_at,
    haltedBy: r.halted_by,
    haltedWave: r.halted_wave,
    resumedAt: r.resumed_at,
    resumedBy: r.resumed_by,
    fixVersion: r.fix_version,
    deployments: JSON.parse(r.keys) as string[],
  };
}

/** Halts of the given trains, by train, oldest first. */
export function listHalts(db: Db, trainIds: readonly number[]): Map<number, StoredHalt[]> {
  return byTrain(db, trainIds, { select: HALT_SELECT, alias: 'h', order: 'h.halted_at, h.id' }, haltOf);
}

export function findHalt(db: Db, id: number): StoredHalt | undefined {
  const r = sql(db, `${HALT_SELECT} WHERE h.id = ?`).get(id) as HaltRow | undefined;
  return r && haltOf(r);
}

export function insertHalt(db: Db, h: Omit<StoredHalt, 'id' | 'resumedAt' | 'resumedBy' | 'fixVersion'>): number {
  const id = Number(
    sql(
      db,
      `INSERT INTO halts (train_id, reason, reference, severity, halted_at, halted_by, halted_wave)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(h.trainId, h.reason, h.reference, h.severity, h.haltedAt, h.haltedBy, h.haltedWave).lastInsertRowid,
  );
  for (const key of h.deployments)
    sql(
      db,
      'INSERT INTO halt_deployments (halt_id, deployment_id) VALUES (?, (SELECT id FROM deployments WHERE key = ?))',
    ).run(id, key);
  return id;
}

/** Sets (or, with nulls, clears) how a halt was resumed. */
export function writeResume(
  db: Db,
  id: number,
  resume: { resumedAt: string | null; resumedBy: string | null; fixVersion: string | null },
): void {
  sql(db, 'UPDATE halts SET resumed_at = ?, resumed_by = ?, fix_version = ? WHERE id = ?').run(
    resume.resumedAt,
    resume.resumedBy,
    resume.fixVersion,
    id,
  );
}

/** Removes a halt recorded by mistake (undo); the audit log keeps it. */
export function deleteHalt(db: Db, id: number): void {
  sql(db, 'DELETE FROM halts WHERE id = ?').run(id);
}

/** Keys reached by the halts of each train, once per halt: the regressions the ordering engine counts. */
export function regressionsByTrain(db: Db, trainIds: readonly number[]): Map<number, string[]> {
  const out = new Map<number, string[]>(trainIds.map((id) => [id, []]));
  if (trainIds.length === 0) return out;
  const rows = sql(
    db,
    `SELECT h.train_id AS train_id, d.key AS key FROM halts h
     JOIN halt_deployments hd ON hd.halt_id = h.id JOIN deployments d ON d.id = hd.deployment_id
     WHERE h.train_id IN (SELECT value FROM json_each(?)) ORDER BY h.train_id, h.id, d.key`,
  ).all(JSON.stringify(trainIds)) as { train_id: number; key: string }[];
  for (const r of rows) out.get(r.train_id)!.push(r.key);
  return out;
}

/** True once any step of the train has left pending: the train has started, whatever its dates say. */
export function anyStepStarted(db: Db, trainId: number): boolean {
  return (
    sql(db, "SELECT 1 FROM rollout_steps WHERE train_id = ? AND state <> 'pending' LIMIT 1").get(trainId) !== undefined
  );
}

/** How many deployments took the train's build: steps released, or rolled back after it. */
export function deploymentsReleased(db: Db, trainId: number): number {
  return sql(db, "SELECT count(*) FROM rollout_steps WHERE train_id = ? AND state IN ('released', 'rolled_back')")
    .pluck()
    .get(trainId) as number;
}

const userNameSchema = z.string().trim().min(1).max(80).nullable();

/** The user name set in the app (the audit log's actor), or null to use the OS user name. */
export function readUserName(db: Db): string | null {
  return readSetting(db, 'user_name', userNameSchema, null);
}

export function trainHalts(db: Db, trainId: number): StoredHalt[] {
  return listHalts(db, [trainId]).get(trainId)!;
}
