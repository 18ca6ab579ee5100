import type { BrowserContext, Page } from '@playwright/test';

/** What the PSU's browser shows at the TPP: the harness's own page, never the TPP's server. */
const TPP_PAGE = Buffer.from('<title>TPP</title><p>Back at the TPP.</p>').toString('base64');

/**
 * Answers every navigation to the TPP's redirect URIs inside the browser, redirects included, so
 * the browser never sends the authorisation code to the real TPP server (which might redeem it
 * before the harness does, and the bank would be blamed for the harness's lost code). Playwright's
 * own routing lets a redirect's target through to the network, so this uses Chromium's Fetch
 * domain, which pauses redirected requests too: on the first page now, on every page the bank
 * opens later (a popup's very first request may beat the interception; its return is still seen).
 */
export async function answerTppInBrowser(context: BrowserContext, first: Page, isReturn: (url: string) => boolean, returnUris: readonly string[]): Promise<void> {
  // One pattern per URI up to its query, as the browser writes URLs (host in lower case, no default
  // port: Fetch compares patterns to the normalised URL). Its wildcards are * and ?, so those are escaped.
  const patterns = returnUris.map((uri) => {
    const url = new URL(uri);
    return { urlPattern: `${`${url.origin}${url.pathname}`.replace(/[\\*?]/g, '\\$&')}*`, requestStage: 'Request' as const };
  });
  const intercept = async (page: Page) => {
    const cdp = await context.newCDPSession(page);
    cdp.on('Fetch.requestPaused', (paused: { requestId: string; request: { url: string } }) => {
      const answer = isReturn(paused.request.url)
        ? cdp.send('Fetch.fulfillRequest', { requestId: paused.requestId, responseCode: 200, responseHeaders: [{ name: 'content-type', value: 'text/html' }], body: TPP_PAGE })
        : cdp.send('Fetch.continueRequest', { requestId: paused.requestId });
      // The page may be gone by now (closed, navigated on): nothing left to answer.
      answer.catch(() => {});
    });
    await cdp.send('Fetch.enable', { patterns });
  };
  context.on('page', (page) => {
    if (page !== first) intercept(page).catch(() => {});
  });
  await intercept(first);
}
