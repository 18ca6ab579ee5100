import type { Rule } from '../types.ts';

/** Requirements of OAuth2: authorisation requests and access tokens. */
export const oauthRules = [
  {
    id: 'OAUTH-TOKEN-ACCEPTED',
    title: 'A valid access token with the service\'s scope is accepted by the API',
    sources: [{ doc: 'RFC', ref: 'RFC 6750 §2.1' }, { doc: 'PROFILE', ref: 'oauth (the API needs a bearer token)' }],
  },
  {
    id: 'OAUTH-PKCE',
    title: 'The authorisation server enforces PKCE (S256): an authorisation request without code_challenge is refused, and a code is exchanged only with its code_verifier',
    sources: [{ doc: 'RFC', ref: 'RFC 7636 §4.4.1, §4.6' }, { doc: 'PROFILE', ref: 'oauth (the bank requires PKCE)' }],
  },
  {
    id: 'OAUTH-REDIRECT-URI',
    title: 'An authorisation request with a redirect_uri the client did not register is refused on the authorisation server\'s own page, never redirected',
    sources: [{ doc: 'RFC', ref: 'RFC 6749 §3.1.2.4, §4.1.2.1' }],
  },
  {
    id: 'OAUTH-STATE',
    title: 'The redirect back to the client carries the state the client sent, unchanged',
    sources: [{ doc: 'RFC', ref: 'RFC 6749 §4.1.2, §4.1.2.1' }],
  },
  {
    id: 'OAUTH-DENY',
    title: 'When the PSU denies, cancels or fails the login, the browser returns to the client\'s redirect_uri with error=access_denied',
    sources: [{ doc: 'RFC', ref: 'RFC 6749 §4.1.2.1' }],
  },
  {
    id: 'OAUTH-REFRESH',
    title: 'A refresh token gives a new access token, which the API accepts',
    sources: [{ doc: 'RFC', ref: 'RFC 6749 §6' }],
  },
  {
    id: 'OAUTH-REFRESH-ROTATION',
    title: 'A refresh token that was rotated is refused when used again (invalid_grant)',
    sources: [{ doc: 'RFC', ref: 'RFC 9700 §4.14.2 (refresh token rotation)' }, { doc: 'PROFILE', ref: 'oauth (the bank rotates refresh tokens)' }],
  },
  {
    id: 'OAUTH-TOKEN-EXPIRY',
    title: 'An access token past its lifetime is refused with 401',
    sources: [{ doc: 'RFC', ref: 'RFC 6750 §3.1 (invalid_token)' }, { doc: 'PROFILE', ref: 'the access-token lifetime (the reference ASPSP: 5 minutes)' }],
  },
  {
    id: 'OAUTH-TOKEN-EXPIRED-CODE',
    title: 'An expired access token is refused with the message code TOKEN_EXPIRED',
    sources: [{ doc: 'IG', ref: 'HTTP return codes and additional error information: TOKEN_EXPIRED' }],
  },
  {
    id: 'OAUTH-TOKEN-INVALID',
    title: 'A bearer token the bank never issued is refused with 401 TOKEN_INVALID (or TOKEN_UNKNOWN)',
    sources: [{ doc: 'IG', ref: 'HTTP return codes and additional error information: TOKEN_INVALID, TOKEN_UNKNOWN' }, { doc: 'RFC', ref: 'RFC 6750 §3.1' }],
  },
  {
    id: 'OAUTH-TOKEN-REVOKED',
    title: 'A revoked access token is refused with 401',
    sources: [{ doc: 'RFC', ref: 'RFC 7009 §2.2' }, { doc: 'IG', ref: 'HTTP return codes: TOKEN_INVALID' }],
  },
  {
    id: 'OAUTH-SCOPE',
    title: 'A token whose scope does not cover the service is refused with 401 TOKEN_INVALID',
    sources: [{ doc: 'RFC', ref: 'RFC 6750 §3.1 (insufficient_scope)' }, { doc: 'IG', ref: 'HTTP return codes: TOKEN_INVALID' }],
  },
  {
    id: 'OAUTH-TOKEN-BINDING',
    title: 'A token issued by the OAuth SCA of one consent (or payment) is refused for another consent (or payment)',
    sources: [{ doc: 'IG', ref: 'OAuth SCA approach: the token is bound to the consent' }, { doc: 'IG', ref: 'HTTP return codes: TOKEN_INVALID' }],
  },
] as const satisfies readonly Rule[];
