import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  type NativeTarget,
  type PrepareSteps,
  RuntimeSetupError,
  causeOf,
  electronBinaryPath,
  isCurrent,
  prepareElectronRuntime,
  readStamp,
} from '../../scripts/electron-runtime';
import { useTempDirs } from '../helpers/temp-dir';

// The prestart step of `npm start`: it obtains the Electron binary and the Electron build of
// better-sqlite3 only when they are missing or stale, installs a build only once it has
// loaded in Electron, and fails with one sentence leaving nothing half-installed. The
// network and Electron are stood in for by the injected steps.

const TARGET: NativeTarget = {
  electron: '45.5.0',
  abi: '150',
  betterSqlite3: '12.11.1',
  platform: 'linux',
  arch: 'x64',
};

const tempDir = useTempDirs('rc-electron-runtime-');

function fakeSteps(overrides: Partial<PrepareSteps> = {}) {
  const calls: string[] = [];
  const steps: PrepareSteps = {
    electronBinaryInstalled: () => true,
    installElectronBinary: vi.fn(async () => void calls.push('install')),
    obtainNativeModule: vi.fn(async (dir: string) => {
      calls.push('obtain');
      fs.writeFileSync(path.join(dir, 'better_sqlite3.node'), 'built for electron');
    }),
    verifyNativeModule: vi.fn(async (file: string) => {
      calls.push('verify');
      expect(fs.readFileSync(file, 'utf8')).toBe('built for electron');
    }),
    ...overrides,
  };
  return { steps, calls };
}

function setup() {
  const root = tempDir();
  const nativeDir = path.join(root, 'native', 'electron', 'linux-x64');
  return { root, nativeDir };
}

const silent = () => {};

describe('prepareElectronRuntime', () => {
  it('obtains, verifies and stamps a missing build, then finds it current and does nothing (idempotent)', async () => {
    const { nativeDir } = setup();
    const { steps, calls } = fakeSteps();
    const now = () => new Date('2026-12-04T10:00:00Z');

    const first = await prepareElectronRuntime({ nativeDir, target: TARGET, steps, log: silent, now });
    expect(first).toEqual({ electron: 'present', nativeModule: 'prepared' });
    expect(calls).toEqual(['obtain', 'verify']);
    expect(readStamp(nativeDir)).toEqual({ ...TARGET, preparedAt: '2026-12-04T10:00:00.000Z' });
    expect(fs.readFileSync(path.join(nativeDir, 'better_sqlite3.node'), 'utf8')).toBe('built for electron');

    const second = await prepareElectronRuntime({ nativeDir, target: TARGET, steps, log: silent, now });
    expect(second).toEqual({ electron: 'present', nativeModule: 'current' });
    expect(calls).toEqual(['obtain', 'verify']);
    expect(fs.readdirSync(path.dirname(nativeDir))).toEqual(['linux-x64']);
  });

  it.each([
    ['Electron', { electron: '46.0.0' }],
    ['its ABI', { abi: '151' }],
    ['better-sqlite3', { betterSqlite3: '12.12.0' }],
    ['the architecture', { arch: 'arm64' }],
  ] as const)('rebuilds a build made for another version of %s', async (_what, change) => {
    const { nativeDir } = setup();
    const { steps, calls } = fakeSteps();
    await prepareElectronRuntime({ nativeDir, target: TARGET, steps, log: silent });
    const next = { ...TARGET, ...change };
    expect(isCurrent(nativeDir, next)).toBe(false);
    await prepareElectronRuntime({ nativeDir, target: next, steps, log: silent });
    expect(calls).toEqual(['obtain', 'verify', 'obtain', 'verify']);
    expect(readStamp(nativeDir)).toMatchObject(next);
    expect(isCurrent(nativeDir, next)).toBe(true);
  });

  it('treats a stamp without its module, or a module without its stamp, as missing', async () => {
    const { nativeDir } = setup();
    const { steps, calls } = fakeSteps();
    fs.mkdirSync(nativeDir, { recursive: true });
    fs.writeFileSync(path.join(nativeDir, 'stamp.json'), JSON.stringify(TARGET));
    expect(isCurrent(nativeDir, TARGET)).toBe(false);
    await prepareElectronRuntime({ nativeDir, target: TARGET, steps, log: silent });

    fs.rmSync(path.join(nativeDir, 'stamp.json'));
    expect(isCurrent(nativeDir, TARGET)).toBe(false);
    await prepareElectronRuntime({ nativeDir, target: TARGET, steps, log: silent });
    expect(calls).toEqual(['obtain', 'verify', 'obtain', 'verify']);
  });

  it('downloads the Electron binary only when it is missing', async () => {
    const { nativeDir } = setup();
    let installed = false;
    const { steps, calls } = fakeSteps({
      electronBinaryInstalled: () => installed,
      installElectronBinary: async () => {
        calls.push('install');
        installed = true;
      },
    });
    expect(await prepareElectronRuntime({ nativeDir, target: TARGET, steps, log: silent })).toEqual({
      electron: 'downloaded',
      nativeModule: 'prepared',
    });
    expect(await prepareElectronRuntime({ nativeDir, target: TARGET, steps, log: silent })).toEqual({
      electron: 'present',
      nativeModule: 'current',
    });
    expect(calls).toEqual(['install', 'obtain', 'verify']);
  });

  it('fails with one sentence when the Electron download fails, and goes no further', async () => {
    const { nativeDir } = setup();
    const { steps, calls } = fakeSteps({
      electronBinaryInstalled: () => false,
      installElectronBinary: () => Promise.reject(new Error('cannot resolve github.com')),
    });
    const failure = prepareElectronRuntime({ nativeDir, target: TARGET, steps, log: silent });
    await expect(failure).rejects.toThrow(RuntimeSetupError);
    await expect(failure).rejects.toThrow(
      'npm start needs the Electron 45.5.0 binary, downloaded once from the internet, and the download failed (cannot resolve github.com); without internet, run the app in browser mode with `npm run browser`.',
    );
    expect(calls).toEqual([]);
    expect(fs.existsSync(path.dirname(nativeDir))).toBe(false);
  });

  it('fails with one sentence when the module cannot be obtained, leaving no staging folder and the old build untouched', async () => {
    const { nativeDir } = setup();
    const ok = fakeSteps();
    await prepareElectronRuntime({ nativeDir, target: TARGET, steps: ok.steps, log: silent });
    const before = readStamp(nativeDir);

    const { steps } = fakeSteps({
      obtainNativeModule: async (dir) => {
        // Half a download lands in the staging folder before the network goes.
        fs.writeFileSync(path.join(dir, 'better_sqlite3.node'), 'half');
        throw new Error('cannot connect to www.electronjs.org:443 (ECONNREFUSED)');
      },
    });
    const next = { ...TARGET, electron: '46.0.0' };
    const error = await prepareElectronRuntime({ nativeDir, target: next, steps, log: silent }).catch((e) => e);
    expect(error).toBeInstanceOf(RuntimeSetupError);
    expect(error.message).toBe(
      "npm start needs better-sqlite3 12.11.1 built for Electron 46.0.0, downloaded or built with Electron's headers once from the internet, and that failed (cannot connect to www.electronjs.org:443 (ECONNREFUSED)); without internet, run the app in browser mode with `npm run browser`.",
    );
    expect(error.message.split('\n')).toHaveLength(1);
    expect(fs.readdirSync(path.dirname(nativeDir))).toEqual(['linux-x64']);
    expect(readStamp(nativeDir)).toEqual(before);
    expect(fs.readFileSync(path.join(nativeDir, 'better_sqlite3.node'), 'utf8')).toBe('built for electron');
  });

  it('installs nothing when the module does not load in Electron (built for Node by mistake)', async () => {
    const { nativeDir } = setup();
    const { steps } = fakeSteps({
      verifyNativeModule: () =>
        Promise.reject(
          new Error(
            "Error: The module 'better_sqlite3.node' was compiled against a different Node.js version using\nNODE_MODULE_VERSION 115.\n    at Module._extensions..node",
          ),
        ),
    });
    const error = await prepareElectronRuntime({ nativeDir, target: TARGET, steps, log: silent }).catch((e) => e);
    expect(error).toBeInstanceOf(RuntimeSetupError);
    expect(error.message).toContain('does not load in Electron');
    expect(error.message).toContain('was compiled against a different Node.js version using');
    expect(error.message).toContain('nothing was installed');
    expect(fs.existsSync(nativeDir)).toBe(false);
    expect(fs.readdirSync(path.dirname(nativeDir))).toEqual([]);
  });

  it('clears the staging folder of a run that was killed halfway', async () => {
    const { nativeDir } = setup();
    const leftover = `${nativeDir}.staging-99999`;
    fs.mkdirSync(leftover, { recursive: true });
    fs.writeFileSync(path.join(leftover, 'better_sqlite3.node'), 'half');
    await prepareElectronRuntime({ nativeDir, target: TARGET, steps: fakeSteps().steps, log: silent });
    expect(fs.readdirSync(path.dirname(nativeDir))).toEqual(['linux-x64']);
  });
});

describe('causeOf', () => {
  it('keeps the first line that is not part of a stack', () => {
    expect(causeOf(new Error('\nTypeError: fetch failed\n    at node:internal/deps/undici\n'))).toBe(
      'TypeError: fetch failed',
    );
    expect(causeOf('gyp ERR! stack Error: 404.')).toBe('gyp ERR! stack Error: 404');
    expect(causeOf(new Error(''))).toBe('no reason given');
  });
});

describe('electronBinaryPath', () => {
  function electronPackage(version: string, downloaded: string | null) {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version }));
    if (downloaded !== null) {
      fs.writeFileSync(path.join(dir, 'path.txt'), 'electron');
      fs.mkdirSync(path.join(dir, 'dist'));
      fs.writeFileSync(path.join(dir, 'dist', 'version'), downloaded);
      fs.writeFileSync(path.join(dir, 'dist', 'electron'), '');
    }
    return dir;
  }

  it('finds the downloaded binary of this version only', () => {
    const current = electronPackage('45.5.0', 'v45.5.0');
    expect(electronBinaryPath(current, {})).toBe(path.join(current, 'dist', 'electron'));
    expect(electronBinaryPath(electronPackage('45.5.0', null), {})).toBeNull();
    expect(electronBinaryPath(electronPackage('45.5.0', 'v44.0.0'), {})).toBeNull();
  });
});
