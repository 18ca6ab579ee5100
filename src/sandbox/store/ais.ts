import { BgError } from '../errors.ts';
import {
  type Account,
  accountKey,
  accountsOf,
  balancesCents,
  bankAccounts,
  entriesOn,
  formatAmount,
  isCard,
  isPending,
  transactionsBetween,
  type Transaction,
} from './accounts.ts';
import { addDays, parseIsoDate, toIsoDate, type IsoDate } from './dates.ts';
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
  /** 0-based page of the report; the `_links` of each page name the others. */
  page: number;
}

export interface ConsentUse {
  consent: Consent;
  grant: Grant;
  /** The consent's own today (its test-clock offset included). */
  today: IsoDate;
}

type Service = 'accounts' | 'balances' | 'transactions';

/** RTS Art. 10: without fresh SCA only the last 90 days can be read. */
const UNATTENDED_DAYS = 90;

export function createAis(state: State, consents: Consents) {
  const money = (currency: string, cents: number) => ({
    currency,
    amount: state.faults.has('amount-as-number') ? Number(formatAmount(cents)) : formatAmount(cents),
  });

  function balances(account: Account, today: IsoDate) {
    return balancesCents(account, today).flatMap(({ currency, booked, available }) => [
      { balanceAmount: money(currency, booked), balanceType: 'closingBooked', referenceDate: addDays(today, -1) },
      { balanceAmount: money(currency, available), balanceType: 'interimAvailable', referenceDate: today },
    ]);
  }

  function transactionBody(account: Account, t: Transaction, booked: boolean) {
    const amount = money(t.currency, t.cents);
    if (isCard(account)) {
      return {
        cardTransactionId: t.transactionId,
        transactionDate: t.valueDate,
        ...(booked ? { bookingDate: t.bookingDate } : {}),
        transactionAmount: amount,
        cardAcceptorId: t.counterparty.replace(/[^A-Za-z0-9]/g, '').slice(0, 35),
        transactionDetails: `${t.counterparty} ${t.remittance}`,
      };
    }
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

  const reference = (a: Account) => (a.iban !== undefined ? { iban: a.iban, currency: a.currency } : { maskedPan: a.maskedPan, currency: a.currency });
  const base = (a: Account) => `/v1/${isCard(a) ? 'card-accounts' : 'accounts'}/${a.resourceId}`;

  function accountBody(use: ConsentUse, a: Account, withBalance: boolean) {
    const { grant } = use;
    const links: Record<string, { href: string }> = {};
    if (grant.balances.has(accountKey(a))) links['balances'] = { href: `${base(a)}/balances` };
    if (grant.transactions.has(accountKey(a))) links['transactions'] = { href: `${base(a)}/transactions` };
    const withBalances = withBalance && (grant.listOnly ? grant.listWithBalance : grant.balances.has(accountKey(a)));
    const ownerNames = Object.values(use.consent.request.access).includes('allAccountsWithOwnerName');
    return {
      resourceId: a.resourceId,
      ...(a.iban !== undefined ? { iban: a.iban } : { maskedPan: a.maskedPan }),
      currency: a.currency,
      name: a.name,
      product: a.product,
      ...(a.cashAccountType !== undefined ? { cashAccountType: a.cashAccountType } : {}),
      status: 'enabled',
      ...(ownerNames ? { ownerName: a.ownerName } : {}),
      ...(withBalances ? { balances: balances(a, use.today) } : {}),
      ...(Object.keys(links).length > 0 ? { _links: links } : {}),
    };
  }

  /** The accounts of the right kind the consent covers, and nothing of another PSU's. */
  function visible(use: ConsentUse, card: boolean): Account[] {
    const owner = use.consent.psuId ?? state.psus[0]?.id ?? '';
    const own = accountsOf(owner).filter((a) => isCard(a) === card && use.grant.accounts.has(accountKey(a)));
    if (!state.faults.has('other-psu-account-visible') || card) return own;
    const stranger = bankAccounts.find((a) => a.psuId !== owner && !isCard(a));
    return stranger ? [...own, stranger] : own;
  }

  function accountOf(use: ConsentUse, accountId: string, service: Service, card: boolean): Account {
    const account = bankAccounts.find((a) => a.resourceId === accountId && isCard(a) === card);
    if (!account && state.faults.has('unknown-account-wrong-code')) throw new BgError(400, 'FORMAT_ERROR', 'Bad account id.', 'account-id');
    if (!account) throw new BgError(404, 'RESOURCE_UNKNOWN', 'The account id in the path is not known.');
    const owner = use.consent.psuId ?? state.psus[0]?.id;
    if (account.psuId !== owner || !use.grant[service].has(accountKey(account))) {
      throw new BgError(401, 'CONSENT_INVALID', `The consent does not cover ${service === 'accounts' ? 'details' : service} of this account.`);
    }
    return account;
  }

  function checkPeriod(use: ConsentUse, query: TransactionQuery, dateTo: IsoDate): void {
    if (query.dateFrom === undefined) return;
    if (query.dateFrom > dateTo) throw new BgError(400, 'PERIOD_INVALID', 'dateFrom is after dateTo.', 'dateFrom');
    if (state.faults.has('ninety-day-not-enforced')) return;
    const scaAt = use.consent.scaFinalisedAt?.getTime();
    const now = state.clock.now(use.consent.consentId).getTime();
    // The grace period is the bank's choice, declared in its profile (ais.historyGracePeriod).
    const grace = state.settings.freshScaMs * (state.faults.has('ninety-day-grace-longer') ? 2 : 1);
    const fresh = scaAt !== undefined && now - scaAt <= grace && !state.faults.has('ninety-day-no-grace');
    if (!fresh && query.dateFrom < addDays(use.today, -UNATTENDED_DAYS + 1)) {
      throw new BgError(400, 'PERIOD_INVALID', `Without a fresh SCA only the last ${UNATTENDED_DAYS} days can be read.`, 'dateFrom');
    }
  }

  /** One page of the report, with `_links` to the others; `href` is this request without its page. */
  function paged<T>(items: readonly T[], page: number, href: string) {
    const size = state.settings.pageSize;
    const pages = Math.max(1, Math.ceil(items.length / size));
    if (page >= pages) throw new BgError(400, 'FORMAT_ERROR', `There are only ${pages} page(s).`, 'page');
    // The fault skips the first entry of every page after the first: pages stay ordered but lose items.
    const skip = page > 0 && state.faults.has('paging-drops-items') ? 1 : 0;
    const slice = items.slice(page * size + skip, (page + 1) * size);
    const at = (n: number) => ({ href: `${href}${href.includes('?') ? '&' : '?'}page=${n}` });
    const links: Record<string, { href: string }> = {};
    if (pages > 1) {
      links['first'] = at(0);
      if (page > 0) links['previous'] = at(page - 1);
      if (page < pages - 1) links['next'] = at(page + 1);
      links['last'] = at(pages - 1);
    }
    return { slice, links };
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
      const today = toIsoDate(state.clock.now(consent.consentId));
      const tolerant = state.faults.has('invalid-consent-accepted');
      const deletedOk = consent.consentStatus === 'terminatedByTpp' && state.faults.has('deleted-consent-usable');
      if (!tolerant && consent.consentStatus === 'expired') {
        if (state.faults.has('expired-consent-wrong-code')) throw new BgError(401, 'CONSENT_INVALID', 'The consent is not valid.');
        throw new BgError(401, 'CONSENT_EXPIRED', 'The consent has expired.');
      }
      if (!tolerant && !deletedOk && consent.consentStatus !== 'valid') {
        throw new BgError(401, 'CONSENT_INVALID', `The consent is ${consent.consentStatus}, not valid.`);
      }
      const counted = !psuPresent || state.faults.has('frequency-counts-psu-present');
      if (counted && !state.faults.has('frequency-not-enforced')) {
        const day = state.faults.has('frequency-never-resets') ? 'ever' : today;
        const key = `${consent.consentId}|${endpoint}|${day}`;
        const used = (state.unattendedAccesses.get(key) ?? 0) + 1;
        if (used > consent.request.frequencyPerDay) {
          throw new BgError(429, 'ACCESS_EXCEEDED', 'The daily access limit of this consent is reached for this endpoint.');
        }
        state.unattendedAccesses.set(key, used);
      }
      consent.lastActionDate = today;
      const owned = accountsOf(consent.psuId ?? state.psus[0]?.id ?? '');
      return { consent, grant: consent.grant ?? resolveGrant(consent.request.access, owned, state.faults), today };
    },

    accountList(use: ConsentUse, withBalance: boolean, card: boolean) {
      if (state.faults.has('accounts-empty') && !card) return { accounts: [] };
      if (state.faults.has('card-accounts-empty') && card) return { cardAccounts: [] };
      const list = visible(use, card).map((a) => accountBody(use, a, withBalance));
      return card ? { cardAccounts: list } : { accounts: list };
    },

    accountDetails(use: ConsentUse, accountId: string, withBalance: boolean, card: boolean) {
      const account = accountOf(use, accountId, 'accounts', card);
      const body = accountBody(use, account, withBalance);
      return card ? { cardAccount: body } : { account: body };
    },

    balances(use: ConsentUse, accountId: string, card: boolean) {
      const account = accountOf(use, accountId, 'balances', card);
      return { [card ? 'cardAccount' : 'account']: reference(account), balances: balances(account, use.today) };
    },

    transactions(use: ConsentUse, accountId: string, query: TransactionQuery, card: boolean, href: string) {
      const account = accountOf(use, accountId, 'transactions', card);
      const t = use.today;
      const dateTo = query.dateTo === undefined || state.faults.has('transactions-outside-range') ? t : query.dateTo;
      let from = query.dateFrom ?? addDays(t, -UNATTENDED_DAYS + 1);
      const markKey = `${use.consent.consentId}|${account.resourceId}`;
      if (query.deltaList) from = state.deltaMarks.get(markKey) ?? from;
      checkPeriod(use, query, query.dateTo ?? t);
      let entries = transactionsBetween(account, from, dateTo, t);
      if (query.entryReferenceFrom !== undefined) {
        const after = query.entryReferenceFrom;
        entries = entries.filter((e) => e.entryReference > after);
      }
      if (query.deltaList) state.deltaMarks.set(markKey, addDays(t, -2));
      const ignoreStatus = state.faults.has('booking-status-ignored');
      const wanted = entries
        .filter((e) => ignoreStatus || query.bookingStatus === 'both' || (query.bookingStatus === 'pending') === isPending(e, t))
        .reverse();
      const { slice, links } = paged(wanted, query.page, href);
      const report: Record<string, unknown> = {};
      if (query.bookingStatus !== 'pending' || ignoreStatus) {
        report['booked'] = slice.filter((e) => !isPending(e, t)).map((e) => transactionBody(account, e, true));
      }
      if (query.bookingStatus !== 'booked' || ignoreStatus) {
        report['pending'] = slice.filter((e) => isPending(e, t)).map((e) => transactionBody(account, e, false));
      }
      report['_links'] = { account: { href: base(account) }, ...links };
      const withBalances = query.withBalance && use.grant.balances.has(accountKey(account));
      return {
        [card ? 'cardAccount' : 'account']: reference(account),
        [card ? 'cardTransactions' : 'transactions']: report,
        ...(withBalances ? { balances: balances(account, t) } : {}),
      };
    },

    /** Ids carry their booking date (`<account>-<yyyymmdd>-<n>`), so the entry is regenerated, not stored. */
    transactionDetails(use: ConsentUse, accountId: string, transactionId: string) {
      const account = accountOf(use, accountId, 'transactions', false);
      const m = /-(\d{4})(\d{2})(\d{2})-\d+$/.exec(transactionId);
      const date = m ? parseIsoDate(`${m[1]}-${m[2]}-${m[3]}`) : undefined;
      const entry = date !== undefined && date <= use.today ? entriesOn(account, date).find((e) => e.transactionId === transactionId) : undefined;
      if (!transactionId.startsWith(`${account.resourceId}-`) || !entry || state.faults.has('transaction-details-unknown')) {
        throw new BgError(404, 'RESOURCE_UNKNOWN', 'The transaction id is not known for this account.');
      }
      return { transactionsDetails: transactionBody(account, entry, !isPending(entry, use.today)) };
    },
  };
}

export type Ais = ReturnType<typeof createAis>;
