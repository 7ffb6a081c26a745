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
  const parsed = webUrl(url);
  return parsed?.protocol === 'https:' && parsed.port === '' && allowList.includes(parsed.hostname);
}

/** The URL if it is an http(s) one without credentials, else null. */
function webUrl(url: string): URL | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const web = parsed.protocol === 'https:' || parsed.protocol === 'http:';
  return web && parsed.username === '' && parsed.password === '' ? parsed : null;
}

/**
 * True for a plain http(s) URL without credentials that the user stored as a validation gate's
 * evidence (a CI run, a dashboard): those hosts cannot be listed in advance, and `isStored`
 * (a look-up in the backend's database) proves the link is the user's own data, not something
 * the page made up.
 */
export async function isStoredEvidenceUrl(
  url: string,
  isStored: (url: string) => boolean | Promise<boolean>,
): Promise<boolean> {
  return webUrl(url) !== null && (await isStored(url));
}

/**
 * Hands an allowed URL to the OS browser (`shell.openExternal`, injected) and resolves with
 * whether it did; anything else is refused and logged, never opened.
 */
export async function openExternalIfAllowed(
  url: string,
  openExternal: (url: string) => Promise<void>,
  log: (message: string) => void,
  allowList: readonly string[] = EXTERNAL_HOST_ALLOW_LIST,
  isStoredEvidence: (url: string) => boolean | Promise<boolean> = () => false,
): Promise<boolean> {
  if (!isAllowedExternalUrl(url, allowList) && !(await isStoredEvidenceUrl(url, isStoredEvidence))) {
    log(
      `Refused to open ${url}: only https links to ${allowList.join(', ')} and the evidence links of validation gates are opened.`,
    );
    return false;
  }
  openExternal(url).catch((err: unknown) => log(`Could not open ${url}: ${String(err)}`));
  return true;
}
