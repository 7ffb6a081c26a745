import { type Day, addDays, formatDay, formatRange } from '../days';
import { type ReleaseWindow, formatReleaseWindow } from '../release-window';
import type { TrainView } from '../train';
import {
  type ExportPatch,
  type ExportSelection,
  type ExportSnapshot,
  deploymentIndex,
  haltOf,
  planIndex,
  selectSnapshot,
  statusWords,
  stepStatusIndex,
} from './snapshot';
import { vtimezoneLines } from './vtimezone';

// iCalendar (RFC 5545) feeds of the plan: each phase of each train, each rollout
// wave, each halt and each patch wave as an all-day event, or one deployment's
// releases and patches: all-day, or in its local release window when it has one
// (with a VTIMEZONE for its zone).
//
// Written by hand (CONVENTIONS.md): we need a handful of all-day VEVENTs, and
// ical.js, the parser the tests check us against, folds continuation lines at 76
// octets (it does not count the leading space), so an independent writer checked
// by it is worth more than its own output read back.

/** One event, all-day unless it has a `time`, before it gets its DTSTAMP and SEQUENCE. */
export interface IcsEvent {
  /** Stable across exports: derived from permanent ids, so a re-import updates the event instead of duplicating it. */
  uid: string;
  /** First day. */
  start: Day;
  /** Last day, included (DTEND is the day after: iCalendar's end is exclusive). */
  end: Day;
  /** A timed event on its one day (`start`): from `window.start` to `window.end`, wall-clock times in `zone`. */
  time?: { zone: string; window: ReleaseWindow };
  summary: string;
  description: string;
  /** TENTATIVE: a live train none of whose release days the calendar rules leave a day for. */
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  categories: string[];
}

/**
 * The SEQUENCE of an event: the backend keeps, per UID, the last content hash and
 * sequence it published, and raises the sequence when the hash changes, so that
 * calendar clients replace the event they hold.
 */
export type SequenceOf = (uid: string, contentHash: string) => number;

export interface IcsOptions {
  sequenceOf: SequenceOf;
  /** The calendar's name; by default the snapshot's calendar name and what was selected. */
  name?: string;
}

const UID_DOMAIN = 'release-calendar';
const PRODID = '-//Release Calendar//Schedule export 1//EN';
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
export const MAX_LINE_OCTETS = 75;
const CRLF = '\r\n';

export function phaseUid(trainId: number, phaseKey: string): string {
  return `train-${trainId}-phase-${phaseKey}@${UID_DOMAIN}`;
}
export function waveUid(trainId: number, wave: number): string {
  return `train-${trainId}-wave-${wave}@${UID_DOMAIN}`;
}
export function deploymentUid(trainId: number, key: string): string {
  return `train-${trainId}-deployment-${key}@${UID_DOMAIN}`;
}
export function haltUid(trainId: number, haltId: number): string {
  return `train-${trainId}-halt-${haltId}@${UID_DOMAIN}`;
}
export function patchWaveUid(trainId: number, patchId: number, wave: number): string {
  return `train-${trainId}-patch-${patchId}-wave-${wave}@${UID_DOMAIN}`;
}
export function patchDeploymentUid(trainId: number, patchId: number, key: string): string {
  return `train-${trainId}-patch-${patchId}-deployment-${key}@${UID_DOMAIN}`;
}

/** A live train whose every release day is in conflict is only tentative: it cannot ship as planned. */
function statusOf(train: TrainView): IcsEvent['status'] {
  if (train.state !== 'active') return 'CANCELLED';
  return train.conflicts.length > 0 && train.releaseDays.length === 0 ? 'TENTATIVE' : 'CONFIRMED';
}

/** What the calendar rules could not place in one phase, in the words of the calendar; null when nothing. */
function conflictNote(train: TrainView, phaseKey: string): string | null {
  const own = train.conflicts.filter((c) => c.phaseKey === phaseKey);
  if (own.length === 0) return null;
  const what =
    train.releaseDays.length === 0 ? 'none of its release days has a day' : 'not every release day has a day';
  return `Calendar conflict, ${what}: ${own.map((c) => c.message.replace(/\.$/, '')).join('; ')}.`;
}

/** Each halt on the days it stood: from the halt to the resume with the fix, or its first day while it stands. */
function haltEvents(snapshot: ExportSnapshot, train: TrainView): IcsEvent[] {
  return (snapshot.halts ?? [])
    .filter((h) => h.trainId === train.id)
    .map((h) => ({
      uid: haltUid(train.id, h.id),
      start: h.from,
      end: h.to ?? h.from,
      summary: `${train.version} halted: ${h.reason}`,
      description: lines(
        `Release ${train.version} halted ${formatDay(h.from, { weekday: true })}: ${h.reason} (${h.reference}).`,
        h.to === null
          ? 'It stands: further releases wait until a fix is integrated.'
          : `Resumed ${formatDay(h.to, { weekday: true })} with the fix ${h.fixVersion ?? '(no version given)'}.`,
      ),
      status: 'CONFIRMED',
      categories: ['Halt'],
    }));
}

/** "- eu-west-2 (released): EU West 2 · eu-west · Europe/Dublin": one deployment of a wave, with its step when known. */
function deploymentLine(
  d: { key: string; name: string; region: string; timeZone: string },
  status: string | null,
): string {
  return `- ${d.key}${status === null ? '' : ` (${status})`}: ${[d.name, d.region, d.timeZone].filter(Boolean).join(' · ')}`;
}

/**
 * deploymentLine by key and status, each made once: a long plan lists every deployment in a wave
 * of every train, mostly with the same status.
 */
function deploymentLines(
  deployment: ReturnType<typeof deploymentIndex>,
): (key: string, status: string | null) => string {
  const made = new Map<string, Map<string | null, string>>();
  return (key, status) => {
    let byStatus = made.get(key);
    if (!byStatus) made.set(key, (byStatus = new Map()));
    let line = byStatus.get(status);
    if (line === undefined) byStatus.set(status, (line = deploymentLine(deployment(key), status)));
    return line;
  };
}

/** "Patch 2027.03.1 replaces 2027.03, in which a regression was found: …": what a patch event says first. */
function patchLine(patch: ExportPatch): string {
  return `Patch ${patch.version} replaces ${patch.broken}, in which a regression was found: ${patch.reason} (${patch.reference}).`;
}

/** Each wave of the train's patches on its day: the fix going to those released with the broken build. */
function patchEvents(
  snapshot: ExportSnapshot,
  train: TrainView,
  deployment: ReturnType<typeof deploymentIndex>,
): IcsEvent[] {
  return (snapshot.patches ?? [])
    .filter((p) => p.trainId === train.id)
    .flatMap((patch) =>
      patch.waves.map((wave) => {
        const count = `${wave.steps.length} deployment${wave.steps.length === 1 ? '' : 's'}`;
        return {
          uid: patchWaveUid(train.id, patch.id, wave.index),
          start: wave.date,
          end: wave.date,
          summary: `${train.version} patch ${patch.version} wave ${wave.index}${wave.index === 0 ? ' (internal)' : ''}: ${count}`,
          description: lines(
            patchLine(patch),
            `Wave ${wave.index}, ${formatDay(wave.date, { weekday: true })}: ${count}.`,
            ...wave.steps.map((s) => deploymentLine(deployment(s.key), statusWords(s.state))),
          ),
          status: wave.steps.every((s) => s.state === 'skipped') ? 'CANCELLED' : 'CONFIRMED',
          categories: ['Patch'],
        };
      }),
    );
}

/** What a skipped or cancelled train says about itself; null for a live one. */
function offNote(train: TrainView): string | null {
  if (train.state === 'active') return null;
  const what = train.state === 'cancelled' ? 'Cancelled' : 'Skipped';
  return train.stateReason ? `${what}: ${train.stateReason}` : `${what}.`;
}

function haltNote(snapshot: ExportSnapshot, train: TrainView): string | null {
  const halt = haltOf(snapshot, train.id);
  return halt ? `Halted: ${halt.reason} (${halt.reference}); further releases wait until a fix is integrated.` : null;
}

/** "2027.03 (cancelled)": what a summary calls a train. */
function trainLabel(train: TrainView): string {
  return train.state === 'active' ? train.version : `${train.version} (${train.state})`;
}

function lines(...parts: (string | null | undefined)[]): string {
  return parts.filter((p): p is string => !!p).join('\n');
}

/**
 * Every phase of every train, then every wave of its plan. Wave events list their
 * deployments, with each one's step status when the snapshot has rollout steps.
 * An event says the same in every feed that holds it (all, one train, a range), so
 * one sequence store serves them all. The date-driven status (developing, rolling
 * out…) is left out on purpose: it changes every phase and would raise every
 * SEQUENCE without a real change.
 */
function trainEvents(snapshot: ExportSnapshot): IcsEvent[] {
  const deployment = deploymentIndex(snapshot);
  const lineOf = deploymentLines(deployment);
  const stepStatus = stepStatusIndex(snapshot);
  const planFor = planIndex(snapshot);
  const events: IcsEvent[] = [];
  for (const train of snapshot.trains) {
    const status = statusOf(train);
    for (const phase of train.phases) {
      const releases = phase.releaseDays.flatMap((r) =>
        r.actual ? [formatDay(r.actual, { weekday: true, year: false })] : [],
      );
      events.push({
        uid: phaseUid(train.id, phase.key),
        start: phase.start,
        end: phase.end,
        summary: `${trainLabel(train)}: ${phase.name}`,
        description: lines(
          `Release train ${train.version}: ${phase.name}, ${formatRange(phase.start, phase.end)}.`,
          releases.length > 0 ? `Release days: ${releases.join(', ')}.` : null,
          conflictNote(train, phase.key),
          offNote(train),
        ),
        status,
        categories: ['Release train', phase.kind],
      });
    }
    for (const wave of planFor(train.id)?.waves ?? []) {
      const who = wave.keys.map((key) => lineOf(key, snapshot.steps ? statusWords(stepStatus(train, key)) : null));
      const count = `${wave.keys.length} deployment${wave.keys.length === 1 ? '' : 's'}`;
      events.push({
        uid: waveUid(train.id, wave.index),
        start: wave.date,
        end: wave.date,
        summary:
          wave.index === 0
            ? `${trainLabel(train)} wave 0 (internal): ${wave.keys.join(', ')}`
            : `${trainLabel(train)} wave ${wave.index}: ${count}`,
        description: lines(
          `Release ${train.version}, wave ${wave.index}, ${formatDay(wave.date, { weekday: true })}: ${count}.`,
          ...who,
          haltNote(snapshot, train),
          offNote(train),
        ),
        status,
        categories: ['Rollout wave'],
      });
    }
    events.push(...haltEvents(snapshot, train));
    events.push(...patchEvents(snapshot, train, deployment));
  }
  return events;
}

/**
 * "When does us-east-3 get each release": one event per train, on the day of the
 * wave that holds the deployment. Cancelled when the train is cancelled or skipped,
 * or the deployment's step was skipped.
 */
function deploymentFeedEvents(snapshot: ExportSnapshot, key: string): IcsEvent[] {
  const d = deploymentIndex(snapshot)(key);
  const stepStatus = stepStatusIndex(snapshot);
  const where = [d.region, d.timeZone].filter(Boolean).join(', ');
  // Its releases go out in its local release window when it has one: each is then timed, in its zone.
  const window = snapshot.deployments.find((x) => x.key === key)?.releaseWindow ?? null;
  const time = window && d.timeZone ? { zone: d.timeZone, window } : null;
  const hours = time ? `, ${formatReleaseWindow(time.window)} ${time.zone} time` : '';
  const planFor = planIndex(snapshot);
  return snapshot.trains.flatMap((train) => {
    const wave = planFor(train.id)?.waves.find((w) => w.keys.includes(key));
    if (!wave) return [];
    const step = stepStatus(train, key);
    const patches = (snapshot.patches ?? [])
      .filter((p) => p.trainId === train.id)
      .flatMap((patch) => {
        const w = patch.waves.find((x) => x.steps.some((s) => s.key === key));
        if (!w) return [];
        const state = w.steps.find((s) => s.key === key)!.state;
        return [
          {
            uid: patchDeploymentUid(train.id, patch.id, key),
            start: w.date,
            end: w.date,
            ...(time ? { time } : {}),
            summary: `${train.version} patch ${patch.version} → ${key} (wave ${w.index})`,
            description: lines(
              patchLine(patch),
              `${d.name}${where ? ` (${where})` : ''} receives it in wave ${w.index}, ${formatDay(w.date, { weekday: true })}${hours}.`,
              `Status: ${statusWords(state)}.`,
            ),
            status: state === 'skipped' ? ('CANCELLED' as const) : ('CONFIRMED' as const),
            categories: ['Patch'],
          },
        ];
      });
    return [
      {
        uid: deploymentUid(train.id, key),
        start: wave.date,
        end: wave.date,
        ...(time ? { time } : {}),
        summary: `${trainLabel(train)} → ${key} (wave ${wave.index})`,
        description: lines(
          `${d.name}${where ? ` (${where})` : ''} receives release ${train.version} in wave ${wave.index}, ${formatDay(wave.date, { weekday: true })}${hours}.`,
          snapshot.steps ? `Status: ${statusWords(step)}.` : null,
          haltNote(snapshot, train),
          offNote(train),
        ),
        status: train.state === 'active' && step !== 'skipped' ? 'CONFIRMED' : 'CANCELLED',
        categories: ['Release'],
      },
      ...patches,
    ];
  });
}

/** The events of a selection: a deployment gets its own feed, anything else the trains' phases and waves. */
export function eventsFor(snapshot: ExportSnapshot, selection: ExportSelection): IcsEvent[] {
  const selected = selectSnapshot(snapshot, selection);
  return selection.kind === 'deployment' ? deploymentFeedEvents(selected, selection.key) : trainEvents(selected);
}

function calendarNameFor(snapshot: ExportSnapshot, selection: ExportSelection): string {
  switch (selection.kind) {
    case 'all':
      return snapshot.calendarName;
    case 'train': {
      const version = snapshot.trains.find((t) => t.id === selection.trainId)?.version ?? `train ${selection.trainId}`;
      return `${snapshot.calendarName}: ${version}`;
    }
    case 'deployment':
      return `${snapshot.calendarName}: ${selection.key}`;
    case 'range':
      return `${snapshot.calendarName}: ${formatRange(selection.from, selection.to)}`;
  }
}

/**
 * The whole iCalendar file of a selection. A caller that has made its `events` already (to refuse
 * an empty calendar, say) passes them, so that a large plan's events are not made twice.
 */
export function toIcs(
  snapshot: ExportSnapshot,
  selection: ExportSelection,
  options: IcsOptions,
  events: readonly IcsEvent[] = eventsFor(snapshot, selection),
): string {
  return serializeCalendar({
    name: options.name ?? calendarNameFor(snapshot, selection),
    generatedAt: snapshot.generatedAt,
    events,
    sequenceOf: options.sequenceOf,
  });
}

export function serializeCalendar(input: {
  name: string;
  generatedAt: string;
  events: readonly IcsEvent[];
  sequenceOf: SequenceOf;
}): string {
  const stamp = utcStamp(input.generatedAt);
  // One string per component, its lines folded: the file is joined from a few thousand pieces
  // rather than from every line, which a feed of 10,000 events makes noticeably faster.
  const out = [
    folded([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      `PRODID:${PRODID}`,
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      `NAME:${escapeText(input.name)}`,
      `X-WR-CALNAME:${escapeText(input.name)}`,
    ]),
  ];
  // One VTIMEZONE per zone a timed event uses, with its offsets over the years of those events.
  for (const [zone, years] of zoneYears(input.events)) out.push(folded(vtimezoneLines(zone, years.from, years.to)));
  for (const e of input.events) {
    out.push(
      folded([
        'BEGIN:VEVENT',
        `UID:${e.uid}`,
        `DTSTAMP:${stamp}`,
        `SEQUENCE:${input.sequenceOf(e.uid, contentHash(e))}`,
        ...(e.time
          ? [
              `DTSTART;TZID=${e.time.zone}:${basicDate(e.start)}T${basicTime(e.time.window.start)}`,
              `DTEND;TZID=${e.time.zone}:${basicDate(e.start)}T${basicTime(e.time.window.end)}`,
            ]
          : [`DTSTART;VALUE=DATE:${basicDate(e.start)}`, `DTEND;VALUE=DATE:${basicDate(addDays(e.end, 1))}`]),
        `SUMMARY:${escapeText(e.summary)}`,
        `DESCRIPTION:${escapeText(e.description)}`,
        `STATUS:${e.status}`,
        // Plan entries are information, not meetings: they leave the day (or the window) free.
        'TRANSP:TRANSPARENT',
        `CATEGORIES:${e.categories.map(escapeText).join(',')}`,
        'END:VEVENT',
      ]),
    );
  }
  out.push('END:VCALENDAR');
  return out.join(CRLF) + CRLF;
}

/** Content lines as the file holds them: each folded, one after another. */
function folded(lines: readonly string[]): string {
  return lines.map(foldLine).join(CRLF);
}

/** The zones timed events use, each with the first and last year of its events, in order of first use. */
function zoneYears(events: readonly IcsEvent[]): Map<string, { from: number; to: number }> {
  const zones = new Map<string, { from: number; to: number }>();
  for (const e of events) {
    if (!e.time) continue;
    const year = Number(e.start.slice(0, 4));
    const seen = zones.get(e.time.zone);
    zones.set(
      e.time.zone,
      seen ? { from: Math.min(seen.from, year), to: Math.max(seen.to, year) } : { from: year, to: year },
    );
  }
  return zones;
}

/**
 * A fingerprint of what an event says (everything but DTSTAMP and SEQUENCE): FNV-1a of its
 * fields as JSON. Stored with each SEQUENCE, so it must never change for the same event.
 */
function contentHash(event: IcsEvent): string {
  const text = JSON.stringify([
    event.uid,
    event.start,
    event.end,
    event.summary,
    event.description,
    event.status,
    event.categories,
    // Only a timed event has more to say: an all-day event keeps the hash it always had.
    ...(event.time ? [event.time.zone, event.time.window.start, event.time.window.end] : []),
  ]);
  return fnv1a64(text);
}

/**
 * FNV-1a, 64 bits, over the UTF-16 code units of `text`, as 16 hex digits. The hash is kept as a
 * 32-bit high half and two 16-bit limbs below it, so that every step is exact in small integers
 * and allocates nothing: with BigInt, each code unit allocated two numbers, and a feed of 10,000
 * events spent most of its time there and in the garbage collector.
 */
export function fnv1a64(text: string): string {
  // The offset basis, 0xcbf29ce484222325: hi, then the limbs l1 and l0.
  let hi = 0xcbf29ce4 | 0;
  let l1 = 0x8422;
  let l0 = 0x2325;
  for (let i = 0; i < text.length; i++) {
    // A code unit has 16 bits: it changes the lowest limb only.
    l0 ^= text.charCodeAt(i);
    // Times the prime 0x100000001b3 = 2^40 + 0x1b3, modulo 2^64. Each limb times 0x1b3 stays below
    // 2^26, its carry passed up; the high half keeps its own product modulo 2^32 and gains the low
    // 24 bits of the hash shifted left by 8 (2^40 = 2^32 · 2^8).
    const t0 = l0 * 0x1b3;
    const t1 = l1 * 0x1b3 + (t0 >>> 16);
    hi = (Math.imul(hi, 0x1b3) + (t1 >>> 16) + (l0 << 8) + (l1 << 24)) | 0;
    l0 = t0 & 0xffff;
    l1 = t1 & 0xffff;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (l1 * 0x10000 + l0).toString(16).padStart(8, '0');
}

/** `2027-01-18T09:30:00.000Z` → `20270118T093000Z`. */
function utcStamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an instant: ${iso}`);
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function basicDate(day: Day): string {
  return day.replaceAll('-', '');
}

/** `09:30` → `093000`. */
function basicTime(time: string): string {
  return `${time.replace(':', '')}00`;
}

/**
 * Everything TEXT changes, matched in one pass over the text: a lone UTF-16 surrogate, a line
 * break (CRLF, CR or LF: CR comes before the control characters it is one of), another control
 * character, and the three characters TEXT escapes.
 */
const TEXT_CHANGES =
  // eslint-disable-next-line no-control-regex -- RFC 5545 TEXT allows no control characters but tab (newlines are escaped).
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\r\n?|\n|[\u0000-\u0008\u000B-\u001F\u007F]|[\\;,]/g;

/** Every character one of TEXT_CHANGES starts with. */
// eslint-disable-next-line no-control-regex -- the characters TEXT_CHANGES changes, control characters among them.
const MAY_CHANGE = /[\u0000-\u0008\u000A-\u001F\u007F\\;,\uD800-\uDFFF]/;

function textChange(match: string): string {
  if (match === '\\' || match === ';' || match === ',') return `\\${match}`;
  if (match === '\n' || match[0] === '\r') return '\\n';
  const unit = match.charCodeAt(0);
  return unit >= 0xd800 && unit <= 0xdfff ? '\uFFFD' : '';
}

/**
 * RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma are escaped, a line break
 * becomes `\n`. Other control characters cannot be written at all and are dropped;
 * a lone UTF-16 surrogate (no character) becomes U+FFFD.
 */
export function escapeText(text: string): string {
  // Most text has nothing to change, and a plain character class finds that out much faster.
  return MAY_CHANGE.test(text) ? text.replace(TEXT_CHANGES, textChange) : text;
}

/**
 * Folds one content line (RFC 5545 §3.1) into physical lines of at most 75 octets
 * of UTF-8, each continuation starting with one space that counts towards the 75.
 * It breaks between characters (code points), never inside one; a lone surrogate
 * counts as the three octets of the U+FFFD it becomes in UTF-8.
 */
export function foldLine(line: string): string {
  // Most lines are short: no character takes more than three octets per UTF-16 code unit.
  if (line.length * 3 <= MAX_LINE_OCTETS) return line;
  const parts: string[] = [];
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length;) {
    const unit = line.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(line.charCodeAt(i + 1));
    const size = unit < 0x80 ? 1 : unit < 0x800 ? 2 : pair ? 4 : 3;
    if (octets + size > MAX_LINE_OCTETS) {
      parts.push(line.slice(start, i));
      start = i;
      // The continuation's leading space.
      octets = 1;
    }
    octets += size;
    i += pair ? 2 : 1;
  }
  parts.push(line.slice(start));
  return parts.join(`${CRLF} `);
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
