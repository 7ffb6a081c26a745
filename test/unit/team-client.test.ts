import { describe, expect, it } from 'vitest';
import { SESSION_ENDED, createTeamSession, waitMessage } from '../../renderer/src/api/team';
import { detectTransport } from '../../renderer/src/api/transport-kind';

// The page's side of the team server's protocol (docs/team-mode.md, "The HTTP protocol"), with a
// fake `fetch`: a unit test of the client, not of the server.

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  credentials: string | undefined;
  body: unknown;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** A fake fetch answering each request with the next of `answers` (a function of the request, or a Response). */
function fakeFetch(...answers: ((sent: Sent) => Response)[]) {
  const sent: Sent[] = [];
  const fetchFn = (url: string, init?: RequestInit): Promise<Response> => {
    const s: Sent = {
      url,
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      credentials: init?.credentials,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    sent.push(s);
    const answer = answers.shift();
    if (!answer) return Promise.reject(new TypeError('Failed to fetch'));
    return Promise.resolve(answer(s));
  };
  return { sent, fetchFn };
}

const SESSION = { user: { name: 'sam', role: 'release-manager' }, csrfToken: 'csrf-123' };

describe('the team client', () => {
  it('asks for the session first: 401 shows the sign-in screen, with no notice on a first visit', async () => {
    const { sent, fetchFn } = fakeFetch(() => json(401, { ok: false, error: { code: 'unauthorized', message: 'x' } }));
    const session = createTeamSession(fetchFn);
    expect(session.state).toEqual({ status: 'checking' });
    expect(await session.check()).toEqual({ status: 'signed-out', notice: null });
    expect(sent).toMatchObject([{ url: '/auth/session', method: 'GET', credentials: 'same-origin' }]);
  });

  it('keeps the user and CSRF token of a session, and sends the token with every API call, as JSON, same origin', async () => {
    const { sent, fetchFn } = fakeFetch(
      () => json(200, SESSION),
      () => json(200, { ok: true, result: [{ id: 1 }] }),
    );
    const session = createTeamSession(fetchFn);
    expect(await session.check()).toEqual({ status: 'signed-in', ...SESSION });
    expect(await session.call('trains.list', { from: '2027-01-01' })).toEqual({ ok: true, result: [{ id: 1 }] });
    expect(sent[1]).toEqual({
      url: '/api/trains.list',
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': 'csrf-123' },
      body: { from: '2027-01-01' },
    });
  });

  it('passes the API envelope of a refusal through (403 forbidden, 409-like conflicts)', async () => {
    const forbidden = { ok: false, error: { code: 'forbidden', message: 'Needs the release manager role.' } };
    const { fetchFn } = fakeFetch(
      () => json(200, SESSION),
      () => json(403, forbidden),
    );
    const session = createTeamSession(fetchFn);
    await session.check();
    expect(await session.call('trains.skip', { id: 1, reason: 'x' })).toEqual(forbidden);
    expect(session.state.status).toBe('signed-in');
  });

  it('goes back to the sign-in screen saying the session ended when a call is answered 401', async () => {
    const { fetchFn } = fakeFetch(
      () => json(200, SESSION),
      () => json(401, { ok: false, error: { code: 'unauthorized', message: 'No session.' } }),
    );
    const session = createTeamSession(fetchFn);
    await session.check();
    const seen: string[] = [];
    session.subscribe((s) => seen.push(s.status));
    expect(await session.call('trains.list', {})).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: SESSION_ENDED },
    });
    expect(session.state).toEqual({ status: 'signed-out', notice: 'Your session ended; sign in again.' });
    expect(seen).toEqual(['signed-out']);
  });

  it('signs in with the name and password as JSON, and keeps the session the answer carries', async () => {
    const { sent, fetchFn } = fakeFetch(
      () => json(401, {}),
      () => json(200, SESSION),
    );
    const session = createTeamSession(fetchFn);
    await session.check();
    expect(await session.signIn('sam', 'correct horse')).toEqual({ ok: true });
    expect(sent[1]).toMatchObject({
      url: '/auth/login',
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: { name: 'sam', password: 'correct horse' },
    });
    expect(session.state).toEqual({ status: 'signed-in', ...SESSION });
  });

  it('reads the session after a sign-in whose answer does not carry it', async () => {
    const { sent, fetchFn } = fakeFetch(
      () => json(200, { ok: true }),
      () => json(200, { ok: true, result: SESSION }),
    );
    const session = createTeamSession(fetchFn);
    expect(await session.signIn('sam', 'pw')).toEqual({ ok: true });
    expect(sent.map((s) => s.url)).toEqual(['/auth/login', '/auth/session']);
    expect(session.state.status).toBe('signed-in');
  });

  it('says clearly why a sign-in failed: wrong name or password, too many attempts (Retry-After), no server', async () => {
    const { fetchFn } = fakeFetch(
      () => json(401, { ok: false, error: { code: 'unauthorized', message: 'x' } }),
      () => json(429, { ok: false, error: { code: 'forbidden', message: 'x' } }, { 'Retry-After': '90' }),
    );
    const session = createTeamSession(fetchFn);
    expect(await session.signIn('sam', 'wrong')).toEqual({
      ok: false,
      message: 'That name and password do not match an account; check both and try again.',
    });
    expect(await session.signIn('sam', 'wrong')).toEqual({
      ok: false,
      message: 'Too many sign-in attempts: wait 1 minute 30 seconds, then try again.',
    });
    expect((await session.signIn('sam', 'pw')) as { message: string }).toMatchObject({
      ok: false,
      message: expect.stringContaining('not answering') as string,
    });
  });

  it('words the wait of Retry-After in seconds, minutes, or from an HTTP date', () => {
    expect(waitMessage('1')).toBe('Too many sign-in attempts: wait 1 second, then try again.');
    expect(waitMessage('120')).toBe('Too many sign-in attempts: wait 2 minutes, then try again.');
    expect(waitMessage('900')).toBe('Too many sign-in attempts: wait 15 minutes, then try again.');
    const now = Date.parse('2027-01-04T10:00:00Z');
    expect(waitMessage('Mon, 04 Jan 2027 10:00:05 GMT', now)).toBe(
      'Too many sign-in attempts: wait 5 seconds, then try again.',
    );
    expect(waitMessage(null)).toBe('Too many sign-in attempts: wait a moment, then try again.');
  });

  it('signs out with the CSRF token, and forgets the session even when the server does not answer', async () => {
    const { sent, fetchFn } = fakeFetch(() => json(200, SESSION));
    const session = createTeamSession(fetchFn);
    await session.check();
    await session.signOut();
    expect(sent[1]).toMatchObject({ url: '/auth/logout', method: 'POST', headers: { 'X-CSRF-Token': 'csrf-123' } });
    expect(session.state).toEqual({ status: 'signed-out', notice: null });
  });

  it('refuses a session answer without a known role', async () => {
    const { fetchFn } = fakeFetch(() => json(200, { user: { name: 'sam', role: 'owner' }, csrfToken: 'x' }));
    expect((await createTeamSession(fetchFn).check()).status).toBe('signed-out');
  });
});

describe('which transport serves the page', () => {
  it('is Electron with the preload, browser mode with a launch token (in the URL or kept for the tab), else a team server', () => {
    expect(detectTransport({ hasPreload: true, hash: '', storedToken: null })).toBe('electron');
    expect(detectTransport({ hasPreload: false, hash: '#token=abc_DEF-123', storedToken: null })).toBe('browser');
    expect(detectTransport({ hasPreload: false, hash: '', storedToken: 'abc' })).toBe('browser');
    expect(detectTransport({ hasPreload: false, hash: '', storedToken: null })).toBe('team');
    expect(detectTransport({ hasPreload: false, hash: '#view=calendar', storedToken: null })).toBe('team');
  });
});
