import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../shared/days';
import { DomainError } from '../../shared/errors';
import {
  type IcsEvent,
  MAX_LINE_OCTETS,
  escapeText,
  foldLine,
  serializeCalendar,
  toIcs,
} from '../../shared/export/ics';
import { type ExportSelection, type ExportSnapshot, planOf } from '../../shared/export/snapshot';
import { makeDeployment } from '../helpers/deployments';
import { demoSnapshot, GENERATED_AT, SequenceStore, standingHalt } from '../helpers/export-snapshot';
import { type ParsedEvent, eventsOf } from '../helpers/ical';

/**
 * ical.js 2.2.1 knows neither RFC 7986's NAME nor X-WR-CALNAME, so it hands their
 * values over still escaped; both are TEXT, which its own TEXT decoder reads.
 */
function calendarText(calendar: ICAL.Component, name: string): string {
  return ICAL.design.icalendar.value.text!.fromICAL!(String(calendar.getFirstPropertyValue(name)));
}

/** The file as a client gets it: UTF-8 bytes on disk, decoded (a split surrogate pair would not survive). */
function asFile(ics: string): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(ics, 'utf8'));
}

/** Reads a file the way a calendar client does: ical.js unfolds, unescapes and types every value. */
function parse(ics: string): { name: string; xName: string; method: string; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(asFile(ics)));
  const events = eventsOf(calendar);
  return {
    name: calendarText(calendar, 'name'),
    xName: calendarText(calendar, 'x-wr-calname'),
    method: String(calendar.getFirstPropertyValue('method')),
    events,
  };
}

function exportIcs(
  snapshot: ExportSnapshot,
  selection: ExportSelection = { kind: 'all' },
  store = new SequenceStore(),
) {
  return toIcs(snapshot, selection, { sequenceOf: store.sequenceOf });
}

/** The file's physical lines as bytes, split on CRLF: what a client reads before it unfolds anything. */
function physicalLines(ics: string): Buffer[] {
  const bytes = Buffer.from(ics, 'utf8');
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
      out.push(bytes.subarray(start, i));
      start = i + 2;
      i++;
    }
  }
  expect(start, 'the file ends with CRLF').toBe(bytes.length);
  return out;
}

function expectWellFormedLines(ics: string): void {
  expect(asFile(ics), 'every character survives UTF-8').toBe(ics);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for (const line of physicalLines(ics)) {
    expect(line.length).toBeLessThanOrEqual(MAX_LINE_OCTETS);
    // A fold inside a multi-byte character would leave a line that is not UTF-8 on its own.
    const text = utf8.decode(line);
    expect(text).not.toMatch(/[\r\n]/);
  }
}

function byUid(events: readonly ParsedEvent[]): Map<string, ParsedEvent> {
  return new Map(events.map((e) => [e.uid, e]));
}

describe('toIcs: trains and waves', () => {
  const snapshot = demoSnapshot();

  it('has one all-day event per phase and per wave, on their days, with an exclusive DTEND', () => {
    const { events } = parse(exportIcs(snapshot));
    const phases = snapshot.trains.flatMap((t) => t.phases.map((p) => ({ t, p })));
    const waves = snapshot.trains.flatMap((t) => (planOf(snapshot, t.id)?.waves ?? []).map((w) => ({ t, w })));
    expect(phases.length).toBe(16);
    expect(waves.length).toBe(20);
    expect(events).toHaveLength(phases.length + waves.length);
    const uid = byUid(events);
    expect(uid.size).toBe(events.length);
    for (const { t, p } of phases) {
      const e = uid.get(`train-${t.id}-phase-${p.key}@release-calendar`);
      expect(e, `${t.version} ${p.key}`).toMatchObject({
        start: p.start,
        end: addDays(p.end, 1),
        allDay: true,
        summary: `${t.version}: ${p.name}`,
        status: 'CONFIRMED',
      });
    }
    for (const { t, w } of waves) {
      const e = uid.get(`train-${t.id}-wave-${w.index}@release-calendar`)!;
      expect(e).toMatchObject({ start: w.date, end: addDays(w.date, 1), allDay: true });
      // The description lists exactly the wave's deployments, one per line.
      const listed = e.description
        .split('\n')
        .filter((l) => l.startsWith('- '))
        .map((l) => l.slice(2).split(':')[0]);
      expect(listed).toEqual(w.keys);
    }
  });

  it('names the calendar, publishes it, and stamps every event with the snapshot time in UTC', () => {
    const ics = exportIcs(snapshot);
    const parsed = parse(ics);
    expect(parsed).toMatchObject({ name: 'Release Calendar', xName: 'Release Calendar', method: 'PUBLISH' });
    expect(ics).toMatch(
      /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:[^\r\n]+\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n/,
    );
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.match(/^DTSTAMP:20270125T093000Z\r$/gm)).toHaveLength(parsed.events.length);
    expect(new Set(parsed.events.map((e) => e.dtstamp))).toEqual(new Set(['2027-01-25T09:30:00Z']));
  });

  it('ends every line with CRLF and keeps every physical line within 75 octets', () => {
    const ics = exportIcs(snapshot);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expectWellFormedLines(ics);
  });

  it('keeps UIDs and SEQUENCEs across exports of an unchanged plan, whenever they are taken', () => {
    const store = new SequenceStore();
    const first = parse(exportIcs(snapshot, { kind: 'all' }, store)).events;
    const later = { ...demoSnapshot(), generatedAt: '2027-02-01T17:05:09.000Z' };
    const second = parse(exportIcs(later, { kind: 'all' }, store)).events;
    expect(second.map((e) => e.uid)).toEqual(first.map((e) => e.uid));
    expect(second.map((e) => e.sequence)).toEqual(first.map(() => 0));
    expect(new Set(second.map((e) => e.dtstamp))).toEqual(new Set(['2027-02-01T17:05:09Z']));
  });

  it('says the same in every feed that holds an event, so one sequence store serves them all', () => {
    const store = new SequenceStore();
    const feeds: ExportSelection[] = [
      { kind: 'all' },
      { kind: 'train', trainId: 2 },
      { kind: 'range', from: '2027-01-20', to: '2027-02-09' },
      { kind: 'all' },
    ];
    const seen = feeds.flatMap((selection) => parse(exportIcs(snapshot, selection, store)).events);
    expect(seen.length).toBeGreaterThan(2 * 36);
    expect(seen.filter((e) => e.sequence !== 0)).toEqual([]);
  });

  it('raises SEQUENCE on exactly the events that changed, once per change', () => {
    const store = new SequenceStore();
    exportIcs(snapshot, { kind: 'all' }, store);

    // A lead moves the first deployment of train 2's wave 3 into wave 2, and train 4 is cancelled.
    const changed = demoSnapshot({ cancel: [4] });
    const plan = planOf(changed, 2)!;
    const moved = plan.waves[3]!.keys.shift()!;
    plan.waves[2]!.keys.push(moved);
    const after = byUid(parse(exportIcs(changed, { kind: 'all' }, store)).events);

    const raised = [...after.values()].filter((e) => e.sequence > 0).map((e) => e.uid);
    const train4 = [...after.keys()].filter((uid) => uid.startsWith('train-4-'));
    expect(raised.sort()).toEqual(
      ['train-2-wave-2@release-calendar', 'train-2-wave-3@release-calendar', ...train4].sort(),
    );
    expect(Math.max(...[...after.values()].map((e) => e.sequence))).toBe(1);
    for (const uid of train4) expect(after.get(uid)!.status).toBe('CANCELLED');

    // Exported again without a change: nothing rises further.
    const again = parse(exportIcs(changed, { kind: 'all' }, store)).events;
    expect(
      again
        .filter((e) => e.sequence > 0)
        .map((e) => e.uid)
        .sort(),
    ).toEqual(raised.sort());
    expect(Math.max(...again.map((e) => e.sequence))).toBe(1);

    // A change only the description shows (a step released) raises that wave's event, and nothing else.
    const step = (state: 'in_progress' | 'released') => ({
      ...changed,
      steps: [{ trainId: 1, key: 'internal-us', state }],
    });
    const tracked = byUid(parse(exportIcs(step('in_progress'), { kind: 'all' }, store)).events);
    const released = parse(exportIcs(step('released'), { kind: 'all' }, store)).events;
    const risen = released.filter((e) => e.sequence > tracked.get(e.uid)!.sequence);
    expect(risen.map((e) => [e.uid, e.summary === tracked.get(e.uid)!.summary])).toEqual([
      ['train-1-wave-0@release-calendar', true],
    ]);
  });

  it('exports skipped and cancelled trains as cancelled events that say why', () => {
    const off = demoSnapshot({ cancel: [3], skip: [2] });
    const { events } = parse(exportIcs(off));
    for (const e of events) {
      const train = Number(/^train-(\d+)-/.exec(e.uid)![1]);
      expect(e.status, e.uid).toBe(train === 2 || train === 3 ? 'CANCELLED' : 'CONFIRMED');
    }
    const cancelled = events.find((e) => e.uid === 'train-3-phase-rollout@release-calendar')!;
    expect(cancelled.summary).toBe('2027.03 (cancelled): Production rollout');
    expect(cancelled.description).toContain('Cancelled: Merged into the next train.');
    const skipped = events.find((e) => e.uid === 'train-2-wave-1@release-calendar')!;
    expect(skipped.description).toContain('Skipped: Company offsite week.');
  });

  it('exports a live train whose every release day is in conflict as tentative, saying why', () => {
    const message = 'Release 1 of 2027.02 (nominal Wed 3 Feb) has no allowed day left in its phase: freeze Audit.';
    const conflicted = {
      ...snapshot,
      trains: snapshot.trains.map((t) =>
        t.id === 2
          ? { ...t, releaseDays: [], conflicts: [{ phaseKey: 'rollout', nominal: '2027-02-03', message }] }
          : t,
      ),
    };
    const { events } = parse(exportIcs(conflicted));
    for (const e of events) {
      const train = Number(/^train-(\d+)-/.exec(e.uid)![1]);
      expect(e.status, e.uid).toBe(train === 2 ? 'TENTATIVE' : 'CONFIRMED');
    }
    const rollout = events.find((e) => e.uid === 'train-2-phase-rollout@release-calendar')!;
    expect(rollout.description).toContain(`Calendar conflict, none of its release days has a day: ${message}`);
    // A train with a day left for some of its releases stays confirmed, and says what could not be placed.
    const partly = {
      ...conflicted,
      trains: conflicted.trains.map((t) => (t.id === 2 ? { ...t, releaseDays: ['2027-02-04'] } : t)),
    };
    const partial = parse(exportIcs(partly)).events.find((e) => e.uid === 'train-2-phase-rollout@release-calendar')!;
    expect(partial.status).toBe('CONFIRMED');
    expect(partial.description).toContain('Calendar conflict, not every release day has a day: ');
  });

  it('shows each halt on the days it stood: resumed, from halt to resume; standing, its first day', () => {
    const halted = {
      ...snapshot,
      halts: [
        standingHalt(1, { id: 4, to: '2027-01-25', fixVersion: '2027.01.1' }),
        standingHalt(2, { id: 5, reason: 'Slow search', reference: 'INC-9', from: '2027-02-04' }),
      ],
    };
    const store = new SequenceStore();
    const { events } = parse(exportIcs(halted, { kind: 'all' }, store));
    const resumed = events.find((e) => e.uid === 'train-1-halt-4@release-calendar')!;
    expect([resumed.start, resumed.end, resumed.status]).toEqual(['2027-01-22', '2027-01-26', 'CONFIRMED']);
    expect(resumed.summary).toBe('2027.01 halted: Login errors');
    expect(resumed.description).toBe(
      'Release 2027.01 halted Fri 22 Jan 2027: Login errors (INC-7).\nResumed Mon 25 Jan 2027 with the fix 2027.01.1.',
    );
    const standing = events.find((e) => e.uid === 'train-2-halt-5@release-calendar')!;
    expect([standing.start, standing.end]).toEqual(['2027-02-04', '2027-02-05']);
    expect(standing.description).toContain('It stands: further releases wait until a fix is integrated.');
    // Resumed later, the same event: its UID kept, its SEQUENCE raised.
    const later = {
      ...halted,
      halts: [halted.halts[0]!, { ...halted.halts[1]!, to: '2027-02-08', fixVersion: '2027.02.1' }],
    };
    const again = parse(exportIcs(later, { kind: 'all' }, store)).events.find((e) => e.uid === standing.uid)!;
    expect([again.end, again.sequence]).toEqual(['2027-02-09', 1]);
  });

  it('shows each wave of a patch on its day, and a deployment feed its own patch step; selections narrow them', () => {
    const wave1 = planOf(snapshot, 1)!.waves[1]!.keys;
    const patched: ExportSnapshot = {
      ...snapshot,
      patches: [
        {
          id: 3,
          trainId: 1,
          version: '2027.01.1',
          broken: '2027.01',
          reason: 'Login errors',
          reference: 'INC-7',
          waves: [
            { index: 0, date: '2027-01-25', steps: [{ key: 'internal-us', state: 'released' }] },
            { index: 1, date: '2027-01-26', steps: wave1.map((key) => ({ key, state: 'pending' as const })) },
          ],
        },
      ],
    };
    const { events } = parse(exportIcs(patched, { kind: 'all' }));
    const first = events.find((e) => e.uid === 'train-1-patch-3-wave-0@release-calendar')!;
    expect([first.start, first.end, first.status]).toEqual(['2027-01-25', '2027-01-26', 'CONFIRMED']);
    expect(first.summary).toBe('2027.01 patch 2027.01.1 wave 0 (internal): 1 deployment');
    expect(first.description.split('\n').slice(0, 3)).toEqual([
      'Patch 2027.01.1 replaces 2027.01, in which a regression was found: Login errors (INC-7).',
      'Wave 0, Mon 25 Jan 2027: 1 deployment.',
      expect.stringMatching(/^- internal-us \(released\): /),
    ]);
    const second = events.find((e) => e.uid === 'train-1-patch-3-wave-1@release-calendar')!;
    expect(second.summary).toBe(`2027.01 patch 2027.01.1 wave 1: ${wave1.length} deployments`);

    // One deployment's feed: its release of 2027.01 and its patch step.
    const key = wave1[0]!;
    const feed = parse(exportIcs(patched, { kind: 'deployment', key })).events;
    const mine = feed.find((e) => e.uid === `train-1-patch-3-deployment-${key}@release-calendar`)!;
    expect([mine.start, mine.summary]).toEqual(['2027-01-26', `2027.01 patch 2027.01.1 → ${key} (wave 1)`]);
    expect(mine.description).toContain('Status: pending.');
    // A range that ends before the patch's customer wave keeps its internal wave only.
    const range = parse(exportIcs(patched, { kind: 'range', from: '2027-01-04', to: '2027-01-25' })).events;
    expect(range.filter((e) => e.uid.includes('-patch-')).map((e) => e.uid)).toEqual([
      'train-1-patch-3-wave-0@release-calendar',
    ]);
  });

  it('lists step states in wave descriptions when the snapshot tracks them', () => {
    const tracked: ExportSnapshot = {
      ...snapshot,
      steps: [
        { trainId: 1, key: 'internal-us', state: 'released' },
        { trainId: 1, key: planOf(snapshot, 1)!.waves[1]!.keys[0]!, state: 'in_progress' },
      ],
    };
    const uid = byUid(parse(exportIcs(tracked)).events);
    expect(uid.get('train-1-wave-0@release-calendar')!.description).toContain('- internal-us (released): Internal');
    const wave1 = uid.get('train-1-wave-1@release-calendar')!.description.split('\n');
    expect(wave1[1]).toMatch(/^- [a-z0-9-]+ \(in progress\): /);
    expect(wave1[2]).toMatch(/^- [a-z0-9-]+ \(pending\): /);
  });

  it('notes an open halt, with its reason and reference, on the waves and releases of that train', () => {
    const halted = {
      ...snapshot,
      halts: [standingHalt(1)],
    };
    const note = 'Halted: Login errors (INC-7); further releases wait until a fix is integrated.';
    const { events } = parse(exportIcs(halted));
    for (const e of events.filter((x) => x.uid.includes('-wave-')))
      expect(e.description.includes(note), e.uid).toBe(e.uid.startsWith('train-1-'));
    const feed = parse(exportIcs(halted, { kind: 'deployment', key: 'us-east-3' })).events;
    expect(feed.find((e) => e.uid.startsWith('train-1-'))!.description).toContain(note);
  });

  it('exports one train as its own feed, and a range as the events that touch it', () => {
    const train = parse(exportIcs(snapshot, { kind: 'train', trainId: 2 }));
    expect(train.name).toBe('Release Calendar: 2027.02');
    expect(train.events).toHaveLength(snapshot.trains[1]!.phases.length + planOf(snapshot, 2)!.waves.length);
    expect(train.events.every((e) => e.uid.startsWith('train-2-'))).toBe(true);

    const from = '2027-02-01';
    const to = '2027-02-07';
    const range = parse(exportIcs(snapshot, { kind: 'range', from, to }));
    expect(range.events.length).toBeGreaterThan(0);
    for (const e of range.events) {
      expect(e.start <= to && e.end > from, `${e.uid} ${e.start}..${e.end}`).toBe(true);
    }
    const wavesInRange = snapshot.plans.flatMap((p) => p.waves.filter((w) => w.date >= from && w.date <= to));
    expect(range.events.filter((e) => e.uid.includes('-wave-'))).toHaveLength(wavesInRange.length);
  });

  it('refuses a train or deployment the plan does not have', () => {
    expect(() => exportIcs(snapshot, { kind: 'train', trainId: 99 })).toThrow(DomainError);
    expect(() => exportIcs(snapshot, { kind: 'deployment', key: 'nowhere-1' })).toThrow(/No deployment has the key/);
  });
});

describe('toIcs: the feed of one deployment', () => {
  const snapshot = demoSnapshot({ cancel: [3] });

  it('lists exactly the days on which each deployment is planned to receive each release', () => {
    for (const d of snapshot.deployments) {
      const { name, events } = parse(exportIcs(snapshot, { kind: 'deployment', key: d.key }));
      expect(name).toBe(`Release Calendar: ${d.key}`);
      const planned = snapshot.plans.flatMap((p) =>
        p.waves.filter((w) => w.keys.includes(d.key)).map((w) => `${p.trainId} ${w.date}`),
      );
      const feed = events.map((e) => {
        expect(e.end).toBe(addDays(e.start, 1));
        return `${/^train-(\d+)-deployment-/.exec(e.uid)![1]} ${e.start}`;
      });
      expect(feed.sort(), d.key).toEqual(planned.sort());
      expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    }
  });

  it('says which release and wave, and cancels the releases of a cancelled train or a skipped step', () => {
    const key = 'us-east-3';
    const tracked: ExportSnapshot = { ...snapshot, steps: [{ trainId: 2, key, state: 'skipped' }] };
    const events = byUid(parse(exportIcs(tracked, { kind: 'deployment', key })).events);
    const first = events.get(`train-1-deployment-${key}@release-calendar`)!;
    const wave = planOf(snapshot, 1)!.waves.find((w) => w.keys.includes(key))!;
    expect(first.summary).toBe(`2027.01 → ${key} (wave ${wave.index})`);
    expect(first.description).toContain('US East 3 (us-east, America/New_York) receives release 2027.01');
    expect(first.description).toContain('Status: pending.');
    expect(first.status).toBe('CONFIRMED');
    expect(events.get(`train-2-deployment-${key}@release-calendar`)).toMatchObject({ status: 'CANCELLED' });
    expect(events.get(`train-3-deployment-${key}@release-calendar`)).toMatchObject({
      status: 'CANCELLED',
      summary: expect.stringMatching(/^2027\.03 \(cancelled\) → us-east-3/),
    });
  });
});

describe('toIcs: a deployment with a local release window', () => {
  // Twenty trains from January 2027 reach into the autumn: releases on both sides of Berlin's summer time.
  const KEY = 'eu-central-1';
  const plain = demoSnapshot({ trains: 20 });
  const withWindow = (snapshot: ExportSnapshot, window: { start: string; end: string } | null): ExportSnapshot => ({
    ...snapshot,
    deployments: snapshot.deployments.map((d) => (d.key === KEY ? { ...d, releaseWindow: window } : d)),
  });
  const windowed = withWindow(plain, { start: '09:00', end: '11:00' });
  const feed = (s: ExportSnapshot, store = new SequenceStore()) =>
    exportIcs(s, { kind: 'deployment', key: KEY }, store);

  /** Each release as ical.js reads it, with the file's own VTIMEZONE: UID, local wall-clock start, UTC start and end. */
  function instants(ics: string): { uid: string; local: string; start: string; end: string }[] {
    const calendar = new ICAL.Component(ICAL.parse(asFile(ics)));
    return calendar.getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      // The zone the file's own VTIMEZONE defines (ical.js knows no other).
      expect(e.startDate.zone.tzid, e.uid).toBe('Europe/Berlin');
      return {
        uid: e.uid,
        local: e.startDate.toString(),
        start: new Date(e.startDate.toUnixTime() * 1000).toISOString(),
        end: new Date(e.endDate.toUnixTime() * 1000).toISOString(),
      };
    });
  }

  it('times each release in the window, on its wave day, at the UTC instants of Berlin winter and summer time', () => {
    const ics = feed(windowed);
    const days = plain.plans.map((p) => p.waves.find((w) => w.keys.includes(KEY))!.date);
    const releases = instants(ics);
    expect(releases.map((r) => r.local.slice(0, 10))).toEqual(days);
    // Central European Summer Time (UTC+2) from 28 March 01:00 UTC to 31 October 01:00 UTC 2027, else UTC+1.
    const summer = (day: string) => day >= '2027-03-28' && day < '2027-10-31';
    expect(days.some(summer) && !days.every(summer)).toBe(true);
    for (const r of releases) {
      const day = r.local.slice(0, 10);
      expect(r.local, r.uid).toBe(`${day}T09:00:00`);
      expect([r.start, r.end], r.uid).toEqual(
        summer(day)
          ? [`${day}T07:00:00.000Z`, `${day}T09:00:00.000Z`]
          : [`${day}T08:00:00.000Z`, `${day}T10:00:00.000Z`],
      );
    }
    const first = days[0]!.replaceAll('-', '');
    expect(ics).toContain(
      `\r\nDTSTART;TZID=Europe/Berlin:${first}T090000\r\nDTEND;TZID=Europe/Berlin:${first}T110000\r\n`,
    );
    expect(parse(ics).events[0]!.description).toContain(', 09:00–11:00 Europe/Berlin time.');
    expectWellFormedLines(ics);
  });

  it('carries one VTIMEZONE for the zone, with the transitions of the years its releases fall in', () => {
    const ics = feed(windowed);
    expect(ics.match(/^BEGIN:VTIMEZONE\r$/gm)).toHaveLength(1);
    const zone = ics.slice(ics.indexOf('BEGIN:VTIMEZONE'), ics.indexOf('END:VTIMEZONE'));
    expect(zone).toContain('TZID:Europe/Berlin\r\n');
    expect(zone).toContain('BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n');
    expect(zone).toContain('BEGIN:STANDARD\r\nDTSTART:20271031T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n');
    // Before the first event, as RFC 5545 wants every component a calendar uses to be defined first.
    expect(ics.indexOf('END:VTIMEZONE')).toBeLessThan(ics.indexOf('BEGIN:VEVENT'));
  });

  it('keeps the UIDs of the all-day feed, and raises SEQUENCE once when the window is set or changed', () => {
    const store = new SequenceStore();
    const before = parse(feed(plain, store)).events;
    expect(before.every((e) => e.allDay)).toBe(true);
    const set = parse(feed(windowed, store)).events;
    expect(set.map((e) => e.uid)).toEqual(before.map((e) => e.uid));
    expect(set.every((e) => !e.allDay && e.sequence === 1)).toBe(true);
    expect(parse(feed(windowed, store)).events.every((e) => e.sequence === 1)).toBe(true);
    const moved = parse(feed(withWindow(plain, { start: '09:00', end: '10:30' }), store)).events;
    expect(moved.every((e) => e.sequence === 2)).toBe(true);
  });

  it('leaves the train-wide feeds all-day and without VTIMEZONE, and other deployments all-day', () => {
    for (const selection of [{ kind: 'all' }, { kind: 'train', trainId: 3 }] as const) {
      const ics = exportIcs(windowed, selection);
      expect(ics).toBe(exportIcs(plain, selection));
      expect(ics).not.toContain('VTIMEZONE');
    }
    const other = exportIcs(windowed, { kind: 'deployment', key: 'eu-central-3' });
    expect(other).toBe(exportIcs(plain, { kind: 'deployment', key: 'eu-central-3' }));
    expect(parse(other).events.every((e) => e.allDay)).toBe(true);
  });

  it('gives an all-day event the content hash it had before windows existed, so no SEQUENCE rises on upgrade', () => {
    const hashes: string[] = [];
    serializeCalendar({
      name: 'x',
      generatedAt: GENERATED_AT,
      events: [
        {
          uid: 'train-7-deployment-eu-central-1@release-calendar',
          start: '2027-07-06',
          end: '2027-07-06',
          summary: '2027.14 → eu-central-1 (wave 2)',
          description: 'EU Central 1 receives release 2027.14.',
          status: 'CONFIRMED',
          categories: ['Release'],
        },
      ],
      sequenceOf: (_uid, hash) => hashes.push(hash),
    });
    // Computed by the exporter as it was before timed events.
    expect(hashes).toEqual(['4604ba0f46637b95']);
  });
});

describe('folding and escaping', () => {
  const awkward = [
    'EU West 2 (London), primary; the "gold" cell \\ tier-1',
    'line one\nline two\r\nline three',
    '🚀 Zürich → 東京 👩‍👩‍👧‍👦 family cell 🇨🇭 ',
  ].join(' | ');

  it('round-trips long names with commas, semicolons, backslashes, newlines and emoji', () => {
    const long = `${awkward} ${'é🎉'.repeat(40)}`;
    const fleet = demoSnapshot().deployments.map((d) => (d.key === 'us-east-3' ? { ...d, name: long } : d));
    const snapshot = { ...demoSnapshot({ fleet }), calendarName: `Releases, ours; ${awkward}` };
    snapshot.trains[0]!.phases[2]!.name = `Rollout, careful; ${awkward}`;
    const expected = (s: string) => s.replace(/\r\n/g, '\n');

    const ics = exportIcs(snapshot);
    expectWellFormedLines(ics);
    const parsed = parse(ics);
    expect(parsed.name).toBe(expected(snapshot.calendarName));
    expect(parsed.xName).toBe(expected(snapshot.calendarName));
    const rollout = parsed.events.find((e) => e.uid === 'train-1-phase-rollout@release-calendar')!;
    expect(rollout.summary).toBe(`2027.01: ${expected(`Rollout, careful; ${awkward}`)}`);

    const feed = exportIcs(snapshot, { kind: 'deployment', key: 'us-east-3' });
    expectWellFormedLines(feed);
    const events = parse(feed).events;
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.description.startsWith(`${expected(long)} (us-east, `)).toBe(true);
  });

  it('folds continuation lines with one leading space that counts towards the 75 octets', () => {
    const line = `SUMMARY:${escapeText(awkward.repeat(3))}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(3);
    parts.slice(1).forEach((p) => expect(p.startsWith(' ')).toBe(true));
    expect(parts.map((p) => Buffer.byteLength(p))).toSatisfy((sizes: number[]) => sizes.every((n) => n <= 75));
    expect(
      parts[0] +
        parts
          .slice(1)
          .map((p) => p.slice(1))
          .join(''),
    ).toBe(line);
  });

  it('breaks only between characters, exactly at the limit', () => {
    expect(foldLine('a'.repeat(75))).toBe('a'.repeat(75));
    expect(foldLine('a'.repeat(76))).toBe(`${'a'.repeat(75)}\r\n a`);
    // A 4-octet emoji that would end at octet 77 moves whole to the next line.
    expect(foldLine(`${'a'.repeat(73)}😀b`)).toBe(`${'a'.repeat(73)}\r\n 😀b`);
    // Continuation lines hold 74 octets after their space.
    expect(foldLine('a'.repeat(75 + 74 + 1))).toBe(`${'a'.repeat(75)}\r\n ${'a'.repeat(74)}\r\n a`);
    expect(foldLine(`${'a'.repeat(74)}é`)).toBe(`${'a'.repeat(74)}\r\n é`);
  });

  it('escapes TEXT as RFC 5545 says, and drops what TEXT cannot hold', () => {
    expect(escapeText('a\\b;c,d\ne:f')).toBe('a\\\\b\\;c\\,d\\ne:f');
    expect(escapeText('one\r\ntwo\rthree')).toBe('one\\ntwo\\nthree');
    expect(escapeText('tab\there\u0000\u0007\u001b\u007f')).toBe('tab\there');
    expect(escapeText('lone \ud800 surrogate')).toBe('lone \ufffd surrogate');
    expect(escapeText('😀')).toBe('😀');
  });

  function oneEvent(summary: string, description: string): string {
    const event: IcsEvent = {
      uid: 'train-1-phase-x@release-calendar',
      start: '2027-01-04',
      end: '2027-01-04',
      summary,
      description,
      status: 'CONFIRMED',
      categories: [summary],
    };
    return serializeCalendar({ name: summary, generatedAt: GENERATED_AT, events: [event], sequenceOf: () => 0 });
  }

  it('round-trips any printable text exactly, within 75 octets per line (property)', () => {
    const unit = fc.oneof(
      fc.constantFrom(',', ';', '\\', '\\n', '\n', '\r\n', '\t', ':', '"', ' ', '😀', '👩‍👩‍👧‍👦', 'é', '中'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 120 }), fc.string({ unit, maxLength: 400 }), (summary, description) => {
        const ics = oneEvent(summary, description);
        expectWellFormedLines(ics);
        const calendar = new ICAL.Component(ICAL.parse(asFile(ics)));
        const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
        expect(event.summary).toBe(summary.replace(/\r\n/g, '\n'));
        expect(event.description).toBe(description.replace(/\r\n/g, '\n'));
        expect(calendarText(calendar, 'x-wr-calname')).toBe(summary.replace(/\r\n/g, '\n'));
      }),
    );
  });

  /** What the export promises for any text: CR and CRLF become LF, other control characters but tab are dropped. */
  function writable(text: string): string {
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0d) {
        out += '\n';
        if (text.charCodeAt(i + 1) === 0x0a) i++;
      } else if (c === 0x09 || c === 0x0a || (c >= 0x20 && c !== 0x7f)) out += text[i];
    }
    return out;
  }

  it('writes any text, control characters included, as a valid file that parses back to what it can hold (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const ics = oneEvent(text, text);
        expectWellFormedLines(ics);
        const event = new ICAL.Event(new ICAL.Component(ICAL.parse(asFile(ics))).getFirstSubcomponent('vevent')!);
        expect(event.summary).toBe(writable(text));
        expect(event.description).toBe(writable(text));
      }),
    );
  });
});

describe('a fleet with no plan', () => {
  it('still exports every phase, and no wave', () => {
    const snapshot = {
      ...demoSnapshot({ fleet: [makeDeployment({ key: 'internal-us', internal: true })] }),
      plans: [],
    };
    const { events } = parse(exportIcs(snapshot));
    expect(events).toHaveLength(snapshot.trains.reduce((n, t) => n + t.phases.length, 0));
    expect(events.some((e) => e.uid.includes('-wave-'))).toBe(false);
  });
});
