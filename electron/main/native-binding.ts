import path from 'node:path';

// One native module, two runtimes: `npm ci` builds better-sqlite3 in node_modules for
// Node (tests, CLI, browser mode), and the desktop app loads a second build, made for
// Electron's ABI by `scripts/prepare-electron.ts`, through better-sqlite3's
// `nativeBinding` option. Neither build overwrites the other. No Electron import here:
// the prepare script uses the same paths.

export const NATIVE_BINDING_FILE = 'better_sqlite3.node';

/** Folder of the Electron build in a checkout; electron-builder.yml packs it from the same place. */
export function electronNativeDir(projectRoot: string, platform: string, arch: string): string {
  return path.join(projectRoot, 'native', 'electron', `${platform}-${arch}`);
}

export interface NativeBindingLocation {
  isPackaged: boolean;
  /** The folder of the main bundle (out/main in a checkout). */
  mainDir: string;
  /** Electron's `process.resourcesPath`. */
  resourcesPath: string;
  platform: string;
  arch: string;
}

/** The better-sqlite3 build the desktop app loads: resources/native in a package (extraResources), else the prepared one. */
export function electronNativeBinding(location: NativeBindingLocation): string {
  if (location.isPackaged) return path.join(location.resourcesPath, 'native', NATIVE_BINDING_FILE);
  const projectRoot = path.resolve(location.mainDir, '..', '..');
  return path.join(electronNativeDir(projectRoot, location.platform, location.arch), NATIVE_BINDING_FILE);
}
