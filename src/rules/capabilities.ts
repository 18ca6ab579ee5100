/**
 * Implementer options: the choices the Berlin Group Implementation Guidelines leave to each bank,
 * in their own terms. A profile declares the ones its bank offers (`capabilities:`); a case names
 * the ones it needs (`requires:`); a case needing an option the bank does not offer is not
 * applicable, with that option as the reason. Both schemas list the same names (a test checks).
 */
export const CAPABILITIES = [
  'dedicated-consent',
  'bank-offered-consent',
  'available-accounts-consent',
  'available-accounts-with-balance-consent',
  'all-psd2-consent',
  'card-accounts',
  'multicurrency',
  'with-balance',
  'booking-status-both',
  'transaction-details',
  'paging',
  'delta-list',
  'entry-reference-from',
  'payment-cancellation',
  'payment-cancellation-authorisation',
  'multilevel-sca',
  'payment-request-replay',
  'funds-confirmation',
  'piis-consent',
  // The bank exempts an availableAccounts consent (the account list, nothing more) from SCA once the PSU is authenticated.
  'available-accounts-sca-exemption',
  // After redirect SCA the bank returns a confirmationCode and keeps the authorisation unconfirmed until the TPP sends it back (psus.confirming).
  'authorisation-confirmation',
  // The authorisation starts explicitly (the answer links startAuthorisation, not scaRedirect) when the TPP prefers it (TPP-Explicit-Authorisation-Preferred), or always.
  'explicit-start',
  // Implied by the profile's oauth: section (and its scaOAuth), and by sca.embedded, so a profile need not also list them.
  'oauth',
  'oauth-sca',
  'embedded-sca',
  // The bank admits TPPs by client certificate (QWAC) on the TLS connection, and checks its PSD2 roles.
  'mtls',
  // The bank requires Berlin Group signed requests (Digest, Signature, TPP-Signature-Certificate).
  'signing',
] as const;

export type Capability = (typeof CAPABILITIES)[number];
