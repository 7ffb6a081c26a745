import { describe, expect, it } from 'vitest';
import { DEFAULT_GATE_POLICY, type GatePolicy, MAX_GATES, gatePolicySchema } from '../../shared/gates';
import {
  type GateRow,
  type GatesValues,
  NO_GATES_ERRORS,
  addGate,
  gateKeyFromName,
  gatePolicyInput,
  gatesSummary,
  gatesValuesOf,
  hasGatesErrors,
  hasInternalBake,
  isGatesChanged,
  mergeGatesErrors,
  moveGate,
  removeGate,
  shownGatesErrors,
  splitGatesServerErrors,
  updateGate,
  validateGates,
} from '../../renderer/src/views/settings/gates-model';

// The Settings card for the default validation gates, React-free: rows in, the
// `gates.defaults.update` input out, checked with the backend's own schema.

function uids(): () => string {
  let n = 0;
  return () => `u${++n}`;
}

const defaults = (): GatesValues => gatesValuesOf(DEFAULT_GATE_POLICY, uids());
const rowByKey = (v: GatesValues, key: string): GateRow => v.rows.find((r) => r.key === key)!;

describe('default gates as rows', () => {
  it('lists the defaults in order, saved (keys fixed), with the internal bake hours as text', () => {
    const v = defaults();
    expect(v.rows.map((r) => [r.key, r.name, r.kind, r.required, r.bakeHours, r.isNew])).toEqual([
      ['unit-tests', 'Unit tests', 'check', true, '', false],
      ['integration-tests', 'Integration tests', 'check', true, '', false],
      ['acceptance-suite', 'Acceptance suite', 'check', true, '', false],
      ['internal-bake', 'Internal deployment released and baked', 'internal_bake', true, '24', false],
    ]);
    expect(v.freshInternalBakeOnResume).toBe(true);
    expect(new Set(v.rows.map((r) => r.uid)).size).toBe(4);
  });

  it('round-trips: the rows of a policy give that policy back, and nothing changed', () => {
    const policy: GatePolicy = {
      gates: [
        { key: 'internal-bake', name: 'Bake', kind: 'internal_bake', required: false, bakeHours: 48 },
        { key: 'smoke', name: 'Smoke', kind: 'check', required: false },
      ],
      freshInternalBakeOnResume: false,
    };
    const v = gatesValuesOf(policy, uids());
    expect(gatePolicyInput(v)).toEqual(policy);
    expect(isGatesChanged(policy, v)).toBe(false);
    expect(validateGates(v)).toEqual(NO_GATES_ERRORS);
  });

  it('sends bake hours only for the internal bake gate, parsed from the text', () => {
    const v = defaults();
    const bake = v.rows.findIndex((r) => r.kind === 'internal_bake');
    const input = gatePolicyInput({ ...v, rows: updateGate(v.rows, bake, { bakeHours: ' 36 ' }) });
    expect(input.gates[bake]).toEqual({
      key: 'internal-bake',
      name: 'Internal deployment released and baked',
      kind: 'internal_bake',
      required: true,
      bakeHours: 36,
    });
    expect(input.gates[0]).not.toHaveProperty('bakeHours');
    expect(gatePolicySchema.safeParse(input).success).toBe(true);
  });
});

describe('editing the list', () => {
  it('adds a check at the end whose key follows its name until the key is typed', () => {
    let rows = addGate(defaults().rows, 'new');
    expect(rows).toHaveLength(5);
    expect(rows[4]).toMatchObject({ uid: 'new', isNew: true, kind: 'check', required: true, name: '', key: 'gate' });
    rows = updateGate(rows, 4, { name: 'Security review' });
    expect(rows[4]!.key).toBe('security-review');
    rows = updateGate(rows, 4, { key: 'sec' });
    rows = updateGate(rows, 4, { name: 'Security & privacy review' });
    expect(rows[4]).toMatchObject({ key: 'sec', name: 'Security & privacy review' });
  });

  it('never lets a new key follow the name into a key another gate has', () => {
    let rows = addGate(defaults().rows, 'new');
    rows = updateGate(rows, 4, { name: 'Unit tests' });
    expect(rows[4]!.key).toBe('unit-tests-2');
  });

  it('renames a saved gate without touching its key', () => {
    const rows = updateGate(defaults().rows, 0, { name: 'Unit tests (all platforms)' });
    expect(rows[0]).toMatchObject({ key: 'unit-tests', name: 'Unit tests (all platforms)' });
  });

  it('toggles required', () => {
    const v = defaults();
    const rows = updateGate(v.rows, 2, { required: false });
    expect(gatePolicyInput({ ...v, rows }).gates.map((g) => g.required)).toEqual([true, true, false, true]);
    expect(isGatesChanged(DEFAULT_GATE_POLICY, { ...v, rows })).toBe(true);
  });

  it('moves up and down, and not past either end', () => {
    const rows = defaults().rows;
    expect(moveGate(rows, 3, -1).map((r) => r.key)).toEqual([
      'unit-tests',
      'integration-tests',
      'internal-bake',
      'acceptance-suite',
    ]);
    expect(moveGate(rows, 0, 1).map((r) => r.key)[0]).toBe('integration-tests');
    expect(moveGate(rows, 0, -1).map((r) => r.key)).toEqual(rows.map((r) => r.key));
    expect(moveGate(rows, 3, 1).map((r) => r.key)).toEqual(rows.map((r) => r.key));
  });

  it('removes a gate; the internal bake gate can be added back once, with the default hours', () => {
    const v = defaults();
    const rows = removeGate(v.rows, 3);
    expect(rows.map((r) => r.key)).toEqual(['unit-tests', 'integration-tests', 'acceptance-suite']);
    expect(hasInternalBake(rows)).toBe(false);
    const back = addGate(rows, 'b', 'internal_bake');
    expect(back[3]).toMatchObject({ kind: 'internal_bake', key: 'internal-bake', bakeHours: '24', isNew: true });
    expect(hasInternalBake(back)).toBe(true);
    expect(validateGates({ ...v, rows: back })).toEqual(NO_GATES_ERRORS);
  });

  it('an empty list is allowed (trains then wait on no sign-off)', () => {
    const v = { ...defaults(), rows: [] };
    expect(validateGates(v)).toEqual(NO_GATES_ERRORS);
    expect(gatePolicyInput(v).gates).toEqual([]);
    expect(gatesSummary([])).toMatch(/^No gates/);
  });

  it('sees a change in order, name, key, bake hours and the resume flag, and not in whitespace', () => {
    const v = defaults();
    expect(isGatesChanged(DEFAULT_GATE_POLICY, v)).toBe(false);
    expect(isGatesChanged(DEFAULT_GATE_POLICY, { ...v, rows: updateGate(v.rows, 0, { name: ' Unit tests ' }) })).toBe(
      false,
    );
    expect(isGatesChanged(DEFAULT_GATE_POLICY, { ...v, rows: moveGate(v.rows, 0, 1) })).toBe(true);
    expect(isGatesChanged(DEFAULT_GATE_POLICY, { ...v, rows: updateGate(v.rows, 0, { name: 'Unit' }) })).toBe(true);
    expect(isGatesChanged(DEFAULT_GATE_POLICY, { ...v, rows: updateGate(v.rows, 3, { bakeHours: '12' }) })).toBe(true);
    expect(isGatesChanged(DEFAULT_GATE_POLICY, { ...v, freshInternalBakeOnResume: false })).toBe(true);
    expect(isGatesChanged(DEFAULT_GATE_POLICY, { ...v, rows: removeGate(v.rows, 1) })).toBe(true);
  });

  it('summarises the count and how many are required', () => {
    const rows = defaults().rows;
    expect(gatesSummary(rows)).toBe('4 gates, all required.');
    expect(gatesSummary(updateGate(rows, 1, { required: false }))).toBe('4 gates, 3 required.');
    expect(gatesSummary(rows.slice(0, 1))).toBe('1 gate, required.');
    expect(gatesSummary(rows.slice(0, 2).map((r) => ({ ...r, required: false })))).toBe('2 gates, none required.');
  });
});

describe('gate keys from names', () => {
  it('follows the key pattern of the schema', () => {
    expect(gateKeyFromName('Security review')).toBe('security-review');
    expect(gateKeyFromName('  Perf & load (EU) ')).toBe('perf-and-load-eu');
    expect(gateKeyFromName('Überprüfung')).toBe('uberprufung');
    expect(gateKeyFromName('2nd pass')).toBe('2nd-pass');
    expect(gateKeyFromName('!!!')).toBe('');
    const long = gateKeyFromName('a'.repeat(39) + ' b');
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long.endsWith('-')).toBe(false);
    for (const name of ['Security review', 'Perf & load (EU)', '2nd pass', 'x'.repeat(60)]) {
      const key = gateKeyFromName(name);
      const parsed = gatePolicySchema.safeParse({ gates: [{ key, name, kind: 'check' }] });
      expect(parsed.success, key).toBe(true);
    }
  });
});

describe('validation, inline', () => {
  it('places a missing name, a bad key and bad bake hours on their rows', () => {
    const v = defaults();
    let rows = addGate(v.rows, 'new');
    rows = updateGate(rows, 4, { key: 'Bad Key' });
    rows = updateGate(rows, 3, { bakeHours: '0' });
    rows = updateGate(rows, 0, { name: '  ' });
    const errors = validateGates({ ...v, rows });
    expect(errors.rows.new).toEqual({
      name: 'Gate name is required.',
      key: 'Gate key must use lowercase letters, digits and hyphens (e.g. unit-tests).',
    });
    expect(errors.rows[rowByKey(v, 'internal-bake').uid]).toEqual({
      bakeHours: 'The internal deployment bakes for at least 1 hour.',
    });
    expect(errors.rows[rowByKey(v, 'unit-tests').uid]).toEqual({ name: 'Gate name is required.' });
    expect(hasGatesErrors(errors)).toBe(true);
  });

  it('says bake hours must be a whole number for text that is not one', () => {
    const v = defaults();
    const errors = validateGates({ ...v, rows: updateGate(v.rows, 3, { bakeHours: '1.5' }) });
    expect(errors.rows[v.rows[3]!.uid]?.bakeHours).toBe('Bake hours must be a whole number.');
    const empty = validateGates({ ...v, rows: updateGate(v.rows, 3, { bakeHours: '' }) });
    expect(empty.rows[v.rows[3]!.uid]?.bakeHours).toBeDefined();
  });

  it('a key used twice is marked on the later row', () => {
    const v = defaults();
    let rows = addGate(v.rows, 'new');
    rows = updateGate(rows, 4, { name: 'Units', key: 'unit-tests' });
    expect(validateGates({ ...v, rows }).rows).toEqual({ new: { key: 'Gate key unit-tests is used twice.' } });
  });

  it('more than the maximum of gates is an error about the list', () => {
    let rows = defaults().rows;
    for (let i = rows.length; i <= MAX_GATES; i++) rows = addGate(rows, `n${i}`);
    rows = rows.map((r, i) => (r.isNew ? { ...r, name: `Gate ${i}`, key: `gate-${i}` } : r));
    const errors = validateGates({ rows, freshInternalBakeOnResume: true });
    expect(errors.list).toBe(`A train has at most ${MAX_GATES} gates.`);
  });

  it('shows a field once it was left, all after a Save attempt', () => {
    const v = defaults();
    const rows = updateGate(updateGate(v.rows, 0, { name: '' }), 1, { name: '' });
    const errors = validateGates({ ...v, rows });
    expect(shownGatesErrors(errors, new Set(), false)).toEqual({ rows: {} });
    expect(shownGatesErrors(errors, new Set([`${rows[1]!.uid}.name`]), false)).toEqual({
      rows: { [rows[1]!.uid]: { name: 'Gate name is required.' } },
    });
    expect(shownGatesErrors(errors, new Set(), true)).toBe(errors);
  });
});

describe('server refusals', () => {
  it('places `policy.gates.N.field` on row N, `policy.gates` on the list, the rest for the alert', () => {
    const rows = defaults().rows;
    const { errors, unplaced } = splitGatesServerErrors(
      [
        { field: 'policy.gates.1.name', message: 'Gate name is required.' },
        { field: 'policy.gates.3.bakeHours', message: 'Bake hours must be at most 720 (30 days).' },
        { field: 'policy.gates', message: 'Only one gate can be the internal deployment bake.' },
        { field: 'policy.freshInternalBakeOnResume', message: 'freshInternalBakeOnResume must be true or false.' },
        { field: 'policy.gates.9.key', message: 'No such row.' },
      ],
      rows,
    );
    expect(errors).toEqual({
      rows: {
        [rows[1]!.uid]: { name: 'Gate name is required.' },
        [rows[3]!.uid]: { bakeHours: 'Bake hours must be at most 720 (30 days).' },
      },
      list: 'Only one gate can be the internal deployment bake.',
    });
    expect(unplaced).toEqual(['freshInternalBakeOnResume must be true or false.', 'No such row.']);
    expect(splitGatesServerErrors(undefined, rows)).toEqual({ errors: { rows: {} }, unplaced: [] });
  });

  it("merges with the client's, the server winning per field", () => {
    const merged = mergeGatesErrors(
      { rows: { a: { name: 'client name', key: 'client key' } }, list: 'client list' },
      { rows: { a: { key: 'server key' }, b: { bakeHours: 'server hours' } } },
    );
    expect(merged).toEqual({
      rows: { a: { name: 'client name', key: 'server key' }, b: { bakeHours: 'server hours' } },
      list: 'client list',
    });
    expect(hasGatesErrors(NO_GATES_ERRORS)).toBe(false);
    expect(hasGatesErrors({ rows: { a: {} } })).toBe(false);
  });
});
