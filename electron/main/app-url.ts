/**
 * Where the window's page comes from: the built renderer on disk, or (in development
 * only) electron-vite's dev server. Every "is this our page?" check goes through here.
 */
export type AppLocation = { kind: 'file'; url: string; filePath: string } | { kind: 'dev-server'; url: string };

export interface AppLocationInputs {
  isPackaged: boolean;
  /** `ELECTRON_RENDERER_URL`, which `electron-vite dev` sets. */
  devServerUrl: string | undefined;
  /** Absolute path of the built `renderer/index.html`. */
  indexHtmlPath: string;
  /** `url.pathToFileURL(indexHtmlPath).href`, passed in so this module stays free of Node built-ins. */
  indexHtmlUrl: string;
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** A packaged app never loads a URL from the environment: that would let anyone who can set a variable replace the UI. */
export function resolveAppLocation(inputs: AppLocationInputs): AppLocation {
  if (!inputs.isPackaged && inputs.devServerUrl && isHttpUrl(inputs.devServerUrl)) {
    return { kind: 'dev-server', url: inputs.devServerUrl };
  }
  return { kind: 'file', url: inputs.indexHtmlUrl, filePath: inputs.indexHtmlPath };
}

// Chromium and Node may spell a Windows drive letter in different cases, and escape differently.
function normalizeFilePathname(pathname: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = pathname;
  }
  return decoded.replace(/^\/([a-z]):/i, (_, drive: string) => `/${drive.toUpperCase()}:`);
}

/**
 * True when `url` is our own page: for the built app the very `index.html` file (any
 * query or fragment), since every file:// URL has the same opaque origin; for the
 * dev server, its origin.
 */
export function isAppUrl(url: string, location: AppLocation): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const own = new URL(location.url);
  if (location.kind === 'dev-server') return target.origin === own.origin;
  return (
    target.protocol === 'file:' &&
    target.host === own.host &&
    normalizeFilePathname(target.pathname) === normalizeFilePathname(own.pathname)
  );
}
