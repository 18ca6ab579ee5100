import type { Finding } from '../rules/types.ts';
import type { ScaStep } from '../suite/types.ts';
import { attachJson } from '../report/attach.ts';
import { CaseStopError } from './errors.ts';
import { letScaSessionTimeOut } from './sca-abandon.ts';
import { FINAL_SCA_STATUSES, pollScaStatus } from './sca-status-poll.ts';
import { scaStatusOf } from './sca-start.ts';
import type { StepContext, StepEvidence } from './types.ts';

/**
 * Decoupled SCA the PSU never answers: the bank's app asks (a first read shows the authorisation
 * still open), the PSU ignores it until the bank's SCA session has timed out (run out on the
 * consent's or payment's test clock, as for the redirect abandon), then the TPP polls. The bank
 * must end the authorisation as failed, judged under the step's rule; one still open leaves the
 * TPP polling forever. An authorisation already final (or unreadable) before the PSU could ignore
 * it never had its timeout tested: the case stops, inconclusive. No browser: nobody acts.
 */
export async function runScaDecoupledAbandon(step: ScaStep, ctx: StepContext, evidence: StepEvidence): Promise<void> {
  // An explicit start (links: asking for one) is the TPP's, before the bank's app asks the PSU.
  const { url: statusUrl } = await scaStatusOf(step, ctx);
  const before = await ctx.step("the bank's app asks the PSU, who does nothing: the authorisation is still open", (readEvidence) =>
    pollScaStatus(step, ctx, readEvidence, statusUrl, { once: true }),
  );
  if (typeof before.status !== 'string' || FINAL_SCA_STATUSES.has(before.status)) {
    const what = typeof before.status === 'string' ? `was already ${before.status}` : `could not be read (HTTP ${before.last.response.status} without a scaStatus)`;
    throw new CaseStopError('SCA_NOT_COMPLETED', `before the PSU ignored the bank's app, the authorisation ${what}, so the SCA session timeout was not tested`, step.at);
  }
  await letScaSessionTimeOut(step, ctx);
  const { status, polls, last } = await pollScaStatus(step, ctx, evidence, statusUrl);
  const passed = status === 'failed';
  const timeout = ctx.profile.sca.sessionTimeout ?? '';
  const answered = last.response.status === 200 ? '' : ` (HTTP ${last.response.status})`;
  const finding: Finding = {
    ruleId: step.rule,
    passed,
    where: '/scaStatus',
    expected: 'failed',
    actual: status,
    at: step.at,
    message: passed
      ? `the decoupled authorisation the PSU never answered ended with scaStatus failed after the SCA session timeout of ${timeout}`
      : `the PSU never answered the bank's app, and the SCA session timeout of ${timeout} has passed: scaStatus should become failed, but after ${polls} poll(s) it is ${JSON.stringify(status)}${answered}, so the TPP would poll forever`,
  };
  ctx.record([finding]);
  await attachJson(evidence, 'findings', [finding]);
  if (!passed) throw new CaseStopError('SCA_NOT_COMPLETED', `the unanswered decoupled SCA did not end as the case needs (${step.rule} failed)`, step.at);
}
