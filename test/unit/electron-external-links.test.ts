import { describe, expect, it, vi } from 'vitest';
import {
  EXTERNAL_HOST_ALLOW_LIST,
  PROJECT_URL,
  isAllowedExternalUrl,
  isStoredEvidenceUrl,
  openExternalIfAllowed,
} from '../../electron/main/external-links';

const allow = ['github.com', 'docs.github.com'];

describe('isAllowedExternalUrl', () => {
  it.each(['https://github.com', 'https://github.com/org/repo/issues/1?q=a#top', 'https://docs.github.com/en/actions'])(
    'allows %s',
    (url) => expect(isAllowedExternalUrl(url, allow)).toBe(true),
  );

  it.each([
    ['plain http', 'http://github.com/org/repo'],
    ['javascript:', 'javascript:alert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['a look-alike host', 'https://github.com.evil.example/org/repo'],
    ['a subdomain not on the list', 'https://gist.github.com/x'],
    ['a host that only ends with an allowed one', 'https://evilgithub.com/'],
    ['credentials that hide the real host', 'https://github.com@evil.example/'],
    ['credentials on an allowed host', 'https://user:pass@github.com/'],
    ['a non-default port', 'https://github.com:8443/'],
    ['a custom scheme', 'vscode://file/etc/passwd'],
    ['text that is no URL', 'github.com/org/repo'],
    ['the empty string', ''],
  ])('refuses %s', (_why, url) => expect(isAllowedExternalUrl(url, allow)).toBe(false));

  it('matches hosts case-insensitively, as URLs do', async () => {
    expect(isAllowedExternalUrl('https://GitHub.COM/org', allow)).toBe(true);
  });

  it('lets the Help menu link through the shipped allow-list', async () => {
    expect(isAllowedExternalUrl(PROJECT_URL, EXTERNAL_HOST_ALLOW_LIST)).toBe(true);
  });
});

describe('openExternalIfAllowed', () => {
  it('hands an allowed URL to the opener', async () => {
    const open = vi.fn(() => Promise.resolve());
    const log = vi.fn();
    expect(await openExternalIfAllowed('https://github.com/x', open, log, allow)).toBe(true);
    expect(open).toHaveBeenCalledWith('https://github.com/x');
    expect(log).not.toHaveBeenCalled();
  });

  it('never calls the opener for a refused URL, and logs why', async () => {
    const open = vi.fn(() => Promise.resolve());
    const log = vi.fn();
    expect(await openExternalIfAllowed('file:///etc/passwd', open, log, allow)).toBe(false);
    expect(open).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('Refused to open file:///etc/passwd'));
  });

  it('logs an opener failure instead of leaving a rejected promise', async () => {
    const log = vi.fn();
    await openExternalIfAllowed('https://github.com/x', () => Promise.reject(new Error('no browser')), log, allow);
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith(expect.stringContaining('no browser')));
  });
});

describe('evidence links of validation gates', () => {
  const stored = new Set(['https://ci.example.com/runs/42', 'http://dash.internal/build?id=7']);
  const isStored = (url: string) => stored.has(url);

  it('opens an http(s) link only when the user stored it as a gate’s evidence', async () => {
    expect(await isStoredEvidenceUrl('https://ci.example.com/runs/42', isStored)).toBe(true);
    expect(await isStoredEvidenceUrl('http://dash.internal/build?id=7', isStored)).toBe(true);
    expect(await isStoredEvidenceUrl('https://ci.example.com/runs/43', isStored)).toBe(false);
  });

  it('refuses other schemes and credentials even if such a string were stored', async () => {
    const anything = () => true;
    expect(await isStoredEvidenceUrl('file:///etc/passwd', anything)).toBe(false);
    expect(await isStoredEvidenceUrl('javascript:alert(1)', anything)).toBe(false);
    expect(await isStoredEvidenceUrl('https://user:pw@ci.example.com/', anything)).toBe(false);
    expect(await isStoredEvidenceUrl('not a url', anything)).toBe(false);
  });

  it('openExternalIfAllowed opens a stored evidence link off the allow-list, and nothing else', async () => {
    const open = vi.fn(() => Promise.resolve());
    const log = vi.fn();
    expect(await openExternalIfAllowed('https://ci.example.com/runs/42', open, log, ['github.com'], isStored)).toBe(
      true,
    );
    expect(await openExternalIfAllowed('https://evil.example/', open, log, ['github.com'], isStored)).toBe(false);
    expect(open).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('Refused to open https://evil.example/'));
  });
});
