import type { Rule } from './types.ts';

/**
 * The requirement catalog: every rule a suite or the validator checks, declared once.
 * Ids are the index: `grep -rn ID` finds the catalog entry, its check site, the suites
 * that tag it and the reference ASPSP fault that breaks it.
 */
const list = [
  {
    id: 'BG-OAS-STATUS',
    title: 'The response status code is one the operation declares',
    sources: [{ doc: 'OAS', ref: 'paths.*.*.responses' }],
  },
  {
    id: 'BG-OAS-HEADERS',
    title: 'Response headers the operation declares as required are present and well-formed (e.g. X-Request-ID, Location on 201, ASPSP-SCA-Approach)',
    sources: [{ doc: 'OAS', ref: 'components.headers' }],
  },
  {
    id: 'BG-OAS-CONTENT-TYPE',
    title: 'The response content type is one the operation declares for that status',
    sources: [{ doc: 'OAS', ref: 'paths.*.*.responses.*.content' }],
  },
  {
    id: 'BG-OAS-BODY',
    title: 'The response body conforms to the schema the operation declares',
    sources: [{ doc: 'OAS', ref: 'components.schemas' }],
  },
  {
    id: 'BG-ERR-CODE',
    title: 'Error message codes are ones Berlin Group defines for the HTTP status and service',
    sources: [
      { doc: 'IG', ref: 'HTTP return codes and additional error information (tppMessages)' },
      { doc: 'OAS', ref: '1.3.8 MessageCode<status>_<service> enums' },
    ],
  },
  {
    id: 'HDR-XREQID-REQUIRED',
    title: 'A request without X-Request-ID is rejected with 400 FORMAT_ERROR',
    sources: [{ doc: 'IG', ref: 'Request header X-Request-ID (mandatory)' }],
  },
  {
    id: 'AIS-CONSENT-CREATE',
    title: 'Consent creation answers 201 with a consentId, consentStatus "received" and, under redirect SCA, an scaRedirect link',
    sources: [{ doc: 'IG', ref: 'Establish Account Information Consent' }],
  },
  {
    id: 'SCA-APPROACH-HEADER',
    title: 'ASPSP-SCA-Approach names the approach the ASPSP profile declares',
    sources: [
      { doc: 'IG', ref: 'Response header ASPSP-SCA-Approach' },
      { doc: 'PROFILE', ref: 'scaApproaches' },
    ],
  },
  {
    id: 'AIS-CONSENT-STATUS',
    title: 'A consent awaiting SCA reports consentStatus "received"',
    sources: [{ doc: 'IG', ref: 'Get Status Request (consent)' }],
  },
  {
    id: 'SCA-REDIRECT-OK',
    title: 'After the PSU approves on the ASPSP page, the ASPSP returns the browser to TPP-Redirect-URI',
    sources: [
      { doc: 'IG', ref: 'Redirect SCA Approach' },
      { doc: 'RTS', ref: 'Art. 4 (authentication code), Art. 10 (AIS with SCA)' },
    ],
  },
  {
    id: 'SCA-REDIRECT-NOK',
    title: 'After the PSU denies on the ASPSP page, the ASPSP returns the browser to TPP-Nok-Redirect-URI',
    sources: [{ doc: 'IG', ref: 'Redirect SCA Approach (TPP-Nok-Redirect-URI)' }],
  },
  {
    id: 'AIS-CONSENT-VALID-AFTER-SCA',
    title: 'A consent the PSU authorised reports consentStatus "valid"',
    sources: [
      { doc: 'IG', ref: 'Consent status values (valid)' },
      { doc: 'RTS', ref: 'Art. 10 (AIS with SCA)' },
    ],
  },
  {
    id: 'AIS-CONSENT-REJECTED-AFTER-DENY',
    title: 'A consent the PSU denied reports consentStatus "rejected"',
    sources: [{ doc: 'IG', ref: 'Consent status values (rejected)' }],
  },
  {
    id: 'AIS-ACCOUNTS-READ',
    title: 'A valid consent gives access to the account list',
    sources: [{ doc: 'IG', ref: 'Read Account List' }],
  },
  {
    id: 'AIS-CONSENT-INVALID-USE',
    title: 'Using a consent that is not valid is refused with 401 CONSENT_INVALID',
    sources: [{ doc: 'IG', ref: 'Additional error information: CONSENT_INVALID' }],
  },
  {
    id: 'AIS-CONSENT-TYPES',
    title: 'Every consent type the ASPSP offers (dedicated accounts, availableAccounts, availableAccountsWithBalance, allPsd2) is accepted and, after SCA, gives the access it names',
    sources: [
      { doc: 'IG', ref: 'Establish Account Information Consent: consent types' },
      { doc: 'PROFILE', ref: 'capabilities' },
    ],
  },
  {
    id: 'AIS-CONSENT-BANK-OFFERED',
    title: 'After SCA of a bank-offered consent (empty lists), GET consent shows the accounts the PSU chose',
    sources: [{ doc: 'IG', ref: 'Bank-offered consent; Get Consent Request' }],
  },
  {
    id: 'AIS-CONSENT-VALIDUNTIL-CAP',
    title: 'A validUntil beyond the maximum validity is shortened to it (at most 180 days), and GET consent shows the shortened date',
    sources: [
      { doc: 'IG', ref: 'Consent request body: validUntil (9999-12-31 asks for the maximum)' },
      { doc: 'RTS', ref: 'Art. 10a (SCA renewal at least every 180 days)' },
    ],
  },
  {
    id: 'AIS-CONSENT-DELETE',
    title: 'DELETE of a consent answers 204; a consent still awaiting SCA becomes rejected, an authorised one terminatedByTpp',
    sources: [{ doc: 'IG', ref: 'Delete an Account Information Consent Object; consent status values' }],
  },
  {
    id: 'AIS-CONSENT-DELETED-USE',
    title: 'A consent the TPP deleted gives no more access: 401 CONSENT_INVALID',
    sources: [{ doc: 'IG', ref: 'Additional error information: CONSENT_INVALID' }],
  },
  {
    id: 'AIS-CONSENT-EXPIRY',
    title: 'A consent past its validUntil reports consentStatus "expired"',
    sources: [{ doc: 'IG', ref: 'Consent status values (expired); validUntil' }],
  },
  {
    id: 'AIS-CONSENT-EXPIRED-USE',
    title: 'Using an expired consent is refused with 401 CONSENT_EXPIRED',
    sources: [{ doc: 'IG', ref: 'Additional error information: CONSENT_EXPIRED' }],
  },
  {
    id: 'AIS-CONSENT-UNKNOWN',
    title: 'An unknown consent id in the path is answered 403 CONSENT_UNKNOWN',
    sources: [{ doc: 'IG', ref: 'Additional error information: CONSENT_UNKNOWN (403 when addressed in the path)' }],
  },
  {
    id: 'AIS-CONSENT-PSU-IP',
    title: 'A consent request without PSU-IP-Address is refused with 400 FORMAT_ERROR',
    sources: [
      { doc: 'IG', ref: 'Establish Account Information Consent: request header PSU-IP-Address' },
      { doc: 'PROFILE', ref: 'the ASPSP requires PSU-IP-Address on consent creation' },
    ],
  },
  {
    id: 'AIS-CONSENT-AUTHORISATIONS',
    title: 'The authorisation sub-resources list the consent\'s authorisation ids and report each one\'s scaStatus',
    sources: [{ doc: 'IG', ref: 'Get Authorisation Sub-Resources Request; Get SCA Status Request' }],
  },
  {
    id: 'AIS-ACCOUNTS-CONSENT-SCOPE',
    title: 'A consent shows only the accounts it names; others are refused with 401 CONSENT_INVALID',
    sources: [{ doc: 'IG', ref: 'Read Account List; Additional error information: CONSENT_INVALID' }],
  },
  {
    id: 'AIS-ACCOUNTS-PSU-SCOPE',
    title: 'A consent never shows or serves another PSU\'s accounts',
    sources: [
      { doc: 'IG', ref: 'Read Account List (accounts of the PSU who gave the consent)' },
      { doc: 'RTS', ref: 'Art. 36(1)(a) (the payment accounts designated by the PSU)' },
    ],
  },
  {
    id: 'AIS-ACCOUNT-UNKNOWN',
    title: 'An unknown account id in the path is answered 403 or 404 RESOURCE_UNKNOWN',
    sources: [{ doc: 'IG', ref: 'Additional error information: RESOURCE_UNKNOWN (403, or 404 for a path resource)' }],
  },
  {
    id: 'AIS-CARD-ACCOUNTS',
    title: 'A consent covering card accounts lists them and serves their details, balances and transactions',
    sources: [
      { doc: 'IG', ref: 'Read Card Account List, Details, Balances and Transactions' },
      { doc: 'PROFILE', ref: 'capabilities: card-accounts' },
    ],
  },
  {
    id: 'AIS-TX-BOOKING-STATUS',
    title: 'The transaction report carries exactly the booking statuses asked for (booked, pending, both)',
    sources: [{ doc: 'IG', ref: 'Read Transaction List: query parameter bookingStatus' }],
  },
  {
    id: 'AIS-TX-DATE-RANGE',
    title: 'Transactions are only those within dateFrom..dateTo',
    sources: [{ doc: 'IG', ref: 'Read Transaction List: query parameters dateFrom, dateTo' }],
  },
  {
    id: 'AIS-TX-PAGING',
    title: 'Paged transaction reports link first/next/last, and the pages together are complete and do not overlap',
    sources: [{ doc: 'IG', ref: 'Read Transaction List: _links first, next, previous, last' }],
  },
  {
    id: 'AIS-TX-DETAILS',
    title: 'A transaction id from the report can be read with getTransactionDetails',
    sources: [{ doc: 'IG', ref: 'Read Transaction Details' }],
  },
  {
    id: 'AIS-TX-90D',
    title: 'Once the grace period after SCA is over, transactions older than 90 days are refused with 400 PERIOD_INVALID',
    sources: [
      { doc: 'RTS', ref: 'Art. 10 (AIS access without SCA limited to the last 90 days)' },
      { doc: 'IG', ref: 'Additional error information: PERIOD_INVALID' },
      { doc: 'PROFILE', ref: 'ais.historyGracePeriod (when the grace period ends)' },
    ],
  },
  {
    id: 'AIS-TX-90D-GRACE',
    title: 'Within the grace period after the consent\'s SCA, transactions older than 90 days are served',
    sources: [
      { doc: 'RTS', ref: 'Art. 10 (older transactions with SCA)' },
      { doc: 'PROFILE', ref: 'ais.historyGracePeriod (the reference ASPSP: PT5M)' },
    ],
  },
  {
    id: 'AIS-FREQ-LIMIT',
    title: 'Without the PSU present (no PSU-IP-Address), each resource is read at most frequencyPerDay times a day, then 429 ACCESS_EXCEEDED',
    sources: [
      { doc: 'RTS', ref: 'Art. 36(5)(b) (four accesses a day without the PSU)' },
      { doc: 'IG', ref: 'frequencyPerDay; Additional error information: ACCESS_EXCEEDED' },
    ],
  },
  {
    id: 'AIS-FREQ-PSU-PRESENT',
    title: 'Requests with the PSU present (PSU-IP-Address) are not limited by frequencyPerDay',
    sources: [
      { doc: 'RTS', ref: 'Art. 36(5)(a) (access when the PSU actively requests it)' },
      { doc: 'IG', ref: 'Request header PSU-IP-Address (PSU present)' },
    ],
  },
  {
    id: 'AIS-FREQ-RESET',
    title: 'The daily access limit resets the next day',
    sources: [{ doc: 'RTS', ref: 'Art. 36(5)(b) (a day)' }],
  },
  {
    id: 'AIS-CONSENT-VALIDUNTIL-EXACT',
    title: 'A validUntil beyond the bank\'s maximum (9999-12-31 included) comes back as exactly today + that maximum; a date up to the maximum comes back unchanged',
    sources: [
      { doc: 'IG', ref: 'Consent request body: validUntil (the ASPSP may adjust it; Get Consent Request shows the adjusted date)' },
      { doc: 'PROFILE', ref: 'ais.maxConsentDays' },
    ],
  },
  {
    id: 'AIS-CONSENT-REVOKED-BY-PSU',
    title: 'A consent the PSU withdraws at the bank reports consentStatus "revokedByPsu"',
    sources: [
      { doc: 'IG', ref: 'Consent status values (revokedByPsu)' },
      { doc: 'PROFILE', ref: 'ais.psuRevocation (where a test acts as the PSU at the bank)' },
    ],
  },
  {
    id: 'AIS-CONSENT-SCA-STATUS',
    title: 'GET of a consent\'s authorisation reports each scaStatus where the IG defines it: received before the PSU acts, psuIdentified after the PSU-ID alone, psuAuthenticated after the password, scaMethodSelected after the SCA method is chosen, started while decoupled SCA waits in the bank\'s app, exempted when the bank exempts the consent from SCA, unconfirmed after redirect SCA until the TPP sends the confirmationCode (then finalised)',
    sources: [
      { doc: 'IG', ref: 'SCA status values; Get SCA Status Request; Update PSU Data (identification, authentication, select SCA method); Authorisation Confirmation Request' },
      { doc: 'OAS', ref: 'components.schemas.scaStatus; components.schemas.authorisationConfirmation' },
    ],
  },
  {
    id: 'SCA-DECOUPLED-STATUS',
    title: 'Under decoupled SCA, the TPP polling scaStatus sees finalised after the PSU approves in the bank app, failed after a denial',
    sources: [{ doc: 'IG', ref: 'Decoupled SCA approach; Get SCA Status Request' }, { doc: 'PROFILE', ref: 'scaApproaches (DECOUPLED), sca.decoupled' }],
  },
  {
    id: 'SCA-EMBEDDED-FLOW',
    title: 'Under embedded SCA, the PSU\'s password is answered with the SCA methods to choose from (scaStatus psuAuthenticated)',
    sources: [{ doc: 'IG', ref: 'Embedded SCA approach: Update PSU Data (authentication), scaMethods' }],
  },
  {
    id: 'SCA-EMBEDDED-CREDENTIALS',
    title: 'Under embedded SCA, a wrong password or one-time code is refused with 401 PSU_CREDENTIALS_INVALID',
    sources: [{ doc: 'IG', ref: 'HTTP return codes and additional error information: PSU_CREDENTIALS_INVALID' }],
  },
  {
    id: 'SCA-EMBEDDED-LOCKOUT',
    title: 'Under embedded SCA, repeated wrong one-time codes end the authorisation: scaStatus failed, the consent rejected',
    sources: [{ doc: 'IG', ref: 'Embedded SCA approach; SCA status failed' }, { doc: 'PROFILE', ref: 'the number of attempts (the reference ASPSP: 3)' }],
  },
  {
    id: 'OAUTH-TOKEN-ACCEPTED',
    title: 'A valid access token with the service\'s scope is accepted by the API',
    sources: [{ doc: 'RFC', ref: 'RFC 6750 §2.1' }, { doc: 'PROFILE', ref: 'oauth (the API needs a bearer token)' }],
  },
  {
    id: 'OAUTH-PKCE',
    title: 'The authorisation server enforces PKCE (S256): an authorisation request without code_challenge is refused, and a code is exchanged only with its code_verifier',
    sources: [{ doc: 'RFC', ref: 'RFC 7636 §4.4.1, §4.6' }, { doc: 'PROFILE', ref: 'oauth (the bank requires PKCE)' }],
  },
  {
    id: 'OAUTH-REDIRECT-URI',
    title: 'An authorisation request with a redirect_uri the client did not register is refused on the authorisation server\'s own page, never redirected',
    sources: [{ doc: 'RFC', ref: 'RFC 6749 §3.1.2.4, §4.1.2.1' }],
  },
  {
    id: 'OAUTH-STATE',
    title: 'The redirect back to the client carries the state the client sent, unchanged',
    sources: [{ doc: 'RFC', ref: 'RFC 6749 §4.1.2, §4.1.2.1' }],
  },
  {
    id: 'OAUTH-DENY',
    title: 'When the PSU denies, cancels or fails the login, the browser returns to the client\'s redirect_uri with error=access_denied',
    sources: [{ doc: 'RFC', ref: 'RFC 6749 §4.1.2.1' }],
  },
  {
    id: 'OAUTH-REFRESH',
    title: 'A refresh token gives a new access token, which the API accepts',
    sources: [{ doc: 'RFC', ref: 'RFC 6749 §6' }],
  },
  {
    id: 'OAUTH-REFRESH-ROTATION',
    title: 'A refresh token that was rotated is refused when used again (invalid_grant)',
    sources: [{ doc: 'RFC', ref: 'RFC 9700 §4.14.2 (refresh token rotation)' }, { doc: 'PROFILE', ref: 'oauth (the bank rotates refresh tokens)' }],
  },
  {
    id: 'OAUTH-TOKEN-EXPIRY',
    title: 'An access token past its lifetime is refused with 401',
    sources: [{ doc: 'RFC', ref: 'RFC 6750 §3.1 (invalid_token)' }, { doc: 'PROFILE', ref: 'the access-token lifetime (the reference ASPSP: 5 minutes)' }],
  },
  {
    id: 'OAUTH-TOKEN-EXPIRED-CODE',
    title: 'An expired access token is refused with the message code TOKEN_EXPIRED',
    sources: [{ doc: 'IG', ref: 'HTTP return codes and additional error information: TOKEN_EXPIRED' }],
  },
  {
    id: 'OAUTH-TOKEN-INVALID',
    title: 'A bearer token the bank never issued is refused with 401 TOKEN_INVALID (or TOKEN_UNKNOWN)',
    sources: [{ doc: 'IG', ref: 'HTTP return codes and additional error information: TOKEN_INVALID, TOKEN_UNKNOWN' }, { doc: 'RFC', ref: 'RFC 6750 §3.1' }],
  },
  {
    id: 'OAUTH-TOKEN-REVOKED',
    title: 'A revoked access token is refused with 401',
    sources: [{ doc: 'RFC', ref: 'RFC 7009 §2.2' }, { doc: 'IG', ref: 'HTTP return codes: TOKEN_INVALID' }],
  },
  {
    id: 'OAUTH-SCOPE',
    title: 'A token whose scope does not cover the service is refused with 401 TOKEN_INVALID',
    sources: [{ doc: 'RFC', ref: 'RFC 6750 §3.1 (insufficient_scope)' }, { doc: 'IG', ref: 'HTTP return codes: TOKEN_INVALID' }],
  },
  {
    id: 'OAUTH-TOKEN-BINDING',
    title: 'A token issued by the OAuth SCA of one consent (or payment) is refused for another consent (or payment)',
    sources: [{ doc: 'IG', ref: 'OAuth SCA approach: the token is bound to the consent' }, { doc: 'IG', ref: 'HTTP return codes: TOKEN_INVALID' }],
  },
  {
    id: 'SCA-OAUTH-LINK',
    title: 'Under the OAuth SCA approach, the consent (or payment initiation) response links scaOAuth to the authorisation server metadata',
    sources: [{ doc: 'IG', ref: 'OAuth SCA approach: _links.scaOAuth' }, { doc: 'RFC', ref: 'RFC 8414 §3' }],
  },
  {
    id: 'PIS-INITIATE',
    title: 'Payment initiation of an offered service and product answers 201 with a paymentId, a transactionStatus a payment awaiting SCA may have (RCVD, PDNG, ACTC) and, under redirect SCA, an scaRedirect link',
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
    id: 'CERT-MISSING',
    title: 'A request without a client certificate (QWAC) is refused with 401 CERTIFICATE_MISSING',
    sources: [
      { doc: 'RTS', ref: 'Art. 34 (identification by qualified certificates)' },
      { doc: 'IG', ref: 'Requirements on the TLS layer; Additional error information: CERTIFICATE_MISSING' },
    ],
  },
  {
    id: 'CERT-EXPIRED',
    title: 'A request with an expired client certificate is refused with 401 CERTIFICATE_EXPIRED',
    sources: [{ doc: 'IG', ref: 'Additional error information: CERTIFICATE_EXPIRED' }],
  },
  {
    id: 'CERT-ROLE',
    title: 'A client certificate without the PSD2 role of the service (AIS needs PSP_AI) is refused with 401 ROLE_INVALID',
    sources: [
      { doc: 'RTS', ref: 'Art. 34(3) (the role of the payment service provider in the certificate)' },
      { doc: 'IG', ref: 'Additional error information: ROLE_INVALID' },
    ],
  },
  {
    id: 'CERT-ISSUER',
    title: 'A client certificate from a CA the ASPSP does not trust is refused with 401 CERTIFICATE_INVALID',
    sources: [
      { doc: 'RTS', ref: 'Art. 34 (qualified certificates from a qualified trust service provider)' },
      { doc: 'IG', ref: 'Additional error information: CERTIFICATE_INVALID' },
    ],
  },
  {
    id: 'SIG-MISSING',
    title: 'Where the ASPSP requires signed requests, an unsigned request is refused with 401 SIGNATURE_MISSING',
    sources: [
      { doc: 'IG', ref: 'Signature (request signing); Additional error information: SIGNATURE_MISSING' },
      { doc: 'PROFILE', ref: 'capabilities: signing' },
    ],
  },
  {
    id: 'SIG-INVALID',
    title: 'A request whose Signature does not verify is refused with 401 SIGNATURE_INVALID',
    sources: [{ doc: 'IG', ref: 'Signature (request signing); Additional error information: SIGNATURE_INVALID' }],
  },
  {
    id: 'SIG-DIGEST',
    title: 'A signed request whose Digest does not match its body is refused with 401 SIGNATURE_INVALID',
    sources: [{ doc: 'IG', ref: 'Digest header (SHA-256 / SHA-512 of the body), covered by the signature' }],
  },
  // SCA journeys: the abandoned session, and payments under the OAuth and decoupled approaches.
  {
    id: 'SCA-SESSION-TIMEOUT',
    title: 'When the PSU leaves the SCA page until its session times out, the PSU\'s next request there ends at TPP-Nok-Redirect-URI (OAuth: the redirect_uri with error=access_denied and the state unchanged)',
    sources: [
      { doc: 'IG', ref: 'Redirect SCA Approach (TPP-Nok-Redirect-URI); OAuth SCA approach' },
      { doc: 'RFC', ref: 'RFC 6749 §4.1.2.1 (access_denied, state)' },
      { doc: 'PROFILE', ref: 'sca.sessionTimeout (the reference ASPSP: 5 minutes of its clock)' },
    ],
  },
  {
    id: 'SCA-TIMEOUT-STATUS',
    title: 'After the SCA session timed out, the resource says the SCA failed: the consent reports consentStatus "rejected", the payment\'s authorisation scaStatus "failed"',
    sources: [
      { doc: 'IG', ref: 'Consent status values (rejected); SCA status values (failed)' },
      { doc: 'PROFILE', ref: 'sca.sessionTimeout' },
    ],
  },
  {
    id: 'PIS-SCA-FAILED-RJCT',
    title: 'A payment whose SCA failed (the PSU denied it, or let the SCA session time out) reports transactionStatus RJCT',
    sources: [{ doc: 'IG', ref: 'Transaction status RJCT; SCA status failed' }],
  },
] as const satisfies readonly Rule[];

export type RuleId = (typeof list)[number]['id'];

export const ruleCatalog: ReadonlyMap<string, Rule> = new Map(list.map((r) => [r.id, r]));

export function isRuleId(id: string): id is RuleId {
  return ruleCatalog.has(id);
}
