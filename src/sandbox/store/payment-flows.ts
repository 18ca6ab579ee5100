import type { PaymentProduct, PaymentService, TransactionStatus } from './payment-types.ts';

/** One stage of a payment's way after SCA: the status it has from `afterMs` past its execution start. */
export interface Stage {
  readonly status: TransactionStatus;
  readonly afterMs: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * How each product settles once the PSU has authorised it, as data: the status right after SCA
 * (ACTC, or ACSC at once for instant payments), then each later status and when it comes,
 * counted on the payment's own clock from its execution start (SCA, or the requested execution
 * date when that is later). Statuses only move forward along a flow; its last one is final.
 */
export const settlementFlows: Readonly<Record<PaymentProduct, readonly Stage[]>> = {
  'sepa-credit-transfers': [
    { status: 'ACTC', afterMs: 0 },
    { status: 'ACSP', afterMs: HOUR },
    { status: 'ACSC', afterMs: DAY },
  ],
  'instant-sepa-credit-transfers': [{ status: 'ACSC', afterMs: 0 }],
  'target-2-payments': [
    { status: 'ACTC', afterMs: 0 },
    { status: 'ACSP', afterMs: 10 * MIN },
    { status: 'ACSC', afterMs: HOUR },
  ],
  'cross-border-credit-transfers': [
    { status: 'ACTC', afterMs: 0 },
    { status: 'ACSP', afterMs: HOUR },
    { status: 'ACSC', afterMs: 2 * DAY },
  ],
};

/** A standing order is accepted an hour after SCA (ACCP) and stays so: its executions are separate payments. */
export const periodicFlow: readonly Stage[] = [
  { status: 'ACTC', afterMs: 0 },
  { status: 'ACCP', afterMs: HOUR },
];

export function flowOf(service: PaymentService, product: PaymentProduct): readonly Stage[] {
  return service === 'periodic-payments' ? periodicFlow : settlementFlows[product];
}

/** The bank's limit for one payment (bulk: for the whole bulk), in cents of its currency. */
export const PAYMENT_LIMIT_CENTS = 100_000_00;
