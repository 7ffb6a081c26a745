import { apiCallsDuring } from './api-calls';
import { expect, test } from './fixtures';
import { api } from './page-api';

// A train action in the calendar's drawer costs the whole page the change itself and at most one
// read: the change answers the train as it now is, one overview read brings every train, the days
// on screen with their rollout progress, and the open train's history, tracking and rollout plan.

test.use({ now: '2027-01-11T09:00:00Z' });

test('skipping a train from the calendar drawer takes the page one change and one read', async ({ app }) => {
  const { page } = app;
  await api(page, 'trains.plan', { from: '2027-02-01', count: 4 });
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  const calendar = page.getByTestId('calendar');
  await page.getByLabel('Go to date').fill('2027-02-10');
  await expect(calendar.getByRole('grid', { name: 'February 2027' })).toBeVisible();
  await calendar.getByTestId('train-band-2027.03').first().click();
  const drawer = page.getByRole('dialog', { name: 'Train 2027.03' });
  await expect(drawer.getByTestId('tracking-summary')).toContainText('Planned');
  await drawer.getByRole('button', { name: 'Skip', exact: true }).click();
  await drawer.getByLabel('Reason').fill('Company offsite');

  const skipped = await apiCallsDuring(page, async () => {
    await drawer.getByRole('button', { name: 'Skip train' }).click();
    // Settled: the confirmation, the drawer's banner and history, and the band on the month.
    await expect(page.getByRole('status')).toContainText('Skipped 2027.03');
    await expect(drawer).toContainText('Company offsite');
    await expect(drawer.getByRole('button', { name: 'Reinstate' })).toBeEnabled();
    await expect(drawer.locator('.history-event').filter({ hasText: 'train.skip' })).toBeVisible();
    await expect(drawer.getByTestId('tracking-summary')).toContainText('Skipped');
    await expect(calendar.getByTestId('train-band-2027.03').first()).toBeVisible();
  });
  expect(skipped[0]).toBe('trains.skip');
  expect(skipped.length, `calls: ${skipped.join(', ')}`).toBeLessThanOrEqual(2);
});
