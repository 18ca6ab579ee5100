import { randomUUID } from 'node:crypto';
import type { ClockStep, Position } from '../suite/types.ts';
import { clockMeans } from '../profile/clock.ts';
import type { AspspRequest } from '../http/types.ts';
import { attachExchange } from '../report/attach.ts';
import { sendOrStop } from './send.ts';
import { CaseStopError } from './errors.ts';
import { sleep } from './sleep.ts';
import { resolveTemplates } from './resolve.ts';
import type { StepContext, StepDefinition, StepEvidence } from './types.ts';

/** How far the clock moves, and whose time: one consent's, one payment's (templates), or the bank's. */
export interface ClockMove {
  readonly advance: string;
  readonly consent?: string;
  readonly payment?: string;
  /** A token name (from an oauth step): only that token's grant ages. */
  readonly token?: string;
}

/** POSTs the move to the profile's test clock control; a refusal is the test equipment's, not the bank's. */
export async function moveClock(ctx: StepContext, url: string, move: ClockMove, at: Position, evidence: StepEvidence): Promise<void> {
  const consentId = move.consent === undefined ? undefined : resolveTemplates(move.consent, ctx, at);
  const paymentId = move.payment === undefined ? undefined : resolveTemplates(move.payment, ctx, at);
  // A token name: its value goes only into the request body, which the redactor knows.
  const accessToken = move.token === undefined ? undefined : resolveTemplates(`\${${move.token}}`, ctx, at);
  const req: AspspRequest = {
    method: 'POST',
    url,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Request-ID': randomUUID() },
    body: JSON.stringify({ advance: move.advance, ...(consentId === undefined ? {} : { consentId }), ...(paymentId === undefined ? {} : { paymentId }), ...(accessToken === undefined ? {} : { accessToken }) }),
  };
  const response = await sendOrStop(ctx, req, evidence, at);
  await attachExchange(evidence, req, response);
  // The clock is test equipment, not the bank under test: a refusal leaves the case without its precondition.
  if (response.status < 200 || response.status > 299) {
    throw new CaseStopError('PROFILE_INCOMPLETE', `the clock control ${url} answered ${response.status}: ${response.text.slice(0, 200)}`, at);
  }
}

/** Moves the bank's time: a POST to the profile's test clock control, else a real wait the profile allows. */
export const clockStep: StepDefinition<ClockStep> = {
  kind: 'clock',
  title: (s) => s.title ?? `the bank's clock moves ${s.advance}`,
  async run(step, ctx, evidence) {
    // `${profile.ais.historyGracePeriod}`: how far is the bank's own choice.
    const advance = String(resolveTemplates(step.advance, ctx, step.at));
    const means = clockMeans(ctx.profile, advance);
    if (means.kind === 'none') throw new CaseStopError('PROFILE_INCOMPLETE', means.reason, step.at);
    if (means.kind === 'wait') {
      await sleep(means.ms, ctx.signal);
      return;
    }
    await moveClock(ctx, means.url, { ...step, advance }, step.at, evidence);
  },
};
