import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/backend/db/connection';
import { DatabaseOpenError } from '../../electron/backend/db/open-error';
import { electronNativeBinding, electronNativeDir } from '../../electron/main/native-binding';
import { useTempDirs } from '../helpers/temp-dir';

// Two runtimes, one native module each: the Node side (tests, CLI, browser mode) loads the
// build `npm ci` made in node_modules; the desktop app passes the path of its Electron build
// through better-sqlite3's nativeBinding option. Which shared object a process loaded is read
// from Node's own diagnostic report, not inferred.

const ROOT = path.resolve(__dirname, '../..');
const NODE_BUILD = path.join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const tempDir = useTempDirs('rc-native-');

/** Opens a database in a fresh Node process (nothing loaded yet) and prints the better_sqlite3 objects it loaded. */
function loadedIn(file: string, nativeBinding?: string): Promise<{ code: number | null; out: string; err: string }> {
  const script = `
    const { openDatabase } = require(${JSON.stringify(path.join(ROOT, 'electron/backend/db/connection.ts'))});
    try {
      openDatabase(${JSON.stringify(file)}, ${nativeBinding ? `{ nativeBinding: ${JSON.stringify(nativeBinding)} }` : '{}'}).db.close();
    } catch (err) {
      console.error(err.kind + ': ' + err.message);
      process.exit(3);
    }
    const objects = process.report.getReport().sharedObjects.filter((o) => o.endsWith('better_sqlite3.node'));
    console.log(JSON.stringify(objects));`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('the native module per runtime', () => {
  it('loads the Node build from node_modules when no binding is given (tests, CLI, browser mode)', async () => {
    const r = await loadedIn(path.join(tempDir(), 'node.db'));
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual([fs.realpathSync(NODE_BUILD)]);
  });

  it('loads exactly the build it is given, and not the one in node_modules', async () => {
    // A copy stands in for the Electron build (this Node cannot load a real one).
    const dir = tempDir();
    const copy = path.join(dir, 'better_sqlite3.node');
    fs.copyFileSync(NODE_BUILD, copy);
    const r = await loadedIn(path.join(dir, 'given.db'), copy);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual([fs.realpathSync(copy)]);
  });

  it('refuses a missing build with what to do, before creating the database file', () => {
    const dir = tempDir();
    const missing = path.join(dir, 'native', 'better_sqlite3.node');
    const file = path.join(dir, 'app.db');
    let error: unknown;
    try {
      openDatabase(file, { nativeBinding: missing });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as DatabaseOpenError).kind).toBe('native_module');
    expect((error as DatabaseOpenError).message).toBe(
      `The SQLite module built for this runtime is missing (${missing}); reinstall the app (developers: run \`npm start\`, which prepares it).`,
    );
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a build for another runtime as a native-module failure', () => {
    const dir = tempDir();
    const wrong = path.join(dir, 'better_sqlite3.node');
    fs.writeFileSync(wrong, 'not a shared object');
    expect(() => openDatabase(path.join(dir, 'app.db'), { nativeBinding: wrong })).toThrow(
      expect.objectContaining({ kind: 'native_module', message: expect.stringContaining('built for another runtime') }),
    );
  });
});

describe('the desktop app finds its Electron build', () => {
  it('in a checkout, where prepare-electron puts it; packaged, in resources/native', () => {
    const mainDir = path.join(ROOT, 'out', 'main');
    expect(
      electronNativeBinding({ isPackaged: false, mainDir, resourcesPath: '/unused', platform: 'linux', arch: 'x64' }),
    ).toBe(path.join(electronNativeDir(ROOT, 'linux', 'x64'), 'better_sqlite3.node'));
    expect(
      electronNativeBinding({
        isPackaged: true,
        mainDir: '/opt/Release Calendar/resources/app.asar/out/main',
        resourcesPath: '/opt/Release Calendar/resources',
        platform: 'linux',
        arch: 'x64',
      }),
    ).toBe('/opt/Release Calendar/resources/native/better_sqlite3.node');
    // Never the Node build.
    expect(electronNativeDir(ROOT, 'linux', 'x64')).not.toContain('node_modules');
  });

  it('electron-builder packs that folder into resources/native, and leaves the Node build out', () => {
    const config = fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
    const dirInRepo = path
      .relative(ROOT, electronNativeDir(ROOT, '${platform}', '${arch}'))
      .split(path.sep)
      .join('/');
    expect(config).toContain(`  - from: ${dirInRepo}\n    to: native\n`);
    expect(config).toMatch(/^npmRebuild: false$/m);
    expect(config).toContain("'!node_modules/better-sqlite3/{build,deps,src}/**'");
  });
});

describe('npm start without internet', () => {
  it('prints one sentence naming what is missing and browser mode, exits non-zero, and installs nothing', async () => {
    const nativeDir = path.join(tempDir(), 'native', 'linux-x64');
    // Every download goes to a closed port: the network step fails as it does offline.
    const closed = 'http://127.0.0.1:9/';
    const env = {
      ...process.env,
      ELECTRON_MIRROR: closed,
      npm_config_better_sqlite3_binary_host: closed,
      ELECTRON_REBUILD_DIST_URL: closed,
      RELEASE_CALENDAR_NATIVE_DIR: nativeDir,
    };
    const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn('npm', ['start'], { cwd: ROOT, env });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('close', (code) => resolve({ code, out, err }));
    });
    expect(r.code).not.toBe(0);
    // npm warns about the prebuilt-host variable it does not know (prebuild-install reads it, not npm).
    const lines = r.err
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('npm warn Unknown env config "better-sqlite3-binary-host"'));
    expect(lines).toHaveLength(1);
    // The Electron binary where it was never downloaded (here), else the Electron build of the module.
    expect(lines[0]).toMatch(
      /^npm start needs (the Electron [\d.]+ binary|better-sqlite3 [\d.]+ built for Electron [\d.]+), .*\(cannot connect to 127\.0\.0\.1:9 \(ECONNREFUSED\)\); without internet, run the app in browser mode with `npm run browser`\.$/,
    );
    // It stopped before building or launching anything.
    expect(r.out).not.toMatch(/vite|electron-vite|building/i);
    expect(fs.existsSync(path.dirname(nativeDir)) ? fs.readdirSync(path.dirname(nativeDir)) : []).toEqual([]);
  }, 120_000);
});
