import { randomUUID } from 'node:crypto';
import type { SendOptions } from '../http/client.ts';
import type { AspspRequest, AspspResponse } from '../http/types.ts';
import { AspspTransportError, RequestBuildError } from '../http/errors.ts';
import { retryAfterMs, unavailability } from '../http/availability.ts';
import { attachExchange } from '../report/attach.ts';
import type { Position } from '../suite/types.ts';
import { CaseStopError } from './errors.ts';
import { sleep } from './sleep.ts';
import type { StepContext, StepEvidence } from './types.ts';

/** How often an unavailable answer is asked again before the case stops on it. */
const MAX_RETRIES = 2;
/** The longest Retry-After waited out unless the profile says (timeouts.retryAfter). */
export const DEFAULT_RETRY_AFTER_MAX_MS = 10_000;
/** The wait before asking again when the bank names none: one second, then two. */
const BACKOFF_MS = 1_000;

/**
 * One request to the bank, or the case stops saying why: a request the harness could not build
 * (nothing was sent), a bank that could not be talked to, or one that stayed unavailable (503,
 * a gateway's 502/504, throttling 429) after being asked again as its Retry-After allows, unless
 * the case expects that status (CaseState.awaited). Every
 * answer that is not returned is attached here; the caller attaches the one it gets.
 */
export async function sendOrStop(ctx: StepContext, request: AspspRequest, evidence: StepEvidence, at: Position, options: Omit<SendOptions, 'signal'> = {}): Promise<AspspResponse> {
  const maxWait = ctx.profile.timeouts?.retryAfter ?? DEFAULT_RETRY_AFTER_MAX_MS;
  let req = request;
  for (let attempt = 0; ; attempt++) {
    const response = await sendOnce(ctx, req, evidence, at, options);
    const why = unavailability(response);
    if (!why || ctx.state.awaited?.includes(response.status)) return response;
    await attachExchange(evidence, response.request ?? req, response);
    const named = retryAfterMs(response.headers['retry-after'], Date.now());
    const wait = named ?? BACKOFF_MS * (attempt + 1);
    const label = `${req.method} ${req.url.split('?')[0]}`;
    if (attempt >= MAX_RETRIES || maxWait === 0 || wait > maxWait) {
      const asked = attempt > 0 ? `, asked ${attempt + 1} times` : '';
      const tooLong = maxWait > 0 && wait > maxWait ? `; it asks to retry after ${wait / 1000} s, longer than timeouts.retryAfter (${maxWait / 1000} s)` : '';
      throw new CaseStopError('ASPSP_UNAVAILABLE', `${label} answered ${why}${asked}${tooLong}: the bank did not serve the request, so nothing it checks is judged`, at);
    }
    await sleep(wait, ctx.signal);
    // A new call, so a new X-Request-ID: a bank may refuse one it has seen (a signed request is signed again).
    req = { ...req, headers: withFreshRequestId(req.headers) };
  }
}

async function sendOnce(ctx: StepContext, request: AspspRequest, evidence: StepEvidence, at: Position, options: Omit<SendOptions, 'signal'>): Promise<AspspResponse> {
  try {
    return await ctx.aspsp.send(request, { ...options, signal: ctx.signal });
  } catch (e) {
    await attachExchange(evidence, request, undefined);
    if (e instanceof RequestBuildError) throw new CaseStopError('REQUEST_INVALID', `nothing was sent: ${e.message}`, at, { cause: e });
    if (e instanceof AspspTransportError) {
      throw new CaseStopError(e.code === 'CASE_DEADLINE' ? 'CASE_DEADLINE' : 'ASPSP_TRANSPORT', `${e.code}: ${e.message}`, at, { cause: e });
    }
    throw e;
  }
}

function withFreshRequestId(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = name.toLowerCase() === 'x-request-id' ? randomUUID() : value;
  return out;
}
