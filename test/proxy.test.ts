import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../fixtures/browser.ts';
import { generateTestPki, type TestPki } from '../src/eidas/pki.ts';
import { createAspspClient } from '../src/http/client.ts';
import { AspspTransportError } from '../src/http/errors.ts';
import { parseProfile } from '../src/profile/load.ts';
import { browserProxy, isLoopback, proxyFor, resolveProxy } from '../src/profile/proxy.ts';
import type { Profile, ProxySettings } from '../src/profile/types.ts';
import { createRedactor } from '../src/report/redact.ts';
import { describeAspsp } from '../src/report/run-info.ts';
import { createBrowserScaDriver } from '../src/sca/browser.ts';
import { ScaPageError } from '../src/sca/types.ts';
import { startSandbox, type RunningSandbox } from '../src/sandbox/server.ts';
import { CaseStopError, stopCategory } from '../src/steps/errors.ts';
import { transportStop } from '../src/steps/send.ts';
import { cli, latestRunDir, repoRoot, tempDir } from './helpers/cli.ts';
import { startTestProxy, type TestProxy } from './helpers/test-proxy.ts';

/**
 * The harness behind a corporate proxy: the API client through CONNECT (mTLS inside the tunnel),
 * the PSU's browser through the same proxy, loopback and NO_PROXY reached directly, and the
 * proxy's own failures named as the proxy's, inconclusive, its credentials never shown.
 */

const USER = 'corp-user';
const PASSWORD = 'Pr0xy-S3cret!';
const BANK = 'bank.example';

let plain: RunningSandbox;
let secure: RunningSandbox;
let pki: TestPki;
let open: TestProxy;
let guarded: TestProxy;

before(async () => {
  pki = await generateTestPki({ roles: ['PSP_AI', 'PSP_PI'], ncaName: 'Test NCA', ncaId: 'XX-TESTNCA', orgId: 'PSDXX-TESTNCA-TPP0001', organisation: 'Example TPP', serverNames: [BANK, 'localhost'] });
  plain = await startSandbox({ port: 0 });
  secure = await startSandbox({ port: 0, tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert }, requireClientCert: true });
  open = await startTestProxy({ hosts: { [BANK]: '127.0.0.1', 'other.example': '127.0.0.1' } });
  guarded = await startTestProxy({ hosts: { [BANK]: '127.0.0.1' }, credentials: { user: USER, password: PASSWORD } });
});
after(async () => {
  await Promise.all([plain?.close(), secure?.close(), open?.close(), guarded?.close()]);
});

const dir = tempDir('psd2-proxy-');
const HEAD = `spec: berlin-group-1.3.12
scaApproaches: [REDIRECT]
sca: { redirect: { approve: [{ page: login, waitFor: '#username' }], deny: [{ page: login, waitFor: '#username' }] } }
tpp: { redirectUri: 'https://tpp.example/ok', nokRedirectUri: 'https://tpp.example/nok' }
`;
/** A profile as a user writes it; `env` is the whole environment it is loaded with. */
function profileOf(extra: string, env: Record<string, string> = {}, baseUrl = `http://${BANK}:${plain.port}`): Profile {
  const text = `name: Bank behind a proxy
baseUrl: ${baseUrl}
${HEAD}${extra}`;
  const result = parseProfile(join(dir, 'bank.yaml'), text, env);
  assert.deepEqual(result.errors, []);
  return result.profile!;
}
const health = (profile: Profile) => ({ method: 'GET', url: `${profile.baseUrl}/health`, headers: {} });
const withCredentials = (proxy: TestProxy) => `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${proxy.port}`;

describe('where the proxy comes from', () => {
  const settings = (env: Record<string, string>) => resolveProxy(undefined, env) as ProxySettings | undefined;

  it('reads https_proxy before HTTPS_PROXY, falls back to HTTP_PROXY for https targets, takes proxy.corp:3128 as http://', () => {
    assert.equal(settings({}), undefined);
    assert.equal(settings({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' })?.https, 'http://lower:2');
    const fallback = settings({ HTTP_PROXY: 'proxy.corp:3128', NO_PROXY: 'a.example, .b.example' });
    assert.deepEqual(fallback, { https: 'http://proxy.corp:3128', http: 'http://proxy.corp:3128', noProxy: ['a.example', '.b.example'], loopback: false, source: 'environment' });
    assert.match((resolveProxy(undefined, { HTTPS_PROXY: 'socks5://user:hunter22@x:1' }) as { error: string }).error, /^HTTPS_PROXY "socks5:\/\/x:1" is not an http/);
  });

  it('the profile wins over the environment', () => {
    const profile = profileOf(`proxy:\n  url: http://proxy.corp:3128\n  noProxy: [internal.example]\n`, { HTTPS_PROXY: 'http://other:1' });
    assert.deepEqual(profile.proxy, { https: 'http://proxy.corp:3128', http: 'http://proxy.corp:3128', noProxy: ['internal.example'], loopback: false, source: 'profile' });
  });

  it('never proxies loopback unless told to; NO_PROXY hosts, domains, ports, CIDRs and * go direct', () => {
    const s: ProxySettings = { https: 'http://p:1', http: 'http://p:2', noProxy: ['corp.example', '.internal.example', 'api.bank.example:8443', '10.0.0.0/8', '[fd00::1]'], loopback: false, source: 'environment' };
    for (const host of ['localhost', 'app.localhost', '127.0.0.1', '127.9.9.9', '[::1]']) assert.equal(proxyFor(`https://${host}:4000/x`, s), undefined, host);
    assert.ok(isLoopback('::ffff:127.0.0.1') && !isLoopback('128.0.0.1'));
    assert.equal(proxyFor('https://127.0.0.1/', { ...s, loopback: true }), 'http://p:1');
    assert.equal(proxyFor('http://bank.example/', s), 'http://p:2');
    assert.equal(proxyFor('https://bank.example/', s), 'http://p:1');
    for (const direct of ['https://corp.example/', 'https://api.corp.example/', 'https://x.internal.example/', 'https://api.bank.example:8443/', 'https://10.1.2.3/', 'https://[fd00::1]/']) assert.equal(proxyFor(direct, s), undefined, direct);
    for (const proxied of ['https://notcorp.example/', 'https://api.bank.example/', 'https://11.0.0.1/']) assert.equal(proxyFor(proxied, s), 'http://p:1', proxied);
    assert.equal(proxyFor('https://bank.example/', { ...s, noProxy: ['*'] }), undefined);
  });

  it('gives the browser the same proxy and bypass list (loopback listed, so Playwright does not force it through), credentials apart', () => {
    const s: ProxySettings = { https: `http://${USER}:${encodeURIComponent(PASSWORD)}@proxy.corp:3128`, noProxy: ['corp.example', '.internal.example:8443', '10.0.0.0/8'], loopback: false, source: 'profile' };
    assert.deepEqual(browserProxy(s), {
      server: 'http://proxy.corp:3128',
      bypass: 'corp.example,*.corp.example,internal.example:8443,*.internal.example:8443,10.0.0.0/8,localhost,*.localhost,127.0.0.1/8,[::1]',
      username: USER,
      password: PASSWORD,
    });
    assert.equal(browserProxy({ ...s, noProxy: [], loopback: true })?.bypass, undefined);
    assert.equal(browserProxy({ ...s, noProxy: ['*'] }), undefined);
  });

  it("the proxy's credentials are secrets, however they were given; a bad proxy variable is a load error naming it", () => {
    const fromProfile = profileOf(`proxy:\n  url: ${withCredentials(open)}\n`);
    const redact = createRedactor(fromProfile.secrets);
    assert.equal(redact(`via ${withCredentials(open)}`), `via http://[REDACTED]@127.0.0.1:${open.port}`);
    assert.equal(redact(`password ${PASSWORD}`), 'password [REDACTED]');
    const fromEnv = profileOf('', { HTTPS_PROXY: withCredentials(open) });
    assert.ok(fromEnv.secrets.includes(PASSWORD) && fromEnv.proxy?.source === 'environment');
    const bad = parseProfile(join(dir, 'bank.yaml'), `name: x\nbaseUrl: https://${BANK}\n${HEAD}`, { HTTPS_PROXY: 'ftp://u:p4ss@x' });
    assert.equal(bad.errors[0]?.code, 'PROXY_INVALID');
    assert.equal(bad.errors[0]?.variable, 'HTTPS_PROXY');
    assert.doesNotMatch(bad.errors[0]?.message ?? '', /p4ss/);
    const written = parseProfile(join(dir, 'bank.yaml'), `name: x\nbaseUrl: https://${BANK}\n${HEAD}proxy:\n  url: proxy.corp:3128\n`, {});
    assert.equal(written.errors[0]?.code, 'SCHEMA');
    assert.equal(written.errors[0]?.line, 8);
    // A lone % in a password is a located error, not a crash; the password is not shown.
    const percent = parseProfile(join(dir, 'bank.yaml'), `name: x\nbaseUrl: https://${BANK}\n${HEAD}`, { HTTPS_PROXY: 'http://alice:50%off@proxy.corp:3128' });
    assert.equal(percent.errors[0]?.code, 'PROXY_INVALID');
    assert.match(percent.errors[0]?.message ?? '', /write a % there as %25/);
    assert.doesNotMatch(percent.errors[0]?.message ?? '', /50%off/);
    // A token given as the user name alone is a secret too.
    const token = profileOf('', { HTTPS_PROXY: 'http://s3kr1t-token@proxy.corp:3128' });
    assert.ok(token.secrets.includes('s3kr1t-token'), JSON.stringify(token.secrets.length));
  });
});

describe("the run's environment", () => {
  it('names the proxy (never its credentials) and says when baseUrl bypasses it', () => {
    const write = (name: string, baseUrl: string) => {
      const file = join(dir, name);
      writeFileSync(file, `name: Bank\nbaseUrl: ${baseUrl}\n${HEAD}proxy:\n  url: ${withCredentials(open)}\n  noProxy: [internal.example]\n`);
      return describeAspsp(file).transport ?? '';
    };
    const through = write('through.yaml', `https://${BANK}`);
    assert.equal(through, `HTTP proxy http://127.0.0.1:${open.port} (profile proxy; not for internal.example)`);
    assert.equal(write('local.yaml', 'http://127.0.0.1:4000'), `HTTP proxy http://127.0.0.1:${open.port} (profile proxy) bypassed for baseUrl (loopback or NO_PROXY)`);
  });
});

describe('the API client behind a proxy', () => {
  it('reaches the bank through the proxy, by a name only the proxy resolves', async () => {
    open.reset();
    const profile = profileOf(`proxy:\n  url: ${open.url}\n`);
    const client = createAspspClient(profile);
    try {
      const res = await client.send(health(profile));
      assert.equal(res.status, 200);
      assert.deepEqual(open.tunnels, [`${BANK}:${plain.port}`]);
      assert.deepEqual(open.requests, []);
    } finally {
      await client.close();
    }
  });

  it('keeps loopback direct with HTTP_PROXY set (the embedded reference ASPSP keeps working); proxy.loopback sends it through; NO_PROXY sends it direct again', async () => {
    open.reset();
    const direct = profileOf('', { HTTP_PROXY: open.url, HTTPS_PROXY: open.url }, plain.url);
    const proxied = profileOf(`proxy:\n  url: ${open.url}\n  loopback: true\n`, {}, plain.url);
    const listed = profileOf(`proxy:\n  url: ${open.url}\n  loopback: true\n  noProxy: ['127.0.0.1:${plain.port}']\n`, {}, plain.url);
    for (const profile of [direct, proxied, listed]) {
      const client = createAspspClient(profile);
      try {
        assert.equal((await client.send(health(profile))).status, 200);
      } finally {
        await client.close();
      }
    }
    assert.deepEqual(open.tunnels, [`127.0.0.1:${plain.port}`]);
  });

  it('speaks mTLS to the bank inside the tunnel: the bank sees the client certificate and its name is verified', async () => {
    open.reset();
    const tls = `tls:\n  cert: ${JSON.stringify(pki.qwac.cert)}\n  key: ${JSON.stringify(pki.qwac.key)}\n  ca: ${JSON.stringify(pki.ca.cert)}\n`;
    const profile = profileOf(`proxy:\n  url: ${open.url}\n${tls}`, {}, `https://${BANK}:${secure.port}`);
    const client = createAspspClient(profile);
    const accounts = { method: 'GET', url: `${profile.baseUrl}/v1/accounts`, headers: { 'x-request-id': randomUUID(), 'consent-id': 'no-such-consent', 'psu-ip-address': '192.0.2.10' } };
    try {
      const withCert = await client.send(accounts);
      const without = await client.send(accounts, { identity: 'none' });
      const codes = (r: { body: unknown }) => JSON.stringify((r.body as { tppMessages?: unknown }).tppMessages);
      assert.match(codes(without), /CERTIFICATE_MISSING/);
      assert.doesNotMatch(codes(withCert), /CERTIFICATE/, codes(withCert));
      assert.match(codes(withCert), /CONSENT_UNKNOWN/);
      // Two identities, two pools, two tunnels.
      assert.equal(open.tunnels.filter((t) => t === `${BANK}:${secure.port}`).length, 2);
    } finally {
      await client.close();
    }
    // The bank's certificate is checked against the bank's name, not the proxy's.
    const wrongName = profileOf(`proxy:\n  url: ${open.url}\n${tls}`, {}, `https://other.example:${secure.port}`);
    const other = createAspspClient(wrongName);
    try {
      await assert.rejects(other.send(health(wrongName)), (e: AspspTransportError) => e.code === 'ASPSP_TLS' && /ERR_TLS_CERT_ALTNAME_INVALID/.test(e.message));
    } finally {
      await other.close();
    }
  });

  it('names a 407 as the proxy wanting credentials: inconclusive (connectivity), not the bank; with them the bank is reached, and they show nowhere', async () => {
    guarded.reset();
    const profile = profileOf(`proxy:\n  url: ${guarded.url}\n`);
    const client = createAspspClient(profile);
    try {
      const error = await client.send(health(profile)).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof AspspTransportError, String(error));
      assert.equal(error.code, 'PROXY_AUTH_REQUIRED');
      assert.match(error.message, new RegExp(`the proxy http://127\\.0\\.0\\.1:${guarded.port} answered 407 Proxy Authentication Required to CONNECT ${BANK}:${plain.port}.*the bank was not reached`));
      const stop = transportStop(error);
      assert.equal(stop, 'PROXY');
      assert.equal(stopCategory[stop], 'connectivity');
      assert.ok(new CaseStopError(stop, error.message) instanceof CaseStopError);
    } finally {
      await client.close();
    }
    const authorised = profileOf(`proxy:\n  url: \${env:CORP_PROXY}\n`, { CORP_PROXY: withCredentials(guarded) });
    const ok = createAspspClient(authorised);
    try {
      const res = await ok.send(health(authorised));
      assert.equal(res.status, 200);
      assert.deepEqual(guarded.tunnels, [`${BANK}:${plain.port}`]);
      // The credentials went to the proxy, not to the bank.
      assert.ok(guarded.authorizations.length > 0);
      assert.ok(!Object.keys(res.request?.headers ?? {}).some((h) => /proxy/i.test(h)));
      const wrong = profileOf(`proxy:\n  url: http://${USER}:wrong-pass@127.0.0.1:${guarded.port}\n`);
      const refused = createAspspClient(wrong);
      const e = await refused.send(health(wrong)).then(() => undefined, (x: unknown) => x as AspspTransportError);
      await refused.close();
      assert.equal(e?.code, 'PROXY_AUTH_REQUIRED');
      assert.doesNotMatch(`${e?.message} ${e?.stack}`, /wrong-pass/);
    } finally {
      await ok.close();
    }
  });

  it('names a proxy that cannot be reached, and a proxy that cannot reach the bank, as the proxy', async () => {
    const gone = profileOf(`proxy:\n  url: http://127.0.0.1:1\n`);
    const client = createAspspClient(gone);
    try {
      const e = await client.send(health(gone)).then(() => undefined, (x: unknown) => x as AspspTransportError);
      assert.equal(e?.code, 'PROXY_UNREACHABLE');
      assert.match(e?.message ?? '', /the proxy http:\/\/127\.0\.0\.1:1 is unreachable: ECONNREFUSED/);
      assert.equal(transportStop(e!), 'PROXY');
    } finally {
      await client.close();
    }
    const unknown = profileOf(`proxy:\n  url: ${open.url}\n`, {}, 'https://unknown-bank.example');
    const other = createAspspClient(unknown);
    try {
      const e = await other.send(health(unknown)).then(() => undefined, (x: unknown) => x as AspspTransportError);
      assert.equal(e?.code, 'PROXY_REFUSED');
      assert.match(e?.message ?? '', /answered 502 to CONNECT unknown-bank\.example:443/);
    } finally {
      await other.close();
    }
  });
});

describe("the PSU's browser behind a proxy", () => {
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch(chromiumLaunchOptions());
  });
  after(() => browser?.close());

  it("opens the bank's SCA page through the proxy (with its credentials), by the name only the proxy resolves", async () => {
    guarded.reset();
    const profile = profileOf(`proxy:\n  url: ${withCredentials(guarded)}\n`);
    const client = createAspspClient(profile);
    let link: string;
    try {
      const res = await client.send({
        method: 'POST',
        url: `${profile.baseUrl}/v1/consents`,
        headers: { 'content-type': 'application/json', 'x-request-id': randomUUID(), 'psu-id': 'PSU-1001', 'psu-ip-address': '192.0.2.10', 'tpp-redirect-uri': 'https://tpp.example/ok' },
        body: JSON.stringify({ access: { accounts: [{ iban: 'DE27100200300012345678' }] }, recurringIndicator: true, validUntil: '2099-12-31', frequencyPerDay: 4, combinedServiceIndicator: false }),
      });
      assert.equal(res.status, 201, res.text);
      link = (res.body as { _links: { scaRedirect: { href: string } } })._links.scaRedirect.href;
      assert.ok(link.startsWith(`http://${BANK}:${plain.port}/sca/`), link);
    } finally {
      await client.close();
    }
    guarded.reset();
    const driver = createBrowserScaDriver(async () => browser, { proxy: browserProxy(profile.proxy)!, trace: false, ignoreHttpsErrors: true });
    const session = await driver.open(link, ['https://tpp.example/ok']);
    try {
      await session.perform({ page: 'login', waitFor: '#username' }, () => '');
    } finally {
      await session.close();
    }
    // An https:// page through the CONNECT tunnel, with the same credentials.
    const tunnelled = await driver.open(`https://${BANK}:${secure.port}/health`, ['https://tpp.example/ok']).catch((e: unknown) => e);
    assert.ok(!(tunnelled instanceof Error), String(tunnelled));
    await (tunnelled as { close(): Promise<void> }).close();
    assert.ok(guarded.tunnels.includes(`${BANK}:${secure.port}`), JSON.stringify(guarded.tunnels));
    const seen = { refused: guarded.refused.length, authorised: guarded.authorizations.length, reached: [...guarded.tunnels, ...guarded.requests].some((t) => t.includes(`${BANK}:${plain.port}`)) };
    // Loopback stays direct in the browser too (Playwright would otherwise force it through).
    guarded.reset();
    const local = await driver.open(`${plain.url}/health`, ['https://tpp.example/ok']);
    await local.close();
    assert.deepEqual([...guarded.tunnels, ...guarded.requests, ...guarded.refused], []);
    // Chromium asked without credentials first, was challenged, then came back with them.
    assert.ok(seen.refused > 0 && seen.authorised > 0, JSON.stringify(seen));
    assert.ok(seen.reached, JSON.stringify(seen));
  });
});

describe('a run behind an authenticating proxy', () => {
  /** One case of suites/ais through the proxy: the profile is the reference one, at a name only the proxy resolves. */
  const runThrough = async (proxyLine: string, env: Record<string, string>) => {
    const reports = tempDir('psd2-proxy-run-');
    const text = readFileSync(join(repoRoot, 'fixtures/aspsps/reference.yaml'), 'utf8')
      .replace(/^baseUrl:.*$/m, `baseUrl: http://${BANK}:${plain.port}`)
      .replace('$schema=./profile.schema.json', `$schema=${join(repoRoot, 'fixtures/aspsps/profile.schema.json')}`);
    const profile = join(reports, 'profile.yaml');
    writeFileSync(profile, `${text}\nproxy:\n  url: ${proxyLine}\n`);
    const result = await cli(['run', 'suites/ais/consent-lifecycle.yaml', '--grep', 'delete-received', '--profile', profile, '--no-report'], { PSD2_REPORTS: reports, ...env });
    const runDir = latestRunDir(reports);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as { rules: { id: string; verdict: string }[]; cases: { stopped?: { code: string; category: string; message: string } }[] };
    const files = readdirSync(runDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name));
    assert.ok(files.some((f) => f.endsWith('profile.yaml')) && files.length > 3, files.join(', '));
    const everything = [result.output, ...files.map((f) => readFileSync(f).toString('latin1'))].join('\n');
    return { ...result, summary, everything, runInfo: readFileSync(join(runDir, 'run.json'), 'utf8') };
  };

  it('passes through the proxy with its credentials, and the run says which proxy, never the credentials', async () => {
    guarded.reset();
    const run = await runThrough('${env:CORP_PROXY}', { CORP_PROXY: withCredentials(guarded) });
    assert.equal(run.code, 0, run.output);
    assert.equal(run.summary.rules.find((r) => r.id === 'AIS-CONSENT-DELETE')?.verdict, 'passed');
    assert.ok(guarded.tunnels.length > 0 && guarded.tunnels.every((t) => t === `${BANK}:${plain.port}`), JSON.stringify(guarded.tunnels));
    assert.match(run.runInfo, new RegExp(`HTTP proxy http://127\\.0\\.0\\.1:${guarded.port} \\(profile proxy\\)`));
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), `${USER}:`]) assert.ok(!run.everything.includes(secret), `${secret} leaked`);
  });

  it('refused with 407: the case stops as the proxy\'s (inconclusive, connectivity), the bank is not blamed, the wrong password shows nowhere', async () => {
    guarded.reset();
    const run = await runThrough(`http://${USER}:Wr0ng-Pa55@127.0.0.1:${guarded.port}`, {});
    assert.notEqual(run.code, 0, run.output);
    assert.equal(run.summary.rules.find((r) => r.id === 'AIS-CONSENT-DELETE')?.verdict, 'inconclusive');
    const stopped = run.summary.cases[0]?.stopped;
    assert.equal(stopped?.code, 'PROXY');
    assert.equal(stopped?.category, 'connectivity');
    assert.match(stopped?.message ?? '', /PROXY_AUTH_REQUIRED: .*answered 407 Proxy Authentication Required/);
    assert.match(run.output, /PROXY +.*the proxy http:\/\/127\.0\.0\.1:\d+ answered 407/);
    assert.deepEqual(guarded.tunnels, []);
    for (const secret of ['Wr0ng-Pa55', `${USER}:`]) assert.ok(!run.everything.includes(secret), `${secret} leaked`);
  });
});

describe("the PSU's browser when the proxy refuses", () => {
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch(chromiumLaunchOptions());
  });
  after(() => browser?.close());

  const openThrough = async (proxy: Parameters<typeof createBrowserScaDriver>[1] extends infer O ? O extends { proxy?: infer P } ? P : never : never, link: string) => {
    const driver = createBrowserScaDriver(async () => browser, { proxy, trace: false, pageTimeoutMs: 5_000, ignoreHttpsErrors: true });
    const session = await driver.open(link, ['https://tpp.example/ok']).catch((e: unknown) => e);
    if (!(session instanceof Error)) await (session as { close(): Promise<void> }).close();
    return session as ScaPageError;
  };

  it('names a 407 and an unreachable proxy as the proxy (ScaPageError kind proxy, which the SCA steps stop as PROXY)', async () => {
    const wrong = { server: guarded.url, username: USER, password: 'Wr0ng-Pa55' };
    // An http:// page: the proxy's 407 comes back as the page's answer. (An https:// page behind a
    // refused CONNECT is never answered by Chromium: it runs into the page timeout. The API calls
    // before any SCA meet the same proxy with the same credentials and stop first, as PROXY.)
    const e = await openThrough(wrong, `http://${BANK}:${plain.port}/health`);
    assert.ok(e instanceof ScaPageError, String(e));
    assert.equal(e.kind, 'proxy', e.message);
    assert.equal(e.status, 407);
    assert.match(e.message, /answered 407 Proxy Authentication Required .*the bank was not reached/);
    assert.doesNotMatch(e.message, /Wr0ng-Pa55/);
    const gone = await openThrough({ server: 'http://127.0.0.1:1' }, `http://${BANK}:${plain.port}/health`);
    assert.equal(gone.kind, 'proxy', gone.message);
    assert.match(gone.message, /did not load through the proxy http:\/\/127\.0\.0\.1:1: .*net::ERR_PROXY_CONNECTION_FAILED/);
  });
});

describe('init --discover behind a proxy', () => {
  it('probes the bank through HTTP_PROXY, by a name only the proxy resolves', async () => {
    open.reset();
    const out = join(tempDir('psd2-proxy-init-'), 'discovered.yaml');
    const { code, output } = await cli(['init', '--base-url', `http://${BANK}:${plain.port}`, '--discover', '--out', out], { HTTP_PROXY: open.url, http_proxy: '', HTTPS_PROXY: '', https_proxy: '', NO_PROXY: '', no_proxy: '' });
    assert.equal(code, 0, output);
    assert.match(output, /createConsent: POST .*\/v1\/consents: HTTP 201/);
    assert.match(output, /SCA approach: REDIRECT/);
    assert.ok(open.tunnels.length >= 2 && open.tunnels.every((t) => t === `${BANK}:${plain.port}`), JSON.stringify(open.tunnels));
  });
});
