import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, expect, test } from '@playwright/test';
import { electronBinary } from './fixtures';

// The desktop app joins a team server (docs/team-mode.md, "The desktop app joins a team"):
// Settings → Team server, sign in, and the app works on the server's plan, says whom it is
// connected as, and says so plainly when the server goes away (nothing is queued). Electron only;
// skipped where no Electron binary exists, as on machines without internet. The team client it
// drives is tested against the real server in test/integration/team-client.test.ts.

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/release-calendar.js');
const MAIN_ENTRY = path.join(ROOT, 'out/main/index.js');
const NOW = '2027-02-22T09:00:00Z';
const PASSWORD = 'plum orchard at dusk 41';

test('the desktop app connects to a team server, works on its plan, and says when it is gone', async () => {
  test.skip(test.info().project.name !== 'electron', 'Electron only: browser mode has no main process.');
  const binary = electronBinary();
  test.skip(
    !binary,
    'The Electron binary is not installed (it cannot be downloaded here); this spec runs where Electron is, as in GitHub CI.',
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-desktop-team-'));
  const env = { ...process.env, RELEASE_CALENDAR_NOW: NOW };
  const serverDb = path.join(dir, 'server.db');
  const cli = (args: string[], input = '') => {
    const r = spawnSync(process.execPath, [CLI, ...args], { env, input, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`release-calendar ${args.join(' ')}: ${r.stderr}`);
  };
  cli(['init', '--demo', '--db', serverDb]);
  cli(['users', 'add', 'morgan', '--role', 'release-manager', '--password-stdin', '--db', serverDb], `${PASSWORD}\n`);
  const server: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--db', serverDb, '--listen', '127.0.0.1:0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^Listening: (\S+)/m.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    server.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const app = await _electron.launch({
    executablePath: binary!,
    args: [MAIN_ENTRY, '--db', path.join(dir, 'local.db')],
    env: { ...env, RELEASE_CALENDAR_USER_DATA: dir },
  });
  try {
    const page = await app.firstWindow();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const form = page.getByRole('form', { name: 'Connect to a team server' });
    await form.getByLabel('Server address').fill(url);
    await form.getByLabel('Login name').fill('morgan');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect(page.getByTestId('team-connected')).toContainText(`as morgan`);

    // The server's plan, not the empty local file: its demo trains are on the calendar.
    await page.getByRole('button', { name: 'Calendar', exact: true }).click();
    await expect(page.getByText('2027.04').first()).toBeVisible();

    // The server goes away: a banner says so, and a change is refused rather than queued.
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await page.getByRole('button', { name: 'Fleet', exact: true }).click();
    await expect(page.getByTestId('team-banner')).toContainText('Team server unreachable');
  } finally {
    await app.close();
    if (server.exitCode === null) server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
