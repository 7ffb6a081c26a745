/**
 * Which transport serves the page: the Electron preload, browser mode on 127.0.0.1 (a launch token
 * in the URL fragment, then kept for the tab), or a team server (neither: accounts and a session).
 */
export type TransportKind = 'electron' | 'browser' | 'team';

export function detectTransport(page: {
  hasPreload: boolean;
  hash: string;
  storedToken: string | null;
}): TransportKind {
  if (page.hasPreload) return 'electron';
  if (/(?:^#|&)token=[A-Za-z0-9_-]+/.test(page.hash) || page.storedToken) return 'browser';
  return 'team';
}
