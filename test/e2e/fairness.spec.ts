import type { FairnessReport, RolloutPlanView } from '../../shared/contract';
import type { TrainView } from '../../shared/train';
import { expect, test } from './fixtures';
import { api } from './page-api';

// A lead reviews the rollout order: a train's plan with its explanations, a manual
// move that breaks a rule (refused, with the reason) and one that keeps them
// (saved, audited), then the heatmap and a what-if simulation.
test('rollout plan with explanations, manual moves checked and audited, heatmap and simulator', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');

  // The demo planned the rollouts of its trains: open 2027.05's.
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  await page.getByLabel('Go to date').fill('2027-03-10');
  await page.getByTestId('calendar').getByTestId('train-band-2027.05').first().click();
  const drawer = page.getByRole('dialog', { name: 'Train 2027.05' });
  const plan = drawer.getByTestId('rollout-plan');
  await expect(plan).toBeVisible();
  await expect(plan.getByTestId('plan-deployment-internal-us')).toContainText('receives every release first');
  await expect(plan.getByTestId('plan-deployment-us-gov-1')).toContainText('pinned late');
  await expect(plan).toContainText(/fewest early turns: \d+, fleet mean [\d.]+/);
  // The accounts count every earlier train, not a window of them.
  await expect(plan).toContainText(/exposure [\d.]+ over \d+ trains/);
  await plan
    .getByText(/fewest early turns/)
    .first()
    .scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('rollout-plan-explanations.png') });

  // Moving a pinned-late deployment into wave 1 is refused with the reason, and nothing changes.
  await plan.getByRole('button', { name: 'Move us-gov-1…' }).click();
  let form = drawer.getByRole('form', { name: 'Move us-gov-1' });
  await form.getByLabel('Wave').selectOption({ index: 0 });
  await form.getByLabel('Reason').fill('Customer asked to go first');
  await form.getByRole('button', { name: 'Move deployment' }).click();
  await expect(form.getByRole('alert')).toContainText('us-gov-1 is pinned late');
  await form.getByRole('button', { name: 'Cancel' }).click();

  // A move that keeps every rule is saved, marked and audited: a wave-2 deployment to the last wave, which has
  // room; one with no pairing partner, which the last wave could hold, and not pinned.
  const train = (await api<TrainView[]>(page, 'trains.list', {})).find((t) => t.version === '2027.05')!;
  const stored = await api<RolloutPlanView>(page, 'rollout.get', { trainId: train.id });
  const free = new Set(stored.fleet.filter((d) => d.pairingGroup === null && d.pinPolicy === 'none').map((d) => d.key));
  const key = stored.waves.find((w) => w.index === 2)!.deployments.find((d) => free.has(d.key))!.key;
  await expect(
    plan.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Wave 2 ·/ }) }),
  ).toContainText(key);
  await plan.getByRole('button', { name: `Move ${key}…` }).click();
  form = drawer.getByRole('form', { name: `Move ${key}` });
  await form.getByLabel('Wave').selectOption({ label: 'Wave 4' });
  await form.getByLabel('Reason').fill('Customer launch on Monday');
  await form.getByRole('button', { name: 'Move deployment' }).click();
  // The drawer has a status region of its own (drag announcements): pick the toast by its text.
  await expect(page.getByRole('status').filter({ hasText: `Moved ${key} to wave 4` })).toHaveCount(1);
  await expect(plan.getByTestId(`plan-deployment-${key}`)).toContainText('moved by hand');
  await expect(drawer).toContainText('Customer launch on Monday');
  await drawer.getByRole('button', { name: 'Close' }).click();

  // The heatmap shows who went first in every planned train.
  await page.getByRole('button', { name: 'Fairness', exact: true }).click();
  const heatmap = page.getByTestId('fairness-heatmap');
  await expect(heatmap).toBeVisible();
  await expect(heatmap.getByTestId(`heatmap-row-${key}`)).toBeVisible();
  await expect(heatmap.getByTestId('heatmap-row-us-gov-1').getByLabel(/wave 1$/)).toHaveCount(0);

  // The fleet figures over the last trains, or all time: the rotation's turns never forget.
  const figures = page.getByRole('region', { name: 'Fleet figures' });
  await expect(page.getByLabel('Fleet figures, last trains')).toBeVisible();
  await figures.getByRole('button', { name: /^All time \(\d+\)$/ }).click();
  await expect(figures.getByRole('button', { name: /^All time/ })).toHaveAttribute('aria-pressed', 'true');
  const all = page.getByLabel('Fleet figures, all time');
  await expect(all).toBeVisible();
  const report = await api<FairnessReport>(page, 'fairness.report', {});
  await expect(all.getByText('Trains counted').locator('..')).toContainText(String(report.allTime.trains));
  await expect(all.getByText('First-wave spread').locator('..')).toContainText(String(report.allTime.firstWaveSpread));
  await page.screenshot({ path: test.info().outputPath('fairness-all-time.png') });

  // What-if: 40 deployments over 52 trains keep the first-wave spread at 1 or less.
  await page.getByLabel('Deployments').fill('40');
  await page.getByLabel('Trains').fill('52');
  await page.getByLabel('Seed').fill('7');
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await expect(page.getByTestId('simulation-worst-spread')).toHaveText(/^[01]$/);
  await expect(page.getByTestId('simulation-heatmap')).toBeVisible();
  // The later waves are fair too: over 52 trains every mean position nears the middle.
  const simulated = page.locator('dl[aria-label="Simulated figures"]');
  const furthest = simulated
    .locator('.fairness-figure')
    .filter({ hasText: 'Mean position, furthest from even' })
    .locator('.fairness-figure-value');
  await expect(furthest).toHaveText(/^0\.\d\d$/);
  expect(Math.abs(Number(await furthest.textContent()) - 0.5)).toBeLessThan(0.1);
  await simulated.screenshot({ path: test.info().outputPath('simulated-figures.png') });
});
