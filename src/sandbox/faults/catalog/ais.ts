import type { Fault } from './fault.ts';

/** Faults that break requirements of account information: consents, accounts, transactions, the 90-day window, access frequency. */
export const aisFaults = [
  {
    name: 'sca-approval-ignored',
    ruleId: 'AIS-CONSENT-VALID-AFTER-SCA',
    description: 'After the PSU approves, the consent stays "received".',
  },
  {
    name: 'invalid-consent-accepted',
    ruleId: 'AIS-CONSENT-INVALID-USE',
    description: 'Account data is served on a consent that is not valid (e.g. rejected).',
  },
  {
    name: 'sca-deny-ignored',
    ruleId: 'AIS-CONSENT-REJECTED-AFTER-DENY',
    description: 'After Deny the consent stays "received" (the redirect to the nok URI still happens).',
  },
  {
    name: 'consent-without-sca-link',
    ruleId: 'AIS-CONSENT-CREATE',
    description: 'createConsent omits _links.scaRedirect from its 201 body (other links stay).',
  },
  {
    name: 'consent-valid-before-sca',
    ruleId: 'AIS-CONSENT-STATUS',
    description: 'getConsentStatus reports "valid" for a consent that is still "received" (the stored state is unchanged).',
  },
  {
    name: 'accounts-empty',
    ruleId: 'AIS-ACCOUNTS-READ',
    description: 'getAccountList on a valid consent answers 200 with an empty accounts list.',
  },
  {
    name: 'consent-type-rejected',
    ruleId: 'AIS-CONSENT-TYPES',
    description: 'An availableAccountsWithBalance consent is refused with 400 SERVICE_INVALID although the bank offers it.',
  },
  {
    name: 'bank-offered-not-shown',
    ruleId: 'AIS-CONSENT-BANK-OFFERED',
    description: 'After the PSU ticks accounts for a bank-offered consent, GET consent still shows the empty lists.',
  },
  {
    name: 'valid-until-not-capped',
    ruleId: 'AIS-CONSENT-VALIDUNTIL-CAP',
    description: 'validUntil beyond the 180-day maximum is kept as asked instead of being shortened.',
  },
  {
    name: 'delete-received-terminated',
    ruleId: 'AIS-CONSENT-DELETE',
    description: 'Deleting a consent still awaiting SCA makes it terminatedByTpp instead of rejected.',
  },
  {
    name: 'deleted-consent-usable',
    ruleId: 'AIS-CONSENT-DELETED-USE',
    description: 'A consent the TPP deleted (terminatedByTpp) still serves account data.',
  },
  {
    name: 'consent-never-expires',
    ruleId: 'AIS-CONSENT-EXPIRY',
    description: 'A consent past its validUntil keeps the status valid.',
  },
  {
    name: 'expired-consent-wrong-code',
    ruleId: 'AIS-CONSENT-EXPIRED-USE',
    description: 'Using an expired consent answers 401 CONSENT_INVALID instead of CONSENT_EXPIRED.',
  },
  {
    name: 'unknown-consent-wrong-status',
    ruleId: 'AIS-CONSENT-UNKNOWN',
    description: 'An unknown consent id in the path is answered 404 RESOURCE_UNKNOWN instead of 403 CONSENT_UNKNOWN.',
  },
  {
    name: 'psu-ip-address-optional',
    ruleId: 'AIS-CONSENT-PSU-IP',
    description: 'A consent request without PSU-IP-Address is accepted (201).',
  },
  {
    name: 'authorisations-list-empty',
    ruleId: 'AIS-CONSENT-AUTHORISATIONS',
    description: 'getConsentAuthorisation lists no authorisation ids although one was started.',
  },
  {
    name: 'dedicated-scope-ignored',
    ruleId: 'AIS-ACCOUNTS-CONSENT-SCOPE',
    description: 'A consent naming one account gives access to all of the PSU\'s accounts.',
  },
  {
    name: 'other-psu-account-visible',
    ruleId: 'AIS-ACCOUNTS-PSU-SCOPE',
    description: 'The account list of a consent also shows an account of another PSU.',
  },
  {
    name: 'unknown-account-wrong-code',
    ruleId: 'AIS-ACCOUNT-UNKNOWN',
    description: 'An unknown account id in the path is answered 400 FORMAT_ERROR instead of RESOURCE_UNKNOWN.',
  },
  {
    name: 'card-accounts-empty',
    ruleId: 'AIS-CARD-ACCOUNTS',
    description: 'getCardAccountList on a consent covering the PSU\'s card answers 200 with no card accounts.',
  },
  {
    name: 'booking-status-ignored',
    ruleId: 'AIS-TX-BOOKING-STATUS',
    description: 'The transaction report carries booked and pending entries whatever bookingStatus asked for.',
  },
  {
    name: 'transactions-outside-range',
    ruleId: 'AIS-TX-DATE-RANGE',
    description: 'dateTo is ignored: transactions up to today are returned.',
  },
  {
    name: 'paging-drops-items',
    ruleId: 'AIS-TX-PAGING',
    description: 'Every page after the first silently skips its first entry.',
  },
  {
    name: 'transaction-details-unknown',
    ruleId: 'AIS-TX-DETAILS',
    description: 'getTransactionDetails answers 404 RESOURCE_UNKNOWN for a transaction id from the bank\'s own report.',
  },
  {
    name: 'ninety-day-not-enforced',
    ruleId: 'AIS-TX-90D',
    description: 'Transactions older than 90 days are served long after the consent\'s SCA.',
  },
  {
    name: 'ninety-day-no-grace',
    ruleId: 'AIS-TX-90D-GRACE',
    description: 'Transactions older than 90 days are refused even right after the consent\'s SCA.',
  },
  {
    name: 'frequency-not-enforced',
    ruleId: 'AIS-FREQ-LIMIT',
    description: 'Accesses without the PSU present are never limited to frequencyPerDay.',
  },
  {
    name: 'frequency-counts-psu-present',
    ruleId: 'AIS-FREQ-PSU-PRESENT',
    description: 'Requests with PSU-IP-Address (PSU present) count against frequencyPerDay too.',
  },
  {
    name: 'frequency-never-resets',
    ruleId: 'AIS-FREQ-RESET',
    description: 'The daily access counter never resets: after the limit, the next day is refused too.',
  },
  {
    name: 'ninety-day-grace-longer',
    ruleId: 'AIS-TX-90D',
    description: 'Transactions older than 90 days are served for twice the grace period after SCA the bank declares (10 minutes, not 5).',
  },
  {
    name: 'valid-until-cap-off-by-one',
    ruleId: 'AIS-CONSENT-VALIDUNTIL-EXACT',
    description: 'validUntil is shortened to one day before the maximum (today + 179 days), even when the asked date is the maximum itself.',
  },
  {
    name: 'psu-revocation-ignored',
    ruleId: 'AIS-CONSENT-REVOKED-BY-PSU',
    description: 'A consent the PSU withdraws at the bank stays valid: its status and access are unchanged.',
  },
  {
    name: 'sca-status-stale',
    ruleId: 'AIS-CONSENT-SCA-STATUS',
    description: 'GET of a consent\'s authorisation answers scaStatus "received" until the SCA ends, hiding psuIdentified, psuAuthenticated, scaMethodSelected and started.',
  },
  {
    name: 'sca-exemption-reported-finalised',
    ruleId: 'AIS-CONSENT-SCA-STATUS',
    description: 'An authorisation the bank exempted from SCA (an availableAccounts consent after the PSU\'s password) reports scaStatus "finalised", not "exempted".',
  },
  {
    name: 'confirmation-not-required',
    ruleId: 'AIS-CONSENT-SCA-STATUS',
    description: 'The bank finalises the redirect SCA of a PSU whose consents it has the TPP confirm at once: no confirmationCode, the authorisation never unconfirmed.',
  },
  {
    name: 'confirmation-code-not-returned',
    ruleId: 'AIS-CONSENT-SCA-STATUS',
    description: 'The bank has the TPP confirm the redirect SCA (scaStatus unconfirmed) but sends the PSU back without the confirmationCode, so the consent can never become valid.',
  },
] as const satisfies readonly Fault[];
