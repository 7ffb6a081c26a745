import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, expect, test } from '@playwright/test';
import { decodePng, inkedPixels, renderPdfPages } from '../helpers/png';
import { electronBinary } from './fixtures';

const MAIN_ENTRY = path.resolve(__dirname, '../../out/main/index.js');

// In the desktop app the Export dialog saves through the main process: its save
// dialog, and for PDF webContents.printToPDF in a hidden, sandboxed window.
test('desktop app: a train saved as PDF through the save dialog, pages printed by printToPDF', async () => {
  const testInfo = test.info();
  test.skip(
    testInfo.project.name !== 'electron',
    'Electron only: browser mode prints through its print view instead (export.spec.ts).',
  );
  const binary = electronBinary();
  test.skip(
    !binary,
    'The Electron binary is not installed (it cannot be downloaded here); this spec runs where Electron is, as in GitHub CI.',
  );
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-e2e-save-'));
  const target = path.join(dataDir, 'wall.pdf');
  const app = await _electron.launch({
    executablePath: binary!,
    args: [MAIN_ENTRY, '--db', path.join(dataDir, 'release-calendar.db')],
    env: { ...process.env, RELEASE_CALENDAR_USER_DATA: dataDir },
  });
  try {
    // The save dialog answers with our file instead of waiting for a person.
    await app.evaluate(({ dialog }, file) => {
      dialog.showSaveDialog = (() =>
        Promise.resolve({ canceled: false, filePath: file })) as typeof dialog.showSaveDialog;
    }, target);
    const page = await app.firstWindow();
    await page.getByRole('button', { name: 'Load demo fleet' }).click();
    await expect(page.getByRole('status')).toContainText('Loaded the demo');
    await page.getByRole('button', { name: 'Calendar', exact: true }).click();
    const band = page.getByTestId('calendar').locator('[data-testid^="train-band-"]').first();
    const version = (await band.getAttribute('data-testid'))!.replace('train-band-', '');
    await band.click();
    await page
      .getByRole('dialog', { name: `Train ${version}` })
      .getByRole('button', { name: 'Export…' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Export the schedule' });
    await expect(dialog.getByLabel('PDF')).toBeChecked();
    await dialog.getByRole('button', { name: 'Save…' }).click();
    await expect(page.getByRole('status')).toContainText('Saved wall.pdf');

    const pages = renderPdfPages(target);
    expect(pages.length).toBeGreaterThan(0);
    for (const file of pages) {
      const png = decodePng(fs.readFileSync(file));
      expect(png.width / png.height).toBeCloseTo(297 / 210, 1);
      expect(inkedPixels(png) / (png.width * png.height)).toBeGreaterThan(0.03);
    }
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
