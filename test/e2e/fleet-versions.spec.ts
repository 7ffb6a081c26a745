import type { TrainTracking } from '../../shared/contract';
import type { TrainView } from '../../shared/train';
import { expect, test } from './fixtures';
import { api } from './page-api';

// The on-call engineer asks which build each deployment runs: the fleet table says, and a
// deployment that a regression reached says so until a release with the fix reaches it.

test.use({ now: '2027-02-22T09:00:00Z' });

test('the fleet shows the version each deployment runs, and flags those a regression reached', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
  const table = page.getByTestId('fleet-table');
  await expect(table.getByRole('columnheader', { name: 'Runs' })).toBeVisible();
  // The internal deployment has every train's release first.
  await expect(table.getByTestId('deployment-row-internal-us').locator('.cell-version')).toHaveText(/^\d{4}\.\d{2}/);

  // The train rolling out today halts: the deployments it already reached run a broken build.
  const trains = await api<TrainView[]>(page, 'trains.list', {});
  const rolling = trains.find((t) => t.status === 'rolling_out')!;
  const tracking = await api<TrainTracking>(page, 'trains.halt', {
    trainId: rolling.id,
    reason: 'Checkout fails for saved cards',
    reference: 'INC-51',
  });
  const reached = tracking.halts.at(-1)!.deployments.filter((k) => k !== 'internal-us');
  expect(reached.length).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  await page.getByRole('button', { name: 'Fleet', exact: true }).click();
  // A reached deployment whose latest release is of this train (one in progress runs the last build).
  let key: string | undefined;
  for (const k of reached)
    if (
      (await table.getByTestId(`deployment-row-${k}`).locator('.cell-version').textContent())?.startsWith(
        rolling.version,
      )
    )
      key ??= k;
  expect(key).toBeDefined();
  const row = table.getByTestId(`deployment-row-${key}`);
  const badge = row.locator('.cell-version .badge');
  await expect(badge).toHaveText('Regression');
  await expect(badge).toHaveAttribute(
    'title',
    /Checkout fails for saved cards \(INC-51\)\. No fix is integrated yet\./,
  );
  // The demo's earlier regression was resumed with its fix, and its patch has reached every deployment.
  await expect(table.locator('.cell-version .badge', { hasText: 'Needs fix' })).toHaveCount(0);
  await row.screenshot({ path: test.info().outputPath('fleet-row-regression.png') });
  await page.screenshot({ path: test.info().outputPath('fleet-versions.png') });
});
