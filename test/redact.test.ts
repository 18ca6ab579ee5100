import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRedactor, isSecretField, redactError } from '../src/report/redact.ts';
import { redactingEvidence } from '../src/report/evidence.ts';

const redact = createRedactor(['Sandbox-Pass-7319', '583021']);

test('profile secrets are removed as whole values, not inside IBANs or amounts', () => {
  assert.equal(redact('password Sandbox-Pass-7319 and otp 583021.'), 'password [REDACTED] and otp [REDACTED].');
  assert.equal(redact('DE27100583021345678 amount 1583021.00'), 'DE27100583021345678 amount 1583021.00');
});

test('credential fields in JSON, forms and redirect URIs are removed; error codes are not', () => {
  assert.equal(redact('{"access_token": "eyJ.abc", "code": "FORMAT_ERROR"}'), '{"access_token": "[REDACTED]", "code": "FORMAT_ERROR"}');
  assert.equal(redact('username=PSU-1001&password=hunter22'), 'username=PSU-1001&password=[REDACTED]');
  assert.equal(redact('https://tpp.localhost/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz'), 'https://tpp.localhost/cb?code=[REDACTED]&state=xyz');
  assert.equal(redact('errorCode=FORMAT_ERROR'), 'errorCode=FORMAT_ERROR');
});

test('a secret is removed also as it reads inside JSON text and URL-encoded', () => {
  const r = createRedactor(['Pa"ss\\w0rd', 'a b&c']);
  assert.equal(r(JSON.stringify({ note: 'Pa"ss\\w0rd' })), '{"note":"[REDACTED]"}');
  assert.equal(r('x=a%20b%26c'), 'x=[REDACTED]');
});

test('step errors and evidence pass the redactor', async () => {
  const e = redactError(new Error('typed 583021 into #otp'), redact);
  assert.equal(e.message, 'typed [REDACTED] into #otp');
  assert.ok(!e.stack?.includes('583021'));
  const seen: string[] = [];
  const evidence = redactingEvidence({ attach: async (name, { body }) => void seen.push(`${name}:${String(body)}`) }, redact);
  await evidence.attach('request', { body: 'password=Sandbox-Pass-7319', contentType: 'text/plain' });
  assert.deepEqual(seen, ['request:password=[REDACTED]']);
});

test('secrets learnt while the run goes on (tokens, codes, PKCE verifiers) are removed from then on, as text and as bytes', () => {
  const r = createRedactor(['Sandbox-Pass-7319']);
  const token = 'Zt0k3n-opaque_AccessToken-9f8e7d6c5b4a';
  assert.equal(r(`Bearer ${token}`), `Bearer ${token}`);
  r.add(token);
  r.add('ab');
  assert.equal(r(`Authorization: Bearer ${token}; note ${encodeURIComponent(token)}`), 'Authorization: Bearer [REDACTED]; note [REDACTED]');
  assert.equal(r.bytes(Buffer.from(`{"echo":"${token}"}`)).toString(), '{"echo":"[REDACTED]"}');
  assert.equal(r('password Sandbox-Pass-7319'), 'password [REDACTED]', 'the profile secrets stay known');
  assert.equal(r('about ab'), 'about ab', 'values too short to be secrets are ignored');
});

test('OAuth token endpoint answers and requests lose every credential field', () => {
  const r = createRedactor([]);
  assert.equal(
    r('{"access_token":"x1","refresh_token":"y2","token_type":"bearer","expires_in":300}'),
    '{"access_token":"[REDACTED]","refresh_token":"[REDACTED]","token_type":"bearer","expires_in":300}',
  );
  assert.equal(r('grant_type=authorization_code&code=c0de&code_verifier=v3r1f13r&redirect_uri=x'), 'grant_type=authorization_code&code=[REDACTED]&code_verifier=[REDACTED]&redirect_uri=x');
  assert.equal(r('grant_type=refresh_token&refresh_token=r3fr3sh'), 'grant_type=refresh_token&refresh_token=[REDACTED]');
});

test('bytes that cannot be masked in place are checked for every known secret, raw or URL-encoded, even inside other text', () => {
  const r = createRedactor(['Sandbox-Pass-7319', '583021']);
  r.add('learnt-code-abc');
  assert.equal(r.finds(Buffer.from([0xff, 0xd8, 0x00, 0x10])), false);
  assert.equal(r.finds(Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.from('x583021x')])), true, 'no whole-value rule for binary data: a doubt counts as found');
  assert.equal(r.finds(Buffer.from('learnt-code-abc')), true);
  assert.equal(r.finds(Buffer.from(encodeURIComponent('a b&c'))), false);
  assert.equal(createRedactor(['a b&c']).finds(Buffer.from('a%20b%26c')), true);
});

test('credential-named form fields and query parameters are recognised whatever their case', () => {
  assert.ok(isSecretField('code') && isSecretField('Password') && isSecretField('code_verifier') && isSecretField('OTP'));
  assert.ok(!isSecretField('state') && !isSecretField('username') && !isSecretField('errorCode'));
});
