import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/days';
import { handleFeedRequest } from '../../electron/server/feeds';
import { hashFeedSecret } from '../../electron/backend/services/feeds';
import type { CreatedFeed, ExportFile, Feed } from '../../shared/contract';
import type { TrainView } from '../../shared/train';
import { type TestBackend, openTestBackend, resultOf } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';

// The feed handler a team server mounts at /feeds/, over a real backend on a real SQLite file
// with the demo loaded, behind a tiny HTTP server of the test's own.

const tempDir = useTempDirs('rc-feed-handler-');
const PYTHON = '/usr/bin/python3';
const KHAL = '/usr/bin/khal';

let backend: TestBackend;
let server: http.Server;
let base: string;

beforeEach(async () => {
  backend = openTestBackend(tempDir());
  await resultOf(backend, 'fleet.loadDemo');
  server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/feeds/')) handleFeedRequest(backend, req, res, url.slice('/feeds/'.length));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  backend.close();
});

const create = (input: Record<string, unknown>) => resultOf<CreatedFeed>(backend, 'feeds.create', input);
const get = (urlPath: string, headers: Record<string, string> = {}) => fetch(`${base}${urlPath}`, { headers });

/** The VEVENT of `uid` in a calendar's text. */
function eventOf(ics: string, uid: string): string {
  const event = ics.split('BEGIN:VEVENT').find((e) => e.includes(`UID:${uid}\r\n`));
  if (!event) throw new Error(`no event ${uid}`);
  return event;
}

describe('GET /feeds/<secret>/…', () => {
  it('serves the whole plan as iCalendar with its validators, and 304 to a copy that is current', async () => {
    const { path: feedPath } = await create({ kind: 'calendar', label: 'Team calendar' });
    const first = await get(feedPath);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const lastModified = first.headers.get('last-modified')!;
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);
    const body = await first.text();
    expect(body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(body.match(/^BEGIN:VEVENT\r$/gm)!.length).toBeGreaterThan(50);

    // The same plan gives the same bytes: the generation time is the plan's last change.
    const again = await get(feedPath);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe(body);

    const byTag = await get(feedPath, { 'If-None-Match': `"other", ${etag}` });
    expect(byTag.status).toBe(304);
    expect(byTag.headers.get('etag')).toBe(etag);
    expect(await byTag.text()).toBe('');
    expect((await get(feedPath, { 'If-None-Match': '"other"' })).status).toBe(200);
    expect((await get(feedPath, { 'If-Modified-Since': lastModified })).status).toBe(304);
    const before = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await get(feedPath, { 'If-Modified-Since': before })).status).toBe(200);

    // HEAD answers the headers alone; anything but GET and HEAD is refused.
    const head = await fetch(`${base}${feedPath}`, { method: 'HEAD' });
    expect([head.status, head.headers.get('etag'), await head.text()]).toEqual([200, etag, '']);
    expect((await fetch(`${base}${feedPath}`, { method: 'POST' })).status).toBe(405);

    const [listed] = await resultOf<Feed[]>(backend, 'feeds.list');
    expect(listed!.lastFetchedAt).not.toBeNull();
  });

  it('gives a new ETag after a change, and the change in the next fetch, with the SEQUENCE every export says', async () => {
    const { path: feedPath } = await create({ kind: 'calendar', label: 'Team calendar' });
    const first = await get(feedPath);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    // A train that has not started (the demo's clock says 2026-03-02), moved two days later.
    const train = (await resultOf<TrainView[]>(backend, 'trains.list')).find(
      (t) => t.state === 'active' && t.start > '2026-03-09',
    )!;
    const start = addDays(train.start, 2);
    const uid = `train-${train.id}-phase-development@release-calendar`;
    expect(eventOf(await first.text(), uid)).toContain('SEQUENCE:0\r\n');

    const moved = await resultOf<TrainView[]>(backend, 'trains.move', { id: train.id, start });
    const development = moved.find((t) => t.id === train.id)!.phases.find((p) => p.key === 'development')!;
    expect(development.start).toBe(start);

    const stale = await get(feedPath, { 'If-None-Match': etag });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('etag')).not.toBe(etag);
    expect(Date.parse(stale.headers.get('last-modified')!)).toBeGreaterThan(Date.parse(lastModified));
    const event = eventOf(await stale.text(), uid);
    expect(event).toContain(`DTSTART;VALUE=DATE:${start.replaceAll('-', '')}\r\n`);
    expect(event).toContain('SEQUENCE:1\r\n');

    // A download of the same calendar says the same SEQUENCE: one store for every export.
    const exported = await resultOf<ExportFile>(backend, 'export.render', {
      selection: { kind: 'all' },
      format: 'ics',
      options: { bom: false, paper: 'a4' },
    });
    expect(eventOf(exported.content, uid)).toContain('SEQUENCE:1\r\n');
    // And fetching again raises nothing.
    expect(eventOf(await (await get(feedPath)).text(), uid)).toContain('SEQUENCE:1\r\n');
  });

  it("serves a deployment's releases and the release notes, the latter changed by new notes", async () => {
    const deployment = await create({ kind: 'deployment', key: 'eu-central-1', label: 'EU Central 1' });
    const ics = await get(deployment.path);
    expect(ics.status).toBe(200);
    expect(await ics.text()).toContain('X-WR-CALNAME:Release Calendar: eu-central-1\r\n');

    const notes = await create({ kind: 'release-notes', label: 'Notes' });
    const atom = await get(notes.path);
    expect(atom.status).toBe(200);
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const etag = atom.headers.get('etag')!;
    const version = /<title type="text">(\S+) released<\/title>/.exec(await atom.text())![1]!;
    const train = (await resultOf<TrainView[]>(backend, 'trains.list')).find((t) => t.version === version)!;
    await resultOf(backend, 'trains.setNotes', { id: train.id, notes: 'Passwordless sign-in for everyone.' });
    const changed = await get(notes.path, { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).toContain('Passwordless sign-in for everyone.');
  });

  it('answers 404 alike to a revoked or unknown secret, a path of another shape or feed, and an unknown deployment', async () => {
    const calendar = await create({ kind: 'calendar', label: 'Team calendar' });
    const deployment = await create({ kind: 'deployment', key: 'eu-central-1', label: 'EU Central 1' });
    const secret = calendar.secret;
    const other = 'A'.repeat(43);
    // A deployment feed whose deployment the fleet no longer knows (written by hand: the API refuses it).
    const ghost = 'G'.repeat(43);
    backend.db
      .prepare(
        `INSERT INTO feeds (secret_hash, kind, deployment_key, label, created_by, created_at)
         VALUES (?, 'deployment', 'mars-1', 'Mars', 'sam', '2026-03-02T09:00:00.000Z')`,
      )
      .run(hashFeedSecret(ghost));

    const wrong = [
      `/feeds/${other}/calendar.ics`,
      `/feeds/${secret}/release-notes.atom`,
      `/feeds/${secret}/calendar.atom`,
      `/feeds/${secret}/deployments/eu-central-1.ics`,
      `/feeds/${deployment.secret}/deployments/eu-west-1.ics`,
      `/feeds/${deployment.secret}/calendar.ics`,
      `/feeds/${secret}`,
      `/feeds/${secret}/`,
      `/feeds/${secret.slice(1)}/calendar.ics`,
      `/feeds/${ghost}/deployments/mars-1.ics`,
    ];
    const answers = await Promise.all(wrong.map(async (p) => [p, (await get(p)).status, await (await get(p)).text()]));
    const body = 'There is no feed at this address.\n';
    expect(answers).toEqual(wrong.map((p) => [p, 404, body]));

    expect((await get(calendar.path)).status).toBe(200);
    await resultOf(backend, 'feeds.revoke', { id: calendar.feed.id });
    const revoked = await get(calendar.path);
    expect([revoked.status, await revoked.text()]).toEqual([404, body]);
    // A query string changes nothing.
    expect((await get(`${deployment.path}?x=1`)).status).toBe(200);
  });

  it('serves a feed python icalendar and khal read', async () => {
    const { path: feedPath } = await create({ kind: 'calendar', label: 'Team calendar' });
    const body = await (await get(feedPath)).text();
    const dir = tempDir();
    const file = path.join(dir, 'calendar.ics');
    fs.writeFileSync(file, body);
    const count = (body.match(/^BEGIN:VEVENT\r$/gm) ?? []).length;

    const script = `
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = list(cal.walk('VEVENT'))
print(json.dumps({
  'count': len(events),
  'sequences': sorted({int(e.get('SEQUENCE')) for e in events}),
  'stamps': sorted({e.decoded('DTSTAMP').isoformat() for e in events}),
  'name': str(cal.get('X-WR-CALNAME')),
}))
`;
    const read = JSON.parse(execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8' })) as {
      count: number;
      sequences: number[];
      stamps: string[];
      name: string;
    };
    expect(read).toMatchObject({ count, sequences: [0], name: 'Release Calendar' });
    expect(read.stamps).toHaveLength(1);

    const config = path.join(dir, 'khal.conf');
    fs.mkdirSync(path.join(dir, 'khal-calendar'));
    fs.writeFileSync(
      config,
      [
        '[calendars]',
        '[[release]]',
        `path = ${path.join(dir, 'khal-calendar')}`,
        '[locale]',
        'local_timezone = UTC',
        'default_timezone = UTC',
        '',
      ].join('\n'),
    );
    const out = execFileSync(KHAL, ['-c', config, 'printics', file], { encoding: 'utf8' });
    expect(out).toContain(`${count} events found in ${file}`);
  });
});
