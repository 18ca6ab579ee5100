import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createApp, startSandbox } from '../src/sandbox/server.ts';

/** The reference ASPSP's authorisation server and token checks, over HTTP, without a browser. */

const AUTHORIZE = (base: string, extra: Record<string, string> = {}) =>
  `${base}/oauth/authorize?${new URLSearchParams({
    client_id: 'psd2-conformance-tpp',
    response_type: 'code',
    scope: 'AIS',
    redirect_uri: 'https://tpp.localhost/callback/ok',
    state: 'st/ä 1',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    ...extra,
  })}`;

test('RFC 8414 metadata: issuer, endpoints, S256 only', async () => {
  const s = await startSandbox({ port: 0 });
  try {
    const md = (await (await fetch(`${s.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    assert.equal(md['issuer'], s.url);
    assert.equal(md['authorization_endpoint'], `${s.url}/oauth/authorize`);
    assert.equal(md['token_endpoint'], `${s.url}/oauth/token`);
    assert.equal(md['revocation_endpoint'], `${s.url}/oauth/revoke`);
    assert.deepEqual(md['code_challenge_methods_supported'], ['S256']);
  } finally {
    await s.close();
  }
});

test('authorisation requests: PKCE required (error redirect with state), unregistered redirect_uri refused on the bank page, a good one reaches the login page', async () => {
  const s = await startSandbox({ port: 0 });
  try {
    const noPkce = await fetch(AUTHORIZE(s.url, { code_challenge: '', code_challenge_method: '' }).replace(/&code_challenge=&code_challenge_method=/, ''), { redirect: 'manual' });
    const back = new URL(noPkce.headers.get('location') ?? 'x:');
    assert.equal(`${back.origin}${back.pathname}`, 'https://tpp.localhost/callback/ok');
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.equal(back.searchParams.get('state'), 'st/ä 1');

    const elsewhere = await fetch(AUTHORIZE(s.url, { redirect_uri: 'https://evil.localhost/cb' }), { redirect: 'manual' });
    assert.equal(elsewhere.status, 400);
    assert.equal(elsewhere.headers.get('location'), null);

    const good = await fetch(AUTHORIZE(s.url), { redirect: 'manual' });
    assert.equal(good.status, 303);
    const login = await fetch(new URL(good.headers.get('location')!, s.url), { headers: { cookie: good.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') } });
    assert.match(await login.text(), /id="username"[\s\S]*id="password"[\s\S]*id="cancel"/);
  } finally {
    await s.close();
  }
});

test('faults defeat the authorisation server from outside: PKCE stripped, unregistered redirect followed', async () => {
  const pkce = await startSandbox({ port: 0, faults: ['oauth-pkce-not-verified'] });
  const redirect = await startSandbox({ port: 0, faults: ['oauth-redirect-uri-unchecked'] });
  try {
    const noPkce = await fetch(AUTHORIZE(pkce.url, { code_challenge: '', code_challenge_method: '' }).replace(/&code_challenge=&code_challenge_method=/, ''), { redirect: 'manual' });
    assert.equal(noPkce.status, 303);
    assert.match(noPkce.headers.get('location') ?? '', /^\/oauth\/interaction\//);
    const elsewhere = await fetch(AUTHORIZE(redirect.url, { redirect_uri: 'https://evil.localhost/cb' }), { redirect: 'manual' });
    assert.match(elsewhere.headers.get('location') ?? '', /^https:\/\/evil\.localhost\/cb\?error=invalid_request/);
  } finally {
    await pkce.close();
    await redirect.close();
  }
});

test('bearer tokens on /v1: checked when sent, required with requireToken', async () => {
  const open = createApp();
  const closed = createApp({ oauth: { requireToken: true } });
  const headers = { 'X-Request-ID': randomUUID(), 'PSU-IP-Address': '192.0.2.10' };
  const none = await open.request('/v1/consents/x/status', { headers });
  assert.equal(none.status, 403, 'no token and none required: the API answers as usual');
  const unknown = await open.request('/v1/consents/x/status', { headers: { ...headers, Authorization: 'Bearer not-issued-here' } });
  assert.equal(unknown.status, 401);
  assert.equal(((await unknown.json()) as { tppMessages: { code: string }[] }).tppMessages[0]?.code, 'TOKEN_INVALID');
  const required = await closed.request('/v1/consents/x/status', { headers });
  assert.equal(required.status, 401);
  assert.match(required.headers.get('www-authenticate') ?? '', /^Bearer/);
});

test('decoupled SCA: PSU-ID required; the bank app page approves; scaStatus goes started → finalised', async () => {
  const app = createApp();
  const headers = { 'X-Request-ID': randomUUID(), 'PSU-IP-Address': '192.0.2.10', 'Content-Type': 'application/json', 'TPP-Decoupled-Preferred': 'true' };
  const body = JSON.stringify({ access: { accounts: [{ iban: 'DE27100200300012345678' }] }, recurringIndicator: true, validUntil: '9999-12-31', frequencyPerDay: 4, combinedServiceIndicator: false });
  assert.equal((await app.request('/v1/consents', { method: 'POST', headers, body })).status, 400, 'decoupled without PSU-ID');
  const created = await app.request('/v1/consents', { method: 'POST', headers: { ...headers, 'PSU-ID': 'PSU-1001' }, body });
  assert.equal(created.status, 201);
  assert.equal(created.headers.get('aspsp-sca-approach'), 'DECOUPLED');
  const consent = (await created.json()) as { consentId: string; _links: Record<string, { href: string }> };
  assert.equal(consent._links['scaRedirect'], undefined);
  const statusLink = consent._links['scaStatus']!.href;
  const scaStatus = async () => ((await (await app.request(statusLink, { headers: { 'X-Request-ID': randomUUID() } })).json()) as { scaStatus: string }).scaStatus;
  assert.equal(await scaStatus(), 'started');
  const authorisationId = statusLink.split('/').pop()!;
  assert.match(await (await app.request(`/bank-app/${authorisationId}`)).text(), /id="approve"/);
  await app.request(`/bank-app/${authorisationId}/decision`, { method: 'POST', body: new URLSearchParams({ decision: 'approve' }) });
  assert.equal(await scaStatus(), 'finalised');
});
