import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from './oidc-provider.ts';
import type { InteractionResults } from './oidc-provider.ts';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PsuCredentials } from '../config.ts';
import { MAX_ATTEMPTS, type ScaOutcome } from '../store/sca.ts';
import type { Store } from '../store/store.ts';
import type { Authorisation } from '../store/types.ts';
import type { Subject, TokenLedger } from './ledger.ts';
import { oauthConfirmPage, oauthErrorPage, oauthLoginPage, oauthOtpPage } from './pages.ts';
import { RESOURCE, SERVICE_SCOPES } from './settings.ts';

/** Where a PSU is on the login pages of an authorisation request that names no consent (API access). */
interface LoginState {
  step: 'login' | 'otp' | 'confirm';
  psuId?: string;
  failedLogins: number;
  failedOtps: number;
  /** The PSU's last request, on the bank's clock: the login session times out from here. */
  lastActivityAt: number;
}

export interface InteractionDeps {
  readonly store: Store;
  readonly psus: readonly PsuCredentials[];
  readonly ledger: TokenLedger;
}

/** What an OAuth SCA authorisation request names (Berlin Group: the consentId or paymentId parameter). */
function subjectOf(params: Record<string, unknown>): Subject | undefined {
  const consentId = params['consentId'];
  if (typeof consentId === 'string' && consentId !== '') return { kind: 'consent', id: consentId };
  const paymentId = params['paymentId'];
  if (typeof paymentId === 'string' && paymentId !== '') return { kind: 'payment', id: paymentId };
  return undefined;
}

const ROUTE = /^\/oauth\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|otp|decision))?$/;

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) break;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(body);
}

/**
 * The bank's own login pages for its authorisation server (oidc-provider's interactions). An
 * authorisation request naming a consent or a payment (OAuth SCA) runs its SCA through the store,
 * exactly as redirect SCA does (session timeout included); one naming none logs the PSU in for API access.
 */
export function createInteractions({ store, psus, ledger }: InteractionDeps) {
  const logins = new Map<string, LoginState>();

  async function finish(provider: Provider, req: IncomingMessage, res: ServerResponse, result: InteractionResults): Promise<void> {
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }

  const denied = (description: string): InteractionResults => ({ error: 'access_denied', error_description: description });

  async function grant(provider: Provider, params: Record<string, unknown>, psuId: string, subject: Subject | undefined): Promise<InteractionResults> {
    const g = new provider.Grant({ accountId: psuId, clientId: String(params['client_id']) });
    const requested = String(params['scope'] ?? '').split(' ');
    const services = requested.filter((s) => (SERVICE_SCOPES as readonly string[]).includes(s));
    // oidc-provider checks the requested scopes as the grant's own and the resource server's as its tokens'.
    const granted = [...services, ...(requested.includes('offline_access') ? ['offline_access'] : [])];
    if (granted.length) g.addOIDCScope(granted.join(' '));
    if (services.length) g.addResourceScope(RESOURCE, services.join(' '));
    const grantId = await g.save();
    if (subject !== undefined) ledger.bind(grantId, subject);
    return { login: { accountId: psuId }, consent: { grantId } };
  }

  /** The authorisations of what the request names: a consent's, or a payment initiation's. */
  function authorisationsOf(subject: Subject): readonly string[] {
    if (subject.kind === 'consent') return store.consents.find(subject.id)?.authorisationIds ?? [];
    return store.payments.exists(subject.id) ? store.payments.authorisationIdsOf(subject.id) : [];
  }

  /** A consent or payment whose authorisation starts explicitly has none until the TPP starts one: naming it here, the OAuth SCA does. */
  function startAuthorisation(subject: Subject): void {
    if (subject.kind === 'payment') return store.payments.startFirstAuthorisation(subject.id);
    if (store.consents.find(subject.id)?.consentStatus === 'received') store.consents.startAuthorisation(subject.id);
  }

  /**
   * The open authorisation of the subject, as the store's SCA sees it. One whose session had
   * timed out is ended by this very look and comes back with its redirect: the PSU returns denied.
   */
  function openAuthorisation(subject: Subject): { a: Authorisation; outcome: ScaOutcome } | undefined {
    if (!authorisationsOf(subject).length) startAuthorisation(subject);
    for (const id of [...authorisationsOf(subject)].reverse()) {
      const outcome = store.sca.view(id);
      if (outcome.kind === 'page') return { a: outcome.authorisation, outcome };
      if (outcome.kind === 'redirect' && outcome.authorisation) return { a: outcome.authorisation, outcome };
    }
    return undefined;
  }

  async function subjectJourney(provider: Provider, req: IncomingMessage, res: ServerResponse, uid: string, subject: Subject, params: Record<string, unknown>, action: string | undefined): Promise<void> {
    const open = openAuthorisation(subject);
    if (!open) return finish(provider, req, res, { error: 'invalid_request', error_description: `The ${subject.kind} is not known or does not wait for authorisation.` });
    const { a } = open;
    const what = subject.kind === 'consent' ? `Access to your accounts under consent ${subject.id}` : `The payment ${subject.id}`;
    const render = (outcome: ScaOutcome) => {
      if (outcome.kind === 'page') {
        const page = outcome.step === 'login' ? oauthLoginPage(uid, String(params['client_id']), outcome.error) : outcome.step === 'otp' ? oauthOtpPage(uid, outcome.error) : oauthConfirmPage(uid, what, outcome.error);
        return html(res, 200, page);
      }
      if (outcome.kind === 'error') return html(res, outcome.status, oauthErrorPage(outcome.message));
      if (a.outcome === 'approved') return grant(provider, params, a.psuId ?? '', subject).then((r) => finish(provider, req, res, r));
      return finish(provider, req, res, denied(a.outcome === 'locked' ? 'Too many failed attempts.' : a.outcome === 'expired' ? 'The login session timed out.' : 'The PSU denied the request.'));
    };
    if (action === undefined || open.outcome.kind !== 'page') return render(open.outcome);
    const form = await formOf(req);
    if (action === 'login' && form.get('action') === 'cancel') {
      // The PSU gave up before logging in: a consent is rejected (as for a TPP deleting it unauthorised), a payment's SCA fails.
      if (subject.kind === 'consent') store.consents.delete(subject.id);
      else store.sca.abort(a.authorisationId);
      return finish(provider, req, res, denied('The PSU cancelled the login.'));
    }
    if (action === 'login') return render(store.sca.login(a.authorisationId, { token: a.token, username: form.get('username') ?? '', password: form.get('password') ?? '' }));
    if (action === 'otp') return render(store.sca.verifyOtp(a.authorisationId, { token: a.token, otp: form.get('otp') ?? '' }));
    return render(store.sca.decide(a.authorisationId, { token: a.token, decision: form.get('decision') ?? '', accounts: [] }));
  }

  async function apiJourney(provider: Provider, req: IncomingMessage, res: ServerResponse, uid: string, params: Record<string, unknown>, action: string | undefined): Promise<void> {
    const now = store.clock.now().getTime();
    const state = logins.get(uid) ?? { step: 'login', failedLogins: 0, failedOtps: 0, lastActivityAt: now };
    logins.set(uid, state);
    if (now - state.lastActivityAt >= store.settings.scaSessionTimeoutMs && !store.faults.has('sca-session-never-expires')) {
      logins.delete(uid);
      return finish(provider, req, res, denied('The login session timed out.'));
    }
    state.lastActivityAt = now;
    const clientId = String(params['client_id']);
    const scopes = String(params['scope'] ?? '').split(' ').filter((s) => (SERVICE_SCOPES as readonly string[]).includes(s));
    const page = (error?: string) =>
      html(res, 200, state.step === 'login' ? oauthLoginPage(uid, clientId, error) : state.step === 'otp' ? oauthOtpPage(uid, error) : oauthConfirmPage(uid, `${clientId} asks to use these services for you: ${scopes.join(', ') || 'none'}`, error));
    if (action === undefined) return page();
    if (action !== state.step && !(action === 'decision' && state.step === 'confirm')) return page('Please complete this step first.');
    const form = await formOf(req);
    if (action === 'login') {
      if (form.get('action') === 'cancel') return finish(provider, req, res, denied('The PSU cancelled the login.'));
      const username = form.get('username')?.trim() ?? '';
      const psu = psus.filter((p) => sameSecret(username, p.id) && sameSecret(form.get('password') ?? '', p.password))[0];
      if (!psu) {
        state.failedLogins += 1;
        if (state.failedLogins >= MAX_ATTEMPTS) return finish(provider, req, res, denied('Too many failed attempts.'));
        return page(`Wrong user ID or password. ${MAX_ATTEMPTS - state.failedLogins} attempt(s) left.`);
      }
      state.psuId = psu.id;
      state.step = 'otp';
      return page();
    }
    if (action === 'otp') {
      const otp = psus.find((p) => p.id === state.psuId)?.otp ?? '';
      if (!sameSecret(form.get('otp')?.trim() ?? '', otp)) {
        state.failedOtps += 1;
        if (state.failedOtps >= MAX_ATTEMPTS) return finish(provider, req, res, denied('Too many failed attempts.'));
        return page(`Wrong one-time code. ${MAX_ATTEMPTS - state.failedOtps} attempt(s) left.`);
      }
      state.step = 'confirm';
      return page();
    }
    logins.delete(uid);
    if (form.get('decision') !== 'approve') return finish(provider, req, res, denied('The PSU denied the request.'));
    return finish(provider, req, res, await grant(provider, params, state.psuId ?? '', undefined));
  }

  /** Answers the request when it is an interaction page; false otherwise. */
  return async function handle(provider: Provider, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const match = ROUTE.exec(pathname);
    if (!match) return false;
    const [, uid, action] = match;
    if ((action === undefined) !== (req.method === 'GET')) {
      html(res, 405, oauthErrorPage('This page cannot be used that way.'));
      return true;
    }
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      html(res, 400, oauthErrorPage('This login session has expired or is not known. Please start again from the provider.'));
      return true;
    }
    if (details.uid !== uid) {
      html(res, 400, oauthErrorPage('This login session does not match the page.'));
      return true;
    }
    const subject = subjectOf(details.params);
    if (subject) await subjectJourney(provider, req, res, uid!, subject, details.params, action);
    else await apiJourney(provider, req, res, uid!, details.params, action);
    return true;
  };
}
