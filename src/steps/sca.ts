import type { ScaStep } from '../suite/types.ts';
import type { Finding } from '../rules/types.ts';
import { attachJson } from '../report/attach.ts';
import { CaseStopError, FindingsError } from './errors.ts';
import { interpolate } from '../plan/interpolate.ts';
import { isReturnTo, withoutQuery } from '../sca/return-uri.ts';
import { resolveTemplates } from './resolve.ts';
import type { StepDefinition } from './types.ts';

/** The PSU authorises or denies on the ASPSP's own pages, as the profile's SCA script says. */
export const scaStep: StepDefinition<ScaStep> = {
  kind: 'sca',
  title: (s) => s.title ?? `PSU ${s.outcome === 'approve' ? 'approves' : 'denies'} on the ASPSP's SCA pages`,
  async run(step, ctx, evidence) {
    const script = ctx.profile.sca.redirect?.[step.outcome];
    if (!script?.length) {
      throw new CaseStopError('PROFILE_INCOMPLETE', `profile ${ctx.profile.file} has no sca.redirect.${step.outcome} script`, step.at);
    }
    const link = resolveTemplates(step.link, ctx, step.at);
    if (typeof link !== 'string' || !/^https?:\/\//.test(link)) {
      throw new CaseStopError('TEMPLATE', `the SCA link must be an http(s) URL, got ${JSON.stringify(link)}`, step.at);
    }
    const { redirectUri, nokRedirectUri } = ctx.profile.tpp;
    const expected = step.outcome === 'approve' ? redirectUri : nokRedirectUri;
    // Script values are templates over the profile (${psu.password}); resolved only here, never logged.
    const scriptScope = { vars: { psu: ctx.profile.psu, tpp: ctx.profile.tpp }, now: ctx.now() };
    const resolveValue = (template: string) => {
      try {
        return String(interpolate(template, scriptScope));
      } catch (e) {
        throw new CaseStopError('PROFILE_INCOMPLETE', `profile ${ctx.profile.file} sca.redirect.${step.outcome}: ${(e as Error).message}`, step.at);
      }
    };

    let session;
    try {
      session = await ctx.sca.open(link, [redirectUri, nokRedirectUri]);
    } catch (e) {
      // The ASPSP's own SCA link does not open: that is the bank's failure on this rule.
      const failed = [finding(step, false, `the ASPSP's SCA link ${withoutQuery(link)} did not open: ${firstLine(e)}`, expected, undefined)];
      ctx.record(failed);
      throw new FindingsError(failed);
    }
    const findings: Finding[] = [];
    try {
      for (const action of script) {
        const problem = await ctx.step(`SCA page: ${action.page}`, async (pageEvidence) => {
          try {
            const shot = await session.perform(action, resolveValue);
            await pageEvidence.attach(`${action.page} (before input)`, { body: shot, contentType: 'image/png' });
            return undefined;
          } catch (e) {
            if (e instanceof CaseStopError) throw e;
            return `page '${action.page}' (waiting for ${action.waitFor}): ${firstLine(e)}; ${await session.describe()}`;
          }
        });
        if (problem) {
          findings.push(finding(step, false, problem, expected, undefined));
          break;
        }
      }
      if (!findings.length) {
        const returnedTo = await session.returnedTo();
        const passed = returnedTo !== undefined && isReturnTo(returnedTo, expected);
        findings.push(
          finding(
            step,
            passed,
            passed
              ? `the ASPSP returned the PSU to ${expected}`
              : `after the PSU ${step.outcome === 'approve' ? 'approved' : 'denied'}, the ASPSP should return the browser to ${expected}, ` +
                  // The query may carry an authorisation code: the report shows where, not what.
                  (returnedTo ? `but sent it to ${withoutQuery(returnedTo)}` : `but it stayed ${await session.describe()}`),
            expected,
            returnedTo && withoutQuery(returnedTo),
          ),
        );
      }
    } finally {
      await session.close();
    }
    ctx.record(findings);
    await attachJson(evidence, 'findings', findings);
    const failed = findings.filter((f) => !f.passed);
    if (failed.length) throw new FindingsError(failed);
  },
};

function finding(step: ScaStep, passed: boolean, message: string, expected: string, actual: string | undefined): Finding {
  return { ruleId: step.rule, passed, message, where: 'browser', expected, actual, at: step.at };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}
