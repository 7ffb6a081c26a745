import type { DeploymentList } from '../../shared/contract';
import { expect, test } from './fixtures';
import { api as pageApi } from './page-api';

// The browser-mode host, as started by `npm run browser`, seen from outside the page.
test.describe('browser-mode host security', () => {
  test('refuses API calls without the token or from a foreign origin, and rejects malformed bodies unchanged', async ({
    app,
    playwright,
  }) => {
    const { origin, hash } = new URL(app.page.url());
    const token = await app.page.evaluate<string | null>('sessionStorage.getItem("release-calendar.token")');
    expect(token, 'the page keeps the launch token for its tab').toMatch(/^[\w-]{20,}$/);
    expect(hash, 'the token is taken out of the address bar').toBe('');
    const api = await playwright.request.newContext({ baseURL: origin });
    const list = (headers: Record<string, string>) =>
      api.post('/api/deployments.list', { headers: { 'Content-Type': 'application/json', ...headers }, data: {} });

    const noToken = await list({});
    expect(noToken.status()).toBe(401);
    expect((await noToken.json()).error.code).toBe('unauthorized');

    const wrongToken = await list({ Authorization: 'Bearer not-the-token' });
    expect(wrongToken.status()).toBe(401);

    const foreign = await list({ Authorization: `Bearer ${token}`, Origin: 'http://evil.example' });
    expect(foreign.status()).toBe(403);
    expect((await foreign.json()).error.code).toBe('forbidden');

    const ok = await list({ Authorization: `Bearer ${token}` });
    expect(ok.status()).toBe(200);
    const before = (await ok.json()).result.deployments.length as number;

    const malformed = await api.post('/api/deployments.create', {
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      data: '{"key": "us-east-9", "name": ',
    });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error.code).toBe('invalid_input');

    const badTypes = await api.post('/api/deployments.create', {
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      data: { key: 'us-east-9', name: 'US East 9', region: 'us-east', timeZone: 'Mars/Olympus', weight: 'lots' },
    });
    expect(badTypes.status()).toBe(400);
    const body = await badTypes.json();
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['timeZone', 'weight']);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js:\d+/);

    const after = await list({ Authorization: `Bearer ${token}` });
    expect((await after.json()).result.deployments.length).toBe(before);
    await api.dispose();
  });
});

test.describe('browser-mode host limits', () => {
  test('answers a body over the limit sent by the page with 413 and a sentence, changing nothing', async ({ app }) => {
    const before = (await pageApi<DeploymentList>(app.page, 'deployments.list', {})).deployments.length;
    const answer = await app.page.evaluate(async () => {
      // Runs in the page; the tests' typings know no DOM.
      const page = globalThis as unknown as { sessionStorage: { getItem: (k: string) => string | null } };
      const token = page.sessionStorage.getItem('release-calendar.token') ?? '';
      const res = await fetch('/api/deployments.importCsv', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: `{"csv":"${'a'.repeat(32 * 1024 * 1024)}"}`,
      });
      return {
        status: res.status,
        body: (await res.json()) as { ok: boolean; error: { code: string; message: string } },
      };
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('invalid_input');
    expect(answer.body.error.message).toMatch(/larger than 31 MB/);
    expect((await pageApi<DeploymentList>(app.page, 'deployments.list', {})).deployments.length).toBe(before);
  });
});
