import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES, contract } from '../../shared/contract';
import {
  MAX_WEIGHT,
  deploymentChangesSchema,
  deploymentDraftSchema,
  deploymentKeySchema,
  deploymentQuerySchema,
} from '../../shared/deployment';
import { fieldErrorsFromZod, type FieldError } from '../../shared/errors';
import { FILE_FORMATS } from '../../shared/export/formats';
import { METHOD_NAMES, type MethodName, ipcChannel } from '../../shared/method-names';
import { DRAFT_DEFAULTS } from '../helpers/deployments';

/** One valid input per method; typed so that a new method without an example is a compile error. */
const VALID_INPUT: Record<MethodName, Record<string, unknown>> = {
  'app.info': {},
  'database.check': {},
  'database.backups': {},
  'database.backup': {},
  'database.restore': { backup: '2026-01-05T090000.000Z-daily.db' },
  'deployments.list': { region: 'us-east', status: 'active', sort: 'weight', direction: 'desc' },
  'deployments.get': { key: 'us-east-3' },
  'deployments.create': { key: 'us-east-3', name: 'US East 3', region: 'us-east', timeZone: 'America/New_York' },
  'deployments.update': { key: 'us-east-3', changes: { weight: 12, releaseWindow: { start: '09:00', end: '11:00' } } },
  'deployments.retire': { key: 'us-east-3' },
  'deployments.reactivate': { key: 'us-east-3' },
  'deployments.block': { key: 'us-east-3', from: '2027-03-01', to: '2027-03-05', reason: 'Customer launch week' },
  'deployments.unblock': { key: 'us-east-3', id: 1 },
  'deployments.importCsv': { csv: 'key,name,region,time_zone\n' },
  'deployments.exportCsv': { status: 'active', bom: true },
  'fleet.loadDemo': {},
  'fleet.versions': {},
  'calendar.range': { from: '2027-01-01', to: '2027-01-31' },
  'calendar.overview': { from: '2027-01-01', to: '2027-01-31', trainId: 1 },
  'trains.list': { from: '2027-01-01' },
  'trains.get': { id: 1 },
  'trains.plan': { from: '2027-01-04', count: 26 },
  'trains.move': { id: 1, start: '2027-01-11', shiftLater: true, expectedRevision: 7 },
  'trains.skip': { id: 1, reason: 'Company offsite' },
  'trains.cancel': { id: 1, reason: 'Merged into 2027.02' },
  'trains.reinstate': { id: 1 },
  'trains.rename': { id: 1, version: '2027.01-hotfix', expectedRevision: 7 },
  'trains.setNotes': { id: 1, notes: '## Highlights', expectedRevision: 7 },
  'holidays.list': {},
  'holidays.add': { date: '2027-12-25', name: 'Christmas Day' },
  'holidays.remove': { date: '2027-12-25' },
  'freezes.list': {},
  'freezes.add': { name: 'Year-end freeze', start: '2027-12-19', end: '2028-01-03' },
  'freezes.remove': { id: 1 },
  'settings.get': {},
  'settings.update': { workingDays: [1, 2, 3, 4, 5], expectedRevision: 0 },
  'rollout.get': { trainId: 1 },
  'rollout.plan': { trainId: 1 },
  'rollout.move': { trainId: 1, key: 'us-east-3', wave: 2, reason: 'Customer launch on Monday', expectedRevision: 3 },
  'fairness.report': { last: 26 },
  'fairness.rebuild': {},
  'kpis.report': { last: 12 },
  'simulate.run': { deployments: 40, trains: 52, seed: 7 },
  'simulate.progress': { runId: 'run-1' },
  'simulate.cancel': { runId: 'run-1' },
  'policy.get': {},
  'policy.update': { policy: { waveSizes: { kind: 'growing', first: 2, factor: 2 } }, expectedRevision: 0 },
  'gates.list': { trainId: 1 },
  'gates.set': {
    trainId: 1,
    key: 'unit-tests',
    action: 'pass',
    evidenceUrl: 'https://ci.example.com/runs/42',
    expectedRevision: 12,
  },
  'gates.defaults.get': {},
  'gates.defaults.update': {
    policy: { gates: [{ key: 'unit-tests', name: 'Unit tests', kind: 'check' }], freshInternalBakeOnResume: true },
  },
  'steps.transition': { trainId: 1, wave: 1, action: 'start' },
  'patches.transition': { patchId: 1, wave: 1, action: 'start' },
  'trains.halt': { trainId: 1, reason: 'Login fails for SSO users', reference: 'INC-4821', severity: 'critical' },
  'trains.resume': { trainId: 1, fixVersion: '2027.03.1' },
  'status.get': { trainId: 1 },
  'today.board': {},
  'deployments.history': { key: 'us-east-3' },
  'audit.list': { key: 'us-east-3', limit: 100 },
  'audit.undo': { trainId: 1 },
  'export.render': { selection: { kind: 'train', trainId: 3 }, format: 'ics' },
  'export.save': {
    selection: { kind: 'range', from: '2027-01-01', to: '2027-03-31' },
    format: 'pdf',
    options: { paper: 'letter' },
  },
  'publish.get': {},
  'publish.update': { folder: '/srv/shared/release-calendar' },
  'rollouts.overview': { trainId: 1 },
  'feeds.list': {},
  'feeds.create': { kind: 'deployment', key: 'us-east-3', label: "US East 3's releases" },
  'feeds.revoke': { id: 1 },
  'notifications.settings.get': {},
  'notifications.settings.update': { kinds: { bake_ended: false } },
  'notifications.take': { client: 'desktop' },
  'user.get': {},
  'user.update': { userName: 'Dana Release' },
  'users.list': {},
  'users.add': { name: 'sam.lee', role: 'release-manager', displayName: 'Sam Lee', password: 'correct horse battery' },
  'users.setRole': { name: 'sam.lee', role: 'lead' },
  'users.disable': { name: 'sam.lee' },
  'users.enable': { name: 'sam.lee' },
  'users.resetPassword': { name: 'sam.lee', password: 'another long passphrase' },
};

const minimalDraft = { key: 'us-east-3', name: 'US East 3', region: 'us-east', timeZone: 'America/New_York' };

function draftErrors(input: unknown): FieldError[] {
  const r = deploymentDraftSchema.safeParse(input);
  return r.success ? [] : fieldErrorsFromZod(r.error);
}

describe('API contract', () => {
  it('has exactly one contract entry per method name, and no entry without a name', () => {
    expect(Object.keys(contract).sort()).toEqual([...METHOD_NAMES].sort());
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
  });

  it('gives every method its own fixed IPC channel', () => {
    const channels = METHOD_NAMES.map(ipcChannel);
    expect(new Set(channels).size).toBe(METHOD_NAMES.length);
    expect(ipcChannel('deployments.create')).toBe('rc:deployments.create');
  });

  describe.each(METHOD_NAMES)('%s', (method) => {
    it('accepts its documented input', () => {
      const r = contract[method].input.safeParse(VALID_INPUT[method]);
      expect(r.error?.issues ?? []).toEqual([]);
    });

    it('refuses an unknown field (strict objects), naming it', () => {
      const r = contract[method].input.safeParse({ ...VALID_INPUT[method], colour: 'blue' });
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.message).join(' ')).toContain('colour');
    });

    it('refuses a value that is not an object', () => {
      expect(contract[method].input.safeParse('deployments').success).toBe(false);
      expect(contract[method].input.safeParse(42).success).toBe(false);
    });
  });

  it('takes the revision an edit was made from as a whole number of at least 0, or none', () => {
    const notes = contract['trains.setNotes'].input;
    expect(notes.safeParse({ id: 1, notes: 'x' }).success).toBe(true);
    for (const expectedRevision of [-1, 1.5, '3', null])
      expect(notes.safeParse({ id: 1, notes: 'x', expectedRevision }).success, String(expectedRevision)).toBe(false);
  });

  it('lets methods without input be called with nothing at all', () => {
    expect(contract['app.info'].input.safeParse(undefined).success).toBe(true);
    expect(contract['fleet.loadDemo'].input.safeParse(undefined).success).toBe(true);
    expect(contract['deployments.list'].input.parse(undefined)).toEqual({
      status: 'all',
      sort: 'key',
      direction: 'asc',
    });
    expect(contract['deployments.exportCsv'].input.parse(undefined)).toEqual({ status: 'all', bom: false });
  });

  it('reports wrong types with the dotted path of the field', () => {
    const r = contract['deployments.update'].input.safeParse({ key: 'us-east-3', changes: { weight: 'heavy' } });
    expect(r.success).toBe(false);
    expect(fieldErrorsFromZod(r.error!)).toEqual([
      { field: 'changes.weight', message: 'Weight must be a whole number (customers or users served).' },
    ]);
  });

  it('exports in every format it names, the Atom feed of release notes included, and names them when refusing', () => {
    const selection = { kind: 'all' };
    for (const format of ['ics', 'csv', 'json', 'md', 'html', 'atom'])
      expect(contract['export.render'].input.safeParse({ selection, format }).error?.issues ?? [], format).toEqual([]);
    for (const format of [...FILE_FORMATS])
      expect(contract['export.save'].input.safeParse({ selection, format }).error?.issues ?? [], format).toEqual([]);
    expect(FILE_FORMATS).toContain('atom');
    // PDF is printed from HTML by the caller, so only saving takes it.
    const pdf = contract['export.render'].input.safeParse({ selection, format: 'pdf' });
    expect(fieldErrorsFromZod(pdf.error!)).toEqual([
      { field: 'format', message: 'Format must be one of: ics, csv, json, md, html, atom.' },
    ]);
    const rss = contract['export.save'].input.safeParse({ selection, format: 'rss' });
    expect(fieldErrorsFromZod(rss.error!)).toEqual([
      { field: 'format', message: 'Format must be one of: ics, csv, json, md, html, atom, pdf.' },
    ]);
  });

  it('refuses a CSV import larger than 5 MB with advice to split it', () => {
    const r = contract['deployments.importCsv'].input.safeParse({ csv: 'x'.repeat(MAX_IMPORT_BYTES + 1) });
    expect(r.success).toBe(false);
    expect(fieldErrorsFromZod(r.error!)[0]).toMatchObject({ field: 'csv', message: expect.stringMatching(/split/) });
    expect(contract['deployments.importCsv'].input.safeParse({ csv: 'x'.repeat(MAX_IMPORT_BYTES) }).success).toBe(true);
  });
});

describe('deployment draft schema', () => {
  it('fills in the defaults: standard tier, weight 0, no pairing group, no pin, not internal, not opted out', () => {
    expect(deploymentDraftSchema.parse(minimalDraft)).toEqual({
      ...minimalDraft,
      ...DRAFT_DEFAULTS,
    });
  });

  it('trims text fields', () => {
    const d = deploymentDraftSchema.parse({ ...minimalDraft, key: '  us-east-3 ', name: ' US East 3  ' });
    expect(d.key).toBe('us-east-3');
    expect(d.name).toBe('US East 3');
  });

  it('refuses an internal deployment pinned late, on the pin policy field', () => {
    expect(draftErrors({ ...minimalDraft, internal: true, pinPolicy: 'late' })).toEqual([
      {
        field: 'pinPolicy',
        message: 'The internal deployment always receives a release first, so it cannot be pinned late.',
      },
    ]);
    expect(draftErrors({ ...minimalDraft, internal: true, pinPolicy: 'none' })).toEqual([]);
    expect(draftErrors({ ...minimalDraft, internal: false, pinPolicy: 'late' })).toEqual([]);
  });

  it('names every missing required field', () => {
    expect(draftErrors({}).map((e) => e.field)).toEqual(['key', 'name', 'region', 'timeZone']);
  });

  it('reports an unknown field and a wrong type together', () => {
    const errors = draftErrors({ ...minimalDraft, weight: '12', colour: 'blue' });
    expect(errors).toContainEqual({ field: 'weight', message: expect.stringMatching(/whole number/) });
    expect(errors).toContainEqual({ field: '(input)', message: expect.stringContaining('colour') });
  });

  describe('key', () => {
    it.each(['us-east-3', 'a', '9', 'eu-west-1b', 'a'.repeat(63)])('accepts %s', (key) => {
      expect(deploymentKeySchema.safeParse(key).success).toBe(true);
    });

    it.each([
      ['uppercase letters', 'US-EAST-3'],
      ['a leading hyphen', '-us-east'],
      ['a trailing hyphen', 'us-east-'],
      ['an underscore', 'us_east'],
      ['a space inside', 'us east'],
      ['64 characters', 'a'.repeat(64)],
      ['nothing', ''],
      ['only spaces', '   '],
    ])('refuses a key with %s', (_why, key) => {
      const fields = draftErrors({ ...minimalDraft, key }).map((e) => e.field);
      expect(fields.length).toBeGreaterThan(0);
      expect(new Set(fields)).toEqual(new Set(['key']));
    });

    it('explains the key rules with an example', () => {
      expect(draftErrors({ ...minimalDraft, key: 'US-EAST' })[0]?.message).toContain('e.g. us-east-3');
      expect(draftErrors({ ...minimalDraft, key: 'a'.repeat(64) })[0]?.message).toBe(
        'Key must be at most 63 characters.',
      );
      expect(draftErrors({ ...minimalDraft, key: '' })[0]?.message).toBe('Key is required.');
    });
  });

  describe('weight', () => {
    it.each([0, 1, 48_200, MAX_WEIGHT])('accepts %d', (weight) => {
      expect(draftErrors({ ...minimalDraft, weight })).toEqual([]);
    });

    it.each([
      ['negative', -1, 'Weight cannot be negative.'],
      ['fractional', 1.5, 'Weight must be a whole number (customers or users served).'],
      ['over the maximum', MAX_WEIGHT + 1, 'Weight must be at most 1,000,000,000.'],
      ['not a number', Number.NaN, 'Weight must be a whole number (customers or users served).'],
      ['a string', '100', 'Weight must be a whole number (customers or users served).'],
    ])('refuses a weight that is %s', (_why, weight, message) => {
      expect(draftErrors({ ...minimalDraft, weight })).toEqual([{ field: 'weight', message }]);
    });
  });

  describe('pairing group', () => {
    it.each(['', '   '])('turns an empty pairing group (%j) into none', (pairingGroup) => {
      expect(deploymentDraftSchema.parse({ ...minimalDraft, pairingGroup }).pairingGroup).toBeNull();
    });

    it('keeps a named pairing group', () => {
      expect(deploymentDraftSchema.parse({ ...minimalDraft, pairingGroup: 'us-pair-1' }).pairingGroup).toBe(
        'us-pair-1',
      );
    });

    it('refuses uppercase letters in a pairing group', () => {
      expect(draftErrors({ ...minimalDraft, pairingGroup: 'US-Pair' }).map((e) => e.field)).toEqual(['pairingGroup']);
    });
  });

  it('refuses an offset or an abbreviation as time zone, quoting it', () => {
    expect(draftErrors({ ...minimalDraft, timeZone: 'CET' })).toEqual([
      {
        field: 'timeZone',
        message: '"CET" is not an IANA time zone; use a name such as Europe/Berlin or America/New_York.',
      },
    ]);
    expect(draftErrors({ ...minimalDraft, timeZone: '+02:00' }).map((e) => e.field)).toEqual(['timeZone']);
  });

  it('refuses an unknown tier or pin policy with the list of allowed values', () => {
    expect(draftErrors({ ...minimalDraft, tier: 'gold' })).toEqual([
      { field: 'tier', message: 'Tier must be one of: standard, premium, enterprise, government.' },
    ]);
    expect(draftErrors({ ...minimalDraft, pinPolicy: 'early' })).toEqual([
      { field: 'pinPolicy', message: 'Pin policy must be "none" or "late".' },
    ]);
  });
});

describe('deployment changes schema', () => {
  it('accepts any subset of the editable fields, without defaults', () => {
    expect(deploymentChangesSchema.parse({})).toEqual({});
    expect(deploymentChangesSchema.parse({ weight: 5, pairingGroup: '' })).toEqual({ weight: 5, pairingGroup: null });
  });

  it('refuses a change of key: the key is the permanent identity', () => {
    const r = deploymentChangesSchema.safeParse({ key: 'renamed' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('key');
  });
});

describe('deployment query schema', () => {
  it('defaults to all deployments sorted by key ascending', () => {
    expect(deploymentQuerySchema.parse({})).toEqual({ status: 'all', sort: 'key', direction: 'asc' });
  });

  it('refuses sorting by a field that is not offered', () => {
    const r = deploymentQuerySchema.safeParse({ sort: 'createdAt' });
    expect(r.success).toBe(false);
    expect(fieldErrorsFromZod(r.error!)[0]?.field).toBe('sort');
  });

  it('refuses an unknown status', () => {
    const r = deploymentQuerySchema.safeParse({ status: 'deleted' });
    expect(fieldErrorsFromZod(r.error!)).toEqual([
      { field: 'status', message: 'Status must be active, retired or all.' },
    ]);
  });
});
