import { randomUUID } from 'node:crypto';
import { bounded } from '../util/bounded.ts';
import type { CDPSession, ElementHandle, Frame, FrameLocator, Page } from '@playwright/test';

/**
 * The picture of a bank page the PSU acts on, as the PSU submits it, with what the script types
 * covered. The cover is a stylesheet put into every frame and open shadow root before anything is
 * typed, over every password input and every element the action fills (marked first: by the page
 * itself for plain CSS, else through Playwright's own selectors, so the cover reaches what the
 * fill reaches), and proven: each field found, its text covered. It stays on while the script
 * types, so the picture shows grey fields, never their values. A cover not proven (a bank's inline
 * `!important` style beats it, a field shows only later): that page is pictured before input.
 * Checks just before and just after the capture withhold the picture when what was typed shows
 * after all (a field the page swapped, a value the page repeats in its text) or the page moved on.
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

const COVER = `background: ${SCREENSHOT_MASK_COLOR} !important; color: transparent !important; -webkit-text-fill-color: transparent !important; text-shadow: none !important; -webkit-text-stroke-width: 0 !important; caret-color: transparent !important; border-color: ${SCREENSHOT_MASK_COLOR} !important;`;

/**
 * Greys out password inputs and marked fields (their text, placeholder, selection and whatever they
 * hold). A marked element's children are hidden, unless marked themselves: a label the script names
 * holds the input the fill types into, which must stay visible to be filled. In a cascade layer of
 * its own, declared before any of the bank's: among `!important` rules the first layer wins, over
 * the bank's layers and its unlayered rules (`#otp:focus` ones too, which an empty field without
 * focus would not show); only an inline one beats it, and the cover's proof sees that before
 * anything is typed.
 */
const COVER_STYLE = `@layer psd2-cover {\n${['input[type=password]', `[${MASK_ATTRIBUTE}]`]
  .map((sel) => `${sel} { ${COVER} } ${sel}::placeholder { color: transparent !important; } ${sel}::selection { color: transparent !important; -webkit-text-fill-color: transparent !important; background: transparent !important; } ${sel} *:not([${MASK_ATTRIBUTE}]) { visibility: hidden !important; }`)
  .join('\n')}\n}`;

/** Fields a PSU types into: what the last check looks at. */
const TEXT_FIELDS = 'input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]):not([type=file]):not([type=range]):not([type=color]), textarea, [contenteditable]:not([contenteditable=false])';

/** Where the page keeps what the cover noted: text of each field before input, and the document's token. */
const NOTES = "Symbol.for('psd2.picture')";

/**
 * In the page, shared by the scripts below: the document and its open shadow roots, the fields in
 * them, a field's text, whether its text is covered, what the page says. Text, not functions: the
 * project compiles without the DOM's types, and a compiled function may call helpers the page does not have.
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
  // A password input shows dots whatever it holds; anything else must have its text covered,
  // neither filled, outlined nor shadowed.
  const covered = (el) => {
    if (el.localName === 'input' && el.type === 'password') return true;
    const style = getComputedStyle(el);
    return style.webkitTextFillColor === 'rgba(0, 0, 0, 0)' && parseFloat(style.webkitTextStrokeWidth || '0') === 0 && style.textShadow === 'none';
  };
  // What the page says, its shadow roots included (a body's innerText does not reach into them).
  const hidden = new Set(['STYLE', 'SCRIPT', 'TEMPLATE', 'NOSCRIPT']);
  const pageText = () => roots.map((root) => (root === document ? document.body?.innerText : [...root.children].filter((el) => !hidden.has(el.tagName)).map((el) => el.innerText ?? '').join(' ')) ?? '').join(' ');
`;

/**
 * Marks what the given CSS selectors name in every root (and the control a named label holds,
 * which Playwright's fill types into), puts the cover in (replacing an earlier one), notes each
 * field's text and the document's token; answers how many elements each selector found, how many
 * marked ones it does not cover, and what the page says. CSS is matched here, in one round trip:
 * through Playwright's locators a page's marks took about 15 ms.
 */
const coverScript = (css: readonly string[], token: string) => `((css, token) => {${IN_PAGE}
  const found = css.map((selector) => {
    let count = 0;
    for (const root of roots) {
      let els = [];
      // Not CSS after all: counted as not found, so Playwright's locator marks it.
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
    // First in the document: the layer declared first wins among !important rules, over the bank's own layers too.
    host.prepend(tag);
  }
  window[${NOTES}] = { token, before: new WeakMap(fields.map((el) => [el, textOf(el)])) };
  const marked = roots.flatMap((root) => [...root.querySelectorAll('[${MASK_ATTRIBUTE}]')]);
  return { found, marked: marked.length, uncovered: marked.filter((el) => !covered(el)).length, text: pageText() };
})(${JSON.stringify(css)}, ${JSON.stringify(token)})`;

/**
 * Before and after a capture: the document's token (another token, or none, means the page moved
 * on), how many fields show text that was not there when the cover went in, uncovered, what the
 * page says, and the document's full size. The first check waits for web fonts, a second at most:
 * one that never arrives must not hold the picture.
 */
const checkScript = (fonts: boolean) => `(async () => {
  if (${fonts}) await Promise.race([document.fonts.ready, new Promise((resolve) => setTimeout(resolve, 1000))]);
  ${IN_PAGE}
  const notes = window[${NOTES}];
  // A frame the cover never reached has no notes: what it shows is judged by the page's text alone.
  const exposed = notes ? fields.filter((el) => { const text = textOf(el); return text !== '' && text !== notes.before.get(el) && !covered(el); }).length : 0;
  const el = document.documentElement, body = document.body;
  const size = body && el ? {
    width: Math.max(body.scrollWidth, el.scrollWidth, body.offsetWidth, el.offsetWidth, body.clientWidth, el.clientWidth),
    height: Math.max(body.scrollHeight, el.scrollHeight, body.offsetHeight, el.offsetHeight, body.clientHeight, el.clientHeight),
  } : undefined;
  return { token: notes?.token, exposed, size, text: pageText() };
})()`;

/**
 * Covers the page for its picture: marks what the action fills, puts the stylesheet into every
 * frame. Proven when every field the action fills was found and is covered, so a picture after
 * input shows none of what is typed. A selector CSS cannot express (text=, role=, `>>` chains),
 * CSS that reaches into a shadow root from outside it, and every field of an action in a named
 * frame (where a match elsewhere must not count) are marked through Playwright's own locator.
 */
export async function coverPage(page: Page, scope: Page | FrameLocator, fills: readonly string[], inFrame: boolean): Promise<Cover> {
  const token = randomUUID();
  const css = fills.map((selector) => (inFrame ? undefined : asCss(selector)));
  const byLocator = fills.filter((_, i) => css[i] === undefined);
  const located = await Promise.all(byLocator.map((selector) => markByLocator(scope, selector)));
  const plain = css.filter((c): c is string => c !== undefined);
  let covers = await coverFrames(page, plain, token);
  const missed = plain.filter((_, i) => covers.found[i] === 0);
  if (missed.length) {
    located.push(...(await Promise.all(missed.map((selector) => markByLocator(scope, selector)))));
    covers = await coverFrames(page, [], token);
  }
  return { proven: covers.proven && located.every((n) => n > 0), text: covers.text, token, frames: covers.frames };
}

/** The page covered for its picture. */
export interface Cover {
  readonly proven: boolean;
  /** What the page said before anything was typed. */
  readonly text: string;
  /** Marks the documents the cover went into: a deciding frame holding another one has moved on. */
  readonly token: string;
  /** The frames whose navigation means the page moved on: the main frame, and those holding a field the script fills. */
  readonly frames: readonly Frame[];
}

/**
 * The cover in every frame, the CSS marks in the main frame only (where the page's locators look):
 * how many elements each selector found, whether every marked element is covered, the frames'
 * text, and the frames that decide whether the page moved on (the main frame, and those holding a
 * field the script fills; an unrelated iframe that loads or refreshes does not).
 */
async function coverFrames(page: Page, css: readonly string[], token: string) {
  const frames = page.frames();
  const main = page.mainFrame();
  const answers = await Promise.all(
    frames.map((frame) => bounded(frame.evaluate<{ found: number[]; marked: number; uncovered: number; text: string }>(coverScript(frame === main ? css : [], token)), FRAME_ANSWER_MS)),
  );
  return {
    found: css.map((_, i) => answers[frames.indexOf(main)]?.found[i] ?? 0),
    // A frame that cannot be asked cannot be vouched for.
    proven: answers.every((a, i) => (a !== undefined && a.uncovered === 0) || frames[i]!.isDetached()),
    text: answers.map((a) => a?.text ?? '').join(' '),
    frames: frames.filter((frame, i) => frame === main || (answers[i]?.marked ?? 0) > 0),
  };
}

/**
 * Marks the elements a selector names, through Playwright's selector engines; answers how many. A
 * field the page does not have (yet), or a frame that does not answer: 0, the cover not proven
 * (the fill reports a missing field).
 */
async function markByLocator(scope: Page | FrameLocator, selector: string): Promise<number> {
  return (await bounded(marked(scope, selector), FRAME_ANSWER_MS)) ?? 0;
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

/** Why a picture after input is not kept. */
export const WITHHELD = {
  moved: 'the page moved on while the script typed (it submitted itself): a picture now would show the next page',
  field: 'a field the script typed into showed its text uncovered (the page replaced or restyled it)',
  echo: 'the page repeated a value the script typed in its own text',
  unanswered: 'a frame of the page did not answer the check, so the picture could not be vouched for',
} as const;

/** What a check before or after a capture found. */
export interface CoverCheck {
  /** Why the picture must not be kept; undefined when it may. */
  readonly withheld?: string;
  readonly size?: PageSize;
  readonly fitsViewport: boolean;
}

/**
 * Before and after a capture following input: whether the page still is the one covered, whether
 * what the script typed shows anywhere, and the page's size. Shown is a field whose text changed
 * since the cover and is not covered (a bank's script swapped the field, or spread an OTP over
 * boxes of its own), or a typed value (3 characters or more, compared without case, spaces and
 * punctuation) more often in the page's text than before (a widget drawing the digits in its own
 * elements, a page echoing the input). The text is compared here, never sent to the page. Not
 * seen: text drawn on a canvas, by CSS `content`, or in a closed shadow root.
 */
export async function checkCover(page: Page, cover: Cover, typed: Iterable<string> | undefined, fonts: boolean): Promise<CoverCheck> {
  const frames = page.frames();
  let navigated = false;
  const ask = (frame: Frame) => frame.evaluate<{ token?: string; exposed: number; size?: PageSize; text: string }>(checkScript(fonts));
  const checks = await Promise.all(
    frames.map((frame) =>
      bounded(
        ask(frame).catch((e: unknown) => {
          if (!/context was destroyed|navigat/i.test(String(e))) throw e;
          // The document went away under the check. A deciding frame: the page moved on. Any
          // other frame (an advert, a fraud check loading anew) is asked again, in its new document.
          if (cover.frames.includes(frame)) navigated = true;
          else return ask(frame);
          throw e;
        }),
        FRAME_ANSWER_MS,
      ),
    ),
  );
  const size = checks[frames.indexOf(page.mainFrame())]?.size;
  const viewport = page.viewportSize();
  const fitsViewport = !size || !viewport || (size.width <= viewport.width && size.height <= viewport.height);
  const result = (withheld?: string): CoverCheck => ({ ...(withheld ? { withheld } : {}), ...(size ? { size } : {}), fitsViewport });
  if (navigated || frames.some((frame, i) => cover.frames.includes(frame) && checks[i] && checks[i].token !== cover.token)) return result(WITHHELD.moved);
  // Nothing typed so far: nothing else to withhold.
  if (typed === undefined) return result();
  // A frame gone meanwhile is not in the picture; one still there that did not answer is not vouched for.
  if (checks.some((c, i) => c === undefined && !frames[i]!.isDetached())) return result(WITHHELD.unanswered);
  if (checks.some((c) => c && c.exposed > 0)) return result(WITHHELD.field);
  const now = squeeze(checks.map((c) => c?.text ?? '').join(' '));
  const before = squeeze(cover.text);
  const echoed = [...typed].map(squeeze).some((value) => value.length >= 3 && occurrences(now, value) > occurrences(before, value));
  return result(echoed ? WITHHELD.echo : undefined);
}

/** Text as compared for echoes: lower case, letters and digits only. */
function squeeze(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function occurrences(text: string, value: string): number {
  let n = 0;
  for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + 1)) n++;
  return n;
}

/**
 * Whether the button can take the click now: visible, enabled, not covered at its centre, inside
 * the window, and (with `settle`) still in place a frame later. Playwright's own click checks the same, but its
 * trial dispatches mouse events a bank's page may see; this dispatches none. False sends the click
 * through Playwright's full checks instead.
 */
export async function readyToClick(button: ElementHandle, settle: boolean): Promise<boolean> {
  return (await bounded(button.evaluate(READY, settle), 1_000)) === true;
}

/**
 * Made from its source text, not written as a function here: Playwright sends a function's own text
 * to the page, and a compiled one may call helpers the page does not have (a string would be taken
 * for an expression, never called with the element).
 */
const READY = new Function(`return async (el, settle) => {
  const first = el.getBoundingClientRect();
  if (settle) await new Promise((resolve) => requestAnimationFrame(resolve));
  const r = el.getBoundingClientRect();
  if (!r.width || !r.height || r.x !== first.x || r.y !== first.y || r.width !== first.width || r.height !== first.height) return false;
  const target = el.closest('button, [role=button], a, [role=link], input') ?? el;
  if (getComputedStyle(el).visibility !== 'visible' || target.disabled || target.matches(':disabled') || target.getAttribute('aria-disabled') === 'true') return false;
  const root = el.getRootNode();
  const hit = (typeof root.elementFromPoint === 'function' ? root : document).elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return !!hit && (hit === el || el.contains(hit) || target.contains(hit));
}`)() as (el: unknown, settle: boolean) => Promise<boolean>;

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
  if (!session) {
    devtools.set(page, (session = page.context().newCDPSession(page)));
    // A session that could not be opened is not kept: the next capture asks again.
    session.catch(() => devtools.delete(page));
  }
  // A hostile page can be millions of pixels tall or wide: the picture stops where a viewer still opens it.
  const height = Math.min(size?.height ?? 0, MAX_PICTURE_SIDE);
  const width = Math.min(size?.width ?? 0, MAX_PICTURE_SIDE);
  const capture = session.then((cdp) =>
    cdp.send('Page.captureScreenshot', {
      format: 'png',
      optimizeForSpeed: true,
      ...(fitsViewport || !size ? {} : { clip: { x: 0, y: 0, width, height, scale: 1 }, captureBeyondViewport: true }),
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

/** The tallest (and widest) picture taken of a page, in CSS pixels. */
const MAX_PICTURE_SIDE = 16_384;

/**
 * How long a frame may take to answer the cover or the check (a second of the font wait, and time
 * to spare): an evaluation waits for the frame's document, which a frame navigating forever never gives.
 */
const FRAME_ANSWER_MS = 2_500;
