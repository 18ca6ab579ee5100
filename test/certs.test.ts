import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { psd2StatementOf } from '../src/eidas/qc-statements.ts';
import { createAspspClient, type AspspClient } from '../src/http/client.ts';
import { AspspTransportError } from '../src/http/errors.ts';
import { parseProfile } from '../src/profile/load.ts';
import type { Profile } from '../src/profile/types.ts';
import { cli, latestRunDir, repoRoot, startSandboxProcess, tempDir } from './helpers/cli.ts';

/**
 * The test PKI (`certs`), the reference ASPSP on HTTPS requiring client certificates, and the
 * harness reaching it with a private CA and a client certificate given only in the profile.
 */

const pkiDir = tempDir('psd2-certs-');
let sandbox: { url: string; stop(): Promise<void> };

before(async () => {
  const { code, output } = await cli(['certs', '--out', pkiDir, '--roles', 'PSP_AI,PSP_PI', '--nca-id', 'DE-BAFIN', '--nca-name', 'BaFin', '--org-id', 'PSDDE-BAFIN-123456']);
  assert.equal(code, 0, output);
  assert.match(output, /tls:\n  cert: .*qwac\.pem/);
  sandbox = await startSandboxProcess(['--tls-dir', pkiDir, '--require-client-cert']);
});
after(() => sandbox?.stop());

const pem = (name: string) => readFileSync(join(pkiDir, name), 'utf8');

describe('certs', () => {
  it('issues the QWAC, QSealC and server certificate from one CA; the refused ones fail verification for their reason', () => {
    const verify = (name: string) => {
      try {
        return execFileSync('openssl', ['verify', '-CAfile', join(pkiDir, 'ca.pem'), join(pkiDir, name)], { encoding: 'utf8', stdio: 'pipe' }).trim();
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? '') + String((e as { stderr?: string }).stderr ?? '');
      }
    };
    for (const name of ['qwac.pem', 'qseal.pem', 'server.pem', 'qwac-wrong-role.pem']) assert.match(verify(name), /: OK$/, name);
    assert.match(verify('qwac-expired.pem'), /certificate has expired/);
    assert.match(verify('qwac-unknown-issuer.pem'), /unable to get local issuer certificate/);
  });

  it('writes the PSD2 QCStatement (roles, NCA) and the organisation identifier (ETSI TS 119 495)', () => {
    const qwac = new X509Certificate(pem('qwac.pem'));
    assert.deepEqual(psd2StatementOf(qwac.raw), { roles: ['PSP_AI', 'PSP_PI'], ncaName: 'BaFin', ncaId: 'DE-BAFIN' });
    assert.deepEqual(psd2StatementOf(new X509Certificate(pem('qwac-wrong-role.pem')).raw)?.roles, ['PSP_PI']);
    assert.deepEqual(psd2StatementOf(new X509Certificate(pem('qseal.pem')).raw)?.roles, ['PSP_AI', 'PSP_PI']);
    const subject = execFileSync('openssl', ['x509', '-in', join(pkiDir, 'qwac.pem'), '-noout', '-subject'], { encoding: 'utf8' });
    assert.match(subject, /organizationIdentifier = PSDDE-BAFIN-123456/);
    // openssl reads the QCStatements extension as well-formed DER.
    const text = execFileSync('openssl', ['x509', '-in', join(pkiDir, 'qwac.pem'), '-noout', '-text'], { encoding: 'utf8' });
    assert.match(text, /qcStatements|1\.3\.6\.1\.5\.5\.7\.1\.3/);
    assert.equal(qwac.checkPrivateKey(createPrivateKey(pem('qwac-key.pem'))), true);
  });

  it('refuses an unknown role and a malformed organisation identifier', async () => {
    const bad = await cli(['certs', '--out', tempDir('psd2-certs-bad-'), '--roles', 'PSP_XX']);
    assert.equal(bad.code, 2, bad.output);
    assert.match(bad.output, /unknown PSD2 role PSP_XX/);
    const org = await cli(['certs', '--out', tempDir('psd2-certs-bad-'), '--org-id', 'DE-123']);
    assert.equal(org.code, 2);
    assert.match(org.output, /--org-id must be PSD<country>-<NCA>-<authorisation number>/);
  });
});

describe('the harness on HTTPS with a private CA and a client certificate from the profile', () => {
  const profileText = (tls: string) => `name: mTLS bank
baseUrl: ${sandbox.url}
spec: berlin-group-1.3.12
scaApproaches: [DECOUPLED]
tpp: { redirectUri: https://tpp.example/ok, nokRedirectUri: https://tpp.example/nok }
${tls}`;
  const load = (tls: string, env: Record<string, string> = {}): Profile => {
    const dir = tempDir('psd2-certs-profile-');
    const result = parseProfile(join(dir, 'bank.yaml'), profileText(tls), env);
    assert.deepEqual(result.errors, []);
    return result.profile!;
  };
  const consent = async (client: AspspClient, identity?: string) => {
    const res = await client.send(
      {
        method: 'POST',
        url: `${sandbox.url}/v1/consents`,
        headers: { 'X-Request-ID': randomUUID(), 'PSU-IP-Address': '192.0.2.10', 'TPP-Redirect-URI': 'https://tpp.example/ok', 'Content-Type': 'application/json' },
        body: JSON.stringify({ access: { accounts: [{ iban: 'DE27100200300012345678' }] }, recurringIndicator: true, validUntil: '9999-12-31', frequencyPerDay: 4, combinedServiceIndicator: false }),
      },
      identity ? { identity } : {},
    );
    return { status: res.status, code: (res.body as { tppMessages?: { code: string }[] }).tppMessages?.[0]?.code };
  };

  it('PEM files: the consent is created; without the certificate, or with a refused one, the bank says why', async () => {
    const profile = load(`tls:
  cert: ${join(pkiDir, 'qwac.pem')}
  key: ${join(pkiDir, 'qwac-key.pem')}
  ca: ${join(pkiDir, 'ca.pem')}
  identities:
    wrongRole: { cert: ${join(pkiDir, 'qwac-wrong-role.pem')}, key: ${join(pkiDir, 'qwac-wrong-role-key.pem')} }
    expired: { cert: ${join(pkiDir, 'qwac-expired.pem')}, key: ${join(pkiDir, 'qwac-expired-key.pem')} }
    unknownIssuer: { cert: ${join(pkiDir, 'qwac-unknown-issuer.pem')}, key: ${join(pkiDir, 'qwac-unknown-issuer-key.pem')} }
`);
    const client = createAspspClient(profile);
    try {
      assert.deepEqual(await consent(client), { status: 201, code: undefined });
      assert.deepEqual(await consent(client, 'none'), { status: 401, code: 'CERTIFICATE_MISSING' });
      assert.deepEqual(await consent(client, 'wrongRole'), { status: 401, code: 'ROLE_INVALID' });
      assert.deepEqual(await consent(client, 'expired'), { status: 401, code: 'CERTIFICATE_EXPIRED' });
      assert.deepEqual(await consent(client, 'unknownIssuer'), { status: 401, code: 'CERTIFICATE_INVALID' });
    } finally {
      await client.close();
    }
  });

  it('inline PEM from the environment works the same, and the private key is a secret', async () => {
    const env = { TPP_QWAC: pem('qwac.pem'), TPP_QWAC_PRIVATE: pem('qwac-key.pem'), BANK_CA: pem('ca.pem') };
    const profile = load('tls:\n  cert: ${env:TPP_QWAC}\n  key: ${env:TPP_QWAC_PRIVATE}\n  ca: ${env:BANK_CA}\n  servername: localhost\n', env);
    assert.ok(profile.secrets.includes(env.TPP_QWAC_PRIVATE), 'the inline private key is redacted from reports');
    assert.ok(!profile.secrets.includes(env.TPP_QWAC), 'a certificate is not a secret');
    const client = createAspspClient(profile);
    try {
      assert.deepEqual(await consent(client), { status: 201, code: undefined });
    } finally {
      await client.close();
    }
  });

  it('without the private CA the server is not trusted: a TLS transport error, not a finding', async () => {
    const profile = load(`tls:\n  cert: ${join(pkiDir, 'qwac.pem')}\n  key: ${join(pkiDir, 'qwac-key.pem')}\n`);
    const client = createAspspClient(profile);
    try {
      await assert.rejects(consent(client), (e: unknown) => e instanceof AspspTransportError && e.code === 'ASPSP_TLS');
    } finally {
      await client.close();
    }
  });
});

// The committed profile for the reference ASPSP on HTTPS loads against a PKI from `certs`.
it('fixtures/aspsps/reference-mtls.yaml loads with PSD2_TLS_DIR', () => {
  const file = join(repoRoot, 'fixtures/aspsps/reference-mtls.yaml');
  const result = parseProfile(file, readFileSync(file, 'utf8'), { PSD2_TLS_DIR: pkiDir });
  assert.deepEqual(result.errors, []);
  assert.equal(result.profile!.tls?.identities?.['wrongRole']?.cert, join(pkiDir, 'qwac-wrong-role.pem'));
  assert.ok(result.profile!.capabilities.includes('mtls') && result.profile!.capabilities.includes('signing'));
});

it('a run against the reference ASPSP with mTLS and signing passes with the generated certificates (SCA pages on HTTPS too)', async () => {
  const secured = await startSandboxProcess(['--tls-dir', pkiDir, '--require-client-cert', '--require-signature']);
  const reports = tempDir('psd2-certs-run-');
  try {
    const { code, output } = await cli(
      ['run', 'suites/ais/consent-redirect.yaml', 'suites/security/certificates.yaml', 'suites/security/signing.yaml', '--profile', join(repoRoot, 'fixtures/aspsps/reference-mtls.yaml'), '--no-report'],
      { PSD2_REPORTS: reports, PSD2_TLS_DIR: pkiDir, PSD2_SANDBOX_URL: secured.url },
    );
    assert.equal(code, 0, output);
    const summary = JSON.parse(readFileSync(join(latestRunDir(reports), 'summary.json'), 'utf8')) as { rules: { id: string; verdict: string }[] };
    for (const id of ['CERT-MISSING', 'CERT-EXPIRED', 'CERT-ROLE', 'CERT-ISSUER', 'SIG-MISSING', 'SIG-INVALID', 'SIG-DIGEST', 'SCA-REDIRECT-OK', 'AIS-CONSENT-VALID-AFTER-SCA']) {
      assert.equal(summary.rules.find((r) => r.id === id)?.verdict, 'passed', `${id}\n${output}`);
    }
  } finally {
    await secured.stop();
  }
});

it('a profile declaring the signing capability without a signing: section does not load, and says what is missing', () => {
  const file = join(repoRoot, 'fixtures/aspsps/reference.yaml');
  const text = readFileSync(file, 'utf8').replace('  - dedicated-consent\n', '  - dedicated-consent\n  - signing\n');
  const { errors } = parseProfile(file, text, {});
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.code, 'PROFILE_KEY_MISSING');
  assert.match(errors[0]!.message, /capabilities lists signing, and the profile has no signing: section/);
});
