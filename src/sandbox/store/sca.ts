import { createHash, timingSafeEqual } from 'node:crypto';
import { BgError } from '../errors.ts';
import { accountKey, accountsOf, type Account } from './accounts.ts';
import type { FaultName } from '../faults/catalog.ts';
import type { FundsConsents } from './funds-consents.ts';
import type { FundsConsent, Payment } from './payment-types.ts';
import type { Payments } from './payments.ts';
import { newToken, type State } from './state.ts';
import type { AccountAccess, AccountReference, Authorisation, Consent, Grant, ScaStatus, ScaStep } from './types.ts';

/** Three wrong tries lock the authorisation, as real banks do; the TPP then sees `failed`. */
export const MAX_ATTEMPTS = 3;

/** What the PSU's browser gets next; the page layer renders it, the store decides it. */
export type ScaOutcome =
  | { kind: 'page'; step: Exclude<ScaStep, 'done'>; authorisation: Authorisation; subject: ScaSubject; error?: string }
  | { kind: 'finished'; authorisation: Authorisation }
  | { kind: 'redirect'; location: string; authorisation?: Authorisation }
  | { kind: 'error'; status: 403 | 404 | 409; message: string };

/** What the PSU is asked to authorise: a consent, a payment, or a payment's cancellation. */
export type ScaSubject =
  | { kind: 'consent'; consent: Consent }
  | { kind: 'payment'; payment: Payment; cancellation: boolean }
  | { kind: 'funds'; consent: FundsConsent };

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const LISTS = ['accounts', 'balances', 'transactions'] as const;

/** A bank-offered consent names no accounts: only empty lists, and the PSU picks them during SCA. */
export function isBankOffered(access: AccountAccess): boolean {
  const present = LISTS.filter((l) => access[l] !== undefined);
  return present.length > 0 && present.every((l) => (access[l]?.length ?? 0) === 0) && !access.allPsd2 && !access.availableAccounts && !access.availableAccountsWithBalance;
}

function refOf(a: Account): AccountReference {
  return a.iban !== undefined ? { iban: a.iban } : { maskedPan: a.maskedPan ?? '' };
}

/** The bank-offered access as the PSU completed it: every list the TPP sent, filled with the ticked accounts. */
export function completeAccess(access: AccountAccess, chosen: readonly Account[]): AccountAccess {
  const out: AccountAccess = { ...access };
  for (const l of LISTS) if (access[l] !== undefined) out[l] = chosen.map(refOf);
  return out;
}

/**
 * What the consent reaches, resolved when the PSU approves: only `owned` accounts (the PSU who
 * logged in) ever count, whatever IBANs the TPP named.
 */
export function resolveGrant(access: AccountAccess, owned: readonly Account[], faults: ReadonlySet<FaultName>): Grant {
  const all = new Set(owned.map(accountKey));
  const none = new Set<string>();
  if (access.allPsd2) return { accounts: all, balances: all, transactions: all, listOnly: false, listWithBalance: true };
  if (access.availableAccountsWithBalance) {
    return { accounts: all, balances: none, transactions: none, listOnly: true, listWithBalance: true };
  }
  if (access.availableAccounts) return { accounts: all, balances: none, transactions: none, listOnly: true, listWithBalance: false };
  if (faults.has('dedicated-scope-ignored')) return { accounts: all, balances: all, transactions: all, listOnly: false, listWithBalance: true };
  const keys = (refs: readonly AccountReference[] | undefined) =>
    new Set((refs ?? []).map((r) => r.iban ?? r.maskedPan ?? '').filter((k) => all.has(k)));
  const balances = keys(access.balances);
  const transactions = keys(access.transactions);
  const accounts = new Set([...keys(access.accounts), ...balances, ...transactions]);
  return { accounts, balances, transactions, listOnly: false, listWithBalance: true };
}

/** A payment authorisation after its first: a co-signer's, or the cancellation's. */
function isFurther(a: Authorisation, subject: ScaSubject): boolean {
  return subject.kind === 'payment' && (subject.cancellation || subject.payment.authorisationIds[0] !== a.authorisationId);
}

export function createSca(state: State, payments: Payments, fundsConsents: FundsConsents) {
  /** The subject's side of an authorisation: whether it still waits, where the PSU returns, what a decision does. */
  interface Target {
    subject: ScaSubject;
    awaiting: boolean;
    redirectUri: string;
    nokRedirectUri?: string;
    /** The PSU denied, or was locked out (`denied` false). */
    deny(denied: boolean): void;
    /** Applies the approval, or says why the PSU cannot approve (shown on the page). */
    approve(a: Authorisation, form: { accounts?: readonly string[] }): string | undefined;
  }

  function consentTarget(c: Consent): Target {
    return {
      subject: { kind: 'consent', consent: c },
      awaiting: c.consentStatus === 'received',
      redirectUri: c.request.redirectUri,
      ...(c.request.nokRedirectUri === undefined ? {} : { nokRedirectUri: c.request.nokRedirectUri }),
      deny: (denied) => {
        if (!(denied && state.faults.has('sca-deny-ignored'))) c.consentStatus = 'rejected';
      },
      approve(a, form) {
        const owned = a.psuId === undefined ? [] : accountsOf(a.psuId);
        let access = c.request.access;
        if (isBankOffered(access)) {
          const chosen = owned.filter((acc) => form.accounts?.includes(accountKey(acc)));
          if (chosen.length === 0) return 'Please tick at least one account.';
          access = completeAccess(access, chosen);
          if (!state.faults.has('bank-offered-not-shown')) c.grantedAccess = access;
        }
        const grant = () => {
          if (state.faults.has('sca-approval-ignored')) return;
          c.consentStatus = 'valid';
          c.scaFinalisedAt = state.clock.now(c.consentId);
          if (a.psuId !== undefined) c.psuId = a.psuId;
          c.grant = resolveGrant(access, owned, state.faults);
        };
        // Awaiting the TPP's confirmation, the consent stays received until the code comes back.
        if (a.confirmationCode !== undefined) a.onConfirmed = grant;
        else grant();
        return undefined;
      },
    };
  }

  function paymentTarget(p: Payment, cancellation: boolean): Target {
    return {
      subject: { kind: 'payment', payment: p, cancellation },
      awaiting: payments.awaits(p, cancellation),
      redirectUri: p.redirectUri,
      ...(p.nokRedirectUri === undefined ? {} : { nokRedirectUri: p.nokRedirectUri }),
      deny: () => {
        // A declined cancellation leaves the payment as it was.
        if (!cancellation) payments.deny(p);
      },
      approve(a) {
        if (a.psuId === undefined) return 'Please log in first.';
        if (!cancellation) return payments.approve(p, a.psuId);
        if (!p.signers.includes(a.psuId)) return 'You cannot cancel payments from this account.';
        payments.cancelNow(p);
        return undefined;
      },
    };
  }

  function fundsTarget(c: FundsConsent): Target {
    return {
      subject: { kind: 'funds', consent: c },
      awaiting: c.consentStatus === 'received',
      redirectUri: c.redirectUri,
      ...(c.nokRedirectUri === undefined ? {} : { nokRedirectUri: c.nokRedirectUri }),
      deny: () => {
        c.consentStatus = 'rejected';
      },
      approve: (a) => (a.psuId === undefined ? 'Please log in first.' : fundsConsents.approve(c, a.psuId)),
    };
  }

  function targetOf(a: Authorisation): Target | undefined {
    if (a.fundsConsentId !== undefined) {
      const c = state.fundsConsents.get(a.fundsConsentId);
      return c && fundsTarget(c);
    }
    if (a.consentId !== undefined) {
      const c = state.consents.get(a.consentId);
      return c && consentTarget(c);
    }
    const p = a.paymentId === undefined ? undefined : state.payments.get(a.paymentId);
    return p && paymentTarget(p, a.cancellation ?? false);
  }

  /** The subject's own test clock: a case moving its consent's or payment's time moves its SCA session's too. */
  const nowOf = (a: Authorisation) => state.clock.now(a.consentId ?? a.paymentId ?? a.fundsConsentId);

  /** Whether the PSU left the SCA pages idle past the bank's session timeout (`sca-session-never-expires`: never). */
  function timedOut(a: Authorisation): boolean {
    if (state.faults.has('sca-session-never-expires')) return false;
    return nowOf(a).getTime() - a.lastActivityAt.getTime() >= state.settings.scaSessionTimeoutMs;
  }

  /**
   * Steps happen in order, once, with the token of the page the PSU actually saw, within the
   * session timeout: the PSU's first request after it ends the authorisation as failed and sends
   * the browser to the nok URI, as a denial does.
   */
  function guard(authorisationId: string, step: ScaStep | 'view', token?: string): ScaOutcome | { a: Authorisation; t: Target } {
    const a = state.authorisations.get(authorisationId);
    const t = a && targetOf(a);
    if (!a || !t) return { kind: 'error', status: 404, message: 'This authorisation link is not known.' };
    if (a.step !== 'done' && !t.awaiting) {
      a.step = 'done';
      a.scaStatus = 'failed';
    }
    if (a.step === 'done') return step === 'view' ? { kind: 'finished', authorisation: a } : { kind: 'error', status: 409, message: 'This authorisation is already complete.' };
    if (timedOut(a)) return fail(a, t, 'expired');
    a.lastActivityAt = nowOf(a);
    if (step === 'view') return { a, t };
    if (a.step !== step) return { kind: 'error', status: 409, message: 'Please complete the previous step first.' };
    if (token === undefined || !sameSecret(token, a.token)) {
      return { kind: 'error', status: 403, message: 'This form has expired. Please reload the page and try again.' };
    }
    return { a, t };
  }

  function advance(a: Authorisation, step: ScaStep): void {
    a.step = step;
    a.token = newToken();
  }

  function fail(a: Authorisation, t: Target, outcome: 'denied' | 'locked' | 'expired'): ScaOutcome {
    advance(a, 'done');
    a.outcome = outcome;
    const denied = outcome === 'denied';
    if (!(outcome === 'expired' && state.faults.has('sca-timeout-status-unchanged'))) {
      a.scaStatus = 'failed';
      t.deny(denied);
    }
    const okUri = denied && state.faults.has('sca-deny-to-ok-uri');
    return { kind: 'redirect', location: okUri ? t.redirectUri : (t.nokRedirectUri ?? t.redirectUri), authorisation: a };
  }

  function page(a: Authorisation, t: Target, error?: string): ScaOutcome {
    if (a.step === 'done') return { kind: 'finished', authorisation: a };
    return error === undefined ? { kind: 'page', step: a.step, authorisation: a, subject: t.subject } : { kind: 'page', step: a.step, authorisation: a, subject: t.subject, error };
  }

  return {
    view(authorisationId: string): ScaOutcome {
      const g = guard(authorisationId, 'view');
      return 'kind' in g ? g : page(g.a, g.t);
    },

    login(authorisationId: string, form: { token?: string; username?: string; password?: string }): ScaOutcome {
      const g = guard(authorisationId, 'login', form.token);
      if ('kind' in g) return g;
      const { a, t } = g;
      const username = form.username?.trim() ?? '';
      // Every PSU is compared, so the time taken does not tell which user ids exist.
      const psu = state.psus.filter((p) => sameSecret(username, p.id) && sameSecret(form.password ?? '', p.password))[0];
      if (!psu) {
        a.failedLogins += 1;
        if (a.failedLogins >= MAX_ATTEMPTS) return fail(a, t, 'locked');
        return page(a, t, `Wrong user ID or password. ${MAX_ATTEMPTS - a.failedLogins} attempt(s) left.`);
      }
      if (state.settings.psd2AccessBlocked && !state.psd2Enabled.has(psu.id)) {
        advance(a, 'done');
        a.scaStatus = 'failed';
        t.deny(false);
        return {
          kind: 'error',
          status: 403,
          message: 'Access for third-party providers (PSD2) is not enabled for this account. The account holder must enable it in online banking first.',
        };
      }
      advance(a, 'otp');
      a.psuId = psu.id;
      a.scaStatus = 'psuIdentified';
      return page(a, t);
    },

    verifyOtp(authorisationId: string, form: { token?: string; otp?: string }): ScaOutcome {
      const g = guard(authorisationId, 'otp', form.token);
      if ('kind' in g) return g;
      const { a, t } = g;
      const otp = state.psus.find((p) => p.id === a.psuId)?.otp ?? '';
      if (!sameSecret(form.otp?.trim() ?? '', otp)) {
        a.failedOtps += 1;
        if (a.failedOtps >= MAX_ATTEMPTS) return fail(a, t, 'locked');
        return page(a, t, `Wrong one-time code. ${MAX_ATTEMPTS - a.failedOtps} attempt(s) left.`);
      }
      advance(a, 'confirm');
      a.scaStatus = 'psuAuthenticated';
      return page(a, t);
    },

    /** The PSU gave up on the login page (OAuth cancel): the authorisation fails as a denial would. */
    abort(authorisationId: string): void {
      const g = guard(authorisationId, 'view');
      if (!('kind' in g)) fail(g.a, g.t, 'denied');
    },

    /** The accounts of the PSU who logged in: the confirm page offers them for a bank-offered consent. */
    accountsFor(a: Authorisation): Account[] {
      return a.psuId === undefined ? [] : accountsOf(a.psuId);
    },

    /** Decoupled SCA: the PSU named by PSU-ID is asked in the bank's app; the authorisation waits there. */
    startDecoupled(authorisationId: string, psuId: string): void {
      const a = state.authorisations.get(authorisationId);
      if (!a || a.step !== 'login') return;
      advance(a, 'confirm');
      a.psuId = psuId;
      a.scaStatus = 'started';
      a.decoupled = true;
      // The push goes out now: an unanswered one times out from here (decoupled-timeout.ts).
      a.lastActivityAt = nowOf(a);
    },

    /** The PSU's answer in the bank's app (decoupled SCA); `decoupled-never-finalises` leaves the status where it was. */
    decideInApp(authorisationId: string, decision: string): ScaOutcome {
      const a = state.authorisations.get(authorisationId);
      const outcome = this.decide(authorisationId, { token: a?.token ?? '', decision, accounts: [] });
      if (a && a.scaStatus === 'finalised' && state.faults.has('decoupled-never-finalises')) a.scaStatus = 'started';
      return outcome;
    },

    /**
     * The bank exempts the authorisation from SCA once the PSU is authenticated (the password
     * checked, no second factor): the subject is approved, the scaStatus is exempted.
     */
    exempt(authorisationId: string): ScaOutcome {
      const a = state.authorisations.get(authorisationId);
      const g = guard(authorisationId, 'otp', a?.token);
      if ('kind' in g) return g;
      const refused = g.t.approve(g.a, {});
      if (refused !== undefined) return page(g.a, g.t, refused);
      advance(g.a, 'done');
      g.a.scaStatus = state.faults.has('sca-exemption-reported-finalised') ? 'finalised' : 'exempted';
      g.a.outcome = 'approved';
      return { kind: 'finished', authorisation: g.a };
    },

    /** `redirect`: the decision came from the redirect pages, the only flow with authorisation confirmation. */
    decide(authorisationId: string, form: { token?: string; decision?: string; accounts?: readonly string[] }, redirect = false): ScaOutcome {
      const g = guard(authorisationId, 'confirm', form.token);
      if ('kind' in g) return g;
      const { a, t } = g;
      if (form.decision === 'deny') return fail(a, t, 'denied');
      if (form.decision !== 'approve') return page(a, t, 'Please choose Approve or Deny.');
      const confirming = redirect && t.subject.kind === 'consent' && a.psuId !== undefined && state.settings.confirmationPsus.includes(a.psuId) && !state.faults.has('confirmation-not-required');
      if (confirming) a.confirmationCode = newToken();
      const refused = t.approve(a, form);
      if (refused !== undefined) {
        delete a.confirmationCode;
        return page(a, t, refused);
      }
      advance(a, 'done');
      a.scaStatus = confirming ? 'unconfirmed' : 'finalised';
      a.outcome = 'approved';
      if (confirming) {
        const back = new URL(t.redirectUri);
        if (!state.faults.has('confirmation-code-not-returned')) back.searchParams.set('confirmationCode', a.confirmationCode!);
        return { kind: 'redirect', location: back.href };
      }
      if (state.faults.has('sca-no-return')) return { kind: 'finished', authorisation: a };
      if (state.faults.has('payment-further-sca-no-return') && isFurther(a, t.subject)) return { kind: 'finished', authorisation: a };
      return { kind: 'redirect', location: t.redirectUri };
    },

    /**
     * Authorisation confirmation (PUT with confirmationCode): the code the PSU's browser brought
     * back finalises the authorisation and applies the PSU's approval; a wrong code fails it, as
     * the OAS's scaStatusAuthorisationConfirmation says (finalised or failed).
     */
    confirm(authorisationId: string, code: string): ScaStatus {
      const a = state.authorisations.get(authorisationId);
      const t = a && targetOf(a);
      if (!a || !t) throw new BgError(403, 'RESOURCE_UNKNOWN', 'The authorisation id is not known.');
      if (a.scaStatus !== 'unconfirmed' || a.confirmationCode === undefined) {
        throw new BgError(409, 'STATUS_INVALID', `The authorisation is ${a.scaStatus}; it awaits no confirmation.`);
      }
      const expected = a.confirmationCode;
      delete a.confirmationCode;
      if (sameSecret(code, expected)) {
        a.scaStatus = 'finalised';
        a.onConfirmed?.();
      } else {
        a.scaStatus = 'failed';
        t.deny(false);
      }
      delete a.onConfirmed;
      return a.scaStatus;
    },
  };
}

export type Sca = ReturnType<typeof createSca>;
