import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

// "?" opens the Keyboard Shortcuts dialog (Help → Keyboard Shortcuts in the desktop app's
// menus): the list the menus are built from. In a field, "?" is just typed.

test('? lists the keyboard shortcuts, from anywhere but a field; Escape closes the list', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');

  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('region', { name: 'Go to' })).toContainText('Rollouts');
  await expect(dialog.getByRole('region', { name: 'Calendar' })).toContainText('Timeline view');
  await expect(dialog.getByRole('region', { name: 'App' })).toContainText('Undo the last rollout action');
  const results = await new AxeBuilder({ page }).include('dialog').setLegacyMode(true).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
  if (process.env.UPDATE_SCREENSHOTS)
    await dialog.screenshot({ path: path.resolve(__dirname, '../../docs/screenshots/keyboard-shortcuts.png') });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Typing a question mark into the fleet's search box does not open it.
  await page.getByRole('searchbox').first().fill('');
  await page.getByRole('searchbox').first().press('?');
  await expect(dialog).toBeHidden();
});
