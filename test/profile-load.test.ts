import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadProfile, parseProfile, tryLoadProfile } from '../src/profile/load.ts';
import { collectSecrets } from '../src/profile/secrets.ts';
import { formatLoadError, LoadFailure, type LoadError } from '../src/yaml/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'profile-load-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const reference = join(import.meta.dirname, '..', 'fixtures', 'aspsps', 'reference.yaml');

const BASE = `name: Test Bank
baseUrl: https://api.\${env:BANK_HOST}/psd2
spec: berlin-group-1.3.8
scaApproaches: [DECOUPLED]
headers:
  Ocp-Apim-Subscription-Key: \${env:BANK_API_KEY:-}
psu:
  id: \${env:BANK_PSU:-PSU-7}
  password: \${env:BANK_PSU_PASSWORD}
  pin: "0042"
tpp:
  redirectUri: https://tpp.example/ok
  nokRedirectUri: https://tpp.example/nok
`;

function write(text: string, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function where(text: string, needle: string): { line: number; column: number } {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function only(errors: readonly LoadError[], code: LoadError['code']): LoadError {
  const found = errors.filter((e) => e.code === code);
  assert.equal(found.length, 1, errors.map(formatLoadError).join('\n'));
  return found[0]!;
}

describe('loadProfile', () => {
  test('substitutes ${env:…} with and without defaults, embedded in larger strings', () => {
    const file = write(BASE, 'env.yaml');
    const p = loadProfile(file, { BANK_HOST: 'bank.example', BANK_PSU_PASSWORD: 's3cret!' });
    assert.equal(p.file, file);
    assert.equal(p.baseUrl, 'https://api.bank.example/psd2');
    assert.equal(p.psu['id'], 'PSU-7');
    assert.equal(p.psu['password'], 's3cret!');
    assert.equal(p.headers['Ocp-Apim-Subscription-Key'], '');
    assert.equal(loadProfile(file, { BANK_HOST: 'h.example', BANK_PSU_PASSWORD: 'x', BANK_PSU: 'PSU-9' }).psu['id'], 'PSU-9');
    assert.deepEqual(p.sca, {});
    assert.ok(Object.isFrozen(p) && Object.isFrozen(p.psu) && Object.isFrozen(p.secrets));
  });

  test('a missing variable without default names the key, the variable and line:col; all are reported', () => {
    const file = write(BASE, 'missing.yaml');
    const { errors, profile } = tryLoadProfile(file, { BANK_HOST: 'bank.example' });
    assert.equal(profile, undefined);
    const e = only(errors, 'ENV_MISSING');
    assert.equal(e.path, 'psu.password');
    assert.equal(e.variable, 'BANK_PSU_PASSWORD');
    assert.deepEqual({ line: e.line, column: e.column }, where(BASE, '${env:BANK_PSU_PASSWORD}'));
    assert.equal(
      formatLoadError(e),
      `${file}:9:13 error ENV_MISSING psu.password: environment variable BANK_PSU_PASSWORD is not set (set it, or give a default: \${env:BANK_PSU_PASSWORD:-value})`,
    );
    assert.equal(tryLoadProfile(file, {}).errors.filter((x) => x.code === 'ENV_MISSING').length, 2);
    assert.throws(() => loadProfile(file, {}), (err: unknown) => err instanceof LoadFailure && err.errors.length === 2 && /BANK_HOST/.test(err.message));
  });

  test('secrets: secret-named keys and env variables, never empty, never runtime templates or tls paths', () => {
    const text = BASE.replace('psu:', 'psu:\n  otp: "123456"') +
      `sca:\n  redirect:\n    approve: [{ page: login, waitFor: '#u', fill: { '#password': '\${psu.password}' } }]\n    deny: [{ page: login, waitFor: '#u' }]\n` +
      `tls:\n  cert: certs/client.pem\n  key: certs/client.key\n  passphrase: \${env:TLS_PASSPHRASE}\n`;
    mkdirSync(join(dir, 'certs'), { recursive: true });
    writeFileSync(join(dir, 'certs', 'client.pem'), 'x');
    writeFileSync(join(dir, 'certs', 'client.key'), 'x');
    const file = write(text, 'secrets.yaml');
    const p = loadProfile(file, { BANK_HOST: 'b.example', BANK_PSU_PASSWORD: 'pw-1', TLS_PASSPHRASE: 'tls-pass', BANK_API_KEY: '' });
    assert.deepEqual([...p.secrets].sort(), ['0042', '123456', 'pw-1', 'tls-pass']);
    assert.equal(p.tls?.cert, join(dir, 'certs', 'client.pem'));
    assert.equal(p.tls?.key, join(dir, 'certs', 'client.key'));
    assert.equal(p.tls?.passphrase, 'tls-pass');
    const withKey = loadProfile(file, { BANK_HOST: 'b.example', BANK_PSU_PASSWORD: 'pw-1', TLS_PASSPHRASE: 'p', BANK_API_KEY: 'apikey-9' });
    assert.ok(withKey.secrets.includes('apikey-9'));
  });

  test('a relative spec path resolves against the profile folder; a missing one is located', () => {
    mkdirSync(join(dir, 'specs'), { recursive: true });
    writeFileSync(join(dir, 'specs', 'bank.yaml'), 'openapi: 3.0.1\n');
    const env = { BANK_HOST: 'b.example', BANK_PSU_PASSWORD: 'x' };
    const ok = loadProfile(write(BASE.replace('spec: berlin-group-1.3.8', 'spec: ./specs/bank.yaml'), 'spec.yaml'), env);
    assert.equal(ok.spec, join(dir, 'specs', 'bank.yaml'));
    const text = BASE.replace('spec: berlin-group-1.3.8', 'spec: specs/nope.json');
    const e = only(tryLoadProfile(write(text, 'nospec.yaml'), env).errors, 'FILE_MISSING');
    assert.equal(e.path, 'spec');
    assert.deepEqual({ line: e.line, column: e.column }, where(text, 'specs/nope.json'));
  });

  test('schema errors are located with suggestions; REDIRECT needs sca.redirect', () => {
    const text = BASE.replace('scaApproaches: [DECOUPLED]', 'scaApproaches: [REDIRECT, DECOUPLD]').replace('redirectUri:', 'redirectUrl:');
    const { errors } = parseProfile(join(dir, 'schema.yaml'), text, { BANK_HOST: 'b.example', BANK_PSU_PASSWORD: 'x' });
    const messages = errors.map(formatLoadError);
    assert.equal(errors.length, 3, messages.join('\n'));
    assert.match(messages[0]!, /:1:1 error SCHEMA missing required key 'sca' \(scaApproaches includes REDIRECT/);
    assert.match(messages[1]!, /:4:27 error SCHEMA scaApproaches\[1\]: 'DECOUPLD' is not allowed \(allowed: REDIRECT, EMBEDDED, DECOUPLED\) — did you mean 'DECOUPLED'\?/);
    assert.match(messages[2]!, /:12:3 error SCHEMA tpp: unknown key 'redirectUrl' \(allowed: redirectUri, nokRedirectUri\) — did you mean 'redirectUri'\?/);
  });

  test('unknown keys are refused everywhere, with a suggestion', () => {
    const text = `${BASE.replace('  nokRedirectUri:', '  nokRedirectURL: x\n  nokRedirectUri:').replace('scaApproaches: [DECOUPLED]', 'scaApproaches: [DECOUPLED]\nbaseURL: x')}tls: { cert: ./c.pem, passphrase: x, keyFile: ./k.pem }
sca:
  redirect:
    approve: [{ page: Login, waitFor: "#u", clik: "#go" }]
    deny: [{ page: Login, waitFor: "#u" }]
  redirct: {}
`;
    const { errors } = parseProfile(join(dir, 'unknown.yaml'), text, { BANK_HOST: 'b.example', BANK_PSU_PASSWORD: 'x' });
    const messages = errors.map(formatLoadError);
    const expected = [
      /:5:1 error SCHEMA unknown key 'baseURL' .* — did you mean 'baseUrl'\?/,
      /:14:3 error SCHEMA tpp: unknown key 'nokRedirectURL' .* — did you mean 'nokRedirectUri'\?/,
      /:16:38 error SCHEMA tls: unknown key 'keyFile' \(allowed: cert, key, ca, passphrase, servername, identities\)/,
      /:19:45 error SCHEMA sca\.redirect\.approve\[0\]: unknown key 'clik' .* — did you mean 'click'\?/,
      /:21:3 error SCHEMA sca: unknown key 'redirct' \(allowed: embedded, decoupled, sessionTimeout, ignoreHttpsErrors, traces, redirect\) — did you mean 'redirect'\?/,
    ];
    assert.equal(errors.length, expected.length, messages.join('\n'));
    expected.forEach((re, i) => assert.match(messages[i]!, re));
  });

  test('a secret written as a number is refused without printing it, and still counted as a secret', () => {
    const text = BASE.replace('  pin: "0042"', '  pin: 739164');
    const { errors } = parseProfile(join(dir, 'num.yaml'), text, { BANK_HOST: 'b.example', BANK_PSU_PASSWORD: 'x' });
    const messages = errors.map(formatLoadError).join('\n');
    assert.match(messages, /psu\.pin: must be string, not the value written \(not shown: secret key\)/);
    assert.ok(!messages.includes('739164'), messages);
    assert.deepEqual(collectSecrets({ psu: { otp: 739164 } }, []), ['739164']);
  });

  test('fixtures/aspsps/reference.yaml loads; ${psu.*} script templates are left for run time', () => {
    const p = loadProfile(reference, {});
    assert.equal(p.name, 'Reference ASPSP (embedded)');
    assert.equal(p.baseUrl, 'http://127.0.0.1:47310');
    assert.equal(p.spec, 'berlin-group-1.3.12');
    assert.deepEqual(p.scaApproaches, ['REDIRECT', 'DECOUPLED']);
    assert.deepEqual(p.headers, { 'PSU-IP-Address': '192.0.2.10' });
    assert.deepEqual(
      { id: p.psu['id'], iban: p.psu['iban'], password: p.psu['password'], otp: p.psu['otp'] },
      { id: 'PSU-1001', iban: 'DE27100200300012345678', password: 'Sandbox-Pass-7319', otp: '583021' },
    );
    assert.deepEqual(p.psus['main'], p.psu, 'psu: is psus.main');
    assert.equal(p.psus['other']?.['id'], 'PSU-1002');
    // The co-signer's (psus.other) and psus.confirming's credentials, the client secret and the lockout script's wrong passwords are secrets too.
    assert.deepEqual(p.secrets, ['Sandbox-Client-Secret-4821', 'not-the-password-1', 'not-the-password-2', 'not-the-password-3', 'Sandbox-Pass-1357', 'Sandbox-Pass-2468', 'Sandbox-Pass-7319', '583021', '620417', '771903']);
    const [login, otp, consent] = p.sca.redirect?.approve ?? [];
    assert.deepEqual(login, { page: 'login', waitFor: '#username', fill: { '#username': '${psu.id}', '#password': '${psu.password}' }, click: '#login' });
    assert.deepEqual(otp?.fill, { '#otp': '${psu.otp}' });
    assert.equal(consent?.click, '#approve');
    assert.equal(p.sca.redirect?.deny.at(-1)?.click, '#deny');
    const custom = loadProfile(reference, { PSD2_SANDBOX_PORT: '5000', ASPSP_PSU_PASSWORD: 'other' });
    assert.equal(custom.baseUrl, 'http://127.0.0.1:5000');
    assert.ok(custom.secrets.includes('other'));
  });
});

test('every object of the profile schema refuses unknown keys (only the string maps are open)', async () => {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'aspsps', 'profile.schema.json'), 'utf8')) as unknown;
  const open: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}/${i}`));
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    // if/then only add conditions to objects already closed where they are declared.
    const conditional = /\/(if|then|else)(\/|$)/.test(path);
    if (!conditional && 'properties' in n && n['additionalProperties'] !== false) open.push(path || '/');
    for (const [k, v] of Object.entries(n)) walk(v, `${path}/${k}`);
  };
  walk(schema, '');
  assert.deepEqual(open, []);
});

