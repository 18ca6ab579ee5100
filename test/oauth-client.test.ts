import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { startSandbox } from '../src/sandbox/server.ts';
import { createAspspClient } from '../src/http/client.ts';
import { createOAuthClient } from '../src/oauth/client.ts';
import type { OAuthProfile, Profile } from '../src/profile/types.ts';
import { tempDir } from './helpers/cli.ts';

/**
 * The harness's OAuth client against the reference ASPSP's authorisation server, the PSU's pages
 * driven with plain HTTP: discovery, PKCE, the code exchange with private_key_jwt, refresh with
 * rotation, revocation.
 */

const REDIRECT = 'https://tpp.localhost/callback/ok';

/** The PSU on the bank's OAuth pages, as a browser would (cookies kept per path), up to the redirect back. */
async function loginAndApprove(authorizeUrl: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizeUrl;
  let method = 'GET';
  let body: string | undefined;
  const forms = [
    'action=login&username=PSU-1001&password=Sandbox-Pass-7319',
    'otp=583021',
    'decision=approve',
  ];
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { cookie: [...jar.entries()].map(([k, v]) => `${k}=${v}`).join('; '), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(body ? { body } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      jar.set(k!, v ?? '');
    }
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(REDIRECT)) return next;
      url = next.href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    assert.ok(action, `no form on ${url}: ${html.slice(0, 200)}`);
    url = new URL(action, url).href;
    method = 'POST';
    body = forms.shift();
  }
  throw new Error('no redirect back to the client');
}

test('private_key_jwt, PKCE, refresh rotation and revocation through the harness client', async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'tpp-1', alg: 'ES256' };
  const pub = { ...(await exportJWK(publicKey)), kid: 'tpp-1', alg: 'ES256', use: 'sig' };
  const dir = tempDir('psd2-oauth-client-');
  const keyFile = join(dir, 'client.jwk');
  writeFileSync(keyFile, JSON.stringify(jwk));

  const bank = await startSandbox({ port: 0, oauth: { clients: [{ clientId: 'tpp-jwt', redirectUris: [REDIRECT], authMethod: 'private_key_jwt', jwks: [pub] }] } });
  const oauthProfile: OAuthProfile = { clientId: 'tpp-jwt', clientAuth: 'private_key_jwt', privateKey: keyFile, redirectUri: REDIRECT, scripts: { approve: [] } };
  const http = createAspspClient({ baseUrl: bank.url, timeouts: { request: 10_000 } } as unknown as Profile);
  try {
    const client = createOAuthClient(oauthProfile, http, { baseUrl: bank.url });
    const server = await client.server();
    assert.equal(server.issuer, bank.url);
    const request = await client.authorizationRequest(server, { scope: 'AIS', state: 'st-1' });
    const back = await loginAndApprove(request.url);
    assert.equal(back.searchParams.get('state'), 'st-1');

    const first = await client.exchange(server, back, request, request.verifier);
    assert.equal(first.error, undefined);
    assert.equal(first.tokens?.token_type, 'bearer');
    assert.ok(first.tokens?.refresh_token);
    assert.match(first.exchange?.request.body ?? '', /client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer/);

    const use = (token: string) => fetch(`${bank.url}/v1/consents/unknown/status`, { headers: { 'X-Request-ID': crypto.randomUUID(), Authorization: `Bearer ${token}` } });
    assert.equal((await use(first.tokens!.access_token)).status, 403, 'a valid token passes the token check (the consent is what is unknown)');
    const second = await client.refresh(server, first.tokens!.refresh_token!);
    assert.ok(second.tokens?.access_token, second.error);
    assert.notEqual(second.tokens!.refresh_token, first.tokens!.refresh_token, 'rotated');
    assert.equal((await use(second.tokens!.access_token)).status, 403);
    const replay = await client.refresh(server, first.tokens!.refresh_token!);
    assert.equal(replay.error, 'invalid_grant');

    // Another grant, revoked.
    const again = await client.authorizationRequest(server, { scope: 'AIS' });
    const other = await client.exchange(server, await loginAndApprove(again.url), again, again.verifier);
    assert.equal((await use(other.tokens!.access_token)).status, 403);
    const revoked = await client.revoke(server, other.tokens!.access_token);
    assert.equal(revoked.exchange?.response.status, 200);
    assert.equal((await use(other.tokens!.access_token)).status, 401, 'a revoked token is refused');
  } finally {
    await http.close();
    await bank.close();
  }
});

test('discovery reads metadata in any legal shape: gzip without Accept-Encoding (RFC 9110 §12.5.3), media type in other case with parameters', async () => {
  const shapes = [
    { encoding: 'gzip', type: 'application/json' },
    { encoding: undefined, type: 'Application/JSON ; Charset="UTF-8"' },
    { encoding: 'gzip', type: 'application/json;charset=utf-8' },
  ];
  for (const shape of shapes) {
    const server = createServer((req, res) => {
      const origin = `http://${req.headers.host}`;
      const json = Buffer.from(JSON.stringify({ issuer: origin, authorization_endpoint: `${origin}/authorize`, token_endpoint: `${origin}/token` }));
      const body = shape.encoding ? gzipSync(json) : json;
      res.writeHead(200, { 'Content-Type': shape.type, 'Content-Length': body.length, ...(shape.encoding ? { 'Content-Encoding': shape.encoding } : {}) }).end(body);
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const http = createAspspClient({ baseUrl: url, timeouts: { request: 5000 } } as unknown as Profile);
    try {
      const client = createOAuthClient({ clientId: 'tpp', clientAuth: 'none', redirectUri: REDIRECT, scripts: { approve: [] } } as unknown as OAuthProfile, http, { baseUrl: url });
      const metadata = await client.server(url);
      assert.equal(metadata.token_endpoint, `${url}/token`, JSON.stringify(shape));
    } finally {
      await http.close();
      server.close();
    }
  }
});
