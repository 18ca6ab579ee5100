import type { AspspClient, SendOptions } from '../http/client.ts';
import type { AspspRequest, AspspResponse } from '../http/types.ts';
import type { Profile } from '../profile/types.ts';
import type { ScaDriver } from '../sca/types.ts';
import { interpolate } from '../plan/interpolate.ts';
import { authorizeInBrowser } from './authorize.ts';
import { createOAuthClient, type AuthorizationServer } from './client.ts';

export type Service = 'ais' | 'pis' | 'piis';

/** The service of an API path (relative to the profile's baseUrl), i.e. which scope its token needs. */
export function serviceOfPath(path: string): Service | undefined {
  if (/^\/v\d+\/(consents\/confirmation-of-funds|funds-confirmations)(\/|$|\?)/.test(path)) return 'piis';
  if (/^\/v\d+\/(consents|accounts|card-accounts)(\/|$|\?)/.test(path)) return 'ais';
  if (/^\/v\d+\/(payments|bulk-payments|periodic-payments|signing-baskets)(\/|$|\?)/.test(path)) return 'pis';
  return undefined;
}

interface Held {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Wall-clock time after which the token is renewed before use. */
  readonly renewAt: number;
  readonly server: AuthorizationServer;
}

/** Renew this long before the bank says a token expires. */
const MARGIN_MS = 30_000;

export class ApiTokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiTokenError';
  }
}

/**
 * Access tokens for the API when the profile says it needs them (`oauth.api: true`): one per
 * service, obtained on first use (the PSU logs in on the bank's OAuth pages, the profile's approve
 * script), refreshed before it expires, and renewed when the bank says it has expired. Every token
 * value is handed to `conceal` before it is used, so no report shows it.
 */
export function createApiTokens(profile: Profile, http: AspspClient, sca: ScaDriver, conceal: (secret: string) => void) {
  const oauthProfile = profile.oauth;
  const held = new Map<Service, Promise<Held>>();

  async function obtain(service: Service): Promise<Held> {
    if (!oauthProfile) throw new ApiTokenError(`profile ${profile.name} has no oauth: section`);
    const client = createOAuthClient(oauthProfile, http, { baseUrl: profile.baseUrl, retryAfterMs: profile.timeouts?.retryAfter });
    const server = await client.server();
    const request = await client.authorizationRequest(server, { scope: oauthProfile.scopes?.[service] ?? service.toUpperCase() });
    conceal(request.verifier);
    const scope = { vars: { psu: profile.psu, tpp: profile.tpp }, now: new Date() };
    const result = await authorizeInBrowser(sca, request.url, [request.redirectUri], oauthProfile.scripts.approve, {
      resolveValue: (template) => String(interpolate(template, scope)),
      page: async (_action, act) => void (await act()),
    });
    if (!result.returnedTo) throw new ApiTokenError(`the PSU's OAuth login for the ${service.toUpperCase()} token did not return to ${request.redirectUri}: ${result.where}`);
    const code = new URL(result.returnedTo).searchParams.get('code');
    if (code) conceal(code);
    return keep(server, await client.exchange(server, new URL(result.returnedTo), request, request.verifier), service);
  }

  async function renew(service: Service, old: Held): Promise<Held> {
    if (!oauthProfile || !old.refreshToken) return obtain(service);
    const client = createOAuthClient(oauthProfile, http, { baseUrl: profile.baseUrl, retryAfterMs: profile.timeouts?.retryAfter });
    const call = await client.refresh(old.server, old.refreshToken);
    return call.tokens ? keep(old.server, call, service) : obtain(service);
  }

  function keep(server: AuthorizationServer, call: Awaited<ReturnType<ReturnType<typeof createOAuthClient>['refresh']>>, service: Service): Held {
    if (!call.tokens) throw new ApiTokenError(`the token endpoint gave no ${service.toUpperCase()} token: ${call.error ?? 'no answer'}`);
    conceal(call.tokens.access_token);
    if (call.tokens.refresh_token) conceal(call.tokens.refresh_token);
    const lifetime = (call.tokens.expires_in ?? 300) * 1000;
    return {
      accessToken: call.tokens.access_token,
      ...(call.tokens.refresh_token ? { refreshToken: call.tokens.refresh_token } : {}),
      renewAt: Date.now() + Math.max(lifetime - MARGIN_MS, lifetime / 2),
      server,
    };
  }

  return {
    /** The token for a service, renewed when it is about to expire or `stale` (the bank refused it as expired). */
    async tokenFor(service: Service, stale?: string): Promise<string> {
      let current = held.get(service);
      const value = current && (await current.catch(() => undefined));
      if (!current || !value || value.renewAt <= Date.now() || value.accessToken === stale) {
        current = value ? renew(service, value) : obtain(service);
        held.set(service, current);
        current.catch(() => held.delete(service));
      }
      return (await current).accessToken;
    },
  };
}

export type ApiTokens = ReturnType<typeof createApiTokens>;

function expired(response: AspspResponse): boolean {
  if (response.status !== 401) return false;
  const text = response.text;
  return text.includes('TOKEN_EXPIRED');
}

/**
 * The HTTP client every step uses, adding `Authorization: Bearer …` for the request's service to
 * each API request that does not carry one already. A token the bank calls expired is renewed and
 * the request sent once more.
 */
export function withBearer(client: AspspClient, profile: Profile, tokens: ApiTokens): AspspClient {
  const base = profile.baseUrl.replace(/\/$/, '');
  const basePath = new URL(base).pathname.replace(/\/$/, '');
  const serviceOf = (req: AspspRequest): Service | undefined => {
    if (!req.url.startsWith(base) || Object.keys(req.headers).some((h) => h.toLowerCase() === 'authorization')) return undefined;
    return serviceOfPath(new URL(req.url).pathname.slice(basePath.length));
  };
  return {
    async send(req: AspspRequest, options?: SendOptions): Promise<AspspResponse> {
      const service = serviceOf(req);
      if (!service) return client.send(req, options);
      let token: string;
      try {
        token = await tokens.tokenFor(service);
      } catch (e) {
        // No token: the request goes without, and the bank's 401 tells the case why (credentials, not the bank's fault).
        console.error(`[oauth] ${e instanceof Error ? e.message : String(e)}`);
        return client.send(req, options);
      }
      const response = await client.send({ ...req, headers: { ...req.headers, Authorization: `Bearer ${token}` } }, options);
      if (!expired(response)) return response;
      const fresh = await tokens.tokenFor(service, token);
      return client.send({ ...req, headers: { ...req.headers, Authorization: `Bearer ${fresh}` } }, options);
    },
    close: () => client.close(),
  };
}
