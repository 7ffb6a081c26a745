import http from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** The whole answer to `req`, once its body has ended. */
export function answerTo(req: http.ClientRequest): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    req.on('response', (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** A request to 127.0.0.1:port, open for the caller to write its body to and end. */
export function openRequest(
  port: number,
  options: { method?: string; path: string; headers?: http.OutgoingHttpHeaders },
): http.ClientRequest {
  return http.request({
    host: '127.0.0.1',
    port,
    method: options.method ?? 'GET',
    path: options.path,
    headers: options.headers,
    agent: false,
  });
}

/**
 * One raw HTTP request to 127.0.0.1:port. Unlike fetch, it sends the path exactly as
 * given (no `..` normalization) and lets a test forge the Host header.
 */
export function httpRequest(
  port: number,
  options: { method?: string; path: string; headers?: http.OutgoingHttpHeaders; body?: string },
): Promise<HttpAnswer> {
  const req = openRequest(port, options);
  const answer = answerTo(req);
  req.end(options.body);
  return answer;
}
