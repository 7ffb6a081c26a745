import { describe, expect, it } from 'vitest';
import type { CsvExport, DeploymentList, ImportReport } from '../../shared/contract';
import type { Deployment } from '../../shared/deployment';
import type { ApiError } from '../../shared/errors';
import { listAudit } from '../../electron/backend/repositories/audit';
import { auditCount, dumpDatabase, useTestBackend } from '../helpers/db';
import { csvOf } from '../helpers/deployments';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const { backend, ok } = useTestBackend(tempDir);

async function fails(method: string, input?: unknown): Promise<ApiError> {
  const answer = await backend().dispatch(method, input);
  if (answer.ok) throw new Error(`${method} should have failed`);
  return answer.error;
}

const importCsv = (csv: string): Promise<ImportReport> => ok<ImportReport>('deployments.importCsv', { csv });
const deployment = (key: string): Promise<Deployment> => ok<Deployment>('deployments.get', { key });

const HEADER = ['key', 'name', 'region', 'time_zone', 'weight', 'internal', 'status'];

/** Two deployments already in the fleet before each import. */
async function seedFleet(): Promise<void> {
  await ok('deployments.create', {
    key: 'us-east-1',
    name: 'US East 1',
    region: 'us-east',
    timeZone: 'America/New_York',
    weight: 100,
  });
  await ok('deployments.create', {
    key: 'eu-west-1',
    name: 'EU West 1',
    region: 'eu-west',
    timeZone: 'Europe/Dublin',
    weight: 200,
  });
}

/** Six rows on lines 2–7: us-east-1 as it is, eu-west-1 with a new weight, four new deployments. */
function fleetFile(apSouthZone: string): string {
  return csvOf(HEADER, [
    ['us-east-1', 'US East 1', 'us-east', 'America/New_York', '100', 'false', 'active'],
    ['eu-west-1', 'EU West 1', 'eu-west', 'Europe/Dublin', '250', 'false', 'active'],
    ['ap-south-1', 'AP South 1', 'ap-south', apSouthZone, '50', 'false', 'active'],
    ['sa-east-1', 'SA East 1', 'sa-east', 'America/Sao_Paulo', '40', 'false', 'active'],
    ['me-central-1', 'ME Central 1', 'me-central', 'Asia/Dubai', '30', 'false', 'active'],
    ['nz-1', 'NZ 1', 'ap-southeast', 'Pacific/Auckland', '20', 'false', 'retired'],
  ]);
}

describe('fleet CSV import, all or nothing', () => {
  it('refuses a file with one bad row among good ones, naming line 4 and column time_zone, and imports nothing', async () => {
    await seedFleet();
    const before = dumpDatabase(backend().db);
    const error = await fails('deployments.importCsv', { csv: fleetFile('Asia/Mumbai') });
    expect(error.code).toBe('invalid_input');
    expect(error.fields).toEqual([{ line: 4, field: 'time_zone', message: expect.stringContaining('Asia/Mumbai') }]);
    expect(error.message).toMatch(/^Nothing was imported: line 4, column time_zone:/);
    expect(dumpDatabase(backend().db)).toEqual(before);
  });

  it('imports the corrected file: new rows created, changed rows updated, the rest unchanged', async () => {
    await seedFleet();
    const auditBefore = auditCount(backend().db);
    expect(await importCsv(fleetFile('Asia/Kolkata'))).toEqual({ created: 4, updated: 1, unchanged: 1 });
    expect(auditCount(backend().db)).toBe(auditBefore + 5);
    expect((await deployment('eu-west-1')).weight).toBe(250);
    expect(await deployment('ap-south-1')).toMatchObject({ timeZone: 'Asia/Kolkata', status: 'active' });
    const nz = await deployment('nz-1');
    expect(nz.status).toBe('retired');
    expect(nz.retiredAt).toBe(nz.createdAt);
    expect(listAudit(backend().db, 'deployment', 'eu-west-1').at(-1)).toMatchObject({
      action: 'deployment.import',
      summary: 'Imported eu-west-1 (updated)',
    });
  });

  it('re-imports the same file as all unchanged, writing nothing at all', async () => {
    await seedFleet();
    await importCsv(fleetFile('Asia/Kolkata'));
    const before = dumpDatabase(backend().db);
    expect(await importCsv(fleetFile('Asia/Kolkata'))).toEqual({ created: 0, updated: 0, unchanged: 6 });
    expect(dumpDatabase(backend().db)).toEqual(before);
  });

  it('imports its own export back as unchanged, with and without a byte-order mark', async () => {
    await ok('fleet.loadDemo');
    await ok('deployments.retire', { key: 'us-east-3' });
    await ok('deployments.update', { key: 'eu-west-1', changes: { name: '=cmd|" /C calc"!A0', pairingGroup: null } });
    const before = dumpDatabase(backend().db);
    for (const bom of [false, true]) {
      const exported = await ok<CsvExport>('deployments.exportCsv', { bom });
      expect(exported.rows).toBe(40);
      expect(await importCsv(exported.csv)).toEqual({ created: 0, updated: 0, unchanged: 40 });
    }
    expect(dumpDatabase(backend().db)).toEqual(before);
  });

  it('exports only the asked status, under a dated file name from the injected clock', async () => {
    await ok('fleet.loadDemo');
    await ok('deployments.retire', { key: 'us-east-3' });
    const retired = await ok<CsvExport>('deployments.exportCsv', { status: 'retired' });
    expect(retired.rows).toBe(1);
    expect(retired.csv.split('\r\n')[1]).toMatch(/^us-east-3,/);
    expect(retired.filename).toMatch(/^fleet-2026-03-02\.csv$/);
    expect((await ok<CsvExport>('deployments.exportCsv', { status: 'active' })).rows).toBe(39);
  });

  it('refuses an import that would make a second internal deployment, changing nothing', async () => {
    await ok('fleet.loadDemo');
    const before = dumpDatabase(backend().db);
    const csv = csvOf(HEADER, [
      ['lab-1', 'Lab 1', 'us-east', 'UTC', '1', 'false', 'active'],
      ['lab-2', 'Lab 2', 'us-east', 'UTC', '1', 'true', 'active'],
    ]);
    const error = await fails('deployments.importCsv', { csv });
    expect(error.code).toBe('invalid_input');
    expect(error.fields).toEqual([
      { line: 3, field: 'internal', message: expect.stringContaining('internal-us and lab-2') },
    ]);
    expect(dumpDatabase(backend().db)).toEqual(before);
  });

  it('accepts moving the internal role within one import', async () => {
    await ok('fleet.loadDemo');
    const csv = csvOf(HEADER, [
      ['internal-us', 'Internal (our own deployment)', 'us-east', 'America/New_York', '350', 'false', 'active'],
      ['lab-1', 'Lab 1', 'us-east', 'UTC', '1', 'true', 'active'],
    ]);
    expect(await importCsv(csv)).toEqual({ created: 1, updated: 1, unchanged: 0 });
    const list = await ok<DeploymentList>('deployments.list', {});
    expect(list.summary.internalKey).toBe('lab-1');
  });

  it('rolls back rows already written when a later row fails in the database', async () => {
    await seedFleet();
    backend().db.exec(
      "CREATE TRIGGER refuse_me BEFORE INSERT ON deployments WHEN NEW.key = 'me-central-1' BEGIN SELECT RAISE(ABORT, 'refused'); END",
    );
    const before = dumpDatabase(backend().db);
    expect((await fails('deployments.importCsv', { csv: fleetFile('Asia/Kolkata') })).code).toBe('internal');
    expect(dumpDatabase(backend().db)).toEqual(before);
  });

  it(
    // Regression test for a bug found in review (services/fleet.ts, importFleetCsv).
    'refuses an import that retires the internal deployment while others stay active',
    async () => {
      await ok('fleet.loadDemo');
      const before = dumpDatabase(backend().db);
      const csv = csvOf(HEADER, [
        ['internal-us', 'Internal (our own deployment)', 'us-east', 'America/New_York', '350', 'true', 'retired'],
      ]);
      expect((await fails('deployments.importCsv', { csv })).code).toBe('invalid_input');
      expect(dumpDatabase(backend().db)).toEqual(before);
    },
  );
});

describe('fleet CSV import of malformed files', () => {
  const latin1Name = new TextDecoder().decode(
    Buffer.concat([Buffer.from('key,name,region,time_zone\nlab-1,Caf'), Buffer.from([0xe9]), Buffer.from(',r,UTC\n')]),
  );

  it.each([
    ['a column named twice', 'key,name,region,time_zone,region\nlab-1,Lab 1,r,UTC,r\n', 'line 1, column region'],
    ['bytes that are not UTF-8', latin1Name, 'the file is not valid UTF-8 (first at line 2, column name)'],
    ['a NUL in a name', 'key,name,region,time_zone\nlab-1,Lab\u00001,r,UTC\n', 'line 2, column name'],
    [
      'an escape sequence in a name',
      'key,name,region,time_zone\nlab-1,\u001b]0;pwned\u0007,r,UTC\n',
      'line 2, column name',
    ],
    ['a row with a stray comma', 'key,name,region,time_zone\nlab-1,Lab 1,r,UTC\nlab-2,Lab, 2,r,UTC\n', 'line 3:'],
  ])('refuses a file with %s, saying where, and changes nothing', async (_, csv, where) => {
    await seedFleet();
    const before = dumpDatabase(backend().db);
    const error = await fails('deployments.importCsv', { csv });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(where);
    expect(dumpDatabase(backend().db)).toEqual(before);
  });

  it('imports a file whose lines end in CRLF and LF mixed', async () => {
    await seedFleet();
    const csv = 'key,name,region,time_zone\r\nlab-1,Lab 1,r,UTC\nlab-2,Lab 2,r,UTC\r\nlab-3,Lab 3,r,UTC\n';
    expect(await importCsv(csv)).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect((await deployment('lab-3')).name).toBe('Lab 3');
  });
});
