import type { Rule } from '../types.ts';

/** Requirements of strong customer authentication: redirect, decoupled and embedded journeys. */
export const scaRules = [
  {
    id: 'SCA-APPROACH-HEADER',
    title: 'ASPSP-SCA-Approach names the approach the ASPSP profile declares',
    sources: [
      { doc: 'IG', ref: 'Response header ASPSP-SCA-Approach' },
      { doc: 'PROFILE', ref: 'scaApproaches' },
    ],
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
    id: 'SCA-OAUTH-LINK',
    title: 'Under the OAuth SCA approach, the consent (or payment initiation) response links scaOAuth to the authorisation server metadata',
    sources: [{ doc: 'IG', ref: 'OAuth SCA approach: _links.scaOAuth' }, { doc: 'RFC', ref: 'RFC 8414 §3' }],
  },
  // SCA journeys: the abandoned session, and payments under the OAuth and decoupled approaches.
  {
    id: 'SCA-SESSION-TIMEOUT',
    title: 'When the PSU leaves the SCA page until its session times out, the PSU\'s next request there ends at TPP-Nok-Redirect-URI (OAuth: the redirect_uri with error=access_denied and the state unchanged); under decoupled SCA, an authorisation the PSU never answers in the bank app ends with scaStatus "failed" once the session timed out',
    sources: [
      { doc: 'IG', ref: 'Redirect SCA Approach (TPP-Nok-Redirect-URI); OAuth SCA approach' },
      { doc: 'IG', ref: 'Decoupled SCA approach; Get SCA Status Request; SCA status values (failed)' },
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
  // Explicit start of the authorisation (implementer option).
  {
    id: 'SCA-START-AUTHORISATION',
    title: 'Where the authorisation starts explicitly, the TPP\'s POST on the startAuthorisation link answers 201 with scaStatus, authorisationId and the link the approach goes on with: scaRedirect for redirect SCA, scaStatus (to poll) for decoupled SCA',
    sources: [
      { doc: 'IG', ref: 'Start authorisation process (explicit start); Start Authorisation Response' },
      { doc: 'OAS', ref: 'startConsentAuthorisation, startPaymentAuthorisation (startScaprocessResponse)' },
    ],
  },
] as const satisfies readonly Rule[];
