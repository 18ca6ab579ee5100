import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import type { Browser } from '@playwright/test';
import type { Profile } from '../profile/types.ts';
import { interpolate } from '../plan/interpolate.ts';
import { definitionOf } from '../steps/registry.ts';
import type { StepContext } from '../steps/types.ts';
import type { ScaStep } from '../suite/types.ts';
import { createBrowserScaDriver } from '../sca/browser.ts';
import { isReturnTo } from '../sca/return-uri.ts';
import { redactingEvidence } from '../report/evidence.ts';
import { createRedactor } from '../report/redact.ts';

/**
 * The SCA journey two ways on the same bank and browser: the harness's sca step (a picture of each
 * page with the typed fields covered, the return caught on the redirect) and a plain Playwright
 * script driving the same pages with a fresh context per flow. Each flow gets a fresh consent (not timed).
 */
export interface ScaBench {
  plain(): Promise<number>;
  /**
   * The plain script plus Playwright's full-page screenshot of each page when it shows, unmasked:
   * what a picture of every page costs a script that takes it the plain way.
   */
  plainWithScreenshots(): Promise<number>;
  /** As the runner drives it by default: a picture per page, no trace. */
  harness(): Promise<number>;
  /** The same with the session's trace recorded (sca.traces: true, or the profile's 'snapshots'), so its cost shows. */
  traced(): Promise<number>;
}

export function scaBench(profile: Profile, browser: Browser, ctx: StepContext): ScaBench {
  const script = profile.sca.redirect?.approve ?? [];
  const values = (template: string) => String(interpolate(template, { vars: { psu: profile.psu, tpp: profile.tpp }, now: new Date() }));
  const step: ScaStep = { kind: 'sca', link: '${link}', outcome: 'approve', rule: 'SCA-REDIRECT-OK', at: { file: 'src/bench/sca.ts', line: 1, column: 1 } };
  const driver = (trace: boolean | 'snapshots') => createBrowserScaDriver(async () => browser, { pageTimeoutMs: profile.timeouts?.scaPage, returnTimeoutMs: profile.timeouts?.scaReturn, trace });
  const untraced: StepContext = { ...ctx, profile, sca: driver(false) };
  const traced: StepContext = { ...ctx, profile, sca: driver(profile.sca.traces === 'snapshots' ? 'snapshots' : true) };
  const evidence = redactingEvidence({ attach: async () => {} }, createRedactor(profile.secrets));
  const timeStep = async (stepCtx: StepContext) => {
    const link = await newConsentLink(profile);
    ctx.state.vars.set('link', link);
    const started = performance.now();
    await definitionOf(step).run(step, stepCtx, evidence);
    return performance.now() - started;
  };

  const plainScript = async (screenshots: boolean) => {
      const link = await newConsentLink(profile);
      const started = performance.now();
      const context = await browser.newContext();
      const page = await context.newPage();
      const back = new Promise<void>((resolve) => page.on('request', (r) => isReturnTo(r.url(), profile.tpp.redirectUri) && resolve()));
      await context.route((url) => isReturnTo(url.href, profile.tpp.redirectUri), (route) => route.fulfill({ status: 200, body: 'TPP' }));
      await page.goto(link);
      for (const action of script) {
        await page.locator(action.waitFor).first().waitFor({ state: 'visible' });
        if (screenshots) await page.screenshot({ fullPage: true });
        for (const [selector, template] of Object.entries(action.fill ?? {})) await page.locator(selector).fill(values(template));
        if (action.check) for (const box of await page.locator(values(action.check)).all()) await box.check();
        if (action.click) await page.locator(action.click).click();
      }
      await back;
      await context.close();
      return performance.now() - started;
  };

  return {
    plain: () => plainScript(false),
    plainWithScreenshots: () => plainScript(true),
    harness: () => timeStep(untraced),
    traced: () => timeStep(traced),
  };
}

async function newConsentLink(profile: Profile): Promise<string> {
  const res = await request(`${profile.baseUrl.replace(/\/$/, '')}/v1/consents`, {
    method: 'POST',
    headers: {
      ...profile.headers,
      'x-request-id': randomUUID(),
      'content-type': 'application/json',
      'psu-id': profile.psu.id ?? '',
      'tpp-redirect-preferred': 'true',
      'tpp-redirect-uri': profile.tpp.redirectUri,
      'tpp-nok-redirect-uri': profile.tpp.nokRedirectUri,
    },
    body: JSON.stringify({ access: { allPsd2: 'allAccounts' }, recurringIndicator: true, validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), frequencyPerDay: 4, combinedServiceIndicator: false }),
  });
  const body = (await res.body.json()) as { _links?: { scaRedirect?: { href?: string } } };
  const href = body._links?.scaRedirect?.href;
  if (!href) throw new Error(`no scaRedirect link from ${profile.baseUrl} (HTTP ${res.statusCode})`);
  return href;
}
