import { describe, expect, it } from 'vitest';
import { readEventStream, sessionCookieOf } from '../../electron/main/team-client';
import { isLoopbackHost, teamServerOrigin, unavailableError } from '../../shared/team-connection';

describe('teamServerOrigin', () => {
  it('takes HTTPS anywhere and HTTP on this machine only, as an origin', () => {
    expect(teamServerOrigin(' https://plan.example.com/ ')).toEqual({ ok: true, origin: 'https://plan.example.com' });
    expect(teamServerOrigin('https://plan.example.com:8443')).toEqual({
      ok: true,
      origin: 'https://plan.example.com:8443',
    });
    for (const url of ['http://127.0.0.1:8080', 'http://localhost:8080/', 'http://[::1]:8080', 'http://127.1.2.3'])
      expect(teamServerOrigin(url).ok, url).toBe(true);
  });

  it('refuses plain HTTP across a network, other schemes, credentials and paths', () => {
    for (const url of [
      'http://plan.example.com',
      'http://10.0.0.5:8080',
      'ftp://plan.example.com',
      'plan.example.com',
      '',
      'https://ada:pw@plan.example.com',
      'https://plan.example.com/app',
      'https://plan.example.com/?x=1',
    ])
      expect(teamServerOrigin(url).ok, url).toBe(false);
    expect(teamServerOrigin('http://plan.example.com')).toMatchObject({ problem: expect.stringMatching(/https:\/\//) });
  });

  it('knows loopback host names', () => {
    expect(['localhost', '127.0.0.1', '[::1]', '127.9.9.9'].every(isLoopbackHost)).toBe(true);
    expect(['example.com', '10.0.0.1', '127.0.0.1.example.com'].some(isLoopbackHost)).toBe(false);
  });

  it('words the unavailable answer with the server’s address', () => {
    expect(unavailableError('https://plan.example.com')).toEqual({
      code: 'unavailable',
      message:
        'The team server at https://plan.example.com cannot be reached; showing the last data. Changes are not saved until it is back.',
    });
  });
});

describe('sessionCookieOf', () => {
  it('finds rc_session among the Set-Cookie headers', () => {
    const headers = new Headers();
    headers.append('Set-Cookie', 'other=1; Path=/');
    headers.append('Set-Cookie', 'rc_session=abc_-123; HttpOnly; Secure; SameSite=Strict; Path=/');
    expect(sessionCookieOf(headers)).toBe('abc_-123');
    expect(sessionCookieOf(new Headers())).toBeNull();
  });
});

describe('readEventStream', () => {
  function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    return new ReadableStream({
      start(controller) {
        for (const c of chunks) controller.enqueue(encoder.encode(c));
        controller.close();
      },
    });
  }

  it('reads events split across chunks, skips comments, and reports retry', async () => {
    const events: [string, string][] = [];
    const retries: number[] = [];
    await readEventStream(
      streamOf([
        'retry: 3000\n: connected\n\n',
        'event: changed\nda',
        'ta: {"method":"trains.setNotes"}\r\n\r\n',
        ': heartbeat\n\n',
        'data: one\ndata: two\n\n',
        'event: changed\ndata: unfinished',
      ]),
      (event, data) => events.push([event, data]),
      (ms) => retries.push(ms),
    );
    expect(retries).toEqual([3000]);
    expect(events).toEqual([
      ['changed', '{"method":"trains.setNotes"}'],
      ['message', 'one\ntwo'],
    ]);
  });
});
