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
