// The headless Chromium the CLI prints PDFs with, and the end-to-end tests and
// the UI benchmark drive: one binary and one set of flags for all of them.

/** Debian's Chromium: nothing downloads browsers on these machines; CHROMIUM_PATH names another. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Unattended runs: no sandbox (containers lack one), no GPU, nothing that calls home or asks first. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
