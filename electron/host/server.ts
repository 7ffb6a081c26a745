import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ApiError, ApiResponse } from '../../shared/errors';
import type { Dispatch } from '../backend/dispatcher';
import { isMethodName } from '../backend/dispatcher';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

export interface HostOptions {
  dispatch: Dispatch;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  /** Fixed token for tests; by default a fresh random one per launch. */
  token?: string;
}

export interface RunningHost {
  url: string;
  /** The URL to open: carries the token in the fragment, which browsers never send to a server. */
  launchUrl: string;
  token: string;
  port: number;
  close: () => Promise<void>;
}

const MAX_BODY_BYTES = 6 * 1024 * 1024;
const LOOPBACK = '127.0.0.1';

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
  code: 'unauthorized' | 'forbidden' | 'invalid_input' | 'unknown_method',
  message: string,
): void {
  sendJson(res, STATUS[code], { ok: false, error: { code, message } });
}

function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: http.IncomingMessage): Promise<string | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        resolve('too_large');
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
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

  const server = http.createServer((req, res) => {
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
      void handleApi(req, res, method);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(url.pathname, res);
  });

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
    const body = await readBody(req);
    if (body === 'too_large') {
      refuse(res, 'invalid_input', 'The request body is larger than 6 MB.');
      return;
    }
    let input: unknown;
    try {
      input = body.trim() === '' ? undefined : JSON.parse(body);
    } catch {
      refuse(res, 'invalid_input', 'The request body is not valid JSON.');
      return;
    }
    const answer = await options.dispatch(method, input);
    sendJson(res, answer.ok ? 200 : STATUS[answer.error.code], answer);
  }

  function serveStatic(pathname: string, res: http.ServerResponse): void {
    const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const file = path.resolve(staticRoot, relative);
    if (!file.startsWith(staticRoot + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        // Unknown paths fall back to the app shell; missing assets stay 404.
        if (path.extname(relative) === '') {
          fs.readFile(path.join(staticRoot, 'index.html'), (err2, html) => {
            if (err2) res.writeHead(500).end('The renderer is not built; run "npm run build".');
            else res.writeHead(200, { 'Content-Type': MIME['.html'], 'Cache-Control': 'no-store' }).end(html);
          });
        } else res.writeHead(404).end();
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
