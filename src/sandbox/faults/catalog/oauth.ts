import type { Fault } from './fault.ts';

/** Faults that break requirements of OAuth2: authorisation requests and access tokens. */
export const oauthFaults = [
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
] as const satisfies readonly Fault[];
