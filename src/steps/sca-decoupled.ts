import { randomUUID } from 'node:crypto';
import type { ScaStep } from '../suite/types.ts';
import type { Finding } from '../rules/types.ts';
import type { AspspRequest, Exchange } from '../http/types.ts';
import { AspspTransportError } from '../http/errors.ts';
import { linkUrl } from '../http/links.ts';
import { attachExchange, attachJson } from '../report/attach.ts';
import { authorizeInBrowser } from '../oauth/authorize.ts';
import { interpolate } from '../plan/interpolate.ts';
import { ScaBrowserUnavailableError, ScaPageError } from '../sca/types.ts';
import { CaseStopError } from './errors.ts';
import { missingCredentials } from './credentials.ts';
import { attachBrowserTrace } from './trace.ts';
import { resolveTemplates } from './resolve.ts';
import type { StepContext, StepEvidence } from './types.ts';

const FINAL = new Set(['finalised', 'failed', 'exempted']);
const POLL_INTERVAL_MS = 500;
const DEFAULT_WAIT_MS = 30_000;

/**
 * Decoupled SCA: the PSU answers in the bank's app (the profile's sca.decoupled page, standing in
 * for the phone), while the TPP polls the authorisation's scaStatus (the step's link) until it is
 * final. Judged under the step's rule: finalised after approve, failed after deny. As for the
 * other approaches, a journey that did not end as asked stops the case.
 */
export async function runScaDecoupled(step: ScaStep, ctx: StepContext, evidence: StepEvidence): Promise<void> {
  if (step.outcome !== 'approve' && step.outcome !== 'deny') throw new CaseStopError('TEMPLATE', `outcome ${step.outcome} needs approach: ${step.outcome === 'abandon' ? 'redirect or oauth' : 'oauth'}`, step.at);
  const outcome = step.outcome;
  const decoupled = ctx.profile.sca.decoupled;
  if (!decoupled) throw new CaseStopError('PROFILE_INCOMPLETE', `profile ${ctx.profile.file} has no sca.decoupled`, step.at);
  const link = String(resolveTemplates(step.link, ctx, step.at));
  const origin = new URL(ctx.profile.baseUrl).origin;
  const statusUrl = linkUrl(link, ctx.profile.baseUrl);
  const authorisationId = new URL(statusUrl).pathname.split('/').filter(Boolean).pop() ?? '';
  const appUrl = new URL(decoupled.app.replace('{authorisationId}', encodeURIComponent(authorisationId)), origin).href;

  const scope = { vars: { psu: ctx.profile.psu, tpp: ctx.profile.tpp }, now: ctx.now() };
  try {
    const result = await authorizeInBrowser(ctx.sca, appUrl, [], decoupled[outcome], {
      resolveValue: (template) => String(interpolate(template, scope)),
      page: async (action, act) => {
        const problem = await ctx.step(`bank app: ${action.page}`, async (pageEvidence) => {
          try {
            const shot = await act();
            if (shot.length) await pageEvidence.attach(`${action.page} (before input)`, { body: shot, contentType: 'image/png' });
            return undefined;
          } catch (e) {
            return e instanceof ScaPageError ? e : new ScaPageError('element-missing', `page '${action.page}': ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
          }
        });
        if (problem) throw problem;
      },
    }, { awaitReturn: false });
    await attachBrowserTrace(evidence, result.trace);
    if (result.problem) throw new CaseStopError('SCA_NOT_COMPLETED', `the PSU could not act in the bank's app as profile ${ctx.profile.name} scripts it: ${result.problem.message}`, step.at);
    if (result.status !== undefined) throw new CaseStopError('SCA_NOT_COMPLETED', `the bank's app page answered ${result.where}`, step.at);
  } catch (e) {
    if (e instanceof ScaBrowserUnavailableError) throw new CaseStopError('ENVIRONMENT', e.message, step.at, { cause: e });
    if (e instanceof ScaPageError) throw new CaseStopError('ASPSP_TRANSPORT', e.message, step.at, { cause: e });
    throw e;
  }

  const deadline = Date.now() + (ctx.profile.timeouts?.scaReturn ?? DEFAULT_WAIT_MS);
  let last: Exchange | undefined;
  let status: unknown;
  let polls = 0;
  do {
    if (polls > 0) await new Promise((done) => setTimeout(done, POLL_INTERVAL_MS));
    const request: AspspRequest = { method: 'GET', url: statusUrl, headers: { ...ctx.profile.headers, 'X-Request-ID': randomUUID(), Accept: 'application/json' } };
    try {
      last = { request, response: await ctx.aspsp.send(request, { signal: ctx.signal }), operationId: ctx.validator.findOperation('GET', new URL(statusUrl).pathname)?.operationId };
    } catch (e) {
      if (e instanceof AspspTransportError) throw new CaseStopError(e.code === 'CASE_DEADLINE' ? 'CASE_DEADLINE' : 'ASPSP_TRANSPORT', e.message, step.at, { cause: e });
      throw e;
    }
    polls += 1;
    // A poll refused for credentials the profile does not give asked the bank nothing about the SCA.
    const refused = missingCredentials(last, ctx.profile);
    if (refused) {
      await attachExchange(evidence, last.request, last.response);
      throw new CaseStopError('CREDENTIALS', `the scaStatus poll: ${refused}`, step.at);
    }
    status = (last.response.body as { scaStatus?: unknown } | undefined)?.scaStatus;
  } while (!(typeof status === 'string' && FINAL.has(status)) && Date.now() < deadline);
  ctx.state.last = last;
  await attachExchange(evidence, last.request, last.response);

  const wanted = step.outcome === 'approve' ? 'finalised' : 'failed';
  const passed = status === wanted;
  const finding: Finding = {
    ruleId: step.rule,
    passed,
    where: '/scaStatus',
    expected: wanted,
    actual: status,
    at: step.at,
    message: `after the PSU ${step.outcome === 'approve' ? 'approved' : 'denied'} in the bank's app, scaStatus ${passed ? 'is' : 'should become'} ${wanted}${passed ? '' : `, but after ${polls} poll(s) it is ${JSON.stringify(status)}`}`,
  };
  ctx.record([finding]);
  await attachJson(evidence, 'findings', [finding]);
  if (!passed) throw new CaseStopError('SCA_NOT_COMPLETED', `the decoupled SCA did not end as the case needs (${step.rule} failed)`, step.at);
}
