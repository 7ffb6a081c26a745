import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APPLICATION_ID,
  LATEST_SCHEMA_VERSION,
  openDatabase,
  type OpenedDatabase,
} from '../../electron/backend/db/connection';
import { MIGRATIONS } from '../../electron/backend/db/migrations';
import { tableNames } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const opened: OpenedDatabase[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) if (o.db.open) o.db.close();
});

function openNew(): OpenedDatabase {
  const o = openDatabase(path.join(tempDir(), 'fleet.db'));
  opened.push(o);
  return o;
}

const ROW = {
  key: 'us-east-3',
  name: 'US East 3',
  region: 'us-east',
  time_zone: 'America/New_York',
  tier: 'standard',
  weight: 10,
  pairing_group: null,
  pin_policy: 'none',
  internal: 0,
  status: 'active',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  retired_at: null,
};

function insertDeployment(o: OpenedDatabase, overrides: Partial<Record<keyof typeof ROW, unknown>> = {}): void {
  o.db
    .prepare(
      `INSERT INTO deployments (key, name, region, time_zone, tier, weight, pairing_group, pin_policy, internal, status, created_at, updated_at, retired_at)
       VALUES (@key, @name, @region, @time_zone, @tier, @weight, @pairing_group, @pin_policy, @internal, @status, @created_at, @updated_at, @retired_at)`,
    )
    .run({ ...ROW, ...overrides });
}

function insertAudit(o: OpenedDatabase): void {
  o.db
    .prepare(
      `INSERT INTO audit_events (at, actor, action, entity_type, entity_key, summary) VALUES ('2026-01-01T00:00:00.000Z', 'ada', 'deployment.create', 'deployment', 'us-east-3', 'Created')`,
    )
    .run();
}

describe('SQLite store', () => {
  it('migrates a new file from empty to the latest schema and marks it as ours', () => {
    const o = openNew();
    expect(o.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(o.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(o.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(o.backupPath).toBeNull();
    expect(tableNames(o.db)).toEqual([
      'audit_events',
      'deployment_blocked_dates',
      'deployments',
      'export_sequences',
      'fairness_accounts',
      'fairness_ledger',
      'fairness_ledger_trains',
      'feeds',
      'freezes',
      'halt_deployments',
      'halts',
      'holidays',
      'notifications_shown',
      'patch_steps',
      'patches',
      'revision_clock',
      'rollout_placements',
      'rollout_plans',
      'rollout_steps',
      'rollout_waves',
      'sessions',
      'settings',
      'train_gates',
      'train_phases',
      'train_release_days',
      'trains',
      'users',
    ]);
  });

  it('numbers migrations consecutively from 1, the latest being the schema version', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.at(-1)?.version);
  });

  it('sets up the connection: WAL journal, foreign keys on, a busy timeout', () => {
    const o = openNew();
    expect(o.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(o.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(o.db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('syncs every commit to disk (synchronous=FULL): a power loss cannot roll back a recorded release', () => {
    const o = openNew();
    expect(o.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('reopens an up-to-date file without migrating or backing it up', () => {
    const first = openNew();
    insertDeployment(first);
    first.db.close();
    const again = openDatabase(first.path);
    opened.push(again);
    expect(again.backupPath).toBeNull();
    expect(again.db.prepare('SELECT key FROM deployments').pluck().all()).toEqual(['us-east-3']);
  });

  it('declares every table STRICT', () => {
    const o = openNew();
    const strict = o.db
      .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string; strict: number }[];
    expect(strict.filter((t) => t.strict !== 1)).toEqual([]);
    expect(strict.length).toBe(27);
  });

  it('refuses text in the integer weight column (STRICT typing)', () => {
    const o = openNew();
    expect(() => insertDeployment(o, { weight: 'heavy' })).toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('enforces domain checks even for raw SQL: negative weight, unknown tier, internal pinned late', () => {
    const o = openNew();
    expect(() => insertDeployment(o, { weight: -1 })).toThrow(/CHECK constraint failed/);
    expect(() => insertDeployment(o, { tier: 'gold' })).toThrow(/CHECK constraint failed/);
    expect(() => insertDeployment(o, { internal: 1, pin_policy: 'late' })).toThrow(/CHECK constraint failed/);
    expect(() => insertDeployment(o, { status: 'retired', retired_at: null })).toThrow(/CHECK constraint failed/);
    expect(o.db.prepare('SELECT count(*) FROM deployments').pluck().get()).toBe(0);
  });

  it('keeps audit events append-only: UPDATE and DELETE raise', () => {
    const o = openNew();
    insertAudit(o);
    expect(() => o.db.prepare("UPDATE audit_events SET actor = 'mallory'").run()).toThrow(
      'audit events are append-only',
    );
    expect(() => o.db.prepare('DELETE FROM audit_events').run()).toThrow('audit events are append-only');
    expect(o.db.prepare('SELECT actor FROM audit_events').pluck().all()).toEqual(['ada']);
  });

  it('allows only one active internal deployment, even through raw SQL', () => {
    const o = openNew();
    insertDeployment(o, { key: 'internal-a', internal: 1 });
    expect(() => insertDeployment(o, { key: 'internal-b', internal: 1 })).toThrow(/UNIQUE constraint failed/);
    // A retired internal deployment does not hold the role.
    insertDeployment(o, {
      key: 'internal-old',
      internal: 1,
      status: 'retired',
      retired_at: '2026-01-02T00:00:00.000Z',
    });
    expect(() =>
      o.db.prepare("UPDATE deployments SET status = 'active', retired_at = NULL WHERE key = 'internal-old'").run(),
    ).toThrow(/UNIQUE constraint failed/);
    expect(o.db.prepare('SELECT key FROM deployments WHERE internal = 1 ORDER BY key').pluck().all()).toEqual([
      'internal-a',
      'internal-old',
    ]);
  });

  it('refuses a duplicate key through raw SQL', () => {
    const o = openNew();
    insertDeployment(o);
    expect(() => insertDeployment(o)).toThrow(/UNIQUE constraint failed: deployments.key/);
  });
});
