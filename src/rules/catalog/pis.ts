import type { Rule } from '../types.ts';

/** Requirements of payment initiation and funds confirmation. */
export const pisRules = [
  {
    id: 'PIS-INITIATE',
    title: 'Payment initiation of an offered service and product answers 201 with a paymentId, a transactionStatus a payment awaiting SCA may have (RCVD, PDNG, ACTC) and, under redirect SCA, an scaRedirect link (or startAuthorisation, where the authorisation starts explicitly)',
    sources: [
      { doc: 'IG', ref: 'Payment Initiation Request; transaction status at initiation' },
      { doc: 'OAS', ref: 'paymentInitiationRequestResponse-201' },
      { doc: 'PROFILE', ref: 'payments (services and products offered)' },
    ],
  },
  {
    id: 'PIS-STATUS-FLOW',
    title: 'After SCA, a payment reaches the final status of its product (e.g. ACSC) within the settlement time',
    sources: [
      { doc: 'IG', ref: 'Payment Initiation Status Request; transaction status' },
      { doc: 'PROFILE', ref: 'payments.statusGraph (final statuses per product)' },
    ],
  },
  {
    id: 'PIS-STATUS-TRANSITIONS',
    title: 'Every transaction status seen while polling is a legal successor of the one before by the product\'s status graph (ISO 20022 codes, never backwards); a status the graph does not know fails',
    sources: [
      { doc: 'OAS', ref: 'transactionStatus (ISO 20022 ExternalPaymentTransactionStatus1Code)' },
      { doc: 'PROFILE', ref: 'payments.statusGraph' },
    ],
  },
  {
    id: 'PIS-STATUS-FINAL',
    title: 'A final transaction status (ACSC, ACCC, RJCT, CANC) never changes',
    sources: [{ doc: 'IG', ref: 'Transaction status: final statuses' }],
  },
  {
    id: 'PIS-REJECT',
    title: 'A payment beyond the available funds or the bank\'s limit ends RJCT after SCA',
    sources: [
      { doc: 'IG', ref: 'Transaction status RJCT; TPP-Rejection-NoFunds-Preferred' },
      { doc: 'PROFILE', ref: 'payments.amounts (insufficientFunds, overLimit)' },
    ],
  },
  {
    id: 'PIS-REJECT-REASON',
    title: 'A rejected payment (RJCT) tells why: its status carries a tppMessage with a code',
    sources: [{ doc: 'OAS', ref: 'paymentInitiationStatusResponse-200_json.tppMessages' }],
  },
  {
    id: 'PIS-CANCEL',
    title: 'A payment cancelled before execution ends CANC: at once (204), or once the PSU authorises the cancellation (202 with a cancellation authorisation)',
    sources: [
      { doc: 'IG', ref: 'Payment Cancellation Request; Start Authorisation Process for a Payment Cancellation' },
      { doc: 'PROFILE', ref: 'capabilities: payment-cancellation, payment-cancellation-authorisation' },
    ],
  },
  {
    id: 'PIS-CANCEL-EXECUTED',
    title: 'Cancelling a payment with a final status is refused with 400 RESOURCE_BLOCKED (or 405 CANCELLATION_INVALID)',
    sources: [{ doc: 'IG', ref: 'Additional error information: RESOURCE_BLOCKED, CANCELLATION_INVALID' }],
  },
  {
    id: 'PIS-IBAN',
    title: 'An IBAN with wrong check digits is refused with 400 FORMAT_ERROR',
    sources: [
      { doc: 'IG', ref: 'Additional error information: FORMAT_ERROR' },
      { doc: 'OAS', ref: 'iban (ISO 13616)' },
    ],
  },
  {
    id: 'PIS-AMOUNT-FORMAT',
    title: 'An amount sent as a JSON number (not a string) is refused with 400 FORMAT_ERROR',
    sources: [{ doc: 'OAS', ref: 'amountValue (string, -?[0-9]{1,14}(.[0-9]{1,3})?)' }],
  },
  {
    id: 'PIS-PSU-IP',
    title: 'A payment initiation without PSU-IP-Address is refused with 400 FORMAT_ERROR',
    sources: [{ doc: 'OAS', ref: 'initiatePayment: PSU-IP-Address (required)' }],
  },
  {
    id: 'PIS-PRODUCT-UNKNOWN',
    title: 'A payment product the ASPSP does not offer is refused with 404 PRODUCT_UNKNOWN',
    sources: [
      { doc: 'IG', ref: 'Additional error information: PRODUCT_UNKNOWN (404: the payment product is not supported by the ASPSP)' },
      { doc: 'PROFILE', ref: 'payments' },
    ],
  },
  {
    id: 'PIS-PRODUCT-INVALID',
    title: 'A payment product the ASPSP offers, initiated from a debtor account it is not available for, is refused with 403 PRODUCT_INVALID',
    sources: [
      { doc: 'IG', ref: 'Additional error information: PRODUCT_INVALID (403: the payment product is not available for the PSU or account)' },
      { doc: 'OAS', ref: 'MessageCode403_PIS: PRODUCT_INVALID (1.3.8)' },
      { doc: 'PROFILE', ref: 'payments.productNotForAccount' },
    ],
  },
  {
    id: 'PIS-PAYMENT-UNKNOWN',
    title: 'An unknown paymentId in the path is answered 403 (or 404) RESOURCE_UNKNOWN',
    sources: [{ doc: 'IG', ref: 'Additional error information: RESOURCE_UNKNOWN' }],
  },
  {
    id: 'PIS-MULTILEVEL-SCA',
    title: 'A payment needing two signatures is PATC after the first PSU\'s SCA and authorised only after the second\'s',
    sources: [
      { doc: 'IG', ref: 'Multilevel SCA; transaction status PATC' },
      { doc: 'PROFILE', ref: 'capabilities: multilevel-sca; psus.coSigner' },
    ],
  },
  {
    id: 'PIS-SCA-FURTHER-AUTHORISATION',
    title: 'A further authorisation of a payment started on its sub-resource (a co-signer\'s, or the cancellation\'s) takes the PSU through SCA and back to TPP-Redirect-URI',
    sources: [
      { doc: 'IG', ref: 'Start Authorisation Process (payment initiation, payment cancellation); Redirect SCA Approach' },
    ],
  },
  {
    id: 'PIS-PERIODIC-DATES',
    title: 'Periodic payments: a standing order with startDate, endDate, frequency and dayOfExecution is accepted and shown as sent; one with an endDate before its startDate, a startDate in the past or a dayOfExecution beyond 31 is refused with 400',
    sources: [{ doc: 'IG', ref: 'Periodic payment initiation: startDate, endDate, frequency, dayOfExecution, executionRule' }],
  },
  {
    id: 'PIS-BULK-BATCH',
    title: 'A bulk payment keeps its batchBookingPreferred and every element, as GET payment shows',
    sources: [{ doc: 'IG', ref: 'Bulk payment initiation: batchBookingPreferred' }],
  },
  {
    id: 'PIS-REQUEST-ID-REUSE',
    title: 'A payment initiation retried with the same X-Request-ID and body creates no second payment',
    sources: [
      { doc: 'IG', ref: 'Request header X-Request-ID (unique per request)' },
      { doc: 'PROFILE', ref: 'capabilities: payment-request-replay' },
    ],
  },
  {
    id: 'PIIS-CONSENT',
    title: 'A PIIS consent naming only an account, with validUntil 9999-12-31, is accepted (201, consentStatus received, an SCA link)',
    sources: [
      { doc: 'IG', ref: 'PIIS 2.0: Establish Confirmation of Funds Consent (validUntil 9999-12-31: no expiry)' },
      { doc: 'PROFILE', ref: 'capabilities: piis-consent' },
    ],
  },
  {
    id: 'PIIS-FUNDS',
    title: 'Confirmation of funds answers fundsAvailable true when the available balance covers the amount, false when it does not',
    sources: [
      { doc: 'IG', ref: 'Confirmation of Funds Request' },
      { doc: 'PROFILE', ref: 'payments.amounts.insufficientFunds' },
    ],
  },
  {
    id: 'PIS-SCA-FAILED-RJCT',
    title: 'A payment whose SCA failed (the PSU denied it, or let the SCA session time out) reports transactionStatus RJCT',
    sources: [{ doc: 'IG', ref: 'Transaction status RJCT; SCA status failed' }],
  },
] as const satisfies readonly Rule[];
