import type { Page } from '@playwright/test';
import { CALENDAR_VIEWS } from '../../renderer/src/views/calendar/layout';
import { expect, test } from './fixtures';
import { api } from './page-api';

// Stepping through the calendar shows the month at once: the months before and after the one on
// screen are read ahead. What was read ahead never outlives a change: after one, a step shows the
// days as they now are.

const TODAY = '2027-01-11';
test.use({ now: `${TODAY}T09:00:00Z` });

/** Where a month's days start: what its `calendar.range` read asks `from`. */
const monthStart = (day: string) => CALENDAR_VIEWS.month.range(day).start;

/** The answer to the read of the month of `day`. */
function readOf(page: Page, day: string) {
  return page.waitForResponse(
    (r) =>
      r.url().endsWith('/api/calendar.range') &&
      (JSON.parse(r.request().postData() ?? '{}') as { from?: string }).from === monthStart(day),
    { timeout: 10_000 },
  );
}

test('next and previous months are read ahead, and a change empties what was read', async ({ app }) => {
  const { page } = app;
  // Trains from Mon 4 Jan, one every two weeks: 2027.04 runs from 15 February into March.
  await api(page, 'trains.plan', { from: '2027-01-04', count: 6 });
  const calendar = page.getByTestId('calendar');
  const reads: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/calendar.range'))
      reads.push((JSON.parse(r.postData() ?? '{}') as { from: string }).from);
  });

  // January, then February read ahead once it is on screen.
  const february = readOf(page, '2027-02-01');
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  await expect(calendar.getByRole('grid', { name: 'January 2027' })).toBeVisible();
  expect((await february).ok()).toBe(true);

  // The step to February shows it without reading it again; March is then read ahead.
  const march = readOf(page, '2027-03-01');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(calendar.getByRole('grid', { name: 'February 2027' })).toBeVisible();
  await expect(calendar.getByTestId('train-band-2027.04').first()).toBeVisible();
  expect((await march).ok()).toBe(true);
  expect(reads.filter((from) => from === monthStart('2027-02-01'))).toHaveLength(1);

  // A change in February to a train that runs into March: March then shows it as changed, not
  // as it was read ahead.
  await calendar.getByTestId('train-band-2027.04').first().click();
  const drawer = page.getByRole('dialog', { name: 'Train 2027.04' });
  await drawer.getByRole('button', { name: 'Rename' }).click();
  await drawer.getByLabel('Version').fill('2027.04-b');
  await drawer.getByRole('button', { name: 'Rename train' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Renamed 2027.04 to 2027.04-b' })).toBeVisible();
  await drawer.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(calendar.getByRole('grid', { name: 'March 2027' })).toBeVisible();
  await expect(calendar.getByTestId('train-band-2027.04-b').first()).toBeVisible();
  await expect(calendar.getByTestId('train-band-2027.04')).toHaveCount(0);
  expect(reads.filter((from) => from === monthStart('2027-03-01'))).toHaveLength(2);
});
