import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { describeKpiRange, kpiFigures } from '../../shared/kpi-format';
import type { KpiReport } from '../../shared/kpis';
import { decodePng, inkedPixels, renderPdfPages } from '../helpers/png';
import { apiCallsDuring } from './api-calls';
import { expect, test } from './fixtures';
import { api } from './page-api';

// A release manager reviews release health: the headline figures of the last trains, each with its
// definition, the trends per train and the deployments regressions reached, over presets and a
// custom range; the same numbers as tables; in light and dark; and on paper. Every figure on screen
// is compared with what the API answers for the same range, read separately.

/** Monday: the demo is loaded here, so its history (rollouts, a halt and its fix) lies behind this day. */
const LOADED = '2027-02-22T09:00:00Z';

test.use({ now: LOADED });

const PAPER_MARGIN = { top: '12mm', right: '12mm', bottom: '12mm', left: '12mm' };

/** With UPDATE_SCREENSHOTS=1 the picture replaces the one in docs/screenshots, else it goes with the test's results. */
function picture(name: string): string {
  return process.env.UPDATE_SCREENSHOTS
    ? path.resolve(__dirname, '../../docs/screenshots', name)
    : test.info().outputPath(name);
}

/** Every message the page logs as an error, and every Content-Security-Policy violation it reports. */
async function watchForErrors(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  await page.exposeFunction('reportCspViolation', (text: string) => errors.push(`csp: ${text}`));
  await page.evaluate(() => {
    const page = globalThis as unknown as {
      document: { addEventListener: (type: string, listener: (event: unknown) => void) => void };
      reportCspViolation: (text: string) => void;
    };
    page.document.addEventListener('securitypolicyviolation', (event) => {
      const e = event as { violatedDirective: string; blockedURI: string; sample: string };
      page.reportCspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  return errors;
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).include('.app').setLegacyMode(true).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  expect(results.passes.map((p) => p.id)).toContain('color-contrast');
}

/** WCAG contrast of two CSS `rgb()` colours. */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const m = /rgba?\((\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?)/.exec(css);
    if (!m) throw new Error(`not an rgb() colour: ${css}`);
    const [r, g, bl] = [m[1], m[2], m[3]].map((c) => {
      const v = Number(c) / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/**
 * The charts' words (axis ticks) against their figure's background: axe does not measure text
 * inside an SVG image, so it is measured here (WCAG AA, 4.5:1).
 */
async function expectReadableChartText(figure: Locator): Promise<void> {
  const background = await figure.evaluate((el) => {
    const page = globalThis as unknown as { getComputedStyle: (e: unknown) => { backgroundColor: string } };
    return page.getComputedStyle(el).backgroundColor;
  });
  const fills = await figure.locator('.recharts-cartesian-axis-tick-value').evaluateAll((ticks) => {
    const page = globalThis as unknown as { getComputedStyle: (e: unknown) => { fill: string } };
    return ticks.map((t) => page.getComputedStyle(t).fill);
  });
  expect(fills.length).toBeGreaterThan(0);
  for (const fill of fills) expect(contrast(fill, background), `${fill} on ${background}`).toBeGreaterThanOrEqual(4.5);
}

function onTimeChart(view: Locator): Locator {
  return view.getByRole('figure', { name: /^On-time rate/ }).getByRole('img');
}

/** The figures on screen are the report's, word for word: label, value, detail and definition. */
async function expectFigures(view: Locator, report: KpiReport): Promise<void> {
  await expect(view.getByTestId('insights-range-words')).toContainText(describeKpiRange(report));
  for (const figure of kpiFigures(report.summary)) {
    const card = view.getByTestId(`kpi-${figure.name}`);
    await expect(card.getByRole('term')).toHaveText(figure.label);
    await expect(card.getByTestId('kpi-value')).toHaveText(figure.value);
    await expect(card.getByTestId('kpi-detail')).toHaveText(figure.detail);
    await expect(card).toContainText(figure.definition);
  }
}

test('release health: figures equal the API, presets and a custom range, charts and tables, light and dark, print', async ({
  app,
}) => {
  test.setTimeout(120_000);
  const { page } = app;
  const errors = await watchForErrors(page);
  // The charts' code (recharts) is a chunk of its own, fetched when Insights first opens.
  const chunks: string[] = [];
  page.on('request', (request) => {
    if (/\/assets\/InsightsCharts-[\w-]+\.js$/.test(request.url())) chunks.push(request.url());
  });
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
  await page.getByRole('button', { name: 'Fairness', exact: true }).click();
  await expect(page.getByTestId('fairness-heatmap')).toBeVisible();
  expect(chunks).toEqual([]);

  // Opening Insights reads the default range (the last 12 trains started) once.
  const view = page.getByTestId('insights');
  const opened = await apiCallsDuring(page, async () => {
    await page.getByRole('button', { name: 'Insights', exact: true }).click();
    await expect(view.getByRole('heading', { name: 'Insights', level: 1 })).toBeVisible();
    await expect(view.getByTestId('kpi-onTimeRate')).toBeVisible();
  });
  expect(opened).toEqual(['kpis.report']);
  await expect(onTimeChart(view)).toBeVisible();
  expect(chunks).toHaveLength(1);
  const last12 = await api<KpiReport>(page, 'kpis.report', { last: 12 });
  expect(last12.trains.length).toBeGreaterThan(0);
  await expectFigures(view, last12);
  await expect(view.getByRole('button', { name: 'Last 12 trains' })).toHaveAttribute('aria-pressed', 'true');

  // Each chart is a figure named by its caption, its SVG one image described in words.
  const first = last12.trains[0]!.version;
  const onTime = view.getByRole('figure', { name: /^On-time rate/ });
  await expect(onTime.getByRole('img')).toHaveAttribute('aria-label', new RegExp(`^On-time rate per train.*${first}`));
  await expect(view.getByRole('figure', { name: /^Rollout duration/ }).getByRole('img')).toHaveAttribute(
    'aria-label',
    /^Rollout duration per train/,
  );
  const halts = view.getByRole('figure', { name: /^Halts/ });
  if (last12.summary.halts > 0)
    await expect(halts.getByRole('img')).toHaveAttribute('aria-label', /^Halts per train: \d+ halts? in/);
  else await expect(halts).toContainText('No halts in these trains.');
  // The deployments a regression reached, most first; the table beside it lists every deployment.
  const exposure = view.getByRole('figure', { name: /^Regressions and early slots per deployment/ });
  const reached = last12.summary.deployments.filter((d) => d.regressions > 0);
  if (reached.length > 0) {
    const most = Math.max(...reached.map((d) => d.regressions));
    const top = reached.filter((d) => d.regressions === most).map((d) => d.key);
    const label = await exposure.getByRole('img').getAttribute('aria-label');
    expect(label).toMatch(/^Regressions and early slots per deployment, \d+ deployments? a regression reached/);
    expect(top.some((key) => label!.includes(`most first: ${key} `))).toBe(true);
  }
  await expectNoAxeViolations(page);
  await expectReadableChartText(onTime);
  // Hidden through the element's style: the app's CSP refuses the <style> that the `style` option would add.
  await page.locator('.toasts').evaluateAll((all) => {
    for (const t of all) (t as unknown as { style: { display: string } }).style.display = 'none';
  });
  await page.screenshot({ path: picture('insights.png'), animations: 'disabled' });
  await view
    .getByRole('region', { name: 'Per train', exact: true })
    .screenshot({ path: test.info().outputPath('per-train.png') });
  await view
    .getByRole('region', { name: 'Per deployment', exact: true })
    .screenshot({ path: test.info().outputPath('per-deployment.png') });

  // A preset: one read, and the figures of that range.
  const preset = await apiCallsDuring(page, async () => {
    await view.getByRole('button', { name: 'Last 6 trains' }).click();
    await expect(view.getByTestId('insights-range-words')).toContainText('the last 6 trains started');
  });
  expect(preset).toEqual(['kpis.report']);
  await expect(view.getByRole('button', { name: 'Last 6 trains' })).toHaveAttribute('aria-pressed', 'true');
  await expectFigures(view, await api<KpiReport>(page, 'kpis.report', { last: 6 }));

  // A custom range is checked before anything is read.
  await view.getByRole('button', { name: 'Custom range' }).click();
  const form = view.getByRole('form', { name: 'Custom range' });
  const from = form.getByLabel('Trains starting from');
  const to = form.getByLabel('Up to');
  const refused = await apiCallsDuring(page, async () => {
    await form.getByRole('button', { name: 'Show range' }).click();
    await expect(from).toHaveAccessibleDescription(/Choose a first day, a last day, or both\./);
    await from.fill('2027-02-01');
    await to.fill('2027-01-01');
    await form.getByRole('button', { name: 'Show range' }).click();
    await expect(to).toHaveAccessibleDescription(/The last day must be on or after the first\./);
    await expect(to).toHaveAttribute('aria-invalid', 'true');
  });
  expect(refused).toEqual([]);

  // The first train of the default range alone: its own figures, which differ from the range's.
  const only = last12.trains[0]!;
  await from.fill(only.start);
  await to.fill(only.start);
  const custom = await apiCallsDuring(page, async () => {
    await form.getByRole('button', { name: 'Show range' }).click();
    await expect(view.getByTestId('insights-range-words')).toContainText(`1 train, ${only.version} (trains starting`);
  });
  expect(custom).toEqual(['kpis.report']);
  const single = await api<KpiReport>(page, 'kpis.report', { from: only.start, to: only.start });
  expect(single.trains.map((t) => t.version)).toEqual([only.version]);
  await expectFigures(view, single);
  expect(single.summary.releaseDays).not.toBe(last12.summary.releaseDays);

  // A train without halts says so, instead of drawing an empty chart.
  const calm = last12.trains.find((t) => t.halts === 0);
  if (calm) {
    await from.fill(calm.start);
    await to.fill(calm.start);
    await form.getByRole('button', { name: 'Show range' }).click();
    await expect(view.getByTestId('insights-range-words')).toContainText(`1 train, ${calm.version} (`);
    await expect(halts).toContainText('No halts in these trains.');
    await expect(halts.getByRole('img')).toHaveCount(0);
    await from.fill(only.start);
    await to.fill(only.start);
    await form.getByRole('button', { name: 'Show range' }).click();
    await expect(view.getByTestId('insights-range-words')).toContainText(`1 train, ${only.version} (`);
  }

  // The same numbers as tables: a row per train, and every deployment of the range.
  await view.getByRole('button', { name: 'Tables' }).click();
  await expect(view.getByRole('button', { name: 'Tables' })).toHaveAttribute('aria-pressed', 'true');
  const onTimeTable = onTime.getByRole('table', { name: 'On-time rate per train' });
  await expect(onTimeTable).toBeVisible();
  await expect(onTime.getByRole('img')).toBeHidden();
  const row = onTimeTable.getByRole('row', { name: new RegExp(`^${only.version.replace('.', '\\.')} `) });
  await expect(row.getByRole('cell')).toHaveText([
    String(only.onTime),
    String(only.releaseDays),
    kpiFigures(single.summary)[0]!.value,
  ]);
  const deployments = exposure.getByRole('table', { name: 'Regressions and early slots per deployment' });
  await expect(deployments.locator('tbody tr')).toHaveCount(single.summary.deployments.length);
  await expectNoAxeViolations(page);

  // Dark: the same view, readable, in both presentations.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoAxeViolations(page);
  await view.getByRole('button', { name: 'Charts' }).click();
  await view.getByRole('button', { name: 'Last 12 trains' }).click();
  await expectFigures(view, last12);
  await expect(onTime.getByRole('img')).toBeVisible();
  await expectNoAxeViolations(page);
  await expectReadableChartText(onTime);
  await page.screenshot({ path: test.info().outputPath('insights-dark.png'), animations: 'disabled' });
  await view
    .getByRole('region', { name: 'Per train', exact: true })
    .screenshot({ path: test.info().outputPath('per-train-dark.png') });

  // No trains in a range: said, instead of empty charts.
  await view.getByRole('button', { name: 'Custom range' }).click();
  await from.fill('2001-01-01');
  await to.fill('2001-12-31');
  await form.getByRole('button', { name: 'Show range' }).click();
  await expect(view.getByTestId('insights-empty')).toContainText('No trains in this range');
  await expect(view.getByRole('figure')).toHaveCount(0);
  await expectNoAxeViolations(page);

  // On paper: white, without the navigation or the range controls; the figures, charts and tables.
  await page.emulateMedia({ colorScheme: 'light' });
  await view.getByRole('button', { name: 'Last 12 trains' }).click();
  await expectFigures(view, last12);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeHidden();
  await expect(view.getByRole('button', { name: 'Print…' })).toBeHidden();
  await expect(view.getByTestId('insights-range')).toBeHidden();
  await expect(view.getByRole('button', { name: 'Charts' })).toBeHidden();
  await expect(view.getByTestId('kpi-onTimeRate')).toBeVisible();
  await expect(onTime.getByRole('img')).toBeVisible();
  await expect(onTimeTable).toBeVisible();
  // Print… opens the print dialog (stubbed here: it is the browser's).
  await page.emulateMedia({ media: null });
  await page.evaluate(() => {
    const page = globalThis as unknown as { print: () => void; printed: number };
    page.printed = 0;
    page.print = () => void page.printed++;
  });
  await view.getByRole('button', { name: 'Print…' }).click();
  expect(await page.evaluate(() => (globalThis as unknown as { printed: number }).printed)).toBe(1);
  // Printed as the window lays it out: the charts drawn at the screen's width, scaled to the paper's.
  await expect(onTimeTable).toBeHidden();
  const pdf = test.info().outputPath('insights.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, margin: PAPER_MARGIN });
  const pages = renderPdfPages(pdf, 96);
  expect(pages.length).toBeGreaterThan(1);
  for (const file of pages) {
    const png = decodePng(fs.readFileSync(file));
    expect(inkedPixels(png), `ink on ${path.basename(file)}`).toBeGreaterThan(0);
  }
  // The page after the figures: the charts on paper, each with its table, none cut by a page break.
  if (process.env.UPDATE_SCREENSHOTS) fs.copyFileSync(pages[1]!, picture('insights-print.png'));

  expect(errors).toEqual([]);
});
