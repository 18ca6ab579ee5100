import assert from 'node:assert/strict';
import type { createApp } from '../../src/sandbox/server.ts';

/** The reference ASPSP's app, answering requests in this process (no port). */
export type App = ReturnType<typeof createApp>;

/** What a browser would submit from one of the bank's SCA pages: the form's action plus its hidden token. */
export function formOf(html: string): { action: string; token: string } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(action && token, `no form in page:\n${html}`);
  return { action, token };
}

/** The PSU submitting the page's form with these fields. */
export async function post(app: App, html: string, fields: Record<string, string>) {
  const { action, token } = formOf(html);
  return app.request(action, { method: 'POST', body: new URLSearchParams({ token, ...fields }) });
}
