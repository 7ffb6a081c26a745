import { describe, expect, expectTypeOf, it } from 'vitest';
import type { TrainTracking } from '../../shared/contract';
import { type Day, dayInZone } from '../../shared/days';
import type { GateState } from '../../shared/gates';
import {
  NOTIFICATION_KINDS,
  NOTIFICATION_KIND_LABELS,
  type NotifiableTrain,
  type NotificationClock,
  type NotificationKind,
  type NotificationKindsEnabled,
  type ReleaseNotification,
  notificationsToShow,
  todaysNotifications,
} from '../../shared/notifications';
import type { StepState } from '../../shared/rollout-steps';
import { startOfDayInZone } from '../../shared/timezones';

// Hand-made trains in June 2026 (Mon 1 Jun is wave 0, Tue 2 Jun wave 1, Wed 3 Jun
// wave 2), and a clock that converts with a real IANA zone, as the app does.

type Train = NotifiableTrain;
type Step = Train['waves'][number]['steps'][number];
type Gate = Train['gates'][number];

/** An instant on a day, in UTC: `at('2026-06-02', 11)` is 11:00 UTC. */
function at(day: Day, hours: number, minutes = 0): string {
  return `${day}T${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:00.000Z`;
}

const step = (key: string, state: StepState, finishedAt: string | null = null): Step => ({ key, state, finishedAt });

function gate(key: string, name: string, state: GateState, updatedAt = at('2026-05-29', 10)): Gate {
  return { key, name, kind: 'check', required: true, state, reason: null, updatedAt, bakeHours: null };
}

function internalBake(state: GateState, bakeHours = 24): Gate {
  return {
    ...gate('internal-bake', 'Internal deployment released and baked', state),
    kind: 'internal_bake',
    bakeHours,
  };
}

/**
 * 2026.23 on track on Wed 3 Jun: every gate passed, the internal deployment released
 * Monday, wave 1 released Tuesday, wave 2 (three deployments) pending and due Wednesday.
 */
function train(changes: Partial<Train> = {}): Train {
  return {
    trainId: 7,
    version: '2026.23',
    halt: null,
    gates: [
      gate('unit-tests', 'Unit tests', 'passed'),
      gate('acceptance', 'Acceptance suite', 'passed'),
      internalBake('passed'),
    ],
    waves: [
      { index: 0, date: '2026-06-01', steps: [step('corp', 'released', at('2026-06-01', 11))] },
      {
        index: 1,
        date: '2026-06-02',
        steps: [step('eu-1', 'released', at('2026-06-02', 11)), step('eu-2', 'released', at('2026-06-02', 12))],
      },
      {
        index: 2,
        date: '2026-06-03',
        steps: [step('us-1', 'pending'), step('us-2', 'pending'), step('ap-1', 'pending')],
      },
    ],
    bakeDays: 1,
    ...changes,
  };
}

/** The train with wave `index` given these steps (and optionally another date). */
function withWave(t: Train, index: number, steps: Step[], date?: Day): Train {
  return {
    ...t,
    waves: t.waves.map((w) => (w.index === index ? { ...w, steps, ...(date ? { date } : {}) } : w)),
  };
}

function withGate(t: Train, key: string, changes: Partial<Gate>): Train {
  return { ...t, gates: t.gates.map((g) => (g.key === key ? { ...g, ...changes } : g)) };
}

/** Only the internal deployment released (Mon 1 Jun 15:00 UTC); its 24-hour bake gate pending; waves 1 and 2 pending. */
function internalBaking(): Train {
  let t = withGate(train(), 'internal-bake', { state: 'pending' });
  t = withWave(t, 0, [step('corp', 'released', at('2026-06-01', 15))]);
  t = withWave(t, 1, [step('eu-1', 'pending'), step('eu-2', 'pending')]);
  return t;
}

/** Wave 1 released a day late (Wed 3 Jun, the day wave 2 was due): wave 2 bakes until Thu 4 Jun. */
function lateWave1(): Train {
  return withWave(train(), 1, [
    step('eu-1', 'released', at('2026-06-03', 10)),
    step('eu-2', 'skipped', at('2026-06-03', 10)),
  ]);
}

const HALT = {
  id: 3,
  reason: 'Checkout times out for EU cards',
  reference: 'INC-981',
  severity: 'high' as const,
  haltedAt: at('2026-06-03', 13),
  deployments: ['corp', 'eu-1', 'eu-2'],
};

/** The clock of a user in `zone`, converting with the zone's real rules. */
function clock(now: string, zone = 'UTC'): NotificationClock {
  const dayOf = (instant: string) => dayInZone(new Date(instant), zone);
  return {
    now,
    today: dayOf(now),
    dayOf,
    startOf: (day) => startOfDayInZone(day, zone).toISOString(),
  };
}

const keys = (ns: readonly ReleaseNotification[]) => ns.map((n) => n.key);
const keysAt = (trains: Train[], now: string, zone?: string) => keys(todaysNotifications(trains, clock(now, zone)));

const ALL_ON: NotificationKindsEnabled = { wave_due: true, bake_ended: true, train_halted: true, gate_failed: true };

describe('notification kinds', () => {
  it('lists the four kinds in order, each with its Settings label', () => {
    expect(NOTIFICATION_KINDS).toEqual(['wave_due', 'bake_ended', 'train_halted', 'gate_failed']);
    expect(NOTIFICATION_KINDS.map((k) => NOTIFICATION_KIND_LABELS[k])).toEqual([
      'A wave is due today',
      'A bake has ended',
      'A train is halted',
      'A gate has failed',
    ]);
  });

  it('a tracked train with its bake days is notifiable as it is', () => {
    expectTypeOf<TrainTracking & { bakeDays: number }>().toExtend<NotifiableTrain>();
  });
});

describe('each kind fires once its moment has come, with a stable key', () => {
  const cases: {
    name: string;
    trains: Train[];
    now: string;
    expected: Omit<ReleaseNotification, 'trainId' | 'version'>;
  }[] = [
    {
      name: 'a customer wave due today',
      trains: [train()],
      now: at('2026-06-03', 8),
      expected: {
        key: 'wave_due:7:2:2026-06-03',
        kind: 'wave_due',
        at: '2026-06-03T00:00:00.000Z',
        title: 'Wave 2 of 2026.23 is due today',
        body: 'Start 3 deployments (us-1, us-2 and ap-1) today.',
      },
    },
    {
      name: 'a wave of a patch due today, waiting on its bake',
      trains: [
        train({
          waves: [],
          patches: [
            {
              id: 4,
              version: '2026.23.1',
              reference: 'INC-9',
              waves: [
                {
                  index: 1,
                  date: '2026-06-03',
                  steps: [step('us-1', 'pending'), step('eu-1', 'released')],
                  next: { refusal: 'The patch 2026.23.1 is baking on corp until Wed 3 Jun 2026 12:00 UTC.' },
                },
                { index: 2, date: '2026-06-04', steps: [step('ap-1', 'pending')], next: null },
              ],
            },
          ],
        }),
      ],
      now: at('2026-06-03', 8),
      expected: {
        key: 'wave_due:7:patch-4-1:2026-06-03',
        kind: 'wave_due',
        at: '2026-06-03T00:00:00.000Z',
        title: 'Wave 1 of the patch 2026.23.1 is due today',
        body: 'Take the fix for INC-9 to 1 deployment (us-1) when it may: the patch 2026.23.1 is baking on corp until Wed 3 Jun 2026 12:00 UTC.',
      },
    },
    {
      name: 'the internal release due today',
      trains: [
        withWave(withWave(withWave(train(), 0, [step('corp', 'pending')]), 1, [step('eu-1', 'pending')]), 2, [
          step('us-1', 'pending'),
        ]),
      ],
      now: at('2026-06-01', 8),
      expected: {
        key: 'wave_due:7:0:2026-06-01',
        kind: 'wave_due',
        at: '2026-06-01T00:00:00.000Z',
        title: 'The internal release of 2026.23 is due today',
        body: 'Start corp, the internal deployment, today: every customer wave waits for its release and bake.',
      },
    },
    {
      name: 'the bake before a late wave',
      trains: [lateWave1()],
      now: at('2026-06-04', 9),
      expected: {
        key: 'bake_ended:7:2:2026-06-04',
        kind: 'bake_ended',
        at: '2026-06-04T00:00:00.000Z',
        title: 'The bake before wave 2 of 2026.23 has ended',
        body: 'Wave 1 has baked for 1 day since its last release on Wed 3 Jun 2026: wave 2, due since Wed 3 Jun 2026, may start; start its 3 deployments (us-1, us-2 and ap-1).',
      },
    },
    {
      name: 'the internal bake',
      trains: [withWave(internalBaking(), 1, [step('eu-1', 'pending'), step('eu-2', 'pending')], '2026-06-04')],
      now: at('2026-06-02', 16),
      expected: {
        key: 'bake_ended:7:0:2026-06-01T15:00:00.000Z',
        kind: 'bake_ended',
        at: '2026-06-02T15:00:00.000Z',
        title: 'The internal bake of 2026.23 has ended',
        body: 'corp has baked for 24 hours since its release on Mon 1 Jun 2026 15:00 UTC: pass the gate "Internal deployment released and baked", then wave 1 may start.',
      },
    },
    {
      name: 'a halt',
      trains: [train({ halt: HALT })],
      now: at('2026-06-03', 14),
      expected: {
        key: 'train_halted:7:3',
        kind: 'train_halted',
        at: '2026-06-03T13:00:00.000Z',
        title: 'Train 2026.23 is halted',
        body: 'Checkout times out for EU cards (INC-981, high severity); it reached 3 deployments (corp, eu-1 and eu-2): integrate the fix and resume the train.',
      },
    },
    {
      name: 'a failed gate',
      trains: [
        withGate(train(), 'acceptance', {
          state: 'failed',
          reason: '12 checkout tests red',
          updatedAt: at('2026-06-03', 7, 30),
        }),
      ],
      now: at('2026-06-03', 8),
      expected: {
        key: 'gate_failed:7:acceptance:2026-06-03T07:30:00.000Z',
        kind: 'gate_failed',
        at: '2026-06-03T07:30:00.000Z',
        title: 'Gate "Acceptance suite" of 2026.23 failed',
        body: 'The gate "Acceptance suite" failed (12 checkout tests red): fix the cause and pass it again, or waive it with a reason; no customer wave can start until then.',
      },
    },
  ];

  it.each(cases)('$name', ({ trains, now, expected }) => {
    const found = todaysNotifications(trains, clock(now)).filter((n) => n.kind === expected.kind);
    expect(found).toEqual([{ ...expected, trainId: 7, version: '2026.23' }]);
  });

  it('the same facts give the same notifications later the same day, plus what became true since', () => {
    const t = [internalBaking()];
    const morning = todaysNotifications(t, clock(at('2026-06-02', 9)));
    const evening = todaysNotifications(t, clock(at('2026-06-02', 17)));
    expect(keys(morning)).toEqual(['wave_due:7:1:2026-06-02']);
    expect(evening.slice(0, morning.length)).toEqual(morning);
    expect(keys(evening)).toEqual(['wave_due:7:1:2026-06-02', 'bake_ended:7:0:2026-06-01T15:00:00.000Z']);
  });

  it('sorts by instant, then by key, across trains', () => {
    const other = train({ trainId: 12, version: '2026.24' });
    const failed = withGate(train({ halt: HALT }), 'unit-tests', { state: 'failed', updatedAt: at('2026-06-03', 9) });
    expect(keysAt([failed, other], at('2026-06-03', 14))).toEqual([
      'wave_due:12:2:2026-06-03',
      'gate_failed:7:unit-tests:2026-06-03T09:00:00.000Z',
      'train_halted:7:3',
    ]);
    expect(keysAt([train({ trainId: 9 }), other, train({ trainId: 10 })], at('2026-06-03', 14))).toEqual([
      'wave_due:10:2:2026-06-03',
      'wave_due:12:2:2026-06-03',
      'wave_due:9:2:2026-06-03',
    ]);
  });
});

describe('what a due wave still waits for', () => {
  it.each([
    {
      name: 'open gates, failed or pending (optional ones do not count)',
      train: withGate(
        withGate(withGate(train(), 'unit-tests', { state: 'failed' }), 'internal-bake', { state: 'pending' }),
        'acceptance',
        { required: false, state: 'pending' },
      ),
      body: 'Start 3 deployments (us-1, us-2 and ap-1) once Unit tests and Internal deployment released and baked pass or are waived.',
    },
    {
      name: 'one open gate',
      train: withGate(train(), 'unit-tests', { state: 'pending' }),
      body: 'Start 3 deployments (us-1, us-2 and ap-1) once Unit tests passes or is waived.',
    },
    {
      name: 'an earlier wave not finished',
      train: withWave(train(), 1, [step('eu-1', 'released', at('2026-06-02', 11)), step('eu-2', 'failed')]),
      body: 'Start 3 deployments (us-1, us-2 and ap-1) once wave 1 is finished (every deployment released or skipped).',
    },
    {
      name: 'the bake of the wave before',
      train: withWave(train(), 1, [step('eu-1', 'released', at('2026-06-03', 1)), step('eu-2', 'skipped')]),
      body: 'Start 3 deployments (us-1, us-2 and ap-1) from Thu 4 Jun 2026, when wave 1 has baked for 1 day.',
    },
    {
      name: 'nothing: long lists are shortened',
      train: withWave(
        train(),
        2,
        ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => step(k, 'pending')),
      ),
      body: 'Start 7 deployments (a, b, c, d, e and 2 more) today.',
    },
  ])('$name', ({ train: t, body }) => {
    const [due] = todaysNotifications([t], clock(at('2026-06-03', 8))).filter((n) => n.kind === 'wave_due');
    expect(due?.body).toBe(body);
  });
});

describe('nothing from a previous day when the app starts after a day off', () => {
  it.each([
    { name: 'a halt', train: train({ halt: HALT }), key: 'train_halted:7:3', day: '2026-06-03' },
    {
      name: 'a gate failure',
      train: withGate(train(), 'unit-tests', { state: 'failed', updatedAt: at('2026-06-03', 9) }),
      key: 'gate_failed:7:unit-tests:2026-06-03T09:00:00.000Z',
      day: '2026-06-03',
    },
    {
      name: 'the internal bake end',
      train: internalBaking(),
      key: 'bake_ended:7:0:2026-06-01T15:00:00.000Z',
      day: '2026-06-02',
    },
    { name: 'a customer bake end', train: lateWave1(), key: 'bake_ended:7:2:2026-06-04', day: '2026-06-04' },
  ])('$name fires on its day, not the next', ({ train: t, key, day }) => {
    expect(keysAt([t], at(day, 23, 59))).toContain(key);
    const next = new Date(Date.parse(at(day, 9)) + 86_400_000).toISOString();
    expect(keysAt([t], next)).not.toContain(key);
    expect(keysAt([t], next).filter((k) => !k.startsWith('wave_due:'))).toEqual([]);
  });

  it('a wave due today fires at 00:00 and at 23:59, and not tomorrow', () => {
    expect(keysAt([train()], at('2026-06-03', 0))).toEqual(['wave_due:7:2:2026-06-03']);
    expect(keysAt([train()], at('2026-06-03', 23, 59))).toEqual(['wave_due:7:2:2026-06-03']);
    expect(keysAt([train()], at('2026-06-04', 0))).toEqual([]);
    expect(keysAt([train()], at('2026-06-02', 23, 59))).toEqual([]);
  });
});

describe('wave due', () => {
  it.each<{ states: StepState[]; due: boolean }>([
    { states: ['pending', 'pending', 'pending'], due: true },
    { states: ['in_progress', 'released', 'pending'], due: true },
    { states: ['in_progress', 'in_progress', 'released'], due: false },
    { states: ['released', 'skipped', 'failed'], due: false },
    { states: ['rolled_back', 'failed', 'skipped'], due: false },
  ])('wave 2 with steps $states.0, $states.1 and $states.2 is due: $due', ({ states, due }) => {
    const t = withWave(
      train(),
      2,
      states.map((s, i) => step(`us-${i + 1}`, s, s === 'pending' || s === 'in_progress' ? null : at('2026-06-03', 9))),
    );
    expect(keysAt([t], at('2026-06-03', 12))).toEqual(due ? ['wave_due:7:2:2026-06-03'] : []);
  });

  it('a halted train notifies its halt, not its waves due', () => {
    expect(keysAt([train()], at('2026-06-03', 14))).toEqual(['wave_due:7:2:2026-06-03']);
    expect(keysAt([train({ halt: HALT })], at('2026-06-03', 14))).toEqual(['train_halted:7:3']);
  });

  it('a halted train gives no customer bake end either', () => {
    expect(keysAt([lateWave1()], at('2026-06-04', 14))).toEqual(['bake_ended:7:2:2026-06-04']);
    expect(
      keysAt([{ ...lateWave1(), halt: { ...HALT, haltedAt: at('2026-06-04', 8) } }], at('2026-06-04', 14)),
    ).toEqual(['train_halted:7:3']);
  });
});

describe('bake ended', () => {
  it('the internal bake ending at 15:00 is absent at 14:59 and present at 15:00', () => {
    const key = 'bake_ended:7:0:2026-06-01T15:00:00.000Z';
    expect(keysAt([internalBaking()], '2026-06-02T14:59:59.999Z')).not.toContain(key);
    expect(keysAt([internalBaking()], '2026-06-02T15:00:00.000Z')).toContain(key);
  });

  it.each([
    { name: 'the gate already passed', train: withGate(internalBaking(), 'internal-bake', { state: 'passed' }) },
    { name: 'the gate failed', train: withGate(internalBaking(), 'internal-bake', { state: 'failed' }) },
    {
      name: 'the internal deployment in progress',
      train: withWave(internalBaking(), 0, [step('corp', 'in_progress')]),
    },
    {
      name: 'no internal bake gate',
      train: { ...internalBaking(), gates: [gate('unit-tests', 'Unit tests', 'passed')] },
    },
  ])('no internal bake notice with $name', ({ train: t }) => {
    expect(keysAt([internalBaking()], at('2026-06-02', 16))).toContain('bake_ended:7:0:2026-06-01T15:00:00.000Z');
    expect(keysAt([t], at('2026-06-02', 16)).filter((k) => k.startsWith('bake_ended:'))).toEqual([]);
  });

  it('the internal bake counts the gate’s hours, and names the other open gates', () => {
    const t = withGate(withGate(internalBaking(), 'internal-bake', { bakeHours: 4 }), 'unit-tests', {
      state: 'pending',
    });
    const [bake] = todaysNotifications([t], clock(at('2026-06-01', 19))).filter((n) => n.kind === 'bake_ended');
    expect(bake).toMatchObject({
      key: 'bake_ended:7:0:2026-06-01T15:00:00.000Z',
      at: '2026-06-01T19:00:00.000Z',
      body: 'corp has baked for 4 hours since its release on Mon 1 Jun 2026 15:00 UTC: pass the gate "Internal deployment released and baked", then wave 1 may start once Unit tests passes or is waived.',
    });
  });

  it('on a halted train the internal bake of the fix says to resume, and a release from before the halt does not count', () => {
    const halt = { ...HALT, haltedAt: at('2026-06-03', 8) };
    const fixed = withWave({ ...internalBaking(), halt }, 0, [step('corp', 'released', at('2026-06-03', 9))]);
    const withFix = todaysNotifications(
      [withGate(fixed, 'internal-bake', { bakeHours: 2 })],
      clock(at('2026-06-03', 12)),
    );
    expect(withFix.map((n) => [n.key, n.body])).toEqual([
      [
        'train_halted:7:3',
        'Checkout times out for EU cards (INC-981, high severity); it reached 3 deployments (corp, eu-1 and eu-2): integrate the fix and resume the train.',
      ],
      [
        'bake_ended:7:0:2026-06-03T09:00:00.000Z',
        'corp has baked for 2 hours since its release on Wed 3 Jun 2026 09:00 UTC: pass the gate "Internal deployment released and baked", then resume the train with the fix.',
      ],
    ]);
    const beforeHalt = withWave(fixed, 0, [step('corp', 'released', at('2026-06-03', 7))]);
    expect(keysAt([withGate(beforeHalt, 'internal-bake', { bakeHours: 2 })], at('2026-06-03', 12))).toEqual([
      'train_halted:7:3',
    ]);
  });

  it('is not given when the wave is due that same day: the wave due says it', () => {
    // Wave 1 released Tue 2 Jun, bake of 1 day ends Wed 3 Jun, the day wave 2 is due.
    expect(keysAt([train()], at('2026-06-03', 9))).toEqual(['wave_due:7:2:2026-06-03']);
  });

  it('is not given when the bake ends before the wave’s day: the wave due says it on its day', () => {
    const t = withWave(train(), 2, [step('us-1', 'pending')], '2026-06-05');
    expect(keysAt([t], at('2026-06-03', 9))).toEqual([]);
    expect(keysAt([t], at('2026-06-04', 9))).toEqual([]);
    expect(keysAt([t], at('2026-06-05', 9))).toEqual(['wave_due:7:2:2026-06-05']);
  });

  it.each<{ name: string; wave1: Step[]; fires: boolean }>([
    {
      name: 'every earlier step released or skipped',
      wave1: [step('eu-1', 'released', at('2026-06-03', 10)), step('eu-2', 'skipped', at('2026-06-03', 10))],
      fires: true,
    },
    {
      name: 'an earlier step failed',
      wave1: [step('eu-1', 'released', at('2026-06-03', 10)), step('eu-2', 'failed', at('2026-06-03', 10))],
      fires: false,
    },
    {
      name: 'an earlier step in progress',
      wave1: [step('eu-1', 'released', at('2026-06-03', 10)), step('eu-2', 'in_progress')],
      fires: false,
    },
    {
      name: 'an earlier step pending',
      wave1: [step('eu-1', 'released', at('2026-06-03', 10)), step('eu-2', 'pending')],
      fires: false,
    },
  ])('the bake before wave 2 has ended with $name: $fires', ({ wave1, fires }) => {
    expect(keysAt([withWave(train(), 1, wave1)], at('2026-06-04', 9))).toEqual(
      fires ? ['bake_ended:7:2:2026-06-04'] : [],
    );
  });

  it('runs from the nearest earlier wave that released anything', () => {
    // Wave 1 all skipped: the bake runs from the internal release on Wed 3 Jun.
    let t = withWave(train(), 0, [step('corp', 'released', at('2026-06-03', 6))]);
    t = withWave(t, 1, [step('eu-1', 'skipped', at('2026-06-02', 9)), step('eu-2', 'skipped', at('2026-06-02', 9))]);
    const [bake] = todaysNotifications([t], clock(at('2026-06-04', 9)));
    expect(bake).toMatchObject({
      key: 'bake_ended:7:2:2026-06-04',
      body: 'The internal deployment has baked for 1 day since its last release on Wed 3 Jun 2026: wave 2, due since Wed 3 Jun 2026, may start; start its 3 deployments (us-1, us-2 and ap-1).',
    });
  });

  it.each([
    { bakeDays: 0, day: '2026-06-04', keys: [] },
    { bakeDays: 0, day: '2026-06-03', keys: ['wave_due:7:2:2026-06-03'] },
    { bakeDays: 1, day: '2026-06-04', keys: ['bake_ended:7:2:2026-06-04'] },
    { bakeDays: 2, day: '2026-06-04', keys: [] },
    { bakeDays: 2, day: '2026-06-05', keys: ['bake_ended:7:2:2026-06-05'] },
  ])('bakeDays = $bakeDays, on $day: $keys', ({ bakeDays, day, keys: expected }) => {
    expect(keysAt([{ ...lateWave1(), bakeDays }], at(day, 9))).toEqual(expected);
  });

  it('names the gates still open for the wave the bake freed', () => {
    const t = withGate(lateWave1(), 'acceptance', { state: 'failed', updatedAt: at('2026-06-02', 9) });
    const [bake] = todaysNotifications([t], clock(at('2026-06-04', 9)));
    expect(bake?.body).toBe(
      'Wave 1 has baked for 1 day since its last release on Wed 3 Jun 2026: wave 2, due since Wed 3 Jun 2026, may start; start its 3 deployments (us-1, us-2 and ap-1) once Acceptance suite passes or is waived.',
    );
  });
});

describe('halts and gates', () => {
  it('a halt says what the regression reached, shortening long lists', () => {
    const deployments = ['corp', 'eu-1', 'eu-2', 'eu-3', 'eu-4', 'eu-5', 'eu-6'];
    const [n] = todaysNotifications(
      [train({ halt: { ...HALT, severity: 'critical', deployments } })],
      clock(at('2026-06-03', 14)),
    );
    expect(n?.body).toBe(
      'Checkout times out for EU cards (INC-981, critical severity); it reached 7 deployments (corp, eu-1, eu-2, eu-3, eu-4 and 2 more): integrate the fix and resume the train.',
    );
  });

  it('a halt later today is not shown before it happened', () => {
    expect(keysAt([train({ halt: HALT })], at('2026-06-03', 12, 59))).toEqual([]);
    expect(keysAt([train({ halt: HALT })], at('2026-06-03', 13))).toEqual(['train_halted:7:3']);
  });

  it('a failed optional gate, without a reason, says customer waves do not wait for it', () => {
    const t = withGate(train(), 'acceptance', { state: 'failed', required: false, updatedAt: at('2026-06-03', 9) });
    const [n] = todaysNotifications([t], clock(at('2026-06-03', 10))).filter((x) => x.kind === 'gate_failed');
    expect(n?.body).toBe(
      'The gate "Acceptance suite" failed: fix the cause and pass it again; customer waves do not wait for it.',
    );
  });

  it('a gate that fails again later is a new event, with a new key', () => {
    const first = withGate(train(), 'unit-tests', { state: 'failed', updatedAt: at('2026-06-03', 9) });
    const again = withGate(train(), 'unit-tests', { state: 'failed', updatedAt: at('2026-06-03', 11) });
    const k = (t: Train) => keysAt([t], at('2026-06-03', 12)).filter((x) => x.startsWith('gate_failed:'));
    expect(k(first)).toEqual(['gate_failed:7:unit-tests:2026-06-03T09:00:00.000Z']);
    expect(k(again)).toEqual(['gate_failed:7:unit-tests:2026-06-03T11:00:00.000Z']);
  });
});

describe('the user’s time zone sets the day', () => {
  it('Pacific/Auckland (UTC+12 in June): a wave due on the 4th starts at 12:00 UTC on the 3rd', () => {
    const t = withGate(withWave(train(), 2, [step('us-1', 'pending')], '2026-06-04'), 'unit-tests', {
      state: 'failed',
      // 23:59 on Wed 3 Jun in Auckland: yesterday there, today in UTC.
      updatedAt: '2026-06-03T11:59:00.000Z',
    });
    const now = '2026-06-03T12:30:00.000Z'; // 00:30 on Thu 4 Jun in Auckland
    const nz = todaysNotifications([t], clock(now, 'Pacific/Auckland'));
    expect(nz.map((n) => [n.key, n.at])).toEqual([['wave_due:7:2:2026-06-04', '2026-06-03T12:00:00.000Z']]);
    expect(keysAt([t], now, 'UTC')).toEqual(['gate_failed:7:unit-tests:2026-06-03T11:59:00.000Z']);
    // 23:59 on Thu 4 Jun in Auckland is 11:59 UTC: still due; a minute later it is Friday there.
    expect(keysAt([t], '2026-06-04T11:59:00.000Z', 'Pacific/Auckland')).toEqual(['wave_due:7:2:2026-06-04']);
    expect(keysAt([t], '2026-06-04T12:00:00.000Z', 'Pacific/Auckland')).toEqual([]);
  });

  it('America/Los_Angeles (UTC−7 in June): a release at 20:00 local is baked from that local day', () => {
    // Wave 1 released at 03:00 UTC on Wed 3 Jun = 20:00 on Tue 2 Jun in Los Angeles; wave 2 was due Tue 2 Jun.
    let t = withWave(train(), 1, [step('eu-1', 'released', '2026-06-03T03:00:00.000Z')], '2026-06-01');
    t = withWave(t, 2, [step('us-1', 'pending')], '2026-06-02');
    const la = todaysNotifications([t], clock('2026-06-03T08:00:00.000Z', 'America/Los_Angeles')); // 01:00 Wed local
    expect(la.map((n) => [n.key, n.at])).toEqual([['bake_ended:7:2:2026-06-03', '2026-06-03T07:00:00.000Z']]);
    expect(la[0]!.body).toBe(
      'Wave 1 has baked for 1 day since its last release on Tue 2 Jun 2026: wave 2, due since Tue 2 Jun 2026, may start; start its 1 deployment (us-1).',
    );
    // 23:59 on Tue 2 Jun in Los Angeles: wave 2 is due there, and its bake ends tomorrow.
    const tuesday = todaysNotifications([t], clock('2026-06-03T06:59:00.000Z', 'America/Los_Angeles'));
    expect(tuesday.map((n) => [n.key, n.at, n.body])).toEqual([
      [
        'wave_due:7:2:2026-06-02',
        '2026-06-02T07:00:00.000Z',
        'Start 1 deployment (us-1) from Wed 3 Jun 2026, when wave 1 has baked for 1 day.',
      ],
    ]);
    // In UTC the same release is on Wed 3 Jun, so its bake ends on Thu 4 Jun.
    expect(keysAt([t], '2026-06-03T08:00:00.000Z', 'UTC')).toEqual([]);
    expect(keysAt([t], '2026-06-04T08:00:00.000Z', 'UTC')).toEqual(['bake_ended:7:2:2026-06-04']);
  });
});

describe('notifications to show', () => {
  /** Wed 3 Jun 14:00: 2026.23 halted with a failed gate; 2026.25's internal bake ended at 10:00 and its wave 1 is due. */
  const today = () => {
    const halted = withGate(train({ halt: HALT }), 'unit-tests', { state: 'failed', updatedAt: at('2026-06-03', 9) });
    let baked: Train = { ...internalBaking(), trainId: 9, version: '2026.25' };
    baked = withWave(baked, 0, [step('corp', 'released', at('2026-06-02', 10))], '2026-06-02');
    baked = withWave(baked, 1, [step('eu-1', 'pending')], '2026-06-03');
    baked = withWave(baked, 2, [step('us-1', 'pending')], '2026-06-04');
    return todaysNotifications([halted, baked], clock(at('2026-06-03', 14)));
  };

  it('the fixture has one notification of each kind', () => {
    expect(today().map((n) => [n.kind, n.key])).toEqual([
      ['wave_due', 'wave_due:9:1:2026-06-03'],
      ['gate_failed', 'gate_failed:7:unit-tests:2026-06-03T09:00:00.000Z'],
      ['bake_ended', 'bake_ended:9:0:2026-06-02T10:00:00.000Z'],
      ['train_halted', 'train_halted:7:3'],
    ]);
  });

  it.each(NOTIFICATION_KINDS)('with %s turned off, shows the others', (off: NotificationKind) => {
    const all = today();
    const shown = notificationsToShow(all, new Set(), { ...ALL_ON, [off]: false });
    expect(shown).toHaveLength(3);
    expect(shown.map((n) => n.kind)).not.toContain(off);
    expect(shown).toEqual(all.filter((n) => n.kind !== off));
  });

  it('with every kind turned off, shows nothing', () => {
    const none = { wave_due: false, bake_ended: false, train_halted: false, gate_failed: false };
    expect(notificationsToShow(today(), new Set(), none)).toEqual([]);
    expect(notificationsToShow(today(), new Set(), ALL_ON)).toHaveLength(4);
  });

  it('leaves out what was shown before, and fires each once', () => {
    const first = notificationsToShow(today(), new Set(['train_halted:7:3']), ALL_ON);
    expect(keys(first)).toEqual([
      'wave_due:9:1:2026-06-03',
      'gate_failed:7:unit-tests:2026-06-03T09:00:00.000Z',
      'bake_ended:9:0:2026-06-02T10:00:00.000Z',
    ]);
    const shown = new Set(['train_halted:7:3', ...keys(first)]);
    expect(notificationsToShow(today(), shown, ALL_ON)).toEqual([]);
  });

  it('a later check the same day shows only what became true since', () => {
    const t = [internalBaking()];
    const shown = new Set(
      keys(notificationsToShow(todaysNotifications(t, clock(at('2026-06-02', 9))), new Set(), ALL_ON)),
    );
    expect([...shown]).toEqual(['wave_due:7:1:2026-06-02']);
    const later = notificationsToShow(todaysNotifications(t, clock(at('2026-06-02', 16))), shown, ALL_ON);
    expect(keys(later)).toEqual(['bake_ended:7:0:2026-06-01T15:00:00.000Z']);
    for (const k of keys(later)) shown.add(k);
    expect(notificationsToShow(todaysNotifications(t, clock(at('2026-06-02', 20))), shown, ALL_ON)).toEqual([]);
  });
});
