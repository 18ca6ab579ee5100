import type { ScaStep } from '../suite/types.ts';
import type { Finding } from '../rules/types.ts';
import { attachJson } from '../report/attach.ts';
import { pageUnavailability } from '../http/availability.ts';
import { CaseStopError } from './errors.ts';
import { interpolate } from '../plan/interpolate.ts';
import { linkUrl } from '../http/links.ts';
import { isReturnTo, withoutQuery } from '../sca/return-uri.ts';
import { ScaBrowserUnavailableError, ScaPageError, type ScaSession } from '../sca/types.ts';
import { scaRedirectOf } from './sca-start.ts';
import { runScaOAuth } from './sca-oauth.ts';
import { runScaDecoupled } from './sca-decoupled.ts';
import { firstPageOnly, letScaSessionTimeOut } from './sca-abandon.ts';
import { attachBrowserTrace } from './trace.ts';
import type { StepContext, StepDefinition } from './types.ts';
import { attachPicture } from './page-picture.ts';

/**
 * The PSU authorises or denies on the ASPSP's own pages, as the profile's SCA script says.
 * Whatever the outcome, the case goes on only when the journey completed as asked: every later
 * step depends on the state SCA was meant to establish, so after a failed or unfinished journey
 * they are not judged (inconclusive), never passed on a consent the PSU did not authorise.
 */
export const scaStep: StepDefinition<ScaStep> = {
  kind: 'sca',
  title: (s) => s.title ?? (s.approach === 'decoupled' && s.outcome === 'abandon' ? "PSU ignores the bank's app until the SCA session times out" : `PSU ${ACTS[s.outcome]} on the ASPSP's SCA pages`),
  async run(step, ctx, evidence) {
    if (step.approach === 'oauth' && step.link === undefined) {
      throw new CaseStopError('TEMPLATE', `approach oauth needs link: (links: follows a redirect or decoupled journey's links)`, step.at);
    }
    if (step.approach === 'oauth') return runScaOAuth(step, ctx, evidence);
    if (step.outcome === 'cancel' || step.outcome === 'lockout') {
      throw new CaseStopError('TEMPLATE', `outcome ${step.outcome} needs approach: oauth (the profile's oauth.scripts)`, step.at);
    }
    if (step.approach === 'decoupled') return runScaDecoupled(step, ctx, evidence);
    const outcome = step.outcome;
    // Abandon: the PSU sees the first page of the approve script, then leaves it.
    const script = outcome === 'abandon' ? firstPageOnly(ctx.profile.sca.redirect?.approve) : ctx.profile.sca.redirect?.[outcome];
    if (!script?.length) {
      throw new CaseStopError('PROFILE_INCOMPLETE', `profile ${ctx.profile.file} has no sca.redirect.${outcome === 'abandon' ? 'approve' : outcome} script`, step.at);
    }
    // With links: the bank's scaRedirect, or the one its explicit start answers (judged there).
    const href = await scaRedirectOf(step, ctx);
    if (typeof href !== 'string' || href === '') {
      throw new CaseStopError('TEMPLATE', `the SCA link must be a URL, got ${JSON.stringify(href)}`, step.at);
    }
    // The bank's link may be relative (IG: "relative or full links, to be decided by the ASPSP").
    const link = linkUrl(href, ctx.profile.baseUrl);
    if (!/^https?:\/\//i.test(link)) {
      // An app link (bankapp://…) is the bank's choice for app-to-app SCA; a browser cannot follow it.
      throw new CaseStopError('SCA_NOT_COMPLETED', `the ASPSP's SCA link ${withoutQuery(link)} is not a web page (http or https), so the PSU's browser cannot open it`, step.at);
    }
    const { redirectUri, nokRedirectUri } = ctx.profile.tpp;
    const expected = outcome === 'approve' ? redirectUri : nokRedirectUri;
    // Script values are templates over the profile (${psu.password}); resolved only here, never logged.
    const scriptScope = { vars: { psu: ctx.profile.psu, tpp: ctx.profile.tpp }, now: ctx.now() };
    const resolveValue = (template: string) => {
      try {
        return String(interpolate(template, scriptScope));
      } catch (e) {
        throw new CaseStopError('PROFILE_INCOMPLETE', `profile ${ctx.profile.file} sca.redirect.${outcome}: ${(e as Error).message}`, step.at);
      }
    };
    // Abandon judges what the bank does once its session timed out: before the PSU has left the
    // page (an error page, a return before any wait), that state was never reached.
    let left = outcome !== 'abandon';
    const fail = async (message: string, actual?: string): Promise<never> => {
      if (!left) throw new CaseStopError('SCA_NOT_COMPLETED', `the PSU never got to leave the SCA page, so the session timeout was not tested: ${message}`, step.at);
      const failed = [finding(step, false, message, expected, actual)];
      ctx.record(failed);
      await attachJson(evidence, 'findings', failed);
      throw new CaseStopError('SCA_NOT_COMPLETED', `the PSU's SCA journey did not end as the case needs (${step.rule} failed)`, step.at);
    };

    let session: ScaSession;
    try {
      session = await ctx.sca.open(link, [redirectUri, nokRedirectUri]);
    } catch (e) {
      if (e instanceof ScaBrowserUnavailableError) throw new CaseStopError('ENVIRONMENT', e.message, step.at, { cause: e });
      if (e instanceof ScaPageError && e.kind === 'error-page') {
        unavailablePage(step, e, false);
        return fail(`the ASPSP's SCA link does not work: ${e.message}`);
      }
      if (e instanceof ScaPageError) throw new CaseStopError(e.kind === 'proxy' ? 'PROXY' : 'ASPSP_TRANSPORT', e.message, step.at, { cause: e });
      throw e;
    }
    try {
      for (const [i, action] of script.entries()) {
        const problem = await ctx.step(`SCA page: ${action.page}`, async (pageEvidence) => {
          try {
            await attachPicture(pageEvidence, action.page, await session.perform(action, resolveValue));
            return undefined;
          } catch (e) {
            if (e instanceof CaseStopError) throw e;
            return e instanceof ScaPageError ? e : new ScaPageError('element-missing', `page '${action.page}': ${firstLine(e)}`);
          }
        });
        if (problem) await pageProblem(step, ctx, session, action.page, problem, fail, i > 0);
      }
      if (outcome === 'abandon' && session.returned?.() === undefined) {
        await letScaSessionTimeOut(step, ctx);
        left = true;
        const problem = await ctx.step('the PSU comes back and reloads the page', async () => {
          try {
            await session.reload();
            return undefined;
          } catch (e) {
            if (e instanceof ScaPageError) return e;
            throw e;
          }
        });
        if (problem) await pageProblem(step, ctx, session, 'reloaded after the timeout', problem, fail, true);
      }
      const early = left ? undefined : session.returned?.();
      if (early !== undefined) {
        throw new CaseStopError('SCA_NOT_COMPLETED', `the ASPSP sent the browser to ${withoutQuery(early)} before the PSU left the SCA page, so the session timeout was not tested`, step.at);
      }
      const returnedTo = await session.returnedTo();
      if (returnedTo === undefined || !isReturnTo(returnedTo, expected)) {
        await fail(
          `after the PSU ${DID[outcome]}, the ASPSP should return the browser to ${expected}, ` +
            // The query may carry an authorisation code: the report shows where, not what.
            (returnedTo ? `but sent it to ${withoutQuery(returnedTo)}` : `but it stayed ${await session.describe()}`) +
            errorsNote(session),
          returnedTo && withoutQuery(returnedTo),
        );
      }
      const passed = [finding(step, true, `the ASPSP returned the PSU to ${expected}`, expected, withoutQuery(returnedTo!))];
      ctx.record(passed);
      await attachJson(evidence, 'findings', passed);
      if (outcome === 'approve') keepConfirmationCode(ctx, returnedTo!);
    } finally {
      const errors = session.pageErrors();
      if (errors.length) await evidence.attach('bank page errors', { body: errors.join('\n'), contentType: 'text/plain' });
      const trace = await session.trace();
      await session.close();
      await attachBrowserTrace(evidence, trace);
    }
  },
};

const ACTS: Readonly<Record<ScaStep['outcome'], string>> = {
  approve: 'approves',
  deny: 'denies',
  cancel: 'cancels',
  lockout: 'is locked out',
  abandon: 'leaves the page until the SCA session times out',
};

const DID: Readonly<Record<'approve' | 'deny' | 'abandon', string>> = {
  approve: 'approved',
  deny: 'denied',
  abandon: 'left the page until the SCA session timed out and came back',
};

/**
 * A page that says the bank cannot serve now (see pageUnavailability: 503, a gateway's 504, a
 * rate limit's 429 before the PSU acted) judges nothing of the journey: the case stops as
 * unavailable, as an API call would, never failed.
 */
function unavailablePage(step: ScaStep, problem: ScaPageError, acted: boolean, page?: string): void {
  const why = problem.status === undefined ? undefined : pageUnavailability(problem.status, acted);
  if (why) throw new CaseStopError('ASPSP_UNAVAILABLE', `${page === undefined ? 'the SCA link' : `SCA page '${page}'`} answered ${why}: ${problem.message}`, step.at);
}

/** An error page is the bank's failure; a page the script cannot drive leaves the PSU's action unjudged. */
async function pageProblem(step: ScaStep, ctx: StepContext, session: ScaSession, page: string, problem: ScaPageError, fail: (m: string) => Promise<never>, acted: boolean): Promise<never> {
  if (problem.kind === 'error-page') {
    unavailablePage(step, problem, acted, page);
    return fail(`SCA page '${page}': ${problem.message}${errorsNote(session)}`);
  }
  if (problem.kind === 'proxy') throw new CaseStopError('PROXY', `SCA page '${page}': ${problem.message}`, step.at);
  if (problem.kind === 'unreachable') throw new CaseStopError('ASPSP_TRANSPORT', `SCA page '${page}': ${problem.message}`, step.at);
  throw new CaseStopError(
    'SCA_NOT_COMPLETED',
    `the PSU could not act on SCA page '${page}' as profile ${ctx.profile.name} scripts it: ${problem.message}${errorsNote(session)}`,
    step.at,
  );
}

/**
 * Authorisation confirmation (IG 1.3.x): a bank that wants the TPP to confirm the PSU's redirect SCA
 * adds `confirmationCode` to the return URI; the case sends it back as ${confirmationCode}. The code
 * authorises, so the report never shows it. Absent, a later step needing it stops as not captured.
 */
function keepConfirmationCode(ctx: StepContext, returnedTo: string): void {
  const code = new URL(returnedTo).searchParams.get('confirmationCode');
  if (code) {
    ctx.conceal?.(code);
    ctx.state.vars.set('confirmationCode', code);
    ctx.state.missing.delete('confirmationCode');
  } else {
    ctx.state.vars.delete('confirmationCode');
    ctx.state.missing.set('confirmationCode', { why: 'the ASPSP returned the PSU without a confirmationCode', code: 'CAPTURE_MISSING' });
  }
}

function errorsNote(session: ScaSession): string {
  const errors = session.pageErrors();
  return errors.length ? ` (the bank's pages reported: ${errors.slice(0, 3).join('; ')}${errors.length > 3 ? '; …' : ''})` : '';
}

function finding(step: ScaStep, passed: boolean, message: string, expected: string, actual: string | undefined): Finding {
  return { ruleId: step.rule, passed, message, where: 'browser', expected, actual, at: step.at };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}
