import { randomUUID } from 'node:crypto';
import type { ClockStep } from '../suite/types.ts';
import { clockMeans } from '../profile/clock.ts';
import type { AspspRequest } from '../http/types.ts';
import { AspspTransportError } from '../http/errors.ts';
import { attachExchange } from '../report/attach.ts';
import { CaseStopError } from './errors.ts';
import { sleep } from './sleep.ts';
import { resolveTemplates } from './resolve.ts';
import type { StepDefinition } from './types.ts';

/** Moves the bank's time: a POST to the profile's test clock control, else a real wait the profile allows. */
export const clockStep: StepDefinition<ClockStep> = {
  kind: 'clock',
  title: (s) => s.title ?? `the bank's clock moves ${s.advance}`,
  async run(step, ctx, evidence) {
    const means = clockMeans(ctx.profile, step.advance);
    if (means.kind === 'none') throw new CaseStopError('PROFILE_INCOMPLETE', means.reason, step.at);
    if (means.kind === 'wait') {
      await sleep(means.ms, ctx.signal);
      return;
    }
    const consentId = step.consent === undefined ? undefined : resolveTemplates(step.consent, ctx, step.at);
    const req: AspspRequest = {
      method: 'POST',
      url: means.url,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Request-ID': randomUUID() },
      body: JSON.stringify({ advance: step.advance, ...(consentId === undefined ? {} : { consentId }) }),
    };
    let response;
    try {
      response = await ctx.aspsp.send(req);
    } catch (e) {
      await attachExchange(evidence, req, undefined);
      if (e instanceof AspspTransportError) throw new CaseStopError('ASPSP_TRANSPORT', e.message, step.at, { cause: e });
      throw e;
    }
    await attachExchange(evidence, req, response);
    // The clock is test equipment, not the bank under test: a refusal leaves the case without its precondition.
    if (response.status < 200 || response.status > 299) {
      throw new CaseStopError('PROFILE_INCOMPLETE', `the clock control ${means.url} answered ${response.status}: ${response.text.slice(0, 200)}`, step.at);
    }
  },
};
