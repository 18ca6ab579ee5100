/**
 * Where a fault shows first. The self-test of a fault runs its rule's cases; for a rule that many
 * cases check (the spec validator's rules on every response, the redirect on every SCA journey)
 * one or two of them prove the harness catches the fault as well as forty would, in a fraction of
 * the time. Each case named here must be one of the rule's cases (test/faults.test.ts), and the
 * self-test still requires it to fail naming the rule, so a choice that stops showing the fault fails loudly.
 */
export const PROOF_CASES: Readonly<Record<string, readonly string[]>> = {
  'consent-created-200': ['consent-approved'],
  'consent-status-missing': ['consent-approved'],
  'request-id-not-echoed': ['initiate-single-sct'],
  'error-code-unknown': ['consent-without-request-id'],
  'errors-as-html': ['consent-without-request-id'],
  'amount-as-number': ['account-data'],
  'payment-created-200': ['initiate-single-sct'],
  'payment-initiated-settled': ['initiate-single-sct'],
  'payment-never-settles': ['settles-single-sct'],
  'payment-status-regresses': ['settles-single-sct'],
  'accounts-empty': ['consent-approved'],
  'sca-no-return': ['consent-approved'],
  'sca-approval-ignored': ['consent-approved'],
  'sca-deny-ignored': ['consent-denied'],
  'sca-status-stale': ['embedded-identified'],
  'sca-exemption-reported-finalised': ['embedded-exempted'],
  'confirmation-not-required': ['redirect-unconfirmed'],
  'confirmation-code-not-returned': ['redirect-unconfirmed'],
  'oauth-deny-without-error': ['psu-denies'],
  'oauth-state-not-echoed': ['state-echoed'],
  'consent-type-rejected': ['consent-type-available-accounts-with-balance'],
  'decoupled-never-finalises': ['decoupled-approved'],
  'oauth-valid-token-refused': ['token-accepted'],
  // Only the decoupled cases show it; the browser-driven abandon cases of the rule pass against it.
  'decoupled-session-never-times-out': ['consent-decoupled-abandoned'],
  'start-authorisation-without-sca-redirect': ['consent-explicit-start'],
  'decoupled-start-without-sca-status': ['consent-decoupled-explicit-start'],
};

/** A Playwright grep for exactly these cases: a test's title starts with its case id and a colon. */
export function grepForCases(ids: readonly string[]): string {
  return ids.map((id) => `(^|\\s)${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `).join('|');
}
