import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type Backend, startBackend } from '../../electron/backend/backend';
import { contract } from '../../shared/contract';
import { METHOD_NAMES } from '../../shared/method-names';
import { useTempDirs } from '../helpers/temp-dir';

// Each method declares what it does to the database (shared/contract.ts), and the dispatcher
// runs it accordingly: reads on a read-only connection in a read transaction, writes in one
// immediate transaction. Tested here on a real file, with another connection in the way.

const tempDir = useTempDirs('rc-dispatcher-');
const open: Backend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

function backend(): Backend {
  const b = startBackend({ dbPath: path.join(tempDir(), 'app.db'), transport: 'cli', version: 't', actor: 'tester' });
  open.push(b);
  return b;
}

describe('the dispatcher runs each method as its kind declares', () => {
  it('declares a kind for every method', () => {
    for (const m of METHOD_NAMES) expect(['read', 'write', 'record'], m).toContain(contract[m].kind);
    expect(contract['deployments.list'].kind).toBe('read');
    expect(contract['steps.transition'].kind).toBe('write');
    expect(contract['notifications.take'].kind).toBe('record');
  });

  it('answers a read while another program holds the write lock, and refuses writes on the read connection', async () => {
    const b = backend();
    expect((await b.dispatch('fleet.loadDemo', {})).ok).toBe(true);
    const other = new Database(b.database.path);
    other.pragma('busy_timeout = 0');
    other.prepare('BEGIN IMMEDIATE').run();
    try {
      const list = await b.dispatch('deployments.list', {});
      expect(list.ok && (list.result as { deployments: unknown[] }).deployments).toHaveLength(40);
      expect((await b.dispatch('rollouts.overview', {})).ok).toBe(true);
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
    }
    expect(b.reader.readonly).toBe(true);
    expect(() => b.reader.prepare('DELETE FROM holidays').run()).toThrow(/readonly/);
  });

  it('reads see every committed write at once', async () => {
    const b = backend();
    await b.dispatch('fleet.loadDemo', {});
    await b.dispatch('holidays.add', { date: '2031-05-05', name: 'Test day' });
    const holidays = await b.dispatch('holidays.list', {});
    expect(holidays.ok && (holidays.result as { date: string }[]).map((h) => h.date)).toContain('2031-05-05');
  });
});
