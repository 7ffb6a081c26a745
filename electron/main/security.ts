import type { Session, WebContents } from 'electron';
import { type AppLocation, isAppUrl } from './app-url';
import { openExternalIfAllowed } from './external-links';

export interface ContentsHardening {
  location: AppLocation;
  allowList: readonly string[];
  openExternal: (url: string) => Promise<void>;
  log: (message: string) => void;
  /** Whether a URL is stored as a validation gate's evidence link (those open too). */
  isStoredEvidence?: (url: string) => boolean | Promise<boolean>;
}

/**
 * Locks one webContents (the window's, and any other Electron creates): no navigation
 * away from our page, no new windows, no <webview>. A link that tries to leave goes to
 * the user's browser if it passes the external-URL allow-list, and nowhere otherwise.
 */
export function hardenWebContents(contents: WebContents, options: ContentsHardening): void {
  const leave = (url: string): void => {
    void openExternalIfAllowed(url, options.openExternal, options.log, options.allowList, options.isStoredEvidence);
  };
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, options.location)) return;
    event.preventDefault();
    leave(event.url);
  });
  // A redirect is never a user's click: refuse it without opening anything.
  contents.on('will-redirect', (event) => {
    if (isAppUrl(event.url, options.location)) return;
    event.preventDefault();
    options.log(`Refused a redirect to ${event.url}.`);
  });
  contents.setWindowOpenHandler(({ url }) => {
    leave(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.log('Refused to attach a <webview>.');
  });
}

/**
 * Adds our Content-Security-Policy to a response, replacing any the response carried
 * (header names are case-insensitive, so every spelling of it is dropped first).
 */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string,
): Record<string, string[]> {
  const kept = Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy');
  return { ...Object.fromEntries(kept), 'Content-Security-Policy': [policy] };
}

export interface SessionHardening {
  location: AppLocation;
  contentSecurityPolicy: string;
}

/** Denies every permission (camera, notifications, clipboard read, …) and sends our CSP with every response. */
export function hardenSession(session: Session, options: SessionHardening): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    // Vite's dev server serves its HMR client and React Fast Refresh preamble under its own
    // rules; forcing the production header on it would break hot reload. Its pages still
    // carry the policy's <meta> tag, and a packaged app never uses a dev server.
    if (options.location.kind === 'dev-server' && isAppUrl(details.url, options.location)) {
      callback({});
      return;
    }
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, options.contentSecurityPolicy) });
  });
}
