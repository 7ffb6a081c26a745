import type http from 'node:http';
import type { Backend } from '../backend/backend';

// `GET /feeds/<rest>` on a team server (docs/team-mode.md): a subscribable feed, for calendar
// apps and feed readers, which carry no session; the secret in the path is the permission. The
// backend finds the feed and renders it in one transaction (`Backend.feed`); this answers it over
// HTTP. The server mounts it and adds its own security headers and request log (whose path
// `maskFeedSecret` from shared/feeds.ts masks).

export interface FeedHandlerOptions {
  /** Where an unexpected failure goes; the client gets a fixed 500 without its text. */
  logError?: (err: unknown) => void;
}

function send(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: string,
): void {
  const all: Record<string, string | number> = {
    ...headers,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
  if (body !== undefined) all['Content-Length'] = Buffer.byteLength(body, 'utf8');
  res.writeHead(status, all);
  // A HEAD request gets the headers of the GET, without its body.
  res.end(req.method === 'HEAD' ? undefined : body);
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Answers one feed request; `rest` is the path after `/feeds/` (`<secret>/calendar.ics`…, a query
 * string ignored). GET and HEAD only.
 */
export function handleFeedRequest(
  backend: Pick<Backend, 'feed'>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  rest: string,
  options: FeedHandlerOptions = {},
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(
      req,
      res,
      405,
      { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' },
      'Feeds are read with GET.\n',
    );
    return;
  }
  const ifNoneMatch = header(req, 'if-none-match');
  const ifModifiedSince = header(req, 'if-modified-since');
  try {
    const answer = backend.feed(rest, {
      ...(ifNoneMatch !== undefined ? { ifNoneMatch } : {}),
      ...(ifModifiedSince !== undefined ? { ifModifiedSince } : {}),
    });
    send(req, res, answer.status, answer.headers, answer.body);
  } catch (err) {
    options.logError?.(err);
    send(
      req,
      res,
      500,
      { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
      'The feed could not be read; details are in the server log.\n',
    );
  }
}
