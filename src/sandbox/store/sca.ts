import { createHash, timingSafeEqual } from 'node:crypto';
import { accountKey, accountsOf, type Account } from './accounts.ts';
import type { FaultName } from '../faults/catalog.ts';
import { newToken, type State } from './state.ts';
import type { AccountAccess, AccountReference, Authorisation, Consent, Grant, ScaStep } from './types.ts';

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
      const username = form.username?.trim() ?? '';
      // Every PSU is compared, so the time taken does not tell which user ids exist.
      const psu = state.psus.filter((p) => sameSecret(username, p.id) && sameSecret(form.password ?? '', p.password))[0];
      if (!psu) {
        a.failedLogins += 1;
        if (a.failedLogins >= MAX_ATTEMPTS) return fail(a, c, 'locked');
        return page(a, c, `Wrong user ID or password. ${MAX_ATTEMPTS - a.failedLogins} attempt(s) left.`);
      }
      if (state.settings.psd2AccessBlocked && !state.psd2Enabled.has(psu.id)) {
        advance(a, 'done');
        a.scaStatus = 'failed';
        c.consentStatus = 'rejected';
        return {
          kind: 'error',
          status: 403,
          message: 'Access for third-party providers (PSD2) is not enabled for this account. The account holder must enable it in online banking first.',
        };
      }
      advance(a, 'otp');
      a.psuId = psu.id;
      a.scaStatus = 'psuIdentified';
      return page(a, c);
    },

    verifyOtp(authorisationId: string, form: { token?: string; otp?: string }): ScaOutcome {
      const g = guard(authorisationId, 'otp', form.token);
      if ('kind' in g) return g;
      const { a, c } = g;
      const otp = state.psus.find((p) => p.id === a.psuId)?.otp ?? '';
      if (!sameSecret(form.otp?.trim() ?? '', otp)) {
        a.failedOtps += 1;
        if (a.failedOtps >= MAX_ATTEMPTS) return fail(a, c, 'locked');
        return page(a, c, `Wrong one-time code. ${MAX_ATTEMPTS - a.failedOtps} attempt(s) left.`);
      }
      advance(a, 'confirm');
      a.scaStatus = 'psuAuthenticated';
      return page(a, c);
    },

    /** The accounts of the PSU who logged in: the confirm page offers them for a bank-offered consent. */
    accountsFor(a: Authorisation): Account[] {
      return a.psuId === undefined ? [] : accountsOf(a.psuId);
    },

    decide(authorisationId: string, form: { token?: string; decision?: string; accounts?: readonly string[] }): ScaOutcome {
      const g = guard(authorisationId, 'confirm', form.token);
      if ('kind' in g) return g;
      const { a, c } = g;
      if (form.decision === 'deny') return fail(a, c, 'denied');
      if (form.decision !== 'approve') return page(a, c, 'Please choose Approve or Deny.');
      const owned = a.psuId === undefined ? [] : accountsOf(a.psuId);
      let access = c.request.access;
      if (isBankOffered(access)) {
        const chosen = owned.filter((acc) => form.accounts?.includes(accountKey(acc)));
        if (chosen.length === 0) return page(a, c, 'Please tick at least one account.');
        access = completeAccess(access, chosen);
        if (!state.faults.has('bank-offered-not-shown')) c.grantedAccess = access;
      }
      advance(a, 'done');
      a.scaStatus = 'finalised';
      a.outcome = 'approved';
      if (!state.faults.has('sca-approval-ignored')) {
        c.consentStatus = 'valid';
        c.scaFinalisedAt = state.clock.now(c.consentId);
        if (a.psuId !== undefined) c.psuId = a.psuId;
        c.grant = resolveGrant(access, owned, state.faults);
      }
      if (state.faults.has('sca-no-return')) return { kind: 'finished', authorisation: a };
      return { kind: 'redirect', location: c.request.redirectUri };
    },
  };
}

export type Sca = ReturnType<typeof createSca>;
