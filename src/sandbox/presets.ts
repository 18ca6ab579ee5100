import type { OAuthSettings } from './oauth/settings.ts';
import type { BankSettings } from './store/state.ts';

/**
 * Named bank personalities: documented practices of real ASPSPs, reproduced by the reference
 * ASPSP (`sandbox --preset NAME`). Each has a matching profile under fixtures/aspsps/. Choices
 * that deviate from the standard are declared here, with the rule they touch; the profile lists
 * the same rules under `deviations:`.
 */
export interface Preset {
  readonly name: string;
  readonly description: string;
  readonly settings?: Partial<BankSettings>;
  /** The authorisation server: whether the API needs a token, its lifetime, how scope errors read. */
  readonly oauth?: Partial<Omit<OAuthSettings, 'clients'>>;
  /** Admission by client certificate (QWAC) only: needs the HTTPS listener (--tls-dir). */
  readonly requireClientCert?: boolean;
  readonly requireSignature?: boolean;
  /** The matching profile, relative to the repository root. */
  readonly profile: string;
  /** Where this bank's choice departs from the standard (RTS or IG), and the rule that sees it. */
  readonly deviations: readonly { readonly rule: string; readonly text: string }[];
}

export const presets: readonly Preset[] = [
  {
    name: 'consent-180-days',
    description: 'Consents capped at 180 days (validUntil 9999-12-31 and longer dates shortened); after that a new consent with a new SCA (RTS Art. 10a renewal).',
    settings: { maxConsentDays: 180 },
    profile: 'fixtures/aspsps/preset-consent-180-days.yaml',
    deviations: [],
  },
  {
    name: 'consent-12-months',
    description: 'Consents up to 12 months, access by client certificate (QWAC) only: no request signing.',
    settings: { maxConsentDays: 365 },
    requireClientCert: true,
    profile: 'fixtures/aspsps/preset-consent-12-months.yaml',
    deviations: [
      {
        rule: 'AIS-CONSENT-VALIDUNTIL-CAP',
        text: 'consents last up to 365 days without a renewed SCA, beyond the 180 days of RTS Art. 10a (a practice for non-PSD2 direct access)',
      },
    ],
  },
  {
    name: 'access-blocked',
    description: 'PSD2 access is blocked until the account holder enables it (POST /test/psu/{psuId}/psd2-access); until then the SCA page shows an error after login and the consent is rejected.',
    settings: { psd2AccessBlocked: true },
    profile: 'fixtures/aspsps/preset-access-blocked.yaml',
    deviations: [
      {
        rule: 'SCA-REDIRECT-OK',
        text: 'a PSU without PSD2 access ends on the bank\'s error page (HTTP 403) instead of being sent back to the TPP; the run fails SCA-REDIRECT-OK quoting the page',
      },
    ],
  },
  {
    name: 'oauth-5-minutes',
    description:
      'OAuth2 authorization code flow with PKCE (S256) in front of the API: every request needs a bearer token, valid 5 minutes; ' +
      'transactions older than 90 days only within 5 minutes after the consent\'s SCA; PIIS consents valid until 9999-12-31.',
    settings: { freshScaMs: 5 * 60_000 },
    oauth: { requireToken: true, accessTokenTtlSeconds: 300 },
    profile: 'fixtures/aspsps/preset-oauth-5-minutes.yaml',
    deviations: [],
  },
  {
    name: 'oauth-scoped',
    description:
      'OAuth2 in front of the API with one scope per service (AIS, PIS, PIIS): a request outside the token\'s scope is refused with 401 and an OAuth error ' +
      '(error insufficient_scope with an error_description, in the body and in WWW-Authenticate) instead of a Berlin Group TOKEN_INVALID.',
    oauth: { requireToken: true, scopeError: 'oauth' },
    profile: 'fixtures/aspsps/preset-oauth-scoped.yaml',
    deviations: [
      {
        rule: 'OAUTH-SCOPE',
        text: 'a token outside its scope is refused with 401 and an RFC 6750 error body (insufficient_scope, error_description) without the Berlin Group message code TOKEN_INVALID; RFC 6750 §3.1 itself would answer insufficient_scope with 403',
      },
    ],
  },
  {
    name: 'widget-accounts',
    description:
      'Widget-style redirect: the TPP asks for a consent without accounts (bank-offered) and the PSU selects the accounts to share on the bank\'s page, ' +
      'where none is ticked at first; the consent then shows the chosen accounts.',
    settings: { offeredAccountsTicked: false },
    profile: 'fixtures/aspsps/preset-widget-accounts.yaml',
    deviations: [],
  },
  {
    name: 'explicit-start',
    description:
      'Explicit start of the authorisation (an implementer option of the IG): consent creation and payment initiation link startAuthorisation instead of scaRedirect (decoupled: instead of scaStatus); ' +
      'the TPP\'s POST on that link opens the authorisation and answers with its scaRedirect link (decoupled: its scaStatus link, the bank\'s app asking the PSU).',
    settings: { authorisationStart: 'explicit' },
    profile: 'fixtures/aspsps/preset-explicit-start.yaml',
    deviations: [],
  },
];

export function findPreset(name: string): Preset | undefined {
  return presets.find((p) => p.name === name);
}
