import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from './oidc-provider.ts';
import type { FaultName } from '../faults/catalog.ts';
import type { OAuthSettings } from './settings.ts';
import { OAUTH_PREFIX } from './provider.ts';

export const METADATA_PATH = '/.well-known/oauth-authorization-server';

export interface RouterDeps {
  readonly providerFor: (origin: string) => Provider;
  readonly interactions: (provider: Provider, req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<boolean>;
  readonly settings: OAuthSettings;
  readonly faults: ReadonlySet<FaultName>;
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The authorisation server's share of the bank's one HTTP server: /oauth/* and the RFC 8414
 * metadata. Faults sit here, in front of oidc-provider, because the library itself never breaks
 * PKCE, redirect-URI matching or state: each fault defeats one of those checks from outside.
 * Returns false for any other path.
 */
export function createOAuthRouter({ providerFor, interactions, settings, faults }: RouterDeps) {
  const registered = new Set(settings.clients.flatMap((c) => c.redirectUris));
  const isRegisteredTarget = (location: string) => [...registered].some((uri) => location.startsWith(uri));

  /** Rewrites the Location of the redirect back to the TPP, where a fault says so. */
  function rewriteReturn(res: ServerResponse): void {
    const dropped = [...(faults.has('oauth-state-not-echoed') ? ['state'] : []), ...(faults.has('oauth-deny-without-error') ? ['error', 'error_description'] : [])];
    if (!dropped.length) return;
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) => {
      if (name.toLowerCase() === 'location' && typeof value === 'string' && isRegisteredTarget(value)) {
        const url = new URL(value);
        for (const p of dropped) url.searchParams.delete(p);
        return setHeader(name, url.href);
      }
      return setHeader(name, value);
    };
  }

  return async function route(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const host = req.headers.host ?? '127.0.0.1';
    const url = new URL(req.url ?? '/', `http://${host}`);
    const isMetadata = url.pathname === METADATA_PATH || url.pathname === '/.well-known/openid-configuration';
    if (!isMetadata && url.pathname !== OAUTH_PREFIX && !url.pathname.startsWith(`${OAUTH_PREFIX}/`)) return false;
    const provider = providerFor(url.origin);
    if (await interactions(provider, req, res, url.pathname)) return true;

    if (url.pathname === METADATA_PATH) req.url = `/.well-known/openid-configuration${url.search}`;
    if (url.pathname === `${OAUTH_PREFIX}/authorize`) {
      const redirectUri = url.searchParams.get('redirect_uri');
      if (faults.has('oauth-redirect-uri-unchecked') && redirectUri && !registered.has(redirectUri) && URL.canParse(redirectUri)) {
        // RFC 6749 §4.1.2.1 forbids this: the error goes to a URI the client never registered.
        const target = new URL(redirectUri);
        target.searchParams.set('error', 'invalid_request');
        const state = url.searchParams.get('state');
        if (state !== null) target.searchParams.set('state', state);
        res.writeHead(302, { Location: target.href }).end();
        return true;
      }
      if (faults.has('oauth-pkce-not-verified')) {
        url.searchParams.delete('code_challenge');
        url.searchParams.delete('code_challenge_method');
        req.url = `${url.pathname}${url.search}`;
      }
    }
    if (url.pathname === `${OAUTH_PREFIX}/token` && req.method === 'POST' && faults.has('oauth-pkce-not-verified')) {
      const form = new URLSearchParams(await readText(req));
      form.delete('code_verifier');
      // oidc-provider reads an already consumed body from req.body.
      (req as IncomingMessage & { body?: string }).body = form.toString();
    }
    rewriteReturn(res);
    await provider.callback()(req, res);
    return true;
  };
}
