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
] as const satisfies readonly { name: string; ruleId: string; description: string }[];

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
