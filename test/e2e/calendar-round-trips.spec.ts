import type { Page } from '@playwright/test';
import type { TrainView } from '../../shared/train';
import { apiCallsDuring } from './api-calls';
import { expect, test } from './fixtures';
import { api } from './page-api';

// A train action in the calendar's drawer costs the whole page the change itself and at most one
// read: the change answers the train (or its rollout plan) as it now is, one overview read brings
// every train, the days on screen with their rollout progress, and the open train's history,
// tracking and rollout plan.

const TODAY = '2027-01-11';
test.use({ now: `${TODAY}T09:00:00Z` });

/** The calendar at `day`, with the drawer of train `version` open on its rollout. */
async function openTrain(page: Page, version: string, day: string) {
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  const calendar = page.getByTestId('calendar');
  await page.getByLabel('Go to date').fill(day);
  await calendar.getByTestId(`train-band-${version}`).first().click();
  const drawer = page.getByRole('dialog', { name: `Train ${version}` });
  await expect(drawer.getByTestId('tracking-summary')).toContainText('Planned');
  return { calendar, drawer };
}

test('skipping a train from the calendar drawer takes the page one change and one read', async ({ app }) => {
  const { page } = app;
  await api(page, 'trains.plan', { from: '2027-02-01', count: 4 });
  const { calendar, drawer } = await openTrain(page, '2027.03', '2027-02-10');
  await expect(calendar.getByRole('grid', { name: 'February 2027' })).toBeVisible();
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

  // Undo, from the same drawer: the train is live again, and the history says it was undone.
  await drawer.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Undid: Skipped 2027.03: Company offsite' })).toBeVisible();
  await expect(drawer.getByTestId('tracking-summary')).toContainText('Planned');
  await expect(drawer.getByRole('button', { name: 'Reinstate' })).toHaveCount(0);
  await expect(drawer.locator('.history-event').filter({ hasText: 'undo' }).first()).toBeVisible();
  // Nothing left to undo on it, said where the button is.
  await drawer.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(drawer.getByRole('alert')).toContainText('was already undone');
  await drawer
    .getByRole('group', { name: 'Train actions' })
    .screenshot({ path: test.info().outputPath('train-actions.png') });
});

test("moving a deployment in the drawer's rollout plan takes the page one change and one read", async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
  const trains = await api<TrainView[]>(page, 'trains.list', {});
  // The first train not yet started: its plan's pending deployments can still move.
  const train = trains.find((t) => t.state === 'active' && t.start > TODAY)!;
  const { drawer } = await openTrain(page, train.version, train.start);
  const plan = drawer.getByTestId('rollout-plan');
  // The first deployment that another wave takes (a pairing partner may leave one nowhere to go).
  const form = plan.getByRole('form', { name: /^Move / });
  let allowed: string | undefined;
  for (const button of await plan.getByRole('button', { name: /^Move .+…$/ }).all()) {
    await button.click();
    const waves = await form.getByLabel('Wave').locator('option').allTextContents();
    allowed = waves.find((w) => /^Wave \d+$/.test(w));
    if (allowed) break;
    await form.getByRole('button', { name: 'Cancel' }).click();
    await expect(form).toBeHidden();
  }
  const key = (await form.getAttribute('aria-label'))!.replace('Move ', '');
  const wave = Number(/^Wave (\d+)$/.exec(allowed!)![1]);
  await form.getByLabel('Wave').selectOption(String(wave));
  await form.getByLabel('Reason').fill('Customer freeze until the 20th');
  const progress = plan.getByTestId(`wave-progress-${wave}`).getByRole('progressbar');
  const before = await progress.getAttribute('aria-valuemax');

  const moved = await apiCallsDuring(page, async () => {
    await form.getByRole('button', { name: 'Move deployment' }).click();
    // Settled: the confirmation, the deployment in its new wave, the wave's progress and the history.
    await expect(drawer.getByRole('status').filter({ hasText: `Moved ${key} to wave ${wave}` })).toBeVisible();
    await expect(plan.getByTestId(`rollout-wave-${wave}`).getByTestId(`plan-deployment-${key}`)).toBeVisible();
    await expect(progress).toHaveAttribute('aria-valuemax', String(Number(before) + 1));
    await expect(drawer.getByRole('region', { name: 'History' })).toContainText(`Moved ${key} from wave`);
  });
  expect(moved[0]).toBe('rollout.move');
  expect(moved.length, `calls: ${moved.join(', ')}`).toBeLessThanOrEqual(2);
});
