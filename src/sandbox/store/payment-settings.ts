import type { PaymentProduct, PaymentService } from './payment-types.ts';

/** The bank's payment choices where the standard leaves one (its profile declares the same). */
export interface PaymentSettings {
  /** Products offered per service; others are answered 404 PRODUCT_UNKNOWN. */
  readonly offered: Readonly<Record<PaymentService, readonly PaymentProduct[]>>;
  /** Cancelling an authorised payment needs the PSU's SCA (202 and a cancellation authorisation); otherwise 204 at once. */
  readonly cancellationAuthorisation: boolean;
  /** Debtor IBAN -> the other PSUs who must also sign (multi-level SCA): a joint account. */
  readonly coSigners: Readonly<Record<string, readonly string[]>>;
  /**
   * A reused X-Request-ID on initiatePayment: `replay` answers the same body with the first
   * payment again (a retried request creates nothing twice), a different body with 400
   * FORMAT_ERROR; `reject` refuses every reuse.
   */
  readonly requestIdReuse: 'replay' | 'reject';
  /**
   * Products offered, but not from accounts of these cash account types: 403 PRODUCT_INVALID
   * (the product exists at this bank, just not for this debtor account).
   */
  readonly notForAccountTypes: Readonly<Partial<Record<PaymentProduct, readonly string[]>>>;
  /**
   * Real-time mode (`sandbox --settle-after`): every payment reaches its final status this many
   * wall-clock milliseconds after its execution start, the stages before it in proportion, and the
   * test clock cannot be moved. Unset: the flows' own durations, on the test clock.
   */
  readonly settleAfterMs?: number;
}

export const defaultPaymentSettings: PaymentSettings = {
  offered: {
    payments: ['sepa-credit-transfers', 'instant-sepa-credit-transfers', 'target-2-payments', 'cross-border-credit-transfers'],
    'bulk-payments': ['sepa-credit-transfers', 'instant-sepa-credit-transfers'],
    'periodic-payments': ['sepa-credit-transfers', 'target-2-payments'],
  },
  cancellationAuthorisation: true,
  // The main PSU's multicurrency account is held jointly with PSU-1002.
  coSigners: { DE28100200300066600088: ['PSU-1002'] },
  requestIdReuse: 'replay',
  // Savings accounts (Tagesgeld) send no instant payments: a realistic restriction per account.
  notForAccountTypes: { 'instant-sepa-credit-transfers': ['SVGS'] },
};
