import type { DatabaseBackups } from '../../shared/contract';
import type { Holiday } from '../../shared/schedule';
import { expect, test } from './fixtures';
import { api } from './page-api';

// Someone who changed the plan by mistake goes back to a backup from Settings: the restore asks
// first, keeps what it replaces as a backup of its own, and the app shows the restored data.

test('Restore in Settings puts a backup back and keeps the replaced data as a backup', async ({ app }) => {
  const page = app.page;
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const card = page.locator('#settings-database');
  await card.getByRole('button', { name: 'Back up now' }).click();
  const rows = card.getByTestId('database-backup');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Saved by hand');

  await api<Holiday>(page, 'holidays.add', { date: '2026-07-14', name: 'Mistaken holiday' });
  await page.reload();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByText('Mistaken holiday')).toBeVisible();

  await card.getByRole('button', { name: /^Restore the backup of / }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Restore this backup?' });
  await expect(dialog).toContainText('What is there now is saved as a backup first');
  // The page reloads on the restored database.
  const reloaded = page.waitForEvent('load');
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await reloaded;
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(card.getByTestId('database-backup')).toHaveCount(2);
  await expect(card.getByTestId('database-backup').first()).toContainText('Before a restore');
  await expect(page.getByText('Mistaken holiday')).toHaveCount(0);
  const holidays = await api<Holiday[]>(page, 'holidays.list', {});
  expect(holidays.map((h) => h.name)).not.toContain('Mistaken holiday');
  const { backups } = await api<DatabaseBackups>(page, 'database.backups', {});
  expect(backups.map((b) => b.reason)).toEqual(['before-restore', 'manual']);
});
