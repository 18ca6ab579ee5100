import type { Rule } from './types.ts';

/**
 * The requirement catalog: every rule a suite or the validator checks, declared once.
 * Ids are the index: `grep -rn ID` finds the catalog entry, its check site, the suites
 * that tag it and the reference ASPSP fault that breaks it.
 */
const list = [
  {
    id: 'BG-OAS-STATUS',
    title: 'The response status code is one the operation declares',
    sources: [{ doc: 'OAS', ref: 'paths.*.*.responses' }],
  },
  {
    id: 'BG-OAS-HEADERS',
    title: 'Response headers the operation declares as required are present and well-formed (e.g. X-Request-ID, Location on 201, ASPSP-SCA-Approach)',
    sources: [{ doc: 'OAS', ref: 'components.headers' }],
  },
  {
    id: 'BG-OAS-CONTENT-TYPE',
    title: 'The response content type is one the operation declares for that status',
    sources: [{ doc: 'OAS', ref: 'paths.*.*.responses.*.content' }],
  },
  {
    id: 'BG-OAS-BODY',
    title: 'The response body conforms to the schema the operation declares',
    sources: [{ doc: 'OAS', ref: 'components.schemas' }],
  },
  {
    id: 'BG-ERR-CODE',
    title: 'Error message codes are ones Berlin Group defines for the HTTP status and service',
    sources: [
      { doc: 'IG', ref: 'HTTP return codes and additional error information (tppMessages)' },
      { doc: 'OAS', ref: '1.3.8 MessageCode<status>_<service> enums' },
    ],
  },
  {
    id: 'HDR-XREQID-REQUIRED',
    title: 'A request without X-Request-ID is rejected with 400 FORMAT_ERROR',
    sources: [{ doc: 'IG', ref: 'Request header X-Request-ID (mandatory)' }],
  },
  {
    id: 'AIS-CONSENT-CREATE',
    title: 'Consent creation answers 201 with a consentId, consentStatus "received" and, under redirect SCA, an scaRedirect link',
    sources: [{ doc: 'IG', ref: 'Establish Account Information Consent' }],
  },
  {
    id: 'SCA-APPROACH-HEADER',
    title: 'ASPSP-SCA-Approach names the approach the ASPSP profile declares',
    sources: [
      { doc: 'IG', ref: 'Response header ASPSP-SCA-Approach' },
      { doc: 'PROFILE', ref: 'scaApproaches' },
    ],
  },
  {
    id: 'AIS-CONSENT-STATUS',
    title: 'A consent awaiting SCA reports consentStatus "received"',
    sources: [{ doc: 'IG', ref: 'Get Status Request (consent)' }],
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
] as const satisfies readonly Rule[];

export type RuleId = (typeof list)[number]['id'];

export const ruleCatalog: ReadonlyMap<string, Rule> = new Map(list.map((r) => [r.id, r]));

export function isRuleId(id: string): id is RuleId {
  return ruleCatalog.has(id);
}
