import { apiCallsDuring } from './api-calls';
import { expect, test } from './fixtures';

// A click in the Rollouts view costs the change itself and at most one read: the change answers
// the train's tracking, one overview read brings the board, the trains in flight and the audit
// trail the confirmation quotes.

/** Monday: the demo is loaded here; its calendar is laid around this day. */
const LOADED = '2027-02-22T09:00:00Z';
/** A week later: 2027.04's internal deployment is due (wave 0). */
const VALIDATION = '2027-03-01T09:00:00Z';
const TRAIN = '2027.04';

test.use({ now: LOADED });

test('starting a wave from the Today board, and undoing it, each take one change and one read', async ({ app }) => {
  await app.page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(app.page.getByRole('status')).toContainText('Loaded the demo');
  await app.restart({ now: VALIDATION });
  const page = app.page;
  await page.getByRole('button', { name: 'Rollouts', exact: true }).click();
  const row = page.getByTestId(`today-${TRAIN}-wave-0`);
  await expect(row).toContainText('Due today');

  const started = await apiCallsDuring(page, async () => {
    await row.getByRole('button', { name: 'Start wave 0' }).click();
    // Settled: the confirmation quotes the audit trail, and the row shows the wave under way.
    await expect(page.getByRole('status')).toContainText(`Started wave 0 of ${TRAIN}`);
    await expect(row).toContainText('In progress');
    await expect(row.getByRole('button', { name: 'Release wave 0' })).toBeEnabled();
  });
  expect(started[0]).toBe('steps.transition');
  expect(started.length, `calls: ${started.join(', ')}`).toBeLessThanOrEqual(2);

  const undone = await apiCallsDuring(page, async () => {
    await page.keyboard.press('Control+z');
    await expect(page.getByRole('status')).toContainText(`Undid: Started wave 0 of ${TRAIN}`);
    await expect(row).toContainText('Due today');
    await expect(row.getByRole('button', { name: 'Start wave 0' })).toBeEnabled();
  });
  expect(undone[0]).toBe('audit.undo');
  expect(undone.length, `calls: ${undone.join(', ')}`).toBeLessThanOrEqual(2);
});
