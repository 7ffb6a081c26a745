import type { Day } from '../../../shared/days';
import type { Wave } from '../../../shared/ordering';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';

export interface StoredPlacement {
  key: string;
  wave: number;
  reason: string;
  manual: boolean;
}

export interface StoredPlan {
  trainId: number;
  engineVersion: string;
  policyJson: string;
  createdAt: string;
  updatedAt: string;
  waves: { index: number; date: Day }[];
  placements: StoredPlacement[];
}

export function findPlan(db: Db, trainId: number): StoredPlan | undefined {
  const head = sql(
    db,
    'SELECT train_id, engine_version, policy_json, created_at, updated_at FROM rollout_plans WHERE train_id = ?',
  ).get(trainId) as
    | { train_id: number; engine_version: string; policy_json: string; created_at: string; updated_at: string }
    | undefined;
  if (!head) return undefined;
  const waves = (
    sql(db, 'SELECT wave, day FROM rollout_waves WHERE train_id = ? ORDER BY wave').all(trainId) as {
      wave: number;
      day: string;
    }[]
  ).map((w) => ({
    index: w.wave,
    date: w.day,
  }));
  const placements = (
    sql(
      db,
      `SELECT d.key AS key, p.wave AS wave, p.reason AS reason, p.manual AS manual FROM rollout_placements p
       JOIN deployments d ON d.id = p.deployment_id WHERE p.train_id = ? ORDER BY p.wave, d.key`,
    ).all(trainId) as { key: string; wave: number; reason: string; manual: 0 | 1 }[]
  ).map((r) => ({ key: r.key, wave: r.wave, reason: r.reason, manual: r.manual === 1 }));
  return {
    trainId: head.train_id,
    engineVersion: head.engine_version,
    policyJson: head.policy_json,
    createdAt: head.created_at,
    updatedAt: head.updated_at,
    waves,
    placements,
  };
}

/**
 * The waves of the stored plans of the given trains, by train (a train without a plan is absent),
 * each on its day with the keys placed in it, in key order: a whole plan's worth in one query,
 * where findPlan takes three per train. SQLite gathers each wave's keys into one JSON array, so a
 * plan of 10,000 placements crosses into JavaScript as a few thousand rows.
 */
export function listPlanWaves(db: Db, trainIds: readonly number[]): Map<number, Wave[]> {
  const rows = sql(
    db,
    `SELECT p.train_id, w.wave, w.day,
       (SELECT json_group_array(d.key ORDER BY d.key) FROM rollout_placements x
        JOIN deployments d ON d.id = x.deployment_id WHERE x.train_id = w.train_id AND x.wave = w.wave) AS keys
     FROM rollout_plans p LEFT JOIN rollout_waves w ON w.train_id = p.train_id
     WHERE p.train_id IN (SELECT value FROM json_each(?)) ORDER BY p.train_id, w.wave`,
  ).all(JSON.stringify(trainIds)) as { train_id: number; wave: number | null; day: Day | null; keys: string }[];
  const out = new Map<number, Wave[]>();
  for (const r of rows) {
    const waves = out.get(r.train_id) ?? [];
    out.set(r.train_id, waves);
    // A plan without waves comes as one row without a wave (the LEFT JOIN).
    if (r.wave !== null && r.day !== null)
      waves.push({ index: r.wave, date: r.day, keys: JSON.parse(r.keys) as string[] });
  }
  return out;
}

/**
 * Replaces a train's plan whole. Rollout steps follow their placements: a deployment still in the plan
 * keeps its step (state, times, who) in its new wave; a new one gets a pending step by `actor`.
 */
export function savePlan(db: Db, plan: Omit<StoredPlan, 'updatedAt'> & { updatedAt: string }, actor: string): void {
  const kept = new Map(
    (
      sql(
        db,
        `SELECT d.key AS key, s.state, s.reason, s.started_at, s.finished_at, s.updated_by, s.updated_at
         FROM rollout_steps s JOIN deployments d ON d.id = s.deployment_id WHERE s.train_id = ?`,
      ).all(plan.trainId) as {
        key: string;
        state: string;
        reason: string | null;
        started_at: string | null;
        finished_at: string | null;
        updated_by: string;
        updated_at: string;
      }[]
    ).map((r) => [r.key, r]),
  );
  const placed = new Set(plan.placements.map((p) => p.key));
  for (const [key, step] of kept)
    if (step.state !== 'pending' && !placed.has(key))
      throw new Error(`${key} has a ${step.state} step in train ${plan.trainId}; it cannot leave the plan.`);
  sql(db, 'DELETE FROM rollout_steps WHERE train_id = ?').run(plan.trainId);
  sql(db, 'DELETE FROM rollout_plans WHERE train_id = ?').run(plan.trainId);
  sql(
    db,
    'INSERT INTO rollout_plans (train_id, engine_version, policy_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  ).run(plan.trainId, plan.engineVersion, plan.policyJson, plan.createdAt, plan.updatedAt);
  for (const w of plan.waves)
    sql(db, 'INSERT INTO rollout_waves (train_id, wave, day) VALUES (?, ?, ?)').run(plan.trainId, w.index, w.date);
  for (const p of plan.placements) {
    sql(
      db,
      `INSERT INTO rollout_placements (train_id, deployment_id, wave, reason, manual)
       VALUES (?, (SELECT id FROM deployments WHERE key = ?), ?, ?, ?)`,
    ).run(plan.trainId, p.key, p.wave, p.reason, p.manual ? 1 : 0);
    const step = kept.get(p.key);
    sql(
      db,
      `INSERT INTO rollout_steps (train_id, deployment_id, wave, state, reason, started_at, finished_at, updated_by, updated_at)
       VALUES (?, (SELECT id FROM deployments WHERE key = ?), ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      plan.trainId,
      p.key,
      p.wave,
      step?.state ?? 'pending',
      step?.reason ?? null,
      step?.started_at ?? null,
      step?.finished_at ?? null,
      step?.updated_by ?? actor,
      step?.updated_at ?? plan.updatedAt,
    );
  }
}

/** Gives a plan's waves new days (the calendar moved them); placements and steps stay as they are. */
export function redateWaves(db: Db, trainId: number, waves: readonly { index: number; date: Day }[], at: string): void {
  for (const w of waves)
    sql(db, 'UPDATE rollout_waves SET day = ? WHERE train_id = ? AND wave = ?').run(w.date, trainId, w.index);
  sql(db, 'UPDATE rollout_plans SET updated_at = ? WHERE train_id = ?').run(at, trainId);
}

/** Customer waves (keys per wave, wave 1 first) of every stored plan of the given trains, in the given order. */
/**
 * Writes `next` over `old`, the same train's stored plan with the same wave numbers and no step
 * started, row by row where they differ: a re-plan that moves a few deployments writes a few rows.
 * A placement's new wave carries its pending step along (the steps' key cascades).
 */
export function updatePlanRows(db: Db, old: StoredPlan, next: StoredPlan, actor: string): void {
  const { trainId } = next;
  sql(db, 'UPDATE rollout_plans SET engine_version = ?, policy_json = ?, updated_at = ? WHERE train_id = ?').run(
    next.engineVersion,
    next.policyJson,
    next.updatedAt,
    trainId,
  );
  const days = new Map(old.waves.map((w) => [w.index, w.date]));
  for (const w of next.waves)
    if (days.get(w.index) !== w.date)
      sql(db, 'UPDATE rollout_waves SET day = ? WHERE train_id = ? AND wave = ?').run(w.date, trainId, w.index);
  const was = new Map(old.placements.map((p) => [p.key, p]));
  const kept = new Set(next.placements.map((p) => p.key));
  const idOf = '(SELECT id FROM deployments WHERE key = ?)';
  for (const key of was.keys()) {
    if (kept.has(key)) continue;
    sql(db, `DELETE FROM rollout_steps WHERE train_id = ? AND deployment_id = ${idOf}`).run(trainId, key);
    sql(db, `DELETE FROM rollout_placements WHERE train_id = ? AND deployment_id = ${idOf}`).run(trainId, key);
  }
  for (const p of next.placements) {
    const before = was.get(p.key);
    if (!before) {
      sql(
        db,
        `INSERT INTO rollout_placements (train_id, deployment_id, wave, reason, manual) VALUES (?, ${idOf}, ?, ?, ?)`,
      ).run(trainId, p.key, p.wave, p.reason, p.manual ? 1 : 0);
      sql(
        db,
        `INSERT INTO rollout_steps (train_id, deployment_id, wave, state, reason, started_at, finished_at, updated_by, updated_at)
         VALUES (?, ${idOf}, ?, 'pending', NULL, NULL, NULL, ?, ?)`,
      ).run(trainId, p.key, p.wave, actor, next.updatedAt);
    } else if (before.wave !== p.wave || before.reason !== p.reason || before.manual !== p.manual) {
      sql(
        db,
        `UPDATE rollout_placements SET wave = ?, reason = ?, manual = ? WHERE train_id = ? AND deployment_id = ${idOf}`,
      ).run(p.wave, p.reason, p.manual ? 1 : 0, trainId, p.key);
    }
  }
}

export function customerWaves(db: Db, trainIds: readonly number[]): Map<number, string[][]> {
  const out = new Map<number, string[][]>();
  if (trainIds.length === 0) return out;
  const rows = sql(
    db,
    `SELECT p.train_id AS train_id, p.wave AS wave, d.key AS key FROM rollout_placements p
     JOIN deployments d ON d.id = p.deployment_id
     WHERE p.train_id IN (SELECT value FROM json_each(?)) AND p.wave > 0 ORDER BY p.train_id, p.wave, d.key`,
  ).all(JSON.stringify(trainIds)) as { train_id: number; wave: number; key: string }[];
  // A wave left empty by every placement is a hole in the array until it is filled in.
  const sparse = new Map<number, (string[] | undefined)[]>();
  for (const r of rows) {
    const waves = sparse.get(r.train_id) ?? [];
    (waves[r.wave - 1] ??= []).push(r.key);
    sparse.set(r.train_id, waves);
  }
  for (const [id, waves] of sparse)
    out.set(
      id,
      Array.from(waves, (w) => w ?? []),
    );
  return out;
}

/** The revision of a train's stored plan (migration 13); undefined when it has none. */
export function planRevision(db: Db, trainId: number): number | undefined {
  return sql(db, 'SELECT revision FROM rollout_plans WHERE train_id = ?').pluck().get(trainId) as number | undefined;
}
