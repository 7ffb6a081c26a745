import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { RolloutPlanView } from '../../shared/contract';
import type { TrainView } from '../../shared/train';
import { expect, test } from './fixtures';
import { api } from './page-api';

// A release manager adds a deployment to the fleet: the plans of the trains that have not
// started take it at once and say why they changed; the train already rolling out keeps its
// plan and lists the newcomer, which the manager adds to a wave still to come.

test.use({ now: '2027-02-22T09:00:00Z' });

async function openTrain(page: Page, train: TrainView) {
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  await page.getByLabel('Go to date').fill(train.start);
  await page.getByTestId('calendar').getByTestId(`train-band-${train.version}`).first().click();
  const drawer = page.getByRole('dialog', { name: `Train ${train.version}` });
  await expect(drawer.getByTestId('rollout-plan').getByTestId('rollout-wave-1')).toBeVisible();
  return drawer;
}

test('a new deployment joins the unstarted plans, and is added by hand to the started one', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
  await api(page, 'deployments.create', {
    key: 'eu-south-1',
    name: 'EU South 1 (Milan)',
    region: 'eu-south',
    timeZone: 'Europe/Rome',
  });
  const trains = await api<TrainView[]>(page, 'trains.list', {});
  const plans = await Promise.all(
    trains.map((t) => api<RolloutPlanView | null>(page, 'rollout.get', { trainId: t.id })),
  );
  const unstarted = trains.find((_, i) => plans[i] && !plans[i].started)!;
  // Started, and nothing released yet: every wave is still to come.
  const started = trains.find((_, i) => plans[i]?.started && plans[i].unplanned.length > 0)!;

  let drawer = await openTrain(page, unstarted);
  const plan = drawer.getByTestId('rollout-plan');
  await expect(plan.getByTestId('plan-deployment-eu-south-1')).toBeVisible();
  await expect(plan.getByTestId('rollout-plan-change')).toContainText(
    `Re-planned the rollout of ${unstarted.version}: eu-south-1 was added to the fleet`,
  );
  await expect(plan.getByTestId('rollout-unplanned')).toHaveCount(0);
  await plan.getByTestId('rollout-plan-change').screenshot({ path: test.info().outputPath('unstarted-plan.png') });
  await page.keyboard.press('Escape');

  drawer = await openTrain(page, started);
  const kept = drawer.getByTestId('rollout-plan');
  const unplanned = kept.getByTestId('rollout-unplanned');
  await expect(unplanned).toContainText('eu-south-1');
  await expect(unplanned).toContainText('Added to the fleet after the train started');
  await unplanned.getByRole('button', { name: 'Add eu-south-1 to a wave…' }).click();
  const form = unplanned.getByRole('form', { name: 'Add eu-south-1' });
  await form.getByRole('button', { name: 'Add to the wave' }).click();
  await expect(form.getByText('Give a reason for the move.')).toBeVisible();
  await form.getByLabel('Reason').fill('Onboarded this week; the customer wants this release');
  await unplanned.screenshot({ path: test.info().outputPath('unplanned-form.png') });
  // Readable in the dark too: the OS theme is followed, and axe measures the contrast.
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await new AxeBuilder({ page })
    .include('[data-testid="rollout-unplanned"]')
    .setLegacyMode(true)
    .analyze();
  expect(dark.violations.map((v) => v.id)).toEqual([]);
  expect(dark.passes.map((p) => p.id)).toContain('color-contrast');
  await unplanned.screenshot({ path: test.info().outputPath('unplanned-form-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await form.getByRole('button', { name: 'Add to the wave' }).click();
  await expect(drawer.getByRole('status').filter({ hasText: 'Added eu-south-1 to wave' })).toBeVisible();
  await expect(kept.getByTestId('rollout-unplanned')).toHaveCount(0);
  const chip = kept.getByTestId('plan-deployment-eu-south-1');
  await expect(chip).toContainText('added by hand');
  await expect(chip).toContainText('Onboarded this week');
  await expect(kept.getByTestId('rollout-plan-change')).toContainText(`Added eu-south-1 to wave`);
  await chip.screenshot({ path: test.info().outputPath('started-plan-added.png') });
});
