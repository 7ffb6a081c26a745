/**
 * The renderer's Content Security Policy, one source for the Electron window (meta
 * tag and response header) and browser mode: only our own scripts and API, no
 * inline script, no eval, no plugins, no foreign frames or forms.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
