import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entryId, escapeXml, feedId, releasedTrains, toAtom } from '../../shared/export/atom';
import { exportFileName } from '../../shared/export/formats';
import { type ExportSnapshot, type ExportStep, planOf } from '../../shared/export/snapshot';
import { demoSnapshot, standingHalt } from '../helpers/export-snapshot';

/** Every step of train `trainId` in `state`, finished on its wave's day at 11:00 UTC. */
function everyStep(snapshot: ExportSnapshot, trainId: number, state: ExportStep['state'] = 'released'): ExportStep[] {
  return planOf(snapshot, trainId)!.waves.flatMap((w) =>
    w.keys.map((key) => ({ trainId, key, state, finishedAt: `${w.date}T11:00:00.000Z` })),
  );
}

/** `steps` with the step of `key` in train `trainId` replaced by `changes`. */
function withStep(steps: ExportStep[], trainId: number, key: string, changes: Partial<ExportStep>): ExportStep[] {
  return steps.map((s) => (s.trainId === trainId && s.key === key ? { ...s, ...changes } : s));
}

/** The demo's four trains, the first two released (every step), with notes changed at the given instants. */
function released(notesChanges: ExportSnapshot['notesChanges'] = []): ExportSnapshot {
  const base = demoSnapshot();
  return { ...base, steps: [...everyStep(base, 1), ...everyStep(base, 2)], notesChanges };
}

function keysOf(snapshot: ExportSnapshot, trainId: number, wave: number): string[] {
  return planOf(snapshot, trainId)!.waves.find((w) => w.index === wave)!.keys;
}

/** The text of each `<name>` element of the feed, in order. */
function elements(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}(?: [^>]*)?>([^<]*)</${name}>`, 'g'))].map((m) => m[1]!);
}

function entries(xml: string): string[] {
  return [...xml.matchAll(/<entry>[\s\S]*?<\/entry>/g)].map((m) => m[0]);
}

describe('releasedTrains: what counts as released', () => {
  it('takes a train whose every step has ended, one customer deployment or more released', () => {
    const snapshot = released();
    expect(releasedTrains(snapshot).map((r) => r.train.id)).toEqual([1, 2]);
  });

  it('leaves out a train with a step pending or in progress, wave 0 included', () => {
    const base = released();
    const [key] = keysOf(base, 1, 4);
    const pending = { ...base, steps: base.steps!.filter((s) => !(s.trainId === 1 && s.key === key)) };
    expect(releasedTrains(pending).map((r) => r.train.id)).toEqual([2]);
    const moving = { ...base, steps: withStep(base.steps!, 1, key!, { state: 'in_progress' }) };
    expect(releasedTrains(moving).map((r) => r.train.id)).toEqual([2]);
    const internal = { ...base, steps: withStep(base.steps!, 2, 'internal-us', { state: 'in_progress' }) };
    expect(releasedTrains(internal).map((r) => r.train.id)).toEqual([1]);
  });

  it('takes failed, rolled back and skipped deployments as ended, but needs one customer release', () => {
    const base = released();
    const customers = planOf(base, 1)!
      .waves.filter((w) => w.index > 0)
      .flatMap((w) => w.keys);
    const ended = ['failed', 'rolled_back', 'skipped'] as const;
    const mixed = customers.reduce(
      (steps, key, i) => (i === 0 ? steps : withStep(steps, 1, key, { state: ended[i % 3]! })),
      base.steps!,
    );
    expect(releasedTrains({ ...base, steps: mixed }).map((r) => r.train.id)).toEqual([1, 2]);
    // The internal deployment alone is not a release.
    const noCustomer = withStep(mixed, 1, customers[0]!, { state: 'rolled_back' });
    expect(releasedTrains({ ...base, steps: noCustomer }).map((r) => r.train.id)).toEqual([2]);
  });

  it('leaves out cancelled and skipped trains, a train a halt stands on, and a train without a plan or tracking', () => {
    const base = released();
    const off = {
      ...base,
      trains: base.trains.map((t) =>
        t.id === 1 ? { ...t, state: 'cancelled' as const } : t.id === 2 ? { ...t, state: 'skipped' as const } : t,
      ),
    };
    expect(releasedTrains(off)).toEqual([]);
    expect(releasedTrains({ ...base, halts: [standingHalt(1)] }).map((r) => r.train.id)).toEqual([2]);
    const resumed = standingHalt(1, { to: '2027-01-23', fixVersion: '2027.01.1' });
    expect(releasedTrains({ ...base, halts: [resumed] }).map((r) => r.train.id)).toEqual([1, 2]);
    expect(
      releasedTrains({ ...base, plans: base.plans.filter((p) => p.trainId !== 1) }).map((r) => r.train.id),
    ).toEqual([2]);
    expect(releasedTrains(demoSnapshot())).toEqual([]);
  });

  it('publishes at the first customer release still standing, and dates the notes by their last change', () => {
    const base = released([{ trainId: 2, at: '2027-02-11T08:00:00.000Z' }]);
    const [r1, r2] = releasedTrains(base);
    // Wave 0 went out on 18 Jan; wave 1, the first customer wave, on 20 Jan.
    expect(r1).toMatchObject({ publishedAt: '2027-01-20T11:00:00.000Z', notesUpdatedAt: '2026-12-01T10:00:00.000Z' });
    expect(r2).toMatchObject({ publishedAt: '2027-02-03T11:00:00.000Z', notesUpdatedAt: '2027-02-11T08:00:00.000Z' });
    // The first release rolled back: the next one standing.
    const [first] = keysOf(base, 1, 1);
    const rolledBack = { ...base, steps: withStep(base.steps!, 1, first!, { state: 'rolled_back' }) };
    expect(releasedTrains(rolledBack)[0]!.publishedAt).toBe('2027-01-20T11:00:00.000Z');
    const wave1 = keysOf(base, 1, 1);
    const laterOnly = wave1.reduce((steps, key) => withStep(steps, 1, key, { state: 'skipped' }), base.steps!);
    expect(releasedTrains({ ...base, steps: laterOnly })[0]!.publishedAt).toBe('2027-01-21T11:00:00.000Z');
    // Tracking that does not say when: no instant.
    const unknown = { ...base, steps: base.steps!.map(({ finishedAt: _, ...s }) => s) };
    expect(releasedTrains(unknown)[0]!.publishedAt).toBeNull();
  });
});

describe('toAtom', () => {
  it('writes one entry per released train, newest first, with its id, title, instants and notes', () => {
    const snapshot = released([{ trainId: 1, at: '2027-01-28T16:45:00.000Z' }]);
    const xml = toAtom(snapshot, { kind: 'all' });
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n')).toBe(
      true,
    );
    expect(xml.endsWith('</feed>\n')).toBe(true);
    expect(elements(xml, 'id')).toEqual([
      'tag:release-calendar,2026:release-notes',
      'tag:release-calendar,2026:train/2027-01-18',
      'tag:release-calendar,2026:train/2027-01-04',
    ]);
    expect(elements(xml, 'title')).toEqual(['Release Calendar: release notes', '2027.02 released', '2027.01 released']);
    expect(elements(xml, 'published')).toEqual(['2027-02-03T11:00:00.000Z', '2027-01-20T11:00:00.000Z']);
    // The feed's updated is the latest entry's: train 1's notes changed after train 2 was planned.
    expect(elements(xml, 'updated')).toEqual([
      '2027-01-28T16:45:00.000Z',
      '2026-12-01T10:00:00.000Z',
      '2027-01-28T16:45:00.000Z',
    ]);
    expect(xml).toContain('  <author>\n    <name>Release Calendar</name>\n  </author>\n');
    expect(xml).not.toContain('<link');
    const [entry] = entries(xml);
    expect(entry).toContain(`<content type="text">${escapeXml(snapshot.trains[1]!.notes.trim())}</content>`);
    expect(entry).toContain('&gt; Watch: the new session cache');
  });

  it('says so when a released train has no notes', () => {
    const base = released();
    const silent = { ...base, trains: base.trains.map((t) => (t.id === 2 ? { ...t, notes: ' \n' } : t)) };
    const [entry] = entries(toAtom(silent, { kind: 'all' }));
    expect(elements(entry!, 'content')).toEqual(['No release notes were written for 2027.02.']);
  });

  it('is the same file whenever it is written: no instant comes from the clock', () => {
    const snapshot = released([{ trainId: 2, at: '2027-02-11T08:00:00.000Z' }]);
    const later = { ...snapshot, generatedAt: '2031-06-01T00:00:00.000Z' };
    expect(toAtom(later, { kind: 'all' })).toBe(toAtom(snapshot, { kind: 'all' }));
    expect(toAtom(snapshot, { kind: 'all' })).not.toContain(snapshot.generatedAt);
  });

  it('keeps each id while the train changes, and moves updated only with the notes', () => {
    const before = released();
    const renamed = {
      ...before,
      trains: before.trains.map((t) =>
        t.id === 1 ? { ...t, version: '2027.01-lts', updatedAt: '2027-02-20T00:00:00.000Z' } : t,
      ),
    };
    const a = toAtom(before, { kind: 'all' });
    const b = toAtom(renamed, { kind: 'all' });
    expect(elements(b, 'id')).toEqual(elements(a, 'id'));
    expect(elements(b, 'updated')).toEqual(elements(a, 'updated'));
    const edited = { ...renamed, notesChanges: [{ trainId: 1, at: '2027-02-21T09:00:00.000Z' }] };
    expect(elements(toAtom(edited, { kind: 'all' }), 'updated')).toEqual([
      '2027-02-21T09:00:00.000Z',
      '2026-12-01T10:00:00.000Z',
      '2027-02-21T09:00:00.000Z',
    ]);
    expect(new Set(before.trains.map(entryId)).size).toBe(before.trains.length);
  });

  it('dates a feed with no entry by the first train planned, or the epoch without trains', () => {
    const base = demoSnapshot();
    const planned = {
      ...base,
      trains: base.trains.map((t, i) => ({ ...t, createdAt: `2026-12-0${4 - i}T10:00:00.000Z` })),
    };
    const empty = toAtom(planned, { kind: 'all' });
    expect(entries(empty)).toEqual([]);
    expect(elements(empty, 'updated')).toEqual(['2026-12-01T10:00:00.000Z']);
    expect(elements(toAtom({ ...base, trains: [], plans: [] }, { kind: 'all' }), 'updated')).toEqual([
      '1970-01-01T00:00:00.000Z',
    ]);
  });

  it('holds the released trains of a selection, judged on the whole plan, in a feed of its own', () => {
    const snapshot = released();
    const train = toAtom(snapshot, { kind: 'train', trainId: 2 });
    expect(elements(train, 'title')).toEqual(['Release Calendar: release notes of 2027.02', '2027.02 released']);
    expect(elements(train, 'id')[0]).toBe('tag:release-calendar,2026:release-notes/train/2027-01-18');
    expect(entries(toAtom(snapshot, { kind: 'train', trainId: 3 }))).toEqual([]);
    // One deployment: the narrowed snapshot keeps only its step, yet the train is judged whole.
    const key = keysOf(snapshot, 1, 4)[0]!;
    const deployment = toAtom(snapshot, { kind: 'deployment', key });
    expect(elements(deployment, 'title')).toEqual([
      `Release Calendar: release notes for ${key}`,
      '2027.02 released',
      '2027.01 released',
    ]);
    expect(feedId(snapshot, { kind: 'deployment', key })).toBe(
      `tag:release-calendar,2026:release-notes/deployment/${key}`,
    );
    const range = toAtom(snapshot, { kind: 'range', from: '2027-02-01', to: '2027-02-28' });
    expect(elements(range, 'title')).toEqual(['Release Calendar: release notes, 1–28 Feb 2027', '2027.02 released']);
    expect(elements(range, 'id')[0]).toBe('tag:release-calendar,2026:release-notes/range/2027-02-01/2027-02-28');
    expect(() => toAtom(snapshot, { kind: 'train', trainId: 99 })).toThrow(/No train has the id 99/);
  });

  it('is named like the other files of the plan', () => {
    expect(exportFileName('atom', { kind: 'all' })).toBe('release-notes.atom');
    expect(exportFileName('atom', { kind: 'train', trainId: 1 }, '2027.01')).toBe('release-notes-2027.01.atom');
  });
});

describe('hostile text', () => {
  const HOSTILE = 'a < b && c > d "quoted" ]]> <![CDATA[x]]> </content></entry><entry>';

  it('escapes markup, and CDATA ends, in notes and names', () => {
    const base = released();
    const snapshot = {
      ...base,
      calendarName: `Ops & <Co>`,
      trains: base.trains.map((t) => (t.id === 2 ? { ...t, notes: HOSTILE } : t)),
    };
    const xml = toAtom(snapshot, { kind: 'all' });
    expect(entries(xml)).toHaveLength(2);
    expect(xml).toContain(
      '<content type="text">a &lt; b &amp;&amp; c &gt; d &quot;quoted&quot; ]]&gt; &lt;![CDATA[x]]&gt; &lt;/content&gt;&lt;/entry&gt;&lt;entry&gt;</content>',
    );
    expect(xml).toContain('<name>Ops &amp; &lt;Co&gt;</name>');
    expect(xml).not.toContain(']]>');
  });

  it('drops the characters XML 1.0 forbids, replaces lone surrogates, keeps emoji, and ends lines with LF', () => {
    expect(escapeXml('tab\there\r\nCRLF\rCR\nLF')).toBe('tab\there\nCRLF\nCR\nLF');
    expect(escapeXml('nul\u0000bell\u0007vt\u000Bff\u000Cesc\u001B\uFFFE\uFFFF.')).toBe('nulbellvtffesc.');
    expect(escapeXml('lone \uD83D and \uDE80 but 🚀 and 👩🏽‍💻')).toBe('lone \uFFFD and \uFFFD but 🚀 and 👩🏽‍💻');
    expect(escapeXml('reversed \uDE80\uD83D.')).toBe('reversed \uFFFD\uFFFD.');
    // DEL and the C1 controls are allowed characters in XML 1.0.
    expect(escapeXml('del\u007F nel\u0085')).toBe('del\u007F nel\u0085');
  });

  it('leaves only well-formed character data, whatever the text', () => {
    const unescape = (xml: string) =>
      xml.replace(/&(amp|lt|gt|quot);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[name]!);
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constant('\r'),
            fc.constant('\uD83D'),
            fc.constant('&'),
            fc.constant(']]>'),
            fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
          ),
        }),
        (text) => {
          const out = escapeXml(text);
          // No markup, no entity but the four, no character XML 1.0 forbids, no lone surrogate.
          expect(out).not.toMatch(/[<>"\r]/);
          expect(out.replace(/&(amp|lt|gt|quot);/g, '')).not.toContain('&');
          // eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids.
          expect(out).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
          expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
          // Text without those characters comes back as it was.
          // eslint-disable-next-line no-control-regex -- the characters escapeXml changes.
          if (!/[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/.test(text)) expect(unescape(out)).toBe(text);
        },
      ),
      { numRuns: 500 },
    );
  });
});
