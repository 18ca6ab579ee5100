import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { ScaScriptAction } from '../profile/types.ts';
import type { ScaDriver, ScaSession } from './types.ts';
import { isReturnTo } from './return-uri.ts';

export interface BrowserScaOptions {
  /** How long one SCA page may take to show its expected element. */
  readonly pageTimeoutMs?: number;
}

/**
 * SCA in a real browser: the PSU's side of redirect SCA. Each authorisation gets its own
 * context, so cookies of one case never leak into another.
 */
export function createBrowserScaDriver(browser: () => Promise<Browser>, options: BrowserScaOptions = {}): ScaDriver {
  const timeout = options.pageTimeoutMs ?? 15_000;
  return {
    async open(link, returnUris) {
      const context = await (await browser()).newContext();
      const page = await context.newPage();
      const isReturn = (url: string) => returnUris.some((uri) => isReturnTo(url, uri));
      let returned: string | undefined;
      let signalReturn: () => void = () => {};
      const returnSeen = new Promise<void>((resolve) => (signalReturn = resolve));
      // The TPP's redirect URI is ours, not the bank's: catch the browser there, never fetch it.
      page.on('request', (req) => {
        if (returned === undefined && isReturn(req.url())) {
          returned = req.url();
          signalReturn();
        }
      });
      await context.route(
        (url) => isReturn(url.href),
        (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>TPP</title><p>Back at the TPP.</p>' }),
      );
      try {
        await page.goto(link, { timeout });
      } catch (e) {
        await context.close();
        throw e;
      }
      return session(context, page, timeout, () => returned, returnSeen);
    },
  };
}

function session(
  context: BrowserContext,
  page: Page,
  timeout: number,
  returned: () => string | undefined,
  returnSeen: Promise<void>,
): ScaSession {
  return {
    async perform(action: ScaScriptAction, resolveValue) {
      await page.locator(action.waitFor).first().waitFor({ state: 'visible', timeout });
      const shot = await page.screenshot({ fullPage: true });
      for (const [selector, template] of Object.entries(action.fill ?? {})) {
        await page.locator(selector).fill(resolveValue(template), { timeout });
      }
      if (action.click) await page.locator(action.click).click({ timeout });
      return shot;
    },
    async returnedTo() {
      if (returned() === undefined) {
        await Promise.race([returnSeen, page.waitForTimeout(timeout)]);
      }
      return returned();
    },
    async describe() {
      const title = await page.title().catch(() => '');
      const text = await page.locator('body').innerText({ timeout: 2_000 }).catch(() => '');
      return `at ${page.url()}${title ? ` ("${title}")` : ''}${text ? `; page says: ${text.replace(/\s+/g, ' ').slice(0, 300)}` : ''}`;
    },
    close: () => context.close(),
  };
}
