import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { ApiError, ApiResponse } from '../../shared/errors';
import type { Dispatch } from '../backend/dispatcher';
import { isMethodName } from '../backend/dispatcher';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { DEFAULT_TIMEOUTS, type HostTimeouts, MAX_BODY_BYTES, TOO_LARGE_MESSAGE } from './limits';

export type { HostTimeouts } from './limits';

export interface HostOptions {
  dispatch: Dispatch;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  /** Fixed token for tests; by default a fresh random one per launch. */
  token?: string;
  /** How long a client may take to send a request; tests shorten them to watch one being closed. */
  timeouts?: HostTimeouts;
}

export interface RunningHost {
  url: string;
  /** The URL to open: carries the token in the fragment, which browsers never send to a server. */
  launchUrl: string;
  token: string;
  port: number;
  close: () => Promise<void>;
}

const LOOPBACK = '127.0.0.1';
const NO_SUCH_FILE = 'There is no such file in the app; open the URL that "npm run browser" printed.';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const STATUS: Record<ApiError['code'], number> = {
  unknown_method: 404,
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  rule_violation: 422,
  unauthorized: 401,
  forbidden: 403,
  busy: 503,
  internal: 500,
};

function securityHeaders(res: http.ServerResponse): void {
  res.setHeader('Content-Security-Policy', `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}

function sendJson(res: http.ServerResponse, status: number, body: ApiResponse<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function refuse(
  res: http.ServerResponse,
  code: 'unauthorized' | 'forbidden' | 'invalid_input' | 'unknown_method' | 'not_found' | 'internal',
  message: string,
  status: number = STATUS[code],
): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

/**
 * The answer to a request Node's parser gave up on (too slow, not HTTP, headers too large),
 * written straight to the socket because no response object exists for it.
 */
function clientErrorAnswer(err: NodeJS.ErrnoException): string | null {
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

function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Reads the body up to the limit. Past it the rest is read and thrown away rather than the
 * connection cut, so the client, still sending, gets to read the 413 answered meanwhile.
 */
function readBody(req: http.IncomingMessage): Promise<string | 'too_large' | 'gone'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (c: Buffer): void => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
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

/**
 * Browser mode: serves the built renderer and `POST /api/<method>` on 127.0.0.1
 * only. Every request must name this host (DNS-rebinding defence); API calls must
 * come from our own origin (or none) and carry the launch token.
 */
export function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const staticRoot = path.resolve(options.staticDir);
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  /**
   * The exchange under way on each connection, until its request has fully arrived and its answer
   * is sent: a timeout while the rest of a refused body drains must not write a second answer.
   */
  const answering = new WeakMap<Duplex, http.ServerResponse>();

  const server = http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      // Node closes expired connections when it checks, so check often enough to be on time.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(timeouts.headersMs / 4))),
    },
    (req, res) => {
      answering.set(req.socket, res);
      const settle = (): void => {
        if (req.complete && res.writableFinished && answering.get(req.socket) === res) answering.delete(req.socket);
      };
      res.on('finish', settle);
      req.on('end', settle);
      route(req, res);
    },
  );
  server.keepAliveTimeout = timeouts.keepAliveMs;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const answer = clientErrorAnswer(err);
    if (answer !== null && socket.writable && !(answering.get(socket)?.headersSent ?? false))
      socket.end(answer, () => socket.destroy());
    else socket.destroy();
  });

  function route(req: http.IncomingMessage, res: http.ServerResponse): void {
    securityHeaders(res);
    if (!allowedHosts.has(req.headers.host ?? '')) {
      refuse(res, 'forbidden', 'This server only answers requests addressed to 127.0.0.1 or localhost.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (url.pathname.startsWith('/api/')) {
      let method: string;
      try {
        method = decodeURIComponent(url.pathname.slice('/api/'.length));
      } catch {
        refuse(res, 'invalid_input', 'The method name in the URL is not valid percent-encoding.');
        return;
      }
      handleApi(req, res, method).catch(() => {
        if (res.headersSent) res.destroy();
        else refuse(res, 'internal', `${method} failed unexpectedly; nothing was changed.`);
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      refuse(res, 'invalid_input', 'Pages are read with GET; API methods are called with POST /api/<method>.', 405);
      return;
    }
    serveStatic(url.pathname, res);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      refuse(
        res,
        'forbidden',
        `Requests from ${origin} are refused; open the app from the URL that "npm run browser" printed.`,
      );
      return;
    }
    if (req.headers['sec-fetch-site'] && !['same-origin', 'none'].includes(String(req.headers['sec-fetch-site']))) {
      refuse(res, 'forbidden', 'Cross-site requests are refused.');
      return;
    }
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
    if (!given || !tokensMatch(given, token)) {
      refuse(res, 'unauthorized', 'Missing or wrong token; open the app from the URL that "npm run browser" printed.');
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      refuse(res, 'invalid_input', 'API methods are called with POST and a JSON body.');
      return;
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      refuse(res, 'invalid_input', 'Send the input as JSON with Content-Type: application/json.');
      return;
    }
    if (!isMethodName(method)) {
      refuse(res, 'unknown_method', `There is no API method named "${method}".`);
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      // Answered before the body arrives; Node reads and discards it after the answer.
      refuse(res, 'invalid_input', TOO_LARGE_MESSAGE, 413);
      return;
    }
    const body = await readBody(req);
    if (body === 'gone') return;
    if (body === 'too_large') {
      refuse(res, 'invalid_input', TOO_LARGE_MESSAGE, 413);
      return;
    }
    let input: unknown;
    try {
      input = body.trim() === '' ? undefined : JSON.parse(body);
    } catch {
      refuse(res, 'invalid_input', 'The request body is not valid JSON.');
      return;
    }
    // A client that disconnects before its answer abandons the call: long work (a simulation) stops.
    const abandoned = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abandoned.abort();
    });
    const answer = await options.dispatch(method, input, { signal: abandoned.signal });
    sendJson(res, answer.ok ? 200 : STATUS[answer.error.code], answer);
  }

  function serveStatic(pathname: string, res: http.ServerResponse): void {
    const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const file = path.resolve(staticRoot, relative);
    if (!file.startsWith(staticRoot + path.sep)) {
      refuse(res, 'not_found', NO_SUCH_FILE);
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        // Unknown paths fall back to the app shell; missing assets stay 404.
        if (path.extname(relative) === '') {
          fs.readFile(path.join(staticRoot, 'index.html'), (err2, html) => {
            if (err2) refuse(res, 'internal', 'The app\'s pages are not built; run "npm run build".');
            else res.writeHead(200, { 'Content-Type': MIME['.html'], 'Cache-Control': 'no-store' }).end(html);
          });
        } else refuse(res, 'not_found', NO_SUCH_FILE);
        return;
      }
      res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' }).end(data);
    });
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      const { port } = server.address() as AddressInfo;
      allowedHosts = new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
      allowedOrigins = new Set([`http://${LOOPBACK}:${port}`, `http://localhost:${port}`]);
      const url = `http://${LOOPBACK}:${port}/`;
      resolve({
        url,
        launchUrl: `${url}#token=${token}`,
        token,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
