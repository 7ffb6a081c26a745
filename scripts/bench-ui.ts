// `npm run bench` (browser part): the calendar in real Chromium through browser mode, on three
// years of trains (78 or so, every rollout planned) and 200 deployments, seeded by the backend
// itself. "Painted" is the same everywhere: from the end of the data's response (or the click, for
// navigation) to two animation frames after the view shows what was asked for, measured in the
// page's own clock. A benchmark, never a timed test. Figures: docs/benchmarks.md.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } from '../electron/cli/chromium';
import { addDays, addMonths, startOfMonth } from '../shared/days';
import { CALENDAR_VIEWS } from '../renderer/src/views/calendar/layout';
import { seedThreeYears as seed } from './bench-dataset';
import { median, percentile } from './bench-stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const CHROMIUM = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
const monthTitle = (day: string) => CALENDAR_VIEWS.month.title(day);

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

// Page code as strings: this file is type-checked for Node, without the DOM library.
const PAGE_HELPERS = `
  window.__bench = {
    clickAt: 0,
    /** Resolves with the time two animation frames after test() first holds, checked at every DOM change. */
    painted(test) {
      return new Promise((resolve) => {
        const done = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
        if (test()) return done();
        const observer = new MutationObserver(() => {
          if (!test()) return;
          observer.disconnect();
          done();
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });
    },
    armedAt: 0,
    /** The end of the first calendar read that began after the watch was armed: the view's own (reads ahead start after it is painted). */
    viewData() {
      const first = performance.getEntriesByType('resource').find((e) => /\\/api\\/calendar\\.(range|overview)/.test(e.name) && e.startTime >= this.armedAt);
      return first ? first.responseEnd : null;
    },
  };
  document.addEventListener('click', (e) => (window.__bench.clickAt = e.timeStamp), true);
`;

/** Arms the paint watch for `test` (page code), runs `act`, and returns when the view was painted. */
async function measure(
  page: Page,
  test: string,
  act: () => Promise<void>,
): Promise<{ painted: number; data: number | null; clickAt: number }> {
  await page.evaluate(
    `performance.clearResourceTimings(); window.__bench.armedAt = performance.now(); window.__bench.clickAt = 0; window.__wait = window.__bench.painted(() => ${test}); 0`,
  );
  await act();
  return page.evaluate(
    `window.__wait.then((painted) => ({ painted, data: window.__bench.viewData(), clickAt: window.__bench.clickAt }))`,
  );
}

const gridTitled = (title: string) => `document.querySelector('[role=grid][aria-label="${title}"]') !== null`;

async function main(): Promise<void> {
  spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  const today = new Date().toISOString().slice(0, 10);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-bench-ui-'));
  const db = path.join(dir, 'bench.db');
  const seeded = await seed(db, today);
  const { child, url } = await startHost(db);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS] });
  const figures = {
    firstMonth: [] as number[],
    month: [] as number[],
    week: [] as number[],
    timeline: [] as number[],
    next: [] as number[],
    prev: [] as number[],
    prevNew: [] as number[],
    weekSwitch: [] as number[],
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(PAGE_HELPERS);
    page.setDefaultTimeout(30_000);
    await page.goto(url);
    for (let i = 0; i < RUNS; i++) {
      // A fresh page each run: nothing loaded yet. The token stays with the page's session.
      await page.goto(url.replace(/#.*/, ''));
      await page.getByRole('button', { name: 'Calendar', exact: true }).waitFor();
      // Month, data → painted: the first month the calendar shows (today's).
      let r = await measure(page, gridTitled(monthTitle(today)), () =>
        page.getByRole('button', { name: 'Calendar', exact: true }).click(),
      );
      if (r.data === null) throw new Error('the calendar read no data');
      figures.firstMonth.push(r.painted - r.data);
      // A month far from the ones read (nor read ahead), from the date field: data → painted.
      const far = addMonths(startOfMonth(today), 9 + i);
      r = await measure(page, gridTitled(monthTitle(far)), () => page.getByLabel('Go to date').fill(far));
      if (r.data === null) throw new Error(`no calendar data was read for ${far}`);
      figures.month.push(r.painted - r.data);
      await page.getByRole('button', { name: 'Today' }).click();
      await page.locator(`[role=grid][aria-label="${monthTitle(today)}"]`).waitFor();
      await page.waitForTimeout(250);
      // Next month, then back to the month just shown, then the one before it: click → painted,
      // each a quarter of a second after the last (a person's pace, which lets the reads ahead land).
      const pause = () => page.waitForTimeout(250);
      const next = addMonths(startOfMonth(today), 1);
      await pause();
      r = await measure(page, gridTitled(monthTitle(next)), () => page.getByRole('button', { name: 'Next' }).click());
      figures.next.push(r.painted - r.clickAt);
      r = await measure(page, gridTitled(monthTitle(today)), () =>
        page.getByRole('button', { name: 'Previous' }).click(),
      );
      figures.prev.push(r.painted - r.clickAt);
      await pause();
      r = await measure(page, gridTitled(monthTitle(addMonths(startOfMonth(today), -1))), () =>
        page.getByRole('button', { name: 'Previous' }).click(),
      );
      figures.prevNew.push(r.painted - r.clickAt);
      // Week: switching to it (its days are among the month's) click → painted; then a week far
      // away, data → painted.
      const week = addMonths(startOfMonth(today), -1);
      r = await measure(page, gridTitled(CALENDAR_VIEWS.week.title(week)), () =>
        page.getByRole('button', { name: 'Week', exact: true }).click(),
      );
      figures.weekSwitch.push(r.painted - r.clickAt);
      const farWeek = addDays(today, 7 * (20 + i));
      r = await measure(page, gridTitled(CALENDAR_VIEWS.week.title(farWeek)), () =>
        page.getByLabel('Go to date').fill(farWeek),
      );
      if (r.data === null) throw new Error(`no calendar data was read for the week of ${farWeek}`);
      figures.week.push(r.painted - r.data);
      // Timeline, data → painted: switching to it reads the whole plan's days.
      r = await measure(
        page,
        `document.querySelector('[data-testid="timeline"] [data-testid="timeline-band-${seeded.trainAt(farWeek)}"]') !== null`,
        () => page.getByRole('button', { name: 'Timeline', exact: true }).click(),
      );
      if (r.data === null) throw new Error('the timeline read no data');
      figures.timeline.push(r.painted - r.data);
    }
    // The floor of "painted" on this browser's frame clock: one word changed in the page, to two
    // animation frames later, at random moments.
    const floor = await page.evaluate<number[]>(`(async () => {
      const out = [];
      const el = document.querySelector('.calendar-title');
      for (let i = 0; i < 40; i++) {
        await new Promise((r) => setTimeout(r, 30 + ((i * 7) % 23)));
        const t0 = performance.now();
        el.dataset.bench = String(i);
        el.style.outlineColor = i % 2 ? 'transparent' : 'rgba(0,0,0,0)';
        out.push(await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now() - t0)))));
      }
      return out;
    })()`);
    // Scrolling the timeline: frame times and long tasks.
    await page.getByRole('button', { name: 'Timeline', exact: true }).click();
    await page.locator('[data-testid="timeline"] [data-testid^="timeline-band-"]').first().waitFor();
    const scroll = await page.evaluate<{ deltas: number[]; longTasks: number[] }>(`(async () => {
      const scroller = document.querySelector('[data-testid="timeline"]');
      if (!scroller) throw new Error('no timeline');
      const longTasks = [];
      const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); });
      observer.observe({ type: 'longtask' });
      scroller.scrollLeft = 0;
      const deltas = [];
      let last = await new Promise((r) => requestAnimationFrame(r));
      for (let i = 0; i < 720; i++) {
        scroller.scrollLeft += i < 360 ? 40 : -40;
        if (i % 40 === 0) scroller.scrollTop += i < 360 ? 120 : -120;
        const now = await new Promise((r) => requestAnimationFrame(r));
        deltas.push(now - last);
        last = now;
      }
      observer.disconnect();
      return { deltas, longTasks };
    })()`);
    // Memory after every view has been visited, after a garbage collection.
    for (const name of ['Fleet', 'Rollouts', 'Fairness', 'Settings', 'Calendar']) {
      await page.getByRole('button', { name, exact: true }).click();
      await page.waitForTimeout(500);
    }
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };

    const line = (label: string, xs: number[]) =>
      console.log(
        `${label.padEnd(62)} median ${median(xs).toFixed(1).padStart(7)} ms   max ${Math.max(...xs)
          .toFixed(1)
          .padStart(7)} ms   (${xs.length} runs)`,
      );
    console.log(
      `\nCalendar in Chromium (${seeded.trains} trains over three years, every rollout planned: ${seeded.events} phase and wave events; ${seeded.deployments} deployments)\n`,
    );
    line('the frame clock: a style change → painted (the floor)', floor);
    line('first month, with the page: data received → painted', figures.firstMonth);
    line('month: data received → painted', figures.month);
    line('next month: click → painted', figures.next);
    line('previous month (just shown): click → painted', figures.prev);
    line('previous month (not shown yet): click → painted', figures.prevNew);
    line('switch to week (its days loaded): click → painted', figures.weekSwitch);
    line('week: data received → painted', figures.week);
    line('timeline: data received → painted', figures.timeline);
    const over = scroll.deltas.filter((d) => d > 20).length;
    console.log(
      `${'timeline scroll frames (720)'.padEnd(62)} median ${median(scroll.deltas).toFixed(1).padStart(7)} ms   p95 ${percentile(scroll.deltas, 95).toFixed(1)} ms   over 20 ms: ${over}   long tasks: ${scroll.longTasks.length}${scroll.longTasks.length ? ` (longest ${Math.max(...scroll.longTasks).toFixed(0)} ms)` : ''}`,
    );
    console.log(
      `${'JS heap after every view, after GC'.padEnd(62)} ${(heap.usedSize / 1024 / 1024).toFixed(1)} MiB used of ${(heap.totalSize / 1024 / 1024).toFixed(1)} MiB`,
    );
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
