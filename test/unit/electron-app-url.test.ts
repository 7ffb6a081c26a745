import { describe, expect, it } from 'vitest';
import { type AppLocation, isAppUrl, resolveAppLocation } from '../../electron/main/app-url';

const FILE: AppLocation = {
  kind: 'file',
  url: 'file:///opt/Release%20Calendar/resources/app.asar/out/renderer/index.html',
  filePath: '/opt/Release Calendar/resources/app.asar/out/renderer/index.html',
};
const DEV: AppLocation = { kind: 'dev-server', url: 'http://localhost:5173/' };

describe('resolveAppLocation', () => {
  const inputs = {
    indexHtmlPath: '/app/out/renderer/index.html',
    indexHtmlUrl: 'file:///app/out/renderer/index.html',
  };

  it('uses the dev server in development', () => {
    expect(resolveAppLocation({ ...inputs, isPackaged: false, devServerUrl: 'http://localhost:5173' })).toEqual({
      kind: 'dev-server',
      url: 'http://localhost:5173',
    });
  });

  it('never lets a packaged app load a URL from the environment', () => {
    expect(resolveAppLocation({ ...inputs, isPackaged: true, devServerUrl: 'https://evil.example' })).toEqual({
      kind: 'file',
      url: inputs.indexHtmlUrl,
      filePath: inputs.indexHtmlPath,
    });
  });

  it('ignores a dev server URL that is not http(s)', () => {
    expect(resolveAppLocation({ ...inputs, isPackaged: false, devServerUrl: 'file:///tmp/x.html' }).kind).toBe('file');
    expect(resolveAppLocation({ ...inputs, isPackaged: false, devServerUrl: undefined }).kind).toBe('file');
  });
});

describe('isAppUrl', () => {
  it('accepts our index.html, with any query or fragment', () => {
    expect(isAppUrl(FILE.url, FILE)).toBe(true);
    expect(isAppUrl(`${FILE.url}?view=calendar#/trains`, FILE)).toBe(true);
  });

  it('accepts the same file spelled with or without percent-escapes', () => {
    expect(isAppUrl('file:///opt/Release Calendar/resources/app.asar/out/renderer/index.html', FILE)).toBe(true);
  });

  it('refuses another file, even one next to ours', () => {
    expect(isAppUrl('file:///opt/Release%20Calendar/resources/app.asar/out/renderer/other.html', FILE)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', FILE)).toBe(false);
  });

  it('refuses other schemes and garbage', () => {
    expect(isAppUrl('https://github.com/', FILE)).toBe(false);
    expect(isAppUrl('about:blank', FILE)).toBe(false);
    expect(isAppUrl('not a url', FILE)).toBe(false);
  });

  it('treats a Windows drive letter case-insensitively', () => {
    const win: AppLocation = { kind: 'file', url: 'file:///c:/App/out/renderer/index.html', filePath: '' };
    expect(isAppUrl('file:///C:/App/out/renderer/index.html', win)).toBe(true);
  });

  it('accepts any page of the dev server origin, and nothing else', () => {
    expect(isAppUrl('http://localhost:5173/', DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', DEV)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', DEV)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', DEV)).toBe(false);
  });
});
