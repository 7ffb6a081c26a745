import { describe, expect, it } from 'vitest';
import type { DeploymentList } from '../../shared/contract';
import { DEMO_FLEET } from '../../shared/demo-fleet';
import type { Deployment } from '../../shared/deployment';
import type { ApiError, ApiResponse } from '../../shared/errors';
import { LATEST_SCHEMA_VERSION } from '../../electron/backend/db/connection';
import { listAudit } from '../../electron/backend/repositories/audit';
import { TEST_ACTOR, auditCount, dumpDatabase, useTestBackend } from '../helpers/db';
import { DRAFT_DEFAULTS } from '../helpers/deployments';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const { backend, ok } = useTestBackend(tempDir);

async function fails(method: unknown, input?: unknown): Promise<ApiError> {
  const answer: ApiResponse<unknown> = await backend().dispatch(method, input);
  if (answer.ok) throw new Error(`${String(method)} should have failed but answered ${JSON.stringify(answer.result)}`);
  return answer.error;
}

/** Runs `act` and checks that not a single row of any table changed. */
async function expectNothingChanged(act: () => Promise<unknown>): Promise<void> {
  const before = dumpDatabase(backend().db);
  await act();
  expect(dumpDatabase(backend().db)).toEqual(before);
}

const usEast3 = { key: 'us-east-3', name: 'US East 3', region: 'us-east', timeZone: 'America/New_York' };
const internalUs = { ...usEast3, key: 'internal-us', name: 'Internal', internal: true };

describe('deployment services through the dispatcher', () => {
  describe('happy paths write exactly one audit event each', () => {
    it('creates a deployment with the defaults, stamped by the injected clock', async () => {
      const created = await ok<Deployment>('deployments.create', usEast3);
      expect(created).toEqual({
        ...usEast3,
        ...DRAFT_DEFAULTS,
        status: 'active',
        createdAt: '2026-03-02T09:00:00.000Z',
        updatedAt: '2026-03-02T09:00:00.000Z',
        retiredAt: null,
        blockedDates: [],
      });
      expect(await ok<Deployment>('deployments.get', { key: 'us-east-3' })).toEqual(created);
      expect(listAudit(backend().db)).toEqual([
        {
          id: 1,
          at: expect.any(String),
          actor: TEST_ACTOR,
          action: 'deployment.create',
          entityType: 'deployment',
          entityKey: 'us-east-3',
          summary: 'Created us-east-3 (US East 3)',
          before: undefined,
          after: created,
        },
      ]);
    });

    it('updates only the given fields and records before and after', async () => {
      const created = await ok<Deployment>('deployments.create', usEast3);
      const updated = await ok<Deployment>('deployments.update', {
        key: 'us-east-3',
        changes: { weight: 22_400, tier: 'premium', pairingGroup: 'us-pair' },
      });
      expect(updated).toMatchObject({ ...usEast3, weight: 22_400, tier: 'premium', pairingGroup: 'us-pair' });
      expect(updated.createdAt).toBe(created.createdAt);
      expect(updated.updatedAt > created.updatedAt).toBe(true);
      const events = listAudit(backend().db, 'deployment', 'us-east-3');
      expect(events).toHaveLength(2);
      expect(events[1]).toMatchObject({
        action: 'deployment.update',
        summary: 'Changed tier, weight, pairingGroup of us-east-3',
        before: created,
        after: updated,
      });
    });

    it('retires and reactivates a deployment, one audit event each', async () => {
      await ok('deployments.create', usEast3);
      const retired = await ok<Deployment>('deployments.retire', { key: 'us-east-3' });
      expect(retired.status).toBe('retired');
      expect(retired.retiredAt).toBe(retired.updatedAt);
      expect(auditCount(backend().db)).toBe(2);
      const back = await ok<Deployment>('deployments.reactivate', { key: 'us-east-3' });
      expect([back.status, back.retiredAt]).toEqual(['active', null]);
      expect(listAudit(backend().db).map((e) => e.action)).toEqual([
        'deployment.create',
        'deployment.retire',
        'deployment.reactivate',
      ]);
    });

    it('allows retiring the internal deployment when it is the only active one', async () => {
      await ok('deployments.create', internalUs);
      expect((await ok<Deployment>('deployments.retire', { key: 'internal-us' })).status).toBe('retired');
    });

    it(
      // Regression test for a bug found in review (services/fleet.ts, updateDeployment).
      'leaves the row and the audit log alone when an update changes nothing',
      async () => {
        await ok('deployments.create', usEast3);
        await expectNothingChanged(() =>
          ok('deployments.update', { key: 'us-east-3', changes: { name: 'US East 3' } }),
        );
      },
    );
  });

  describe('domain refusals change nothing', () => {
    it('refuses a duplicate key as a conflict on the key field', async () => {
      await ok('deployments.create', usEast3);
      await expectNothingChanged(async () => {
        const error = await fails('deployments.create', { ...usEast3, name: 'Another' });
        expect(error.code).toBe('conflict');
        expect(error.fields?.[0]?.field).toBe('key');
        expect(error.message).toContain('us-east-3');
      });
    });

    it('refuses a duplicate key of a retired deployment, suggesting to reactivate it', async () => {
      await ok('deployments.create', usEast3);
      await ok('deployments.retire', { key: 'us-east-3' });
      const error = await fails('deployments.create', usEast3);
      expect(error.code).toBe('conflict');
      expect(error.message).toContain('reactivate it instead');
    });

    it('refuses a second internal deployment as a conflict on the internal field', async () => {
      await ok('deployments.create', internalUs);
      await expectNothingChanged(async () => {
        const error = await fails('deployments.create', { ...usEast3, internal: true });
        expect(error.code).toBe('conflict');
        expect(error.fields?.[0]?.field).toBe('internal');
        expect(error.message).toContain('internal-us is already the internal deployment');
      });
    });

    it('refuses making a second deployment internal by update', async () => {
      await ok('deployments.create', internalUs);
      await ok('deployments.create', usEast3);
      await expectNothingChanged(async () => {
        const error = await fails('deployments.update', { key: 'us-east-3', changes: { internal: true } });
        expect([error.code, error.fields?.[0]?.field]).toEqual(['conflict', 'internal']);
      });
    });

    it('refuses reactivating a former internal deployment while another holds the role', async () => {
      await ok('deployments.create', internalUs);
      await ok('deployments.retire', { key: 'internal-us' });
      await ok('deployments.create', { ...usEast3, internal: true });
      await expectNothingChanged(async () => {
        expect((await fails('deployments.reactivate', { key: 'internal-us' })).code).toBe('conflict');
      });
    });

    it('refuses retiring the internal deployment while others are active', async () => {
      await ok('deployments.create', internalUs);
      await ok('deployments.create', usEast3);
      await expectNothingChanged(async () => {
        const error = await fails('deployments.retire', { key: 'internal-us' });
        expect(error.code).toBe('rule_violation');
        expect(error.message).toContain('make another deployment internal before retiring it');
      });
    });

    it('refuses pinning the internal deployment late by update, on the pin policy field', async () => {
      await ok('deployments.create', internalUs);
      await expectNothingChanged(async () => {
        const error = await fails('deployments.update', { key: 'internal-us', changes: { pinPolicy: 'late' } });
        expect([error.code, error.fields?.[0]?.field]).toEqual(['rule_violation', 'pinPolicy']);
      });
    });

    it('refuses retiring a retired deployment and reactivating an active one', async () => {
      await ok('deployments.create', usEast3);
      await expectNothingChanged(async () => {
        expect((await fails('deployments.reactivate', { key: 'us-east-3' })).code).toBe('rule_violation');
      });
      await ok('deployments.retire', { key: 'us-east-3' });
      await expectNothingChanged(async () => {
        expect((await fails('deployments.retire', { key: 'us-east-3' })).code).toBe('rule_violation');
      });
    });

    it.each([
      ['deployments.get', { key: 'nope-1' }],
      ['deployments.update', { key: 'nope-1', changes: { weight: 1 } }],
      ['deployments.retire', { key: 'nope-1' }],
      ['deployments.reactivate', { key: 'nope-1' }],
    ])('answers not_found for %s of an unknown key', async (method, input) => {
      await ok('deployments.create', usEast3);
      await expectNothingChanged(async () => {
        const error = await fails(method, input);
        expect(error.code).toBe('not_found');
        expect(error.message).toContain('nope-1');
      });
    });
  });

  describe('malformed input is refused before any handler runs', () => {
    it.each([
      ['a wrong type', 'deployments.create', { ...usEast3, weight: 'heavy' }, ['weight']],
      ['an unknown field', 'deployments.create', { ...usEast3, colour: 'blue' }, ['(input)']],
      ['a bad nested field', 'deployments.update', { key: 'us-east-3', changes: { weight: -5 } }, ['changes.weight']],
      ['a key change', 'deployments.update', { key: 'us-east-3', changes: { key: 'x' } }, ['changes']],
      ['a string instead of an object', 'deployments.create', 'us-east-3', ['(input)']],
      ['null', 'deployments.list', null, ['(input)']],
      ['an array', 'deployments.retire', ['us-east-3'], ['(input)']],
      ['nothing at all', 'deployments.get', undefined, ['(input)']],
      ['a bad sort field', 'deployments.list', { sort: 'createdAt' }, ['sort']],
      ['a non-boolean bom', 'deployments.exportCsv', { bom: 'yes' }, ['bom']],
      ['a number as CSV', 'deployments.importCsv', { csv: 42 }, ['csv']],
      ['input for a method without input', 'fleet.loadDemo', { force: true }, ['(input)']],
    ])('answers invalid_input with field paths for %s, changing nothing', async (_why, method, input, fields) => {
      await ok('deployments.create', usEast3);
      await expectNothingChanged(async () => {
        const error = await fails(method, input);
        expect(error.code).toBe('invalid_input');
        expect(error.fields?.map((f) => f.field)).toEqual(fields);
        expect(error.message).toContain(`Invalid input for ${method}`);
      });
    });

    it.each(['deployments.drop', 'DEPLOYMENTS.LIST', '__proto__', 'constructor', 42, null, undefined])(
      'answers unknown_method for %j',
      async (method) => {
        await expectNothingChanged(async () => {
          expect((await fails(method, {})).code).toBe('unknown_method');
        });
      },
    );
  });

  describe('unexpected failures', () => {
    it('answers internal without raw exception text when a table is missing, and logs the error', async () => {
      await ok('deployments.create', usEast3);
      backend().db.exec('DROP TABLE deployments');
      const error = await fails('deployments.list', {});
      expect(error).toEqual({
        code: 'internal',
        message: 'deployments.list failed unexpectedly; nothing was changed. Details are in the log.',
      });
      expect(JSON.stringify(error)).not.toMatch(/no such table|SqliteError|\n\s+at /);
      expect(backend().logged).toHaveLength(1);
      expect(String(backend().logged[0]?.err)).toContain('no such table');
    });

    it('answers internal when the database handle is closed', async () => {
      backend().close();
      const error = await fails('deployments.create', usEast3);
      expect(error.code).toBe('internal');
      expect(error.message).not.toMatch(/connection|TypeError|\n\s+at /);
    });

    it('rolls the deployment back when its audit event cannot be written (same transaction)', async () => {
      backend().db.exec(
        "CREATE TRIGGER audit_refused BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'disk full'); END",
      );
      await expectNothingChanged(async () => {
        expect((await fails('deployments.create', usEast3)).code).toBe('internal');
      });
      expect(await fails('deployments.get', { key: 'us-east-3' })).toMatchObject({ code: 'not_found' });
    });

    it('writes no audit event when the deployment write fails', async () => {
      await ok('deployments.create', usEast3);
      backend().db.exec(
        "CREATE TRIGGER retire_refused BEFORE UPDATE ON deployments BEGIN SELECT RAISE(ABORT, 'locked'); END",
      );
      await expectNothingChanged(async () => {
        expect((await fails('deployments.retire', { key: 'us-east-3' })).code).toBe('internal');
      });
      expect(auditCount(backend().db)).toBe(1);
    });
  });

  describe('listing and the demo fleet', () => {
    it('reports app info with the schema version, the database and the actor', async () => {
      expect(await ok('app.info', {})).toEqual({
        version: '0.0.0-test',
        schemaVersion: LATEST_SCHEMA_VERSION,
        databasePath: backend().file,
        readOnly: false,
        transport: 'cli',
        actor: TEST_ACTOR,
      });
    });

    it('loads the demo fleet into an empty fleet: 40 deployments and a demo calendar, all audited', async () => {
      const report = await ok<{ trains: number }>('fleet.loadDemo', {});
      expect(report).toMatchObject({ created: 40, updated: 0, unchanged: 0 });
      // 31 weeks back to six months ahead, one train every 14 days.
      expect(report.trains).toBeGreaterThanOrEqual(28);
      expect(report.trains).toBeLessThanOrEqual(30);
      const list = await ok<DeploymentList>('deployments.list', {});
      expect(list.deployments.map((d) => d.key)).toEqual(DEMO_FLEET.map((d) => d.key).sort());
      expect(list.summary).toMatchObject({ active: 40, retired: 0, internalKey: 'internal-us', pinnedLate: 4 });
      const actions = listAudit(backend().db).map((e) => e.action);
      expect(actions[0]).toBe('fleet.load_demo');
      expect(actions.filter((a) => a === 'train.plan')).toHaveLength(report.trains);
      expect(actions).toContain('freeze.add');
      expect(actions).toContain('holiday.add');
      // Its history: a skipped and a cancelled train, and the rollouts recorded.
      expect(actions.filter((a) => a === 'train.skip')).toHaveLength(1);
      expect(actions.filter((a) => a === 'train.cancel')).toHaveLength(1);
      expect(actions).toContain('demo.rollout');
    });

    it('refuses the demo fleet on a non-empty fleet and changes nothing', async () => {
      await ok('deployments.create', usEast3);
      await expectNothingChanged(async () => {
        const error = await fails('fleet.loadDemo', {});
        expect(error.code).toBe('rule_violation');
        expect(error.message).toContain('empty fleet');
      });
    });

    it('refuses the demo fleet even when the only deployment is retired', async () => {
      await ok('deployments.create', usEast3);
      await ok('deployments.retire', { key: 'us-east-3' });
      expect((await fails('fleet.loadDemo')).code).toBe('rule_violation');
    });

    it('filters the list but summarizes the whole fleet', async () => {
      await ok('fleet.loadDemo');
      await ok('deployments.retire', { key: 'us-east-3' });
      const list = await ok<DeploymentList>('deployments.list', {
        region: 'us-east',
        status: 'active',
        sort: 'weight',
        direction: 'desc',
      });
      expect(list.deployments.map((d) => d.key)).toEqual([
        'us-east-1',
        'us-east-2',
        'us-east-6',
        'us-gov-1',
        'us-east-4',
        'us-east-5',
        'internal-us',
      ]);
      expect(list.summary).toMatchObject({ active: 39, retired: 1 });
      expect(list.regions).toHaveLength(12);
    });
  });
});
