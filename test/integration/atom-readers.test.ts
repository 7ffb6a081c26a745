import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ExportDocument, exportDocumentSchema } from '../../shared/export/json';
import { type CliRun, cli } from '../helpers/cli';
import { fixedClock } from '../helpers/clock';
import { useTempDirs } from '../helpers/temp-dir';

// The release-notes feed of the publish folder, read by a feed parser that shares no code with us:
// Python's feedparser (what many feed readers and scripts use), a Debian package that .ci/run
// installs (python3-feedparser), as the calendar readers of ics-readers.test.ts are.

const tempDir = useTempDirs('rc-atom-readers-');
const PYTHON = '/usr/bin/python3';

/** What feedparser makes of a feed: whether it choked (bozo), and the fields a reader shows. */
interface ParsedFeed {
  bozo: boolean;
  bozoException: string | null;
  version: string;
  feed: { id: string; title: string; updated: string; author: string };
  entries: { id: string; title: string; updated: string; published: string | null; type: string; content: string }[];
}

const PARSE = `
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
print(json.dumps({
  'bozo': bool(d.bozo),
  'bozoException': str(d.get('bozo_exception')) if d.bozo else None,
  'version': d.version,
  'feed': {'id': d.feed.id, 'title': d.feed.title, 'updated': d.feed.updated, 'author': d.feed.author},
  'entries': [{'id': e.id, 'title': e.title, 'updated': e.updated, 'published': e.get('published'),
               'type': e.content[0].type, 'content': e.content[0].value} for e in d.entries],
}))
`;

function parse(file: string): ParsedFeed {
  return JSON.parse(execFileSync(PYTHON, ['-c', PARSE, file], { encoding: 'utf8' })) as ParsedFeed;
}

/** The published feed, parsed, with no complaint from the parser. */
function published(folder: string): ParsedFeed {
  const feed = parse(path.join(folder, 'release-notes.atom'));
  expect(feed.bozoException).toBeNull();
  expect(feed.bozo).toBe(false);
  expect(feed.version).toBe('atom10');
  return feed;
}

/**
 * The versions of the released trains, read from the published JSON rather than by the feed's
 * code: active and not halted, no deployment pending or in progress, a customer deployment released.
 */
function releasedVersions(folder: string): string[] {
  const doc: ExportDocument = exportDocumentSchema.parse(
    JSON.parse(fs.readFileSync(path.join(folder, 'release-calendar.json'), 'utf8')),
  );
  return doc.trains
    .filter((t) => {
      if (t.status === 'cancelled' || t.status === 'skipped' || t.halt) return false;
      const steps = t.waves.flatMap((w) => w.deployments.map((d) => ({ wave: w.index, status: d.status })));
      return (
        steps.every((s) => s.status !== 'pending' && s.status !== 'in_progress') &&
        steps.some((s) => s.wave > 0 && s.status === 'released')
      );
    })
    .map((t) => t.version);
}

describe('the published release-notes feed, read by feedparser', () => {
  it('parses cleanly, holds one entry per released train, keeps its ids, and dates entries by their notes', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'published');
    fs.mkdirSync(folder);
    const at = async (now: string, ...argv: string[]): Promise<CliRun> => {
      const r = await cli([...argv, '--db', path.join(dir, 'rc.db')], { cwd: dir, now: fixedClock(now) });
      expect(r.code, r.stderr.join('\n')).toBe(0);
      return r;
    };
    await at('2026-03-02T09:00:00.000Z', 'init', '--demo');
    await at('2026-03-02T09:00:00.000Z', 'publish', '--folder', folder);

    const first = published(folder);
    const released = releasedVersions(folder);
    expect(released.length).toBeGreaterThan(0);
    expect(first.entries.map((e) => e.title).sort()).toEqual(released.map((v) => `${v} released`).sort());
    expect(first.feed).toMatchObject({ title: 'Release Calendar: release notes', author: 'Release Calendar' });
    for (const e of first.entries) {
      expect(e.id).toMatch(/^tag:release-calendar,2026:train\/\d{4}-\d{2}-\d{2}$/);
      expect(e.type).toBe('text/plain');
      expect(e.content).toContain('## Highlights');
      expect(e.published! <= '2026-03-02T09:00:00.000Z').toBe(true);
    }
    expect(new Set(first.entries.map((e) => e.id)).size).toBe(first.entries.length);
    expect(first.feed.updated).toBe(
      first.entries
        .map((e) => e.updated)
        .sort()
        .at(-1),
    );
    const updatedOf = (feed: ParsedFeed) => Object.fromEntries(feed.entries.map((e) => [e.id, e.updated]));

    // Unrelated changes republish the folder, and change no id and no instant of the feed.
    const json = () => fs.readFileSync(path.join(folder, 'release-calendar.json'), 'utf8');
    const before = json();
    const trains = JSON.parse((await at('2026-03-02T10:00:00.000Z', 'trains', 'list', '--json')).out) as {
      id: number;
      version: string;
      start: string;
    }[];
    const future = trains.filter((t) => t.start > '2026-03-02');
    await at('2026-03-02T10:00:00.000Z', 'trains', 'notes', future[0]!.version, '--text', 'Not released yet.');
    await at('2026-03-02T10:05:00.000Z', 'trains', 'skip', future[1]!.version, '--reason', 'Company offsite');
    expect(json()).not.toBe(before);
    const unrelated = published(folder);
    expect(unrelated.entries.map((e) => e.id)).toEqual(first.entries.map((e) => e.id));
    expect(updatedOf(unrelated)).toEqual(updatedOf(first));
    expect(unrelated.feed).toEqual(first.feed);

    // New notes for a released train, hostile ones: that entry alone moves, to the instant of the change.
    const version = released[0]!;
    const id = first.entries.find((e) => e.title === `${version} released`)!.id;
    const hostile = 'Fixed <script>alert(1)</script> & "quotes" ]]> and a bell\u0007 🚀\r\n- next\u0000 line \uD83D';
    await at('2026-03-03T08:15:00.000Z', 'trains', 'notes', version, '--text', hostile);
    const edited = published(folder);
    expect(edited.entries.map((e) => e.id)).toEqual(first.entries.map((e) => e.id));
    expect(updatedOf(edited)).toEqual({ ...updatedOf(first), [id]: '2026-03-03T08:15:00.000Z' });
    expect(edited.feed.updated).toBe('2026-03-03T08:15:00.000Z');
    const entry = edited.entries.find((e) => e.id === id)!;
    // The lone surrogate, which no UTF-8 holds, became U+FFFD where the API took the text.
    expect(entry.content).toMatch(
      /^Fixed <script>alert\(1\)<\/script> & "quotes" \]\]> and a bell 🚀\n- next line \uFFFD$/,
    );
    expect(entry.published).toBe(first.entries.find((e) => e.id === id)!.published);

    // Undo of the hostile edit itself: the notes stored are the notes audited, so undo finds them unchanged.
    await at('2026-03-03T08:20:00.000Z', 'undo', '--train', version);
    expect(published(folder).entries.find((e) => e.id === id)!.content).toBe(
      first.entries.find((e) => e.id === id)!.content,
    );
    await at('2026-03-03T08:25:00.000Z', 'trains', 'notes', version, '--text', hostile);

    // Plain new notes, then undo: undo puts the hostile ones back, and that is a change of the notes too.
    await at('2026-03-03T09:00:00.000Z', 'trains', 'notes', version, '--text', 'Sign-in fixed.');
    expect(updatedOf(published(folder))).toEqual({ ...updatedOf(first), [id]: '2026-03-03T09:00:00.000Z' });
    await at('2026-03-03T09:30:00.000Z', 'undo', '--train', version);
    const undone = published(folder);
    expect(updatedOf(undone)).toEqual({ ...updatedOf(first), [id]: '2026-03-03T09:30:00.000Z' });
    expect(undone.feed.updated).toBe('2026-03-03T09:30:00.000Z');
    expect(undone.entries.find((e) => e.id === id)!.content).toBe(entry.content);
    expect(undone.entries.map((e) => e.id)).toEqual(first.entries.map((e) => e.id));
  });
});
