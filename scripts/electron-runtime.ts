// What `npm start` needs beyond `npm ci`: the Electron binary (electron@45 downloads it on
// first use) and better-sqlite3 built for Electron's ABI, kept beside the Node build
// that `npm ci` made (see electron/main/native-binding.ts). Both come from the internet
// once; after that this step finds them current and does nothing. The steps that touch
// the network or spawn Electron are passed in, so the logic is testable without either.
import fs from 'node:fs';
import path from 'node:path';
import { NATIVE_BINDING_FILE } from '../electron/main/native-binding';

/** What the Electron build must match; it is rebuilt when any of these changes. */
export interface NativeTarget {
  electron: string;
  /** Electron's NODE_MODULE_VERSION (node_modules/electron/abi_version). */
  abi: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
}

export interface NativeStamp extends NativeTarget {
  preparedAt: string;
}

export interface PrepareSteps {
  electronBinaryInstalled: () => boolean;
  /** Downloads the Electron binary; rejects with the cause. */
  installElectronBinary: () => Promise<void>;
  /** Writes better_sqlite3.node built for `target` into `dir` (a fresh, empty folder); rejects with the cause. */
  obtainNativeModule: (dir: string, target: NativeTarget) => Promise<void>;
  /** Rejects unless the file loads in Electron and opens a database. */
  verifyNativeModule: (file: string) => Promise<void>;
}

export interface PrepareOptions {
  /** Where the Electron build lives (electronNativeDir). */
  nativeDir: string;
  target: NativeTarget;
  steps: PrepareSteps;
  log: (line: string) => void;
  now?: () => Date;
}

export interface PrepareReport {
  electron: 'present' | 'downloaded';
  nativeModule: 'current' | 'prepared';
}

/** A failure of this step, as the one sentence `npm start` prints. */
export class RuntimeSetupError extends Error {
  override name = 'RuntimeSetupError';
}

const STAMP_FILE = 'stamp.json';
const BROWSER_MODE = 'run the app in browser mode with `npm run browser`';

export function readStamp(nativeDir: string): NativeStamp | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(nativeDir, STAMP_FILE), 'utf8')) as NativeStamp;
  } catch {
    return null;
  }
}

/** True when the folder holds a build for exactly this target (missing, partial or stale builds are not). */
export function isCurrent(nativeDir: string, target: NativeTarget): boolean {
  const stamp = readStamp(nativeDir);
  if (!stamp || !fs.existsSync(path.join(nativeDir, NATIVE_BINDING_FILE))) return false;
  return (Object.keys(target) as (keyof NativeTarget)[]).every((k) => stamp[k] === target[k]);
}

/**
 * The Electron binary of the `electron` package at `electronPackageDir`, or null while it
 * is not downloaded (or is another version's). Reads the package's path.txt rather than
 * `require('electron')`, which would start a download on the spot.
 */
export function electronBinaryPath(electronPackageDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    const relative = fs.readFileSync(path.join(electronPackageDir, 'path.txt'), 'utf8');
    const dist = env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(electronPackageDir, 'dist');
    if (!env.ELECTRON_OVERRIDE_DIST_PATH) {
      const { version } = JSON.parse(fs.readFileSync(path.join(electronPackageDir, 'package.json'), 'utf8')) as {
        version: string;
      };
      if (fs.readFileSync(path.join(dist, 'version'), 'utf8').trim().replace(/^v/, '') !== version) return null;
    }
    const binary = path.join(dist, relative);
    return fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** The first line of an error worth showing: "getaddrinfo ENOTFOUND github.com", not a stack. */
export function causeOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0 && !l.startsWith('at '));
  return (line ?? 'no reason given').replace(/\.$/, '');
}

/**
 * Makes sure the Electron binary and the Electron build of better-sqlite3 are present
 * and current, obtaining only what is missing or stale. The build is made in a staging
 * folder and moved into place only once it has loaded in Electron, so a failure at any
 * point leaves the previous state (never half a build). Throws RuntimeSetupError.
 */
export async function prepareElectronRuntime(options: PrepareOptions): Promise<PrepareReport> {
  const { target, steps, log, nativeDir } = options;
  let electron: PrepareReport['electron'] = 'present';
  if (!steps.electronBinaryInstalled()) {
    log(`Downloading the Electron ${target.electron} binary (once)…`);
    try {
      await steps.installElectronBinary();
    } catch (err) {
      throw new RuntimeSetupError(
        `npm start needs the Electron ${target.electron} binary, downloaded once from the internet, and the download failed (${causeOf(err)}); without internet, ${BROWSER_MODE}.`,
      );
    }
    electron = 'downloaded';
  }
  if (isCurrent(nativeDir, target)) return { electron, nativeModule: 'current' };

  removeLeftoverStaging(nativeDir);
  const staging = `${nativeDir}.staging-${process.pid}`;
  fs.mkdirSync(staging, { recursive: true });
  try {
    log(`Preparing better-sqlite3 ${target.betterSqlite3} for Electron ${target.electron} (once)…`);
    try {
      await steps.obtainNativeModule(staging, target);
    } catch (err) {
      throw new RuntimeSetupError(
        `npm start needs better-sqlite3 ${target.betterSqlite3} built for Electron ${target.electron}, downloaded or built with Electron's headers once from the internet, and that failed (${causeOf(err)}); without internet, ${BROWSER_MODE}.`,
      );
    }
    const file = path.join(staging, NATIVE_BINDING_FILE);
    try {
      await steps.verifyNativeModule(file);
    } catch (err) {
      throw new RuntimeSetupError(
        `The better-sqlite3 module prepared for Electron ${target.electron} does not load in Electron (${causeOf(err)}), so nothing was installed; run \`npm start\` again, or ${BROWSER_MODE}.`,
      );
    }
    const stamp: NativeStamp = { ...target, preparedAt: (options.now?.() ?? new Date()).toISOString() };
    fs.writeFileSync(path.join(staging, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
    fs.rmSync(nativeDir, { recursive: true, force: true });
    fs.renameSync(staging, nativeDir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  log(`better-sqlite3 for Electron ${target.electron} is in ${nativeDir}.`);
  return { electron, nativeModule: 'prepared' };
}

/** Staging folders of a run that was killed halfway. */
function removeLeftoverStaging(nativeDir: string): void {
  const parent = path.dirname(nativeDir);
  const prefix = `${path.basename(nativeDir)}.staging-`;
  if (!fs.existsSync(parent)) return;
  for (const name of fs.readdirSync(parent)) {
    if (name.startsWith(prefix)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}
