// `npm run bench` (second part): the calendar in real Chromium through browser mode,
// with three years of trains and 200 deployments. Measures, in the page's own clock,
// the time from the calendar data arriving (the calendar.range response) to the
// month view and the timeline view painted, and frame times while scrolling the timeline.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startBackend } from '../electron/backend/backend';
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } from '../electron/cli/chromium';
import { fleetToCsv } from '../electron/backend/services/fleet-csv';
import { addDays, startOfIsoWeek } from '../shared/days';
import { DEMO_FLEET } from '../shared/demo-fleet';
import { demoFreeze, demoHolidays } from '../shared/demo-plan';

const RUNS = 5;
const CHROMIUM = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function seed(file: string): Promise<{ trains: number; deployments: number }> {
  const b = startBackend({ dbPath: file, transport: 'cli', version: 'bench', actor: 'bench' });
  const today = new Date().toISOString().slice(0, 10);
  const fleet = Array.from({ length: 200 }, (_, i) => {
    const base = DEMO_FLEET[i % DEMO_FLEET.length]!;
    return {
      ...base,
      key: `${base.key}-${Math.floor(i / DEMO_FLEET.length)}`,
      internal: i === 0,
      pinPolicy: i === 0 ? 'none' : base.pinPolicy,
      status: 'active' as const,
      createdAt: '',
      updatedAt: '',
      retiredAt: null,
      blockedDates: [],
    };
  });
  const must = async (method: string, input: unknown) => {
    const r = await b.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.result;
  };
  await must('deployments.importCsv', { csv: fleetToCsv(fleet, false) });
  const year = Number(today.slice(0, 4));
  for (const y of [year - 1, year, year + 1, year + 2]) for (const h of demoHolidays(y)) await must('holidays.add', h);
  for (const y of [year - 1, year, year + 1]) await must('freezes.add', demoFreeze(`${y}-06-01`));
  const from = addDays(startOfIsoWeek(today), -7 * 78);
  const trains = (await must('trains.plan', { from, through: addDays(from, 3 * 364) })) as unknown[];
  b.close();
  return { trains: trains.length, deployments: fleet.length };
}

function startHost(dbPath: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['out/main/host.js', '--db', dbPath, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Open: (\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}`)));
  });
}

/** ms from the calendar.range response's end to two animation frames after `ready` is visible. */
async function dataToPaint(page: Page, open: () => Promise<void>, ready: string): Promise<number> {
  await page.evaluate('performance.clearResourceTimings()');
  await open();
  await page.locator(ready).first().waitFor();
  // Page code as a string: this file is type-checked for Node, without the DOM library.
  return page.evaluate<number>(`(async () => {
    const painted = await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))));
    const last = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/calendar.range')).at(-1);
    if (!last) throw new Error('no calendar.range request was made');
    return painted - last.responseEnd;
  })()`);
}

async function main(): Promise<void> {
  spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-bench-ui-'));
  const db = path.join(dir, 'bench.db');
  const seeded = await seed(db);
  const { child, url } = await startHost(db);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_FLAGS],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url);
    const month: number[] = [];
    const timeline: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto(url.replace(/#.*/, ''));
      await page.getByRole('button', { name: 'Calendar' }).click();
      month.push(
        await dataToPaint(
          page,
          () => page.getByRole('button', { name: 'Month', exact: true }).click(),
          '[data-testid^="train-band-"]',
        ),
      );
      timeline.push(
        await dataToPaint(
          page,
          () => page.getByRole('button', { name: 'Timeline', exact: true }).click(),
          '[data-testid="timeline"]',
        ),
      );
    }
    const frames = await page.evaluate<number[]>(`(async () => {
      const scroller = document.querySelector('[data-testid="timeline"]');
      if (!scroller) throw new Error('no timeline');
      scroller.scrollLeft = 0;
      const deltas = [];
      let last = await new Promise((r) => requestAnimationFrame(r));
      for (let i = 0; i < 240; i++) {
        scroller.scrollLeft += 60;
        if (i % 40 === 0) scroller.scrollTop += 120;
        const now = await new Promise((r) => requestAnimationFrame(r));
        deltas.push(now - last);
        last = now;
      }
      return deltas;
    })()`);
    console.log(
      `\nCalendar in Chromium (${seeded.trains} trains over three years, ${seeded.deployments} deployments), ${RUNS} runs\n`,
    );
    console.log(
      `${'data loaded → month view painted'.padEnd(58)} median ${median(month).toFixed(1).padStart(8)} ms   max ${Math.max(
        ...month,
      )
        .toFixed(1)
        .padStart(8)} ms`,
    );
    console.log(
      `${'data loaded → timeline view painted'.padEnd(58)} median ${median(timeline).toFixed(1).padStart(8)} ms   max ${Math.max(
        ...timeline,
      )
        .toFixed(1)
        .padStart(8)} ms`,
    );
    console.log(
      `${'timeline scroll frame time (240 frames)'.padEnd(58)} median ${median(frames).toFixed(1).padStart(8)} ms   p95 ${percentile(frames, 95).toFixed(1).padStart(8)} ms   max ${Math.max(...frames).toFixed(1)} ms`,
    );
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
