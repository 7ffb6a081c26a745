import type { Locator, Page } from '@playwright/test';
import type { DeploymentList } from '../../shared/contract';
import { expect, test } from './fixtures';
import { api } from './page-api';

// A lead drags deployments between the waves of a train's rollout plan: while a chip is
// dragged every wave says whether it may go there and why not; a drop asks for the reason
// and saves an audited move; a drop on a wave that breaks a rule is refused without asking
// the server; the keyboard does the same with space and the arrow keys.

async function openTrainPlan(page: Page, version: string, day: string) {
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  await page.getByLabel('Go to date').fill(day);
  await page.getByTestId('calendar').getByTestId(`train-band-${version}`).first().click();
  const drawer = page.getByRole('dialog', { name: `Train ${version}` });
  const plan = drawer.getByTestId('rollout-plan');
  await expect(plan.getByTestId('rollout-wave-1')).toBeVisible();
  return { drawer, plan, scroller: drawer.locator('.drawer-body') };
}

async function loadDemo(page: Page) {
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
}

/** The demo loaded and its train 2027.05 open in the drawer, with the number of its last wave. */
async function openDemoPlan(page: Page) {
  await loadDemo(page);
  const opened = await openTrainPlan(page, '2027.05', '2027-03-10');
  return { ...opened, last: await lastWave(opened.plan) };
}

/** The keys of a wave's deployments, in order. */
async function keysIn(plan: Locator, wave: number): Promise<string[]> {
  const ids = await plan
    .getByTestId(`rollout-wave-${wave}`)
    .locator('[data-testid^="plan-deployment-"]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!));
  return ids.map((id) => id.replace('plan-deployment-', ''));
}

async function lastWave(plan: Locator): Promise<number> {
  return (await plan.locator('[data-testid^="rollout-wave-"]').count()) - 1;
}

/**
 * A deployment the last wave takes (no pairing partner there, not pinned late), from the latest
 * wave before it that has one, with that wave.
 */
async function movableToLast(page: Page, plan: Locator, last: number): Promise<{ key: string; from: number }> {
  const fleet = await api<DeploymentList>(page, 'deployments.list', {});
  const byKey = new Map(fleet.deployments.map((d) => [d.key, d]));
  const groupsInLast = new Set((await keysIn(plan, last)).map((k) => byKey.get(k)?.pairingGroup));
  for (let from = last - 1; from >= 1; from--) {
    const key = (await keysIn(plan, from)).find((k) => {
      const d = byKey.get(k)!;
      return d.pinPolicy === 'none' && (d.pairingGroup === null || !groupsInLast.has(d.pairingGroup));
    });
    if (key) return { key, from };
  }
  throw new Error('No deployment of the plan can move to the last wave.');
}

/** The part of `box` inside `view`, or null when none of it is. */
function visiblePart(box: { y: number; height: number }, view: { y: number; height: number }) {
  const top = Math.max(box.y, view.y);
  const bottom = Math.min(box.y + box.height, view.y + view.height);
  return bottom - top > 0 ? { top, bottom } : null;
}

/**
 * Picks `chip` up with the mouse and carries it over `target`, turning the wheel while it
 * drags when the target wave is out of sight, as a person would. The button stays down.
 */
async function dragOver(page: Page, chip: Locator, target: Locator, scroller: Locator) {
  await chip.scrollIntoViewIfNeeded();
  const start = (await chip.boundingBox())!;
  const x = start.x + start.width / 2;
  await page.mouse.move(x, start.y + 12);
  await page.mouse.down();
  await page.mouse.move(x, start.y + 30, { steps: 5 });
  const view = (await scroller.boundingBox())!;
  // The middle of the drawer, away from the edges where dnd-kit scrolls by itself.
  const calm = { y: view.y + view.height * 0.25, height: view.height * 0.5 };
  const box = async () => (await target.boundingBox())!;
  if (!visiblePart(await box(), calm)) {
    await page.mouse.move(x, calm.y + calm.height / 2, { steps: 5 });
    await page.mouse.wheel(0, (await box()).y - (calm.y + calm.height / 2) + 20);
    await expect
      .poll(async () => visiblePart(await box(), calm) !== null, { message: 'the drawer scrolls' })
      .toBe(true);
  }
  const part = visiblePart(await box(), calm)!;
  await page.mouse.move(x, (part.top + part.bottom) / 2, { steps: 10 });
}

/** Counts the calls of one API method the page makes from now on. */
function countCalls(page: Page, method: string): () => number {
  let n = 0;
  page.on('request', (r) => {
    if (r.url().endsWith(`/api/${method}`)) n++;
  });
  return () => n;
}

test('drag a deployment to a wave that takes it: the reason is asked, the move saved and audited', async ({ app }) => {
  const { page } = app;
  const { drawer, plan, scroller, last } = await openDemoPlan(page);
  const { key, from } = await movableToLast(page, plan, last);

  await dragOver(page, plan.getByTestId(`plan-deployment-${key}`), plan.getByTestId(`rollout-wave-${last}`), scroller);
  // While it is dragged every customer wave says whether it may go there.
  await expect(plan.getByTestId(`rollout-wave-${last}`)).toHaveAttribute('data-drop', 'allowed');
  await expect(plan.getByTestId(`rollout-wave-${from}`)).toHaveAttribute('data-drop', 'current');
  await expect(plan.getByTestId('rollout-wave-1')).toHaveAttribute('data-drop', 'refused');
  await expect(plan.getByTestId('rollout-wave-1')).toHaveAttribute('title', /^Refused: .+\.$/);
  await page.mouse.up();

  // The drop asks for the reason; it is required.
  const dialog = page.getByRole('dialog', { name: `Move ${key} from wave ${from} to wave ${last}` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Move deployment' }).click();
  await expect(dialog.getByText('Give a reason for the move.')).toBeVisible();
  await dialog.getByLabel('Reason').fill('Customer freeze until the 20th');
  await dialog.getByRole('button', { name: 'Move deployment' }).click();
  await expect(dialog).toBeHidden();
  // The toast renders inside the open drawer: outside it the modal drawer would hide it and make it inert.
  await expect(drawer.getByRole('status').filter({ hasText: `Moved ${key} to wave ${last}` })).toBeVisible();
  await expect(plan.getByTestId(`rollout-wave-${last}`).getByTestId(`plan-deployment-${key}`)).toContainText(
    'moved by hand',
  );
  await expect(drawer.getByRole('region', { name: 'History' })).toContainText(
    `Moved ${key} from wave ${from} to wave ${last} of 2027.05: Customer freeze until the 20th`,
  );

  // It is stored: after a restart the deployment is in its new wave, with the move in the history.
  await app.restart();
  const after = await openTrainPlan(app.page, '2027.05', '2027-03-10');
  await expect(after.plan.getByTestId(`rollout-wave-${last}`).getByTestId(`plan-deployment-${key}`)).toContainText(
    `moved by hand from wave ${from}: Customer freeze until the 20th`,
  );
  await expect(after.plan.getByTestId(`rollout-wave-${from}`).getByTestId(`plan-deployment-${key}`)).toHaveCount(0);
  await expect(after.drawer.getByRole('region', { name: 'History' })).toContainText(`Moved ${key} from wave ${from}`);
});

test('drag a pinned-late deployment to wave 1: refused with the reason, the server never asked, nothing changed', async ({
  app,
}) => {
  const { page } = app;
  const { drawer, plan, scroller, last } = await openDemoPlan(page);
  const before = await keysIn(plan, last);
  expect(before).toContain('us-gov-1');
  const moves = countCalls(page, 'rollout.move');

  const wave1 = plan.getByTestId('rollout-wave-1');
  await dragOver(page, plan.getByTestId('plan-deployment-us-gov-1'), wave1, scroller);
  await expect(wave1).toHaveAttribute('data-drop', 'refused');
  await expect(wave1).toHaveAttribute(
    'title',
    `Refused: us-gov-1 is pinned late: only the last wave (wave ${last}) may hold it.`,
  );
  await expect(wave1.getByText('us-gov-1 is pinned late')).toBeVisible();
  await page.mouse.up();

  const dialog = page.getByRole('alertdialog', { name: `Move us-gov-1 from wave ${last} to wave 1` });
  await expect(dialog.getByRole('alert')).toHaveText(
    `Moving us-gov-1 to wave 1 is refused: us-gov-1 is pinned late: only the last wave (wave ${last}) may hold it.`,
  );
  await expect(dialog.getByLabel('Reason')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(drawer).toBeVisible();

  expect(moves()).toBe(0);
  expect(await keysIn(plan, last)).toEqual(before);
  await expect(drawer.getByRole('region', { name: 'History' })).not.toContainText('Moved us-gov-1');
  await page.reload();
  const again = await openTrainPlan(page, '2027.05', '2027-03-10');
  expect(await keysIn(again.plan, last)).toEqual(before);
});

test('escape cancels a drag and leaves the drawer open; a refusal from the server stays in the dialog', async ({
  app,
}) => {
  const { page } = app;
  const { drawer, plan, scroller, last } = await openDemoPlan(page);
  const { key, from } = await movableToLast(page, plan, last);
  const target = plan.getByTestId(`rollout-wave-${last}`);

  // Escape while dragging: the drag ends, nothing is asked, the drawer stays.
  await dragOver(page, plan.getByTestId(`plan-deployment-${key}`), target, scroller);
  await expect(target).toHaveAttribute('data-drop', 'allowed');
  await page.keyboard.press('Escape');
  await expect(target).not.toHaveAttribute('data-drop');
  await page.mouse.up();
  await expect(drawer).toBeVisible();
  await expect(page.getByRole('dialog', { name: /^Move / })).toHaveCount(0);
  expect(await keysIn(plan, from)).toContain(key);

  // Escape in the dialog after a drop closes the dialog only, not the drawer under it, and moves nothing.
  const moves = countCalls(page, 'rollout.move');
  await dragOver(page, plan.getByTestId(`plan-deployment-${key}`), target, scroller);
  await page.mouse.up();
  const asked = page.getByRole('dialog', { name: `Move ${key} from wave ${from} to wave ${last}` });
  await expect(asked.getByLabel('Reason')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(asked).toHaveCount(0);
  await expect(drawer).toBeVisible();
  expect(moves()).toBe(0);
  expect(await keysIn(plan, from)).toContain(key);

  // Behind the open drawer the deployment joins the pairing group of one already in the last wave,
  // which re-plans the train: the drawer's plan is stale, so the drop is offered, and the server
  // refuses a move made from a plan that changed since, naming the change. The page reads it again.
  const fleet = await api<DeploymentList>(page, 'deployments.list', {});
  const inLast = await keysIn(plan, last);
  const group = fleet.deployments.find((d) => inLast.includes(d.key) && d.pairingGroup !== null)?.pairingGroup;
  expect(group, 'a paired deployment in the last wave').toBeTruthy();
  await api(page, 'deployments.update', { key, changes: { pairingGroup: group } });

  await dragOver(page, plan.getByTestId(`plan-deployment-${key}`), target, scroller);
  await expect(target).toHaveAttribute('data-drop', 'allowed');
  await page.mouse.up();
  const dialog = page.getByRole('dialog', { name: `Move ${key} from wave ${from} to wave ${last}` });
  await dialog.getByLabel('Reason').fill('Customer asked for a later day');
  await dialog.getByRole('button', { name: 'Move deployment' }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('The rollout plan of 2027.05 was changed by');
  await expect(alert).toContainText(`the pairing group of ${key} changed`);
  await expect(alert).toContainText('reload to see it, then move the deployment again.');
  await expect(dialog.getByLabel('Reason')).toHaveValue('Customer asked for a later day');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(plan.getByTestId('rollout-plan-change')).toContainText(`the pairing group of ${key} changed`);
});

test('keyboard: space picks a deployment up, arrows choose the wave, space drops it', async ({ app }) => {
  const { page } = app;
  const { drawer, plan, last } = await openDemoPlan(page);
  const { key, from } = await movableToLast(page, plan, last);

  const handle = plan.getByRole('button', { name: `Drag ${key} to another wave` });
  await handle.focus();
  await page.keyboard.press('Space');
  await expect(plan.getByTestId(`rollout-wave-${from}`)).toHaveAttribute('data-drop', 'current');
  // Escape puts it back and keeps the drawer open.
  await page.keyboard.press('Escape');
  await expect(plan.getByTestId(`rollout-wave-${last}`)).not.toHaveAttribute('data-drop');
  await expect(drawer).toBeVisible();

  await handle.focus();
  await page.keyboard.press('Space');
  // The arrow moves a drag that has begun; pressed before the page shows it, it would be lost.
  await expect(plan.getByTestId(`rollout-wave-${from}`)).toHaveAttribute('data-drop', 'current');
  // One wave per press, each seen before the next: a press while the drag still moves is lost.
  for (let w = from + 1; w <= last; w++) {
    await page.keyboard.press('ArrowDown');
    await expect(plan.getByTestId(`rollout-wave-${w}`)).toHaveClass(/rollout-wave-over/);
  }
  await expect(drawer.getByText(`${key} can move to wave ${last}.`)).toBeAttached();
  await page.keyboard.press('Space');
  const dialog = page.getByRole('dialog', { name: `Move ${key} from wave ${from} to wave ${last}` });
  await expect(dialog.getByLabel('Reason')).toBeFocused();
  await page.keyboard.type('Maintenance window on the customer side');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(plan.getByTestId(`rollout-wave-${last}`).getByTestId(`plan-deployment-${key}`)).toContainText(
    'Maintenance window on the customer side',
  );
});
