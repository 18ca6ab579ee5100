import type { IsoDate } from './dates.ts';

export const PAYMENT_SERVICES = ['payments', 'bulk-payments', 'periodic-payments'] as const;
export type PaymentService = (typeof PAYMENT_SERVICES)[number];

/** The JSON products of the Berlin Group standard this bank knows; which it offers per service is in its settings. */
export const PAYMENT_PRODUCTS = ['sepa-credit-transfers', 'instant-sepa-credit-transfers', 'target-2-payments', 'cross-border-credit-transfers'] as const;
export type PaymentProduct = (typeof PAYMENT_PRODUCTS)[number];

/** ISO 20022 transaction statuses as the Berlin Group `transactionStatus` enum lists them. */
export type TransactionStatus = 'ACCC' | 'ACCP' | 'ACSC' | 'ACSP' | 'ACTC' | 'ACWC' | 'ACWP' | 'RCVD' | 'PDNG' | 'RJCT' | 'CANC' | 'ACFC' | 'PATC' | 'PART';

export const FINAL_STATUSES: ReadonlySet<TransactionStatus> = new Set(['ACCC', 'ACSC', 'RJCT', 'CANC']);

export type Frequency = 'Daily' | 'Weekly' | 'EveryTwoWeeks' | 'Monthly' | 'EveryTwoMonths' | 'Quarterly' | 'SemiAnnual' | 'Annual' | 'MonthlyVariable';

export interface Money {
  currency: string;
  /** The amount exactly as the TPP wrote it (a string matching the spec's pattern). */
  amount: string;
  cents: number;
}

/** One credit transfer: a single payment, a periodic one, or one element of a bulk. */
export interface CreditTransfer {
  instructedAmount: Money;
  creditorIban: string;
  creditorName: string;
  /** Every member the TPP sent, validated: GET payment echoes it. */
  echo: Record<string, unknown>;
}

export interface PeriodicRules {
  startDate: IsoDate;
  endDate?: IsoDate;
  frequency: Frequency;
  dayOfExecution?: string;
  executionRule?: 'following' | 'preceding';
}

/** A payment initiation as validated, before the bank decides anything about it. */
export interface PaymentOrder {
  service: PaymentService;
  product: PaymentProduct;
  debtorIban: string;
  transfers: readonly CreditTransfer[];
  requestedExecutionDate?: IsoDate;
  periodic?: PeriodicRules;
  batchBookingPreferred?: boolean;
  /** The whole body as it is echoed by GET payment (bulk and periodic members included). */
  echo: Record<string, unknown>;
}

/** Why the bank rejected a payment: an ISO 20022 status reason and a text for the TPP. */
export interface Rejection {
  reason: 'AM02' | 'AM04' | 'MS02';
  text: string;
}

/** A PIIS consent: which account the TPP may ask about, until when (9999-12-31: until revoked). */
export interface FundsConsent {
  readonly consentId: string;
  readonly iban: string;
  readonly validUntil: IsoDate;
  readonly redirectUri: string;
  readonly nokRedirectUri?: string;
  consentStatus: 'received' | 'valid' | 'rejected' | 'expired';
  readonly authorisationIds: string[];
}

export interface Payment {
  readonly paymentId: string;
  readonly order: PaymentOrder;
  readonly redirectUri: string;
  readonly nokRedirectUri?: string;
  readonly psuIpAddress: string;
  readonly createdAt: Date;
  /** RCVD until the PSU authorises, PATC between signatures; CANC or RJCT when ended before settlement. */
  status: TransactionStatus;
  /** PSUs who approved so far, in order; the payment is authorised once all `signers` have. */
  approvedBy: string[];
  /** The PSUs whose approval the debtor account needs (two for a joint account: multi-level SCA). */
  readonly signers: readonly string[];
  /** When the last signature came, on the payment's own clock: settlement is counted from here. */
  authorisedAt?: Date;
  rejection?: Rejection;
  readonly authorisationIds: string[];
  readonly cancellationIds: string[];
}
