import type { Context, MiddlewareHandler } from 'hono';
import type Provider from './oidc-provider.ts';
import { BgError } from '../errors.ts';
import type { FaultName } from '../faults/catalog.ts';
import type { SandboxEnv } from '../http/env.ts';
import type { TokenLedger } from './ledger.ts';
import type { OAuthSettings, ServiceScope } from './settings.ts';

/** The service a /v1 path belongs to, i.e. the scope a token needs for it. */
export function serviceOf(path: string): ServiceScope | undefined {
  if (/^\/v1\/(consents\/confirmation-of-funds|funds-confirmations)(\/|$)/.test(path)) return 'PIIS';
  if (/^\/v1\/(consents|accounts|card-accounts)(\/|$)/.test(path)) return 'AIS';
  if (/^\/v1\/(payments|bulk-payments|periodic-payments)(\/|$)/.test(path)) return 'PIS';
  return undefined;
}

/** The consent a request acts on: in its path, else in its Consent-ID header. */
function consentOf(path: string, consentHeader: string | undefined): string | undefined {
  const m = /^\/v1\/consents\/(?!confirmation-of-funds(?:\/|$))([^/]+)/.exec(path);
  return m ? decodeURIComponent(m[1]!) : consentHeader;
}

/** The payment a request acts on: the id after /v1/{payment-service}/{payment-product}/. */
function paymentOf(path: string): string | undefined {
  const m = /^\/v1\/(?:payments|bulk-payments|periodic-payments)\/[^/]+\/([^/]+)/.exec(path);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

const invalid = (text: string) => new BgError(401, 'TOKEN_INVALID', text);

/**
 * The gateway style of some banks: an RFC 6750 error instead of a Berlin Group one. The status
 * stays 401 (RFC 6750 §3.1 would say 403 for insufficient_scope); the body has no tppMessages.
 */
function insufficientScope(c: Context<SandboxEnv>, service: ServiceScope, text: string): Response {
  c.header('WWW-Authenticate', `Bearer realm="xs2a", error="insufficient_scope", error_description="${text}", scope="${service}"`);
  return c.json({ error: 'insufficient_scope', error_description: text }, 401);
}

export interface ProtectDeps {
  readonly settings: OAuthSettings;
  readonly faults: ReadonlySet<FaultName>;
  readonly ledger: TokenLedger;
  /** Any of the bank's authorisation servers: they share one storage. */
  readonly provider: (origin: string) => Provider;
}

/**
 * Bearer tokens on /v1: checked whenever a request carries one, required when the bank is set
 * up so. Expiry is judged on the bank's test clock (the token's grant's time), not the library's.
 */
export function protectApi({ settings, faults, ledger, provider }: ProtectDeps): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    if (header === undefined) {
      if (settings.requireToken) {
        c.header('WWW-Authenticate', 'Bearer realm="xs2a"');
        throw invalid('This API needs an OAuth2 access token (Authorization: Bearer).');
      }
      return next();
    }
    const value = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim())?.[1];
    if (value === undefined) throw invalid('The Authorization header is not a bearer token.');
    if (faults.has('oauth-valid-token-refused')) throw invalid('The access token is not known or was revoked.');
    const origin = new URL(c.req.url).origin;
    const token = await provider(origin).AccessToken.find(value, { ignoreExpiration: true });
    const issued = ledger.find(value);
    const revokedButAccepted = !token && issued && faults.has('oauth-revocation-ignored');
    if ((!token || !issued) && !revokedButAccepted && !faults.has('oauth-unknown-token-accepted')) {
      throw invalid('The access token is not known or was revoked.');
    }
    if (issued) {
      const expired = ledger.now(issued.grantId) >= issued.issuedAt + settings.accessTokenTtlSeconds * 1000;
      if (expired && !faults.has('oauth-token-never-expires')) {
        throw new BgError(401, faults.has('oauth-expired-wrong-code') ? 'TOKEN_INVALID' : 'TOKEN_EXPIRED', 'The access token has expired.');
      }
      if (issued.refreshed && faults.has('oauth-refreshed-token-refused')) throw invalid('The access token is not known or was revoked.');
      const service = serviceOf(c.req.path);
      if (service && !issued.scopes.has(service) && !faults.has('oauth-scope-not-enforced')) {
        const text = `The access token's scope does not cover ${service}.`;
        if (settings.scopeError === 'oauth') return insufficientScope(c, service, text);
        throw invalid(text);
      }
      const bound = ledger.boundTo(issued.grantId);
      const acted = bound?.kind === 'payment' ? paymentOf(c.req.path) : consentOf(c.req.path, c.req.header('Consent-ID'));
      if (bound !== undefined && acted !== undefined && acted !== bound.id && !faults.has('oauth-token-binding-ignored')) {
        throw invalid(`The access token was issued for another ${bound.kind}.`);
      }
    }
    return next();
  };
}
