import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import type { TrainView } from '../../shared/train';
import { decodePng, renderPdfPages } from '../helpers/png';
import { expect, test } from './fixtures';
import { api } from './page-api';

// A release manager whose OS is set to dark: the app follows it, with no switch of
// its own. Every view turns dark and keeps its text readable (axe's colour-contrast
// rule, on the demo with trains in flight), and the printable schedule stays black
// on white paper, on screen and in the PDF.

/** Monday: the demo is loaded here, so its trains are in flight (one mid-rollout) and the pictures repeat. */
const LOADED = '2027-02-22T09:00:00Z';

test.use({ now: LOADED });

/** WCAG relative luminance of a CSS `rgb()`/`rgba()` colour, 0 (black) to 1 (white). */
function luminance(css: string): number {
  const m = /rgba?\((\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?)/.exec(css);
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((c) => {
    const s = Number(c) / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

interface Computed {
  backgroundColor: string;
  color: string;
  colorScheme: string;
}

/** The computed colours of an element, read in the page (the tests' typings know no DOM). */
async function colours(target: Locator): Promise<{ background: string; text: string; scheme: string }> {
  return target.evaluate((el) => {
    const page = globalThis as unknown as { getComputedStyle: (e: unknown) => Computed };
    const style = page.getComputedStyle(el);
    return { background: style.backgroundColor, text: style.color, scheme: style.colorScheme };
  });
}

/** With UPDATE_SCREENSHOTS=1 the picture replaces the one in docs/screenshots, else it goes with the test's results. */
async function screenshot(page: Page, name: string): Promise<void> {
  const file = process.env.UPDATE_SCREENSHOTS
    ? path.resolve(__dirname, '../../docs/screenshots', name)
    : test.info().outputPath(name);
  // Hidden through the element's style: the app's CSP refuses the <style> that the `style` option would add.
  const hideToasts = (display: string) =>
    page.locator('.toasts').evaluateAll((toasts, d) => {
      for (const t of toasts) (t as unknown as { style: { display: string } }).style.display = d;
    }, display);
  await hideToasts('none');
  await page.screenshot({ path: file, animations: 'disabled' });
  await hideToasts('');
}

async function expectNoAxeViolations(page: Page, selector: string): Promise<void> {
  // Legacy mode runs axe in the page itself: the default opens a blank page to merge results, which an
  // Electron window cannot (the electron project runs this spec too). The app has no iframes to miss.
  const results = await new AxeBuilder({ page }).include(selector).setLegacyMode(true).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  // Contrast was measured, not left out: some text passed it.
  expect(results.passes.map((p) => p.id)).toContain('color-contrast');
}

async function loadDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
}

test('a dark OS turns every view dark, with readable text in each', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  await page.emulateMedia({ colorScheme: 'dark' });

  // The page itself: a dark background, light text, and native controls drawn dark.
  const body = await colours(page.locator('body'));
  expect(luminance(body.background), `body background ${body.background}`).toBeLessThan(0.05);
  expect(luminance(body.text), `body text ${body.text}`).toBeGreaterThan(0.6);
  expect((await colours(page.locator('html'))).scheme).toBe('dark');

  await loadDemo(page);
  await expect(page.getByTestId('fleet-table').locator('tbody tr')).toHaveCount(40);
  const frame = await colours(page.locator('.table-frame'));
  expect(luminance(frame.background), `fleet table ${frame.background}`).toBeLessThan(0.05);
  await expectNoAxeViolations(page, '.app');
  await screenshot(page, 'dark-fleet.png');

  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  const calendar = page.getByTestId('calendar');
  await expect(calendar.getByRole('grid', { name: 'February 2027' })).toBeVisible();
  await expect(calendar.locator('[data-testid^="train-band-"]').first()).toBeVisible();
  // The phases keep their colours, on dark tints: no light band is left on the dark page.
  for (const band of await calendar.locator('.band-part').all()) {
    const part = await colours(band);
    expect(luminance(part.background), `band ${part.background}`).toBeLessThan(0.1);
  }
  await expectNoAxeViolations(page, '.app');
  await screenshot(page, 'dark-calendar-month.png');

  await calendar.getByRole('button', { name: 'Timeline', exact: true }).click();
  await expect(calendar.locator('.timeline-band').first()).toBeVisible();
  await expectNoAxeViolations(page, '.app');
  await screenshot(page, 'dark-calendar-timeline.png');

  // A train mid-rollout: its first waves released, the next ones to come (the demo's last train to
  // end, overdue, is in flight too).
  await page.getByRole('button', { name: 'Rollouts', exact: true }).click();
  const { version } = (await api<TrainView[]>(page, 'trains.list', {})).find((t) => t.status === 'rolling_out')!;
  const rolling = page.getByTestId('rolling-trains').getByTestId(`rolling-${version}`);
  await expect(rolling).toBeVisible();
  await rolling.getByRole('button', { name: `Open the rollout of ${version}` }).click();
  const detail = page.getByTestId('rollout-detail');
  await expect(detail.getByRole('heading', { name: `Train ${version}` })).toBeVisible();
  await expect(detail.getByText('Released').first()).toBeVisible();
  await expectNoAxeViolations(page, '.app');
  await screenshot(page, 'dark-rollouts.png');

  await page.getByRole('button', { name: 'Fairness', exact: true }).click();
  await expect(page.getByTestId('fairness-heatmap')).toBeVisible();
  await expectNoAxeViolations(page, '.app');
  await screenshot(page, 'dark-fairness.png');

  await page.getByRole('button', { name: 'Insights', exact: true }).click();
  await expect(page.getByTestId('insights').getByRole('figure').first()).toBeVisible();
  await expectNoAxeViolations(page, '.app');
  await screenshot(page, 'dark-insights.png');

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByTestId('settings')).toBeVisible();
  const input = await colours(page.getByLabel('Freeze name'));
  expect(luminance(input.background), `input ${input.background}`).toBeLessThan(0.05);
  expect(luminance(input.text), `input text ${input.text}`).toBeGreaterThan(0.6);
  await expectNoAxeViolations(page, '.app');
  await screenshot(page, 'dark-settings.png');
});

test('with a dark OS the printable schedule stays black on white, on screen and on paper', async ({
  app,
}, testInfo) => {
  test.skip(
    testInfo.project.name === 'electron',
    'Browser mode opens the print view and prints; the desktop app saves the PDF through its own dialog (export-electron.spec.ts).',
  );
  const { page } = app;
  await page.emulateMedia({ colorScheme: 'dark' });
  await loadDemo(page);
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  // The month of the app's today (the browser's own clock may show another first, with the demo's
  // history in it).
  await expect(page.getByTestId('calendar').getByRole('grid', { name: 'February 2027' })).toBeVisible();
  const band = page.getByTestId('calendar').locator('[data-testid^="train-band-"]').first();
  const version = (await band.getAttribute('data-testid'))!.replace('train-band-', '');
  await band.click();
  const drawer = page.getByRole('dialog', { name: `Train ${version}` });
  await drawer.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export the schedule' });
  await expect(dialog.getByLabel('PDF')).toBeChecked();
  // The print dialog is the browser's: stubbed, not opened.
  await page.evaluate(() => {
    (globalThis as unknown as { print: () => void }).print = () => undefined;
  });
  await dialog.getByRole('button', { name: 'Open print view' }).click();
  const view = page.getByRole('region', { name: 'Printable schedule' });
  await expect(view).toBeVisible();

  // On screen: the sheets are white paper with dark ink, and so is the bar over them.
  const sheet = page.getByTestId('print-sheets').locator('.sheet').first();
  await expect(sheet.locator('.sheet-title')).toHaveText(`Release ${version} Rollout plan`);
  const paper = await colours(sheet);
  expect(luminance(paper.background), `sheet ${paper.background}`).toBeGreaterThan(0.95);
  expect(luminance(paper.text), `sheet text ${paper.text}`).toBeLessThan(0.05);
  const bar = await colours(view.locator('.print-view-bar'));
  expect(luminance(bar.background), `print bar ${bar.background}`).toBeGreaterThan(0.9);
  expect(luminance(bar.text), `print bar text ${bar.text}`).toBeLessThan(0.05);
  expect((await colours(view)).scheme).toBe('light');
  await expectNoAxeViolations(page, '.print-view-bar');

  // On paper: white pages; the app behind the print view never shows through in dark.
  const pdf = testInfo.outputPath('printed-dark-os.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const pages = renderPdfPages(pdf);
  expect(pages.length).toBeGreaterThan(0);
  for (const file of pages) {
    const png = decodePng(fs.readFileSync(file));
    let light = 0;
    for (let i = 0; i < png.pixels.length; i += png.channels) if (png.pixels[i]! > 200) light++;
    expect(light / (png.width * png.height), `light share of ${file}`).toBeGreaterThan(0.7);
  }
});
