import type { Fault } from './fault.ts';

/** Faults that break requirements of strong customer authentication: redirect, decoupled and embedded journeys. */
export const scaFaults = [
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
    name: 'sca-approach-embedded',
    ruleId: 'SCA-APPROACH-HEADER',
    description: 'createConsent answers ASPSP-SCA-Approach: EMBEDDED although it offers redirect SCA.',
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
    name: 'sca-oauth-link-missing',
    ruleId: 'SCA-OAUTH-LINK',
    description: 'createConsent and initiatePayment omit _links.scaOAuth although the bank offers OAuth SCA.',
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
    description: 'A timed-out SCA session sends the browser to the nok URI but changes nothing else: the consent stays "received", the authorisation keeps its scaStatus, the payment stays RCVD (decoupled: the authorisation fails, the consent and payment stay as they were).',
  },
  // Decoupled SCA the PSU never answers in the bank's app.
  {
    name: 'decoupled-session-never-times-out',
    ruleId: 'SCA-SESSION-TIMEOUT',
    description: 'Under decoupled SCA, an authorisation the PSU never answers in the bank app stays "started" past the session timeout, so the TPP polls forever and the consent stays "received".',
  },
  // Explicit start of the authorisation (implementer option).
  {
    name: 'start-authorisation-without-sca-redirect',
    ruleId: 'SCA-START-AUTHORISATION',
    description: 'The explicit start of an authorisation (POST …/authorisations) answers 201 with scaStatus and authorisationId but without _links.scaRedirect.',
  },
  {
    name: 'decoupled-start-without-sca-status',
    ruleId: 'SCA-START-AUTHORISATION',
    description: 'The explicit start of a decoupled authorisation (POST …/authorisations with TPP-Decoupled-Preferred) answers 201 with scaStatus and authorisationId but without _links.scaStatus, so the TPP has nothing to poll (the bank\'s app still asks the PSU).',
  },
] as const satisfies readonly Fault[];
