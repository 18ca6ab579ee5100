import { randomUUID } from 'node:crypto';
import type { ScaStep } from '../suite/types.ts';
import type { AspspRequest, Exchange } from '../http/types.ts';
import { apiPath } from '../http/links.ts';
import { attachExchange } from '../report/attach.ts';
import { sendOrStop } from './send.ts';
import { CaseStopError } from './errors.ts';
import { missingCredentials } from './credentials.ts';
import type { StepContext, StepEvidence } from './types.ts';

/** Where a decoupled SCA ends: the TPP stops polling at these. */
export const FINAL_SCA_STATUSES: ReadonlySet<string> = new Set(['finalised', 'failed', 'exempted']);
const POLL_INTERVAL_MS = 500;
const DEFAULT_WAIT_MS = 30_000;

/**
 * The TPP polls the scaStatus until it is final or the profile's timeouts.scaReturn ran out
 * (`once`: a single read). A poll not answered, or refused for credentials the profile does not
 * give, asked the bank nothing about the SCA: the case stops, no finding. The last answer is
 * attached and becomes the case's last exchange.
 */
export async function pollScaStatus(step: ScaStep, ctx: StepContext, evidence: StepEvidence, statusUrl: string, options: { once?: boolean } = {}): Promise<{ status: unknown; polls: number; last: Exchange }> {
  const deadline = Date.now() + (options.once ? 0 : (ctx.profile.timeouts?.scaReturn ?? DEFAULT_WAIT_MS));
  let last: Exchange | undefined;
  let status: unknown;
  let polls = 0;
  const operationId = ctx.validator.findOperation('GET', apiPath(statusUrl, ctx.profile.baseUrl))?.operationId;
  do {
    if (polls > 0) await new Promise((done) => setTimeout(done, POLL_INTERVAL_MS));
    const request: AspspRequest = { method: 'GET', url: statusUrl, headers: { ...ctx.profile.headers, 'X-Request-ID': randomUUID(), Accept: 'application/json' } };
    last = { request, response: await sendOrStop(ctx, request, evidence, step.at), operationId };
    polls += 1;
    // A poll refused for credentials the profile does not give asked the bank nothing about the SCA.
    const refused = missingCredentials(last, ctx.profile);
    if (refused) {
      await attachExchange(evidence, last.request, last.response);
      throw new CaseStopError('CREDENTIALS', `the scaStatus poll: ${refused}`, step.at);
    }
    status = (last.response.body as { scaStatus?: unknown } | undefined)?.scaStatus;
  } while (!(typeof status === 'string' && FINAL_SCA_STATUSES.has(status)) && Date.now() < deadline);
  ctx.state.last = last;
  await attachExchange(evidence, last.request, last.response);
  return { status, polls, last };
}
