import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { MAX_IMPORT_BYTES, type ImportReport } from '../../shared/contract';
import type { ApiResponse } from '../../shared/errors';
import { MAX_IMPORT_ROWS } from '../../electron/backend/services/fleet-csv';
import { MAX_BODY_BYTES } from '../../electron/host/limits';
import { startHost, type HostTimeouts, type RunningHost } from '../../electron/host/server';
import { dumpDatabase, openTestBackend, type TestBackend } from '../helpers/db';
import { answerTo, httpRequest, openRequest, type HttpAnswer } from '../helpers/http';
import { useTempDirs } from '../helpers/temp-dir';

const TOKEN = 'test-token-0123456789';
const API_HEADERS = { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` };
/** Short enough for a test to wait for, long enough for a loaded machine to send a request. */
const SHORT: HostTimeouts = { headersMs: 300, requestMs: 600, keepAliveMs: 300 };

const tempDir = useTempDirs();
let backend: TestBackend;
let host: RunningHost;
let staticDir: string;

beforeEach(async () => {
  const dir = tempDir();
  staticDir = path.join(dir, 'renderer');
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Release Calendar</title>');
  backend = openTestBackend(dir);
  host = await startHost({ dispatch: backend.dispatch, staticDir, token: TOKEN });
});

afterEach(async () => {
  await host.close();
  backend.close();
});

function envelope(text: string): ApiResponse<unknown> {
  return JSON.parse(text) as ApiResponse<unknown>;
}

function refusal(answer: HttpAnswer): { code: string; message: string } {
  const r = envelope(answer.body);
  if (r.ok) throw new Error(`expected a refusal, got ${answer.body.slice(0, 200)}`);
  return r.error;
}

/** A CSV import request whose JSON text is exactly `bytes` long. */
function importBodyOfBytes(bytes: number): string {
  const frame = JSON.stringify({ csv: '' });
  return `${frame.slice(0, -2)}${'a'.repeat(bytes - frame.length)}"}`;
}

/** Sends the headers and the first part of a body, then waits for the answer without sending the rest. */
async function answerToPartialBody(declaredLength: number, firstPart: string): Promise<HttpAnswer> {
  const req = openRequest(host.port, {
    method: 'POST',
    path: '/api/deployments.importCsv',
    headers: { ...API_HEADERS, 'Content-Length': String(declaredLength) },
  });
  const answer = answerTo(req);
  req.write(firstPart);
  try {
    return await answer;
  } finally {
    req.destroy();
  }
}

/** A chunked request (no Content-Length), so the host learns the size only while reading. */
function chunkedRequest(body: string, chunkSize: number): Promise<HttpAnswer> {
  const req = openRequest(host.port, {
    method: 'POST',
    path: '/api/deployments.importCsv',
    headers: { ...API_HEADERS, 'Transfer-Encoding': 'chunked' },
  });
  const answer = answerTo(req);
  for (let at = 0; at < body.length; at += chunkSize) req.write(body.slice(at, at + chunkSize));
  req.end();
  return answer;
}

/** The head of an import request declaring `contentLength` bytes of body, and the body's first few. */
function stalledImportText(port: number, contentLength: number): string {
  return [
    'POST /api/deployments.importCsv HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    `Authorization: Bearer ${TOKEN}`,
    'Content-Type: application/json',
    `Content-Length: ${contentLength}`,
    '',
    '{"csv":"key,name',
  ].join('\r\n');
}

/** Asks the host for app.info, as a client that comes after a troubled one. */
function appInfo(): Promise<HttpAnswer> {
  return httpRequest(host.port, { method: 'POST', path: '/api/app.info', headers: API_HEADERS, body: '{}' });
}

/** Opens a raw socket, sends `text`, and resolves with everything received once the server closes it. */
function stalledSocket(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('connect', () => socket.write(text));
    socket.on('data', (c: Buffer) => received.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(received).toString('utf8')));
  });
}

/** The JSON body of a raw HTTP answer. */
function bodyOf(raw: string): string {
  return raw.slice(raw.indexOf('\r\n\r\n') + 4);
}

/** Japanese names, three UTF-8 bytes per character, filling a fleet CSV to exactly `chars` characters. */
function japaneseFleetCsv(chars: number): string {
  const header = 'key,name,region,time_zone,tier,pairing_group\n';
  const kana = 'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん';
  const region = 'ap-northeast-'.padEnd(40, 'x');
  // A row with every field at its longest (key 63, name 100, region and pairing group 40), so
  // that the file reaches the character limit within the row limit; `short` characters fewer
  // come off the name first, then off the key.
  const row = (n: number, short = 0): string => {
    const nameLength = 100 - Math.min(short, 99);
    const key = `jp-${n}-k`.padEnd(63 - (short - (100 - nameLength)), 'k');
    let name = '';
    for (let c = 0; c < nameLength; c++) name += kana[(n + c) % kana.length];
    return `${key},${name},${region},Asia/Tokyo,government,${`g-${n}-`.padEnd(40, 'p')}\n`;
  };
  const full = row(0).length;
  const rows: string[] = [];
  let left = chars - header.length;
  for (; left > 2 * full; left -= full) rows.push(row(rows.length));
  // The last two rows share what is left, each between half a row and a whole one.
  const last = Math.ceil(left / 2);
  rows.push(row(rows.length, full - last));
  rows.push(row(rows.length, full - (left - last)));
  return header + rows.join('');
}

describe('request body size', () => {
  it('derives its byte limit from the largest input the contract accepts', () => {
    // A CSV at the character limit, every character three UTF-8 bytes, fits with room for JSON.
    expect(MAX_BODY_BYTES).toBeGreaterThan(4 * MAX_IMPORT_BYTES);
  });

  it('answers a body over the limit with 413 and the typed envelope, changing nothing', async () => {
    const before = dumpDatabase(backend.db);
    const answer = await httpRequest(host.port, {
      method: 'POST',
      path: '/api/deployments.importCsv',
      headers: API_HEADERS,
      body: importBodyOfBytes(MAX_BODY_BYTES + 1),
    });
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    const error = refusal(answer);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/larger than \d+ MB.*split/);
    expect(dumpDatabase(backend.db)).toEqual(before);
  });

  it('answers 413 from the declared length alone, before the body arrives', async () => {
    const before = dumpDatabase(backend.db);
    const answer = await answerToPartialBody(200 * 1024 * 1024, '{"csv":"key,name');
    expect(answer.status).toBe(413);
    expect(refusal(answer).code).toBe('invalid_input');
    expect(dumpDatabase(backend.db)).toEqual(before);
  });

  it('answers 413 to a chunked body that grows over the limit, and keeps serving', async () => {
    const before = dumpDatabase(backend.db);
    const answer = await chunkedRequest(importBodyOfBytes(MAX_BODY_BYTES + 64 * 1024), 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(refusal(answer).code).toBe('invalid_input');
    expect(dumpDatabase(backend.db)).toEqual(before);
    const next = await appInfo();
    expect(next.status).toBe(200);
  });

  it('keeps serving when a client goes away in the middle of its body', async () => {
    // In the host's own process an unhandled rejection ends the process.
    const unhandled: unknown[] = [];
    const collect = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', collect);
    onTestFinished(() => void process.off('unhandledRejection', collect));
    const socket = net.connect(host.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.on('connect', resolve));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(stalledImportText(host.port, 1000), () => socket.destroy());
    await closed;
    const next = await appInfo();
    expect(next.status).toBe(200);
    expect(unhandled).toEqual([]);
  });

  it('accepts a CSV of Japanese names at the contract character limit', async () => {
    const csv = japaneseFleetCsv(MAX_IMPORT_BYTES);
    expect(csv.length).toBe(MAX_IMPORT_BYTES);
    expect(csv.split('\n').length - 2).toBeLessThanOrEqual(MAX_IMPORT_ROWS);
    const body = JSON.stringify({ csv });
    expect(Buffer.byteLength(body)).toBeGreaterThan(6 * 1024 * 1024);
    const answer = await httpRequest(host.port, {
      method: 'POST',
      path: '/api/deployments.importCsv',
      headers: API_HEADERS,
      body,
    });
    expect(answer.status).toBe(200);
    const r = envelope(answer.body) as { ok: true; result: ImportReport };
    expect(r.result.created).toBe(csv.split('\n').length - 2);
  });
});

describe('slow and stalled connections', () => {
  let slowHost: RunningHost;

  beforeEach(async () => {
    slowHost = await startHost({ dispatch: backend.dispatch, staticDir, token: TOKEN, timeouts: SHORT });
  });

  afterEach(async () => {
    await slowHost.close();
  });

  it('closes a connection that sends half a header line and stalls, answering 408 with the envelope', async () => {
    const raw = await stalledSocket(slowHost.port, 'POST /api/app.info HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthoriz');
    expect(raw).toMatch(/^HTTP\/1\.1 408 /);
    const r = envelope(bodyOf(raw));
    expect(r.ok ? undefined : r.error.code).toBe('invalid_input');
  });

  it('closes a connection that never sends anything', async () => {
    await stalledSocket(slowHost.port, '');
  });

  it('closes a connection whose body stalls, answering 408 with the envelope and changing nothing', async () => {
    const before = dumpDatabase(backend.db);
    const raw = await stalledSocket(slowHost.port, stalledImportText(slowHost.port, 1000));
    expect(raw).toMatch(/^HTTP\/1\.1 408 /);
    const r = envelope(bodyOf(raw));
    expect(r.ok ? undefined : r.error.code).toBe('invalid_input');
    expect(dumpDatabase(backend.db)).toEqual(before);
  });

  it('closes a connection that stalls in a body refused as too large, after the 413 alone', async () => {
    const raw = await stalledSocket(slowHost.port, stalledImportText(slowHost.port, 200 * 1024 * 1024));
    expect(raw).toMatch(/^HTTP\/1\.1 413 /);
    expect(raw.match(/HTTP\/1\.1 /g)).toHaveLength(1);
  });

  it('closes a kept-alive connection left idle after its answer', async () => {
    const raw = await stalledSocket(
      slowHost.port,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${slowHost.port}\r\nConnection: keep-alive\r\n\r\n`,
    );
    expect(raw).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('answers malformed HTTP with 400 and the envelope', async () => {
    const raw = await stalledSocket(slowHost.port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    const r = envelope(bodyOf(raw));
    expect(r.ok ? undefined : r.error.code).toBe('invalid_input');
  });
});

describe('every error answer is the typed envelope', () => {
  it.each([
    ['a missing asset', 'GET', '/assets/missing.js', 404, 'not_found'],
    ['a write to a static path', 'PUT', '/index.html', 405, 'invalid_input'],
  ])('for %s', async (_what, method, requestPath, status, code) => {
    const answer = await httpRequest(host.port, { method, path: requestPath, body: '' });
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(refusal(answer).code).toBe(code);
  });
});
