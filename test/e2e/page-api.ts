import type { Page } from '@playwright/test';

/**
 * Calls the browser-mode API the way the page does, with the page's token: to pick test
 * data, or to change the fleet behind the page's back. Fails the test on a refusal.
 */
export async function api<R>(page: Page, method: string, input: unknown): Promise<R> {
  const answer = await page.evaluate(
    async ([m, body]) => {
      // Runs in the page; the tests' typings know no DOM.
      const page = globalThis as unknown as { sessionStorage: { getItem: (k: string) => string | null } };
      const token = page.sessionStorage.getItem('release-calendar.token');
      const res = await fetch(`/api/${m}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return (await res.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
    },
    [method, input] as const,
  );
  if (!answer.ok) throw new Error(`${method}: ${answer.error?.message}`);
  return answer.result as R;
}
