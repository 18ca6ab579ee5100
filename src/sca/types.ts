import type { PagePicture } from './picture.ts';
import type { ScaScriptAction } from '../profile/types.ts';

/** The PSU's browser on the ASPSP's SCA pages, for one authorisation. */
export interface ScaSession {
  /**
   * Waits for the action's page, acts, and gives the page's picture: as the PSU submits it, with
   * the fields the action fills and every password input covered; before input when the cover
   * could not be proven first (see picture.ts).
   * Throws a ScaPageError saying why the page could not be driven.
   */
  perform(action: ScaScriptAction, resolveValue: (template: string) => string): Promise<PagePicture>;
  /**
   * Reloads the page the PSU is on (the PSU coming back to it, e.g. after the session timed out).
   * Throws a ScaPageError when the bank answers with an error page or cannot be reached; a
   * redirect to a return URI is no error.
   */
  reload(): Promise<void>;
  /** The TPP URI the browser was sent to so far, without waiting (e.g. a redirect before any page showed). */
  returned?(): string | undefined;
  /** The TPP URI the ASPSP sent the browser to, or undefined when it did not within the timeout. */
  returnedTo(): Promise<string | undefined>;
  /** Where the browser is and what the page says: for failure messages. */
  describe(): Promise<string>;
  /**
   * Uncaught script errors and failed requests of the bank's pages so far, the dialogs they showed and
   * the windows they opened (evidence, never a verdict by themselves; typed values masked).
   */
  pageErrors(): readonly string[];
  /**
   * Ends the recording and gives the session's Playwright trace, unmasked (the report's redactor
   * masks it when attached); undefined when the session is not recorded. Call before close.
   */
  trace(): Promise<ScaTrace | undefined>;
  close(): Promise<void>;
}

/** A session's Playwright trace (a zip the trace viewer opens), or why it could not be saved. */
export type ScaTrace = { readonly zip: Buffer } | { readonly error: string };

export interface ScaDriver {
  /**
   * Opens `link` in a fresh browser context that watches for navigation to any of `returnUris`.
   * Throws ScaBrowserUnavailableError when no browser can be started, ScaPageError when the link
   * does not open.
   */
  open(link: string, returnUris: readonly string[]): Promise<ScaSession>;
}

/**
 * Why an SCA page could not be driven. Who is to blame differs by kind:
 * - 'error-page': the bank answered a page with HTTP 4xx/5xx — the bank's failure;
 * - 'unreachable': the page could not be loaded at all (DNS, refused, TLS) — nothing was judged;
 * - 'element-missing': the page loaded but the script's element never showed — the profile's
 *   script and the bank's page disagree; nothing the PSU did was judged;
 * - 'proxy': the HTTP proxy between the browser and the bank refused (407, no tunnel) or could not
 *   be reached — the bank was not asked, nothing was judged.
 */
export class ScaPageError extends Error {
  readonly kind: 'error-page' | 'unreachable' | 'element-missing' | 'proxy';
  readonly status?: number;

  constructor(kind: ScaPageError['kind'], message: string, status?: number) {
    super(message);
    this.name = 'ScaPageError';
    this.kind = kind;
    if (status !== undefined) this.status = status;
  }
}

/** No browser could be started on this machine: an environment problem, never the bank's. */
export class ScaBrowserUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScaBrowserUnavailableError';
  }
}

// Chromium's network error codes that only a proxy produces (net/base/net_error_list.h).
const PROXY_NET_ERROR = /net::ERR_(?:PROXY_[A-Z_]+|TUNNEL_CONNECTION_FAILED|NO_SUPPORTED_PROXIES|MANDATORY_PROXY_CONFIGURATION_FAILED)\b/;

/** Whether a browser navigation failed at the proxy rather than at the bank. */
export function isProxyNetError(text: string): boolean {
  return PROXY_NET_ERROR.test(text);
}
