import type { ScaStep } from '../suite/types.ts';
import type { Finding } from '../rules/types.ts';
import { attachJson } from '../report/attach.ts';
import { authorizeInBrowser } from '../oauth/authorize.ts';
import { interpolate } from '../plan/interpolate.ts';
import { ScaBrowserUnavailableError, ScaPageError } from '../sca/types.ts';
import { pageUnavailability } from '../http/availability.ts';
import { CaseStopError } from './errors.ts';
import { attachBrowserTrace } from './trace.ts';
import { runScaDecoupledAbandon } from './sca-decoupled-abandon.ts';
import { pollScaStatus } from './sca-status-poll.ts';
import { scaStatusOf } from './sca-start.ts';
import type { StepContext, StepEvidence } from './types.ts';
import { attachPicture } from './page-picture.ts';

/**
 * Decoupled SCA: the PSU answers in the bank's app (the profile's sca.decoupled page, standing in
 * for the phone), while the TPP polls the authorisation's scaStatus (the step's link, or the one
 * the bank's links give, after an explicit start where they ask for one) until it is final. Judged under the step's rule: finalised after approve, failed after deny. As for the
 * other approaches, a journey that did not end as asked stops the case. The PSU who never answers
 * (abandon) is sca-decoupled-abandon.ts.
 */
export async function runScaDecoupled(step: ScaStep, ctx: StepContext, evidence: StepEvidence): Promise<void> {
  if (step.outcome === 'abandon') return runScaDecoupledAbandon(step, ctx, evidence);
  if (step.outcome !== 'approve' && step.outcome !== 'deny') throw new CaseStopError('TEMPLATE', `outcome ${step.outcome} needs approach: oauth`, step.at);
  const outcome = step.outcome;
  const decoupled = ctx.profile.sca.decoupled;
  if (!decoupled) throw new CaseStopError('PROFILE_INCOMPLETE', `profile ${ctx.profile.file} has no sca.decoupled`, step.at);
  // With links: the creation's scaStatus link, or the one its explicit start answers (judged there).
  const { url: statusUrl, authorisationId: started } = await scaStatusOf(step, ctx);
  const origin = new URL(ctx.profile.baseUrl).origin;
  const authorisationId = started ?? new URL(statusUrl).pathname.split('/').filter(Boolean).pop() ?? '';
  const appUrl = new URL(decoupled.app.replace('{authorisationId}', encodeURIComponent(authorisationId)), origin).href;

  const scope = { vars: { psu: ctx.profile.psu, tpp: ctx.profile.tpp }, now: ctx.now() };
  try {
    const result = await authorizeInBrowser(ctx.sca, appUrl, [], decoupled[outcome], {
      resolveValue: (template) => String(interpolate(template, scope)),
      page: async (action, act) => {
        const problem = await ctx.step(`bank app: ${action.page}`, async (pageEvidence) => {
          try {
            await attachPicture(pageEvidence, action.page, await act());
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
    if (result.status !== undefined) {
      const down = pageUnavailability(result.status, result.acted ?? false);
      throw new CaseStopError(down ? 'ASPSP_UNAVAILABLE' : 'SCA_NOT_COMPLETED', `the bank's app page answered ${result.where}`, step.at);
    }
  } catch (e) {
    if (e instanceof ScaBrowserUnavailableError) throw new CaseStopError('ENVIRONMENT', e.message, step.at, { cause: e });
    if (e instanceof ScaPageError) throw new CaseStopError(e.kind === 'proxy' ? 'PROXY' : 'ASPSP_TRANSPORT', e.message, step.at, { cause: e });
    throw e;
  }

  const { status, polls } = await pollScaStatus(step, ctx, evidence, statusUrl);

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

