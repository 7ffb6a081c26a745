import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';

/** True when two boxes share some area (lane packing must prevent it). */
function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;
}

async function expectNoBandCovers(bands: Locator): Promise<void> {
  const boxes = (await Promise.all((await bands.all()).map((b) => b.boundingBox()))).filter((b) => b !== null);
  expect(boxes.length).toBeGreaterThan(1);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++)
      expect(overlaps(boxes[i]!, boxes[j]!), `bands ${i} and ${j} overlap`).toBe(false);
  }
}

// A release manager plans the year's first trains, steps through the months, adds
// a freeze and sees the production release days move, then writes release notes.
test('plan 12 trains, step through months, add a freeze and watch release days move, edit notes', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  const calendar = page.getByTestId('calendar');

  // Empty calendar: plan twelve trains from the first Monday of 2027.
  await page.getByLabel('First train on or after').fill('2027-01-04');
  await page.getByLabel('Number of trains').fill('12');
  await page.getByRole('button', { name: 'Plan trains' }).click();
  await expect(page.getByRole('status')).toContainText('12');

  // January 2027: 2027.01 and 2027.02 overlap from the 18th, on separate lanes.
  await page.getByLabel('Go to date').fill('2027-01-20');
  await expect(calendar.getByRole('grid', { name: 'January 2027' })).toBeVisible();
  await expect(calendar.getByTestId('train-band-2027.01').first()).toBeVisible();
  await expect(calendar.getByTestId('train-band-2027.02').first()).toBeVisible();
  await expectNoBandCovers(calendar.locator('[data-testid^="train-band-"]'));

  // Next month: three trains are alive in February.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(calendar.getByRole('grid', { name: 'February 2027' })).toBeVisible();
  for (const v of ['2027.02', '2027.03', '2027.04'])
    await expect(calendar.getByTestId(`train-band-${v}`).first()).toBeVisible();
  await expectNoBandCovers(calendar.locator('[data-testid^="train-band-"]'));
  // 2027.03's first wave is planned on Wednesday 17 February.
  await expect(calendar.getByTestId('release-day-2027.03-2027-02-17')).toBeVisible();

  // Add a freeze over the 17th and 18th in Settings.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Freeze name').fill('Launch freeze');
  await page.getByLabel('Freeze start').fill('2027-02-17');
  await page.getByLabel('Freeze end').fill('2027-02-18');
  await page.getByRole('button', { name: 'Add freeze' }).click();
  await expect(page.getByRole('status')).toContainText('Added freeze Launch freeze');

  // Back in February: the release days left the freeze, and say why.
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  await page.getByLabel('Go to date').fill('2027-02-10');
  await expect(calendar.getByRole('grid', { name: 'February 2027' })).toBeVisible();
  await expect(calendar.getByTestId('release-day-2027.03-2027-02-17')).toHaveCount(0);
  await expect(calendar.getByTestId('release-day-2027.03-2027-02-18')).toHaveCount(0);
  const moved = calendar.getByTestId('release-day-2027.03-2027-02-19');
  await expect(moved).toBeVisible();
  await expect(moved).toHaveAttribute('title', /freeze: Launch freeze/);
  await expect(calendar.getByTestId('release-day-2027.03-2027-02-22')).toBeVisible();

  // Open 2027.03 and write its release notes; they show rendered.
  await calendar.getByTestId('train-band-2027.03').first().click();
  const detail = page.getByRole('dialog', { name: 'Train 2027.03' });
  await expect(detail).toContainText('moved from Wed 17 Feb');
  await detail.getByRole('button', { name: 'Edit notes' }).click();
  await detail
    .getByLabel('Release notes')
    .fill('## Highlights\n\n- **Faster** policy evaluation\n- Passwordless admin sign-in');
  await detail.getByRole('button', { name: 'Save notes' }).click();
  await expect(detail.getByRole('heading', { name: 'Highlights' })).toBeVisible();
  await expect(detail.locator('strong', { hasText: 'Faster' })).toBeVisible();
  await expect(detail.getByRole('listitem').filter({ hasText: 'Passwordless admin sign-in' })).toBeVisible();

  // The notes and the freeze survive a restart.
  await app.restart();
  await app.page.getByRole('button', { name: 'Calendar', exact: true }).click();
  await app.page.getByLabel('Go to date').fill('2027-02-10');
  await app.page.getByTestId('calendar').getByTestId('train-band-2027.03').first().click();
  await expect(
    app.page.getByRole('dialog', { name: 'Train 2027.03' }).getByRole('heading', { name: 'Highlights' }),
  ).toBeVisible();
  await expect(app.page.getByTestId('release-day-2027.03-2027-02-19')).toBeVisible();
});
