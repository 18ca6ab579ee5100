import { createHash, timingSafeEqual } from 'node:crypto';
import { psuAccounts } from './accounts.ts';
import { newToken, type State } from './state.ts';
import type { Authorisation, Consent, ConsentRequest, Grant, ScaStep } from './types.ts';

/** Three wrong tries lock the authorisation, as real banks do; the TPP then sees `failed`. */
export const MAX_ATTEMPTS = 3;

/** What the PSU's browser gets next; the page layer renders it, the store decides it. */
export type ScaOutcome =
  | { kind: 'page'; step: Exclude<ScaStep, 'done'>; authorisation: Authorisation; consent: Consent; error?: string }
  | { kind: 'finished'; authorisation: Authorisation }
  | { kind: 'redirect'; location: string }
  | { kind: 'error'; status: 403 | 404 | 409; message: string };

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Bank-offered consents (empty lists) leave the choice to the PSU; this PSU always picks every account. */
export function resolveGrant(request: ConsentRequest): Grant {
  const all = new Set(psuAccounts.map((a) => a.iban));
  const none = new Set<string>();
  const { access } = request;
  if (access.allPsd2) return { accounts: all, balances: all, transactions: all, listOnly: false, listWithBalance: true };
  if (access.availableAccountsWithBalance) {
    return { accounts: all, balances: none, transactions: none, listOnly: true, listWithBalance: true };
  }
  if (access.availableAccounts) return { accounts: all, balances: none, transactions: none, listOnly: true, listWithBalance: false };
  const ibans = (refs: readonly { iban: string }[] | undefined) => new Set((refs ?? []).map((r) => r.iban));
  const balances = ibans(access.balances);
  const transactions = ibans(access.transactions);
  const accounts = new Set([...ibans(access.accounts), ...balances, ...transactions]);
  if (accounts.size === 0) return { accounts: all, balances: all, transactions: all, listOnly: false, listWithBalance: true };
  return { accounts, balances, transactions, listOnly: false, listWithBalance: true };
}

export function createSca(state: State) {
  /** Steps happen in order, once, with the token of the page the PSU actually saw. */
  function guard(authorisationId: string, step: ScaStep | 'view', token?: string): ScaOutcome | { a: Authorisation; c: Consent } {
    const a = state.authorisations.get(authorisationId);
    const c = a && state.consents.get(a.consentId);
    if (!a || !c) return { kind: 'error', status: 404, message: 'This authorisation link is not known.' };
    if (a.step !== 'done' && c.consentStatus !== 'received') {
      a.step = 'done';
      a.scaStatus = 'failed';
    }
    if (a.step === 'done') return step === 'view' ? { kind: 'finished', authorisation: a } : { kind: 'error', status: 409, message: 'This authorisation is already complete.' };
    if (step === 'view') return { a, c };
    if (a.step !== step) return { kind: 'error', status: 409, message: 'Please complete the previous step first.' };
    if (token === undefined || !sameSecret(token, a.token)) {
      return { kind: 'error', status: 403, message: 'This form has expired. Please reload the page and try again.' };
    }
    return { a, c };
  }

  function advance(a: Authorisation, step: ScaStep): void {
    a.step = step;
    a.token = newToken();
  }

  function fail(a: Authorisation, c: Consent, outcome: 'denied' | 'locked'): ScaOutcome {
    advance(a, 'done');
    a.scaStatus = 'failed';
    a.outcome = outcome;
    const denied = outcome === 'denied';
    if (!(denied && state.faults.has('sca-deny-ignored'))) c.consentStatus = 'rejected';
    const okUri = denied && state.faults.has('sca-deny-to-ok-uri');
    return { kind: 'redirect', location: okUri ? c.request.redirectUri : (c.request.nokRedirectUri ?? c.request.redirectUri) };
  }

  function page(a: Authorisation, c: Consent, error?: string): ScaOutcome {
    if (a.step === 'done') return { kind: 'finished', authorisation: a };
    return error === undefined ? { kind: 'page', step: a.step, authorisation: a, consent: c } : { kind: 'page', step: a.step, authorisation: a, consent: c, error };
  }

  return {
    view(authorisationId: string): ScaOutcome {
      const g = guard(authorisationId, 'view');
      return 'kind' in g ? g : page(g.a, g.c);
    },

    login(authorisationId: string, form: { token?: string; username?: string; password?: string }): ScaOutcome {
      const g = guard(authorisationId, 'login', form.token);
      if ('kind' in g) return g;
      const { a, c } = g;
      const ok = sameSecret(form.username?.trim() ?? '', state.psu.id) && sameSecret(form.password ?? '', state.psu.password);
      if (!ok) {
        a.failedLogins += 1;
        if (a.failedLogins >= MAX_ATTEMPTS) return fail(a, c, 'locked');
        return page(a, c, `Wrong user ID or password. ${MAX_ATTEMPTS - a.failedLogins} attempt(s) left.`);
      }
      advance(a, 'otp');
      a.scaStatus = 'psuIdentified';
      return page(a, c);
    },

    verifyOtp(authorisationId: string, form: { token?: string; otp?: string }): ScaOutcome {
      const g = guard(authorisationId, 'otp', form.token);
      if ('kind' in g) return g;
      const { a, c } = g;
      if (!sameSecret(form.otp?.trim() ?? '', state.psu.otp)) {
        a.failedOtps += 1;
        if (a.failedOtps >= MAX_ATTEMPTS) return fail(a, c, 'locked');
        return page(a, c, `Wrong one-time code. ${MAX_ATTEMPTS - a.failedOtps} attempt(s) left.`);
      }
      advance(a, 'confirm');
      a.scaStatus = 'psuAuthenticated';
      return page(a, c);
    },

    decide(authorisationId: string, form: { token?: string; decision?: string }): ScaOutcome {
      const g = guard(authorisationId, 'confirm', form.token);
      if ('kind' in g) return g;
      const { a, c } = g;
      if (form.decision === 'deny') return fail(a, c, 'denied');
      if (form.decision !== 'approve') return page(a, c, 'Please choose Approve or Deny.');
      advance(a, 'done');
      a.scaStatus = 'finalised';
      a.outcome = 'approved';
      if (!state.faults.has('sca-approval-ignored')) {
        c.consentStatus = 'valid';
        c.scaFinalisedAt = state.now();
        c.grant = resolveGrant(c.request);
      }
      if (state.faults.has('sca-no-return')) return { kind: 'finished', authorisation: a };
      return { kind: 'redirect', location: c.request.redirectUri };
    },
  };
}

export type Sca = ReturnType<typeof createSca>;
