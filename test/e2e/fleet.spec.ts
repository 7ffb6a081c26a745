import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, dayInZone } from '../../shared/days';
import { expect, test } from './fixtures';

// The first journey of a new release manager: an empty app, the demo fleet, one
// deployment added, a mistake caught inline, an edit, a retirement, and the data
// still there after the app restarts. Runs in browser mode and, where Electron
// exists, in the desktop app (same spec, `electron` project).
test('first run → demo fleet → add, duplicate key, edit, retire → data survives a restart', async ({ app }) => {
  const { page } = app;

  await expect(page.getByTestId('first-run')).toBeVisible();
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toHaveText(/^Loaded the demo: 40 deployments and \d+ release trains$/);
  const rows = page.getByTestId('fleet-table').locator('tbody tr');
  await expect(rows).toHaveCount(40);
  await expect(page.getByTestId('deployment-row-internal-us')).toContainText('Internal');

  // Add a deployment.
  await page.getByRole('button', { name: 'Add deployment' }).click();
  let form = page.getByRole('dialog', { name: 'Add deployment' });
  await form.getByLabel('Key').fill('us-east-9');
  await form.getByLabel('Name').fill('US East 9');
  await form.getByLabel('Region').fill('us-east');
  await form.getByLabel('Time zone').fill('America/New_York');
  await form.getByLabel('Weight').fill('1200');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByRole('status')).toHaveText('Added us-east-9');
  await expect(rows).toHaveCount(41);
  await expect(page.getByTestId('deployment-row-us-east-9')).toContainText('US East 9');

  // A duplicate key is refused inline, under the Key field, and nothing is added.
  await page.getByRole('button', { name: 'Add deployment' }).click();
  form = page.getByRole('dialog', { name: 'Add deployment' });
  await form.getByLabel('Key').fill('us-east-9');
  await form.getByLabel('Name').fill('Another');
  await form.getByLabel('Region').fill('us-east');
  await form.getByLabel('Time zone').fill('Mars/Olympus');
  await form.getByLabel('Name').focus(); // leaving the time zone field validates it
  await expect(form.locator('#timeZone-error')).toContainText('not an IANA time zone');
  await form.getByLabel('Time zone').fill('America/New_York');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.locator('#key-error')).toContainText('already');
  await expect(form.getByLabel('Key')).toHaveAttribute('aria-invalid', 'true');
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(rows).toHaveCount(41);

  // Edit a deployment's name; its key cannot change.
  await page.getByTestId('deployment-row-us-east-3').click();
  form = page.getByRole('dialog', { name: 'Edit us-east-3' });
  await expect(form.getByLabel('Key')).not.toBeEditable();
  await form.getByLabel('Name').fill('US East 3 (Virginia)');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved us-east-3');
  await expect(page.getByTestId('deployment-row-us-east-3')).toContainText('US East 3 (Virginia)');

  // Retiring the internal deployment is refused with the reason.
  await page.getByTestId('deployment-row-internal-us').click();
  form = page.getByRole('dialog', { name: 'Edit internal-us' });
  await form.getByRole('button', { name: 'Retire deployment' }).click();
  await form.getByRole('button', { name: 'Retire deployment' }).click();
  await expect(form.getByRole('alert')).toContainText('make another deployment internal');
  await form.getByRole('button', { name: 'Cancel' }).click();

  // Retire a customer deployment: it leaves the Active view and shows under All.
  await page.getByTestId('deployment-row-us-east-9').click();
  form = page.getByRole('dialog', { name: 'Edit us-east-9' });
  await form.getByRole('button', { name: 'Retire deployment' }).click();
  await form.getByRole('button', { name: 'Retire deployment' }).click();
  await expect(page.getByRole('status')).toHaveText('Retired us-east-9');
  await expect(page.getByTestId('deployment-row-us-east-9')).toHaveCount(0);
  await expect(rows).toHaveCount(40);

  // Restart the app on the same database: everything is still there.
  await app.restart();
  const after = app.page;
  await expect(after.getByTestId('fleet-table').locator('tbody tr')).toHaveCount(40);
  await expect(after.getByTestId('deployment-row-us-east-3')).toContainText('US East 3 (Virginia)');
  await after.getByRole('button', { name: /^Status:/ }).click();
  await after.getByRole('menuitemradio', { name: 'All' }).click();
  await expect(after.getByTestId('fleet-table').locator('tbody tr')).toHaveCount(41);
  await expect(after.getByTestId('deployment-row-us-east-9')).toContainText('Retired');
});

test('a CSV with one bad row imports nothing and names the line and column; the fixed file imports', async ({
  app,
}) => {
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-e2e-csv-'));
  const bad = path.join(dir, 'fleet.csv');
  fs.writeFileSync(
    bad,
    [
      'key,name,region,time_zone,tier,weight,internal',
      'corp,Corporate,us-east,America/New_York,standard,50,true',
      'eu-1,EU 1,eu-west,Europe/Dublin,premium,1000,false',
      'eu-2,EU 2,eu-west,Europe/Atlantis,premium,900,false',
      'ap-1,AP 1,ap-south,Asia/Kolkata,standard,700,false',
    ].join('\n'),
  );

  await page.getByTestId('csv-file-input').setInputFiles(bad);
  const failure = page.getByRole('alertdialog', { name: 'Import failed' });
  await expect(failure).toContainText('Nothing was imported');
  await expect(failure.getByRole('list', { name: 'Problems' })).toContainText('Line 4');
  await expect(failure.getByRole('list', { name: 'Problems' })).toContainText('time_zone');
  await failure.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('first-run')).toBeVisible();

  fs.writeFileSync(bad, fs.readFileSync(bad, 'utf8').replace('Europe/Atlantis', 'Europe/London'));
  await page.getByTestId('csv-file-input').setInputFiles(bad);
  await expect(page.getByRole('status')).toContainText('Imported: 4 added');
  await expect(page.getByTestId('fleet-table').locator('tbody tr')).toHaveCount(4);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('opt a deployment out of early waves and block its dates: refusals inline, both kept after a reload', async ({
  app,
}) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
  // The demo opts a customer out; the table says so in its placement column.
  await expect(page.getByTestId('deployment-row-us-east-6')).toContainText('Not early');
  await expect(page.getByTestId('deployment-row-eu-west-3')).not.toContainText('Not early');

  await page.getByTestId('deployment-row-eu-west-3').click();
  let drawer = page.getByRole('dialog', { name: 'Edit eu-west-3' });
  await drawer.getByLabel('Opt out of early waves').check();
  await drawer.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved eu-west-3');
  await expect(page.getByTestId('deployment-row-eu-west-3')).toContainText('Not early');

  // Blocked dates are saved at once, from the drawer; bad input is refused under its field.
  const today = dayInZone(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);
  const from = addDays(today, 30);
  await page.getByTestId('deployment-row-eu-west-3').click();
  drawer = page.getByRole('dialog', { name: 'Edit eu-west-3' });
  const blocked = drawer.getByTestId('blocked-dates');
  await expect(blocked).toContainText('No blocked dates.');
  await blocked.getByLabel('From').fill(from);
  await blocked.getByLabel('To', { exact: true }).fill(addDays(from, -1));
  await blocked.getByRole('button', { name: 'Block dates' }).click();
  await expect(blocked.locator('#block-to-error')).toHaveText(
    'A blocked range must end on or after the day it starts.',
  );
  await expect(blocked.locator('#block-reason-error')).toContainText('Reason is required');

  await blocked.getByLabel('To', { exact: true }).fill(addDays(from, 4));
  await blocked.getByLabel('Reason').fill('Customer launch week');
  // Enter adds the range; it does not submit (and close) the deployment form around it.
  await blocked.getByLabel('Reason').press('Enter');
  await expect(page.getByRole('status')).toHaveText(/^Blocked eu-west-3 /);
  const list = blocked.getByRole('list', { name: 'Blocked dates of eu-west-3' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('5 days · Customer launch week');
  await expect(blocked.getByLabel('Reason')).toHaveValue('');

  // An overlapping range is refused by the backend, named under From, and nothing is added.
  await blocked.getByLabel('From').fill(addDays(from, 2));
  await blocked.getByLabel('To', { exact: true }).fill(addDays(from, 6));
  await blocked.getByLabel('Reason').fill('Migration');
  await blocked.getByRole('button', { name: 'Block dates' }).click();
  await expect(blocked.locator('#block-from-error')).toContainText('Overlaps the blocked range');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await drawer.getByRole('button', { name: 'Cancel' }).click();

  // After a reload both are still there; removing the range empties the list.
  await page.reload();
  await expect(page.getByTestId('deployment-row-eu-west-3')).toContainText('Not early');
  await page.getByTestId('deployment-row-eu-west-3').click();
  drawer = page.getByRole('dialog', { name: 'Edit eu-west-3' });
  await expect(drawer.getByLabel('Opt out of early waves')).toBeChecked();
  const again = drawer.getByTestId('blocked-dates');
  await expect(again.getByRole('listitem')).toHaveCount(1);
  await expect(again).toContainText('Customer launch week');
  await again.getByRole('button', { name: /^Remove blocked dates / }).click();
  await expect(page.getByRole('status')).toHaveText(/^Unblocked eu-west-3 /);
  await expect(again).toContainText('No blocked dates.');
});
