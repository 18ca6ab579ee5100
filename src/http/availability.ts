import { setTimeout as delay } from 'node:timers/promises';
import { messageCodesIn } from '../validate/errorBody.ts';
import { AspspTransportError } from './errors.ts';
import type { AspspRequest, AspspResponse } from './types.ts';

/**
 * Why an answer says the bank cannot serve now rather than how it serves, or undefined: 503 (down
 * for maintenance, overloaded), 504 (its gateway got no answer from the bank in time, as the
 * harness's own request deadline would) and a 429 that is throttling, not Berlin Group's access
 * limit (ACCESS_EXCEEDED, the only code the IG gives 429, which the frequency rules judge). No
 * rule is blamed for such an answer. A 502 is not among them: the bank's system answered its own
 * gateway with something broken, which is the bank's failure (RFC 9110 section 15.6.3).
 */
export function unavailability(response: Pick<AspspResponse, 'status' | 'body'>): string | undefined {
  const { status } = response;
  if (status === 503 || status === 504) return `HTTP ${status}`;
  if (status === 429 && !messageCodesIn(response.body).some(({ code }) => code === 'ACCESS_EXCEEDED')) return 'HTTP 429 without ACCESS_EXCEEDED (throttling)';
  return undefined;
}

/**
 * The same for a bank page in the PSU's browser. Before the PSU acted, a 429 is throttling like
 * any other; after, it is the bank's answer to what the PSU did (too many attempts: a lockout the
 * case judges), so only 503 and 504 keep the journey unjudged.
 */
export function pageUnavailability(status: number, acted: boolean): string | undefined {
  if (acted && status === 429) return undefined;
  return unavailability({ status, body: undefined });
}

/**
 * Whether asking again is safe: a 503 or 429 says the request was not served, so any request may
 * be sent again; after a 504 the bank may have acted on it, so only a safe one is
 * (RFC 9110 sections 9.2.1, 9.2.2): a payment initiation or a token request is not sent twice.
 */
function mayAskAgain(method: string, status: number): boolean {
  // Berlin Group's PUT and DELETE move authorisations and cancellations on: not asked twice either.
  return status !== 504 || ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/**
 * Retry-After as a wait in milliseconds: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3),
 * a date in the past as no wait; undefined when absent or unreadable.
 */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only the IMF-fixdate form and its obsolete siblings are dates; Date.parse alone takes almost anything.
  if (!/^[A-Za-z]{3},? /.test(text) && !/^[A-Za-z]+day, /.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** How often an unavailable answer is asked again before giving up on it. */
const MAX_RETRIES = 2;
/** The longest Retry-After waited out unless the profile says (timeouts.retryAfter). */
export const DEFAULT_RETRY_AFTER_MAX_MS = 10_000;
/** The wait before asking again when the bank names none: one second, then two. */
const BACKOFF_MS = 1_000;

/** The bank went on answering that it cannot serve now: nothing the request was for can be judged. */
export class AspspUnavailableError extends Error {
  constructor(request: string, detail: string) {
    super(`${request} ${detail}`);
    this.name = 'AspspUnavailableError';
  }
}

export interface PatienceOptions {
  /** The case's budget: a wait to ask again ends with it (a CASE_DEADLINE transport error). */
  readonly signal?: AbortSignal;
  /** The longest Retry-After waited out; 0 never asks again. */
  readonly maxWaitMs?: number | undefined;
  /** Statuses the caller expects: such an answer is returned as it is, never asked again. */
  readonly awaited?: readonly number[];
  /** Sees each unavailable answer that is not returned (evidence). */
  readonly onUnavailable?: (response: AspspResponse, sent: AspspRequest) => Promise<void> | void;
}

/**
 * Sends the request as a patient client would: an unavailable answer (see `unavailability`) is
 * asked again when that is safe (`mayAskAgain`), at most twice, after its Retry-After (or one
 * second, then two) when that wait is within `maxWaitMs`; a signing client signs each sending
 * afresh. It is the same request each time, X-Request-ID included: the bank may treat that as the
 * key that makes a repeat harmless, and a case may have set it on purpose (a replay check). Still
 * unavailable: AspspUnavailableError, saying how often and why.
 */
export async function sendPatiently(send: (request: AspspRequest) => Promise<AspspResponse>, request: AspspRequest, options: PatienceOptions = {}): Promise<AspspResponse> {
  const maxWait = options.maxWaitMs ?? DEFAULT_RETRY_AFTER_MAX_MS;
  const label = `${request.method} ${request.url.split('?')[0]}`;
  for (let attempt = 0; ; attempt++) {
    const response = await send(request);
    const why = unavailability(response);
    if (!why || options.awaited?.includes(response.status)) return response;
    await options.onUnavailable?.(response, response.request ?? request);
    const wait = retryAfterMs(response.headers['retry-after'], Date.now()) ?? BACKOFF_MS * (attempt + 1);
    const safe = mayAskAgain(request.method, response.status);
    if (attempt >= MAX_RETRIES || maxWait === 0 || wait > maxWait || !safe) {
      const asked = attempt > 0 ? `, asked ${attempt + 1} times` : '';
      const tooLong = maxWait > 0 && wait > maxWait ? `; it asks to retry after ${wait / 1000} s, longer than timeouts.retryAfter (${maxWait / 1000} s)` : '';
      const notAgain = safe ? '' : ` (a ${request.method} is not sent again after a gateway timeout: the bank may have acted on it)`;
      throw new AspspUnavailableError(label, `answered ${why}${asked}${tooLong}${notAgain}: the bank did not serve the request, so nothing it was for is judged`);
    }
    try {
      await delay(wait, undefined, options.signal ? { signal: options.signal } : {});
    } catch (cause) {
      throw new AspspTransportError('CASE_DEADLINE', label, `the case's time budget ran out waiting ${wait / 1000} s to ask again after ${why}`, { cause });
    }
  }
}
