// `npm start` runs this first (prestart; also predev and the package scripts): it gets
// the Electron binary and better-sqlite3 built for Electron when they are missing or
// stale, and does nothing when they are current. On failure it prints one sentence
// and exits 1, having installed nothing.
//
// It prepares this machine's platform and architecture only (native modules cannot be
// cross-compiled): package on each target machine. Behind a mirror or proxy:
// ELECTRON_MIRROR (the Electron binary), npm_config_better_sqlite3_binary_host (the
// prebuilt module), ELECTRON_REBUILD_DIST_URL (Electron's headers, for a build from
// source). RELEASE_CALENDAR_NATIVE_DIR puts the build elsewhere (tests).
import { spawn } from 'node:child_process';
import dns from 'node:dns/promises';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { NATIVE_BINDING_FILE, electronNativeDir } from '../electron/main/native-binding';
import {
  type NativeTarget,
  type PrepareSteps,
  RuntimeSetupError,
  electronBinaryPath,
  prepareElectronRuntime,
} from './electron-runtime';

const ROOT = path.resolve(__dirname, '..');
const ELECTRON_PACKAGE = path.join(ROOT, 'node_modules', 'electron');
const BETTER_SQLITE3_PACKAGE = path.join(ROOT, 'node_modules', 'better-sqlite3');

function packageVersion(dir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Runs a command and resolves with its stdout; rejects with its stderr (or stdout) when it fails. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = ROOT): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(err || out || `exit ${code}`))));
  });
}

// node-gyp reads npm's settings from the environment: npm_config_nodedir (set on some
// build machines) would make an "Electron" build silently target Node's headers.
function withoutNodeTargets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(k)),
  );
}

const ELECTRON_HOST = process.env.ELECTRON_MIRROR ?? 'https://github.com/electron/electron/releases/';
const PREBUILT_HOST =
  process.env.npm_config_better_sqlite3_binary_host ?? 'https://github.com/WiseLibs/better-sqlite3/releases/';
const HEADERS_HOST = process.env.ELECTRON_REBUILD_DIST_URL ?? 'https://www.electronjs.org/headers';

/** Why `url`'s host cannot be reached, or null when it can: the cause that "fetch failed" hides. */
async function unreachable(url: string): Promise<string | null> {
  const { hostname, port, protocol } = new URL(url);
  try {
    await dns.lookup(hostname);
  } catch {
    return `cannot resolve ${hostname}`;
  }
  const portNumber = Number(port || (protocol === 'http:' ? 80 : 443));
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: portNumber, timeout: 10_000 });
    const done = (reason: string | null): void => {
      socket.destroy();
      resolve(reason);
    };
    socket.once('connect', () => done(null));
    socket.once('timeout', () => done(`no answer from ${hostname}:${portNumber}`));
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done(`cannot connect to ${hostname}:${portNumber} (${err.code})`),
    );
  });
}

/** Runs a download step; on failure names the first host it could not reach, else the tool's own reason. */
async function downloading(hosts: string[], step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (err) {
    for (const host of hosts) {
      const reason = await unreachable(host);
      if (reason) throw new Error(reason);
    }
    throw err;
  }
}

const realSteps: PrepareSteps = {
  electronBinaryInstalled: () => electronBinaryPath(ELECTRON_PACKAGE) !== null,
  installElectronBinary: () =>
    downloading([ELECTRON_HOST], async () => {
      await run(process.execPath, [path.join(ELECTRON_PACKAGE, 'install.js')]);
      if (!electronBinaryPath(ELECTRON_PACKAGE)) throw new Error('the download finished without the binary');
    }),
  obtainNativeModule: async (dir, target) => {
    // A copy of the package in its own folder, so the Node build in node_modules is never touched.
    const buildRoot = path.join(dir, 'build-root');
    const copy = path.join(buildRoot, 'node_modules', 'better-sqlite3');
    const nodeBuild = path.join(BETTER_SQLITE3_PACKAGE, 'build');
    fs.mkdirSync(buildRoot, { recursive: true });
    fs.writeFileSync(
      path.join(buildRoot, 'package.json'),
      JSON.stringify({
        name: 'electron-native-build',
        private: true,
        dependencies: { 'better-sqlite3': target.betterSqlite3 },
      }),
    );
    fs.cpSync(BETTER_SQLITE3_PACKAGE, copy, { recursive: true, filter: (src) => !src.startsWith(nodeBuild) });
    // @electron/rebuild tries the prebuilt module first, then builds from source with Electron's
    // headers; run as a child so its output is kept for the one-sentence failure.
    const cli = path.join(ROOT, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js');
    const args = ['--version', target.electron, '--arch', target.arch, '--only', 'better-sqlite3', '--force'];
    await downloading([PREBUILT_HOST, HEADERS_HOST], () =>
      run(
        process.execPath,
        [cli, ...args, '--sequential', '--module-dir', buildRoot],
        withoutNodeTargets(process.env),
        buildRoot,
      ),
    );
    fs.copyFileSync(path.join(copy, 'build', 'Release', NATIVE_BINDING_FILE), path.join(dir, NATIVE_BINDING_FILE));
    fs.rmSync(buildRoot, { recursive: true, force: true });
  },
  verifyNativeModule: async (file) => {
    const binary = electronBinaryPath(ELECTRON_PACKAGE);
    if (!binary) throw new Error('the Electron binary is missing');
    // Electron running as plain Node, with the module that npm start will load.
    const probe = `const D = require(${JSON.stringify(BETTER_SQLITE3_PACKAGE)});
      const db = new D(':memory:', { nativeBinding: ${JSON.stringify(file)} });
      process.stdout.write(db.prepare('select sqlite_version()').pluck().get());`;
    await run(binary, ['-e', probe], { ...process.env, ELECTRON_RUN_AS_NODE: '1' });
  },
};

async function main(): Promise<void> {
  const target: NativeTarget = {
    electron: packageVersion(ELECTRON_PACKAGE),
    abi: fs.readFileSync(path.join(ELECTRON_PACKAGE, 'abi_version'), 'utf8').trim(),
    betterSqlite3: packageVersion(BETTER_SQLITE3_PACKAGE),
    platform: process.platform,
    arch: process.arch,
  };
  const nativeDir = process.env.RELEASE_CALENDAR_NATIVE_DIR ?? electronNativeDir(ROOT, target.platform, target.arch);
  await prepareElectronRuntime({ nativeDir, target, steps: realSteps, log: (line) => console.log(line) });
}

main().catch((err: unknown) => {
  console.error(err instanceof RuntimeSetupError ? err.message : `Could not prepare Electron: ${String(err)}`);
  process.exit(1);
});
