/** The host of an http(s) link, or null for anything else (which is then never made a link). */
function linkHost(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.host : null;
  } catch {
    return null;
  }
}

/**
 * A gate's evidence. It opens outside the app: in the desktop app the window's
 * open handler hands it to the system browser only if it passes the external-link
 * allow-list (electron/main/external-links.ts); in browser mode it opens a new tab
 * without access to this one. The full address is shown on hover and can be copied.
 */
export function EvidenceLink({ url }: { url: string }) {
  const host = linkHost(url);
  if (!host) return <span className="mono gate-evidence-text">{url}</span>;
  return (
    <a className="gate-evidence" href={url} target="_blank" rel="noopener noreferrer" title={url}>
      Evidence <span className="gate-evidence-host">({host})</span>
    </a>
  );
}
