import { formatRange } from '../days';
import type { TrainView } from '../train';
import {
  type ExportSelection,
  type ExportSnapshot,
  type ExportStep,
  haltOf,
  planIndex,
  selectSnapshot,
} from './snapshot';

// The release notes of the released trains as an Atom 1.0 feed (RFC 4287), so that people
// subscribe to release notes in a feed reader as they subscribe to the schedule in a calendar.
// docs/export-schema.md says what counts as released and where each instant comes from. The
// notes are Markdown; there is no Markdown-to-HTML renderer outside the app's React view, so
// they go out as they were written, in text content.

/** The tagging entity of every id (RFC 4151): a name and a year, fixed for good. */
const TAG = 'tag:release-calendar,2026:';

/** A feed with no entry says it changed at the first train's planning, or at this instant when there is no train. */
const NO_INSTANT = '1970-01-01T00:00:00.000Z';

/** A released train, as its entry shows it. */
export interface Release {
  train: TrainView;
  /** When the first customer deployment that runs it now was released (UTC ISO); null when tracking does not say. */
  publishedAt: string | null;
  /** When its release notes last changed (UTC ISO); when it was planned, for notes never changed since. */
  notesUpdatedAt: string;
}

/**
 * The released trains of `snapshot`, in start order. A train is released when it is active
 * (neither skipped nor cancelled), no halt stands on it, at least one customer deployment
 * (wave 1 or later) has it released, and no deployment of its plan (wave 0 included) is
 * still pending or in progress: every step has ended released, skipped, failed or rolled back.
 * Read from the whole snapshot, before a selection drops the steps it depends on.
 */
export function releasedTrains(snapshot: ExportSnapshot): Release[] {
  const plan = planIndex(snapshot);
  const steps = new Map<number, Map<string, ExportStep>>();
  for (const s of snapshot.steps ?? []) {
    let own = steps.get(s.trainId);
    if (!own) steps.set(s.trainId, (own = new Map()));
    own.set(s.key, s);
  }
  const notesChanged = new Map((snapshot.notesChanges ?? []).map((n) => [n.trainId, n.at]));
  return snapshot.trains.flatMap((train) => {
    if (train.state !== 'active' || haltOf(snapshot, train.id)) return [];
    const own = steps.get(train.id);
    let released = false;
    let publishedAt: string | null = null;
    for (const wave of plan(train.id)?.waves ?? [])
      for (const key of wave.keys) {
        const step = own?.get(key);
        const state = step?.state ?? 'pending';
        if (state === 'pending' || state === 'in_progress') return [];
        if (wave.index === 0 || state !== 'released') continue;
        released = true;
        if (step?.finishedAt !== undefined && (publishedAt === null || step.finishedAt < publishedAt))
          publishedAt = step.finishedAt;
      }
    if (!released) return [];
    return [{ train, publishedAt, notesUpdatedAt: notesChanged.get(train.id) ?? train.createdAt }];
  });
}

/**
 * Everything XML text changes, in one pass: a line break (CRLF or CR, which becomes LF), a lone
 * UTF-16 surrogate (no character: U+FFFD), a character XML 1.0 forbids (control characters but
 * tab, LF and CR; U+FFFE and U+FFFF: dropped), and the characters markup starts with.
 */
const XML_CHANGES =
  // eslint-disable-next-line no-control-regex -- XML 1.0 allows no control characters but tab, LF and CR.
  /\r\n?|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[&<>"]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function xmlChange(match: string): string {
  const entity = ENTITIES[match];
  if (entity !== undefined) return entity;
  if (match[0] === '\r') return '\n';
  const unit = match.charCodeAt(0);
  return unit >= 0xd800 && unit <= 0xdfff ? '\uFFFD' : '';
}

/** Text as XML character data or an attribute value (in double quotes): well-formed whatever it holds. */
export function escapeXml(text: string): string {
  return text.replace(XML_CHANGES, xmlChange);
}

/** The id of a train's entry: from its cadence slot, which never changes and no other train takes. */
export function entryId(train: Pick<TrainView, 'slotStart'>): string {
  return `${TAG}train/${train.slotStart}`;
}

/** The id of the feed of a selection: the same feed keeps it from one export to the next. */
export function feedId(snapshot: ExportSnapshot, selection: ExportSelection): string {
  switch (selection.kind) {
    case 'all':
      return `${TAG}release-notes`;
    case 'train': {
      const train = snapshot.trains.find((t) => t.id === selection.trainId);
      return `${TAG}release-notes/train/${train?.slotStart ?? selection.trainId}`;
    }
    case 'deployment':
      return `${TAG}release-notes/deployment/${selection.key}`;
    case 'range':
      return `${TAG}release-notes/range/${selection.from}/${selection.to}`;
  }
}

function feedTitle(snapshot: ExportSnapshot, selection: ExportSelection): string {
  const title = `${snapshot.calendarName}: release notes`;
  switch (selection.kind) {
    case 'all':
      return title;
    case 'train':
      return `${title} of ${snapshot.trains.find((t) => t.id === selection.trainId)?.version ?? selection.trainId}`;
    case 'deployment':
      return `${title} for ${selection.key}`;
    case 'range':
      return `${title}, ${formatRange(selection.from, selection.to)}`;
  }
}

function element(indent: string, name: string, text: string, attributes = ''): string {
  return `${indent}<${name}${attributes}>${escapeXml(text)}</${name}>`;
}

function entry(release: Release): string[] {
  const { train } = release;
  const notes = train.notes.trim();
  return [
    '  <entry>',
    element('    ', 'id', entryId(train)),
    element('    ', 'title', `${train.version} released`, ' type="text"'),
    ...(release.publishedAt === null ? [] : [element('    ', 'published', release.publishedAt)]),
    element('    ', 'updated', release.notesUpdatedAt),
    element(
      '    ',
      'content',
      notes === '' ? `No release notes were written for ${train.version}.` : notes,
      ' type="text"',
    ),
    '  </entry>',
  ];
}

/**
 * The Atom feed of the released trains a selection holds, newest train first: one entry per
 * train, whose `updated` is when its notes last changed, never when the feed was written. The
 * feed's `updated` is the latest of its entries'. Refuses (not_found) an unknown train or deployment.
 */
export function toAtom(snapshot: ExportSnapshot, selection: ExportSelection): string {
  const selected = new Set(selectSnapshot(snapshot, selection).trains.map((t) => t.id));
  const releases = releasedTrains(snapshot)
    .filter((r) => selected.has(r.train.id))
    .reverse();
  const firstPlanned = snapshot.trains.reduce<string | null>(
    (first, t) => (first === null || t.createdAt < first ? t.createdAt : first),
    null,
  );
  const updated = releases.reduce<string | null>(
    (latest, r) => (latest === null || r.notesUpdatedAt > latest ? r.notesUpdatedAt : latest),
    null,
  );
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    element('  ', 'id', feedId(snapshot, selection)),
    element('  ', 'title', feedTitle(snapshot, selection), ' type="text"'),
    element('  ', 'subtitle', 'Release notes of the released trains, newest first.', ' type="text"'),
    element('  ', 'updated', updated ?? firstPlanned ?? NO_INSTANT),
    '  <author>',
    element('    ', 'name', snapshot.calendarName),
    '  </author>',
    element('  ', 'generator', snapshot.calendarName),
    ...releases.flatMap(entry),
    '</feed>',
  ];
  return `${lines.join('\n')}\n`;
}
