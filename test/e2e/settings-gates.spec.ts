import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import type { GateView } from '../../shared/contract';
import type { TrainView } from '../../shared/train';
import { expect, test } from './fixtures';
import { api } from './page-api';

// A release manager adds a "Security review" gate to the default list in Settings. It is
// saved (one audited call), still there after a reload, and a train whose rollout is
// planned afterwards gets it; the demo's trains, planned before, keep the gates they had.

/** Monday: the demo is loaded here; its calendar is laid around this day. */
test.use({ now: '2027-02-22T09:00:00Z' });

async function openGatesCard(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const card = page.locator('#settings-gates');
  await expect(card.getByRole('heading', { name: 'Validation gates' })).toBeVisible();
  await expect(card.getByLabel('Gate 1 name')).toBeVisible();
  return card;
}

/** The names in the card, in order. */
async function namesIn(card: Locator): Promise<string[]> {
  return card
    .locator('tbody tr input[aria-label$=" name"]')
    .evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
}

test('a gate added to the defaults is saved, survives a reload, and goes to rollouts planned afterwards', async ({
  app,
}) => {
  const page = app.page;
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
  const trains = await api<TrainView[]>(page, 'trains.list', {});
  const planned = trains.find((t) => t.version === '2027.04')!;
  const before = await api<GateView[]>(page, 'gates.list', { trainId: planned.id });
  expect(before.map((g) => g.key)).toEqual(['unit-tests', 'integration-tests', 'acceptance-suite', 'internal-bake']);

  let card = await openGatesCard(page);
  expect(await namesIn(card)).toEqual([
    'Unit tests',
    'Integration tests',
    'Acceptance suite',
    'Internal deployment released and baked',
  ]);
  await expect(card).toContainText('Applies to trains whose rollout is planned from now on.');

  // Add "Security review"; its key follows the name. Focus lands on the new row's name.
  await card.getByRole('button', { name: 'Add gate' }).click();
  await expect(card.getByLabel('Gate 5 name')).toBeFocused();
  await page.keyboard.type('Security review');
  await expect(card.getByLabel('Gate 5 key')).toHaveValue('security-review');
  // Move it above the internal bake, make it optional, and let the internal deployment bake 36 hours.
  await card.getByRole('button', { name: 'Move Security review up' }).click();
  await card.getByLabel('Security review is required').uncheck();
  const bake = card.getByLabel('Gate 5: hours the internal deployment bakes');
  await bake.fill('0');
  // A click on Save right after typing: the field's message waits for the release, so the
  // button under it does not move mid-click and the click is not lost.
  await card.getByRole('button', { name: 'Save gates' }).click();
  // Refused in the card, beside the field, before anything is sent.
  await expect(card.getByText('The internal deployment bakes for at least 1 hour.')).toBeVisible();
  await expect(bake).toBeFocused();
  await expect(bake).toHaveAttribute('aria-invalid', 'true');
  expect((await api<{ gates: unknown[] }>(page, 'gates.defaults.get', {})).gates).toHaveLength(4);
  await bake.fill('36');
  await expect(card.getByText('The internal deployment bakes for at least 1 hour.')).toBeHidden();
  await expect(card.getByTestId('gates-summary')).toHaveText('5 gates, 4 required.');
  await expect(card.getByText('Unsaved changes')).toBeVisible();
  await card.getByRole('button', { name: 'Save gates' }).click();
  await expect(page.getByRole('status')).toContainText('Saved the default validation gates');
  await expect(card.getByText('Unsaved changes')).toBeHidden();

  // After a reload the list is the one saved.
  await page.reload();
  card = await openGatesCard(page);
  expect(await namesIn(card)).toEqual([
    'Unit tests',
    'Integration tests',
    'Acceptance suite',
    'Security review',
    'Internal deployment released and baked',
  ]);
  const row = card.getByTestId('gate-default-4');
  await expect(row.locator('code')).toHaveText('security-review');
  await expect(card.getByLabel('Security review is required')).not.toBeChecked();
  await expect(card.getByLabel('Gate 5: hours the internal deployment bakes')).toHaveValue('36');
  await expect(card.getByRole('button', { name: 'Save gates' })).toBeEnabled();
  const results = await new AxeBuilder({ page }).include('#settings-gates').setLegacyMode(true).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({
    path: process.env.UPDATE_SCREENSHOTS
      ? path.resolve(__dirname, '../../docs/screenshots/settings-gates.png')
      : test.info().outputPath('settings-gates.png'),
    animations: 'disabled',
  });

  // A train planned before keeps its gates.
  expect((await api<GateView[]>(page, 'gates.list', { trainId: planned.id })).map((g) => g.key)).toEqual(
    before.map((g) => g.key),
  );

  // A new train, and its rollout planned now: it gets the new list, in order, with the new bake.
  const last = trains.reduce((a, b) => (a.start > b.start ? a : b));
  const from = new Date(Date.parse(`${last.start}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const [fresh] = await api<TrainView[]>(page, 'trains.plan', { from, count: 1 });
  expect(fresh).toBeDefined();
  expect(await api<GateView[]>(page, 'gates.list', { trainId: fresh!.id })).toEqual([]);
  await api(page, 'rollout.plan', { trainId: fresh!.id });
  const gates = await api<GateView[]>(page, 'gates.list', { trainId: fresh!.id });
  expect(gates.map((g) => [g.key, g.name, g.required, g.bakeHours, g.state])).toEqual([
    ['unit-tests', 'Unit tests', true, null, 'pending'],
    ['integration-tests', 'Integration tests', true, null, 'pending'],
    ['acceptance-suite', 'Acceptance suite', true, null, 'pending'],
    ['security-review', 'Security review', false, null, 'pending'],
    ['internal-bake', 'Internal deployment released and baked', true, 36, 'pending'],
  ]);
});
