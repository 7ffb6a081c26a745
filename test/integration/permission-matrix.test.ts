import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, type MethodName } from '../../shared/method-names';
import { METHOD_ROLES, ROLES, type Role, mayCall } from '../../shared/method-roles';
import { type TestBackend, dumpDatabase, openTestBackend } from '../helpers/db';
import { VALID } from '../helpers/valid-inputs';

// Every method × every role, through the real dispatcher on the demo, from the contract's own
// list: a method beyond the caller's role is refused as forbidden and changes nothing; one within
// it is never refused for the role (it may be refused for what it asks, as anyone's would be).

/** Writes files outside the test's folder (a publish folder), or replaces the file: called by role alone. */
const SIDE_EFFECTS: readonly MethodName[] = ['publish.update', 'database.restore', 'database.backup'];

describe('permission matrix', () => {
  let backend: TestBackend;
  let folder: string;
  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-roles-'));
    backend = openTestBackend(folder);
    expect((await backend.dispatch('fleet.loadDemo', {})).ok).toBe(true);
  });
  afterAll(() => {
    backend.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const cases = METHOD_NAMES.flatMap((method) => ROLES.map((role) => [method, role] as [MethodName, Role]));

  it.each(cases)('%s as %s', async (method, role) => {
    const user = { name: `${role}-person`, role };
    const allowed = mayCall(role, method);
    if (!allowed || !SIDE_EFFECTS.includes(method)) {
      const before = JSON.stringify(dumpDatabase(backend.db));
      const answer = await backend.dispatch(method, VALID[method], { user });
      if (allowed) {
        if (!answer.ok) expect(answer.error.code, `${method}: ${answer.error.message}`).not.toBe('forbidden');
      } else {
        expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        if (!answer.ok) expect(answer.error.message).toContain(METHOD_ROLES[method].replace('-', ' '));
        expect(JSON.stringify(dumpDatabase(backend.db))).toBe(before);
      }
    }
  });

  it('shows where the file is to the owner and an admin only', async () => {
    const info = async (role?: Role) => {
      const answer = await backend.dispatch('app.info', {}, role ? { user: { name: 'x', role } } : {});
      if (!answer.ok) throw new Error(answer.error.message);
      return (answer.result as { databasePath: string }).databasePath;
    };
    expect(await info()).toBe(backend.file);
    expect(await info('admin')).toBe(backend.file);
    for (const role of ['viewer', 'lead', 'release-manager'] as const)
      expect(await info(role)).toBe('kept by the team server');
  });

  it('records the signed-in person as the actor of a change', async () => {
    const trains = await backend.dispatch('trains.list', {}, { user: { name: 'dana', role: 'viewer' } });
    if (!trains.ok) throw new Error(trains.error.message);
    const train = (trains.result as { id: number; version: string }[])[0]!;
    const changed: string[] = [];
    const answer = await backend.dispatch(
      'trains.setNotes',
      { id: train.id, notes: 'Reviewed by Sam.' },
      { user: { name: 'sam', role: 'release-manager' }, onChanged: (m) => changed.push(m) },
    );
    expect(answer.ok).toBe(true);
    expect(changed).toEqual(['trains.setNotes']);
    const audit = await backend.dispatch('audit.list', { limit: 1 });
    if (!audit.ok) throw new Error(audit.error.message);
    expect(audit.result).toMatchObject([{ actor: 'sam', action: 'train.notes' }]);
  });
});
