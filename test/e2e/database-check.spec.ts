import AxeBuilder from '@axe-core/playwright';
import type { AppInfo } from '../../shared/contract';
import { expect, test } from './fixtures';
import { api } from './page-api';

// Someone worried after a crash checks the database from Settings: the full integrity check of
// the open file, the same as `release-calendar doctor`, answered in one sentence that names it.

test('Check database in Settings reads the whole file and says it found no problems', async ({ app }) => {
  const page = app.page;
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
  const { databasePath } = await api<AppInfo>(page, 'app.info', {});

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const card = page.locator('#settings-database');
  await expect(card.getByRole('heading', { name: 'Database' })).toBeVisible();
  await card.getByRole('button', { name: 'Check database' }).click();
  await expect(card.getByTestId('database-check')).toHaveText(`No problems found in ${databasePath}.`);
  await expect(card.getByRole('button', { name: 'Check database' })).toBeEnabled();

  const results = await new AxeBuilder({ page }).include('#settings-database').setLegacyMode(true).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
  await card.screenshot({ path: test.info().outputPath('settings-database.png') });
});
