import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } from './electron/cli/chromium';

const CHROMIUM = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    viewport: { width: 1440, height: 900 },
    reducedMotion: 'reduce',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      // The renderer and API served by the browser-mode host, in real Chromium.
      name: 'browser',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: CHROMIUM,
          args: [...CHROMIUM_FLAGS],
        },
      },
    },
    {
      // The same specs against the packaged main process; skipped, with the reason, where no Electron binary exists.
      name: 'electron',
      // Only browser mode has an HTTP host.
      testIgnore: /host-security\.spec\.ts/,
    },
  ],
});
