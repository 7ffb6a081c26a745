import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type Cadence,
  DEFAULT_TEMPLATE,
  type LifecycleTemplate,
  PHASE_KINDS,
  VERSION_TOKENS,
  planTrains,
} from '../../shared/cadence';
import { addDays } from '../../shared/days';
import { type Freeze, type Holiday } from '../../shared/schedule';
import {
  TOKEN_HELP,
  anchorHint,
  cadenceInput,
  cadenceValuesOf,
  isCadenceChanged,
  previewVersions,
  validateCadence,
} from '../../renderer/src/views/settings/cadence-model';
import {
  firstPerField,
  issuesOf,
  parseWholeNumber,
  splitServerErrors,
} from '../../renderer/src/views/settings/form-errors';
import {
  EMPTY_FREEZE,
  describeFreeze,
  describeHoliday,
  dayWithWeekday,
  freezeLengthDays,
  freezePreview,
  freezeSpan,
  freezeTiming,
  holidayDateHint,
  holidaysByYear,
  isFreezeField,
  isHolidayField,
  pluralDays,
  sameWeekdays,
  sortedFreezes,
  toggleWeekday,
  validateFreeze,
  validateHoliday,
  validateWorkingDays,
} from '../../renderer/src/views/settings/rules-model';
import {
  KIND_OPTIONS,
  MAX_PHASE_DAYS,
  NO_TEMPLATE_ERRORS,
  type PhaseRow,
  type TemplateErrors,
  addPhase,
  effectiveReleaseDays,
  hasTemplateErrors,
  isTemplateChanged,
  keyFromName,
  lengthOf,
  mergeTemplateErrors,
  movePhase,
  offsetsOf,
  removePhase,
  rowsOf,
  shownTemplateErrors,
  splitTemplateServerErrors,
  templateInput,
  templateLengthOf,
  toggleReleaseDay,
  trainDays,
  updatePhase,
  validateTemplate,
  weekdayOf,
} from '../../renderer/src/views/settings/template-model';

// The Settings screen's form logic, React-free. 2026-11-25 is a Wednesday,
// 2026-11-30 a Monday.

const KEY_PATTERN = /^[a-z][a-z0-9-]{0,30}$/;

function uids(prefix = 'r'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

/** The default template as editor rows r1…r4 (development, validation, rollout, monitoring). */
function defaultRows(): PhaseRow[] {
  return rowsOf(DEFAULT_TEMPLATE, uids());
}

function row(patch: Partial<PhaseRow> = {}): PhaseRow {
  return {
    uid: 'x',
    isNew: false,
    keyEdited: true,
    key: 'phase',
    name: 'Phase',
    kind: 'other',
    lengthDays: '5',
    production: false,
    releaseDays: [],
    ...patch,
  };
}

// ---------------------------------------------------------------------------
// form-errors
// ---------------------------------------------------------------------------

describe('form errors', () => {
  it.each([
    ['14', 14],
    [' 14 ', 14],
    ['0', 0],
    ['-3', -3],
    ['1.5', 1.5],
  ])('reads the plain number %j as %d', (text, value) => {
    expect(parseWholeNumber(text)).toBe(value);
  });

  it.each(['', '   ', 'abc', '14 days', '1e3', '0x10', '+3', '1,5', '.5', 'Infinity'])(
    'turns %j into NaN for the schema to reject',
    (text) => {
      expect(parseWholeNumber(text)).toBeNaN();
    },
  );

  it('joins zod issue paths with dots, array indexes included', () => {
    const schema = z.object({ phases: z.array(z.object({ name: z.string().min(1, 'Name is required.') })) });
    const result = schema.safeParse({ phases: [{ name: 'a' }, { name: '' }] });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(issuesOf(result.error)).toEqual([{ field: 'phases.1.name', message: 'Name is required.' }]);
  });

  it('keeps the first message per field', () => {
    expect(
      firstPerField([
        { field: 'a', message: 'first a' },
        { field: 'b', message: 'only b' },
        { field: 'a', message: 'second a' },
      ]),
    ).toEqual({ a: 'first a', b: 'only b' });
    expect(firstPerField([])).toEqual({});
  });

  it('splits server errors into shown fields (prefix taken off) and the rest', () => {
    const shown = new Set(['lengthDays', 'anchorDate']);
    const { byField, unplaced } = splitServerErrors(
      [
        { field: 'cadence.lengthDays', message: 'too long' },
        { field: 'cadence.lengthDays', message: 'later, ignored' },
        { field: 'cadence.other', message: 'not shown' },
        { field: 'anchorDate', message: 'no prefix but shown' },
        { field: 'cadence', message: 'the prefix alone is not stripped' },
        { field: 'cadenceX.lengthDays', message: 'only a whole prefix segment is stripped' },
      ],
      'cadence',
      (f) => shown.has(f),
    );
    expect(byField).toEqual({ lengthDays: 'too long', anchorDate: 'no prefix but shown' });
    expect(unplaced).toEqual([
      { field: 'other', message: 'not shown' },
      { field: 'cadence', message: 'the prefix alone is not stripped' },
      { field: 'cadenceX.lengthDays', message: 'only a whole prefix segment is stripped' },
    ]);
  });

  it('takes nothing off without a prefix, and copes with no field errors at all', () => {
    expect(splitServerErrors([{ field: 'a.b', message: 'm' }], '', (f) => f === 'a.b').byField).toEqual({ 'a.b': 'm' });
    expect(splitServerErrors(undefined, 'x', () => true)).toEqual({ byField: {}, unplaced: [] });
  });
});

// ---------------------------------------------------------------------------
// cadence-model
// ---------------------------------------------------------------------------

const biweekly: Cadence = { lengthDays: 14, anchorDate: '2026-11-30', versionPattern: '{yyyy}.{nn}' };

describe('cadence form', () => {
  it('shows the stored cadence as text, an unset anchor as empty', () => {
    expect(cadenceValuesOf(biweekly)).toEqual({
      lengthDays: '14',
      anchorDate: '2026-11-30',
      versionPattern: '{yyyy}.{nn}',
    });
    expect(cadenceValuesOf({ ...biweekly, anchorDate: null }).anchorDate).toBe('');
  });

  it('turns the typed values into the API input: trimmed anchor, empty anchor as null, number parsed', () => {
    expect(cadenceInput({ lengthDays: ' 7 ', anchorDate: ' 2027-01-04 ', versionPattern: ' R{n} ' })).toEqual({
      lengthDays: 7,
      anchorDate: '2027-01-04',
      versionPattern: ' R{n} ',
    });
    expect(cadenceInput({ lengthDays: '14', anchorDate: '   ', versionPattern: '{n}' }).anchorDate).toBeNull();
    expect(cadenceInput({ lengthDays: 'two weeks', anchorDate: '', versionPattern: '{n}' }).lengthDays).toBeNaN();
  });

  it('gives back the stored cadence from its own values (any valid cadence)', () => {
    const cadenceArb = fc.record({
      lengthDays: fc.integer({ min: 1, max: 91 }),
      anchorDate: fc.option(
        fc
          .date({ min: new Date('1990-01-01'), max: new Date('2060-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
        { nil: null },
      ),
      versionPattern: fc.constantFrom('{yyyy}.{nn}', 'R{n}', '{yy}-{mm}-{dd}', 'v{n}.0'),
    });
    fc.assert(
      fc.property(cadenceArb, (cadence) => {
        const values = cadenceValuesOf(cadence);
        expect(cadenceInput(values)).toEqual(cadence);
        expect(validateCadence(values)).toEqual({});
        expect(isCadenceChanged(cadence, values)).toBe(false);
      }),
    );
  });

  it('accepts a valid cadence', () => {
    expect(validateCadence(cadenceValuesOf(biweekly))).toEqual({});
    expect(validateCadence({ lengthDays: '7', anchorDate: '', versionPattern: 'R{n}' })).toEqual({});
  });

  it('says what is wrong with each field, in the backend schema’s words', () => {
    expect(validateCadence({ lengthDays: 'abc', anchorDate: '2027-02-30', versionPattern: '' })).toEqual({
      lengthDays: 'Cadence must be a whole number of days.',
      anchorDate: 'Anchor date "2027-02-30" is not a day written YYYY-MM-DD (e.g. 2027-01-04).',
      versionPattern: 'Version pattern is required.',
    });
    expect(validateCadence({ ...cadenceValuesOf(biweekly), lengthDays: '1.5' }).lengthDays).toBe(
      'Cadence must be a whole number of days.',
    );
    expect(validateCadence({ ...cadenceValuesOf(biweekly), lengthDays: '0' }).lengthDays).toBe(
      'Cadence must be at least one day.',
    );
    expect(validateCadence({ ...cadenceValuesOf(biweekly), lengthDays: '92' }).lengthDays).toBe(
      'Cadence must be at most 91 days.',
    );
  });

  it('refuses patterns that repeat a version or make invalid ones, one message per field', () => {
    const errors = validateCadence({ ...cadenceValuesOf(biweekly), versionPattern: '{yyyy}' });
    expect(Object.keys(errors)).toEqual(['versionPattern']);
    expect(errors.versionPattern).toMatch(/tell trains apart/);
    expect(validateCadence({ ...cadenceValuesOf(biweekly), versionPattern: 'v {n}' }).versionPattern).toMatch(
      /may only add letters, digits/,
    );
  });

  it('sees a change only where saving would store something different', () => {
    const values = cadenceValuesOf(biweekly);
    expect(isCadenceChanged(biweekly, values)).toBe(false);
    expect(isCadenceChanged(biweekly, { ...values, versionPattern: '  {yyyy}.{nn} ' })).toBe(false);
    expect(isCadenceChanged(biweekly, { ...values, anchorDate: ' 2026-11-30 ' })).toBe(false);
    expect(isCadenceChanged(biweekly, { ...values, lengthDays: '7' })).toBe(true);
    expect(isCadenceChanged(biweekly, { ...values, lengthDays: 'x' })).toBe(true);
    expect(isCadenceChanged(biweekly, { ...values, anchorDate: '2026-12-14' })).toBe(true);
    expect(isCadenceChanged(biweekly, { ...values, anchorDate: '' })).toBe(true);
    expect(isCadenceChanged(biweekly, { ...values, versionPattern: 'R{n}' })).toBe(true);
  });

  it('previews the next versions from today, counted from the anchor', () => {
    const preview = previewVersions(
      { lengthDays: '14', anchorDate: '2026-01-05', versionPattern: '{yyyy}.{nn}-{n}' },
      '2026-11-25',
    );
    expect(preview).toEqual({
      anchorDate: '2026-01-05',
      exampleAnchor: false,
      trains: [
        { version: '2026.25-25', start: '2026-12-07' },
        { version: '2026.26-26', start: '2026-12-21' },
        { version: '2027.01-27', start: '2027-01-04' },
      ],
    });
  });

  it('restarts {nn} in a new year and honours the count', () => {
    const preview = previewVersions(
      { lengthDays: '14', anchorDate: '2026-01-05', versionPattern: '{yy}.{nn}' },
      '2026-12-20',
      4,
    );
    expect(preview?.trains.map((t) => `${t.start} ${t.version}`)).toEqual([
      '2026-12-21 26.26',
      '2027-01-04 27.01',
      '2027-01-18 27.02',
      '2027-02-01 27.03',
    ]);
  });

  it('includes a train starting today', () => {
    const values = { lengthDays: '14', anchorDate: '2026-01-05', versionPattern: '{yyyy}.{nn}' };
    expect(previewVersions(values, '2026-12-07')?.trains[0]).toEqual({ version: '2026.25', start: '2026-12-07' });
    expect(previewVersions(values, '2026-12-08')?.trains[0]).toEqual({ version: '2026.26', start: '2026-12-21' });
  });

  it('names the trains exactly as planning them would', () => {
    const scenario = fc.record({
      lengthDays: fc.integer({ min: 1, max: 91 }),
      anchor: fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2024-01-01', n)),
      today: fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2024-01-01', n)),
      versionPattern: fc.constantFrom('{yyyy}.{nn}', 'R{n}', '{yy}-{mm}-{dd}', '{yy}.{nn}.{n}'),
      count: fc.integer({ min: 1, max: 6 }),
    });
    fc.assert(
      fc.property(scenario, ({ lengthDays, anchor, today, versionPattern, count }) => {
        const cadence = { lengthDays, anchorDate: anchor, versionPattern };
        const preview = previewVersions(cadenceValuesOf(cadence), today, count);
        const planned = planTrains(cadence, DEFAULT_TEMPLATE, { from: today, count, takenSlots: new Set() });
        expect(preview?.trains).toEqual(planned.map((t) => ({ version: t.version, start: t.start })));
        expect(preview?.trains.every((t) => t.start >= today && t.start >= anchor)).toBe(true);
      }),
    );
  });

  it('numbers nothing before an anchor that lies ahead', () => {
    const preview = previewVersions(
      { lengthDays: '7', anchorDate: '2027-03-01', versionPattern: 'R{n}' },
      '2026-11-25',
      2,
    );
    expect(preview?.trains).toEqual([
      { version: 'R1', start: '2027-03-01' },
      { version: 'R2', start: '2027-03-08' },
    ]);
  });

  it('without an anchor, counts from the next Monday and says it is an example', () => {
    const values = { lengthDays: '14', anchorDate: '', versionPattern: 'R{n}' };
    const fromWednesday = previewVersions(values, '2026-11-25');
    expect(fromWednesday).toMatchObject({ anchorDate: '2026-11-30', exampleAnchor: true });
    expect(fromWednesday?.trains).toEqual([
      { version: 'R1', start: '2026-11-30' },
      { version: 'R2', start: '2026-12-14' },
      { version: 'R3', start: '2026-12-28' },
    ]);
    expect(previewVersions(values, '2026-11-29')?.anchorDate).toBe('2026-11-30'); // Sunday
    expect(previewVersions(values, '2026-11-30')?.anchorDate).toBe('2026-11-30'); // Monday itself
  });

  it('shows no preview while the values are invalid', () => {
    expect(previewVersions({ ...cadenceValuesOf(biweekly), lengthDays: '' }, '2026-11-25')).toBeNull();
    expect(previewVersions({ ...cadenceValuesOf(biweekly), versionPattern: '{yyyy}' }, '2026-11-25')).toBeNull();
    expect(previewVersions({ ...cadenceValuesOf(biweekly), anchorDate: 'soon' }, '2026-11-25')).toBeNull();
  });

  it('explains the anchor, with the weekday trains start on when the cadence is whole weeks', () => {
    const base = 'The start of one train: every train starts a whole number of cadences from it.';
    expect(anchorHint({ lengthDays: '14', anchorDate: '', versionPattern: '' })).toBe(
      `${base} Empty until the first plan sets it.`,
    );
    expect(anchorHint({ lengthDays: '14', anchorDate: '2026-11-25', versionPattern: '' })).toBe(
      `${base} Trains start on Wednesdays.`,
    );
    expect(anchorHint({ lengthDays: '10', anchorDate: '2026-11-30', versionPattern: '' })).toBe(
      `${base} It is a Monday.`,
    );
    expect(anchorHint({ lengthDays: 'x', anchorDate: '2026-11-30', versionPattern: '' })).toBe(
      `${base} It is a Monday.`,
    );
    expect(anchorHint({ lengthDays: '14', anchorDate: '2026-13-01', versionPattern: '' })).toBe(base);
  });

  it('documents every version token', () => {
    expect(TOKEN_HELP.map((t) => t.token).sort()).toEqual([...VERSION_TOKENS].sort());
  });
});

// ---------------------------------------------------------------------------
// template-model
// ---------------------------------------------------------------------------

describe('lifecycle template rows', () => {
  it('turns a saved template into rows and back, unchanged and valid', () => {
    const rows = defaultRows();
    expect(rows.map((r) => r.uid)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(rows.every((r) => !r.isNew && r.keyEdited)).toBe(true);
    expect(rows[2]).toMatchObject({ key: 'rollout', lengthDays: '9', production: true, releaseDays: [0, 1, 5, 7] });
    expect(templateInput(rows)).toEqual(DEFAULT_TEMPLATE);
    expect(validateTemplate(rows)).toEqual(NO_TEMPLATE_ERRORS);
    expect(isTemplateChanged(DEFAULT_TEMPLATE, rows)).toBe(false);
  });

  it('copies release days, so editing a row never touches the saved template', () => {
    const rows = defaultRows();
    rows[2]!.releaseDays.push(8);
    expect(DEFAULT_TEMPLATE.phases[2]!.releaseDays).toEqual([0, 1, 5, 7]);
  });

  it.each([
    ['1', 1],
    [' 14 ', 14],
    [String(MAX_PHASE_DAYS), MAX_PHASE_DAYS],
    ['0', null],
    ['-2', null],
    ['1.5', null],
    [String(MAX_PHASE_DAYS + 1), null],
    ['', null],
    ['ten', null],
  ])('reads the length %j as %s', (text, length) => {
    expect(lengthOf(row({ lengthDays: text }))).toBe(length);
  });

  it('sends release days only for production phases, inside the phase, distinct and in order', () => {
    expect(effectiveReleaseDays(row({ production: true, lengthDays: '5', releaseDays: [4, 0, 2, 2, 5, 9] }))).toEqual([
      0, 2, 4,
    ]);
    expect(effectiveReleaseDays(row({ production: false, lengthDays: '5', releaseDays: [0, 1] }))).toEqual([]);
    // While the length is not a valid number, nothing is dropped.
    expect(effectiveReleaseDays(row({ production: true, lengthDays: '', releaseDays: [9, 3] }))).toEqual([3, 9]);
  });

  it('keeps release days while a phase is shortened or made non-production, so undoing brings them back', () => {
    let rows = defaultRows();
    rows = updatePhase(rows, 2, { lengthDays: '3' });
    expect(templateInput(rows).phases[2]!.releaseDays).toEqual([0, 1]);
    rows = updatePhase(rows, 2, { production: false });
    expect(templateInput(rows).phases[2]!.releaseDays).toEqual([]);
    rows = updatePhase(updatePhase(rows, 2, { production: true }), 2, { lengthDays: '9' });
    expect(templateInput(rows).phases[2]!.releaseDays).toEqual([0, 1, 5, 7]);
    expect(isTemplateChanged(DEFAULT_TEMPLATE, rows)).toBe(false);
  });

  it('derives contiguous offsets from the lengths; an invalid length counts as zero', () => {
    const rows = defaultRows();
    expect(offsetsOf(rows)).toEqual([0, 14, 16, 25]);
    expect(templateLengthOf(rows)).toBe(28);
    const broken = updatePhase(rows, 1, { lengthDays: 'x' });
    expect(offsetsOf(broken)).toEqual([0, 14, 14, 23]);
    expect(templateLengthOf(broken)).toBe(26);
    expect(offsetsOf([])).toEqual([]);
    expect(templateLengthOf([])).toBe(0);
  });

  it('sends the derived offsets with the template', () => {
    const rows = updatePhase(defaultRows(), 0, { lengthDays: '7' });
    expect(templateInput(rows).phases.map((p) => p.offsetDays)).toEqual([0, 7, 9, 18]);
    expect(validateTemplate(rows)).toEqual(NO_TEMPLATE_ERRORS);
  });

  it('offsets are always the running sum of the valid lengths', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), fc.constantFrom('', 'x', '2.5')), {
          maxLength: 12,
        }),
        (lengths) => {
          const rows = lengths.map((lengthDays, i) => row({ uid: `u${i}`, lengthDays }));
          const offsets = offsetsOf(rows);
          let sum = 0;
          rows.forEach((r, i) => {
            expect(offsets[i]).toBe(sum);
            sum += lengthOf(r) ?? 0;
          });
          expect(templateLengthOf(rows)).toBe(sum);
        },
      ),
    );
  });

  it('adds a blank non-production phase of one day at the end, with a free key', () => {
    const rows = defaultRows();
    const added = addPhase(rows, 'n1');
    expect(rows).toHaveLength(4);
    expect(added).toHaveLength(5);
    expect(added[4]).toEqual({
      uid: 'n1',
      isNew: true,
      keyEdited: false,
      key: 'phase',
      name: '',
      kind: 'other',
      lengthDays: '1',
      production: false,
      releaseDays: [],
    });
    const twice = addPhase(addPhase(added, 'n2'), 'n3');
    expect(twice.slice(4).map((r) => r.key)).toEqual(['phase', 'phase-2', 'phase-3']);
  });

  it('removes the phase at an index, and only that one', () => {
    const rows = defaultRows();
    expect(removePhase(rows, 1).map((r) => r.key)).toEqual(['development', 'rollout', 'monitoring']);
    expect(removePhase(rows, 9).map((r) => r.key)).toEqual(rows.map((r) => r.key));
    expect(rows).toHaveLength(4);
  });

  it('moves a phase up or down, and leaves the ends alone', () => {
    const rows = defaultRows();
    const keys = (rs: readonly PhaseRow[]) => rs.map((r) => r.key);
    expect(keys(movePhase(rows, 2, -1))).toEqual(['development', 'rollout', 'validation', 'monitoring']);
    expect(keys(movePhase(rows, 2, 1))).toEqual(['development', 'validation', 'monitoring', 'rollout']);
    expect(keys(movePhase(rows, 0, -1))).toEqual(keys(rows));
    expect(keys(movePhase(rows, 3, 1))).toEqual(keys(rows));
    expect(keys(movePhase(rows, 7, -1))).toEqual(keys(rows));
    const unchanged = movePhase(rows, 0, -1);
    expect(unchanged).not.toBe(rows);
    expect(keys(rows)).toEqual(['development', 'validation', 'rollout', 'monitoring']);
  });

  it('recomputes offsets after a move', () => {
    const moved = movePhase(defaultRows(), 3, -1);
    expect(templateInput(moved).phases.map((p) => [p.key, p.offsetDays])).toEqual([
      ['development', 0],
      ['validation', 14],
      ['monitoring', 16],
      ['rollout', 19],
    ]);
    expect(validateTemplate(moved)).toEqual(NO_TEMPLATE_ERRORS);
    expect(isTemplateChanged(DEFAULT_TEMPLATE, moved)).toBe(true);
  });

  it('a move is a permutation that an opposite move undoes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.nat(), fc.constantFrom(-1 as const, 1 as const), (n, i, d) => {
        const rows = Array.from({ length: n }, (_, j) => row({ uid: `u${j}` }));
        const index = i % n;
        const moved = movePhase(rows, index, d);
        expect([...moved].map((r) => r.uid).sort()).toEqual(rows.map((r) => r.uid).sort());
        const target = index + d;
        if (target < 0 || target >= n) expect(moved).toEqual(rows);
        else {
          expect(moved[target]).toBe(rows[index]);
          expect(movePhase(moved, target, d === 1 ? -1 : 1)).toEqual(rows);
        }
      }),
    );
  });

  it('a new phase’s key follows its name until a key is typed', () => {
    let rows = addPhase(defaultRows(), 'n1');
    rows = updatePhase(rows, 4, { name: 'Canary & smoke tests' });
    expect(rows[4]).toMatchObject({ name: 'Canary & smoke tests', key: 'canary-and-smoke-tests', keyEdited: false });
    rows = updatePhase(rows, 4, { name: 'Canary' });
    expect(rows[4]!.key).toBe('canary');
    rows = updatePhase(rows, 4, { key: 'my-key' });
    expect(rows[4]).toMatchObject({ key: 'my-key', keyEdited: true });
    rows = updatePhase(rows, 4, { name: 'Something else' });
    expect(rows[4]!.key).toBe('my-key');
  });

  it('never changes a saved phase’s key when it is renamed', () => {
    const rows = updatePhase(defaultRows(), 2, { name: 'Gradual rollout' });
    expect(rows[2]).toMatchObject({ key: 'rollout', name: 'Gradual rollout' });
  });

  it('keeps a name-derived key unique, and falls back to "phase" when the name gives none', () => {
    let rows = addPhase(defaultRows(), 'n1');
    rows = updatePhase(rows, 4, { name: 'Rollout' });
    expect(rows[4]!.key).toBe('rollout-2');
    rows = updatePhase(rows, 4, { name: '2027!' });
    expect(rows[4]!.key).toBe('phase');
    // Its own old key does not count as taken.
    rows = updatePhase(rows, 4, { name: 'Canary' });
    rows = updatePhase(rows, 4, { name: 'Canary' });
    expect(rows[4]!.key).toBe('canary');
  });

  it('only changes the row at the index', () => {
    const rows = defaultRows();
    const next = updatePhase(rows, 1, { lengthDays: '3' });
    expect(next[0]).toBe(rows[0]);
    expect(next[2]).toBe(rows[2]);
    expect(rows[1]!.lengthDays).toBe('2');
  });

  it.each([
    ['Production rollout', 'production-rollout'],
    ['Dév & QA', 'dev-and-qa'],
    ['  123 Go!  ', 'go'],
    ['Über-Phase', 'uber-phase'],
    ['---', ''],
    ['', ''],
  ])('makes the key %j → %j', (name, key) => {
    expect(keyFromName(name)).toBe(key);
  });

  it('a key from any name is empty or fits the key pattern', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (name) => {
        const key = keyFromName(name);
        if (key !== '') expect(key).toMatch(KEY_PATTERN);
      }),
    );
    expect(keyFromName('An extraordinarily long phase name indeed')).toBe('an-extraordinarily-long-phase-n');
  });

  // Regression test for a bug found in review (template-model.ts, freeKey).
  it('a name-derived key stays within the key pattern when made unique', () => {
    const name = 'An extraordinarily long phase name indeed';
    let rows = addPhase(addPhase(defaultRows(), 'n1'), 'n2');
    rows = updatePhase(rows, 4, { name });
    rows = updatePhase(rows, 5, { name });
    expect(rows[4]!.key).not.toBe(rows[5]!.key);
    expect(rows[5]!.key).toMatch(KEY_PATTERN);
    expect(validateTemplate(rows).rows.n2?.key).toBeUndefined();
  });

  it('toggles a release day in order', () => {
    expect(toggleReleaseDay(row({ releaseDays: [0, 5] }), 2)).toEqual([0, 2, 5]);
    expect(toggleReleaseDay(row({ releaseDays: [0, 2, 5] }), 2)).toEqual([0, 5]);
    expect(toggleReleaseDay(row({ releaseDays: [] }), 0)).toEqual([0]);
  });

  it('lists every phase kind with a label', () => {
    expect(KIND_OPTIONS.map((o) => o.value)).toEqual([...PHASE_KINDS]);
    expect(KIND_OPTIONS.every((o) => o.label.length > 0)).toBe(true);
  });
});

describe('lifecycle template validation', () => {
  it('puts a field error on the row it belongs to, by uid', () => {
    const rows = updatePhase(updatePhase(defaultRows(), 1, { name: '  ' }), 3, { key: 'Monitor ing' });
    const errors = validateTemplate(rows);
    expect(errors).toEqual({
      rows: {
        r2: { name: 'Phase name is required.' },
        r4: { key: 'Phase key must be lowercase letters, digits and hyphens (e.g. rollout).' },
      },
    });
    expect(hasTemplateErrors(errors)).toBe(true);
  });

  it('errors follow a row that moves', () => {
    const rows = movePhase(updatePhase(defaultRows(), 1, { name: '' }), 1, 1);
    expect(rows[2]!.uid).toBe('r2');
    expect(Object.keys(validateTemplate(rows).rows)).toEqual(['r2']);
  });

  it('refuses a repeated key on the later row', () => {
    const rows = updatePhase(defaultRows(), 3, { key: 'rollout' });
    expect(validateTemplate(rows).rows).toEqual({ r4: { key: 'Phase key "rollout" is used twice.' } });
  });

  it.each([
    ['0', 'A phase lasts at least one day.'],
    ['1.5', 'Length must be a whole number of days.'],
    ['', 'Length must be a whole number of days.'],
    ['two', 'Length must be a whole number of days.'],
  ])('refuses the length %j', (lengthDays, message) => {
    const errors = validateTemplate(updatePhase(defaultRows(), 0, { lengthDays }));
    expect(errors.rows).toEqual({ r1: { lengthDays: message } });
  });

  // Regression test for a bug found in review (template-model.ts offsetsOf vs templateInput).
  it('blames only the row whose length is out of range, not the row after it', () => {
    for (const lengthDays of ['150', '-3']) {
      const errors = validateTemplate(updatePhase(defaultRows(), 0, { lengthDays }));
      expect(Object.keys(errors.rows)).toEqual(['r1']);
    }
  });

  // Regression test for a bug found in review (shared/cadence.ts: no message for a phase over 120 days).
  it('says a phase is too long, not that its length is not a whole number', () => {
    const errors = validateTemplate(updatePhase(defaultRows(), 3, { lengthDays: String(MAX_PHASE_DAYS + 1) }));
    expect(errors.rows.r4?.lengthDays).toBeDefined();
    expect(errors.rows.r4?.lengthDays).not.toMatch(/whole number/);
  });

  it('asks for a release day on a production phase', () => {
    const errors = validateTemplate(updatePhase(defaultRows(), 2, { releaseDays: [] }));
    expect(errors.rows).toEqual({
      r3: { releaseDays: 'Production phase "Production rollout" needs at least one release day.' },
    });
    // Release days that all fall outside a shortened phase are as good as none.
    expect(validateTemplate(updatePhase(defaultRows(), 2, { releaseDays: [9, 10] })).rows.r3?.releaseDays).toMatch(
      /needs at least one release day/,
    );
  });

  it('puts template-wide problems on the template', () => {
    const noProduction = validateTemplate(updatePhase(defaultRows(), 2, { production: false }));
    expect(noProduction).toEqual({ rows: {}, template: 'A template needs at least one production phase.' });
    expect(validateTemplate([])).toEqual({ rows: {}, template: 'A template needs at least one phase.' });
    expect(hasTemplateErrors(noProduction)).toBe(true);
  });

  it('counts a map of empty rows as no errors', () => {
    expect(hasTemplateErrors(NO_TEMPLATE_ERRORS)).toBe(false);
    expect(hasTemplateErrors({ rows: { r1: {} } })).toBe(false);
    expect(hasTemplateErrors({ rows: { r1: { name: 'x' } } })).toBe(true);
  });

  it('places server errors under template. on rows; the rest goes to the alert', () => {
    const rows = defaultRows();
    const { errors, unplaced } = splitTemplateServerErrors(
      [
        { field: 'template.phases.1.lengthDays', message: 'length from server' },
        { field: 'template.phases.2.offsetDays', message: 'offset from server' },
        { field: 'template.phases.2.releaseDays.0', message: 'release day from server' },
        { field: 'template.phases', message: 'template from server' },
        { field: 'template.phases.9.key', message: 'no such row' },
        { field: 'cadence.lengthDays', message: 'not the template' },
      ],
      rows,
    );
    expect(errors).toEqual({
      rows: {
        r2: { lengthDays: 'length from server' },
        r3: { row: 'offset from server', releaseDays: 'release day from server' },
      },
      template: 'template from server',
    });
    expect(unplaced).toEqual(['not the template', 'no such row']);
    expect(splitTemplateServerErrors(undefined, rows)).toEqual({ errors: { rows: {} }, unplaced: [] });
  });

  it('shows a field’s error once it was left, and every error after a Save attempt', () => {
    const errors: TemplateErrors = {
      rows: { r1: { name: 'n1', lengthDays: 'l1' }, r2: { key: 'k2' } },
      template: 'whole template',
    };
    expect(shownTemplateErrors(errors, new Set(), false)).toEqual({ rows: {} });
    expect(shownTemplateErrors(errors, new Set(['r1.lengthDays', 'r2.name', 'r9.key']), false)).toEqual({
      rows: { r1: { lengthDays: 'l1' } },
    });
    expect(shownTemplateErrors(errors, new Set(), true)).toEqual(errors);
  });

  it('merges client and server errors, the server winning per field', () => {
    const client: TemplateErrors = { rows: { r1: { name: 'client name', key: 'client key' }, r2: { kind: 'k' } } };
    const server: TemplateErrors = { rows: { r1: { name: 'server name' }, r3: { row: 'row' } }, template: 'server' };
    expect(mergeTemplateErrors(client, server)).toEqual({
      rows: { r1: { name: 'server name', key: 'client key' }, r2: { kind: 'k' }, r3: { row: 'row' } },
      template: 'server',
    });
    expect(mergeTemplateErrors({ rows: {}, template: 'client' }, { rows: {} })).toEqual({
      rows: {},
      template: 'client',
    });
    expect(mergeTemplateErrors({ rows: {} }, { rows: {} })).toEqual({ rows: {} });
    expect('template' in mergeTemplateErrors({ rows: {} }, { rows: {} })).toBe(false);
  });
});

describe('lifecycle template changes', () => {
  const changed = (patch: Partial<PhaseRow>, index = 2) =>
    isTemplateChanged(DEFAULT_TEMPLATE, updatePhase(defaultRows(), index, patch));

  it('ignores what the server trims', () => {
    expect(changed({ name: '  Production rollout ' })).toBe(false);
    expect(changed({ key: ' rollout ' })).toBe(false);
    expect(changed({ lengthDays: ' 9 ' })).toBe(false);
    expect(changed({ releaseDays: [7, 5, 1, 0, 0] })).toBe(false);
  });

  it.each<[string, Partial<PhaseRow>]>([
    ['name', { name: 'Rollout' }],
    ['key', { key: 'release' }],
    ['kind', { kind: 'other' }],
    ['length', { lengthDays: '10' }],
    ['invalid length', { lengthDays: 'ten' }],
    ['production', { production: false }],
    ['release days', { releaseDays: [0, 1, 5] }],
  ])('sees a change of %s', (_what, patch) => {
    expect(changed(patch)).toBe(true);
  });

  it('sees an added, removed or moved phase', () => {
    const rows = defaultRows();
    expect(isTemplateChanged(DEFAULT_TEMPLATE, addPhase(rows, 'n'))).toBe(true);
    expect(isTemplateChanged(DEFAULT_TEMPLATE, removePhase(rows, 3))).toBe(true);
    expect(isTemplateChanged(DEFAULT_TEMPLATE, movePhase(rows, 0, 1))).toBe(true);
  });

  it('compares against any saved template', () => {
    const saved: LifecycleTemplate = {
      phases: [
        {
          key: 'ship',
          name: 'Ship',
          kind: 'rollout',
          offsetDays: 0,
          lengthDays: 7,
          production: true,
          releaseDays: [2],
        },
      ],
    };
    const rows = rowsOf(saved, uids('s'));
    expect(isTemplateChanged(saved, rows)).toBe(false);
    expect(isTemplateChanged(DEFAULT_TEMPLATE, rows)).toBe(true);
  });
});

describe('train days of the template preview', () => {
  it('gives each day the weekday every train has on it when the cadence is whole weeks', () => {
    const days = trainDays(9, '2026-11-30', 14, [1, 2, 3, 4, 5]);
    expect(days.map((d) => d.weekday)).toEqual([1, 2, 3, 4, 5, 6, 7, 1, 2]);
    expect(days.map((d) => d.working)).toEqual([true, true, true, true, true, false, false, true, true]);
    expect(days.map((d) => d.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(weekdayOf(days, 2)).toBe('Wed');
    expect(weekdayOf(days, 6)).toBe('Sun');
    expect(weekdayOf(days, 20)).toBeNull();
  });

  it('shows no weekdays when they vary from train to train or the anchor is unset', () => {
    for (const days of [trainDays(5, '2026-11-30', 10, [1]), trainDays(5, null, 14, [1])]) {
      expect(days).toHaveLength(5);
      expect(days.every((d) => d.weekday === null && d.working)).toBe(true);
      expect(weekdayOf(days, 0)).toBeNull();
    }
    expect(trainDays(0, '2026-11-30', 7, [1])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// rules-model
// ---------------------------------------------------------------------------

const christmas: Holiday = { date: '2026-12-25', name: 'Christmas Day' };
const yearEnd: Freeze = { id: 1, name: 'Year-end freeze', start: '2026-12-21', end: '2027-01-03', reason: '' };

describe('working days', () => {
  it('needs at least one working day', () => {
    expect(validateWorkingDays([1, 2, 3, 4, 5])).toBeUndefined();
    expect(validateWorkingDays([7])).toBeUndefined();
    expect(validateWorkingDays([])).toBe('At least one day of the week must be a working day.');
    expect(validateWorkingDays([0])).toBeDefined();
    expect(validateWorkingDays([8])).toBeDefined();
  });

  it('compares weekdays as sets in any order', () => {
    expect(sameWeekdays([5, 1, 3], [1, 3, 5])).toBe(true);
    expect(sameWeekdays([1, 2], [1, 2, 3])).toBe(false);
    expect(sameWeekdays([], [])).toBe(true);
  });

  it('toggles a weekday, keeping the list in order', () => {
    expect(toggleWeekday([1, 5], 3)).toEqual([1, 3, 5]);
    expect(toggleWeekday([1, 3, 5], 3)).toEqual([1, 5]);
    expect(toggleWeekday([], 7)).toEqual([7]);
  });
});

describe('holidays and freezes, as text', () => {
  it('names days with their weekday', () => {
    expect(dayWithWeekday('2026-12-25')).toBe('Fri 25 Dec 2026');
    expect(describeHoliday(christmas)).toBe('Christmas Day (Fri 25 Dec 2026)');
  });

  it('writes a freeze as its span, or one day', () => {
    expect(freezeSpan(yearEnd)).toBe('Mon 21 Dec 2026 – Sun 3 Jan 2027');
    expect(freezeSpan({ start: '2026-12-24', end: '2026-12-24' })).toBe('Thu 24 Dec 2026');
    expect(describeFreeze(yearEnd)).toBe('Year-end freeze (Mon 21 Dec 2026 – Sun 3 Jan 2027)');
  });

  it('counts a freeze’s days with both ends included', () => {
    expect(freezeLengthDays(yearEnd)).toBe(14);
    expect(freezeLengthDays({ start: '2026-12-24', end: '2026-12-24' })).toBe(1);
    expect(freezeLengthDays({ start: '2027-02-27', end: '2027-03-01' })).toBe(3);
    expect(pluralDays(1)).toBe('1 day');
    expect(pluralDays(0)).toBe('0 days');
    expect(pluralDays(14)).toBe('14 days');
  });

  it('groups holidays by year, years and days in order', () => {
    const newYear: Holiday = { date: '2027-01-01', name: 'New Year’s Day' };
    const boxing: Holiday = { date: '2026-12-26', name: 'Boxing Day' };
    const may: Holiday = { date: '2026-05-01', name: 'May Day' };
    expect(holidaysByYear([newYear, boxing, may, christmas])).toEqual([
      { year: '2026', holidays: [may, christmas, boxing] },
      { year: '2027', holidays: [newYear] },
    ]);
    expect(holidaysByYear([christmas])).toEqual([{ year: '2026', holidays: [christmas] }]);
    expect(holidaysByYear([])).toEqual([]);
  });

  it('sorts freezes by start, then end, then id, without touching the input', () => {
    const a: Freeze = { ...yearEnd, id: 3, start: '2026-12-21', end: '2026-12-31' };
    const b: Freeze = { ...yearEnd, id: 1, start: '2026-12-21', end: '2027-01-03' };
    const c: Freeze = { ...yearEnd, id: 2, start: '2026-12-21', end: '2027-01-03' };
    const d: Freeze = { ...yearEnd, id: 4, start: '2026-08-01', end: '2026-08-02' };
    const input = [c, b, a, d];
    expect(sortedFreezes(input)).toEqual([d, a, b, c]);
    expect(input).toEqual([c, b, a, d]);
  });

  it('tells past, current and coming freezes apart, both ends current', () => {
    expect(freezeTiming(yearEnd, '2026-12-20')).toBe('upcoming');
    expect(freezeTiming(yearEnd, '2026-12-21')).toBe('current');
    expect(freezeTiming(yearEnd, '2027-01-03')).toBe('current');
    expect(freezeTiming(yearEnd, '2027-01-04')).toBe('past');
  });
});

describe('holiday form', () => {
  it('accepts a new holiday', () => {
    expect(validateHoliday({ date: '2026-12-26', name: 'Boxing Day' }, [christmas])).toEqual({});
  });

  it('asks plainly for a missing date and name', () => {
    expect(validateHoliday({ date: '', name: ' ' }, [])).toEqual({
      date: 'Holiday date is required.',
      name: 'Holiday name is required.',
    });
    expect(validateHoliday({ date: '   ', name: 'x' }, []).date).toBe('Holiday date is required.');
  });

  it('refuses a day that does not exist, and an overlong name', () => {
    expect(validateHoliday({ date: '2027-02-29', name: 'Leap' }, []).date).toBe(
      'Holiday date "2027-02-29" is not a day written YYYY-MM-DD (e.g. 2027-01-04).',
    );
    expect(validateHoliday({ date: '2026-12-26', name: 'x'.repeat(81) }, []).name).toBe(
      'Holiday name must be at most 80 characters.',
    );
  });

  it('refuses a second holiday on a day, naming the one there', () => {
    expect(validateHoliday({ date: '2026-12-25', name: 'Xmas' }, [christmas])).toEqual({
      date: 'Fri 25 Dec 2026 is already a holiday (Christmas Day).',
    });
  });

  it('hints the weekday, and says when it was not a working day anyway', () => {
    expect(holidayDateHint('2026-12-25', [1, 2, 3, 4, 5])).toBe('Fri 25 Dec 2026');
    expect(holidayDateHint('2026-12-26', [1, 2, 3, 4, 5])).toBe(
      'Sat 26 Dec 2026: Saturday is not a working day anyway.',
    );
    expect(holidayDateHint('', [1])).toBeUndefined();
    expect(holidayDateHint('2026-12-32', [1])).toBeUndefined();
  });

  it('knows its fields', () => {
    expect(isHolidayField('date')).toBe(true);
    expect(isHolidayField('reason')).toBe(false);
  });
});

describe('freeze form', () => {
  const valid = { name: 'Year-end freeze', start: '2026-12-21', end: '2027-01-03', reason: 'Holidays' };

  it('accepts a freeze, one day long included', () => {
    expect(validateFreeze(valid)).toEqual({});
    expect(validateFreeze({ ...valid, end: valid.start, reason: '' })).toEqual({});
  });

  it('asks plainly for missing dates and a name', () => {
    expect(validateFreeze(EMPTY_FREEZE)).toEqual({
      name: 'Freeze name is required.',
      start: 'Freeze start is required.',
      end: 'Freeze end is required.',
    });
  });

  it('refuses a freeze that ends before it starts, on the end field', () => {
    expect(validateFreeze({ ...valid, end: '2026-12-20' })).toEqual({
      end: 'A freeze must end on or after the day it starts.',
    });
  });

  it('refuses impossible days and an overlong reason', () => {
    expect(validateFreeze({ ...valid, start: '2026-12-32' }).start).toMatch(/^Freeze start "2026-12-32" is not a day/);
    expect(validateFreeze({ ...valid, reason: 'x'.repeat(501) })).toEqual({
      reason: 'Reason must be at most 500 characters.',
    });
  });

  it('previews what it will add, only when the dates make a freeze', () => {
    expect(freezePreview(valid)).toBe('14 days: Mon 21 Dec 2026 – Sun 3 Jan 2027');
    expect(freezePreview({ ...valid, end: valid.start })).toBe('1 day: Mon 21 Dec 2026');
    expect(freezePreview({ ...valid, end: '2026-12-20' })).toBeNull();
    expect(freezePreview({ ...valid, start: '' })).toBeNull();
    expect(freezePreview({ ...valid, end: '2027-02-30' })).toBeNull();
  });

  it('knows its fields', () => {
    expect(isFreezeField('reason')).toBe(true);
    expect(isFreezeField('date')).toBe(false);
  });
});
