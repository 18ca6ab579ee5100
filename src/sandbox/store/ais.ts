import { BgError } from '../errors.ts';
import { type Account, balancesCents, formatAmount, isPending, psuAccounts, transactionsBetween, type Transaction } from './accounts.ts';
import { addDays, toIsoDate, type IsoDate } from './dates.ts';
import { resolveGrant } from './sca.ts';
import type { Consents } from './consents.ts';
import type { State } from './state.ts';
import type { Consent, Grant } from './types.ts';

export interface TransactionQuery {
  bookingStatus: 'booked' | 'pending' | 'both';
  dateFrom?: IsoDate;
  dateTo?: IsoDate;
  deltaList: boolean;
  entryReferenceFrom?: string;
  withBalance: boolean;
}

export interface ConsentUse {
  consent: Consent;
  grant: Grant;
}

/** RTS Art. 10: without fresh SCA only the last 90 days; a short window after SCA serves any period. */
const FRESH_SCA_MS = 5 * 60_000;
const UNATTENDED_DAYS = 90;

export function createAis(state: State, consents: Consents) {
  const today = () => toIsoDate(state.now());

  function balances(account: Account) {
    const t = today();
    const { booked, available } = balancesCents(account, t);
    return [
      { balanceAmount: { currency: account.currency, amount: formatAmount(booked) }, balanceType: 'closingBooked', referenceDate: addDays(t, -1) },
      { balanceAmount: { currency: account.currency, amount: formatAmount(available) }, balanceType: 'interimAvailable', referenceDate: t },
    ];
  }

  function transactionBody(account: Account, t: Transaction, booked: boolean) {
    const amount = { currency: account.currency, amount: formatAmount(t.cents) };
    const party = t.cents < 0 ? { creditorName: t.counterparty } : { debtorName: t.counterparty };
    return {
      transactionId: t.transactionId,
      entryReference: t.entryReference,
      ...(booked ? { bookingDate: t.bookingDate } : {}),
      valueDate: t.valueDate,
      transactionAmount: amount,
      ...party,
      remittanceInformationUnstructured: t.remittance,
    };
  }

  function accountOf(use: ConsentUse, accountId: string, service: 'balances' | 'transactions'): Account {
    const account = psuAccounts.find((a) => a.resourceId === accountId);
    if (!account) throw new BgError(404, 'RESOURCE_UNKNOWN', 'The account id in the path is not known.');
    if (!use.grant[service].has(account.iban)) {
      throw new BgError(401, 'CONSENT_INVALID', `The consent does not cover ${service} of this account.`);
    }
    return account;
  }

  return {
    /**
     * The checks every AIS data call shares: the consent exists, is usable, and (without the PSU
     * present) has accesses left today.
     */
    useConsent(consentId: string | undefined, endpoint: string, psuPresent: boolean): ConsentUse {
      if (consentId === undefined || consentId === '') {
        throw new BgError(400, 'FORMAT_ERROR', 'The Consent-ID header is missing.', 'Consent-ID');
      }
      const consent = consents.find(consentId);
      if (!consent) throw new BgError(400, 'CONSENT_UNKNOWN', 'The Consent-ID is not known.', 'Consent-ID');
      const tolerant = state.faults.has('invalid-consent-accepted');
      if (!tolerant && consent.consentStatus === 'expired') {
        throw new BgError(401, 'CONSENT_EXPIRED', 'The consent has expired.');
      }
      if (!tolerant && consent.consentStatus !== 'valid') {
        throw new BgError(401, 'CONSENT_INVALID', `The consent is ${consent.consentStatus}, not valid.`);
      }
      if (!psuPresent) {
        const key = `${consent.consentId}|${endpoint}|${today()}`;
        const used = (state.unattendedAccesses.get(key) ?? 0) + 1;
        if (used > consent.request.frequencyPerDay) {
          throw new BgError(429, 'ACCESS_EXCEEDED', 'The daily access limit of this consent is reached for this endpoint.');
        }
        state.unattendedAccesses.set(key, used);
      }
      consent.lastActionDate = today();
      return { consent, grant: consent.grant ?? resolveGrant(consent.request) };
    },

    accountList(use: ConsentUse, withBalance: boolean) {
      if (state.faults.has('accounts-empty')) return { accounts: [] };
      const { grant } = use;
      const ownerNames = Object.values(use.consent.request.access).includes('allAccountsWithOwnerName');
      const accounts = psuAccounts
        .filter((a) => grant.accounts.has(a.iban))
        .map((a) => {
          const links: Record<string, { href: string }> = {};
          if (grant.balances.has(a.iban)) links['balances'] = { href: `/v1/accounts/${a.resourceId}/balances` };
          if (grant.transactions.has(a.iban)) links['transactions'] = { href: `/v1/accounts/${a.resourceId}/transactions` };
          const withBalances = withBalance && (grant.listOnly ? grant.listWithBalance : grant.balances.has(a.iban));
          return {
            resourceId: a.resourceId,
            iban: a.iban,
            currency: a.currency,
            name: a.name,
            product: a.product,
            cashAccountType: a.cashAccountType,
            status: 'enabled',
            ...(ownerNames ? { ownerName: a.ownerName } : {}),
            ...(withBalances ? { balances: balances(a) } : {}),
            ...(Object.keys(links).length > 0 ? { _links: links } : {}),
          };
        });
      return { accounts };
    },

    balances(use: ConsentUse, accountId: string) {
      const account = accountOf(use, accountId, 'balances');
      return { account: { iban: account.iban, currency: account.currency }, balances: balances(account) };
    },

    transactions(use: ConsentUse, accountId: string, query: TransactionQuery) {
      const account = accountOf(use, accountId, 'transactions');
      const t = today();
      const dateTo = query.dateTo ?? t;
      let from = query.dateFrom ?? addDays(t, -UNATTENDED_DAYS + 1);
      const markKey = `${use.consent.consentId}|${account.resourceId}`;
      if (query.deltaList) from = state.deltaMarks.get(markKey) ?? from;
      if (query.dateFrom !== undefined) {
        if (query.dateFrom > dateTo) throw new BgError(400, 'PERIOD_INVALID', 'dateFrom is after dateTo.', 'dateFrom');
        const scaAt = use.consent.scaFinalisedAt?.getTime() ?? 0;
        const fresh = state.now().getTime() - scaAt <= FRESH_SCA_MS;
        if (!fresh && query.dateFrom < addDays(t, -UNATTENDED_DAYS + 1)) {
          throw new BgError(400, 'PERIOD_INVALID', `Without a fresh SCA only the last ${UNATTENDED_DAYS} days can be read.`, 'dateFrom');
        }
      }
      let entries = transactionsBetween(account, from, dateTo, t);
      if (query.entryReferenceFrom !== undefined) {
        const after = query.entryReferenceFrom;
        entries = entries.filter((e) => e.entryReference > after);
      }
      if (query.deltaList) state.deltaMarks.set(markKey, addDays(t, -2));
      const report: Record<string, unknown> = {};
      if (query.bookingStatus !== 'pending') {
        report['booked'] = entries.filter((e) => !isPending(e, t)).reverse().map((e) => transactionBody(account, e, true));
      }
      if (query.bookingStatus !== 'booked') {
        report['pending'] = entries.filter((e) => isPending(e, t)).reverse().map((e) => transactionBody(account, e, false));
      }
      report['_links'] = { account: { href: `/v1/accounts/${account.resourceId}` } };
      const withBalances = query.withBalance && use.grant.balances.has(account.iban);
      return {
        account: { iban: account.iban, currency: account.currency },
        transactions: report,
        ...(withBalances ? { balances: balances(account) } : {}),
      };
    },
  };
}

export type Ais = ReturnType<typeof createAis>;
