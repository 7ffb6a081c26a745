/** The only hosts a link in the app may open, in the user's browser. Kept short on purpose. */
export const EXTERNAL_HOST_ALLOW_LIST: readonly string[] = ['github.com', 'docs.github.com'];

/** Where Help → "Release Calendar on GitHub" leads; must pass the allow-list above. */
export const PROJECT_URL = 'https://github.com/release-calendar/release-calendar';

/**
 * True only for a plain https:// URL to a host on the allow-list: exact host match (no
 * subdomains, so `github.com.evil.example` and `evil.github.com` fail), default port,
 * no credentials (`https://github.com@evil.example` names the host evil.example).
 */
export function isAllowedExternalUrl(url: string, allowList: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    allowList.includes(parsed.hostname)
  );
}

/**
 * Hands an allowed URL to the OS browser (`shell.openExternal`, injected) and reports
 * whether it did; anything else is refused and logged, never opened.
 */
export function openExternalIfAllowed(
  url: string,
  openExternal: (url: string) => Promise<void>,
  log: (message: string) => void,
  allowList: readonly string[] = EXTERNAL_HOST_ALLOW_LIST,
): boolean {
  if (!isAllowedExternalUrl(url, allowList)) {
    log(`Refused to open ${url}: only https links to ${allowList.join(', ')} are opened.`);
    return false;
  }
  openExternal(url).catch((err: unknown) => log(`Could not open ${url}: ${String(err)}`));
  return true;
}
