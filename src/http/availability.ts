import { messageCodesIn } from '../validate/errorBody.ts';
import type { AspspResponse } from './types.ts';

/**
 * Why an answer says the bank cannot serve now rather than how it serves, or undefined: 502, 503
 * and 504 (a gateway, or the bank down for maintenance) and a 429 that is throttling, not Berlin
 * Group's access limit (ACCESS_EXCEEDED, the only code the IG gives 429, which the frequency rules
 * judge). Nothing the case checks can be judged on such an answer, so no rule is blamed for it.
 */
export function unavailability(response: Pick<AspspResponse, 'status' | 'body'>): string | undefined {
  const { status } = response;
  if (status === 502 || status === 503 || status === 504) return `HTTP ${status}`;
  if (status === 429 && !messageCodesIn(response.body).some(({ code }) => code === 'ACCESS_EXCEEDED')) return 'HTTP 429 without ACCESS_EXCEEDED (throttling)';
  return undefined;
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
