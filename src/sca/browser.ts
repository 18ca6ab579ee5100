import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, FrameLocator, Locator, Page } from '@playwright/test';
import type { BrowserProxy } from '../profile/proxy.ts';
import type { ScaScriptAction } from '../profile/types.ts';
import { printable } from '../util/show.ts';
import { isProxyNetError, ScaBrowserUnavailableError, ScaPageError, type ScaDriver, type ScaSession, type ScaTrace } from './types.ts';
import { isReturnTo, withoutQuery } from './return-uri.ts';
import { answerTppInBrowser } from './tpp-answer.ts';
import { capturePage, checkCover, coverPage, readyToClick, type Cover, type PagePicture } from './picture.ts';
import { bounded } from '../util/bounded.ts';
import { watchContext, type ContextWatch } from './watch.ts';

export interface BrowserScaOptions {
  /** How long one SCA page may take to load and show its expected element. */
  readonly pageTimeoutMs?: number;
  /** How long the bank may take to send the browser back to the TPP after the last action. */
  readonly returnTimeoutMs?: number;
  /** Accept an untrusted HTTPS certificate on the bank's pages (profile sca.ignoreHttpsErrors). */
  readonly ignoreHttpsErrors?: boolean;
  /**
   * Record a Playwright trace of each session (profile sca.traces): its actions, and with 'snapshots'
   * a DOM snapshot around every action and the network log too. The caller masks it before it reaches a report.
   */
  readonly trace?: boolean | 'snapshots';
  /** The proxy to the bank's pages (profile proxy / HTTPS_PROXY), with its bypass list; set per context, so one shared browser serves profiles with different proxies. */
  readonly proxy?: BrowserProxy;
}

export const DEFAULT_SCA_PAGE_TIMEOUT_MS = 15_000;

/**
 * SCA in a real browser: the PSU's side of redirect SCA. Each authorisation gets its own
 * context, so cookies of one case never leak into another.
 */
export function createBrowserScaDriver(browser: () => Promise<Browser>, options: BrowserScaOptions = {}): ScaDriver {
  const timeout = options.pageTimeoutMs ?? DEFAULT_SCA_PAGE_TIMEOUT_MS;
  const returnTimeout = options.returnTimeoutMs ?? timeout;
  return {
    async open(link, returnUris) {
      let instance: Browser;
      try {
        instance = await browser();
      } catch (e) {
        throw new ScaBrowserUnavailableError(`no browser for the PSU: ${firstLine(e)} (install Debian's chromium-headless-shell or chromium, or set CHROMIUM_PATH)`, { cause: e });
      }
      // bypassCSP: the picture's cover stylesheet is an inline style, which a bank page's
      // Content-Security-Policy (often `style-src 'self'`) would refuse, leaving a filled field readable.
      const context = await instance.newContext({
        bypassCSP: true,
        ...(options.ignoreHttpsErrors ? { ignoreHTTPSErrors: true } : {}),
        ...(options.proxy ? { proxy: { ...options.proxy } } : {}),
      });
      // No screencast: its frames would show what the PSU types (an OTP field is plain text) and an
      // image cannot be masked afterwards; sources are ours, not evidence. DOM snapshots (and with them
      // Playwright's network log) only when asked: the covered picture of each page already shows it,
      // and a snapshot around every action was most of the trace's cost (about 75 ms of a 450 ms journey).
      if (options.trace) await context.tracing.start({ snapshots: options.trace === 'snapshots', screenshots: false, sources: false });
      const page = await context.newPage();
      const typed = new Set<string>();
      const mask = (text: string) => maskTyped(text, typed);
      const watch = watchContext(context, page, {
        isReturn: (url) => returnUris.some((uri) => isReturnTo(url, uri)),
        pageText: (p) => pageText(p, mask),
        mask,
        // The harness answers the TPP's page itself: it commits at once, unless the bank navigates on.
        commitTimeoutMs: Math.min(timeout, 2_000),
      });
      // The TPP's redirect URI is ours, not the bank's: catch the browser there, never fetch it.
      await answerTppInBrowser(context, page, (url) => returnUris.some((uri) => isReturnTo(url, uri)), returnUris);
      try {
        // The document, not its subresources: a bank page's tracking pixel or font that never
        // finishes must not stop the PSU, who sees the form; each action waits for its element anyway.
        const response = await page.goto(link, { timeout, waitUntil: 'domcontentloaded' });
        // An http:// page through a proxy: the proxy's own refusal comes back as the page's answer.
        if (response?.status() === 407 && options.proxy) {
          throw new ScaPageError('proxy', `the proxy ${options.proxy.server} answered 407 Proxy Authentication Required for ${withoutQuery(link)}: its credentials are missing or refused; the bank was not reached`, 407);
        }
        if (response && response.status() >= 400 && !watch.returned()) {
          throw new ScaPageError('error-page', `the SCA link ${withoutQuery(link)} answered HTTP ${response.status()}: ${await pageText(page, mask)}`, response.status());
        }
      } catch (e) {
        // Sent straight back to the TPP (e.g. an OAuth error redirect): a return, not a page that failed to load.
        if (!(e instanceof ScaPageError) && watch.returned() !== undefined) return session({ context, timeout, returnTimeout, watch, tracing: !!options.trace, typed, mask });
        await context.close();
        if (e instanceof ScaPageError) throw e;
        throw new ScaPageError(isProxyNetError(firstLine(e)) ? 'proxy' : 'unreachable', `the SCA link ${withoutQuery(link)} did not load${options.proxy ? ` through the proxy ${options.proxy.server}` : ''}: ${firstLine(e)}`);
      }
      return session({ context, timeout, returnTimeout, watch, tracing: !!options.trace, typed, mask });
    },
  };
}

interface SessionParts {
  readonly context: BrowserContext;
  readonly timeout: number;
  readonly returnTimeout: number;
  readonly watch: ContextWatch;
  readonly tracing: boolean;
  /** What the script typed so far: masked wherever the bank's text is quoted. */
  readonly typed: Set<string>;
  readonly mask: (text: string) => string;
}

function session({ context, timeout, returnTimeout, watch, tracing, typed, mask }: SessionParts): ScaSession {
  let traced: Promise<ScaTrace | undefined> | undefined;
  /**
   * The page where the action's element shows. The script follows the windows the bank opens, as a
   * PSU would: the element is awaited on every open page, the newest preferred when several show
   * it (a login popup over its opener). A window opening (often on the previous click, so while
   * this wait runs) or closing restarts the wait; an unrelated window left open does not stop it.
   */
  const pageShowing = async (action: ScaScriptAction): Promise<Page> => {
    const target = (page: Page) => (action.frame ? frameScope(page, action.frame) : page).locator(action.waitFor).first();
    // One page timeout for the whole wait: windows opening and closing on a timer must not renew it.
    const until = Date.now() + timeout;
    for (;;) {
      const open = watch.open();
      const left = Math.max(1, until - Date.now());
      const shown = Promise.any(open.map((page) => target(page).waitFor({ state: 'visible', timeout: left }).then(() => page)));
      const page = await Promise.race([shown, watch.changed().then(() => undefined), watch.broken]);
      shown.catch(() => {});
      if (!page) continue;
      if (open.length === 1) return page;
      for (const candidate of open) if (await target(candidate).isVisible().catch(() => false)) return candidate;
      return page;
    }
  };
  return {
    async perform(action: ScaScriptAction, resolveValue) {
      let page = watch.current();
      try {
        page = await pageShowing(action);
        watch.actOn(page);
      } catch (e) {
        if (e instanceof ScaPageError) throw e;
        // The element never showed: a window that showed an error page instead (a login popup
        // answering 500) is why, and the bank's failure, not a script that does not fit.
        const held = watch.held();
        if (held) throw held;
        // Not a wait that ran out: the window went away under it.
        if (watch.open().length === 0 || closedUnder(e)) {
          throw new ScaPageError('element-missing', `the browser window closed while waiting for ${JSON.stringify(action.waitFor)} (the page closed itself, or the run was stopped)`);
        }
        page = watch.current();
        // A window whose document came with an error status the events never showed (a popup's
        // first load happens before the harness sees the popup): the browser still knows it.
        const status = await documentStatus(page);
        const text = await pageText(page, mask);
        if (status >= 400) throw new ScaPageError('error-page', `the ASPSP answered HTTP ${status} at ${withoutQuery(page.url())}${text ? `: ${text}` : ''}`, status);
        const hint = await frameHint(page, action);
        // A bank answering 200 with an error text ("Your session has expired") instead of the form says why here.
        throw new ScaPageError(
          'element-missing',
          `waited ${timeout / 1000} s for ${JSON.stringify(action.waitFor)}${action.frame ? ` in frame ${JSON.stringify(action.frame)}` : ''} at ${withoutQuery(page.url())}${await titleOf(page)}; it never showed${hint ? ` — ${hint}` : ''}${text ? `; the page says: ${text}` : ''}`,
        );
      }
      const scope = action.frame ? frameScope(page, action.frame) : page;
      const fills = Object.entries(action.fill ?? {});
      const types = fills.length > 0 || action.check !== undefined;
      // Covered fields stay grey while typed into, so the page can be pictured as the PSU submits
      // it, while the button is checked. A cover not proven: pictured before anything is typed.
      const cover = await coverPage(page, scope, fills.map(([selector]) => selector), action.frame !== undefined);
      let before: PagePicture | undefined;
      if (!cover.proven && types) {
        const { size, fitsViewport } = await checkCover(page, cover, undefined, true);
        before = { image: await capturePage(page, size, fitsViewport, timeout), when: 'before input' };
      }
      for (const [selector, template] of fills) {
        const value = resolveValue(template);
        typed.add(value);
        await Promise.race([scope.locator(selector).fill(value, { timeout }), watch.broken]);
      }
      if (action.check) {
        for (const box of await scope.locator(resolveValue(action.check)).all()) await Promise.race([box.check({ timeout }), watch.broken]);
      }
      const click = action.click === undefined ? undefined : scope.locator(action.click);
      const picture = before ? { taken: before, ready: false } : await afterInput(page, cover, typed, types, click, timeout);
      // Ready: the button was visible, enabled, in place and on top just now (readyToClick), so it
      // is clicked at once; else Playwright's click checks (and waits) itself.
      if (click) await Promise.race([picture.ready ? click.click({ timeout, force: true }) : click.click({ timeout }), watch.broken]);
      return picture.taken;
    },
    async reload() {
      const page = watch.current();
      try {
        await Promise.race([page.reload({ timeout, waitUntil: 'domcontentloaded' }), watch.broken]);
      } catch (e) {
        if (watch.returned() !== undefined) return;
        if (e instanceof ScaPageError) throw e;
        throw new ScaPageError('unreachable', `reloading ${withoutQuery(page.url())} failed: ${firstLine(e)}`);
      }
    },
    returned: () => watch.returned(),
    async returnedTo() {
      // A broken session ends the wait too: what it broke on is the caller's to report.
      if (watch.returned() === undefined) await bounded(Promise.race([watch.returnSeen, watch.broken]), returnTimeout);
      // Seen on its request: its fragment shows once the TPP's page committed.
      if (watch.returned() !== undefined) await watch.returnSeen;
      return watch.returned();
    },
    async describe() {
      const page = watch.current();
      const text = await pageText(page, mask);
      return `at ${withoutQuery(page.url())}${await titleOf(page)}${text ? `; page says: ${text}` : ''}`;
    },
    pageErrors: () => [...watch.notes],
    trace: () => (traced ??= tracing ? stopTrace(context) : Promise.resolve(undefined)),
    // A recording nobody asked for (the journey threw) ends with its context, unsaved.
    close: () => context.close(),
  };
}

/**
 * The page as the PSU submits it: checked, captured, checked again (what the script typed must not
 * show, before or after, and the page must still be the one covered), while the button is checked
 * for the click that follows. Nothing typed on the page: pictured as shown, checked all the same
 * for what earlier pages had typed.
 */
async function afterInput(page: Page, cover: Cover, typedSoFar: ReadonlySet<string>, typesHere: boolean, click: Locator | undefined, timeout: number): Promise<{ taken: PagePicture; ready: boolean }> {
  const when = typesHere ? 'after input' : 'as shown';
  // What was typed on earlier pages counts too: a page re-rendering a field that holds it.
  const typed = typedSoFar.size ? typedSoFar : undefined;
  const first = await checkCover(page, cover, typed, true);
  if (first.withheld) return { taken: { image: Buffer.alloc(0), when, withheld: first.withheld }, ready: false };
  const image = capturePage(page, first.size, first.fitsViewport, timeout);
  // The button as it is now, once: asked again after the capture in one round trip.
  const button = click ? await bounded(click.elementHandle({ timeout: 1_000 }), 2_500) : undefined;
  try {
    // A page longer than the window is captured by resizing it for a moment: the button is not measured meanwhile.
    const settled = button ? (first.fitsViewport ? readyToClick(button, true) : image.then(() => readyToClick(button, true))) : false;
    const [shot, wasReady] = await Promise.all([image, settled]);
    const second = await checkCover(page, cover, typed, false);
    // Asked last, right before the click: a button disabled or covered while the check ran is not forced.
    const ready = wasReady && button !== undefined && !second.withheld && (await readyToClick(button, false));
    const taken: PagePicture = second.withheld ? { image: Buffer.alloc(0), when, withheld: second.withheld } : { image: shot, when };
    return { taken, ready };
  } finally {
    void button?.dispose().catch(() => {});
  }
}

/** Whether a wait failed because its page, context or browser closed (one of Promise.any's waits too). */
function closedUnder(e: unknown): boolean {
  if (e instanceof AggregateError) return e.errors.some(closedUnder);
  return /has been closed/.test(e instanceof Error ? e.message : String(e));
}

/** Text with every value the script typed (long enough to be a secret) replaced. */
function maskTyped(text: string, typed: ReadonlySet<string>): string {
  let masked = text;
  for (const value of typed) if (value.length >= 3) masked = masked.split(value).join('[typed value]');
  return masked;
}

/** The recording so far, as the trace viewer reads it. It passes through a file: Playwright writes traces only so. */
async function stopTrace(context: BrowserContext): Promise<ScaTrace> {
  const dir = await mkdtemp(join(tmpdir(), 'psd2-trace-'));
  try {
    const file = join(dir, 'trace.zip');
    await context.tracing.stop({ path: file });
    return { zip: await readFile(file) };
  } catch (e) {
    return { error: firstLine(e) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The HTTP status of the page's document (0 when unknown), from the browser's navigation timing. */
async function documentStatus(page: Page): Promise<number> {
  // Evaluated as text: the project compiles without the DOM's types.
  const status = await page.evaluate<unknown>(`performance.getEntriesByType('navigation')[0]?.responseStatus ?? 0`).catch(() => 0);
  return typeof status === 'number' ? status : 0;
}

/** `iframe#outer >> iframe#inner`: each part one frame deeper. */
function frameScope(page: Page, frame: string): FrameLocator {
  const [first, ...rest] = frame.split(/\s*>>\s*/);
  return rest.reduce<FrameLocator>((scope, selector) => scope.frameLocator(selector), page.frameLocator(first!));
}

/** When the element is inside a frame the script did not name, say which one. */
async function frameHint(page: Page, action: ScaScriptAction): Promise<string | undefined> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const found = await frame.locator(action.waitFor).count().catch(() => 0);
    if (!found) continue;
    const element = await frame.frameElement().catch(() => undefined);
    const id = await element?.getAttribute('id').catch(() => null);
    const name = await element?.getAttribute('name').catch(() => null);
    const selector = id ? `iframe#${id}` : name ? `iframe[name="${name}"]` : 'iframe';
    return `it is inside an iframe (${withoutQuery(frame.url())}): add frame: '${selector}' to this page's action in the profile`;
  }
  return undefined;
}

async function titleOf(page: Page): Promise<string> {
  const title = await page.title().catch(() => '');
  return title ? ` ("${printable(title)}")` : '';
}

async function pageText(page: Page, mask: (text: string) => string): Promise<string> {
  const text = await page.locator('body').innerText({ timeout: 2_000 }).catch(() => '');
  return printable(mask(text.replace(/\s+/g, ' ')).trim().slice(0, 300));
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}
