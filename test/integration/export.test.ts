import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAtomicTempFile } from '../../electron/backend/export/atomic-write';
import { DEFAULT_CHROMIUM } from '../../electron/cli/chromium';
import { printHtmlToPdf } from '../../electron/cli/export-commands';
import { addDays, dayInZone } from '../../shared/days';
import { DEMO_FLEET } from '../../shared/demo-fleet';
import { deploymentUid, haltUid, patchDeploymentUid, patchWaveUid, phaseUid, waveUid } from '../../shared/export/ics';
import { exportDocumentSchema } from '../../shared/export/json';
import type { TrainView } from '../../shared/train';
import { cli, cliOn } from '../helpers/cli';
import { fixedClock } from '../helpers/clock';
import { type ParsedEvent, eventsOf } from '../helpers/ical';
import { decodePng, inkedPixels, renderPdfPages } from '../helpers/png';
import { openTestBackend } from '../helpers/db';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('rc-export-');

/** The demo (init --demo on the CLI's fixed clock, 2 Mar 2026): a fleet of 40, trains around today with their plans. */
async function demo(): Promise<{ dir: string; db: string; run: (...argv: string[]) => ReturnType<typeof cli> }> {
  const dir = tempDir();
  const db = path.join(dir, 'plan.db');
  const run = (...argv: string[]) => cli([...argv, '--db', db], { cwd: dir });
  expect((await run('init', '--demo')).code).toBe(0);
  return { dir, db, run };
}

interface StoredWave {
  trainId: number;
  wave: number;
  day: string;
}

/** A deployment's step in a patch rollout: the day its wave is planned. */
interface StoredPatchStep {
  trainId: number;
  patchId: number;
  date: string;
}

/**
 * What the database holds, read past the API: the plans' waves, one deployment's placements, and the
 * patch steps that took a fix to it.
 */
function stored(db: string): {
  waves: StoredWave[];
  total: number;
  placements: (key: string) => StoredWave[];
  patchSteps: (key: string) => StoredPatchStep[];
} {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const patchSteps = conn
      .prepare(
        `SELECT p.train_id AS trainId, p.id AS patchId, s.date AS date, d.key AS key FROM patch_steps s
         JOIN patches p ON p.id = s.patch_id JOIN deployments d ON d.id = s.deployment_id ORDER BY p.train_id, p.id`,
      )
      .all() as (StoredPatchStep & { key: string })[];
    const waves = conn
      .prepare('SELECT train_id AS trainId, wave, day FROM rollout_waves ORDER BY train_id, wave')
      .all() as StoredWave[];
    const placements = conn
      .prepare(
        `SELECT p.train_id AS trainId, p.wave AS wave, w.day AS day, d.key AS key FROM rollout_placements p
         JOIN rollout_waves w ON w.train_id = p.train_id AND w.wave = p.wave JOIN deployments d ON d.id = p.deployment_id
         ORDER BY p.train_id`,
      )
      .all() as (StoredWave & { key: string })[];
    return {
      waves,
      total: placements.length,
      placements: (key) => placements.filter((p) => p.key === key),
      patchSteps: (key) => patchSteps.filter((p) => p.key === key),
    };
  } finally {
    conn.close();
  }
}

const warnings: unknown[][] = [];
afterEach(() => {
  vi.restoreAllMocks();
  warnings.length = 0;
});

/** Reads a file as a calendar client does (ical.js), failing on any warning or error it prints. */
function readCalendar(file: string): { method: string; events: ParsedEvent[] } {
  for (const level of ['warn', 'error'] as const)
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void warnings.push(args));
  const text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = eventsOf(calendar);
  expect(warnings).toEqual([]);
  // CRLF after every line, the last one included; no bare LF.
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  return { method: String(calendar.getFirstPropertyValue('method')), events };
}

function sequences(events: readonly ParsedEvent[]): Map<string, number> {
  return new Map(events.map((e) => [e.uid, e.sequence]));
}

async function trainsOf(run: (...argv: string[]) => ReturnType<typeof cli>): Promise<TrainView[]> {
  const r = await run('trains', 'list', '--json');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as TrainView[];
}

/** Names left in a folder that are temporary files of an atomic write. */
function tempFilesIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => isAtomicTempFile(f) || f.endsWith('.tmp'));
}

describe('export --format ics (the demo)', () => {
  it('gives a file a calendar parser reads without a warning, one all-day event per phase, wave, halt, patch wave', async () => {
    const { dir, db, run } = await demo();
    const r = await run('export', '--format', 'ics', '--out', 'F.ics');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      `Wrote ${path.join(dir, 'F.ics')} (ics, ${fs.statSync(path.join(dir, 'F.ics')).size.toLocaleString('en-US')} bytes).`,
    );
    const { method, events } = readCalendar(path.join(dir, 'F.ics'));
    expect(method).toBe('PUBLISH');

    const trains = await trainsOf(run);
    const { waves } = stored(db);
    expect(trains.length).toBeGreaterThan(5);
    expect(waves.length).toBeGreaterThan(20);
    const expected = new Map<string, { start: string; end: string }>();
    for (const t of trains)
      for (const p of t.phases) expected.set(phaseUid(t.id, p.key), { start: p.start, end: p.end });
    for (const w of waves) expected.set(waveUid(w.trainId, w.wave), { start: w.day, end: w.day });
    // And each halt, on the days it stood (the demo's were resumed hours to days later).
    const conn = new Database(db, { readonly: true });
    const halts = conn
      .prepare('SELECT id, train_id AS trainId, halted_at AS at, resumed_at AS resumed FROM halts')
      .all() as { id: number; trainId: number; at: string; resumed: string | null }[];
    // And each wave of the patch that took the fix to those released before the halt.
    const patchWaves = conn
      .prepare(
        'SELECT DISTINCT p.train_id AS trainId, p.id, s.wave, s.date FROM patches p JOIN patch_steps s ON s.patch_id = p.id',
      )
      .all() as { trainId: number; id: number; wave: number; date: string }[];
    conn.close();
    expect(patchWaves.length).toBeGreaterThan(0);
    for (const w of patchWaves) expected.set(patchWaveUid(w.trainId, w.id, w.wave), { start: w.date, end: w.date });
    expect(halts.length).toBeGreaterThan(0);
    // The CLI counts days where the machine is, as the app does.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (const h of halts) {
      const day = dayInZone(new Date(h.at), zone);
      expected.set(haltUid(h.trainId, h.id), {
        start: day,
        end: h.resumed ? dayInZone(new Date(h.resumed), zone) : day,
      });
    }

    expect(events).toHaveLength(expected.size);
    expect(new Set(events.map((e) => e.uid))).toEqual(new Set(expected.keys()));
    for (const e of events) {
      const want = expected.get(e.uid)!;
      expect(e.allDay, e.uid).toBe(true);
      expect(e.start, e.uid).toBe(want.start);
      // DTEND is exclusive: the day after the last day.
      expect(e.end, e.uid).toBe(addDays(want.end, 1));
      expect(e.sequence, e.uid).toBe(0);
    }
  });

  it('keeps UIDs and SEQUENCE across exports of an unchanged plan, and raises SEQUENCE only on the events a change touched', async () => {
    const { dir, db, run } = await demo();
    expect((await run('export', '--format', 'ics', '--out', 'a.ics')).code).toBe(0);
    // Later, from a clock an hour on: DTSTAMP moves, nothing else may.
    const later = await cli(['export', '--format', 'ics', '--out', 'b.ics', '--db', db], {
      cwd: dir,
      now: fixedClock('2026-03-02T10:00:00.000Z'),
    });
    expect(later.code).toBe(0);
    const a = readCalendar(path.join(dir, 'a.ics')).events;
    const b = readCalendar(path.join(dir, 'b.ics')).events;
    expect(b.map((e) => e.uid)).toEqual(a.map((e) => e.uid));
    expect(sequences(b)).toEqual(sequences(a));
    expect(fs.readFileSync(path.join(dir, 'b.ics'), 'utf8')).toContain('DTSTAMP:20260302T100000Z\r\n');

    // Skip a train that has not started: its events become cancelled. Its plan leaves the turns of
    // the trains after it, so their waves may be planned again: an event whose text changed is
    // raised once; every other event is left as it was.
    const trains = await trainsOf(run);
    const future = trains.find((t) => t.start > '2026-03-02' && t.state === 'active')!;
    const after = new Set(trains.filter((t) => t.start > future.start).map((t) => t.id));
    expect((await run('trains', 'skip', future.version, '--reason', 'Company offsite')).code).toBe(0);
    expect((await run('export', '--format', 'ics', '--out', 'c.ics')).code).toBe(0);
    const c = readCalendar(path.join(dir, 'c.ics')).events;
    expect(c.map((e) => e.uid)).toEqual(a.map((e) => e.uid));
    const touched = c.filter((e) => e.uid.startsWith(`train-${future.id}-`));
    expect(touched.length).toBeGreaterThan(4);
    c.forEach((e, i) => {
      const train = Number(/^train-(\d+)-/.exec(e.uid)?.[1]);
      const mine = train === future.id;
      const replanned = after.has(train) && e.description !== a[i]!.description;
      expect(e.sequence, e.uid).toBe(mine || replanned ? 1 : 0);
      expect(e.status, e.uid).toBe(mine ? 'CANCELLED' : a[i]!.status);
    });
    // The same events in another feed (that train alone) carry the same, already raised, SEQUENCE.
    expect((await run('export', '--format', 'ics', '--train', future.version, '--out', 'one.ics')).code).toBe(0);
    const one = readCalendar(path.join(dir, 'one.ics')).events;
    expect(one.map((e) => [e.uid, e.sequence])).toEqual(touched.map((e) => [e.uid, 1]));
  });

  it('gives one deployment exactly the days on which it is planned to receive each release, and each patch', async () => {
    const { dir, db, run } = await demo();
    // Three deployments, and the first that a patch of the demo's history reached.
    const patched = DEMO_FLEET.map((d) => d.key).find((key) => stored(db).patchSteps(key).length > 0);
    expect(patched).toBeDefined();
    for (const key of ['us-east-3', 'internal-us', 'eu-west-1', patched!]) {
      const planned = stored(db).placements(key);
      const patches = stored(db).patchSteps(key);
      const r = await run('export', '--format', 'ics', '--deployment', key, '--out', `${key}.ics`);
      expect(r.code).toBe(0);
      const { events } = readCalendar(path.join(dir, `${key}.ics`));
      expect(planned.length).toBeGreaterThan(5);
      // Each train's release, then the patches of that train that reached it.
      expect(events.map((e) => [e.uid, e.start, e.end])).toEqual(
        planned.flatMap((p) => [
          [deploymentUid(p.trainId, key), p.day, addDays(p.day, 1)],
          ...patches
            .filter((x) => x.trainId === p.trainId)
            .map((x) => [patchDeploymentUid(p.trainId, x.patchId, key), x.date, addDays(x.date, 1)]),
        ]),
      );
    }
    // The same days as the stored plan the CLI shows for one train.
    const train = (await trainsOf(run)).find((t) => stored(db).waves.some((w) => w.trainId === t.id))!;
    const show = await run('rollout', 'plan', '--train', train.version, '--show', '--json');
    const plan = JSON.parse(show.out) as { waves: { date: string; deployments: { key: string }[] }[] };
    const day = plan.waves.find((w) => w.deployments.some((d) => d.key === 'us-east-3'))!.date;
    const feed = readCalendar(path.join(dir, 'us-east-3.ics')).events;
    expect(feed.find((e) => e.uid === deploymentUid(train.id, 'us-east-3'))!.start).toBe(day);
  });
});

describe('export: the other formats through the CLI', () => {
  it('writes the CSV schedule (a row per train and deployment, optionally with a BOM), the JSON plan, Markdown and HTML', async () => {
    const { dir, db, run } = await demo();
    const placements = stored(db);
    const total = placements.total;

    expect((await run('export', '--format', 'csv', '--out', 's.csv')).code).toBe(0);
    const rows = parseCsv(fs.readFileSync(path.join(dir, 's.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(total);
    expect(Object.keys(rows[0]!)).toEqual([
      'train',
      'version',
      'wave',
      'date',
      'deployment',
      'name',
      'region',
      'time_zone',
      'status',
    ]);
    expect(rows.filter((r) => r.deployment === 'us-east-3').map((r) => r.date)).toEqual(
      placements.placements('us-east-3').map((p) => p.day),
    );
    expect((await run('export', '--format', 'csv', '--bom', '--deployment', 'us-east-3', '--out', 'b.csv')).code).toBe(
      0,
    );
    const bom = fs.readFileSync(path.join(dir, 'b.csv'));
    expect([...bom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const json = await run('export', '--format', 'json');
    expect(json.code).toBe(0);
    const doc = exportDocumentSchema.parse(JSON.parse(json.out));
    expect(doc.trains.map((t) => t.id)).toEqual((await trainsOf(run)).map((t) => t.id));
    expect(doc.trains.flatMap((t) => t.waves)).toHaveLength(placements.waves.length);

    const train = doc.trains.find((t) => t.waves.length > 0)!;
    const md = await run('export', '--format', 'md', '--train', train.version);
    expect(md.code).toBe(0);
    expect(md.out.split('\n')[0]).toMatch(new RegExp(`^## Release ${train.version.replace('.', '\\.')} \\(`));

    expect((await run('export', '--format', 'html', '--train', train.version, '--out', 'p.html')).code).toBe(0);
    const html = fs.readFileSync(path.join(dir, 'p.html'), 'utf8');
    expect(html).toContain(`Release ${train.version} <span class="title-sub">Rollout plan</span>`);
    expect((await run('export', '--format', 'html', '--paper', 'letter', '--out', 'q.html')).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'q.html'), 'utf8')).toContain('@page { size: letter landscape;');
    expect(tempFilesIn(dir)).toEqual([]);
  });

  it('keeps a retired deployment that an old plan names, marked retired, so the JSON still validates', async () => {
    const { db, run } = await demo();
    const trainIds = stored(db)
      .placements('us-east-3')
      .map((p) => p.trainId);
    expect((await run('deployments', 'retire', 'us-east-3')).code).toBe(0);
    const started = (await trainsOf(run)).find((t) => t.start <= '2026-03-02' && trainIds.includes(t.id))!;
    const r = await run('export', '--format', 'json', '--train', started.version);
    expect(r.code).toBe(0);
    const doc = exportDocumentSchema.parse(JSON.parse(r.out));
    expect(doc.deployments.find((d) => d.key === 'us-east-3')).toMatchObject({ status: 'retired' });
    expect(doc.trains[0]!.waves.some((w) => w.deployments.some((d) => d.key === 'us-east-3'))).toBe(true);
  });

  it('refuses a bad selection or option with one line, a non-zero exit, and writes nothing', async () => {
    const { dir, run } = await demo();
    const cases: [string[], number, RegExp][] = [
      [['--format', 'ics', '--train', '1999.99'], 3, /No train has the version or id "1999\.99"/],
      [['--format', 'ics', '--deployment', 'nowhere-1'], 3, /No deployment has the key nowhere-1/],
      [['--format', 'ics', '--deployment', 'Not A Key'], 2, /--deployment: Key must use lowercase/],
      [['--format', 'csv', '--from', '2026-03-01'], 2, /needs both --from DATE and --to DATE/],
      [
        ['--format', 'csv', '--from', '2026-03-31', '--to', '2026-03-01'],
        1,
        /--to: The end of the range must be on or after its start/,
      ],
      [['--format', 'csv', '--from', '2026-02-30', '--to', '2026-03-01'], 1, /--from/],
      [
        ['--format', 'ics', '--from', '2031-01-01', '--to', '2031-01-31'],
        1,
        /holds no trains, so the calendar would be empty/,
      ],
      [['--format', 'ics', '--train', '1', '--deployment', 'us-east-3'], 2, /Choose one selection/],
      [['--format', 'md'], 2, /Markdown summary covers one train/],
      [['--format', 'ics', '--bom'], 2, /--bom applies to --format csv only/],
      [['--format', 'docx'], 2, /--format must be one of ics, csv, json, md, html, atom, pdf/],
    ];
    for (const [args, code, message] of cases) {
      const r = await run('export', ...args, '--out', 'never.out');
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr, args.join(' ')).toHaveLength(1);
      expect(r.stderr[0], args.join(' ')).toMatch(message);
    }
    const noFile = await run('export', '--format', 'pdf');
    expect([noFile.code, noFile.stderr]).toEqual([
      2,
      ['release-calendar: A PDF needs a file: give it with --out FILE.pdf.'],
    ]);
    const missing = await run('export', '--format', 'ics', '--out', path.join('no-such-folder', 'x.ics'));
    expect(missing.code).toBe(1);
    expect(missing.stderr[0]).toMatch(/Cannot write .*x\.ics: the folder does not exist/);
    expect(fs.existsSync(path.join(dir, 'never.out'))).toBe(false);
    expect(tempFilesIn(dir)).toEqual([]);
  });
});

const chromium = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;

describe('export --format pdf (headless Chromium)', () => {
  it.skipIf(!fs.existsSync(chromium))(
    'prints the schedule to pages that render and are not blank (skipped only where Chromium is not installed)',
    async () => {
      const { dir, run } = await demo();
      const version = (await trainsOf(run)).find((t) => t.phases.length > 0)!.version;
      for (const [name, args] of [
        ['train.pdf', ['--train', version]],
        ['all.pdf', []],
      ] as const) {
        const r = await run('export', '--format', 'pdf', ...args, '--out', name);
        expect(r.code, r.stderr.join('\n')).toBe(0);
        const pdf = path.join(dir, name);
        expect(fs.readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const pages = renderPdfPages(pdf);
        expect(pages.length).toBeGreaterThan(0);
        for (const page of pages) {
          const png = decodePng(fs.readFileSync(page));
          // Landscape paper, with a good share of it printed on.
          expect(png.width).toBeGreaterThan(png.height);
          expect(inkedPixels(png) / (png.width * png.height), page).toBeGreaterThan(0.02);
        }
      }
      // The check can fail: an empty page counts no ink.
      const blank = path.join(dir, 'blank.pdf');
      await printHtmlToPdf('<!doctype html><title>blank</title><p></p>', blank, chromium);
      for (const page of renderPdfPages(blank)) expect(inkedPixels(decodePng(fs.readFileSync(page)))).toBe(0);
      expect(tempFilesIn(dir)).toEqual([]);
    },
    // Three Chromium launches on a small machine.
    120_000,
  );

  it('says what to install when Chromium is missing, and writes nothing', async () => {
    const { dir, db } = await demo();
    const r = await cli(['export', '--format', 'pdf', '--out', 'x.pdf', '--db', db], {
      cwd: dir,
      env: { RELEASE_CALENDAR_DB: db, CHROMIUM_PATH: path.join(dir, 'no-chromium') },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual([
      `release-calendar: PDF export needs Chromium, and there is none at ${path.join(dir, 'no-chromium')}; install it (Debian: apt-get install chromium) or point CHROMIUM_PATH at it, or export --format html and print that.`,
    ]);
    expect(fs.existsSync(path.join(dir, 'x.pdf'))).toBe(false);
  });
});

describe('publish folder', () => {
  const FILES = ['release-calendar.ics', 'release-calendar.json', 'release-notes.atom', 'rollout-schedule.csv'];

  function publishedPlan(folder: string) {
    expect(fs.readdirSync(folder).sort()).toEqual(FILES);
    const doc = exportDocumentSchema.parse(
      JSON.parse(fs.readFileSync(path.join(folder, 'release-calendar.json'), 'utf8')),
    );
    const rows = parseCsv(fs.readFileSync(path.join(folder, 'rollout-schedule.csv'), 'utf8'), {
      columns: true,
    }) as unknown[];
    const { events } = readCalendar(path.join(folder, 'release-calendar.ics'));
    return { doc, rows, events };
  }

  async function status(run: (...argv: string[]) => ReturnType<typeof cli>) {
    const r = await run('publish', '--json');
    expect(r.code).toBe(0);
    return JSON.parse(r.out) as { folder: string | null; lastPublishedAt: string | null; lastError: string | null };
  }

  it('writes the plan there at once and after every change, whole files only, and reports a failure without losing the change', async () => {
    const { dir, db, run } = await demo();
    const folder = path.join(dir, 'Shared drive');
    fs.mkdirSync(folder);

    const on = await run('publish', '--folder', 'Shared drive');
    expect(on.code).toBe(0);
    expect(on.out).toContain(
      `Publishing release-calendar.ics, rollout-schedule.csv, release-calendar.json, release-notes.atom to ${folder} after every change.`,
    );
    const first = publishedPlan(folder);
    expect(first.rows).toHaveLength(stored(db).total);
    expect(first.events.length).toBeGreaterThan(50);
    expect(await status(run)).toMatchObject({ folder, lastPublishedAt: '2026-03-02T09:00:00.000Z', lastError: null });

    // A read changes nothing, so nothing is rewritten.
    const before = fs.statSync(path.join(folder, 'release-calendar.json')).mtimeMs;
    expect((await run('trains', 'list')).code).toBe(0);
    expect(fs.statSync(path.join(folder, 'release-calendar.json')).mtimeMs).toBe(before);

    // A change to the plan rewrites the set.
    const [skip, cancel] = (await trainsOf(run)).filter((t) => t.start > '2026-03-02' && t.state === 'active');
    expect((await run('trains', 'skip', skip!.version, '--reason', 'Company offsite')).code).toBe(0);
    const second = publishedPlan(folder);
    expect(second.doc.trains.find((t) => t.id === skip!.id)!.status).toBe('skipped');
    expect(
      second.events.filter((e) => e.uid.startsWith(`train-${skip!.id}-`)).every((e) => e.status === 'CANCELLED'),
    ).toBe(true);
    expect(tempFilesIn(folder)).toEqual([]);
    // Tracking changes too: a gate passed shows in the published plan.
    expect((await run('gates', 'pass', '--train', cancel!.version, '--gate', 'unit-tests')).code).toBe(0);
    const gates = publishedPlan(folder).doc.trains.find((t) => t.id === cancel!.id)!.gates;
    expect(gates.find((g) => g.name === 'Unit tests')).toEqual({ name: 'Unit tests', state: 'passed' });

    // The folder goes away: the change is saved, the failure reported and kept for Settings.
    fs.rmSync(folder, { recursive: true });
    const lost = await run('trains', 'cancel', cancel!.version, '--reason', 'Merged into the next train');
    expect(lost.code).toBe(0);
    expect(lost.stderr).toEqual([
      `release-calendar: Publishing the plan failed (the change is saved): Cannot write release-calendar.ics in ${folder}: the folder does not exist.`,
    ]);
    expect((await trainsOf(run)).find((t) => t.id === cancel!.id)!.state).toBe('cancelled');
    expect(await status(run)).toMatchObject({
      folder,
      lastPublishedAt: '2026-03-02T09:00:00.000Z',
      lastError: `Cannot write release-calendar.ics in ${folder}: the folder does not exist.`,
    });
    const shown = await run('publish');
    expect(shown.out).toContain(
      `Last error (2026-03-02T09:00:00.000Z): Cannot write release-calendar.ics in ${folder}`,
    );

    // Back again: the next change publishes, and the error is cleared.
    fs.mkdirSync(folder);
    expect((await run('trains', 'reinstate', cancel!.version)).code).toBe(0);
    expect(publishedPlan(folder).doc.trains.find((t) => t.id === cancel!.id)!.status).not.toBe('cancelled');
    expect((await status(run)).lastError).toBeNull();

    // Off: the files stay, and changes no longer touch them.
    expect((await run('publish', '--off')).out).toBe('Publishing is off. Turn it on with "publish --folder DIR".');
    const kept = fs.readFileSync(path.join(folder, 'release-calendar.json'), 'utf8');
    expect((await run('trains', 'reinstate', skip!.version)).code).toBe(0);
    expect(fs.readFileSync(path.join(folder, 'release-calendar.json'), 'utf8')).toBe(kept);
  });

  it('refuses a folder that is not there, or a file, and changes nothing', async () => {
    const { dir, run } = await demo();
    fs.writeFileSync(path.join(dir, 'a-file'), 'x');
    const missing = await run('publish', '--folder', 'nowhere');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toEqual([
      `release-calendar: ${path.join(dir, 'nowhere')} does not exist; create the folder first, or choose another.`,
    ]);
    const file = await run('publish', '--folder', 'a-file');
    expect(file.stderr).toEqual([
      `release-calendar: ${path.join(dir, 'a-file')} is a file, not a folder; choose a folder.`,
    ]);
    expect(await status(run)).toMatchObject({ folder: null, lastPublishedAt: null, lastError: null });
  });

  it('says why when there is nothing to publish yet, and publishes once trains are planned', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'empty.db');
    const run = (...argv: string[]) => cliOn(db, argv, { cwd: dir });
    const r = await run('publish', '--folder', '.');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'release-calendar: The folder is set, but publishing failed: No trains are planned yet, so there is nothing to publish; the files appear after the first train is planned.',
    );
    expect(fs.readdirSync(dir).filter((f) => !f.startsWith('empty.db'))).toEqual([]);
    expect((await run('trains', 'plan', '--from', '2026-03-09', '--count', '2')).code).toBe(0);
    expect(
      fs
        .readdirSync(dir)
        .filter((f) => !f.startsWith('empty.db'))
        .sort(),
    ).toEqual(FILES);
  });
});

describe('export through the dispatcher', () => {
  it('refuses what only another transport can do, a summary of more than one train, and a relative folder', async () => {
    const backend = openTestBackend(tempDir());
    try {
      expect(await backend.dispatch('fleet.loadDemo', {})).toMatchObject({ ok: true });
      const save = await backend.dispatch('export.save', { selection: { kind: 'all' }, format: 'pdf' });
      expect(save).toEqual({
        ok: false,
        error: {
          code: 'rule_violation',
          message: 'Saving through a file dialog is only in the desktop app; here the export downloads instead.',
        },
      });
      const md = await backend.dispatch('export.render', { selection: { kind: 'all' }, format: 'md' });
      expect(md).toMatchObject({
        ok: false,
        error: { message: 'A Markdown summary covers one train: choose the train to summarise.' },
      });
      const pdf = await backend.dispatch('export.render', { selection: { kind: 'all' }, format: 'pdf' });
      expect(pdf).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      const relative = await backend.dispatch('publish.update', { folder: 'shared/releases' });
      expect(relative).toMatchObject({
        ok: false,
        error: {
          code: 'invalid_input',
          message:
            'Give the publish folder as a full path (for example /home/me/Shared/releases), not "shared/releases".',
        },
      });
      const file = await backend.dispatch('export.render', { selection: { kind: 'all' }, format: 'json' });
      expect(file).toMatchObject({
        ok: true,
        result: { fileName: 'release-calendar.json', mimeType: 'application/json; charset=utf-8' },
      });
      const atom = await backend.dispatch('export.render', { selection: { kind: 'all' }, format: 'atom' });
      expect(atom).toMatchObject({
        ok: true,
        result: { fileName: 'release-notes.atom', mimeType: 'application/atom+xml; charset=utf-8' },
      });
      expect(backend.logged).toEqual([]);
    } finally {
      backend.close();
    }
  });
});
