import type { Fault } from './fault.ts';

/** Faults that break requirements of the form of every answer: the spec, its headers and error codes. */
export const specFaults = [
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
    name: 'payment-created-200',
    ruleId: 'BG-OAS-STATUS',
    description: 'initiatePayment answers 200 instead of 201.',
  },
] as const satisfies readonly Fault[];
