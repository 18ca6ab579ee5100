/** A TPP registered at the reference ASPSP's authorisation server. */
export interface OAuthClient {
  readonly clientId: string;
  /** For client_secret_basic / client_secret_post. */
  readonly clientSecret?: string;
  readonly redirectUris: readonly string[];
  readonly authMethod: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
  /** For private_key_jwt: the client's public keys (JWKs). */
  readonly jwks?: readonly object[];
}

export interface OAuthSettings {
  /** Access-token lifetime on the bank's test clock (a documented bank practice: 5 minutes). */
  readonly accessTokenTtlSeconds: number;
  /** Whether /v1 refuses requests without a bearer token; a token sent anyway is always checked. */
  readonly requireToken: boolean;
  /**
   * How a token whose scope does not cover the service is refused: 'berlin-group' (401
   * TOKEN_INVALID in tppMessages), or 'oauth' (401 with an RFC 6750 error body and
   * WWW-Authenticate: error="insufficient_scope" and error_description; a documented bank practice).
   */
  readonly scopeError: 'berlin-group' | 'oauth';
  readonly clients: readonly OAuthClient[];
}

/** Test client credentials: read from the environment here and nowhere else. */
export function resolveOAuthSettings(overrides: Partial<OAuthSettings> = {}, env: NodeJS.ProcessEnv = process.env): OAuthSettings {
  const redirectUris = ['https://tpp.localhost/callback/ok', 'https://tpp.localhost/callback/nok'];
  return {
    accessTokenTtlSeconds: overrides.accessTokenTtlSeconds ?? 300,
    requireToken: overrides.requireToken ?? false,
    scopeError: overrides.scopeError ?? 'berlin-group',
    clients: overrides.clients ?? [
      { clientId: 'psd2-conformance-tpp', clientSecret: env['PSD2_SANDBOX_CLIENT_SECRET'] ?? 'Sandbox-Client-Secret-4821', redirectUris, authMethod: 'client_secret_basic' },
      { clientId: 'psd2-conformance-tpp-post', clientSecret: env['PSD2_SANDBOX_CLIENT_SECRET'] ?? 'Sandbox-Client-Secret-4821', redirectUris, authMethod: 'client_secret_post' },
    ],
  };
}

/** The one resource server: the XS2A API. Its scopes are the services. */
export const RESOURCE = 'urn:sandbox-bank:xs2a';
export const SERVICE_SCOPES = ['AIS', 'PIS', 'PIIS'] as const;
export type ServiceScope = (typeof SERVICE_SCOPES)[number];
