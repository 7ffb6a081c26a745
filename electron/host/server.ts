import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Dispatch } from '../backend/dispatcher';
import { isMethodName } from '../backend/dispatcher';
import {
  createAppServer,
  readBody,
  refuse,
  securityHeaders,
  sendJson,
  serveStatic,
  STATUS,
  tokensMatch,
} from './http-common';
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
  const server = createAppServer(timeouts, (req, res) => route(req, res));

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
    serveStatic(staticRoot, url.pathname, res, NO_SUCH_FILE);
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
