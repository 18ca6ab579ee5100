import type { Fault } from './fault.ts';

/** Faults that break requirements of payment initiation and funds confirmation. */
export const pisFaults = [
  {
    name: 'payment-initiated-settled',
    ruleId: 'PIS-INITIATE',
    description: 'initiatePayment reports transactionStatus ACSC before the PSU authorised anything (the stored status stays RCVD).',
  },
  {
    name: 'payment-never-settles',
    ruleId: 'PIS-STATUS-FLOW',
    description: 'Authorised payments stop at ACSP and never reach their final status.',
  },
  {
    name: 'payment-status-regresses',
    ruleId: 'PIS-STATUS-TRANSITIONS',
    description: 'A SEPA credit transfer in ACSP reports ACTC again two to three hours into its execution.',
  },
  {
    name: 'payment-terminal-status-changes',
    ruleId: 'PIS-STATUS-FINAL',
    description: 'Two days after a payment settled (ACSC), its status turns to RJCT.',
  },
  {
    name: 'payment-funds-not-checked',
    ruleId: 'PIS-REJECT',
    description: 'A payment beyond the available balance is executed instead of rejected (the limit is still checked).',
  },
  {
    name: 'payment-rejected-without-reason',
    ruleId: 'PIS-REJECT-REASON',
    description: 'A rejected payment reports RJCT without any tppMessage saying why.',
  },
  {
    name: 'payment-cancellation-ignored',
    ruleId: 'PIS-CANCEL',
    description: 'A cancellation is answered as asked (204, or 202 and a cancellation authorisation) but the payment is not cancelled.',
  },
  {
    name: 'executed-payment-cancellable',
    ruleId: 'PIS-CANCEL-EXECUTED',
    description: 'DELETE of a settled payment (ACSC) answers 204 and marks it CANC.',
  },
  {
    name: 'payment-invalid-iban-accepted',
    ruleId: 'PIS-IBAN',
    description: 'IBANs are checked for their shape only: wrong check digits are accepted.',
  },
  {
    name: 'payment-amount-number-accepted',
    ruleId: 'PIS-AMOUNT-FORMAT',
    description: 'A payment amount sent as a JSON number is accepted.',
  },
  {
    name: 'payment-psu-ip-optional',
    ruleId: 'PIS-PSU-IP',
    description: 'A payment initiation without PSU-IP-Address is accepted (201).',
  },
  {
    name: 'payment-product-unknown-400',
    ruleId: 'PIS-PRODUCT-UNKNOWN',
    description: 'A payment product the bank does not offer is answered 400 FORMAT_ERROR instead of 404 PRODUCT_UNKNOWN.',
  },
  {
    name: 'product-invalid-as-unknown',
    ruleId: 'PIS-PRODUCT-INVALID',
    description: 'An offered payment product from a debtor account it is not available for (instant from a savings account) is answered 404 PRODUCT_UNKNOWN instead of 403 PRODUCT_INVALID.',
  },
  {
    name: 'unknown-payment-format-error',
    ruleId: 'PIS-PAYMENT-UNKNOWN',
    description: 'An unknown paymentId in the path is answered 400 FORMAT_ERROR instead of RESOURCE_UNKNOWN.',
  },
  {
    name: 'multilevel-sca-skipped',
    ruleId: 'PIS-MULTILEVEL-SCA',
    description: 'A payment from a joint account is authorised by the first signature alone (ACTC instead of PATC).',
  },
  {
    name: 'periodic-end-before-start-accepted',
    ruleId: 'PIS-PERIODIC-DATES',
    description: 'A periodic payment whose endDate lies before its startDate is accepted.',
  },
  {
    name: 'bulk-batch-booking-dropped',
    ruleId: 'PIS-BULK-BATCH',
    description: 'GET of a bulk payment omits batchBookingPreferred.',
  },
  {
    name: 'request-id-reuse-duplicates',
    ruleId: 'PIS-REQUEST-ID-REUSE',
    description: 'A payment initiation retried with the same X-Request-ID and body creates a second payment.',
  },
  {
    name: 'payment-further-sca-no-return',
    ruleId: 'PIS-SCA-FURTHER-AUTHORISATION',
    description: 'After the PSU approves a further payment authorisation (a co-signer\'s or a cancellation\'s), the bank shows a "done" page instead of redirecting to TPP-Redirect-URI (the approval still counts).',
  },
  {
    name: 'piis-consent-open-ended-refused',
    ruleId: 'PIIS-CONSENT',
    description: 'A PIIS consent with validUntil 9999-12-31 is refused with 400 FORMAT_ERROR.',
  },
  {
    name: 'funds-balance-ignored',
    ruleId: 'PIIS-FUNDS',
    description: 'Confirmation of funds answers fundsAvailable true whatever the balance.',
  },
  {
    name: 'payment-sca-failure-ignored',
    ruleId: 'PIS-SCA-FAILED-RJCT',
    description: 'A payment whose SCA failed (the PSU denied, or the session timed out) stays RCVD instead of RJCT (the browser still lands on the nok URI).',
  },
] as const satisfies readonly Fault[];
