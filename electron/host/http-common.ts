import { timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { ApiError, ApiResponse } from '../../shared/errors';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { type HostTimeouts, MAX_BODY_BYTES } from './limits';

// What both HTTP transports share, browser mode (electron/host/server.ts) and the team server
// (electron/server/): the security headers, JSON answers in the API's envelope, reading a body up
// to the limit, the answer to requests Node's parser gives up on, and the built renderer's files.

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The HTTP status of each error code of the API. */
export const STATUS: Record<ApiError['code'], number> = {
  unknown_method: 404,
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  rule_violation: 422,
  unauthorized: 401,
  forbidden: 403,
  busy: 503,
  unavailable: 503,
  internal: 500,
};

export function securityHeaders(res: http.ServerResponse): void {
  res.setHeader('Content-Security-Policy', `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: ApiResponse<unknown>,
  headers: http.OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

export type RefusalCode =
  | 'unauthorized'
  | 'forbidden'
  | 'invalid_input'
  | 'unknown_method'
  | 'not_found'
  | 'rule_violation'
  | 'busy'
  | 'internal';

export function refuse(
  res: http.ServerResponse,
  code: RefusalCode,
  message: string,
  status: number = STATUS[code],
  headers: http.OutgoingHttpHeaders = {},
): void {
  sendJson(res, status, { ok: false, error: { code, message } }, headers);
}

/**
 * The answer to a request Node's parser gave up on (too slow, not HTTP, headers too large),
 * written straight to the socket because no response object exists for it.
 */
export function clientErrorAnswer(err: NodeJS.ErrnoException): string | null {
  let status: number;
  let message: string;
  switch (err.code) {
    case 'ECONNRESET':
    case 'EPIPE':
      return null; // the client is gone: nobody to answer
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      status = 408;
      message = 'The request arrived too slowly and was dropped; send it again.';
      break;
    case 'HPE_HEADER_OVERFLOW':
      status = 431;
      message = 'The request headers are too large; send fewer or shorter headers.';
      break;
    default:
      status = 400;
      message = 'The request is not valid HTTP; send it from the app or an HTTP client.';
  }
  const body = JSON.stringify({ ok: false, error: { code: 'invalid_input', message } } satisfies ApiResponse<never>);
  return [
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** Two secrets compared in constant time. */
export function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Reads the body up to the limit. Past it the rest is read and thrown away rather than the
 * connection cut, so the client, still sending, gets to read the 413 answered meanwhile.
 */
export function readBody(
  req: http.IncomingMessage,
  limit: number = MAX_BODY_BYTES,
): Promise<string | 'too_large' | 'gone'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (c: Buffer): void => {
      size += c.length;
      if (size > limit) {
        chunks.length = 0;
        req.off('data', collect);
        req.resume();
        resolve('too_large');
        return;
      }
      chunks.push(c);
    };
    req.on('data', collect);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve('gone'));
  });
}

/** Key and certificate (PEM) of an HTTPS server. */
export interface TlsFiles {
  key: string | Buffer;
  cert: string | Buffer;
}

/**
 * An HTTP (or, given `tls`, HTTPS) server with the transports' timeouts, whose `clientError`
 * handler answers what Node's parser gives up on with the typed envelope, unless an answer was
 * already written on that connection.
 */
export function createAppServer(
  timeouts: HostTimeouts,
  route: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  tls?: TlsFiles,
): http.Server | https.Server {
  /**
   * The exchange under way on each connection, until its request has fully arrived and its answer
   * is sent: a timeout while the rest of a refused body drains must not write a second answer.
   */
  const answering = new WeakMap<Duplex, http.ServerResponse>();
  const options: http.ServerOptions = {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    // Node closes expired connections when it checks, so check often enough to be on time.
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(timeouts.headersMs / 4))),
  };
  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    answering.set(req.socket, res);
    const settle = (): void => {
      if (req.complete && res.writableFinished && answering.get(req.socket) === res) answering.delete(req.socket);
    };
    res.on('finish', settle);
    req.on('end', settle);
    route(req, res);
  };
  const server = tls ? https.createServer({ ...options, ...tls }, handle) : http.createServer(options, handle);
  server.keepAliveTimeout = timeouts.keepAliveMs;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const answer = clientErrorAnswer(err);
    if (answer !== null && socket.writable && !(answering.get(socket)?.headersSent ?? false))
      socket.end(answer, () => socket.destroy());
    else socket.destroy();
  });
  return server;
}

/**
 * Serves a file of the built renderer. Unknown paths without an extension get the app shell
 * (index.html: the app routes them); a missing asset, or a path outside the folder, is 404.
 */
export function serveStatic(staticRoot: string, pathname: string, res: http.ServerResponse, noSuchFile: string): void {
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(staticRoot, relative);
  if (!file.startsWith(staticRoot + path.sep)) {
    refuse(res, 'not_found', noSuchFile);
    return;
  }
  fs.readFile(file, (err, data) => {
    if (err) {
      if (path.extname(relative) === '') {
        fs.readFile(path.join(staticRoot, 'index.html'), (err2, html) => {
          if (err2) refuse(res, 'internal', 'The app\'s pages are not built; run "npm run build".');
          else res.writeHead(200, { 'Content-Type': MIME['.html'], 'Cache-Control': 'no-store' }).end(html);
        });
      } else refuse(res, 'not_found', noSuchFile);
      return;
    }
    res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' }).end(data);
  });
}
