import type { Page } from '@playwright/test';

/** The API methods the page calls while `act` runs, in the order it calls them. */
export async function apiCallsDuring(page: Page, act: () => Promise<void>): Promise<string[]> {
  const methods: string[] = [];
  const record = (request: { method: () => string; url: () => string }) => {
    const path = new URL(request.url()).pathname;
    if (request.method() === 'POST' && path.startsWith('/api/')) methods.push(path.slice('/api/'.length));
  };
  page.on('request', record);
  try {
    await act();
  } finally {
    page.off('request', record);
  }
  return methods;
}
