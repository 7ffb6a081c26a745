import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// Browser mode notifies with the Web Notifications API, only once someone turns it on in
// Settings (the browser is asked for permission then). With the app's clock fixed on the
// day 2027.04's internal release is due, turning them on shows that notification once,
// and clicking it opens the train. A spy around the page's Notification records what the
// app creates (the real one still runs); the backend, its clock and database are real.

/** Monday: the demo is loaded here; its calendar is laid around this day. */
const LOADED = '2027-02-22T09:00:00Z';
/** A week later, 09:00 UTC: 2027.04's internal deployment is due today. */
const DUE = '2027-03-01T09:00:00Z';

test.use({ now: LOADED });

/** Records every Notification the page creates, with a way to click it. */
const SPY = `(() => {
  const Real = window.Notification;
  window.__notified = [];
  window.Notification = class extends Real {
    constructor(title, options) {
      super(title, options);
      window.__notified.push({ title, body: options && options.body, tag: options && options.tag, notification: this });
    }
  };
})();`;

async function notified(page: Page): Promise<{ title: string; body: string; tag: string }[]> {
  return page.evaluate(() =>
    (globalThis as unknown as { __notified: { title: string; body: string; tag: string }[] }).__notified.map(
      ({ title, body, tag }) => ({ title, body, tag }),
    ),
  );
}

test('browser mode: notifications turned on in Settings show what is due today once; a click opens the train', async ({
  app,
}) => {
  test.skip(
    test.info().project.name === 'electron',
    'Browser mode only: the desktop app notifies from its main process (desktop-app.spec.ts).',
  );
  let page = app.page;
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');

  await app.restart({ now: DUE });
  page = app.page;
  await page.context().grantPermissions(['notifications']);
  await page.addInitScript(SPY);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Fleet', exact: true })).toBeVisible();

  // Off until turned on: nothing is shown, nothing is asked.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const card = page.getByRole('region', { name: 'Notifications' });
  const here = card.getByLabel('Show notifications in this browser');
  await expect(here).not.toBeChecked();
  await expect(card.getByLabel('A wave is due today')).toBeDisabled();
  expect(await notified(page)).toEqual([]);

  await here.check();
  await card.getByLabel('A bake has ended').uncheck();
  await card.getByRole('button', { name: 'Save notifications' }).click();
  await expect(page.getByRole('status')).toContainText('Notifications saved');

  await expect
    .poll(() => notified(page))
    .toContainEqual(
      expect.objectContaining({
        title: 'The internal release of 2027.04 is due today',
        body: expect.stringContaining('the internal deployment, today'),
      }),
    );
  const shown = await notified(page);
  expect(shown.filter((n) => n.title.includes('bake'))).toEqual([]);

  // Clicking it opens that train's rollout.
  await page.getByRole('button', { name: 'Fleet', exact: true }).click();
  const index = shown.findIndex((n) => n.title === 'The internal release of 2027.04 is due today');
  await page.evaluate((i) => {
    const list = (globalThis as unknown as { __notified: { notification: EventTarget }[] }).__notified;
    list[i]!.notification.dispatchEvent(new Event('click'));
  }, index);
  await expect(page.getByRole('button', { name: 'Rollouts', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: /2027\.04/ }).first()).toBeVisible();

  // Each once: after a reload (which checks again at once, and on focus) nothing more is shown.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Fleet', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(card.getByLabel('Show notifications in this browser')).toBeChecked();
  await expect(card.getByLabel('A bake has ended')).not.toBeChecked();
  await page.evaluate(() => (globalThis as unknown as EventTarget).dispatchEvent(new Event('focus')));
  // The board still lists it (it is true today): the page has asked, and was told nothing new.
  await page.getByRole('button', { name: 'Rollouts', exact: true }).click();
  await expect(page.getByText(/Wave 0 is due today/).first()).toBeVisible();
  expect(await notified(page)).toEqual([]);

  const results = await new AxeBuilder({ page }).include('.app-main').setLegacyMode(true).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settingsAxe = await new AxeBuilder({ page }).include('#settings-notifications').setLegacyMode(true).analyze();
  expect(settingsAxe.violations.map((v) => v.id)).toEqual([]);
  if (process.env.UPDATE_SCREENSHOTS)
    await card.screenshot({ path: path.resolve(__dirname, '../../docs/screenshots/settings-notifications.png') });
});
