import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { addDays, dayInZone } from '../../shared/days';
import { haltUid } from '../../shared/export/ics';
import type { TrainView } from '../../shared/train';
import { type CliRun, cli } from '../helpers/cli';
import { useTempDirs } from '../helpers/temp-dir';

// The feeds teams subscribe to, read by two calendar programs that share no code with us or
// with ical.js: Python's `icalendar` (what many servers and scripts use) and khal (a terminal
// calendar). Both are Debian packages, which .ci/run installs: python3-icalendar and khal.

const tempDir = useTempDirs('rc-ics-readers-');
const PYTHON = '/usr/bin/python3';
const KHAL = '/usr/bin/khal';

async function run(dir: string, ...argv: string[]): Promise<CliRun> {
  const r = await cli([...argv, '--db', path.join(dir, 'rc.db')], { cwd: dir });
  expect(r.code, r.stderr.join('\n')).toBe(0);
  return r;
}

/** The demo, a train planned after it whose every release day a freeze takes, and the feed of it all. */
async function feed(dir: string): Promise<{ file: string; conflicted: TrainView }> {
  await run(dir, 'init', '--demo');
  const planned = JSON.parse(
    (await run(dir, 'trains', 'plan', '--from', '2026-10-05', '--count', '1', '--json')).out,
  ) as TrainView[];
  const conflicted = planned[0]!;
  const rollout = conflicted.phases.find((p) => p.kind === 'rollout')!;
  await run(
    dir,
    'freezes',
    'add',
    '--name',
    'Audit',
    '--start',
    rollout.start,
    '--end',
    rollout.end,
    '--reason',
    'SOC 2 audit',
  );
  await run(dir, 'export', '--format', 'ics', '--out', 'all.ics');
  return { file: path.join(dir, 'all.ics'), conflicted };
}

/** A version as a regular expression matches it. */
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The halts of the database in `dir`, with their days where the machine is (the CLI counts days there, as the app does). */
function storedHalts(
  dir: string,
): { id: number; trainId: number; version: string; fixVersion: string; haltedDay: string; resumedDay: string }[] {
  const db = new Database(path.join(dir, 'rc.db'), { readonly: true, fileMustExist: true });
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const rows = db
      .prepare(
        `SELECT h.id, h.train_id AS trainId, t.version, h.fix_version AS fixVersion, h.halted_at AS haltedAt,
         h.resumed_at AS resumedAt FROM halts h JOIN trains t ON t.id = h.train_id ORDER BY h.id`,
      )
      .all() as {
      id: number;
      trainId: number;
      version: string;
      fixVersion: string;
      haltedAt: string;
      resumedAt: string;
    }[];
    return rows.map(({ haltedAt, resumedAt, ...h }) => ({
      ...h,
      haltedDay: dayInZone(new Date(haltedAt), zone),
      resumedDay: dayInZone(new Date(resumedAt), zone),
    }));
  } finally {
    db.close();
  }
}

/** khal wants a configuration and a calendar folder, even to print a file; it shows times in UTC. */
function khalConfig(dir: string): string {
  const config = path.join(dir, 'khal.conf');
  fs.mkdirSync(path.join(dir, 'khal-calendar'));
  fs.writeFileSync(
    config,
    [
      '[calendars]',
      '[[release]]',
      `path = ${path.join(dir, 'khal-calendar')}`,
      '[locale]',
      'timeformat = %H:%M',
      'dateformat = %Y-%m-%d',
      'longdateformat = %Y-%m-%d',
      'datetimeformat = %Y-%m-%d %H:%M',
      'longdatetimeformat = %Y-%m-%d %H:%M',
      'local_timezone = UTC',
      'default_timezone = UTC',
      '',
    ].join('\n'),
  );
  return config;
}

/**
 * The demo (trains from August 2025 to autumn 2026, the test clock says 2 March) with a 09:00–11:00
 * release window on eu-central-1 (Europe/Berlin), and that deployment's own feed.
 */
async function windowedFeed(dir: string): Promise<string> {
  await run(dir, 'init', '--demo');
  await run(dir, 'deployments', 'edit', 'eu-central-1', '--release-window', '09:00-11:00');
  await run(dir, 'export', '--format', 'ics', '--deployment', 'eu-central-1', '--out', 'eu-central-1.ics');
  return path.join(dir, 'eu-central-1.ics');
}

/** The UTC start and end of a 09:00–11:00 Berlin window on `day`: summer time (UTC+2) from the last Sunday of March to the last of October. */
function berlinWindow(day: string): [string, string] {
  const summer =
    (day >= '2025-03-30' && day < '2025-10-26') ||
    (day >= '2026-03-29' && day < '2026-10-25') ||
    (day >= '2027-03-28' && day < '2027-10-31');
  return summer
    ? [`${day}T07:00:00+00:00`, `${day}T09:00:00+00:00`]
    : [`${day}T08:00:00+00:00`, `${day}T10:00:00+00:00`];
}

describe('exported iCalendar feeds, read by other programs', () => {
  it('python icalendar reads every event, the tentative train, the halt on its days and its patch', async () => {
    const dir = tempDir();
    const { file, conflicted } = await feed(dir);
    const script = `
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
print(json.dumps([{ 'uid': str(e['UID']), 'start': e['DTSTART'].dt.isoformat(), 'end': e['DTEND'].dt.isoformat(),
  'status': str(e['STATUS']), 'summary': str(e['SUMMARY']), 'description': str(e['DESCRIPTION']) } for e in cal.walk('VEVENT')]))
`;
    const events = JSON.parse(execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8' })) as {
      uid: string;
      start: string;
      end: string;
      status: string;
      summary: string;
      description: string;
    }[];
    expect(events.length).toBeGreaterThan(50);
    const mine = events.filter((e) => e.uid.startsWith(`train-${conflicted.id}-`));
    expect(mine.length).toBe(conflicted.phases.length);
    for (const e of mine) expect(e.status, e.uid).toBe('TENTATIVE');
    expect(mine.find((e) => e.uid.includes('-phase-rollout'))!.description).toContain(
      'Calendar conflict, none of its release days has a day: ',
    );
    expect(
      events.filter((e) => !e.uid.startsWith(`train-${conflicted.id}-`)).every((e) => e.status !== 'TENTATIVE'),
    ).toBe(true);
    // The demo's halts, each over the days it stood, from the halt to the resume with its fix.
    const halts = storedHalts(dir);
    expect(halts.length).toBeGreaterThanOrEqual(4);
    for (const h of halts) {
      const halt = events.find((e) => e.uid === haltUid(h.trainId, h.id))!;
      expect([halt.start, halt.end]).toEqual([h.haltedDay, addDays(h.resumedDay, 1)]);
      expect(halt.summary).toMatch(new RegExp(`^${escaped(h.version)} halted: `));
      expect(halt.description).toContain(`with the fix ${h.fixVersion}`);
      // Its patch: the fix going to those released before the halt, a wave a working day from the resume.
      const patch = events.filter((e) => e.uid.startsWith(`train-${h.trainId}-patch-`));
      expect(patch.length, h.version).toBeGreaterThan(0);
      for (const e of patch) {
        expect(e.summary, e.uid).toMatch(
          new RegExp(
            `^${escaped(h.version)} patch ${escaped(h.fixVersion)} wave \\d+(?: \\(internal\\))?: \\d+ deployments?$`,
          ),
        );
        expect(e.description, e.uid).toMatch(
          new RegExp(
            `^Patch ${escaped(h.fixVersion)} replaces ${escaped(h.version)}, in which a regression was found: `,
          ),
        );
        expect(e.start >= h.resumedDay && e.start <= addDays(h.resumedDay, 7), e.uid).toBe(true);
      }
    }
  });

  it('khal lists every event, the halt over the two days it stood, and the patch waves', async () => {
    const dir = tempDir();
    const { file } = await feed(dir);
    const config = khalConfig(dir);
    const out = execFileSync(KHAL, ['-c', config, 'printics', file], { encoding: 'utf8' });
    const count = (fs.readFileSync(file, 'utf8').match(/^BEGIN:VEVENT\r$/gm) ?? []).length;
    expect(out).toContain(`${count} events found in ${file}`);
    const halts = storedHalts(dir);
    expect(halts.length).toBeGreaterThanOrEqual(4);
    for (const h of halts) {
      const [version, fix] = [escaped(h.version), escaped(h.fixVersion)];
      expect(out).toMatch(new RegExp(`^${h.haltedDay}-${h.resumedDay} ${version} halted: `, 'm'));
      expect(out).toMatch(
        new RegExp(
          `^(\\S+)-\\1 ${version} patch ${fix} wave 1: \\d+ deployments? :: Patch ${fix} replaces ${version}`,
          'm',
        ),
      );
    }
  });

  it('python icalendar reads a deployment feed with a release window at its UTC instants, by the zone and by our VTIMEZONE', async () => {
    const dir = tempDir();
    const file = await windowedFeed(dir);
    // Each event's instants twice: through the TZID (pytz's own zone data), and through the
    // file's VTIMEZONE alone (icalendar turns it into a zone of its own).
    const script = `
import json, sys, icalendar, pytz
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
zones = { str(z['TZID']): z.to_tz() for z in cal.walk('VTIMEZONE') }
def utc(dt): return dt.astimezone(pytz.utc).isoformat()
def ours(prop): return utc(zones[prop.params['TZID']].localize(prop.dt.replace(tzinfo=None)))
print(json.dumps({ 'zones': sorted(zones), 'events': [{ 'uid': str(e['UID']), 'tzid': e['DTSTART'].params['TZID'],
  'local': e['DTSTART'].dt.replace(tzinfo=None).isoformat(),
  'start': utc(e['DTSTART'].dt), 'end': utc(e['DTEND'].dt),
  'ourStart': ours(e['DTSTART']), 'ourEnd': ours(e['DTEND']) } for e in cal.walk('VEVENT')] }))
`;
    const read = JSON.parse(execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8' })) as {
      zones: string[];
      events: {
        uid: string;
        tzid: string;
        local: string;
        start: string;
        end: string;
        ourStart: string;
        ourEnd: string;
      }[];
    };
    expect(read.zones).toEqual(['Europe/Berlin']);
    expect(read.events.length).toBeGreaterThan(5);
    const days = read.events.map((e) => e.local.slice(0, 10));
    const summer = days.filter((d) => berlinWindow(d)[0].includes('T07:'));
    expect(summer.length > 0 && summer.length < days.length, days.join(' ')).toBe(true);
    for (const e of read.events) {
      const day = e.local.slice(0, 10);
      expect([e.tzid, e.local], e.uid).toEqual(['Europe/Berlin', `${day}T09:00:00`]);
      expect([e.start, e.end], e.uid).toEqual(berlinWindow(day));
      expect([e.ourStart, e.ourEnd], e.uid).toEqual(berlinWindow(day));
    }
  });

  it('khal shows each release of a deployment with a release window at its UTC hours', async () => {
    const dir = tempDir();
    const file = await windowedFeed(dir);
    const out = execFileSync(KHAL, ['-c', khalConfig(dir), 'printics', '--format', '{start} {end} {title}', file], {
      encoding: 'utf8',
    });
    const lines = out.trim().split('\n');
    const count = (fs.readFileSync(file, 'utf8').match(/^BEGIN:VEVENT\r$/gm) ?? []).length;
    expect(lines[0]).toBe(`${count} events found in ${file}`);
    // Its releases, and the patches that took a fix to it.
    const shown = lines.slice(1).map((l) => /^(\S+) (\S+) (\S+) (\S+) (.+) → eu-central-1 \(wave \d+\)$/.exec(l));
    expect(shown.every(Boolean), lines.join('\n')).toBe(true);
    for (const [, day, start, endDay, end] of shown as RegExpExecArray[]) {
      const [from, to] = berlinWindow(day!);
      expect([day, start, endDay, end]).toEqual([day, from.slice(11, 16), day, to.slice(11, 16)]);
    }
    expect(shown.some((m) => m![2] === '07:00') && shown.some((m) => m![2] === '08:00')).toBe(true);
  });
});
