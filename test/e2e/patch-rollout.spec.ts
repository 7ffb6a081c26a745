import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import type { TrainTracking } from '../../shared/contract';
import type { TrainView } from '../../shared/train';
import { expect, test } from './fixtures';
import { api } from './page-api';

// A regression halts the train rolling out; the release manager resumes it with the fix, and the
// patch that the resume makes takes the fix to every deployment released before the halt: the
// internal deployment first, a short bake (overridden here, with a reason), then the customers.
// The Today board lists the patch's waves, the calendar marks its days, and the fleet table
// shows no deployment left on the broken build.

test.use({ now: '2027-02-22T09:00:00Z' });

const REGRESSION = 'Invoices render without tax lines';
const REFERENCE = 'INC-7310';

/** Where a picture goes: docs/screenshots with UPDATE_SCREENSHOTS=1, else the test's results. */
function shot(name: string): string {
  return process.env.UPDATE_SCREENSHOTS
    ? path.resolve(__dirname, '../../docs/screenshots', name)
    : test.info().outputPath(name);
}

async function expectNoAxeViolations(page: Page, selector: string): Promise<void> {
  const results = await new AxeBuilder({ page }).include(selector).setLegacyMode(true).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** The fleet table's "Runs" cell of each deployment. */
async function runs(page: Page, keys: readonly string[]): Promise<Map<string, string>> {
  await page.getByRole('button', { name: 'Fleet', exact: true }).click();
  const table = page.getByTestId('fleet-table');
  const out = new Map<string, string>();
  for (const key of keys)
    out.set(key, (await table.getByTestId(`deployment-row-${key}`).locator('.cell-version').textContent())!.trim());
  return out;
}

async function patchWave(page: Page, card: Locator, wave: number, version: string, keys: number): Promise<void> {
  const tile = card.locator(`[data-testid$="-wave-${wave}"]`);
  const progress = tile.getByRole('progressbar', { name: `Wave ${wave} of the patch ${version} progress` });
  const start = tile.getByRole('button', { name: /^Start wave/ });
  await start.click();
  // The first customer wave may not start before the patch has baked on the internal deployment.
  const dialog = page.getByRole('dialog', { name: `Override the bake: start wave ${wave} of the patch ${version}` });
  if (await dialog.isVisible().catch(() => false)) {
    await expect(dialog).toContainText(`The patch ${version} is baking on`);
    await dialog.getByLabel('Reason').fill('Customers are losing invoices; the fix is verified');
    await dialog.getByRole('button', { name: 'Override and start' }).click();
    await expect(dialog).toBeHidden();
  }
  await expect(progress).toHaveAttribute('aria-valuetext', new RegExp(`^0 of ${keys} released`));
  await tile.getByRole('button', { name: `Release wave ${wave}`, exact: true }).click();
  await expect(progress).toHaveAttribute('aria-valuetext', new RegExp(`^${keys} of ${keys} released`));
}

test('a halt resumed with a fix: its patch reaches every deployment released before the halt', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
  const trains = await api<TrainView[]>(page, 'trains.list', {});
  const rolling = trains.find((t) => t.status === 'rolling_out')!;
  const before = (await api<{ trains: TrainTracking[] }>(page, 'status.get', { trainId: rolling.id })).trains[0]!;
  const released = before.waves.flatMap((w) => w.steps.filter((s) => s.state === 'released').map((s) => s.key));
  expect(released.length).toBeGreaterThan(1);

  // The release manager records the regression from the train's rollout.
  await page.getByRole('button', { name: 'Rollouts', exact: true }).click();
  await page
    .getByTestId(`rolling-${rolling.version}`)
    .getByRole('button', { name: `Open the rollout of ${rolling.version}` })
    .click();
  const detail = page.getByTestId('rollout-detail');
  await detail.getByRole('button', { name: 'Record regression…' }).click();
  let dialog = page.getByRole('dialog', { name: `Record a regression in ${rolling.version}` });
  await dialog.getByLabel('What is wrong').fill(REGRESSION);
  await dialog.getByLabel('Regression reference').fill(REFERENCE);
  await dialog.getByRole('button', { name: 'Halt the train' }).click();
  await expect(dialog).toBeHidden();
  await expect(detail.getByTestId('halt-banner')).toContainText(REGRESSION);

  // The fleet says those released run a broken build with no fix yet.
  let cells = await runs(page, released);
  for (const key of released) expect(cells.get(key), key).toBe(`${rolling.version}Regression`);

  // The fix is checked by hand (the bake gate waived, with a reason), and the train resumes with it.
  await page.getByRole('button', { name: 'Rollouts', exact: true }).click();
  await expect(detail.getByRole('heading', { name: `Train ${rolling.version}` })).toBeVisible();
  await detail.getByRole('button', { name: 'Waive Internal deployment released and baked…' }).click();
  dialog = page.getByRole('dialog', { name: 'Waive the gate "Internal deployment released and baked"' });
  await dialog.getByLabel('Reason').fill('Fix verified on staging by the on-call engineer');
  await dialog.getByRole('button', { name: 'Waive gate' }).click();
  await expect(dialog).toBeHidden();
  const fix = `${rolling.version}.1`;
  await detail.getByTestId('halt-banner').getByRole('button', { name: 'Resume with fix…' }).click();
  dialog = page.getByRole('dialog', { name: `Resume ${rolling.version} with the fix` });
  await expect(dialog).toContainText('a patch takes the fix to every deployment already released');
  await dialog.getByLabel('Fix version').fill(fix);
  await dialog.getByLabel('Patch bake (hours)').fill('2');
  await dialog.getByRole('button', { name: 'Resume rollout' }).click();
  await expect(dialog).toBeHidden();

  // The patch: every deployment released before the halt, the internal deployment alone first.
  const card = detail.getByTestId(/^rollout-patch-\d+$/);
  await expect(card.getByRole('heading', { name: `Patch ${fix}` })).toBeVisible();
  await expect(card).toContainText(`Replaces ${rolling.version} on ${released.length} deployments`);
  await expect(card).toContainText(`${REGRESSION} (${REFERENCE})`);
  await expect(card).toContainText('bakes there 2 hours before customers');
  const patchKeys = await card
    .locator('[data-testid^="patch-step-"]')
    .evaluateAll((steps) => steps.map((s) => s.getAttribute('data-testid')!.replace('patch-step-', '')));
  expect([...patchKeys].sort()).toEqual([...released].sort());
  await expect(card.locator('[data-testid$="-wave-0"]').locator('[data-testid^="patch-step-"]')).toHaveCount(1);
  await expect(card.getByTestId('patch-step-internal-us')).toBeVisible();
  await expectNoAxeViolations(page, '[data-testid="rollouts"]');
  await card.screenshot({ path: shot('patch-rollout.png') });

  // The Today board lists the patch's first wave as due today.
  await detail.getByRole('button', { name: '← All rollouts' }).click();
  const row = page.getByTestId('today-board').getByTestId(`today-${fix}-wave-0`);
  await expect(row).toContainText(`Patch ${fix} · wave 0`);
  await expect(row).toContainText(`Wave 0 of the patch ${fix} is due today: start 1 deployment (internal-us).`);
  await expect(page.getByTestId(`rolling-patch-${fix}`)).toContainText(`Patch ${fix}0/${released.length}`);
  await page.screenshot({ path: shot('today-with-patch.png') });
  await row.getByRole('button', { name: `Open the rollout of ${rolling.version}` }).click();
  await expect(card.getByRole('heading', { name: `Patch ${fix}` })).toBeVisible();

  // Wave by wave, the patch reaches them all.
  const waves = await card
    .locator('[data-testid*="-wave-"]')
    .evaluateAll((tiles) => tiles.map((t) => Number(/-wave-(\d+)$/.exec(t.getAttribute('data-testid')!)![1])));
  for (const wave of waves) {
    const tile = card.locator(`[data-testid$="-wave-${wave}"]`);
    const count = await tile.locator('[data-testid^="patch-step-"]').count();
    await patchWave(page, card, wave, fix, count);
  }
  await expect(card.getByText('Completed')).toBeVisible();
  await expect(card.getByRole('progressbar', { name: `Patch ${fix} progress`, exact: true })).toHaveAttribute(
    'aria-valuetext',
    new RegExp(`^${released.length} of ${released.length} released`),
  );
  await page.screenshot({ path: test.info().outputPath('patch-completed.png'), fullPage: true });

  // The calendar marks the patch's days on the train's band.
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  const mark = page.getByTestId('calendar').locator(`[data-testid^="patch-day-${fix}-"]`).first();
  await expect(mark).toHaveAttribute(
    'title',
    new RegExp(`^Patch ${fix.replace(/\./g, '\\.')} \\(fixes ${REFERENCE}\\)`),
  );
  await page.screenshot({ path: shot('calendar-patch-days.png') });

  // None is left on the broken build: each runs the fix.
  cells = await runs(page, released);
  for (const key of released) expect(cells.get(key), key).toBe(fix);
  await expect(page.getByTestId('fleet-table').locator('.cell-version .badge')).toHaveCount(0);
  const versions = await api<{ deployments: { key: string; broken: unknown }[] }>(page, 'fleet.versions', {});
  expect(versions.deployments.filter((d) => d.broken)).toEqual([]);
});
