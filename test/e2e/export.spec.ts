import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodePng, inkedPixels, renderPdfPages } from '../helpers/png';
import { expect, test } from './fixtures';

// Support wants the release days in their calendar, a lead wants the plan on the
// wall, readers want the release notes: the Export dialog downloads an iCalendar feed,
// a CSV schedule and the release-notes feed, and a train's printable schedule goes
// through the print view to a PDF whose pages show.
test('export dialog: ICS, CSV and Atom downloads, and a train printed to PDF', async ({ app }, testInfo) => {
  test.skip(
    testInfo.project.name === 'electron',
    'Browser mode downloads and prints; the desktop app saves through its own dialog (export-electron.spec.ts).',
  );
  const { page } = app;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-e2e-export-'));
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  const calendar = page.getByTestId('calendar');

  // Everything as an iCalendar feed, the default.
  await calendar.getByRole('button', { name: 'Export…' }).click();
  let dialog = page.getByRole('dialog', { name: 'Export the schedule' });
  await expect(dialog.getByLabel('Everything')).toBeChecked();
  await expect(dialog.getByLabel('iCalendar (.ics)')).toBeChecked();
  let downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download' }).click();
  const ics = await downloading;
  expect(ics.suggestedFilename()).toBe('release-calendar.ics');
  const feed = fs.readFileSync((await ics.path())!, 'utf8');
  expect(feed.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
  expect(feed.match(/^BEGIN:VEVENT\r$/gm)!.length).toBeGreaterThan(50);
  await expect(page.getByRole('status')).toContainText('Downloaded release-calendar.ics');
  await expect(dialog).toBeHidden();

  // The rollout schedule as CSV for Excel.
  await calendar.getByRole('button', { name: 'Export…' }).click();
  dialog = page.getByRole('dialog', { name: 'Export the schedule' });
  // The whole card is the click target of its radio.
  await dialog.locator('label[for="field-export-format-csv"]').click();
  await expect(dialog.getByLabel('CSV (.csv)')).toBeChecked();
  await dialog.getByLabel('Start with a byte-order mark (for Excel)').check();
  downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download' }).click();
  const csv = await downloading;
  expect(csv.suggestedFilename()).toBe('rollout-schedule.csv');
  const bytes = fs.readFileSync((await csv.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
  expect(lines[0]).toBe('train,version,wave,date,deployment,name,region,time_zone,status');
  expect(lines.length).toBeGreaterThan(100);
  expect(lines.filter((l) => l.includes(',internal-us,'))).toHaveLength(
    lines.filter((l) => /,0,\d{4}-/.test(l)).length,
  );

  // The release notes of the released trains, as a feed to subscribe to.
  await calendar.getByRole('button', { name: 'Export…' }).click();
  dialog = page.getByRole('dialog', { name: 'Export the schedule' });
  await dialog.locator('label[for="field-export-format-atom"]').click();
  await expect(dialog.getByLabel('Atom feed (.atom)')).toBeChecked();
  downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download' }).click();
  const atom = await downloading;
  expect(atom.suggestedFilename()).toBe('release-notes.atom');
  const notes = fs.readFileSync((await atom.path())!, 'utf8');
  expect(notes.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(
    true,
  );
  expect(notes.match(/<entry>/g)!.length).toBeGreaterThan(0);

  // A train's printable plan, from its panel: the print view opens and asks the browser to print.
  const band = calendar.locator('[data-testid^="train-band-"]').first();
  const version = (await band.getAttribute('data-testid'))!.replace('train-band-', '');
  await band.click();
  const drawer = page.getByRole('dialog', { name: `Train ${version}` });
  await drawer.getByRole('button', { name: 'Export…' }).click();
  dialog = page.getByRole('dialog', { name: 'Export the schedule' });
  await expect(dialog.getByLabel('A train')).toBeChecked();
  await expect(dialog.getByLabel('Train', { exact: true })).toHaveValue(/\d+/);
  await expect(dialog.getByLabel('PDF')).toBeChecked();
  await page.evaluate(() => {
    (globalThis as unknown as { printed: number }).printed = 0;
    (globalThis as unknown as { print: () => void }).print = () =>
      void ((globalThis as unknown as { printed: number }).printed += 1);
  });
  await dialog.getByRole('button', { name: 'Open print view' }).click();
  const view = page.getByRole('region', { name: 'Printable schedule' });
  await expect(view).toBeVisible();
  await expect(view.getByRole('heading', { name: `Release ${version} rollout plan`, exact: true })).toBeVisible();
  // The sheets live in a shadow root, out of the app's styles' reach.
  await expect(page.getByTestId('print-sheets').locator('.sheet-title')).toHaveText(`Release ${version} Rollout plan`);
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as { printed: number }).printed)).toBe(1);

  const pdf = path.join(out, 'printed.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const pages = renderPdfPages(pdf);
  expect(pages.length).toBeGreaterThan(0);
  for (const file of pages) {
    const png = decodePng(fs.readFileSync(file));
    // A4 landscape, and printed on: a blank page counts no ink.
    expect(png.width / png.height).toBeCloseTo(297 / 210, 1);
    expect(inkedPixels(png) / (png.width * png.height), file).toBeGreaterThan(0.03);
  }

  // Closing the print view comes back to the train.
  await view.getByRole('button', { name: 'Close' }).click();
  await expect(view).toBeHidden();
  await expect(page.getByRole('dialog', { name: `Train ${version}` })).toBeVisible();
  fs.rmSync(out, { recursive: true, force: true });
});

test('settings: a publish folder that does not exist is refused, one that does is published to', async ({
  app,
}, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'The same API in both; browser mode is enough to drive the form.');
  const { page } = app;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-e2e-publish-'));
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const section = page.getByRole('region', { name: 'Publish folder' });

  await section.getByLabel('Folder').fill(path.join(folder, 'missing'));
  await section.getByRole('button', { name: 'Save and publish' }).click();
  await expect(section.getByRole('alert')).toContainText('does not exist; create the folder first');
  expect(fs.readdirSync(folder)).toEqual([]);

  await section.getByLabel('Folder').fill(folder);
  await section.getByRole('button', { name: 'Save and publish' }).click();
  await expect(page.getByRole('status')).toContainText(`Published the plan to ${folder}`);
  await expect(section.getByRole('button', { name: 'Publish now' })).toBeVisible();
  await expect(section.getByLabel('Publishing status')).toContainText('Last published');
  // The section names the files the backend writes, and those are what the folder holds.
  await expect(section).toContainText(
    'rewrite release-calendar.ics, rollout-schedule.csv, release-calendar.json and release-notes.atom in a folder',
  );
  expect(fs.readdirSync(folder).sort()).toEqual([
    'release-calendar.ics',
    'release-calendar.json',
    'release-notes.atom',
    'rollout-schedule.csv',
  ]);
  fs.rmSync(folder, { recursive: true, force: true });
});
