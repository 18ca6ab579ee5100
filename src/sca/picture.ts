import type { CDPSession, FrameLocator, Page } from '@playwright/test';

/**
 * The picture of a bank page the PSU acts on, with what the script types covered. The cover is a
 * stylesheet put into every frame and open shadow root, over every password input and every
 * element the action fills (marked first: by the page itself for plain CSS, else through
 * Playwright's own selectors, so the cover reaches what the fill reaches). It stays on while the script types, so a picture taken after
 * input shows grey fields, never their values; a cover the browser did not take (a bank's inline
 * `!important` style beats it) is seen before anything is typed, and that page is pictured before
 * input instead. A last check before the capture withholds the picture should any field the
 * script typed into show its text uncovered after all (a bank's script replacing the field).
 */

/** What covers a masked field in a screenshot. */
export const SCREENSHOT_MASK_COLOR = '#808080';

/** One page's picture: a PNG (empty when none could be taken), and when it was taken. */
export interface PagePicture {
  readonly image: Buffer;
  /** 'before input', 'after input' (typed fields covered) or 'as shown' (the action types nothing). */
  readonly when: PictureMoment;
  /** Why there is no image although the page showed (the picture was withheld). */
  readonly withheld?: string;
}

export type PictureMoment = 'before input' | 'after input' | 'as shown';

/** Marks, for the cover stylesheet, the elements the script fills. */
const MASK_ATTRIBUTE = 'data-psd2-masked';

const COVER = `background: ${SCREENSHOT_MASK_COLOR} !important; color: transparent !important; -webkit-text-fill-color: transparent !important; text-shadow: none !important; caret-color: transparent !important; border-color: ${SCREENSHOT_MASK_COLOR} !important;`;

/**
 * Greys out password inputs and marked fields (their text, placeholder and whatever they hold). A
 * marked element's children are hidden, unless marked themselves: a label the script names holds
 * the input the fill types into, which must stay visible to be filled.
 */
const COVER_STYLE = ['input[type=password]', `[${MASK_ATTRIBUTE}]`]
  .map((sel) => `${sel} { ${COVER} } ${sel}::placeholder { color: transparent !important; } ${sel} *:not([${MASK_ATTRIBUTE}]) { visibility: hidden !important; }`)
  .join('\n');

/** Fields a PSU types into: what the last check looks at. */
const TEXT_FIELDS = 'input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]):not([type=file]):not([type=range]):not([type=color]), textarea, [contenteditable]:not([contenteditable=false])';

/**
 * In the page, shared by both scripts below: the document and its open shadow roots, the fields in
 * them, a field's text, and whether its text is covered. Text, not functions: the project compiles
 * without the DOM's types, and a compiled function may call helpers the page does not have.
 */
const IN_PAGE = `
  const roots = [];
  const collect = (root) => {
    roots.push(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.currentNode; node; node = walker.nextNode()) if (node.shadowRoot) collect(node.shadowRoot);
  };
  collect(document);
  const fields = roots.flatMap((root) => [...root.querySelectorAll(${JSON.stringify(TEXT_FIELDS)})]);
  const textOf = (el) => (el.isContentEditable ? el.textContent : el.value) ?? '';
  // A password input shows dots whatever it holds; anything else must have its text covered.
  const covered = (el) => (el.localName === 'input' && el.type === 'password') || getComputedStyle(el).webkitTextFillColor === 'rgba(0, 0, 0, 0)';
  const typedBefore = Symbol.for('psd2.text-before-input');
  // What the page says, its shadow roots included (a body's innerText does not reach into them).
  const pageText = () => roots.map((root) => (root === document ? document.body?.innerText : [...root.children].map((el) => el.innerText ?? '').join(' ')) ?? '').join(' ');
`;

/**
 * Marks what the given CSS selectors name in every root (and the control a named label holds,
 * which Playwright's fill types into), puts the cover in (replacing an earlier one), notes each
 * field's text; answers how many elements each selector found and how many marked ones it does
 * not cover. CSS is matched here, in one round trip: through Playwright's locators a page's marks
 * took about 15 ms.
 */
const coverScript = (css: readonly string[]) => `((css) => {${IN_PAGE}
  const found = css.map((selector) => {
    let count = 0;
    for (const root of roots) {
      let els = [];
      try { els = [...root.querySelectorAll(selector)]; } catch { return 0; }
      for (const el of els) {
        el.setAttribute('${MASK_ATTRIBUTE}', '');
        el.closest('label')?.control?.setAttribute('${MASK_ATTRIBUTE}', '');
        count++;
      }
    }
    return count;
  });
  for (const root of roots) {
    const host = root === document ? document.documentElement : root;
    if (!host) continue;
    for (const old of [...host.children].filter((el) => el.hasAttribute('data-psd2-cover'))) old.remove();
    const tag = document.createElement('style');
    tag.setAttribute('data-psd2-cover', '');
    tag.textContent = ${JSON.stringify(COVER_STYLE)};
    host.append(tag);
  }
  window[typedBefore] = new WeakMap(fields.map((el) => [el, textOf(el)]));
  return { found, uncovered: roots.flatMap((root) => [...root.querySelectorAll('[${MASK_ATTRIBUTE}]')]).filter((el) => !covered(el)).length, text: pageText() };
})(${JSON.stringify(css)})`;

/**
 * Just before the capture: how many fields show text that was not there before input, uncovered,
 * what the page says now, and the document's full size. A web font that never arrives must not hold the picture: it waits
 * a second at most, then the fallback font shows.
 */
const CHECK_SCRIPT = `(async () => {${IN_PAGE}
  const before = window[typedBefore];
  const exposed = fields.filter((el) => { const text = textOf(el); return text !== '' && text !== before?.get(el) && !covered(el); }).length;
  await Promise.race([document.fonts.ready, new Promise((resolve) => setTimeout(resolve, 1000))]);
  const el = document.documentElement, body = document.body;
  const size = body && el ? {
    width: Math.max(body.scrollWidth, el.scrollWidth, body.offsetWidth, el.offsetWidth, body.clientWidth, el.clientWidth),
    height: Math.max(body.scrollHeight, el.scrollHeight, body.offsetHeight, el.offsetHeight, body.clientHeight, el.clientHeight),
  } : undefined;
  return { exposed, size, text: pageText() };
})()`;

/**
 * Covers the page for its picture: marks what the action fills, puts the stylesheet into every
 * frame. True when every field the action fills was found and is covered, so a picture after
 * input shows none of what is typed. A selector CSS cannot express (text=, role=, `>>` chains), or
 * CSS that reaches into a shadow root from outside it, is marked through Playwright's own locator.
 */
export async function coverPage(page: Page, scope: Page | FrameLocator, fills: readonly string[]): Promise<Cover> {
  const css = fills.map(asCss);
  const byLocator = fills.filter((_, i) => css[i] === undefined);
  const located = await Promise.all(byLocator.map((selector) => markByLocator(scope, selector)));
  const plain = css.filter((c): c is string => c !== undefined);
  let covers = await coverFrames(page, plain);
  const missed = plain.filter((_, i) => covers.found[i] === 0);
  if (missed.length) {
    located.push(...(await Promise.all(missed.map((selector) => markByLocator(scope, selector)))));
    covers = await coverFrames(page, []);
  }
  return { proven: covers.proven && located.every((n) => n > 0), text: covers.text };
}

/** The page covered for its picture: whether the cover is proven, and what the page said before anything was typed. */
export interface Cover {
  readonly proven: boolean;
  readonly text: string;
}

/** The cover in every frame: how many elements each CSS selector found across them, whether every marked one is covered, the frames' text. */
async function coverFrames(page: Page, css: readonly string[]): Promise<{ readonly found: number[]; readonly proven: boolean; readonly text: string }> {
  const answers = await Promise.all(page.frames().map((frame) => bounded(frame.evaluate<{ found: number[]; uncovered: number; text: string }>(coverScript(css)))));
  return {
    found: css.map((_, i) => answers.reduce((sum, a) => sum + (a?.found[i] ?? 0), 0)),
    // A frame that cannot be asked cannot be vouched for.
    proven: answers.every((a) => a !== undefined && a.uncovered === 0),
    text: answers.map((a) => a?.text ?? '').join(' '),
  };
}

/**
 * Marks the elements a selector names, through Playwright's selector engines; answers how many. A
 * field the page does not have (yet), or a frame that does not answer: 0, the cover not proven (the fill reports a missing field).
 */
async function markByLocator(scope: Page | FrameLocator, selector: string): Promise<number> {
  return (await bounded(marked(scope, selector))) ?? 0;
}

function marked(scope: Page | FrameLocator, selector: string): Promise<number> {
  return scope
    .locator(selector)
    .evaluateAll((els, name) => {
      for (const el of els) {
        el.setAttribute(name, '');
        // Playwright's fill types into the control of the label it is given.
        const control = (el as { closest?(s: string): { control?: { setAttribute(n: string, v: string): void } | null } | null }).closest?.('label')?.control;
        control?.setAttribute(name, '');
      }
      return els.length;
    }, MASK_ATTRIBUTE);
}

/**
 * A Playwright selector as plain CSS, or undefined when it needs Playwright's own engines (text=,
 * role=, XPath, `>>` chains, :has-text() and the like), which the page's querySelectorAll cannot use.
 */
export function asCss(selector: string): string | undefined {
  const css = selector.startsWith('css=') ? selector.slice(4) : selector;
  if (/^[\w-]+=/.test(css) || /^(\/\/|\.\.|\()/.test(css.trim()) || /[{}]|>>|internal:/.test(css)) return undefined;
  if (/:(has-text|text|text-is|text-matches|visible|nth-match|left-of|right-of|above|below|near)\b/.test(css)) return undefined;
  return css;
}

interface PageSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Just before a capture after input: whether what the script typed shows anywhere, and the page's
 * size. Shown is a field whose text changed since the cover and is not covered (a bank's script
 * swapped the field, or spread an OTP over boxes of its own), or a typed value (3 characters or
 * more, spaces aside) in the page's text that was not there before (a widget drawing the digits
 * in its own elements, a page echoing the input). The text is compared here, never sent to the page.
 */
export async function checkCover(page: Page, typed?: { readonly values: Iterable<string>; readonly before: Cover }): Promise<{ readonly exposed: boolean; readonly size?: PageSize; readonly fitsViewport: boolean }> {
  const frames = page.frames();
  const checks = await Promise.all(frames.map((frame) => bounded(frame.evaluate<{ exposed: number; size?: PageSize; text: string }>(CHECK_SCRIPT))));
  const size = checks[frames.indexOf(page.mainFrame())]?.size;
  const viewport = page.viewportSize();
  const squeeze = (text: string) => text.replace(/\s+/g, '');
  const now = squeeze(checks.map((c) => c?.text ?? '').join(' '));
  const before = squeeze(typed?.before.text ?? '');
  const echoed = [...(typed?.values ?? [])].map(squeeze).some((value) => value.length >= 3 && now.includes(value) && !before.includes(value));
  return {
    // A frame that cannot be asked cannot be vouched for.
    exposed: echoed || checks.some((c) => c === undefined || c.exposed > 0),
    ...(size ? { size } : {}),
    fitsViewport: !size || !viewport || (size.width <= viewport.width && size.height <= viewport.height),
  };
}

/** One DevTools session per page, for its captures. */
const devtools = new WeakMap<Page, Promise<CDPSession>>();

/**
 * The full page as it shows now, cover included. Chromium's own capture, PNG encoded for speed, in
 * one round trip: Playwright's screenshot takes about seven for the same picture (style, caret,
 * fonts, size, metrics, restore). A capture the browser refuses (Chromium under load sometimes
 * does) falls back to Playwright's full page, then its viewport, then nothing (an empty buffer,
 * which callers do not attach): a picture must never stop the PSU's journey. Never rejects.
 */
export async function capturePage(page: Page, size: PageSize | undefined, fitsViewport: boolean, timeout: number): Promise<Buffer> {
  let session = devtools.get(page);
  if (!session) devtools.set(page, (session = page.context().newCDPSession(page)));
  const capture = session.then((cdp) =>
    cdp.send('Page.captureScreenshot', {
      format: 'png',
      optimizeForSpeed: true,
      ...(fitsViewport || !size ? {} : { clip: { x: 0, y: 0, width: size.width, height: size.height, scale: 1 }, captureBeyondViewport: true }),
    }),
  );
  // A renderer that does not answer within the page timeout gets no second try: no picture.
  const answer = await bounded(capture.then((r) => ({ data: r.data }), (e: unknown) => ({ error: e })), timeout);
  if (answer === undefined) return Buffer.alloc(0);
  if ('data' in answer) return Buffer.from(answer.data, 'base64');
  return page
    .screenshot({ fullPage: true, timeout })
    .catch(() => page.screenshot({ timeout }))
    .catch(() => Buffer.alloc(0));
}

/**
 * A page's answer, or undefined when it fails or takes longer than `ms`: an evaluation waits for
 * the frame's document, which a frame navigating forever (a hostile bank, a hung ad) never gives.
 */
async function bounded<T>(answer: Promise<T>, ms = FRAME_ANSWER_MS): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([answer.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long a frame may take to answer the cover or the check: a second of the font wait, and time to spare. */
const FRAME_ANSWER_MS = 3_000;
