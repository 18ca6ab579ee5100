import type { Rule } from '../types.ts';

/** Requirements of account information: consents, accounts, transactions, the 90-day window, access frequency. */
export const aisRules = [
  {
    id: 'AIS-CONSENT-CREATE',
    title: 'Consent creation answers 201 with a consentId, consentStatus "received" and, under redirect SCA, an scaRedirect link (or startAuthorisation, where the authorisation starts explicitly)',
    sources: [{ doc: 'IG', ref: 'Establish Account Information Consent' }],
  },
  {
    id: 'AIS-CONSENT-STATUS',
    title: 'A consent awaiting SCA reports consentStatus "received"',
    sources: [{ doc: 'IG', ref: 'Get Status Request (consent)' }],
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
    title: 'GET of a consent\'s authorisation reports each scaStatus where the IG defines it: received before the PSU acts, psuIdentified after the PSU-ID alone, psuAuthenticated after the password, scaMethodSelected after the SCA method is chosen, started while decoupled SCA waits in the bank\'s app, exempted when the bank exempts the consent from SCA, unconfirmed after redirect SCA until the TPP sends back the confirmationCode the PSU\'s return carried (then finalised)',
    sources: [
      { doc: 'IG', ref: 'SCA status values; Get SCA Status Request; Update PSU Data (identification, authentication, select SCA method); Authorisation Confirmation Request' },
      { doc: 'OAS', ref: 'components.schemas.scaStatus; components.schemas.authorisationConfirmation' },
    ],
  },
] as const satisfies readonly Rule[];
