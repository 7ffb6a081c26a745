import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { METHOD_NAMES, type MethodName } from '../../shared/method-names';
import { type TestBackend, dumpDatabase, openTestBackend } from '../helpers/db';
import { VALID } from '../helpers/valid-inputs';

// A seeded fuzz of every API method against the real dispatcher, on a real SQLite file with
// the demo loaded: random JSON, and valid payloads with one field broken (boundary numbers,
// long strings, far dates, wrong types, extra keys). No answer may be `internal`, and a refusal
// must leave the database as it was.

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_302);
// FUZZ_RUNS and FUZZ_SEED widen a run by hand (250 runs per method found nothing more).
const RUNS_PER_METHOD = Number(process.env.FUZZ_RUNS ?? 30);

/** Writes files outside the test's folder when valid (a publish folder), so it is left out. */
const LEFT_OUT: readonly MethodName[] = ['publish.update'];

/**
 * More valid payloads, each fuzzed like the ones above, for enum values that reach code the one
 * payload of their method does not: the Atom feed of release notes (export format `atom`), and
 * edits made from a page's read (`expectedRevision`, a stale one: refused with `conflict`).
 */
const MORE_VALID: readonly (readonly [MethodName, Record<string, unknown>])[] = [
  ['export.render', { selection: { kind: 'all' }, format: 'atom', options: { bom: false, paper: 'a4' } }],
  ['export.render', { selection: { kind: 'deployment', key: 'us-east-2' }, format: 'atom', options: {} }],
  ['export.save', { selection: { kind: 'train', trainId: 1 }, format: 'atom', options: {} }],
  ['trains.setNotes', { id: 4, notes: 'Release notes', expectedRevision: 0 }],
  ['trains.move', { id: 10, start: '2026-06-03', shiftLater: true, expectedRevision: 1 }],
  ['rollout.move', { trainId: 4, key: 'us-east-3', wave: 2, reason: 'Customer asked', expectedRevision: 2 }],
  ['gates.set', { trainId: 3, key: 'unit-tests', action: 'pass', expectedRevision: 0 }],
  ['settings.update', { workingDays: [1, 2, 3, 4], expectedRevision: 0 }],
  ['policy.update', { policy: { waveSizes: { kind: 'fixed', perWave: 3 } }, expectedRevision: 0 }],
];

const boundaryNumber = fc.constantFrom(
  0,
  -1,
  1,
  2,
  1.5,
  -0.5,
  2 ** 31,
  2 ** 31 - 1,
  2 ** 53 - 1,
  -(2 ** 53),
  Number.MAX_VALUE,
  1e-9,
);
const farDay = fc.oneof(
  fc.constantFrom(
    '9999-12-31',
    '0000-01-01',
    '1969-12-31',
    '1970-01-01',
    '2199-12-31',
    '2200-01-01',
    '2027-02-30',
    '+010000-01-01',
    '2027-1-4',
  ),
  fc
    .record({
      year: fc.integer({ min: 0, max: 9999 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
    })
    .map(
      ({ year, month, day }) =>
        `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    ),
);
const longText = fc.integer({ min: 1, max: 300_000 }).map((n) => 'x'.repeat(n));
const wrongType = fc.constantFrom(null, true, false, [], {}, '', ' ', '1', 'null', '__proto__', 'constructor');

/** Values that break schemas and services in the campaign's ways. */
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  boundaryNumber,
  farDay,
  wrongType,
  longText,
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A replacement for `original`: mostly one of its own kind at the edges (a far day for a day, a boundary for a number). */
function nastyFor(original: unknown): fc.Arbitrary<unknown> {
  const own =
    typeof original === 'number'
      ? boundaryNumber
      : typeof original === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(original)
        ? farDay
        : typeof original === 'string'
          ? longText
          : wrongType;
  return fc.oneof({ weight: 2, arbitrary: own }, { weight: 1, arbitrary: nastyValue });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `valid` with the value at one path (a key, or a key of a nested object) replaced, or one key added. */
function mutationOf(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const paths: string[][] = [];
  const walk = (value: Record<string, unknown>, prefix: string[]) => {
    for (const [k, v] of Object.entries(value)) {
      paths.push([...prefix, k]);
      if (isRecord(v) && prefix.length < 2) walk(v, [...prefix, k]);
    }
  };
  walk(valid, []);
  const replace = paths.length
    ? fc
        .constantFrom(...paths)
        .chain((path) => nastyFor(valueAt(valid, path)).map((value) => withValue(valid, path, value)))
    : fc.constant(valid);
  const extraKey = fc
    .tuple(fc.constantFrom('extra', '__proto__', 'constructor', 'id', 'key'), nastyValue)
    .map(([key, value]) => ({ ...valid, [key]: value }));
  const dropKey = paths.length
    ? fc.constantFrom(...paths).map((path) => withValue(valid, path, undefined))
    : fc.constant(valid);
  return fc.oneof(replace, replace, replace, extraKey, dropKey);
}

function valueAt(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (isRecord(v) ? v[k] : undefined), value);
}

function withValue(value: Record<string, unknown>, path: string[], replacement: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const copy = { ...value };
  const inner = copy[head];
  if (rest.length > 0 && isRecord(inner)) copy[head] = withValue(inner, rest, replacement);
  else if (replacement === undefined) delete copy[head];
  else copy[head] = replacement;
  return copy;
}

/** A payload near `valid`: random JSON now and then, mostly `valid` with one thing wrong. */
function payloadFor(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constant(valid) },
    { weight: 6, arbitrary: mutationOf(valid) },
  );
}

/** Valid simulations are capped here so the fuzz stays quick; the largest valid one is a benchmark's job. */
function isHeavy(method: MethodName, payload: unknown): boolean {
  if (method !== 'simulate.run') return false;
  const parsed = contract['simulate.run'].input.safeParse(payload);
  return parsed.success && parsed.data.deployments * parsed.data.trains > 20_000;
}

describe('a seeded fuzz of every method', () => {
  // One database for the whole run (a temp folder per test would be removed under it).
  let folder: string;
  let backend: TestBackend;
  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-fuzz-'));
    backend = openTestBackend(folder);
    const demo = await backend.dispatch('fleet.loadDemo', {});
    expect(demo.ok).toBe(true);
  });
  afterAll(() => {
    backend.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** Sends the sample of payloads near `valid` to `method`: none may be answered `internal`, no refusal may change anything. */
  async function fuzz(method: MethodName, valid: Record<string, unknown>, seed: number): Promise<void> {
    const payloads = fc.sample(payloadFor(valid), { seed, numRuns: RUNS_PER_METHOD });
    const internal: unknown[] = [];
    const changedByRefusal: unknown[] = [];
    const checksWrites = contract[method].kind !== 'read';
    for (const payload of payloads) {
      if (isHeavy(method, payload)) continue;
      const before = checksWrites ? JSON.stringify(dumpDatabase(backend.db)) : '';
      const answer = await backend.dispatch(method, payload);
      if (!answer.ok && answer.error.code === 'internal') internal.push(payload);
      if (!answer.ok && checksWrites && JSON.stringify(dumpDatabase(backend.db)) !== before)
        changedByRefusal.push(payload);
    }
    const errors = backend.logged.splice(0).map(({ err }) => String(err));
    expect({ internal, errors }).toEqual({ internal: [], errors: [] });
    expect(changedByRefusal).toEqual([]);
  }

  const methods = METHOD_NAMES.filter((m) => !LEFT_OUT.includes(m));
  it.each(methods)('%s: never internal, and a refusal changes nothing', async (method) => {
    await fuzz(method, VALID[method], SEED + METHOD_NAMES.indexOf(method));
  });

  it.each(MORE_VALID.map(([method, valid], i) => [`${method} ${JSON.stringify(valid)}`, method, valid, i] as const))(
    '%s: never internal, and a refusal changes nothing',
    async (_, method, valid, i) => {
      await fuzz(method, valid, SEED + METHOD_NAMES.length + i);
    },
  );
});
