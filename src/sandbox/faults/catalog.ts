/**
 * Named ways this bank can be told to break the standard. Each names the requirement id it
 * violates, so a harness run against a faulted sandbox must report exactly that id.
 */
export const faults = [
  {
    name: 'consent-created-200',
    ruleId: 'BG-OAS-STATUS',
    description: 'createConsent answers 200 instead of 201.',
  },
  {
    name: 'consent-status-missing',
    ruleId: 'BG-OAS-BODY',
    description: 'getConsentStatus omits consentStatus from its body.',
  },
  {
    name: 'request-id-not-echoed',
    ruleId: 'BG-OAS-HEADERS',
    description: 'Responses lack the X-Request-ID header.',
  },
  {
    name: 'sca-approval-ignored',
    ruleId: 'AIS-CONSENT-VALID-AFTER-SCA',
    description: 'After the PSU approves, the consent stays "received".',
  },
  {
    name: 'error-code-unknown',
    ruleId: 'BG-ERR-CODE',
    description: 'A missing X-Request-ID is rejected with the non-BG code INVALID_REQUEST.',
  },
  {
    name: 'missing-request-id-accepted',
    ruleId: 'HDR-XREQID-REQUIRED',
    description: 'Requests without X-Request-ID are accepted (createConsent answers 201).',
  },
  {
    name: 'invalid-consent-accepted',
    ruleId: 'AIS-CONSENT-INVALID-USE',
    description: 'Account data is served on a consent that is not valid (e.g. rejected).',
  },
  {
    name: 'sca-no-return',
    ruleId: 'SCA-REDIRECT-OK',
    description: 'After Approve the bank answers 200 with a "done" page instead of redirecting to TPP-Redirect-URI (the consent still becomes valid).',
  },
  {
    name: 'sca-deny-to-ok-uri',
    ruleId: 'SCA-REDIRECT-NOK',
    description: 'After Deny the bank redirects to TPP-Redirect-URI instead of TPP-Nok-Redirect-URI (the consent is still rejected).',
  },
  {
    name: 'sca-deny-ignored',
    ruleId: 'AIS-CONSENT-REJECTED-AFTER-DENY',
    description: 'After Deny the consent stays "received" (the redirect to the nok URI still happens).',
  },
  {
    name: 'sca-approach-embedded',
    ruleId: 'SCA-APPROACH-HEADER',
    description: 'createConsent answers ASPSP-SCA-Approach: EMBEDDED although it offers redirect SCA.',
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
    name: 'errors-as-html',
    ruleId: 'BG-OAS-CONTENT-TYPE',
    description: 'Every 4xx error response is sent as Content-Type: text/html (same status, a small HTML body).',
  },
  {
    name: 'amount-as-number',
    ruleId: 'BG-OAS-BODY',
    description: 'Balance and transaction amounts are JSON numbers instead of strings.',
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
    name: 'decoupled-never-finalises',
    ruleId: 'SCA-DECOUPLED-STATUS',
    description: 'Under decoupled SCA, the authorisation stays "started" after the PSU approves in the bank app (the consent still becomes valid).',
  },
  {
    name: 'embedded-no-sca-methods',
    ruleId: 'SCA-EMBEDDED-FLOW',
    description: 'Under embedded SCA, the answer to the PSU\'s password lists no SCA methods to choose from.',
  },
  {
    name: 'embedded-wrong-otp-accepted',
    ruleId: 'SCA-EMBEDDED-CREDENTIALS',
    description: 'Under embedded SCA, any one-time code is accepted.',
  },
  {
    name: 'embedded-no-lockout',
    ruleId: 'SCA-EMBEDDED-LOCKOUT',
    description: 'Under embedded SCA, wrong one-time codes never lock the authorisation.',
  },
  {
    name: 'oauth-valid-token-refused',
    ruleId: 'OAUTH-TOKEN-ACCEPTED',
    description: 'Every bearer token is refused with 401 TOKEN_INVALID, even a valid one.',
  },
  {
    name: 'oauth-token-never-expires',
    ruleId: 'OAUTH-TOKEN-EXPIRY',
    description: "Access tokens are accepted after their lifetime has passed on the bank's clock.",
  },
  {
    name: 'oauth-expired-wrong-code',
    ruleId: 'OAUTH-TOKEN-EXPIRED-CODE',
    description: 'An expired access token is refused with 401 TOKEN_INVALID instead of TOKEN_EXPIRED.',
  },
  {
    name: 'oauth-refresh-reusable',
    ruleId: 'OAUTH-REFRESH-ROTATION',
    description: 'Refresh tokens are not rotated: a refresh token stays usable after it was used.',
  },
  {
    name: 'oauth-refreshed-token-refused',
    ruleId: 'OAUTH-REFRESH',
    description: 'An access token obtained with a refresh token is refused by the API (401 TOKEN_INVALID).',
  },
  {
    name: 'oauth-pkce-not-verified',
    ruleId: 'OAUTH-PKCE',
    description: 'PKCE is not enforced: code_challenge and code_verifier are stripped before the authorisation server sees them.',
  },
  {
    name: 'oauth-redirect-uri-unchecked',
    ruleId: 'OAUTH-REDIRECT-URI',
    description: "An authorisation request with an unregistered redirect_uri is redirected there (with error=invalid_request) instead of being refused on the bank's page.",
  },
  {
    name: 'oauth-state-not-echoed',
    ruleId: 'OAUTH-STATE',
    description: 'The redirect back to the client drops the state parameter.',
  },
  {
    name: 'oauth-deny-without-error',
    ruleId: 'OAUTH-DENY',
    description: 'When the PSU denies or cancels, the redirect back to the client carries no error=access_denied.',
  },
  {
    name: 'oauth-scope-not-enforced',
    ruleId: 'OAUTH-SCOPE',
    description: 'A token without the AIS scope is accepted on the AIS API.',
  },
  {
    name: 'oauth-unknown-token-accepted',
    ruleId: 'OAUTH-TOKEN-INVALID',
    description: 'A bearer token the bank never issued is accepted.',
  },
  {
    name: 'oauth-revocation-ignored',
    ruleId: 'OAUTH-TOKEN-REVOKED',
    description: 'A revoked access token is still accepted by the API.',
  },
  {
    name: 'oauth-token-binding-ignored',
    ruleId: 'OAUTH-TOKEN-BINDING',
    description: 'A token from the OAuth SCA of one consent is accepted for another consent.',
  },
  {
    name: 'sca-oauth-link-missing',
    ruleId: 'SCA-OAUTH-LINK',
    description: 'createConsent and initiatePayment omit _links.scaOAuth although the bank offers OAuth SCA.',
  },
  {
    name: 'payment-created-200',
    ruleId: 'BG-OAS-STATUS',
    description: 'initiatePayment answers 200 instead of 201.',
  },
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
  // Certificates and signatures: these need the HTTPS listener with client certificates and/or
  // signature checks on (`needs`), so their self-test starts the sandbox that way.
  {
    name: 'missing-certificate-accepted',
    ruleId: 'CERT-MISSING',
    description: 'A request without a client certificate is served although the bank requires mTLS.',
    needs: ['mtls'],
  },
  {
    name: 'expired-certificate-accepted',
    ruleId: 'CERT-EXPIRED',
    description: 'An expired client certificate is accepted.',
    needs: ['mtls'],
  },
  {
    name: 'wrong-role-accepted',
    ruleId: 'CERT-ROLE',
    description: 'A client certificate without the PSD2 role of the service (AIS without PSP_AI) is accepted.',
    needs: ['mtls'],
  },
  {
    name: 'unknown-issuer-accepted',
    ruleId: 'CERT-ISSUER',
    description: 'A client certificate from a CA the bank does not trust is accepted.',
    needs: ['mtls'],
  },
  {
    name: 'signature-not-required',
    ruleId: 'SIG-MISSING',
    description: 'Unsigned requests are served although the bank requires signatures.',
    needs: ['signing'],
  },
  {
    name: 'signature-not-verified',
    ruleId: 'SIG-INVALID',
    description: 'The Signature value is never verified: a corrupted signature is accepted.',
    needs: ['signing'],
  },
  {
    name: 'signature-invalid-wrong-code',
    ruleId: 'SIG-INVALID',
    description: 'A bad signature is refused with 400 FORMAT_ERROR instead of 401 SIGNATURE_INVALID.',
    needs: ['signing'],
  },
  {
    name: 'digest-not-checked',
    ruleId: 'SIG-DIGEST',
    description: 'The Digest header is never compared with the body: a signed request whose digest does not match its body is served.',
    needs: ['signing'],
  },
  // SCA journeys: the abandoned session, and payments under the OAuth and decoupled approaches.
  {
    name: 'sca-session-never-expires',
    ruleId: 'SCA-SESSION-TIMEOUT',
    description: 'An SCA session the PSU left idle past the timeout goes on as if nothing happened: the reloaded page shows the login form again instead of ending at the nok URI.',
  },
  {
    name: 'sca-timeout-status-unchanged',
    ruleId: 'SCA-TIMEOUT-STATUS',
    description: 'A timed-out SCA session sends the browser to the nok URI but changes nothing else: the consent stays "received", the authorisation keeps its scaStatus, the payment stays RCVD.',
  },
  {
    name: 'payment-sca-failure-ignored',
    ruleId: 'PIS-SCA-FAILED-RJCT',
    description: 'A payment whose SCA failed (the PSU denied, or the session timed out) stays RCVD instead of RJCT (the browser still lands on the nok URI).',
  },
] as const satisfies readonly { name: string; ruleId: string; description: string; needs?: readonly ('mtls' | 'signing')[] }[];

export type FaultName = (typeof faults)[number]['name'];

const known: ReadonlySet<string> = new Set(faults.map((f) => f.name));

function isFaultName(name: string): name is FaultName {
  return known.has(name);
}

/** Validates fault names up front, so a typo fails the run instead of silently testing a conformant bank. */
export function parseFaults(names: readonly string[] = []): ReadonlySet<FaultName> {
  const unknown = names.filter((n) => !isFaultName(n));
  if (unknown.length > 0) {
    const list = faults.map((f) => `  ${f.name} (${f.ruleId}): ${f.description}`).join('\n');
    throw new Error(`Unknown sandbox fault ${unknown.map((n) => `"${n}"`).join(', ')}. Known faults:\n${list}`);
  }
  return new Set(names.filter(isFaultName));
}
