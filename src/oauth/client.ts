import { constants } from 'node:buffer';
import { readFileSync } from 'node:fs';
import * as oauth from 'oauth4webapi';
import type { JWK } from 'jose';
import { readBody } from '../http/body.ts';
import type { AspspClient } from '../http/client.ts';
import { sendPatiently } from '../http/availability.ts';
import type { AspspRequest, Exchange } from '../http/types.ts';
import type { OAuthProfile } from '../profile/types.ts';

export const METADATA_PATH = '/.well-known/oauth-authorization-server';

/** One call to the token or revocation endpoint: what was sent and answered (for evidence and expect steps), and what it gave. */
export interface TokenCall {
  readonly exchange?: Exchange;
  readonly tokens?: oauth.TokenEndpointResponse;
  /** The OAuth error (RFC 6749 §5.2) or why the answer could not be used. */
  readonly error?: string;
}

/** What the TPP needs to start one authorisation request and finish it. */
export interface AuthorizationRequest {
  readonly url: string;
  readonly state: string;
  readonly verifier: string;
  readonly redirectUri: string;
}

export interface AuthorizationOptions {
  readonly scope: string;
  /** 'none' leaves code_challenge out; 'wrong' sends the challenge of another verifier. */
  readonly pkce?: 'S256' | 'none' | 'wrong';
  readonly state?: string;
  readonly redirectUri?: string;
  /** Extra parameters, e.g. consentId for OAuth SCA. */
  readonly extra?: Readonly<Record<string, string>>;
}

/**
 * The headers of a body handed over decoded, its media type spelled as the OAuth library compares
 * it: the library takes `Content-Encoding` and `Content-Length` as they stand and matches the media
 * type by string equality, while a bank may compress (RFC 9110 §8.4; the harness sends no
 * Accept-Encoding, which leaves the coding to the bank, §12.5.3) and spell the type in any case
 * with spaces before its parameters (§8.3.1). The evidence keeps what the bank sent.
 */
function asDecoded(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'content-encoding' || name === 'content-length') continue;
    if (name !== 'content-type') out[name] = value;
    else {
      const [type = '', ...params] = value.split(';');
      out[name] = [type.trim().toLowerCase(), ...params.map((p) => p.trim())].join('; ');
    }
  }
  return out;
}

/** The issuer whose RFC 8414 metadata lives at `url` (an scaOAuth link), or undefined when it is not a metadata URL. */
export function issuerOfMetadataUrl(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const u = new URL(url);
  if (!u.pathname.startsWith(METADATA_PATH)) return undefined;
  return `${u.origin}${u.pathname.slice(METADATA_PATH.length)}`;
}

/**
 * The TPP's side of OAuth2 (authorization code with PKCE): discovery, authorisation URL, token,
 * refresh and revocation requests, all through the harness's one HTTP client (the profile's TLS,
 * time budgets), so every call is evidence like any other exchange.
 */
export function createOAuthClient(profile: OAuthProfile, http: AspspClient, { baseUrl, signal, retryAfterMs }: { baseUrl: string; signal?: AbortSignal; retryAfterMs?: number | undefined }) {
  const client: oauth.Client = { client_id: profile.clientId };
  let last: Exchange | undefined;

  const fetchVia = async (url: string, options: oauth.CustomFetchOptions<string, unknown>): Promise<Response> => {
    const body = options.body === undefined || options.body === null ? undefined : String(options.body);
    const request: AspspRequest = { method: options.method, url, headers: { ...options.headers }, ...(body === undefined ? {} : { body }) };
    // An authorisation server that cannot serve now is asked again like the API (AspspUnavailableError after).
    const response = await sendPatiently((req) => http.send(req, signal ? { signal } : {}), request, { ...(signal ? { signal } : {}), maxWaitMs: retryAfterMs });
    last = { request, response };
    const status = response.status;
    const nullBody = status === 204 || status === 304 || (status >= 300 && status < 400);
    return new Response(nullBody ? null : new Uint8Array(readBody(response.bytes, response.headers, constants.MAX_LENGTH).decoded) /* its size was bounded as it was read */, { status, headers: asDecoded(response.headers) });
  };
  const options = { [oauth.customFetch]: fetchVia, [oauth.allowInsecureRequests]: true } as const;

  let serverOf: Promise<oauth.AuthorizationServer> | undefined;
  const discover = (issuer: string) =>
    oauth.discoveryRequest(new URL(issuer), { algorithm: 'oauth2', ...options }).then((res) => oauth.processDiscoveryResponse(new URL(issuer), res));

  /** The bank's authorisation server: from the profile's endpoints, else discovered once from its issuer. */
  function server(issuer?: string): Promise<oauth.AuthorizationServer> {
    if (issuer !== undefined) return discover(issuer);
    if (profile.endpoints) {
      const e = profile.endpoints;
      return Promise.resolve({ issuer: e.issuer ?? new URL(e.authorization).origin, authorization_endpoint: e.authorization, token_endpoint: e.token, ...(e.revocation ? { revocation_endpoint: e.revocation } : {}) });
    }
    // Without an issuer, the bank's API origin is taken to be its authorisation server too.
    serverOf ??= discover(profile.issuer ?? new URL(baseUrl).origin);
    return serverOf;
  }

  async function clientAuth(): Promise<oauth.ClientAuth> {
    const method = profile.clientAuth ?? (profile.clientSecret ? 'client_secret_basic' : 'none');
    if (method === 'none') return oauth.None();
    if (method === 'private_key_jwt') {
      if (!profile.privateKey) throw new Error('oauth.clientAuth is private_key_jwt but oauth.privateKey is not set');
      const jwk = JSON.parse(readFileSync(profile.privateKey, 'utf8')) as JWK;
      // jose only for private_key_jwt, loaded then: most profiles authenticate with a secret.
      const { importJWK } = await import('jose');
      const key = (await importJWK(jwk, jwk.alg ?? 'ES256')) as oauth.PrivateKey['key'];
      return oauth.PrivateKeyJwt(jwk.kid === undefined ? { key } : { key, kid: jwk.kid });
    }
    if (!profile.clientSecret) throw new Error(`oauth.clientAuth is ${method} but oauth.clientSecret is not set`);
    return method === 'client_secret_post' ? oauth.ClientSecretPost(profile.clientSecret) : oauth.ClientSecretBasic(profile.clientSecret);
  }

  /** Runs one token-endpoint call; an OAuth error answer is a result, not an exception. */
  async function tokenCall(send: () => Promise<Response>, process: (res: Response) => Promise<oauth.TokenEndpointResponse>): Promise<TokenCall> {
    last = undefined;
    const response = await send();
    try {
      return { exchange: last, tokens: await process(response) };
    } catch (e) {
      if (e instanceof oauth.ResponseBodyError) return { exchange: last, error: e.error };
      return { exchange: last, error: e instanceof Error ? e.message : String(e) };
    }
  }

  return {
    server,

    async authorizationRequest(as: oauth.AuthorizationServer, opts: AuthorizationOptions): Promise<AuthorizationRequest> {
      if (!as.authorization_endpoint) throw new Error('the authorisation server names no authorization_endpoint');
      const verifier = oauth.generateRandomCodeVerifier();
      const state = opts.state ?? oauth.generateRandomState();
      const redirectUri = opts.redirectUri ?? profile.redirectUri;
      const url = new URL(as.authorization_endpoint);
      const q = url.searchParams;
      q.set('response_type', 'code');
      q.set('client_id', profile.clientId);
      q.set('redirect_uri', redirectUri);
      q.set('scope', opts.scope);
      q.set('state', state);
      const pkce = opts.pkce ?? 'S256';
      if (pkce !== 'none') {
        q.set('code_challenge', await oauth.calculatePKCECodeChallenge(pkce === 'wrong' ? oauth.generateRandomCodeVerifier() : verifier));
        q.set('code_challenge_method', 'S256');
      }
      for (const [k, v] of Object.entries(opts.extra ?? {})) q.set(k, v);
      return { url: url.href, state, verifier, redirectUri };
    },

    /** Exchanges the code the browser came back with; `verifier: undefined` sends none. */
    async exchange(as: oauth.AuthorizationServer, returned: URL, request: AuthorizationRequest, verifier: string | undefined): Promise<TokenCall> {
      const auth = await clientAuth();
      let params: URLSearchParams;
      try {
        // The state is a rule of its own (judged by the caller's expect steps), so it is not checked twice here.
        params = oauth.validateAuthResponse(as, client, returned, oauth.skipStateCheck);
      } catch (e) {
        return { error: `the authorisation response cannot be used: ${e instanceof Error ? e.message : String(e)}` };
      }
      return tokenCall(
        () => oauth.authorizationCodeGrantRequest(as, client, auth, params, request.redirectUri, verifier ?? oauth.nopkce, options),
        (res) => oauth.processAuthorizationCodeResponse(as, client, res),
      );
    },

    async refresh(as: oauth.AuthorizationServer, refreshToken: string): Promise<TokenCall> {
      const auth = await clientAuth();
      return tokenCall(() => oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, options), (res) => oauth.processRefreshTokenResponse(as, client, res));
    },

    async revoke(as: oauth.AuthorizationServer, token: string): Promise<TokenCall> {
      const auth = await clientAuth();
      last = undefined;
      const res = await oauth.revocationRequest(as, client, auth, token, options);
      try {
        await oauth.processRevocationResponse(res);
        return { exchange: last };
      } catch (e) {
        return { exchange: last, error: e instanceof oauth.ResponseBodyError ? e.error : e instanceof Error ? e.message : String(e) };
      }
    },
  };
}

export type OAuthClient = ReturnType<typeof createOAuthClient>;
export type { AuthorizationServer } from 'oauth4webapi';
