import type { Page } from '@playwright/test';
import { LARGEST_SIMULATION, LONGEST_SIMULATION } from '../helpers/simulations';
import { expect, test } from './fixtures';
import { api } from './page-api';

// A lead starts a simulation while others run (another tab, a script): the panel says it waits
// its turn, and Cancel ends it with nothing changed; the app answers meanwhile, and the next run
// shows its result.

/** What the page offers the code run in it (the tests' typings know no DOM), and what that code keeps. */
interface InPage {
  document: { body: object; querySelector: (selector: string) => { textContent: string } | null };
  MutationObserver: new (onChange: () => void) => { observe: (node: object, options: object) => void };
  seen: string[];
}

/**
 * Starts the largest simulations under these ids without waiting for them, as another client would
 * (from outside the page: a browser holds only six requests open to one server).
 */
async function startElsewhere(page: Page, runIds: readonly string[]): Promise<void> {
  const token = await page.evaluate(() =>
    (globalThis as unknown as { sessionStorage: { getItem: (k: string) => string | null } }).sessionStorage.getItem(
      'release-calendar.token',
    ),
  );
  const url = `${new URL(page.url()).origin}/api/simulate.run`;
  for (const runId of runIds)
    void page.request
      .post(url, { headers: { Authorization: `Bearer ${token}` }, data: { ...LARGEST_SIMULATION, runId } })
      // Cancelled at the end of the test, or the page closed first: nothing to wait for.
      .catch(() => undefined);
}

test('a simulation shows that it waits, can be cancelled, and the app answers meanwhile', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
  await page.getByRole('button', { name: 'Fairness', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Simulator' });
  await expect(panel).toBeVisible();

  // Enough of them to keep the worker busy for seconds: each takes a tenth of a second or so.
  const others = Array.from({ length: 40 }, (_, i) => `other-${i + 1}`);
  await startElsewhere(page, others);
  await expect
    .poll(async () => (await api<{ state: string }>(page, 'simulate.progress', { runId: others.at(-1)! })).state)
    .toBe('waiting');

  await panel.getByRole('button', { name: 'Run simulation' }).click();
  const progress = panel.getByTestId('simulation-progress');
  await expect(progress.getByRole('status')).toHaveText('Waiting for another simulation to finish…');
  await expect(progress.getByRole('progressbar', { name: 'Simulation progress' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Running…' })).toBeDisabled();
  await progress.screenshot({ path: test.info().outputPath('simulation-waiting.png') });

  // The rest of the app is answered while the simulations run.
  const info = await api<{ version: string }>(page, 'app.info', {});
  expect(info.version).toMatch(/\d/);

  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByRole('status')).toHaveText('Simulation cancelled; nothing was changed.');
  await expect(progress).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Run simulation' })).toBeEnabled();
  await expect(panel.getByTestId('simulation-result')).toHaveCount(0);
  await expect(panel.getByRole('alert')).toHaveCount(0);

  // The longest simulation, alone: the panel counts its trains as they are done, then shows the result.
  for (const runId of others) await api(page, 'simulate.cancel', { runId });
  const policy = await api<Record<string, unknown>>(page, 'policy.get', {});
  await api(page, 'policy.update', { policy: { ...policy, historyWindow: LONGEST_SIMULATION.policy.historyWindow } });
  await panel.getByLabel('Deployments').fill(String(LONGEST_SIMULATION.deployments));
  await panel.getByLabel('Trains').fill(String(LONGEST_SIMULATION.trains));
  await panel.getByLabel('Add constraints').uncheck();
  // Every text the progress line shows, however briefly: the run takes about a fifth of a second.
  await page.evaluate(() => {
    const page = globalThis as unknown as InPage;
    page.seen = [];
    new page.MutationObserver(() => {
      const text = page.document.querySelector('[data-testid="simulation-progress"] [role="status"]')?.textContent;
      if (text && page.seen.at(-1) !== text) page.seen.push(text);
    }).observe(page.document.body, { subtree: true, childList: true, characterData: true });
  });
  await panel.getByRole('button', { name: 'Run simulation' }).click();
  await expect(panel.getByTestId('simulation-worst-spread')).toHaveText(/^\d+$/);
  const seen = await page.evaluate(() => (globalThis as unknown as InPage).seen);
  expect(seen.length).toBeGreaterThan(0);
  for (const text of seen) expect(text).toMatch(/^Train \d+ of 520$/);
  await expect(panel.getByRole('status')).toHaveCount(0);
  await panel.screenshot({ path: test.info().outputPath('simulator-after-run.png') });
});
