import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ElectronApplication, type Page, _electron, expect, test } from '@playwright/test';
import { electronBinary } from './fixtures';

// The desktop app itself (Electron only; skipped where no Electron binary exists, as on
// machines without internet): it loads the Electron build of better-sqlite3 in a backend
// utilityProcess, survives that process being killed, runs simulations on a worker thread,
// notifies from the main process, runs as a single instance, lists its shortcuts in its menus
// and follows the OS theme.

const ROOT = path.resolve(__dirname, '../..');
const MAIN_ENTRY = path.join(ROOT, 'out/main/index.js');
/** The demo is loaded on this Monday; a week later 2027.04's internal release is due. */
const LOADED = '2027-02-22T09:00:00Z';
const DUE = '2027-03-01T09:00:00Z';

function skipUnlessElectron(): string {
  test.skip(test.info().project.name !== 'electron', 'Electron only: browser mode has no main process.');
  const binary = electronBinary();
  test.skip(
    !binary,
    'The Electron binary is not installed (it cannot be downloaded here); this spec runs where Electron is, as in GitHub CI.',
  );
  return binary!;
}

async function launch(binary: string, dataDir: string, now: string): Promise<ElectronApplication> {
  return _electron.launch({
    executablePath: binary,
    args: [MAIN_ENTRY, '--db', path.join(dataDir, 'release-calendar.db')],
    env: { ...process.env, RELEASE_CALENDAR_USER_DATA: dataDir, RELEASE_CALENDAR_NOW: now },
  });
}

/** Launches the app on `dataDir` at `now`, hands it to `use`, and closes it whatever happens. */
async function withApp(
  binary: string,
  dataDir: string,
  now: string,
  use: (app: ElectronApplication) => Promise<void>,
): Promise<void> {
  const app = await launch(binary, dataDir, now);
  try {
    await use(app);
  } finally {
    await app.close();
  }
}

async function loadDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Load demo fleet' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the demo');
}

/** The main process's log file, where each OS notification is written. */
async function mainLogOf(app: ElectronApplication): Promise<string> {
  return path.join(await app.evaluate(({ app: a }) => a.getPath('logs')), 'main.log');
}

/** The pid of the backend utilityProcess, from Electron's own process list. */
async function backendPid(app: ElectronApplication): Promise<number> {
  const pid = await app.evaluate(
    ({ app: electronApp }) =>
      electronApp.getAppMetrics().find((p) => p.type === 'Utility' && p.serviceName === 'Release Calendar database')
        ?.pid,
  );
  expect(pid, 'the backend utilityProcess runs').toBeDefined();
  return pid!;
}

test('the backend runs in a utilityProcess on the Electron build, and is restarted when killed', async () => {
  const binary = skipUnlessElectron();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-e2e-desktop-'));
  await withApp(binary, dataDir, LOADED, async (app) => {
    const page = await app.firstWindow();
    await loadDemo(page);

    const pid = await backendPid(app);
    // Linux: the shared objects a process mapped are in /proc/<pid>/maps.
    if (process.platform === 'linux') {
      const maps = fs.readFileSync(`/proc/${pid}/maps`, 'utf8');
      expect(maps).toContain(path.join('native', 'electron', `linux-${process.arch}`, 'better_sqlite3.node'));
      expect(maps).not.toContain(path.join('node_modules', 'better-sqlite3', 'build'));
      // The main process never loads the module.
      const mainPid = await app.evaluate(() => process.pid);
      expect(fs.readFileSync(`/proc/${mainPid}/maps`, 'utf8')).not.toContain('better_sqlite3.node');
    }

    process.kill(pid, 'SIGKILL');
    await expect(page.getByRole('alert').or(page.getByRole('status'))).toContainText(
      'database process stopped and was restarted',
    );
    const restarted = await backendPid(app);
    expect(restarted).not.toBe(pid);
    // The next action works, and the data is all there.
    await page.getByRole('button', { name: 'Fleet', exact: true }).click();
    await expect(page.getByTestId('fleet-table').locator('tbody tr')).toHaveCount(40);
  });
});

test('a simulation runs on a worker thread of the backend utilityProcess', async () => {
  const binary = skipUnlessElectron();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-e2e-desktop-'));
  await withApp(binary, dataDir, LOADED, async (app) => {
    const page = await app.firstWindow();
    await loadDemo(page);
    await page.getByRole('button', { name: 'Fairness', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Simulator' });
    await panel.getByLabel('Trains').fill('260');
    await panel.getByLabel('Add constraints').check();
    await panel.getByRole('button', { name: 'Run simulation' }).click();
    // The worker script is loaded from the built app (out/main/simulate-worker.js) by the backend process.
    await expect(panel.getByTestId('simulation-worst-spread')).toHaveText(/^\d+$/);
    await expect(panel.getByRole('alert')).toHaveCount(0);
  });
});

test('OS notifications: what is due today is notified once from the main process', async () => {
  const binary = skipUnlessElectron();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-e2e-notify-'));
  await withApp(binary, dataDir, LOADED, async (app) => loadDemo(await app.firstWindow()));

  await withApp(binary, dataDir, DUE, async (app) => {
    const logFile = await mainLogOf(app);
    await app.firstWindow();
    await expect
      .poll(() => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''))
      .toContain('Notified: The internal release of 2027.04 is due today');
  });
  // Started again the same day, it is not notified again.
  await withApp(binary, dataDir, DUE, async (app) => {
    const logFile = await mainLogOf(app);
    const window = await app.firstWindow();
    await expect(window.getByRole('button', { name: 'Fleet', exact: true })).toBeVisible();
    const notified = fs.readFileSync(logFile, 'utf8').match(/Notified: The internal release of 2027\.04/g) ?? [];
    expect(notified).toHaveLength(1);
  });
});

test('desktop habits: one instance, the shortcuts in the menus, the OS theme', async () => {
  const binary = skipUnlessElectron();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-e2e-habits-'));
  await withApp(binary, dataDir, LOADED, async (app) => {
    const page = await app.firstWindow();
    await expect(page.getByRole('button', { name: 'Load demo fleet' })).toBeVisible();

    // A second launch on the same profile hands over to this one and exits.
    const second = spawn(binary, [MAIN_ENTRY], {
      env: { ...process.env, RELEASE_CALENDAR_USER_DATA: dataDir },
      stdio: 'ignore',
    });
    const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
    expect(code).toBe(0);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

    // The View menu lists the views with their shortcuts, and its items work.
    const view = await app.evaluate(({ Menu }) =>
      Menu.getApplicationMenu()!
        .items.find((i) => i.label === 'View')!
        .submenu!.items.filter((i) => i.accelerator)
        .map((i) => `${i.label} ${i.accelerator}`),
    );
    expect(view).toEqual(expect.arrayContaining(['Fleet CmdOrCtrl+1', 'Calendar CmdOrCtrl+2', 'Rollouts CmdOrCtrl+3']));
    await app.evaluate(({ Menu, BrowserWindow }) => {
      const item = Menu.getApplicationMenu()!
        .items.find((i) => i.label === 'View')!
        .submenu!.items.find((i) => i.label === 'Settings')!;
      item.click(undefined, BrowserWindow.getAllWindows()[0], undefined as never);
    });
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();

    // The OS asks for dark: the page follows.
    await app.evaluate(({ nativeTheme }) => {
      nativeTheme.themeSource = 'dark';
    });
    await expect
      .poll(() =>
        page.locator('body').evaluate((body) => body.ownerDocument.defaultView!.getComputedStyle(body).backgroundColor),
      )
      .not.toBe('rgb(246, 247, 249)');
  });
});
