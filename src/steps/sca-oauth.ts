import type { ScaStep } from '../suite/types.ts';
import type { Finding } from '../rules/types.ts';
import { attachJson } from '../report/attach.ts';
import { linkUrl } from '../http/links.ts';
import { issuerOfMetadataUrl } from '../oauth/client.ts';
import { CaseStopError } from './errors.ts';
import { authorize, scopeFor } from './oauth-flow.ts';
import { resolveTemplates } from './resolve.ts';
import { letScaSessionTimeOut } from './sca-abandon.ts';
import type { StepContext, StepEvidence } from './types.ts';

/**
 * OAuth SCA: the PSU authorises the consent or the payment at the bank's OAuth server (discovered
 * from the resource's scaOAuth link), the authorisation request naming it (consentId, scope ais;
 * paymentId, scope pis). Judged under the step's rule: the browser returns to the redirect_uri
 * with the state unchanged, with a code that gives a token (approve) or error=access_denied (deny,
 * cancel, lockout, abandon). As for redirect SCA, a journey that did not end as asked stops the
 * case: what follows depends on it.
 */
export async function runScaOAuth(step: ScaStep, ctx: StepContext, evidence: StepEvidence): Promise<void> {
  const link = String(resolveTemplates(step.link, ctx, step.at));
  const consentId = step.consent === undefined ? undefined : String(resolveTemplates(step.consent, ctx, step.at));
  const paymentId = step.payment === undefined ? undefined : String(resolveTemplates(step.payment, ctx, step.at));
  if (consentId !== undefined && paymentId !== undefined) throw new CaseStopError('TEMPLATE', 'an OAuth SCA names a consent or a payment, not both', step.at);
  const state = step.state === undefined ? undefined : String(resolveTemplates(step.state, ctx, step.at));
  // Abandon judges what the bank does once its session timed out: a link that does not work, a
  // return or an error page before the PSU left the login page never reached that state.
  let left = false;
  const judge = async (passed: boolean, message: string, actual?: unknown): Promise<void> => {
    if (step.outcome === 'abandon' && !left) {
      throw new CaseStopError('SCA_NOT_COMPLETED', `the OAuth SCA ended before the PSU left the login page, so the session timeout was not tested: ${message}`, step.at);
    }
    const finding: Finding = { ruleId: step.rule, passed, message, where: 'browser', expected: step.outcome === 'approve' ? 'code, state unchanged' : 'error=access_denied, state unchanged', actual, at: step.at };
    ctx.record([finding]);
    await attachJson(evidence, 'findings', [finding]);
    if (!passed) throw new CaseStopError('SCA_NOT_COMPLETED', `the PSU's OAuth SCA journey did not end as the case needs (${step.rule} failed)`, step.at);
  };
  // The bank's link may be relative (IG: "relative or full links, to be decided by the ASPSP").
  const issuer = issuerOfMetadataUrl(linkUrl(link, ctx.profile.baseUrl));
  if (issuer === undefined) return judge(false, `the scaOAuth link ${link} is not the authorisation server's RFC 8414 metadata URL`, link);

  const run = await authorize(
    {
      name: step.token ?? 'accessToken',
      scope: scopeFor(ctx, paymentId === undefined ? 'ais' : 'pis'),
      outcome: step.outcome,
      pkce: 'S256',
      exchange: step.outcome === 'approve',
      issuer,
      ...(state === undefined ? {} : { state }),
      ...(consentId === undefined ? {} : { extra: { consentId } }),
      ...(paymentId === undefined ? {} : { extra: { paymentId } }),
      ...(step.outcome === 'abandon' ? { leave: async () => { await letScaSessionTimeOut(step, ctx); left = true; } } : {}),
    },
    ctx,
    evidence,
    step.at,
  );
  const back = run.result.returnedTo === undefined ? undefined : new URL(run.result.returnedTo);
  if (!back || `${back.origin}${back.pathname}` !== new URL(run.redirectUri).href.replace(/[?#].*$/, '')) {
    return judge(false, `the bank should send the browser back to ${run.redirectUri}, but it ${run.result.returnedTo === undefined ? `stayed ${run.result.where}` : run.result.where}`, run.result.where);
  }
  const returnedState = back.searchParams.get('state');
  if (returnedState !== run.sentState) {
    // Parameters in the fragment reach the TPP's page, never its server: the code grant answers in the query.
    const inFragment = returnedState === null && ['state', 'code', 'error'].some((name) => new URLSearchParams(back.hash.slice(1)).has(name));
    const where = inFragment ? ' (the bank put its parameters in the URL fragment #…, not in the query as the authorization code grant requires, RFC 6749 §4.1.2)' : '';
    return judge(false, `the redirect back carries state ${JSON.stringify(returnedState)} instead of the state sent${where}`, returnedState);
  }
  if (step.outcome !== 'approve') {
    const error = back.searchParams.get('error');
    const what = { deny: 'denied', cancel: 'cancelled', lockout: 'was locked out', abandon: 'left the login page until the session timed out and came back' }[step.outcome];
    return judge(error === 'access_denied', `after the PSU ${what}, the redirect back carries error=${error ?? '(none)'}${error === 'access_denied' ? '' : ', expected access_denied'}`, error);
  }
  // RFC 6749 §5.2: the client (the profile's clientId and secret or key) failed to authenticate.
  if (run.call?.error === 'invalid_client') {
    throw new CaseStopError('CREDENTIALS', `the token endpoint refused the TPP's client (invalid_client): check oauth.clientId, clientAuth and the secret or key in profile ${ctx.profile.file}`, step.at);
  }
  if (!run.call?.tokens) return judge(false, `the code from the OAuth SCA did not give a token: ${run.call?.error ?? 'no code came back'}`, run.call?.error);
  return judge(true, 'the bank returned the PSU to the redirect_uri with the state unchanged, and the code gave an access token');
}
