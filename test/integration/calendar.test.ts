import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE, type LifecycleTemplate } from '../../shared/cadence';
import { daysBetween, isoWeekday } from '../../shared/days';
import type { ApiError, ApiResponse } from '../../shared/errors';
import type { TrainView } from '../../shared/train';
import { type CliRun, cliOn } from '../helpers/cli';
import { dumpDatabase, dumpDatabaseFile } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';
import { startBackend, type Backend } from '../../electron/backend/backend';
import path from 'node:path';

const tempDir = useTempDirs('rc-calendar-');

// The CLI's clock (test/helpers/cli.ts) says 2026-03-02: every train below is in the future.
async function run(dir: string, ...argv: string[]): Promise<CliRun> {
  return cliOn(path.join(dir, 'rc.db'), argv, { cwd: dir });
}

async function trains(dir: string): Promise<TrainView[]> {
  const r = await run(dir, 'trains', 'list', '--json');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as TrainView[];
}

describe('the release-train calendar through the CLI', () => {
  it('plans 26 trains 14 days apart on the template, with no release day on a weekend, a holiday or in a freeze', async () => {
    const dir = tempDir();
    expect((await run(dir, 'holidays', 'add', '--date', '2027-02-17', '--name', 'Company day')).code).toBe(0);
    expect((await run(dir, 'holidays', 'add', '--date', '2027-05-31', '--name', 'Memorial Day')).code).toBe(0);
    expect(
      (await run(dir, 'freezes', 'add', '--name', 'Q1 close', '--start', '2027-03-08', '--end', '2027-03-09')).code,
    ).toBe(0);
    const plan = await run(dir, 'trains', 'plan', '--from', '2027-01-04', '--count', '26');
    expect(plan.code, plan.stderr.join('\n')).toBe(0);

    const list = await trains(dir);
    expect(list).toHaveLength(26);
    expect(list[0]!.version).toBe('2027.01');
    expect(list[25]!.version).toBe('2027.26');
    const holidays = new Set(['2027-02-17', '2027-05-31']);
    list.forEach((t, i) => {
      if (i > 0) expect(daysBetween(list[i - 1]!.start, t.start)).toBe(14);
      expect(t.phases.map((p) => [p.key, daysBetween(t.start, p.start), daysBetween(p.start, p.end) + 1])).toEqual(
        DEFAULT_TEMPLATE.phases.map((p) => [p.key, p.offsetDays, p.lengthDays]),
      );
      expect(t.conflicts).toEqual([]);
      expect(t.releaseDays).toHaveLength(4);
      for (const day of t.releaseDays) {
        expect(isoWeekday(day), `${t.version} releases on ${day}`).toBeLessThanOrEqual(5);
        expect(holidays.has(day), `${t.version} releases on holiday ${day}`).toBe(false);
        expect(day >= '2027-03-08' && day <= '2027-03-09', `${t.version} releases in the freeze on ${day}`).toBe(false);
      }
    });
    // The holiday and the freeze really moved release days, with the reason recorded.
    const moved = list.flatMap((t) => t.phases.flatMap((p) => p.releaseDays.filter((r) => r.movedBecause)));
    expect(moved.map((r) => [r.nominal, r.actual, r.movedBecause])).toEqual([
      ['2027-02-17', '2027-02-18', 'holiday: Company day'],
      ['2027-02-18', '2027-02-19', 'the previous release day moved'],
      ['2027-03-08', '2027-03-10', 'freeze: Q1 close'],
      ['2027-03-10', '2027-03-11', 'the previous release day moved'],
      ['2027-05-31', '2027-06-01', 'holiday: Memorial Day'],
    ]);
  });

  it('reports a train whose production phase no longer fits as a conflict, with the reason', async () => {
    const dir = tempDir();
    await run(dir, 'trains', 'plan', '--from', '2027-01-04', '--count', '2');
    expect(
      (await run(dir, 'freezes', 'add', '--name', 'Launch freeze', '--start', '2027-01-21', '--end', '2027-01-28'))
        .code,
    ).toBe(0);
    const [first] = await trains(dir);
    expect(first!.conflicts.length).toBeGreaterThan(0);
    expect(first!.conflicts[0]!.message).toContain('2027.01');
    expect(first!.conflicts[0]!.message).toContain('freeze: Launch freeze');
    expect((await run(dir, 'trains', 'list')).out).toContain('conflict: 2027.01');
  });

  it('moves a train and, when asked, the later ones with it; each move is audited', async () => {
    const dir = tempDir();
    await run(dir, 'trains', 'plan', '--from', '2027-01-04', '--count', '4');
    const moved = await run(dir, 'trains', 'move', '2027.02', '--start', '2027-01-25', '--shift-later');
    expect(moved.code, moved.stderr.join()).toBe(0);
    expect((await trains(dir)).map((t) => [t.version, t.start])).toEqual([
      ['2027.01', '2027-01-04'],
      ['2027.02', '2027-01-25'],
      ['2027.03', '2027-02-08'],
      ['2027.04', '2027-02-22'],
    ]);
    const show = await run(dir, 'trains', 'show', '2027.03');
    expect(show.out).toMatch(/Moved 2027\.03 7 days later with 2027\.02/);
    expect((await run(dir, 'trains', 'move', '2027.01', '--start', '2027-01-11')).code).toBe(0);
    expect((await trains(dir)).map((t) => t.start)).toEqual(['2027-01-11', '2027-01-25', '2027-02-08', '2027-02-22']);
  });

  it('refuses to move a train that has started, or into the past, and changes nothing', async () => {
    const dir = tempDir();
    await run(dir, 'trains', 'plan', '--from', '2026-02-16', '--count', '3');
    const before = dumpDatabaseFile(path.join(dir, 'rc.db'));
    // Slots count from the first one in the year, so the anchor's slot (16 Feb) is 2026.04.
    const started = await run(dir, 'trains', 'move', '2026.04', '--start', '2026-04-06');
    expect(started.code).toBe(1);
    expect(started.stderr).toEqual([expect.stringContaining('only trains that have not started can be moved')]);
    const past = await run(dir, 'trains', 'move', '2026.06', '--start', '2026-02-23');
    expect(past.code).toBe(1);
    expect(past.stderr[0]).toContain('after today');
    expect(dumpDatabaseFile(path.join(dir, 'rc.db'))).toEqual(before);
  });

  it('skips with a reason, reinstates, cancels, renames and keeps notes', async () => {
    const dir = tempDir();
    await run(dir, 'trains', 'plan', '--from', '2027-01-04', '--count', '3');
    const noReason = await run(dir, 'trains', 'skip', '2027.02');
    expect(noReason.code).toBe(1);
    expect(noReason.stderr[0]).toContain('--reason: A reason is required.');
    expect((await run(dir, 'trains', 'skip', '2027.02', '--reason', 'Company offsite')).code).toBe(0);
    let t = (await trains(dir))[1]!;
    expect([t.status, t.stateReason, t.releaseDays]).toEqual(['skipped', 'Company offsite', []]);
    expect((await run(dir, 'trains', 'reinstate', '2027.02')).code).toBe(0);
    expect((await run(dir, 'trains', 'cancel', '2027.03', '--reason', 'Merged into 2027.02')).code).toBe(0);
    const clash = await run(dir, 'trains', 'rename', '2027.01', '2027.02');
    expect(clash.code).toBe(1);
    expect(clash.stderr[0]).toContain('already used');
    expect((await run(dir, 'trains', 'rename', '2027.01', '2027.01-lts')).code).toBe(0);
    expect(await run(dir, 'trains', 'notes', '2027.01-lts', '--text', '## Highlights\n- SSO')).toMatchObject({
      code: 0,
    });
    const list = await trains(dir);
    expect(list.map((x) => [x.version, x.status])).toEqual([
      ['2027.01-lts', 'planned'],
      ['2027.02', 'planned'],
      ['2027.03', 'cancelled'],
    ]);
    t = list[0]!;
    expect(t.notes).toBe('## Highlights\n- SSO');
    const history = (await run(dir, 'trains', 'show', '2027.01-lts')).out;
    expect(history).toMatch(/Planned 2027\.01[\s\S]*Renamed 2027\.01 to 2027\.01-lts[\s\S]*Edited the release notes/);
  });

  it('refuses a freeze that ends before it starts, naming the flag, and writes nothing', async () => {
    const dir = tempDir();
    await run(dir, 'freezes', 'list');
    const before = dumpDatabaseFile(path.join(dir, 'rc.db'));
    const r = await run(dir, 'freezes', 'add', '--name', 'Oops', '--start', '2027-03-05', '--end', '2027-03-01');
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual(['release-calendar: --end: A freeze must end on or after the day it starts.']);
    expect(dumpDatabaseFile(path.join(dir, 'rc.db'))).toEqual(before);
  });

  it('settings: a zero cadence is refused; working days and the version pattern are saved', async () => {
    const dir = tempDir();
    const zero = await run(dir, 'settings', 'set', '--cadence-days', '0');
    expect(zero.code).toBe(1);
    expect(zero.stderr[0]).toContain('Cadence must be at least one day.');
    expect(
      (await run(dir, 'settings', 'set', '--working-days', 'mon,tue,wed,thu', '--version-pattern', 'R{yy}.{nn}')).code,
    ).toBe(0);
    const s = JSON.parse((await run(dir, 'settings', 'get', '--json')).out);
    expect(s.workingDays).toEqual([1, 2, 3, 4]);
    expect(s.cadence.versionPattern).toBe('R{yy}.{nn}');
    await run(dir, 'trains', 'plan', '--from', '2027-01-04', '--count', '1');
    const [t] = await trains(dir);
    expect(t!.version).toBe('R27.01');
    expect(t!.releaseDays.every((d) => isoWeekday(d) <= 4)).toBe(true);
  });
});

describe('calendar services through the dispatcher', () => {
  function open(dir: string, now = '2026-03-02T09:00:00.000Z'): Backend {
    return startBackend({
      dbPath: path.join(dir, 'rc.db'),
      transport: 'cli',
      version: 'test',
      actor: 'lead',
      now: () => new Date(now),
      timeZone: 'UTC',
    });
  }
  async function ok<R>(b: Backend, method: string, input: unknown): Promise<R> {
    const r = (await b.dispatch(method, input)) as ApiResponse<R>;
    if (!r.ok) throw new Error(r.error.message);
    return r.result;
  }
  async function fails(b: Backend, method: string, input: unknown): Promise<ApiError> {
    const r = await b.dispatch(method, input);
    if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
    return r.error;
  }

  it('a plan whose version clashes with a renamed train plans nothing at all', async () => {
    const b = open(tempDir());
    const [first] = await ok<TrainView[]>(b, 'trains.plan', { from: '2027-01-04', count: 2 });
    await ok(b, 'trains.rename', { id: first!.id, version: '2027.04' });
    const before = dumpDatabase(b.database.db);
    const error = await fails(b, 'trains.plan', { from: '2027-01-04', count: 4 });
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('Version 2027.04 is already used');
    expect(dumpDatabase(b.database.db)).toEqual(before);
    b.close();
  });

  it('refuses to plan before the cadence anchor, naming it', async () => {
    const b = open(tempDir());
    await ok(b, 'trains.plan', { from: '2027-01-04', count: 2 });
    const error = await fails(b, 'trains.plan', { from: '2026-11-02', count: 2 });
    expect(error.code).toBe('rule_violation');
    expect(error.message).toContain('cadence anchor (Mon 4 Jan 2027)');
    expect(await ok<TrainView[]>(b, 'trains.list', {})).toHaveLength(2);
    b.close();
  });

  it('a new template re-lays trains that have not started, and leaves started ones alone', async () => {
    const b = open(tempDir());
    const planned = await ok<TrainView[]>(b, 'trains.plan', { from: '2026-02-23', count: 3 });
    const started = planned[0]!;
    const template: LifecycleTemplate = {
      phases: DEFAULT_TEMPLATE.phases.map((p) => (p.key === 'monitoring' ? { ...p, lengthDays: 5 } : p)),
    };
    await ok(b, 'settings.update', { template });
    const after = await ok<TrainView[]>(b, 'trains.list', {});
    expect(after[0]!.end).toBe(started.end);
    expect(daysBetween(after[1]!.start, after[1]!.end) + 1).toBe(30);
    expect(daysBetween(after[2]!.start, after[2]!.end) + 1).toBe(30);
    b.close();
  });

  it('calendar.range returns the trains, holidays and freezes of the range, and today', async () => {
    const b = open(tempDir(), '2027-01-27T12:00:00.000Z');
    await ok(b, 'trains.plan', { from: '2027-01-04', count: 6 });
    await ok(b, 'holidays.add', { date: '2027-02-15', name: "Presidents' Day" });
    await ok(b, 'freezes.add', { name: 'Board meeting', start: '2027-02-24', end: '2027-02-25' });
    const range = await ok<{ today: string; trains: TrainView[]; holidays: unknown[]; freezes: unknown[] }>(
      b,
      'calendar.range',
      {
        from: '2027-01-25',
        to: '2027-02-28',
      },
    );
    expect(range.today).toBe('2027-01-27');
    expect(range.trains.map((t) => [t.version, t.status])).toEqual([
      ['2027.01', 'rolling_out'],
      ['2027.02', 'developing'],
      ['2027.03', 'planned'],
      ['2027.04', 'planned'],
    ]);
    expect(range.holidays).toEqual([{ date: '2027-02-15', name: "Presidents' Day" }]);
    expect(range.freezes).toMatchObject([{ name: 'Board meeting' }]);
    expect((await fails(b, 'calendar.range', { from: '2027-02-28', to: '2027-02-01' })).code).toBe('invalid_input');
    b.close();
  });
});
