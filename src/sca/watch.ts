import type { BrowserContext, Frame, Page, Request } from '@playwright/test';
import { printable } from '../util/show.ts';
import { isProxyNetError, ScaPageError } from './types.ts';
import { withoutQuery } from './return-uri.ts';
import { bounded } from '../util/bounded.ts';

/** What the bank's pages do while the script waits, on every page of the PSU's browser context. */
/** Notes kept as evidence per browser session, at most. */
const MAX_NOTES = 50;

export interface ContextWatch {
  /** The TPP URI the browser was sent to, from any page; with its fragment once the TPP's page committed. */
  returned(): string | undefined;
  readonly returnSeen: Promise<void>;
  /** Rejects as soon as a page's main frame shows an error document or its navigation fails. */
  readonly broken: Promise<never>;
  /** Script errors, failed requests, dialogs and new windows, as evidence (typed values masked). */
  readonly notes: string[];
  /** The page the PSU looks at: the newest one still open (a popup or new tab the bank opened), else the first. */
  current(): Page;
  /** The pages still open, newest first. */
  open(): Page[];
  /** Resolves when the pages change (a window opened or closed). */
  changed(): Promise<void>;
  /**
   * The window the script now acts on. Only its error pages end the journey at once; another
   * window's (a help tab answering 404) are held, and end it when the script moves there.
   */
  actOn(page: Page): void;
  /** The newest error page of a window the script did not act on: why an element never showed, perhaps. */
  held(): ScaPageError | undefined;
}

export interface WatchOptions {
  readonly isReturn: (url: string) => boolean;
  /** Text of the bank's page, for error messages. */
  readonly pageText: (page: Page) => Promise<string>;
  /** Masks what the script typed, in text the bank shows back (a dialog echoing an OTP). */
  readonly mask: (text: string) => string;
  /** How long the TPP's page may take to commit once the browser was sent there. */
  readonly commitTimeoutMs: number;
}

/**
 * Watches the whole context, not one page: a bank may open its login in a popup (`window.open`) or a
 * new tab (`target=_blank`) and send the PSU back to the TPP from there, as a PSU would follow it.
 * Requests are caught on the context, so a popup's very first navigation is seen too.
 */
export function watchContext(context: BrowserContext, first: Page, options: WatchOptions): ContextWatch {
  const { isReturn } = options;
  let returned: string | undefined;
  let signalReturn: () => void = () => {};
  let signalBroken: (e: ScaPageError) => void = () => {};
  const returnSeen = new Promise<void>((resolve) => (signalReturn = resolve));
  const broken = new Promise<never>((_resolve, reject) => (signalBroken = reject));
  broken.catch(() => {});
  const notes: string[] = [];
  // A bank page can raise dialogs or errors on a timer: the evidence keeps the first ones.
  const note = (text: string) => {
    if (notes.length < MAX_NOTES) notes.push(text);
    else if (notes.length === MAX_NOTES) notes.push(`… later notes left out (more than ${MAX_NOTES})`);
  };
  const pages: Page[] = [first];
  const current = () => pages.findLast((page) => !page.isClosed()) ?? first;
  let acting = first;
  const heldErrors = new Map<Page, ScaPageError>();
  /** An error page or failed navigation: the end of the journey on the window acted on, held on another. */
  const brokenOn = (page: Page, error: ScaPageError) => {
    if (page === acting) signalBroken(error);
    else heldErrors.set(page, error);
  };
  let signalChange: () => void = () => {};
  let change = new Promise<void>((resolve) => (signalChange = resolve));
  const changed = () => {
    signalChange();
    change = new Promise<void>((resolve) => (signalChange = resolve));
  };
  first.on('close', changed);
  context.on('page', (page) => {
    if (pages.includes(page)) return;
    pages.push(page);
    page.on('close', changed);
    note(`the bank opened a new window at ${withoutQuery(page.url())}; the script goes on there`);
    changed();
  });

  // Unanswered, Playwright dismisses a dialog: a dismissed confirm() is the PSU cancelling, which
  // the script never asked for. The PSU reads it and goes on; the message is noted.
  context.on('dialog', (dialog) => {
    note(`the bank showed a ${dialog.type()} dialog on ${withoutQuery(dialog.page()?.url() ?? '')}, accepted: ${printable(options.mask(dialog.message())).slice(0, 300)}`);
    dialog.accept().catch(() => {});
  });
  context.on('request', (req) => {
    if (returned !== undefined || !isReturn(req.url())) return;
    returned = req.url();
    if (req.method() === 'POST') note(`the bank returned the browser to ${withoutQuery(req.url())} by a form POST (its body is not read)`);
    const frame = req.isNavigationRequest() ? mainFrameOf(req) : undefined;
    if (!frame) return signalReturn();
    // A fragment (#code=…) never reaches the network, so the request's URL lacks it.
    const sent = returned;
    // Bounded: the redirect's raw headers may never arrive, and the return must not wait on them.
    void bounded(fragmentOf(req, frame, isReturn, options.commitTimeoutMs), options.commitTimeoutMs).then((hash) => {
      if (hash && returned === sent) returned = `${sent}${hash}`;
      signalReturn();
    });
  });
  context.on('response', (res) => {
    const req = res.request();
    const frame = mainFrameOf(req);
    if (res.status() >= 400 && req.isNavigationRequest() && frame && !isReturn(req.url())) {
      note(`HTTP ${res.status()} for ${withoutQuery(req.url())}`);
      const page = frame.page();
      // 407 is a proxy's answer, never a bank page's: the bank was not reached.
      if (res.status() === 407) return brokenOn(page, new ScaPageError('proxy', `a proxy answered 407 Proxy Authentication Required for ${withoutQuery(req.url())}: its credentials are missing or refused; the bank was not reached`, 407));
      void options.pageText(page).then((text) =>
        brokenOn(page, new ScaPageError('error-page', `the ASPSP answered HTTP ${res.status()} at ${withoutQuery(req.url())}${text ? `: ${text}` : ''}`, res.status())),
      );
    }
  });
  context.on('requestfailed', (req) => {
    if (isReturn(req.url())) return;
    const why = req.failure()?.errorText ?? 'failed';
    note(`request failed: ${req.method()} ${withoutQuery(req.url())}: ${why}`);
    const frame = req.isNavigationRequest() ? mainFrameOf(req) : undefined;
    if (frame) brokenOn(frame.page(), new ScaPageError(isProxyNetError(why) ? 'proxy' : 'unreachable', `navigation to ${withoutQuery(req.url())} failed: ${why}`));
  });
  context.on('weberror', (e) => note(`script error on ${withoutQuery(e.page()?.url() ?? '')}: ${printable(options.mask(firstLine(e.error())))}`));

  return {
    returned: () => returned,
    returnSeen,
    broken,
    notes,
    current,
    actOn(page) {
      acting = page;
      // Its element showed, so whatever error it showed before (then navigated on) is over.
      heldErrors.delete(page);
    },
    held: () => [...heldErrors.values()].pop(),
    open: () => pages.filter((page) => !page.isClosed()).reverse(),
    changed: () => change,
  };
}

/**
 * The fragment of the URL a return navigation was sent to (it never reaches the network). After an
 * HTTP redirect it is in the bank's Location header; otherwise the committed TPP page's URL has it.
 */
async function fragmentOf(req: Request, frame: Frame, isReturn: (url: string) => boolean, timeout: number): Promise<string> {
  const from = req.redirectedFrom();
  if (from) {
    const location = await (await from.response())?.headerValue('location');
    return location ? new URL(location, from.url()).hash : '';
  }
  await frame.waitForURL((url) => isReturn(url.href), { waitUntil: 'commit', timeout });
  return new URL(frame.url()).hash;
}

/** The main frame a request navigates, or undefined (a subresource, an iframe, a service worker's request). */
function mainFrameOf(req: Request): Frame | undefined {
  try {
    const frame = req.frame();
    return frame.parentFrame() === null ? frame : undefined;
  } catch {
    return undefined;
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}
