import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { electronBinaryPath } from '../../scripts/electron-runtime';
import { type Browser, type ElectronApplication, type Page, test as base, _electron } from '@playwright/test';

const ROOT = path.resolve(__dirname, '../..');
const HOST_ENTRY = path.join(ROOT, 'out/main/host.js');
const MAIN_ENTRY = path.join(ROOT, 'out/main/index.js');

/** Path of the Electron binary, or null when it was never downloaded (as on machines without internet). */
export function electronBinary(): string | null {
  return electronBinaryPath(path.dirname(createRequire(__filename).resolve('electron/package.json')));
}

export interface RunningApp {
  page: Page;
  dbPath: string;
  /**
   * Stops the app (host process or Electron) and starts it again on the same database;
   * `now` restarts it with its clock fixed at that UTC instant (how a test lets hours pass).
   */
  restart: (options?: { now?: string }) => Promise<void>;
}

interface Launched {
  page: Page;
  stop: () => Promise<void>;
}

/** The environment of the app: the clock fixed at `now` (RELEASE_CALENDAR_NOW, see electron/backend/clock.ts) when given. */
function appEnv(now: string | undefined): NodeJS.ProcessEnv {
  return now ? { ...process.env, RELEASE_CALENDAR_NOW: now } : process.env;
}

function startBrowserHost(dbPath: string, now: string | undefined): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HOST_ENTRY, '--db', dbPath, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: appEnv(now),
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => reject(new Error(`browser-mode host exited with ${code}: ${err || out}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export const test = base.extend<{ app: RunningApp; now: string | undefined }, { appBrowser: Browser | null }>({
  /** `test.use({ now: '2027-02-22T09:00:00Z' })` starts the app with its clock fixed there; by default the real clock. */
  now: [undefined, { option: true }],
  // Chromium for browser mode, launched once per worker and only there: asking for
  // Playwright's own `browser` fixture in the electron project would try to launch
  // a downloaded browser that these machines (and the Electron CI job) do not have.
  appBrowser: [
    async ({ playwright, launchOptions }, use, workerInfo) => {
      if (workerInfo.project.name === 'electron') return use(null);
      const browser = await playwright.chromium.launch(launchOptions);
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  app: async ({ appBrowser, now }, use, testInfo) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-e2e-'));
    const dbPath = path.join(dataDir, 'release-calendar.db');
    const electron = testInfo.project.name === 'electron';
    if (electron && !electronBinary()) {
      testInfo.skip(
        true,
        'The Electron binary is not installed (it cannot be downloaded here); these specs run in browser mode and, with Electron, in GitHub CI.',
      );
    }

    let clock = now;
    const launch = async (): Promise<Launched> => {
      if (electron) {
        const app: ElectronApplication = await _electron.launch({
          ...(electronBinary() ? { executablePath: electronBinary()! } : {}),
          args: [MAIN_ENTRY, '--db', dbPath],
          env: { ...appEnv(clock), RELEASE_CALENDAR_USER_DATA: dataDir },
        });
        const page = await app.firstWindow();
        await page.emulateMedia({ reducedMotion: 'reduce' });
        return { page, stop: () => app.close() };
      }
      const { child, url } = await startBrowserHost(dbPath, clock);
      if (!appBrowser) throw new Error('browser mode needs Chromium');
      const context = await appBrowser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
      const page = await context.newPage();
      await page.goto(url);
      return {
        page,
        stop: async () => {
          await context.close();
          await stopChild(child);
        },
      };
    };

    let current = await launch();
    const running: RunningApp = {
      get page() {
        return current.page;
      },
      dbPath,
      restart: async (options) => {
        await current.stop();
        if (options?.now) clock = options.now;
        current = await launch();
      },
    };
    await use(running);
    await current.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
