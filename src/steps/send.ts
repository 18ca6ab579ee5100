import type { SendOptions } from '../http/client.ts';
import type { AspspRequest, AspspResponse } from '../http/types.ts';
import { AspspTransportError, RequestBuildError } from '../http/errors.ts';
import { AspspUnavailableError, sendPatiently } from '../http/availability.ts';
import { attachExchange } from '../report/attach.ts';
import type { Position } from '../suite/types.ts';
import { CaseStopError, type StopCode } from './errors.ts';
import type { StepContext, StepEvidence } from './types.ts';

/**
 * One request to the bank, or the case stops saying why: a request the harness could not build
 * (nothing was sent), a bank that could not be talked to, or one that stayed unavailable (503,
 * a gateway's 504, throttling 429) after being asked again as its Retry-After allows, unless
 * the case expects that status (CaseState.awaited). Every answer not returned is attached here;
 * the caller attaches the one it gets.
 */
export async function sendOrStop(ctx: StepContext, request: AspspRequest, evidence: StepEvidence, at: Position, options: Omit<SendOptions, 'signal'> = {}): Promise<AspspResponse> {
  try {
    return await sendPatiently((req) => ctx.aspsp.send(req, { ...options, signal: ctx.signal }), request, {
      signal: ctx.signal,
      maxWaitMs: ctx.profile.timeouts?.retryAfter,
      ...(ctx.state.awaited ? { awaited: ctx.state.awaited } : {}),
      onUnavailable: (response, sent) => attachExchange(evidence, sent, response),
    });
  } catch (e) {
    if (e instanceof AspspUnavailableError) throw new CaseStopError('ASPSP_UNAVAILABLE', e.message, at, { cause: e });
    await attachExchange(evidence, request, undefined);
    if (e instanceof RequestBuildError) throw new CaseStopError('REQUEST_INVALID', `nothing was sent: ${e.message}`, at, { cause: e });
    if (e instanceof AspspTransportError) throw new CaseStopError(transportStop(e), `${e.code}: ${e.message}`, at, { cause: e });
    throw e;
  }
}

/** Whose the transport failure is: the case's own budget, the proxy in between, or the bank. */
export function transportStop(e: AspspTransportError): StopCode {
  if (e.code === 'CASE_DEADLINE') return 'CASE_DEADLINE';
  if (e.code === 'PROXY_AUTH_REQUIRED' || e.code === 'PROXY_REFUSED' || e.code === 'PROXY_UNREACHABLE') return 'PROXY';
  return 'ASPSP_TRANSPORT';
}
