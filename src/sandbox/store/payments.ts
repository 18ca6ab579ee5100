import { createHash } from 'node:crypto';
import { BgError } from '../errors.ts';
import { balancesCents, bankAccounts } from './accounts.ts';
import { toIsoDate } from './dates.ts';
import { endUnansweredDecoupled } from './decoupled-timeout.ts';
import { flowOf, PAYMENT_LIMIT_CENTS } from './payment-flows.ts';
import { FINAL_STATUSES, type Money, type Payment, type PaymentOrder, type PaymentProduct, type PaymentService, type TransactionStatus } from './payment-types.ts';
import { addAuthorisation, newId, type State } from './state.ts';
import type { Authorisation, ScaStatus } from './types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface InitiationMeta {
  redirectUri: string;
  nokRedirectUri?: string;
  psuIpAddress: string;
  /** The caller's X-Request-ID, for the idempotency rule. */
  requestId: string;
}

export interface CreatedPayment {
  payment: Payment;
  /** None when the authorisation starts explicitly: the TPP's POST on startAuthorisation opens it. */
  authorisation?: Authorisation;
  /** 201 per the spec; the `payment-created-200` fault says otherwise. */
  httpStatus: 200 | 201;
  /** The status the answer reports. */
  transactionStatus: TransactionStatus;
}

/** What GET …/status and GET payment report: the status and, for a rejection, why. */
export interface StatusReport {
  transactionStatus: TransactionStatus;
  tppMessages?: { category: 'ERROR'; code: string; text: string }[];
}

export type Cancellation = { kind: 'cancelled' } | { kind: 'needs-authorisation' };

/** Payments that reached these can no longer be cancelled: they are being or have been executed. */
const EXECUTING: ReadonlySet<TransactionStatus> = new Set(['ACSP', 'ACWC', 'ACCC', 'ACSC', 'PART']);

function accountOf(iban: string) {
  return bankAccounts.find((a) => a.iban === iban);
}

const totalCents = (order: PaymentOrder) => order.transfers.reduce((sum, t) => sum + t.instructedAmount.cents, 0);

export function createPayments(state: State) {
  const { faults } = state;
  const settings = () => state.settings.payments;

  /** The time a payment starts executing: its SCA, or the requested execution date when that is later (a standing order is set up at SCA). */
  function executionStart(p: Payment, authorisedAt: Date): number {
    const date = p.order.requestedExecutionDate;
    const planned = date === undefined ? 0 : Date.parse(`${date}T00:00:00Z`);
    return Math.max(authorisedAt.getTime(), planned);
  }

  /** The status by the product's flow, derived from the payment's clock on read: time travel needs no job. */
  function flowStatus(p: Payment): TransactionStatus {
    if (p.status === 'RJCT' || p.status === 'CANC' || p.authorisedAt === undefined) return p.status;
    const stages = flowOf(p.order.service, p.order.product);
    const now = state.clock.now(p.paymentId).getTime();
    const start = executionStart(p, p.authorisedAt);
    const elapsed = now - start;
    const settledAt = stages.at(-1)?.afterMs ?? 0;
    const realTime = settings().settleAfterMs;
    // Real time: the flow is squeezed (or stretched) so that its last stage comes settleAfterMs after the start.
    const at = (afterMs: number) => (realTime === undefined || settledAt === 0 ? afterMs : (afterMs * realTime) / settledAt);
    let status = stages[0]?.status ?? 'ACTC';
    for (const stage of stages) if (elapsed >= at(stage.afterMs)) status = stage.status;
    if (faults.has('payment-never-settles') && FINAL_STATUSES.has(status)) return 'ACSP';
    if (faults.has('payment-status-regresses') && status === 'ACSP' && elapsed >= 2 * HOUR && elapsed < 3 * HOUR) return 'ACTC';
    if (faults.has('payment-terminal-status-changes') && FINAL_STATUSES.has(status) && elapsed >= at(settledAt) + 2 * DAY) return 'RJCT';
    return status;
  }

  function report(p: Payment): StatusReport {
    const transactionStatus = flowStatus(p);
    if (transactionStatus !== 'RJCT' || !p.rejection || faults.has('payment-rejected-without-reason')) return { transactionStatus };
    return { transactionStatus, tppMessages: [{ category: 'ERROR', code: 'PAYMENT_FAILED', text: `${p.rejection.reason}: ${p.rejection.text}` }] };
  }

  /** The payment's SCA failed: the PSU declined it, was locked out, or let the session time out. */
  function deny(p: Payment): void {
    if (faults.has('payment-sca-failure-ignored')) return;
    p.status = 'RJCT';
    p.rejection = { reason: 'MS02', text: 'The PSU declined the payment during SCA.' };
  }

  function find(service: PaymentService, product: PaymentProduct, paymentId: string): Payment {
    const p = state.payments.get(paymentId);
    // A payment is addressed under its own service and product only.
    if (!p && faults.has('unknown-payment-format-error')) throw new BgError(400, 'FORMAT_ERROR', 'The payment id is not valid.');
    if (!p || p.order.service !== service || p.order.product !== product) {
      throw new BgError(403, 'RESOURCE_UNKNOWN', 'The payment id in the path is not known for this payment service and product.');
    }
    // A decoupled SCA the PSU never answered ends on read, on the payment's clock; the initiation's failure rejects the payment.
    for (const id of p.authorisationIds) {
      const a = state.authorisations.get(id);
      if (a && (p.status === 'RCVD' || p.status === 'PATC')) endUnansweredDecoupled(state, a, p.paymentId, () => deny(p));
    }
    return p;
  }

  function startAuthorisation(p: Payment, cancellation: boolean): Authorisation {
    const authorisation = addAuthorisation(state, { paymentId: p.paymentId, ...(cancellation ? { cancellation: true } : {}) }, p.paymentId);
    (cancellation ? p.cancellationIds : p.authorisationIds).push(authorisation.authorisationId);
    return authorisation;
  }

  /** The rejection rules applied once every signature is there: the bank's limit, then the debtor's available balance. */
  function rejectionOf(order: PaymentOrder): Payment['rejection'] {
    const total = totalCents(order);
    if (total > PAYMENT_LIMIT_CENTS) return { reason: 'AM02', text: 'The amount exceeds the limit for one payment.' };
    const account = accountOf(order.debtorIban);
    const currency = order.transfers[0]?.instructedAmount.currency ?? 'EUR';
    const balance = account && balancesCents(account, toIsoDate(state.now())).find((b) => b.currency === currency);
    if (faults.has('payment-funds-not-checked')) return undefined;
    if (!balance || balance.available < total) return { reason: 'AM04', text: 'Insufficient funds on the debtor account.' };
    return undefined;
  }

  /** Ends the payment as CANC and every authorisation still open on it. */
  function cancelNow(p: Payment): void {
    if (!faults.has('payment-cancellation-ignored')) p.status = 'CANC';
    for (const id of [...p.authorisationIds, ...p.cancellationIds]) {
      const a = state.authorisations.get(id);
      if (a && a.step !== 'done') {
        a.step = 'done';
        a.scaStatus = 'failed';
      }
    }
  }

  /** GET payment: the initiation as the TPP sent it (debtor, creditors, dates), with its current status. */
  function information(p: Payment): Record<string, unknown> {
    const { transactionStatus, tppMessages } = report(p);
    const { batchBookingPreferred: _batch, ...echo } = p.order.echo;
    const batch = p.order.batchBookingPreferred;
    const keepBatch = batch !== undefined && !faults.has('bulk-batch-booking-dropped');
    return { ...echo, ...(keepBatch ? { batchBookingPreferred: batch } : {}), transactionStatus, ...(tppMessages ? { tppMessages } : {}) };
  }

  return {
    find,
    report,
    information,
    exists: (paymentId: string) => state.payments.has(paymentId),
    /** The initiation's authorisations, oldest first (none for an unknown payment). */
    authorisationIdsOf: (paymentId: string): readonly string[] => state.payments.get(paymentId)?.authorisationIds ?? [],

    create(order: PaymentOrder, meta: InitiationMeta, start: 'implicit' | 'explicit' = 'implicit'): CreatedPayment {
      const fingerprint = createHash('sha256').update(`${order.service}/${order.product}\n${JSON.stringify(order.echo)}`).digest('hex');
      const earlier = faults.has('request-id-reuse-duplicates') ? undefined : state.initiations.get(meta.requestId);
      if (earlier) {
        const same = earlier.fingerprint === fingerprint && settings().requestIdReuse === 'replay';
        const p = same ? state.payments.get(earlier.paymentId) : undefined;
        const a = p && state.authorisations.get(p.authorisationIds[0] ?? '');
        // A payment whose authorisation starts explicitly may have none yet.
        if (!p || (!a && p.authorisationIds.length)) throw new BgError(400, 'FORMAT_ERROR', 'This X-Request-ID was already used for another request.', 'X-Request-ID');
        return { payment: p, ...(a ? { authorisation: a } : {}), httpStatus: faults.has('payment-created-200') ? 200 : 201, transactionStatus: flowStatus(p) };
      }
      const owner = accountOf(order.debtorIban);
      if (!owner) throw new BgError(400, 'RESOURCE_UNKNOWN', 'The debtor account is not an account of this bank.', 'debtorAccount.iban');
      const barred = settings().notForAccountTypes[order.product] ?? [];
      if (owner.cashAccountType !== undefined && barred.includes(owner.cashAccountType)) {
        if (faults.has('product-invalid-as-unknown')) throw new BgError(404, 'PRODUCT_UNKNOWN', `The payment product ${order.product} is not offered.`);
        throw new BgError(403, 'PRODUCT_INVALID', `The payment product ${order.product} is not available for this debtor account (${owner.name}).`, 'debtorAccount.iban');
      }
      const payment: Payment = {
        paymentId: newId(),
        order,
        redirectUri: meta.redirectUri,
        ...(meta.nokRedirectUri === undefined ? {} : { nokRedirectUri: meta.nokRedirectUri }),
        psuIpAddress: meta.psuIpAddress,
        createdAt: state.now(),
        status: 'RCVD',
        approvedBy: [],
        signers: [owner.psuId, ...(settings().coSigners[order.debtorIban] ?? [])],
        authorisationIds: [],
        cancellationIds: [],
      };
      state.payments.set(payment.paymentId, payment);
      state.initiations.set(meta.requestId, { fingerprint, paymentId: payment.paymentId });
      const authorisation = start === 'implicit' ? startAuthorisation(payment, false) : undefined;
      const transactionStatus = faults.has('payment-initiated-settled') ? 'ACSC' : payment.status;
      return { payment, ...(authorisation ? { authorisation } : {}), httpStatus: faults.has('payment-created-200') ? 200 : 201, transactionStatus };
    },

    /** Another authorisation: for the next signer of a multi-level SCA, or after a failed one. */
    startAuthorisation(p: Payment): Authorisation {
      const status = flowStatus(p);
      if (status !== 'RCVD' && status !== 'PATC') throw new BgError(409, 'STATUS_INVALID', `The payment is ${status}; no authorisation can start.`);
      return startAuthorisation(p, false);
    },

    /** The first authorisation of a payment whose start was left to the TPP, once its OAuth SCA names it. */
    startFirstAuthorisation(paymentId: string): void {
      const p = state.payments.get(paymentId);
      if (p && !p.authorisationIds.length && flowStatus(p) === 'RCVD') startAuthorisation(p, false);
    },

    startCancellationAuthorisation(p: Payment): Authorisation {
      const status = flowStatus(p);
      if (FINAL_STATUSES.has(status) || EXECUTING.has(status) || p.authorisedAt === undefined) {
        throw new BgError(409, 'STATUS_INVALID', `The payment is ${status}; there is no cancellation to authorise.`);
      }
      return startAuthorisation(p, true);
    },

    scaStatus(p: Payment, authorisationId: string, cancellation: boolean): { scaStatus: ScaStatus } {
      const a = state.authorisations.get(authorisationId);
      if (!a || a.paymentId !== p.paymentId || (a.cancellation ?? false) !== cancellation) {
        throw new BgError(403, 'RESOURCE_UNKNOWN', 'The authorisation id is not known for this payment.');
      }
      return { scaStatus: a.scaStatus };
    },

    /**
     * Before execution a payment is cancelled (at once, or once the PSU authorises the cancellation
     * when the bank asks for it); a final payment is blocked; one being executed, or an instant
     * payment, cannot be cancelled at all.
     */
    cancel(p: Payment): Cancellation {
      const status = flowStatus(p);
      const executed = FINAL_STATUSES.has(status);
      if (executed && faults.has('executed-payment-cancellable') && status !== 'CANC' && status !== 'RJCT') {
        p.status = 'CANC';
        p.authorisedAt = undefined;
        return { kind: 'cancelled' };
      }
      if (executed) throw new BgError(400, 'RESOURCE_BLOCKED', `The payment is ${status} and can no longer be cancelled.`);
      if (p.order.product === 'instant-sepa-credit-transfers' && p.authorisedAt !== undefined) {
        throw new BgError(405, 'CANCELLATION_INVALID', 'Instant payments cannot be cancelled once authorised.');
      }
      if (EXECUTING.has(status)) throw new BgError(405, 'CANCELLATION_INVALID', `The payment is ${status}: its execution has started.`);
      if (p.authorisedAt !== undefined && settings().cancellationAuthorisation) return { kind: 'needs-authorisation' };
      cancelNow(p);
      return { kind: 'cancelled' };
    },

    cancelNow,

    /**
     * One signer approved. The last signature authorises the payment (or rejects it by the
     * rejection rules); before it the payment is partially authorised (PATC).
     * Returns why the PSU cannot approve, when they cannot.
     */
    approve(p: Payment, psuId: string): string | undefined {
      if (!p.signers.includes(psuId)) return 'You cannot authorise payments from this account.';
      if (p.approvedBy.includes(psuId)) return 'You have already authorised this payment; another account holder has to authorise it too.';
      p.approvedBy.push(psuId);
      const complete = p.signers.every((s) => p.approvedBy.includes(s)) || faults.has('multilevel-sca-skipped');
      if (!complete) {
        p.status = 'PATC';
        return undefined;
      }
      const rejection = rejectionOf(p.order);
      p.authorisedAt = state.clock.now(p.paymentId);
      if (rejection) {
        p.status = 'RJCT';
        p.rejection = rejection;
      } else {
        p.status = 'ACTC';
      }
      return undefined;
    },

    deny,

    /** Whether the initiation (or, for a cancellation, the payment) still waits for this authorisation's decision. */
    awaits(p: Payment, cancellation: boolean): boolean {
      const status = flowStatus(p);
      return cancellation ? !FINAL_STATUSES.has(status) && !EXECUTING.has(status) : status === 'RCVD' || status === 'PATC';
    },

    /** PIIS: whether the account's available balance covers the amount. */
    fundsAvailable(iban: string, amount: Money): boolean {
      const account = accountOf(iban);
      if (!account) throw new BgError(400, 'RESOURCE_UNKNOWN', 'No account with this IBAN.', 'account.iban');
      if (faults.has('funds-balance-ignored')) return true;
      const balance = balancesCents(account, toIsoDate(state.now())).find((b) => b.currency === amount.currency);
      return balance !== undefined && balance.available >= amount.cents;
    },
  };
}

export type Payments = ReturnType<typeof createPayments>;
