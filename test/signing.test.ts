import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { generateTestPki, type TestPki } from '../src/eidas/pki.ts';
import { digestHeader, loadSigningMaterial, rsaSha256, signingString, signRequest, type SigningMaterial } from '../src/http/signing.ts';
import { createApp } from '../src/sandbox/server.ts';
import { tempDir } from './helpers/cli.ts';

/**
 * Berlin Group request signing: the draft-cavage parts against the draft's published test values
 * (Appendix C), the Berlin Group parts against the openssl CLI, and the reference ASPSP's
 * verifier against what the harness sends.
 */

// draft-cavage-http-signatures Appendix C: the published test key and request.
const CAVAGE_KEY = `-----BEGIN RSA PRIVATE KEY-----
MIICXgIBAAKBgQDCFENGw33yGihy92pDjZQhl0C36rPJj+CvfSC8+q28hxA161QF
NUd13wuCTUcq0Qd2qsBe/2hFyc2DCJJg0h1L78+6Z4UMR7EOcpfdUE9Hf3m/hs+F
UR45uBJeDK1HSFHD8bHKD6kv8FPGfJTotc+2xjJwoYi+1hqp1fIekaxsyQIDAQAB
AoGBAJR8ZkCUvx5kzv+utdl7T5MnordT1TvoXXJGXK7ZZ+UuvMNUCdN2QPc4sBiA
QWvLw1cSKt5DsKZ8UETpYPy8pPYnnDEz2dDYiaew9+xEpubyeW2oH4Zx71wqBtOK
kqwrXa/pzdpiucRRjk6vE6YY7EBBs/g7uanVpGibOVAEsqH1AkEA7DkjVH28WDUg
f1nqvfn2Kj6CT7nIcE3jGJsZZ7zlZmBmHFDONMLUrXR/Zm3pR5m0tCmBqa5RK95u
412jt1dPIwJBANJT3v8pnkth48bQo/fKel6uEYyboRtA5/uHuHkZ6FQF7OUkGogc
mSJluOdc5t6hI1VsLn0QZEjQZMEOWr+wKSMCQQCC4kXJEsHAve77oP6HtG/IiEn7
kpyUXRNvFsDE0czpJJBvL/aRFUJxuRK91jhjC68sA7NsKMGg5OXb5I5Jj36xAkEA
gIT7aFOYBFwGgQAQkWNKLvySgKbAZRTeLBacpHMuQdl1DfdntvAyqpAZ0lY0RKmW
G6aFKaqQfOXKCyWoUiVknQJAXrlgySFci/2ueKlIE1QqIiLSZ8V8OlpFLRnb1pzI
7U1yQXnTAEFYM560yJlzUpOb1V4cScGd365tiSMvxLOvTA==
-----END RSA PRIVATE KEY-----`;
const CAVAGE_BODY = '{"hello": "world"}';
const CAVAGE_DATE = 'Sun, 05 Jan 2014 21:31:40 GMT';

describe('draft-cavage test values (Appendix C)', () => {
  it('Digest of the example body', () => {
    assert.equal(digestHeader(CAVAGE_BODY), 'SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=');
  });

  it('C.1 Default Test: the signature over the date header', () => {
    const text = signingString(['date'], { Host: 'example.com', Date: CAVAGE_DATE });
    assert.equal(text, `date: ${CAVAGE_DATE}`);
    assert.equal(
      rsaSha256(text, createPrivateKey(CAVAGE_KEY)),
      'SjWJWbWN7i0wzBvtPl8rbASWz5xQW6mcJmn+ibttBqtifLN7Sazz6m79cNfwwb8DMJ5cou1s7uEGKKCs+FLEEaDV5lp7q25WqS+lavg7T8hc0GppauB6hbgEKTwblDHYGEtbGmtdHgVCk9SuS13F0hZ8FD0k/5OxEPXe5WozsbM=',
    );
  });

  it('a header the request does not carry cannot be signed', () => {
    assert.throws(() => signingString(['digest'], { Date: CAVAGE_DATE }), /does not carry/);
  });
});

describe('Berlin Group signing profile', () => {
  let pki: TestPki;
  let dir: string;
  let material: SigningMaterial;
  before(async () => {
    pki = await generateTestPki({ roles: ['PSP_AI'], ncaName: 'Test NCA', ncaId: 'XX-TEST', orgId: 'PSDXX-TEST-1', organisation: 'Signer', serverNames: ['localhost'] });
    dir = tempDir('psd2-signing-');
    writeFileSync(join(dir, 'qseal.pem'), pki.qseal.cert);
    writeFileSync(join(dir, 'qseal-key.pem'), pki.qseal.key);
    material = await loadSigningMaterial({ cert: join(dir, 'qseal.pem'), key: pki.qseal.key });
  });

  const request = () => ({
    method: 'POST',
    url: 'https://bank.example/v1/consents',
    headers: { 'X-Request-ID': '99391c7e-ad88-49ec-a2ad-99ddcb1f7721', 'PSU-ID': 'PSU-1001', 'TPP-Redirect-URI': 'https://tpp.example/ok', 'Content-Type': 'application/json' },
    body: CAVAGE_BODY,
  });

  it('signs digest, x-request-id and the present psu-id, tpp-redirect-uri and date; keyId names serial and issuer', () => {
    const signed = signRequest(request(), material, 'sign', new Date(Date.UTC(2014, 0, 5, 21, 31, 40)));
    assert.equal(signed.headers['Digest'], 'SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=');
    assert.equal(signed.headers['Date'], CAVAGE_DATE);
    const params = Object.fromEntries([...signed.headers['Signature']!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    assert.equal(params['headers'], 'digest x-request-id psu-id tpp-redirect-uri date');
    assert.equal(params['algorithm'], 'rsa-sha256');
    const serial = execFileSync('openssl', ['x509', '-in', join(dir, 'qseal.pem'), '-noout', '-serial'], { encoding: 'utf8' }).trim().replace(/^serial=/, '');
    const issuer = execFileSync('openssl', ['x509', '-in', join(dir, 'qseal.pem'), '-noout', '-issuer', '-nameopt', 'RFC2253'], { encoding: 'utf8' }).trim().replace(/^issuer=/, '');
    assert.equal(params['keyId'], `SN=${serial},CA=${issuer}`);
    // TPP-Signature-Certificate is the certificate itself (DER, base64).
    const der = execFileSync('openssl', ['x509', '-in', join(dir, 'qseal.pem'), '-outform', 'DER']);
    assert.equal(signed.headers['TPP-Signature-Certificate'], der.toString('base64'));

    // openssl, given the same signing string and key, makes the same signature (PKCS#1 v1.5 is deterministic).
    const text = [
      'digest: SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=',
      'x-request-id: 99391c7e-ad88-49ec-a2ad-99ddcb1f7721',
      'psu-id: PSU-1001',
      'tpp-redirect-uri: https://tpp.example/ok',
      `date: ${CAVAGE_DATE}`,
    ].join('\n');
    writeFileSync(join(dir, 'signing-string'), text);
    const byOpenssl = execFileSync('openssl', ['dgst', '-sha256', '-sign', join(dir, 'qseal-key.pem'), join(dir, 'signing-string')]);
    assert.equal(params['signature'], byOpenssl.toString('base64'));
  });

  it('omit sends no signature headers; corrupt and wrong-digest spoil exactly one thing', () => {
    const omitted = signRequest(request(), material, 'omit');
    assert.equal(omitted.headers['Signature'], undefined);
    const corrupt = signRequest(request(), material, 'corrupt');
    assert.equal(corrupt.headers['Digest'], digestHeader(CAVAGE_BODY));
    const wrong = signRequest(request(), material, 'wrong-digest');
    assert.notEqual(wrong.headers['Digest'], digestHeader(CAVAGE_BODY));
    assert.equal(wrong.body, CAVAGE_BODY);
  });

  describe('the reference ASPSP verifies what the harness sends', () => {
    const app = () => createApp({ tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert }, requireSignature: true });
    const consent = (mode: 'sign' | 'omit' | 'corrupt' | 'wrong-digest', faults: string[] = []) => {
      const body = JSON.stringify({ access: { accounts: [{ iban: 'DE27100200300012345678' }] }, recurringIndicator: true, validUntil: '9999-12-31', frequencyPerDay: 4, combinedServiceIndicator: false });
      const req = signRequest(
        {
          method: 'POST',
          url: 'http://bank.test/v1/consents',
          headers: { 'X-Request-ID': randomUUID(), 'PSU-ID': 'PSU-1001', 'PSU-IP-Address': '192.0.2.10', 'TPP-Redirect-URI': 'https://tpp.example/ok', 'Content-Type': 'application/json' },
          body,
        },
        material,
        mode,
      );
      const bank = faults.length ? createApp({ tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert }, requireSignature: true, faults }) : app();
      return bank.request(req.url, { method: req.method, headers: req.headers, body: req.body });
    };
    const code = async (res: Response) => ((await res.json()) as { tppMessages?: { code: string }[] }).tppMessages?.[0]?.code;

    it('accepts a signed request', async () => assert.equal((await consent('sign')).status, 201));
    it('refuses an unsigned one with 401 SIGNATURE_MISSING', async () => {
      const res = await consent('omit');
      assert.equal(res.status, 401);
      assert.equal(await code(res), 'SIGNATURE_MISSING');
    });
    for (const mode of ['corrupt', 'wrong-digest'] as const) {
      it(`refuses a ${mode} signature with 401 SIGNATURE_INVALID`, async () => {
        const res = await consent(mode);
        assert.equal(res.status, 401);
        assert.equal(await code(res), 'SIGNATURE_INVALID');
      });
    }
    it('a signature from a certificate outside the trusted CA is refused', async () => {
      const foreign = await generateTestPki({ roles: ['PSP_AI'], ncaName: 'Test NCA', ncaId: 'XX-TEST', orgId: 'PSDXX-TEST-2', organisation: 'Other', serverNames: ['localhost'] });
      const other = await loadSigningMaterial({ cert: foreign.qseal.cert, key: foreign.qseal.key });
      const req = signRequest({ method: 'GET', url: 'http://bank.test/v1/accounts', headers: { 'X-Request-ID': randomUUID(), 'Consent-ID': 'x' } }, other);
      const res = await app().request(req.url, { method: req.method, headers: req.headers });
      assert.equal(res.status, 401);
      assert.equal(await code(res), 'CERTIFICATE_INVALID');
    });
    it('faults: signature-not-verified and digest-not-checked let spoiled requests through; signature-invalid-wrong-code answers 400', async () => {
      assert.equal((await consent('corrupt', ['signature-not-verified'])).status, 201);
      assert.equal((await consent('wrong-digest', ['digest-not-checked'])).status, 201);
      assert.equal((await consent('omit', ['signature-not-required'])).status, 201);
      const res = await consent('corrupt', ['signature-invalid-wrong-code']);
      assert.equal(res.status, 400);
      assert.equal(await code(res), 'FORMAT_ERROR');
    });
  });
});
