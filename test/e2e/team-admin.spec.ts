import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Page, expect, test } from '@playwright/test';

// Settings → Users on a real team server (`release-calendar serve`, built): an admin lists the
// accounts, adds one, and meets the last admin's protection in the server's words; a viewer reads
// who manages accounts. The Team server section (the desktop app's) is absent from the page.

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/release-calendar.js');
const PASSWORD = 'correct horse battery staple';

let dir: string;
let server: ChildProcess | undefined;
let url: string;

function cli(args: string[], input?: string): void {
  execFileSync(process.execPath, [CLI, ...args], { input: input ?? '', stdio: ['pipe', 'ignore', 'pipe'] });
}

test.beforeAll(async ({ browserName }, info) => {
  // The electron project has no page of a team server to open.
  test.skip(info.project.name !== 'browser' || browserName !== 'chromium', 'a team server is opened in Chromium only');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-team-admin-'));
  const db = path.join(dir, 'team.db');
  cli(['init', '--demo', '--db', db]);
  for (const [name, role] of [
    ['ada', 'admin'],
    ['vic', 'viewer'],
  ] as const)
    cli(['users', 'add', name, '--role', role, '--password-stdin', '--db', db], `${PASSWORD}\n`);
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^Listening: (\S+)/m.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
});

test.afterAll(async () => {
  if (!server) return;
  if (server.exitCode === null) {
    const running = server;
    const exited = new Promise((r) => running.once('exit', r));
    running.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Signs in as `name` through the sign-in screen and opens Settings. */
async function signInAndOpenSettings(page: Page, name: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(`Signed in as ${name}`)).toBeVisible();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Subscriptions' })).toBeVisible();
}

test('an admin lists, adds and protects accounts in Settings → Users', async ({ page }) => {
  await signInAndOpenSettings(page, 'ada');
  const card = page.locator('#settings-users');
  await expect(card.getByRole('heading', { name: 'Users' })).toBeVisible();
  const table = card.getByRole('table', { name: 'Users' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(page.locator('#settings-team-server')).toHaveCount(0);

  await card.getByRole('button', { name: 'Add user' }).click();
  const add = page.getByRole('dialog', { name: 'Add user' });
  await expect(add.getByLabel('Login name')).toBeFocused();
  await add.getByLabel('Login name').fill('sam.lee');
  await add.getByLabel('Display name').fill('Sam Lee');
  await add.getByLabel('Role').selectOption('release-manager');
  await add.getByLabel('Password', { exact: true }).fill('short');
  await add.getByLabel('Password again').fill('shorter');
  await add.getByRole('button', { name: 'Add user' }).click();
  await expect(add.getByText('A password must be at least 12 characters long.')).toBeVisible();
  await expect(add.getByText('The two passwords differ; type the same one twice.')).toBeVisible();
  await add.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await add.getByLabel('Password again').fill(PASSWORD);
  await add.getByRole('button', { name: 'Add user' }).click();
  await expect(add).toHaveCount(0);
  await expect(table.getByRole('row', { name: /sam\.lee/ })).toContainText('Release manager');

  // The last enabled admin: the server refuses, and the dialog says so in its words.
  await card.getByRole('button', { name: 'Disable ada' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Disable user?' });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Disable user' }).click();
  await expect(confirm.getByRole('alert')).toContainText('ada is the only admin who can sign in');
  await confirm.getByRole('button', { name: 'Cancel' }).click();

  await card.scrollIntoViewIfNeeded();
  await card.screenshot({
    path: process.env.UPDATE_SCREENSHOTS
      ? path.resolve(__dirname, '../../docs/screenshots/team-users.png')
      : test.info().outputPath('users-section.png'),
  });
});

test('a viewer reads who manages accounts, and nothing more', async ({ page }) => {
  await signInAndOpenSettings(page, 'vic');
  const card = page.locator('#settings-users');
  await expect(card.getByTestId('users-not-admin')).toContainText('managed by its admins');
  await expect(card.getByRole('table')).toHaveCount(0);
});
