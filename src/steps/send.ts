import type { SendOptions } from '../http/client.ts';
import type { AspspRequest, AspspResponse } from '../http/types.ts';
import { AspspTransportError, RequestBuildError } from '../http/errors.ts';
import { attachExchange } from '../report/attach.ts';
import type { Position } from '../suite/types.ts';
import { CaseStopError } from './errors.ts';
import type { StepContext, StepEvidence } from './types.ts';

/**
 * One request to the bank, or the case stops saying why: a request the harness could not build
 * (nothing was sent), or a bank that could not be talked to. Either way the request is attached.
 */
export async function sendOrStop(ctx: StepContext, request: AspspRequest, evidence: StepEvidence, at: Position, options: Omit<SendOptions, 'signal'> = {}): Promise<AspspResponse> {
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
