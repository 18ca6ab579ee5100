import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { type Configuration } from './oidc-provider.ts';
import type { FaultName } from '../faults/catalog.ts';
import { createMemoryAdapter } from './adapter.ts';
import type { TokenLedger } from './ledger.ts';
import { oauthErrorPage } from './pages.ts';
import { RESOURCE, SERVICE_SCOPES, type OAuthSettings } from './settings.ts';

/** Every endpoint lives under /oauth; the RFC 8414 metadata is served at the root (see router.ts). */
export const OAUTH_PREFIX = '/oauth';

export interface ProviderDeps {
  readonly settings: OAuthSettings;
  readonly faults: ReadonlySet<FaultName>;
  readonly ledger: TokenLedger;
}

/**
 * The factory for this sandbox's authorisation servers: one per origin the bank is reached at
 * (the issuer must equal it), all sharing one storage, so a token is the same token on either.
 */
export function createProviderFactory(deps: ProviderDeps): (origin: string) => Provider {
  const adapter = createMemoryAdapter();
  const cookieKeys = [randomBytes(32).toString('base64url')];
  const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const providers = new Map<string, Provider>();
  return (origin) => {
    let provider = providers.get(origin);
    if (!provider) {
      provider = build(origin, deps, adapter, cookieKeys, { ...signingKey, kid: 'sandbox-1', use: 'sig', alg: 'ES256' });
      providers.set(origin, provider);
    }
    return provider;
  };
}

function build(
  issuer: string,
  { settings, faults, ledger }: ProviderDeps,
  adapter: ReturnType<typeof createMemoryAdapter>,
  cookieKeys: string[],
  jwk: object,
): Provider {
  const ttl = settings.accessTokenTtlSeconds;
  const configuration: Configuration = {
    adapter,
    clients: settings.clients.map((c) => ({
      client_id: c.clientId,
      ...(c.clientSecret === undefined ? {} : { client_secret: c.clientSecret }),
      ...(c.jwks === undefined ? {} : { jwks: { keys: [...c.jwks] as never[] } }),
      redirect_uris: [...c.redirectUris],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: c.authMethod,
      id_token_signed_response_alg: 'ES256',
    })),
    cookies: { keys: cookieKeys },
    jwks: { keys: [jwk as never] },
    scopes: [...SERVICE_SCOPES, 'offline_access'],
    // OAuth SCA (Berlin Group): the authorisation request names the consent or payment it authorises.
    extraParams: ['consentId', 'paymentId'],
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: SERVICE_SCOPES.join(' '), accessTokenTTL: ttl, accessTokenFormat: 'opaque' }),
      },
    },
    // RFC 7636 / OAuth 2.1: every client uses PKCE with S256 (the only method oidc-provider offers).
    pkce: { required: () => !faults.has('oauth-pkce-not-verified') },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: !faults.has('oauth-refresh-reusable'),
    routes: {
      authorization: `${OAUTH_PREFIX}/authorize`,
      token: `${OAUTH_PREFIX}/token`,
      revocation: `${OAUTH_PREFIX}/revoke`,
      jwks: `${OAUTH_PREFIX}/jwks`,
      userinfo: `${OAUTH_PREFIX}/userinfo`,
      end_session: `${OAUTH_PREFIX}/logout`,
      introspection: `${OAUTH_PREFIX}/introspect`,
      pushed_authorization_request: `${OAUTH_PREFIX}/par`,
      registration: `${OAUTH_PREFIX}/register`,
      device_authorization: `${OAUTH_PREFIX}/device`,
      code_verification: `${OAUTH_PREFIX}/device/verify`,
      backchannel_authentication: `${OAUTH_PREFIX}/backchannel`,
    },
    interactions: { url: (_ctx, interaction) => `${OAUTH_PREFIX}/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    ttl: { AccessToken: ttl, AuthorizationCode: 120, RefreshToken: 86_400, Interaction: 3_600, Session: 3_600, Grant: 86_400, IdToken: 3_600 },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = oauthErrorPage(`${out['error'] ?? 'error'}: ${out['error_description'] ?? ''}`);
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.proxy = false;
  const record = (token: { jti: string; grantId?: string; scope?: string; gty?: string }) => {
    if (token.grantId) ledger.issue(token.jti, token.grantId, token.scope ?? '', token.gty?.includes('refresh_token') ?? false);
  };
  provider.on('access_token.saved', record);
  provider.on('access_token.issued', record);
  provider.on('server_error', (_ctx, err) => console.error(`[sandbox] oauth server error: ${err.message}`));
  return provider;
}
