import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

/** With UPDATE_SCREENSHOTS=1 the picture goes to docs/screenshots, else with the test's results. */
function screenshotPath(name: string): string {
  return process.env.UPDATE_SCREENSHOTS
    ? path.resolve(__dirname, '../../docs/screenshots', name)
    : test.info().outputPath(name);
}

// A deployment's local release window, set in the Fleet drawer: a window ending before it
// starts is refused under its end, a good one is saved and shown with the deployment's zone,
// kept after a reload, and cleared again by emptying both times.
test('set a release window in the deployment drawer: refused inline, then saved and shown in its zone', async ({
  app,
}) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
  await page.getByRole('button', { name: 'Dismiss' }).click(); // keeps the toast out of the screenshot

  await page.getByTestId('deployment-row-eu-central-1').click();
  let drawer = page.getByRole('dialog', { name: 'Edit eu-central-1' });
  const window = drawer.getByRole('group', { name: /Release window \(local time\)/ });
  await expect(window).toContainText('Wall-clock hours in Europe/Berlin. Leave both empty for all-day releases.');
  await expect(drawer.getByTestId('release-window-summary')).toHaveCount(0);

  // Ending before it starts: refused under the end time, and nothing is saved.
  await window.getByLabel('Starts').fill('09:00');
  await window.getByLabel('Ends').fill('08:00');
  await drawer.getByRole('button', { name: 'Save' }).click();
  await expect(drawer.locator('#releaseWindowEnd-error')).toHaveText(
    'The release window must end after it starts (09:00–08:00); give an end later than the start, on the same day.',
  );
  await expect(window.getByLabel('Ends')).toHaveAttribute('aria-invalid', 'true');

  // A good window reads back in the deployment's zone as it is typed.
  await window.getByLabel('Ends').fill('11:00');
  await expect(drawer.locator('#releaseWindowEnd-error')).toHaveCount(0);
  await expect(window).toContainText('Releases go out 09:00–11:00 Europe/Berlin');
  const axe = await new AxeBuilder({ page }).include('.drawer-form').setLegacyMode(true).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await drawer.screenshot({ path: screenshotPath('deployment-release-window.png'), animations: 'disabled' });
  await drawer.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved eu-central-1');

  // Saved: the drawer shows it under the deployment's name, also after a reload.
  await page.reload();
  await page.getByTestId('deployment-row-eu-central-1').click();
  drawer = page.getByRole('dialog', { name: 'Edit eu-central-1' });
  await expect(drawer.getByTestId('release-window-summary')).toHaveText('Releases 09:00–11:00 Europe/Berlin');
  await expect(drawer.getByRole('group', { name: /Release window/ })).toContainText(
    'Releases go out 09:00–11:00 Europe/Berlin',
  );
  await expect(drawer.getByLabel('Starts')).toHaveValue('09:00');
  await expect(drawer.getByLabel('Ends')).toHaveValue('11:00');
  await drawer
    .locator('.drawer-header')
    .screenshot({ path: test.info().outputPath('deployment-release-window-saved.png') });

  // Emptying both times removes it: releases are all-day again.
  await drawer.getByLabel('Starts').fill('');
  await drawer.getByLabel('Ends').fill('');
  await drawer.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved eu-central-1');
  await page.getByTestId('deployment-row-eu-central-1').click();
  drawer = page.getByRole('dialog', { name: 'Edit eu-central-1' });
  await expect(drawer.getByTestId('release-window-summary')).toHaveCount(0);
  await expect(drawer.getByLabel('Starts')).toHaveValue('');
});
