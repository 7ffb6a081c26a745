import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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

describe('exported iCalendar feeds, read by other programs', () => {
  it('python icalendar reads every event, the tentative train and the halt on its days', async () => {
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
    // The demo's halt: Thu 12 Feb 2026, resumed the next day with its fix.
    const halt = events.find((e) => e.uid.includes('-halt-'))!;
    expect([halt.start, halt.end]).toEqual(['2026-02-12', '2026-02-14']);
    expect(halt.summary).toMatch(/^2026\.02 halted: /);
    expect(halt.description).toContain('with the fix 2026.02.1');
  });

  it('khal lists every event, the halt over the two days it stood', async () => {
    const dir = tempDir();
    const { file } = await feed(dir);
    // khal wants a configuration and a calendar folder, even to print a file.
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
        '',
      ].join('\n'),
    );
    const out = execFileSync(KHAL, ['-c', config, 'printics', file], { encoding: 'utf8' });
    const count = (fs.readFileSync(file, 'utf8').match(/^BEGIN:VEVENT\r$/gm) ?? []).length;
    expect(out).toContain(`${count} events found in ${file}`);
    expect(out).toMatch(/^2026-02-12-2026-02-13 2026\.02 halted: /m);
  });
});
