import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

// A release manager drives one train of the demo calendar from its gates to its last
// wave: the internal deployment first, a bake that takes real hours (the app's clock is
// fixed and moved on by restarting it, see electron/backend/clock.ts), a regression that
// halts the train, the fix baked on the internal deployment, the resume, and every wave
// after it. The audit trail then tells it in order, and the fairness report counts the
// regression against the deployments it reached.

/** Monday: the demo is loaded here; its calendar is laid around this day. */
const LOADED = '2027-02-22T09:00:00Z';
/** A week later: 2027.04's internal deployment is due (wave 0, the first day of internal validation). */
const VALIDATION = '2027-03-01T09:00:00Z';
/** 25 hours after the internal release: it has baked its 24 hours. */
const BAKED = '2027-03-02T10:00:00Z';
/** An hour after wave 1 was released: the regression is found. */
const FOUND = '2027-03-02T11:00:00Z';
/** 25 hours after the fix reached the internal deployment. */
const FIX_BAKED = '2027-03-03T12:00:00Z';

const TRAIN = '2027.04';
const REGRESSION = 'Sign-in loops for SSO users after the session cache change';
const REFERENCE = 'INC-4242';

test.use({ now: LOADED });

/**
 * A picture of the page from its top (or of one element), without the last confirmation over it;
 * `height` makes the window taller for it. With UPDATE_SCREENSHOTS=1 it replaces the one in
 * docs/screenshots, else it goes with the test's results.
 */
async function screenshot(page: Page, name: string, options: { of?: Locator; height?: number } = {}): Promise<void> {
  const file = process.env.UPDATE_SCREENSHOTS
    ? path.resolve(__dirname, '../../docs/screenshots', name)
    : test.info().outputPath(name);
  const viewport = page.viewportSize()!;
  if (options.height) await page.setViewportSize({ width: viewport.width, height: options.height });
  if (!options.of) await page.locator('.app-main').evaluate((main) => main.scrollTo(0, 0));
  // Hidden through the element's style: the app's CSP refuses the <style> that the `style` option would add.
  const hideToasts = (display: string) =>
    page.locator('.toasts').evaluateAll((toasts, d) => {
      for (const t of toasts) (t as unknown as { style: { display: string } }).style.display = d;
    }, display);
  await hideToasts('none');
  await (options.of ?? page).screenshot({ path: file, animations: 'disabled' });
  await hideToasts('');
  if (options.height) await page.setViewportSize(viewport);
}

async function expectNoAxeViolations(page: Page, selector: string): Promise<void> {
  // Legacy mode runs axe in the page itself: the default opens a blank page to merge results, which an
  // Electron window cannot (the electron project runs this spec too). The app has no iframes to miss.
  const results = await new AxeBuilder({ page }).include(selector).setLegacyMode(true).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function loadDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
}

/** The fairness table's Regr. column: deployment key → count ('–' for those not eligible early). */
async function regressionCounts(page: Page): Promise<Map<string, string>> {
  await page.getByRole('button', { name: 'Fairness', exact: true }).click();
  const rows = page.getByTestId('fairness-heatmap').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const counts = new Map<string, string>();
  for (const row of await rows.all()) {
    const key = (await row.getAttribute('data-testid'))!.replace('heatmap-row-', '');
    counts.set(key, (await row.locator('td.heatmap-extra').last().textContent())!.trim());
  }
  return counts;
}

/** Opens the train's rollout from the Rollouts view (after a restart the app starts on the fleet). */
async function openRollout(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Rollouts', exact: true }).click();
  await page
    .getByTestId(`rolling-${TRAIN}`)
    .getByRole('button', { name: `Open the rollout of ${TRAIN}` })
    .click();
  const detail = page.getByTestId('rollout-detail');
  await expect(detail.getByRole('heading', { name: `Train ${TRAIN}` })).toBeVisible();
  return detail;
}

async function passGate(page: Page, detail: Locator, name: string, evidence?: string): Promise<void> {
  await detail.getByRole('button', { name: `Pass ${name}…` }).click();
  const dialog = page.getByRole('dialog', { name: `Pass the gate "${name}"` });
  if (evidence) await dialog.getByLabel('Evidence link').fill(evidence);
  await dialog.getByRole('button', { name: 'Pass gate' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `Passed the gate "${name}" of ${TRAIN}` })).toHaveCount(1);
}

/** Clicks a wave-wide button and waits for the wave's progress to say it happened. */
async function waveAction(detail: Locator, wave: number, button: string, after: RegExp): Promise<void> {
  const card = detail.getByTestId(`wave-${wave}`);
  await card.getByRole('button', { name: button, exact: true }).click();
  await expect(card.getByRole('progressbar', { name: `Wave ${wave} progress` })).toHaveAttribute(
    'aria-valuetext',
    after,
  );
}

/** Starts a wave whose predecessor still bakes: the app asks for the reason of the override. */
async function overrideBakeAndStart(page: Page, detail: Locator, wave: number, reason: string): Promise<void> {
  await detail
    .getByTestId(`wave-${wave}`)
    .getByRole('button', { name: `Start wave ${wave}…` })
    .click();
  const dialog = page.getByRole('dialog', { name: `Override the bake: start wave ${wave} of ${TRAIN}` });
  await expect(dialog).toContainText(`Wave ${wave - 1} of ${TRAIN} is baking until`);
  await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByRole('button', { name: 'Override and start' }).click();
  await expect(dialog).toBeHidden();
  await expect(detail.getByTestId(`wave-${wave}`).getByText('In progress').first()).toBeVisible();
}

test('a train from its gates to its last wave, through a regression, its fix and the resume', async ({ app }) => {
  // Three restarts and some eighty actions: minutes on a busy two-core machine.
  test.setTimeout(420_000);
  let page = app.page;
  await loadDemo(page);
  const before = await regressionCounts(page);

  // A week on, the Today board says 2027.04's internal deployment is due.
  await app.restart({ now: VALIDATION });
  page = app.page;
  await page.getByRole('button', { name: 'Rollouts', exact: true }).click();
  const board = page.getByTestId('today-board');
  const due = board.getByTestId(`today-${TRAIN}-wave-0`);
  await expect(due).toContainText('Due today');
  await expect(due).toContainText('Wave 0 is due today: start 1 deployment (internal-us).');
  await expectNoAxeViolations(page, '[data-testid="rollouts"]');
  await screenshot(page, 'today-board.png');
  await due.getByRole('button', { name: `Open the rollout of ${TRAIN}` }).click();
  let detail = page.getByTestId('rollout-detail');
  await expect(detail.getByRole('heading', { name: `Train ${TRAIN}` })).toBeVisible();

  // The checks pass (one with its evidence); the internal deployment takes the release.
  await passGate(page, detail, 'Unit tests', 'https://ci.example.com/runs/2027.04/unit');
  await expect(detail.getByTestId('gate-unit-tests').getByRole('link', { name: /Evidence/ })).toHaveAttribute(
    'href',
    'https://ci.example.com/runs/2027.04/unit',
  );
  await passGate(page, detail, 'Integration tests');
  await passGate(page, detail, 'Acceptance suite');
  await waveAction(detail, 0, 'Start wave 0', /^0 of 1 released/);
  await expect(detail.getByTestId('step-internal-us')).toContainText('In progress');
  await waveAction(detail, 0, 'Release wave 0', /^1 of 1 released/);

  // It has not baked yet: the gate refuses, and a customer wave may not start before it passes.
  await detail.getByRole('button', { name: 'Pass Internal deployment released and baked…' }).click();
  let dialog = page.getByRole('dialog', { name: 'Pass the gate "Internal deployment released and baked"' });
  await dialog.getByRole('button', { name: 'Pass gate' }).click();
  await expect(dialog.getByRole('alert')).toContainText('internal-us has baked for 0 of 24 hours');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await detail.getByTestId('wave-1').getByRole('button', { name: 'Start wave 1' }).click();
  await expect(detail.getByTestId('wave-1').getByRole('alert')).toContainText(
    `Wave 1 of ${TRAIN} cannot start before the validation gates pass: Internal deployment released and baked is still open`,
  );

  // A day later the bake is over: the gate passes and wave 1 rolls out.
  await app.restart({ now: BAKED });
  page = app.page;
  detail = await openRollout(page);
  await passGate(page, detail, 'Internal deployment released and baked');
  await expect(detail.getByTestId('rollout-gates')).toContainText('Customer waves may start');
  const wave1 = await detail
    .getByTestId('wave-1')
    .locator('[data-testid^="step-"]')
    .evaluateAll((steps) => steps.map((s) => s.getAttribute('data-testid')!.replace('step-', '')));
  expect(wave1.length).toBeGreaterThan(0);
  await waveAction(detail, 1, 'Start wave 1', new RegExp(`^0 of ${wave1.length} released`));
  await waveAction(detail, 1, 'Release wave 1', new RegExp(`^${wave1.length} of ${wave1.length} released`));
  // Wave 2 waits for wave 1 to bake a day.
  await expect(detail.getByTestId('wave-2')).toContainText('Baking until');
  await expectNoAxeViolations(page, '[data-testid="rollouts"]');
  await screenshot(page, 'train-rollout-mid.png', { height: 1100 });

  // An hour later a regression: the train halts; the deployments that have the release are the ones it reached.
  await app.restart({ now: FOUND });
  page = app.page;
  detail = await openRollout(page);
  await detail.getByRole('button', { name: 'Record regression…' }).click();
  dialog = page.getByRole('dialog', { name: `Record a regression in ${TRAIN}` });
  await expect(dialog.getByRole('checkbox', { checked: true })).toHaveCount(1 + wave1.length);
  await dialog.getByLabel('What is wrong').fill(REGRESSION);
  await dialog.getByLabel('Regression reference').fill(REFERENCE);
  await dialog.getByLabel('Severity').selectOption('critical');
  await dialog.getByRole('button', { name: 'Halt the train' }).click();
  await expect(dialog).toBeHidden();
  const banner = detail.getByTestId('halt-banner');
  await expect(banner).toContainText(`Halted in wave 1: ${REGRESSION}`);
  await expect(banner).toContainText(REFERENCE);
  await expect(banner).toContainText('Critical');
  await expect(banner).toContainText(`Reached ${1 + wave1.length} deployments`);
  await expect(detail.getByTestId('rollout-status')).toContainText(`${TRAIN} is halted in wave 1`);
  for (const key of wave1) await expect(detail.getByTestId(`step-${key}`)).toContainText(`Regression ${REFERENCE}`);

  // While halted no customer step may start, and the refusal says why.
  await detail.getByTestId('wave-2').getByRole('button', { name: 'Start wave 2' }).click();
  await expect(detail.getByTestId('wave-2').getByRole('alert')).toHaveText(
    `Train ${TRAIN} is halted: ${REGRESSION} (${REFERENCE}); resume it with the fix first.`,
  );
  await expectNoAxeViolations(page, '[data-testid="rollouts"]');
  await screenshot(page, 'train-halted.png', { height: 1100 });

  // Resuming needs a fresh pass of the internal bake, by policy: refused now, in the dialog.
  await banner.getByRole('button', { name: 'Resume with fix…' }).click();
  dialog = page.getByRole('dialog', { name: `Resume ${TRAIN} with the fix` });
  await dialog.getByLabel('Fix version').fill('2027.04.1');
  await dialog.getByRole('button', { name: 'Resume rollout' }).click();
  await expect(dialog.getByRole('alert')).toContainText(
    `Train ${TRAIN} cannot resume yet: by policy the gate "Internal deployment released and baked" must pass again after the halt`,
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(detail.getByTestId('rollout-gates').getByTestId('gate-internal-bake')).toContainText('Pending');

  // The fix goes to the internal deployment (which may move while the train is halted) and bakes.
  const internal = detail.getByTestId('step-internal-us');
  await internal.getByRole('button', { name: 'Roll back internal-us…' }).click();
  dialog = page.getByRole('dialog', { name: `Roll back internal-us of ${TRAIN}` });
  await dialog.getByLabel('Reason').fill(`Taking the fix for ${REFERENCE}`);
  await dialog.getByRole('button', { name: 'Roll back' }).click();
  await expect(internal).toContainText('Rolled back');
  await internal.getByRole('button', { name: 'Start again internal-us' }).click();
  await expect(internal).toContainText('In progress');
  await internal.getByRole('button', { name: 'Release internal-us' }).click();
  await expect(internal).toContainText('Released');

  await app.restart({ now: FIX_BAKED });
  page = app.page;
  detail = await openRollout(page);
  await passGate(page, detail, 'Internal deployment released and baked');
  await detail.getByTestId('halt-banner').getByRole('button', { name: 'Resume with fix…' }).click();
  dialog = page.getByRole('dialog', { name: `Resume ${TRAIN} with the fix` });
  await dialog.getByLabel('Fix version').fill('2027.04.1');
  await dialog.getByRole('button', { name: 'Resume rollout' }).click();
  await expect(dialog).toBeHidden();
  await expect(detail.getByTestId('halt-banner')).toBeHidden();
  await expect(detail.getByTestId('rollout-halts')).toContainText('2027.04.1');

  // The rollout continues from where it stopped; later waves override their bake with a reason.
  await waveAction(detail, 2, 'Start wave 2', /^0 of \d+ released/);
  await waveAction(detail, 2, 'Release wave 2', /^(\d+) of \1 released/);
  await overrideBakeAndStart(page, detail, 3, 'Fix verified on wave 2 for a day; no need to wait');
  await waveAction(detail, 3, 'Release wave 3', /^(\d+) of \1 released/);
  await overrideBakeAndStart(page, detail, 4, 'Closing the rollout before the weekend');
  await waveAction(detail, 4, 'Release wave 4', /^(\d+) of \1 released/);
  await expect(detail.getByRole('heading', { name: `Train ${TRAIN}` })).toContainText('Completed');
  await expect(detail.getByTestId('rollout-progress')).toHaveAttribute('aria-valuetext', '40 of 40 released');

  // The audit trail tells every step, in order.
  const trail = detail.getByTestId('rollout-audit').getByTestId('audit-trail');
  const summaries = (await trail.locator('.audit-summary').allTextContents()).reverse();
  const list = (keys: readonly string[]) => keys.join(', ');
  const expected = [
    `Passed the gate "Unit tests" of ${TRAIN}`,
    `Passed the gate "Integration tests" of ${TRAIN}`,
    `Passed the gate "Acceptance suite" of ${TRAIN}`,
    `Started wave 0 of ${TRAIN} (1 deployment: internal-us)`,
    `Released wave 0 of ${TRAIN} (1 deployment: internal-us)`,
    `Passed the gate "Internal deployment released and baked" of ${TRAIN}`,
    `Started wave 1 of ${TRAIN} (${wave1.length} deployments: ${list(wave1)})`,
    `Released wave 1 of ${TRAIN} (${wave1.length} deployments: ${list(wave1)})`,
    `Halted ${TRAIN} in wave 1: ${REGRESSION} (${REFERENCE}, critical); it reached ${1 + wave1.length} deployments: ${list(['internal-us', ...wave1].sort())}`,
    `Rolled back internal-us in wave 0 of ${TRAIN}: Taking the fix for ${REFERENCE}`,
    `Started internal-us in wave 0 of ${TRAIN}`,
    `Released internal-us in wave 0 of ${TRAIN}`,
    `Passed the gate "Internal deployment released and baked" of ${TRAIN}`,
    // The fix reached internal-us before the resume: the patch takes it to the customers of wave 1.
    `Resumed ${TRAIN} with the fix 2027.04.1 (halted for ${REGRESSION}, ${REFERENCE}); the rollout continues from wave 1, and the patch 2027.04.1 goes to ${wave1.length === 1 ? `${wave1[0]}, the one deployment` : `the ${wave1.length} deployments`} still running ${TRAIN}${wave1.length === 1 ? '' : ` (${list(wave1)})`}, on Thu 4 Mar 2027`,
    /^Started wave 2 of 2027\.04 \(4 deployments: /,
    /^Released wave 2 of 2027\.04 \(4 deployments: /,
    /^Started wave 3 of 2027\.04 \(8 deployments: .*\) \(bake overridden: Fix verified on wave 2 for a day; no need to wait\)$/,
    /^Released wave 3 of 2027\.04 \(8 deployments: /,
    /^Started wave 4 of 2027\.04 \(\d+ deployments: .*\) \(bake overridden: Closing the rollout before the weekend\)$/,
    /^Released wave 4 of 2027\.04 \(\d+ deployments: /,
  ];
  const tail = summaries.slice(-expected.length);
  expected.forEach((want, i) => {
    if (typeof want === 'string') expect(tail[i], `audit event ${i + 1}`).toBe(want);
    else expect(tail[i], `audit event ${i + 1}`).toMatch(want);
  });
  // The halt's record, before and after, opens in place.
  const haltEntry = trail.getByTestId('audit-entry').filter({ hasText: `Halted ${TRAIN} in wave 1` });
  await haltEntry.getByRole('button', { name: 'Show before and after' }).click();
  await expect(haltEntry.locator('.audit-changes')).toContainText(`"reference": "${REFERENCE}"`);
  await expectNoAxeViolations(page, '[data-testid="rollouts"]');
  await haltEntry.scrollIntoViewIfNeeded();
  await screenshot(page, 'audit-trail.png', { of: detail.getByTestId('rollout-audit') });

  // The calendar shows the progress on the train's band, and per wave in its drawer.
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  const band = page.getByTestId('calendar').getByTestId(`band-progress-${TRAIN}`).first();
  await expect(band).toHaveText('40/40');
  await expect(band).toHaveAttribute('title', 'Completed: 40 of 40 released');
  await page.getByTestId('calendar').getByTestId(`train-band-${TRAIN}`).first().click();
  const drawer = page.getByRole('dialog', { name: `Train ${TRAIN}` });
  await expect(drawer.getByTestId('tracking-summary')).toContainText(`${TRAIN} is completed`);
  await expect(
    drawer.getByTestId('rollout-plan').getByTestId('wave-progress-1').getByRole('progressbar'),
  ).toHaveAttribute('aria-valuetext', `${wave1.length} of ${wave1.length} released`);
  await drawer.getByRole('button', { name: 'Close' }).click();

  // The fairness report counts the regression against each customer deployment it reached, once.
  const after = await regressionCounts(page);
  for (const [key, count] of before) {
    const reached = wave1.includes(key);
    expect(after.get(key), `regressions of ${key}`).toBe(reached ? String(Number(count) + 1) : count);
  }

  // A deployment's page tells the same: the train, its wave, the regression that reached it.
  await page.getByRole('button', { name: 'Fleet', exact: true }).click();
  await page.getByTestId(`deployment-row-${wave1[0]}`).click();
  const history = page.getByRole('dialog', { name: `Edit ${wave1[0]}` }).getByTestId('deployment-history');
  await expect(history.getByTestId(`history-${TRAIN}`)).toContainText('Released');
  await expect(history.getByTestId(`history-${TRAIN}`)).toContainText(REFERENCE);
  const audit = page.getByRole('dialog', { name: `Edit ${wave1[0]}` }).getByTestId('deployment-audit');
  await expect(audit.getByTestId('audit-entry').filter({ hasText: `Halted ${TRAIN} in wave 1` })).toHaveCount(1);
  await expectNoAxeViolations(page, '[data-testid="deployment-history"], [data-testid="deployment-audit"]');
});

test('the name set in Settings is who the audit trail records', async ({ app }) => {
  await loadDemo(app.page);
  await app.restart({ now: VALIDATION });
  const page = app.page;
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const card = page.locator('#settings-user');
  await expect(card.getByLabel('Name in the audit trail')).toHaveAttribute('placeholder', /.+/);
  await card.getByLabel('Name in the audit trail').fill('Dana Release');
  await card.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('status')).toHaveText('Changes are now recorded as Dana Release');
  await expect(page.locator('.app-footer')).toContainText('Dana Release');
  await expectNoAxeViolations(page, '#settings-user');

  const detail = await openRollout(page);
  await passGate(page, detail, 'Unit tests');
  await expect(detail.getByTestId('gate-unit-tests')).toContainText('Passed by Dana Release');
  await expect(detail.getByTestId('audit-trail').getByTestId('audit-entry').first()).toContainText('Dana Release');
});

test('undo reverses the last rollout action by a new event, once; a second undo says why not', async ({ app }) => {
  await loadDemo(app.page);
  await app.restart({ now: VALIDATION });
  const page = app.page;
  const detail = await openRollout(page);
  const gate = detail.getByTestId('gate-unit-tests');

  // Undo from the confirmation.
  await detail.getByRole('button', { name: 'Pass Unit tests…' }).click();
  await page
    .getByRole('dialog', { name: 'Pass the gate "Unit tests"' })
    .getByRole('button', { name: 'Pass gate' })
    .click();
  await expect(gate).toContainText('Passed');
  const confirmation = page.getByRole('status').filter({ hasText: `Passed the gate "Unit tests" of ${TRAIN}` });
  await confirmation.getByRole('button', { name: 'Undo' }).click();
  await expect(gate).toContainText('Pending');
  await expect(page.getByRole('status')).toContainText(`Undid: Passed the gate "Unit tests" of ${TRAIN}`);
  const trail = detail.getByTestId('audit-trail');
  await expect(trail.getByTestId('audit-entry').first()).toContainText(
    `Undid: Passed the gate "Unit tests" of ${TRAIN}`,
  );
  await expect(trail.getByTestId('audit-entry').nth(1)).toContainText('Undone');

  // Once only: the toolbar's Undo now says the last action was already undone, and changes nothing.
  await detail.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'was already undone' })).toContainText(
    `The last action in ${TRAIN} ("Passed the gate "Unit tests" of ${TRAIN}") was already undone`,
  );
  await expect(gate).toContainText('Pending');

  // On the Today board: start the due wave from its row, then Ctrl+Z undoes it the same way.
  await detail.getByRole('button', { name: '← All rollouts' }).click();
  const row = page.getByTestId(`today-${TRAIN}-wave-0`);
  await row.getByRole('button', { name: 'Start wave 0' }).click();
  await expect(row).toContainText('In progress');
  await expect(row.getByRole('button', { name: 'Release wave 0' })).toBeEnabled();
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('status')).toContainText(`Undid: Started wave 0 of ${TRAIN}`);
  await expect(row).toContainText('Due today');
  await expect(row.getByRole('button', { name: 'Start wave 0' })).toBeEnabled();
});
