import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { findPreset } from '../src/sandbox/presets.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from '../src/sandbox/server.ts';
import { tryLoadProfile } from '../src/profile/load.ts';
import { cli } from './helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'psd2-init-'));
const psu = { ASPSP_PSU_ID: 'PSU-1001', ASPSP_PSU_PASSWORD: 'Sandbox-Pass-7319', ASPSP_PSU_OTP: '583021' };
let sandbox: RunningSandbox;
before(async () => {
  sandbox = await startSandbox({ port: 0 });
});
after(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

function loads(file: string) {
  const { profile, errors } = tryLoadProfile(file, psu);
  assert.deepEqual(errors, []);
  return profile!;
}

test('init from flags writes a profile the loader accepts', async () => {
  const out = join(dir, 'flags.yaml');
  const { code, output } = await cli(['init', '--base-url', 'https://api.bank.example/psd2/', '--spec', 'berlin-group-1.3.8', '--sca-approach', 'redirect', '--name', 'Example Bank', '--out', out]);
  assert.equal(code, 0, output);
  assert.match(output, /Wrote .*flags\.yaml/);
  const profile = loads(out);
  assert.equal(profile.name, 'Example Bank');
  assert.equal(profile.baseUrl, 'https://api.bank.example/psd2');
  assert.equal(profile.spec, 'berlin-group-1.3.8');
  assert.deepEqual(profile.scaApproaches, ['REDIRECT']);
  assert.equal(profile.sca.redirect?.approve.length, 3);
  assert.deepEqual(profile.psu, { id: 'PSU-1001', password: 'Sandbox-Pass-7319', otp: '583021' });
});

test('init --discover against the reference ASPSP fills spec and SCA approach from its answers', async () => {
  const out = join(dir, 'discovered.yaml');
  const { code, output } = await cli(['init', '--base-url', sandbox.url, '--discover', '--out', out]);
  assert.equal(code, 0, output);
  assert.match(output, /OAuth metadata: .*\/\.well-known\/oauth-authorization-server: issuer http:\/\/127\.0\.0\.1:\d+/);
  assert.match(output, /createConsent: POST .*\/v1\/consents: HTTP 201/);
  assert.match(output, /SCA approach: REDIRECT/);
  assert.match(output, /spec: the answer conforms to berlin-group-1\.3\.12/);
  const profile = loads(out);
  assert.equal(profile.spec, 'berlin-group-1.3.12');
  assert.deepEqual(profile.scaApproaches, ['REDIRECT']);
  assert.match(readFileSync(out, 'utf8'), /^# Discovery \(init --discover\):$/m);
  assert.match(readFileSync(out, 'utf8'), /^#   OAuth: add an oauth: section/m);
  // The reference ASPSP starts explicitly when the TPP prefers it, as the probe does.
  assert.deepEqual(profile.capabilities, ['explicit-start']);
});

test('init --discover against the explicit-start preset finds explicit start: capability explicit-start, the approach from the header', async () => {
  const settings = findPreset('explicit-start')!.settings!;
  const explicit = await startSandbox({ port: 0, settings });
  try {
    const out = join(dir, 'explicit.yaml');
    const { code, output } = await cli(['init', '--base-url', explicit.url, '--discover', '--out', out]);
    assert.equal(code, 0, output);
    assert.match(output, /explicit start: the answer links startAuthorisation and no scaRedirect or scaStatus \(capability explicit-start\)/);
    assert.match(output, /SCA approach: REDIRECT/);
    assert.match(output, /discovery: berlin-group-1\.3\.12, REDIRECT, explicit-start/);
    const profile = loads(out);
    assert.deepEqual(profile.capabilities, ['explicit-start']);
    assert.deepEqual(profile.scaApproaches, ['REDIRECT']);
  } finally {
    await explicit.close();
  }
});

test('init --discover: without the approach header a plain startAuthorisation link names no approach; a start uploading the password means EMBEDDED; an implicit start lists no explicit-start', async () => {
  const answers: Record<string, object> = {
    plain: { consentStatus: 'received', consentId: 'c-1', _links: { startAuthorisation: { href: '/v1/consents/c-1/authorisations' }, self: { href: '/v1/consents/c-1' } } },
    embedded: { consentStatus: 'received', consentId: 'c-2', _links: { startAuthorisationWithPsuAuthentication: { href: '/v1/consents/c-2/authorisations' }, self: { href: '/v1/consents/c-2' } } },
    implicit: { consentStatus: 'received', consentId: 'c-3', _links: { scaStatus: { href: '/v1/consents/c-3/authorisations/a-3' }, self: { href: '/v1/consents/c-3' } } },
  };
  const stub = createHttpServer((req, res) => {
    const body = answers[(req.url ?? '').split('/')[1] ?? ''];
    res.writeHead(body && req.method === 'POST' ? 201 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(stub.address() as { port: number }).port}`;
  try {
    const discovered = async (name: string) => {
      const out = join(dir, `stub-${name}.yaml`);
      const { code, output } = await cli(['init', '--base-url', `${base}/${name}`, '--discover', '--out', out]);
      assert.equal(code, 0, output);
      return { output, profile: loads(out) };
    };
    const plain = await discovered('plain');
    assert.match(plain.output, /SCA approach: not told/);
    assert.match(plain.output, /explicit start: the answer links startAuthorisation and no scaRedirect or scaStatus/);
    assert.deepEqual(plain.profile.scaApproaches, ['REDIRECT'], 'the default, not EMBEDDED');
    assert.deepEqual(plain.profile.capabilities, ['explicit-start']);
    const embedded = await discovered('embedded');
    assert.match(embedded.output, /SCA approach: EMBEDDED/);
    assert.deepEqual(embedded.profile.scaApproaches, ['EMBEDDED']);
    assert.deepEqual(embedded.profile.capabilities, ['explicit-start']);
    const implicit = await discovered('implicit');
    assert.match(implicit.output, /explicit start: not offered/);
    assert.deepEqual(implicit.profile.capabilities, []);
  } finally {
    stub.close();
  }
});

test('init --discover against a bank that never answers notes the timeouts and still writes a profile', async () => {
  const sockets: Socket[] = [];
  const silent: Server = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const port = (silent.address() as { port: number }).port;
  try {
    const out = join(dir, 'silent.yaml');
    const started = Date.now();
    const { code, output } = await cli(['init', '--base-url', `http://127.0.0.1:${port}/psd2`, '--discover', '--timeout', '300', '--sca-approach', 'EMBEDDED', '--out', out]);
    assert.equal(code, 0, output);
    assert.ok(Date.now() - started < 15_000, 'the probes did not respect their deadline');
    assert.match(output, /createConsent: POST .*: no answer within 300 ms/);
    assert.match(output, /discovery: nothing conclusive/);
    const profile = loads(out);
    assert.deepEqual(profile.scaApproaches, ['EMBEDDED']);
    assert.deepEqual(profile.sca, {});
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test('init: bad or missing values are usage errors (exit 2); an existing file is kept without --force', async () => {
  const out = join(dir, 'kept.yaml');
  writeFileSync(out, 'mine\n');
  const cases: [string[], RegExp][] = [
    [['init', '--out', join(dir, 'x.yaml')], /--base-url is required/],
    [['init', '--base-url', 'ftp://bank'], /--base-url must be an http\(s\) URL/],
    [['init', '--base-url', 'https://b.example', '--sca-approach', 'OAUTH'], /--sca-approach must be one of REDIRECT, EMBEDDED, DECOUPLED/],
    [['init', '--base-url', 'https://b.example', '--spec', 'berlin-group-1.3.99'], /not a bundled spec/],
    [['init', '--base-url', 'https://b.example', '--out', out], /exists; pass --force/],
  ];
  for (const [args, expected] of cases) {
    const { code, output } = await cli(args);
    assert.equal(code, 2, `${args.join(' ')}: ${output}`);
    assert.match(output, expected);
  }
  assert.equal(readFileSync(out, 'utf8'), 'mine\n');
});
