import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import type { AppLocation } from '../../electron/main/app-url';
import { hardenSession, hardenWebContents, withContentSecurityPolicy } from '../../electron/main/security';

const APP: AppLocation = {
  kind: 'file',
  url: 'file:///app/out/renderer/index.html',
  filePath: '/app/out/renderer/index.html',
};
const ALLOW = ['github.com'];

type OpenHandler = (details: { url: string }) => { action: string };

/** Just enough of a WebContents to emit its navigation events. */
class FakeContents extends EventEmitter {
  openHandler: OpenHandler | undefined;
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }
  /** Emits `name` the way Electron does and reports whether a listener prevented it. */
  attempt(name: string, url?: string): boolean {
    let prevented = false;
    this.emit(name, {
      url,
      preventDefault: () => {
        prevented = true;
      },
    });
    return prevented;
  }
}

function setUp() {
  const contents = new FakeContents();
  const openExternal = vi.fn(() => Promise.resolve());
  const log = vi.fn();
  hardenWebContents(contents as unknown as WebContents, { location: APP, allowList: ALLOW, openExternal, log });
  return { contents, openExternal, log };
}

describe('hardenWebContents', () => {
  it('lets the window stay on our own page', () => {
    const { contents, openExternal } = setUp();
    expect(contents.attempt('will-navigate', `${APP.url}#/calendar`)).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('keeps the window from navigating away, and sends an allowed link to the browser', () => {
    const { contents, openExternal } = setUp();
    expect(contents.attempt('will-navigate', 'https://github.com/org/repo')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://github.com/org/repo');
  });

  it.each(['https://evil.example/', 'http://github.com/', 'file:///etc/passwd', 'javascript:alert(1)'])(
    'refuses to navigate to %s and opens nothing',
    async (url) => {
      const { contents, openExternal, log } = setUp();
      expect(contents.attempt('will-navigate', url)).toBe(true);
      // Off the allow-list the backend is asked whether it is a stored evidence link: the refusal comes after.
      await vi.waitFor(() => expect(log).toHaveBeenCalled());
      expect(openExternal).not.toHaveBeenCalled();
    },
  );

  it('refuses redirects away from our page without opening them', () => {
    const { contents, openExternal } = setUp();
    expect(contents.attempt('will-redirect', 'https://github.com/login')).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('denies every new window; an allowed link opens in the browser instead', async () => {
    const { contents, openExternal, log } = setUp();
    expect(contents.openHandler?.({ url: 'https://github.com/x' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: APP.url })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith(expect.stringContaining('https://evil.example/')));
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = setUp();
    expect(contents.attempt('will-attach-webview')).toBe(true);
  });
});

describe('withContentSecurityPolicy', () => {
  it('adds the policy and replaces any the response carried, whatever its case', () => {
    const headers = { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] };
    expect(withContentSecurityPolicy(headers, "default-src 'self'")).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': ["default-src 'self'"],
    });
  });

  it('works on a response without headers', () => {
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});

describe('hardenSession', () => {
  type HeadersListener = (
    details: { url: string; responseHeaders?: Record<string, string[]> },
    callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
  ) => void;

  type PermissionRequest = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
  type PermissionCheck = (...args: unknown[]) => boolean;

  /** Records the handlers hardenSession installs. */
  class FakeSession {
    request: PermissionRequest | undefined;
    check: PermissionCheck | undefined;
    headers: HeadersListener | undefined;
    setPermissionRequestHandler(handler: PermissionRequest): void {
      this.request = handler;
    }
    setPermissionCheckHandler(handler: PermissionCheck): void {
      this.check = handler;
    }
    webRequest = {
      onHeadersReceived: (handler: HeadersListener): void => {
        this.headers = handler;
      },
    };
  }
  const fakeSession = () => new FakeSession();

  function headersFor(location: AppLocation, url: string) {
    const fake = fakeSession();
    hardenSession(fake as unknown as Session, { location, contentSecurityPolicy: "default-src 'self'" });
    const callback = vi.fn();
    fake.headers?.({ url, responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    return callback.mock.calls[0]?.[0] as { responseHeaders?: Record<string, string[]> };
  }

  it('denies every permission request and check', () => {
    const fake = fakeSession();
    hardenSession(fake as unknown as Session, { location: APP, contentSecurityPolicy: 'x' });
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      fake.request?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(fake.check?.({}, permission, 'file://', {})).toBe(false);
    }
  });

  it('sends the CSP header with the app and any other response', () => {
    expect(headersFor(APP, APP.url).responseHeaders?.['Content-Security-Policy']).toEqual(["default-src 'self'"]);
    expect(headersFor(APP, 'https://example.com/x.js').responseHeaders?.['Content-Security-Policy']).toEqual([
      "default-src 'self'",
    ]);
  });

  it("leaves the dev server's responses alone, so hot reload keeps working", () => {
    const dev: AppLocation = { kind: 'dev-server', url: 'http://localhost:5173/' };
    expect(headersFor(dev, 'http://localhost:5173/@vite/client')).toEqual({});
  });
});
