import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GATES,
  DEFAULT_GATE_POLICY,
  GATE_ACTIONS,
  GATE_STATES,
  type GateAction,
  type GateState,
  evidenceUrlSchema,
  formatInstant,
  gatePolicySchema,
  gateRefusal,
  gateTransition,
  internalBakeRefusal,
  isCleared,
  openGates,
} from '../../shared/gates';

// Every (gate state, action) pair written out: the next state or the refusal.
const EXPECTED: Record<GateState, Record<GateAction, GateState | `refused: ${string}`>> = {
  pending: { pass: 'passed', fail: 'failed', waive: 'waived', reset: 'refused: is already pending' },
  passed: {
    pass: 'refused: has already passed',
    fail: 'failed',
    waive: 'refused: has passed; there is nothing to waive',
    reset: 'pending',
  },
  failed: { pass: 'passed', fail: 'refused: has already failed', waive: 'waived', reset: 'pending' },
  waived: { pass: 'passed', fail: 'failed', waive: 'refused: is already waived', reset: 'pending' },
};

const PAIRS = GATE_STATES.flatMap((state) => GATE_ACTIONS.map((action) => [state, action] as const));

describe('gate state machine', () => {
  it('covers every state × action pair (4 × 4)', () => {
    expect(PAIRS).toHaveLength(16);
    for (const [s, a] of PAIRS) expect(EXPECTED[s][a]).toBeDefined();
  });

  it.each(PAIRS)('%s × %s', (state, action) => {
    const expected = EXPECTED[state][action];
    expect(gateTransition(state, action)).toEqual(
      expected.startsWith('refused: ')
        ? { ok: false, refusal: expected.slice('refused: '.length) }
        : { ok: true, next: expected },
    );
  });

  it('refusals name the gate', () => {
    expect(gateRefusal('Unit tests', 'has already passed')).toBe('The gate "Unit tests" has already passed.');
  });

  it('passed and waived clear a gate; pending and failed do not', () => {
    expect(GATE_STATES.filter(isCleared)).toEqual(['passed', 'waived']);
  });

  it('openGates lists required gates not cleared, in order, and ignores optional ones', () => {
    expect(
      openGates([
        { name: 'Unit tests', required: true, state: 'passed' },
        { name: 'Integration tests', required: true, state: 'failed' },
        { name: 'Perf run', required: false, state: 'pending' },
        { name: 'Acceptance suite', required: true, state: 'pending' },
        { name: 'Security scan', required: true, state: 'waived' },
      ]),
    ).toEqual(['Integration tests', 'Acceptance suite']);
  });
});

describe('gate defaults (an editable setting)', () => {
  it('has unit tests, integration tests, acceptance suite and the internal bake of 24 hours, all required', () => {
    expect(DEFAULT_GATES.map((g) => [g.key, g.kind, g.required])).toEqual([
      ['unit-tests', 'check', true],
      ['integration-tests', 'check', true],
      ['acceptance-suite', 'check', true],
      ['internal-bake', 'internal_bake', true],
    ]);
    expect(DEFAULT_GATES[3]).toMatchObject({ bakeHours: 24 });
    expect(gatePolicySchema.parse(DEFAULT_GATE_POLICY)).toEqual(DEFAULT_GATE_POLICY);
  });

  it('fills defaults: required, a bake of 24 hours, a fresh bake on resume', () => {
    expect(
      gatePolicySchema.parse({
        gates: [
          { key: 'smoke', name: 'Smoke tests', kind: 'check' },
          { key: 'bake', name: 'Bake', kind: 'internal_bake' },
        ],
      }),
    ).toEqual({
      gates: [
        { key: 'smoke', name: 'Smoke tests', kind: 'check', required: true },
        { key: 'bake', name: 'Bake', kind: 'internal_bake', required: true, bakeHours: 24 },
      ],
      freshInternalBakeOnResume: true,
    });
  });

  it.each([
    [
      {
        gates: [
          { key: 'a', name: 'A', kind: 'check' },
          { key: 'a', name: 'B', kind: 'check' },
        ],
      },
      'Gate key a is used twice.',
    ],
    [
      {
        gates: [
          { key: 'a', name: 'A', kind: 'internal_bake' },
          { key: 'b', name: 'B', kind: 'internal_bake' },
        ],
      },
      'Only one gate can be the internal deployment bake.',
    ],
    [{ gates: [{ key: 'Unit Tests', name: 'A', kind: 'check' }] }, 'Gate key must use lowercase letters'],
    [{ gates: [{ key: 'a', name: '', kind: 'check' }] }, 'Gate name is required.'],
    [{ gates: [{ key: 'a', name: 'A', kind: 'manual' }] }, 'Gate kind must be one of: check, internal_bake.'],
    [{ gates: [{ key: 'a', name: 'A', kind: 'internal_bake', bakeHours: 0 }] }, 'at least 1 hour'],
    [{ gates: [{ key: 'a', name: 'A', kind: 'check', bakeHours: 5 }] }, 'bakeHours'],
    [
      { gates: Array.from({ length: 21 }, (_, i) => ({ key: `g${i}`, name: `G${i}`, kind: 'check' })) },
      'at most 20 gates',
    ],
  ])('refuses %j', (input, message) => {
    const r = gatePolicySchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error!.issues)).toContain(message);
  });
});

describe('evidence links', () => {
  it.each(['https://ci.example.com/runs/42', 'http://jenkins:8080/job/7/', '  https://grafana.example.com/d/x  '])(
    'accepts %s',
    (url) => {
      expect(evidenceUrlSchema.parse(url)).toBe(url.trim());
    },
  );
  it.each([
    'ftp://ci.example.com/x',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'ci.example.com/runs/42',
    'https://',
    '',
  ])('refuses %j with one sentence', (url) => {
    const r = evidenceUrlSchema.safeParse(url);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/^Evidence must be an http:\/\/ or https:\/\/ link/);
  });
});

describe('internal bake gate', () => {
  const released = { state: 'released', finishedAt: '2027-03-01T10:00:00.000Z' };
  const base = {
    internalKey: 'corp',
    internalStep: released,
    bakeHours: 24,
    releasedAfter: null,
    now: new Date('2027-03-02T10:00:00.000Z'),
  };

  it('passes once the internal deployment has been released for the bake time', () => {
    expect(internalBakeRefusal(base)).toBeNull();
    expect(internalBakeRefusal({ ...base, now: new Date('2027-03-05T00:00:00.000Z') })).toBeNull();
  });

  it('refuses before the bake time and says when it will be ready', () => {
    expect(internalBakeRefusal({ ...base, now: new Date('2027-03-02T06:30:00.000Z') })).toBe(
      'corp has baked for 20 of 24 hours; it can pass from Tue 2 Mar 2027 10:00 UTC',
    );
  });

  it.each(['pending', 'in_progress', 'failed', 'rolled_back', 'skipped'])(
    'refuses while the internal step is %s',
    (state) => {
      expect(internalBakeRefusal({ ...base, internalStep: { state, finishedAt: null } })).toBe(
        `corp is not released (it is ${state.replace('_', ' ')}); release it, then let it bake for 24 hours`,
      );
    },
  );

  it('after a halt, asks for a fresh release of the fix', () => {
    expect(internalBakeRefusal({ ...base, releasedAfter: '2027-03-01T12:00:00.000Z' })).toBe(
      'corp was released before the halt of Mon 1 Mar 2027 12:00 UTC; release the fix to it (roll it back, start it, release it), then let it bake for 24 hours',
    );
    expect(
      internalBakeRefusal({
        ...base,
        releasedAfter: '2027-03-01T08:00:00.000Z',
      }),
    ).toBeNull();
  });

  it('refuses when the plan has no internal deployment', () => {
    expect(internalBakeRefusal({ ...base, internalKey: null, internalStep: null })).toContain('no internal deployment');
  });

  it('formats instants in UTC without the locale', () => {
    expect(formatInstant('2027-12-31T23:59:00.000Z')).toBe('Fri 31 Dec 2027 23:59 UTC');
  });
});
