import { describe, expect, it } from 'vitest';
import type { TrainView } from '../../shared/train';
import type { ApiError } from '../../shared/errors';
import { dumpDatabase, useTestBackend } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';

// Every day of an input is within the supported range (1 Jan 1970 to 31 Dec 2199), trains start
// within it however often one plans or moves, and no valid simulation is larger than about a
// second of work. Refusals name the field, say what to do, and change nothing.

const tempDir = useTempDirs('rc-bounds-');
const { backend, ok } = useTestBackend(tempDir);

async function refused(method: string, input: unknown): Promise<ApiError> {
  const before = dumpDatabase(backend().db);
  const answer = await backend().dispatch(method, input);
  if (answer.ok) throw new Error(`${method} should have been refused`);
  expect(dumpDatabase(backend().db)).toEqual(before);
  return answer.error;
}

describe('days outside the supported range', () => {
  it('trains.plan from 9999-12-31 is refused on its field, not answered with an internal error', async () => {
    const error = await refused('trains.plan', { from: '9999-12-31', count: 2 });
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect(error.fields).toEqual([
      {
        field: 'from',
        message:
          'From 9999-12-31 is outside the days the calendar supports (1 Jan 1970 to 31 Dec 2199); choose a day in that range.',
      },
    ]);
  });

  it.each([
    ['trains.move', { id: 1, start: '2200-01-01' }, 'start'],
    ['holidays.add', { date: '1969-12-31', name: 'Before the epoch' }, 'date'],
    ['freezes.add', { name: 'Far', start: '2199-12-01', end: '2300-01-01' }, 'end'],
    ['calendar.range', { from: '2026-01-01', to: '9999-12-31' }, 'to'],
    ['deployments.block', { key: 'a', from: '0000-01-01', to: '0000-01-02', reason: 'x' }, 'from'],
    ['export.render', { selection: { kind: 'range', from: '2026-01-01', to: '2200-01-01' }, format: 'ics' }, 'to'],
  ])('%s refuses a day outside the range on its field', async (method, input, field) => {
    const error = await refused(method, input);
    expect(error.code).toBe('invalid_input');
    expect(error.fields?.map((f) => f.field.split('.').at(-1))).toContain(field);
    expect(error.fields?.find((f) => f.field.endsWith(field))?.message).toContain(
      'outside the days the calendar supports',
    );
  });

  it('plans up to the last supported day, never past it, and then says no slot is left', async () => {
    await ok('settings.update', { cadence: { lengthDays: 91, anchorDate: null, versionPattern: '{n}' } });
    const planned = await ok<TrainView[]>('trains.plan', { from: '2199-06-01', count: 260 });
    expect(planned.map((t) => t.start)).toEqual(['2199-06-01', '2199-08-31', '2199-11-30']);
    const error = await refused('trains.plan', { from: '2199-12-31', count: 260 });
    expect(error).toMatchObject({ code: 'rule_violation' });
    expect(error.message).toContain('the last day the calendar supports');
  });

  it('refuses a move that would shift later trains past the last supported day', async () => {
    await ok('settings.update', { cadence: { lengthDays: 14, anchorDate: null, versionPattern: '{n}' } });
    const [first, , third] = await ok<TrainView[]>('trains.plan', { from: '2199-11-04', count: 4 });
    expect(third!.start).toBe('2199-12-02');
    const error = await refused('trains.move', { id: first!.id, start: '2199-12-20', shiftLater: true });
    expect(error).toMatchObject({ code: 'rule_violation' });
    expect(error.message).toContain('would make 2 start after 31 Dec 2199');
    await ok('trains.move', { id: first!.id, start: '2199-12-20', shiftLater: false });
  });
});

describe('the size of a simulation', () => {
  it('accepts 400 deployments over 200 trains, and refuses one deployment more', async () => {
    const error = await refused('simulate.run', { deployments: 401, trains: 200, seed: 1 });
    expect(error.code).toBe('invalid_input');
    expect(error.fields).toEqual([
      {
        field: 'trains',
        message:
          'A simulation covers at most 80,000 deployments × trains (e.g. 400 deployments over 200 trains), not 401 × 200; simulate fewer trains or deployments.',
      },
    ]);
    expect((await backend().dispatch('simulate.run', { deployments: 400, trains: 200, seed: 1 })).ok).toBe(true);
  });

  it('refuses the schema maximum that ran for over a minute, and more than 520 trains', async () => {
    expect((await refused('simulate.run', { deployments: 20_000, trains: 520, seed: 1 })).code).toBe('invalid_input');
    const error = await refused('simulate.run', { deployments: 2, trains: 521, seed: 1 });
    expect(error.fields?.[0]?.message).toBe('Simulate at most 520 trains (twenty years of a two-week cadence).');
  });

  it('counts the real fleet when it simulates it', async () => {
    const rows = ['key,name,region,time_zone,internal', 'corp,Corporate,us-east,UTC,true'];
    for (let i = 1; i < 200; i++) rows.push(`c-${i},Customer ${i},eu-west,UTC,false`);
    await ok('deployments.importCsv', { csv: rows.join('\n') });
    const error = await refused('simulate.run', { deployments: 2, trains: 401, seed: 1, useFleet: true });
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect(error.message).toContain('not 200 × 401');
  });
});
