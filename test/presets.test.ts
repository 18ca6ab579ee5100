import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parseProfile } from '../src/profile/load.ts';
import { ruleCatalog } from '../src/rules/catalog.ts';
import { findPreset, presets, type Preset } from '../src/sandbox/presets.ts';
import { readServerTls } from '../src/sandbox/security/tls.ts';
import { startSandbox, type RunningSandbox } from '../src/sandbox/server.ts';
import { cli, latestRunDir, repoRoot, tempDir } from './helpers/cli.ts';
import { grepForCases } from './helpers/fault-proof-cases.ts';

/**
 * Bank personalities: each preset of the reference ASPSP runs green with its profile, and what
 * sets it apart is seen by a rule (a profile expecting otherwise fails or cannot judge it).
 */

interface Summary {
  exitCode: number;
  rules: { id: string; verdict: string }[];
}

let pkiDir: string;
before(async () => {
  pkiDir = tempDir('psd2-presets-pki-');
  const { code, output } = await cli(['certs', '--out', pkiDir]);
  assert.equal(code, 0, output);
});

const preset = (name: string): Preset => findPreset(name) ?? assert.fail(`no preset ${name}`);

async function bank(p: Preset, tls = false): Promise<RunningSandbox> {
  return startSandbox({
    port: 0,
    ...(p.settings ? { settings: p.settings } : {}),
    ...(p.oauth ? { oauth: p.oauth } : {}),
    ...(tls || p.requireClientCert ? { tls: readServerTls(pkiDir), requireClientCert: p.requireClientCert === true, requireSignature: p.requireSignature === true } : {}),
  });
}

/** Runs the cases of `rules` (by tag) with `profile` against `url`; the profile may be rewritten first. */
async function run(profile: string, url: string, rules: readonly string[], edit: (text: string) => string = (t) => t) {
  return runGrep(profile, url, rules.map((r) => `@${r}(?![A-Z0-9-])`).join('|'), edit);
}

/** Runs the cases `grep` selects with `profile` against `url`. */
async function runGrep(profile: string, url: string, grep: string, edit: (text: string) => string = (t) => t) {
  const dir = tempDir('psd2-preset-run-');
  const file = join(dir, 'profile.yaml');
  writeFileSync(file, edit(readFileSync(join(repoRoot, profile), 'utf8')).replace(/\.\.\/\.\.\/certs/g, pkiDir));
  const { code, output } = await cli(['run', '--profile', file, '--grep', grep, '--workers', '1', '--no-report'], { PSD2_REPORTS: dir, PSD2_SANDBOX_URL: url, PSD2_TLS_DIR: pkiDir });
  const runDir = latestRunDir(dir);
  const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;
  const verdict = (id: string) => summary.rules.find((r) => r.id === id)?.verdict;
  /** Every request and response of the run, as the run folder keeps them. */
  const requestsLog = () => readFileSync(join(runDir, 'requests.log'), 'utf8');
  return { code, output, verdict, requestsLog };
}

describe('presets', () => {
  it('each has a profile under fixtures/aspsps/ that loads, and declares its deviations by rule; a profile accepts only declared ones', () => {
    for (const p of presets) {
      const file = join(repoRoot, p.profile);
      const { profile, errors } = parseProfile(file, readFileSync(file, 'utf8'), { PSD2_TLS_DIR: pkiDir });
      assert.deepEqual(errors, [], p.name);
      for (const d of p.deviations) assert.ok(ruleCatalog.has(d.rule), `${p.name} declares unknown rule ${d.rule}`);
      const declared = new Set(p.deviations.map((d) => d.rule));
      for (const d of profile!.deviations ?? []) assert.ok(declared.has(d.rule), `${p.profile} accepts ${d.rule}, which preset ${p.name} does not declare`);
      assert.equal(profile!.capabilities.includes('mtls'), p.requireClientCert === true, `${p.name}: capability mtls matches the bank`);
    }
  });

  it('the derived profiles keep the reference profile\'s PSUs, payments, SCA scripts and capabilities (no drift)', () => {
    const load = (rel: string) => {
      const file = join(repoRoot, rel);
      return parseProfile(file, readFileSync(file, 'utf8'), { PSD2_TLS_DIR: pkiDir }).profile!;
    };
    const reference = load('fixtures/aspsps/reference.yaml');
    for (const rel of ['fixtures/aspsps/reference-mtls.yaml', ...presets.map((p) => p.profile)]) {
      const derived = load(rel);
      assert.deepEqual(derived.psus, reference.psus, rel);
      // A widget-style bank's script also ticks the accounts to share (check:); otherwise the same pages.
      const withoutTicks = (redirect: typeof derived.sca.redirect) =>
        redirect && Object.fromEntries(Object.entries(redirect).map(([outcome, script]) => [outcome, script.map(({ check: _, ...action }) => action)]));
      assert.deepEqual(withoutTicks(derived.sca.redirect), withoutTicks(reference.sca.redirect), rel);
      assert.deepEqual((derived as { payments?: unknown }).payments, (reference as { payments?: unknown }).payments, rel);
      assert.deepEqual(derived.capabilities.filter((c) => c !== 'mtls' && c !== 'signing'), reference.capabilities, rel);
    }
  });

  it('sandbox --preset: an unknown name is refused with a suggestion; a certificate-only preset needs --tls-dir', async () => {
    const typo = await cli(['sandbox', '--preset', 'consent-180-day']);
    assert.equal(typo.code, 2);
    assert.match(typo.output, /did you mean 'consent-180-days'/);
    const noTls = await cli(['sandbox', '--preset', 'consent-12-months']);
    assert.equal(noTls.code, 2);
    assert.match(noTls.output, /admits TPPs by client certificate: it need --tls-dir/);
  });
});

describe('consent-180-days and consent-12-months', () => {
  const CAP = 'AIS-CONSENT-VALIDUNTIL-CAP';

  it('consent-180-days runs green; its cap is what AIS-CONSENT-VALIDUNTIL-CAP checks: against the 12-month bank the same profile fails it', async () => {
    const p = preset('consent-180-days');
    const own = await bank(p);
    try {
      const green = await run(p.profile, own.url, [CAP, 'AIS-CONSENT-EXPIRY']);
      assert.equal(green.code, 0, green.output);
      assert.equal(green.verdict(CAP), 'passed');
      assert.equal(green.verdict('AIS-CONSENT-EXPIRY'), 'passed');
    } finally {
      await own.close();
    }
    const twelve = await startSandbox({ port: 0, settings: preset('consent-12-months').settings });
    try {
      const other = await run(p.profile, twelve.url, [CAP]);
      assert.equal(other.code, 1, other.output);
      assert.equal(other.verdict(CAP), 'failed');
    } finally {
      await twelve.close();
    }
  });

  it('consent-12-months runs green with its declared deviation (accepted, shown) and client certificates only; without the entry the cap fails', async () => {
    const p = preset('consent-12-months');
    const own = await bank(p);
    try {
      const green = await run(p.profile, own.url, [CAP, 'CERT-MISSING', 'CERT-ROLE', 'SIG-MISSING']);
      assert.equal(green.code, 0, green.output);
      assert.equal(green.verdict(CAP), 'accepted deviation');
      assert.equal(green.verdict('CERT-MISSING'), 'passed');
      assert.equal(green.verdict('CERT-ROLE'), 'passed');
      // Certificate only: no signing capability, so signing cases are not applicable.
      assert.equal(green.verdict('SIG-MISSING'), 'not applicable');
      assert.match(green.output, /ACCEPTED AIS-CONSENT-VALIDUNTIL-CAP: accepted until 2099-12-31/);

      const undeclared = await run(p.profile, own.url, [CAP], (t) => t.replace(/\ndeviations:[\s\S]*$/, '\n'));
      assert.equal(undeclared.code, 1, undeclared.output);
      assert.equal(undeclared.verdict(CAP), 'failed');
    } finally {
      await own.close();
    }
  });
});

describe('access-blocked', () => {
  it('until the account holder enables access the run fails SCA-REDIRECT-OK quoting the bank\'s page plainly; then it is green', async () => {
    const p = preset('access-blocked');
    const own = await bank(p);
    try {
      const blocked = await run(p.profile, own.url, ['SCA-REDIRECT-OK']);
      assert.equal(blocked.code, 1, blocked.output);
      assert.equal(blocked.verdict('SCA-REDIRECT-OK'), 'failed');
      assert.match(blocked.output, /HTTP 403.*Access for third-party providers \(PSD2\) is not enabled for this account\. The account holder must enable it in online banking first\./);

      // Every PSU the run acts as: the main one, and the one whose consents need confirming.
      for (const psu of ['PSU-1001', 'PSU-1003']) {
        const enabled = await fetch(`${own.url}/test/psu/${psu}/psd2-access`, { method: 'POST' });
        assert.equal(enabled.status, 200, psu);
      }
      const green = await run(p.profile, own.url, ['SCA-REDIRECT-OK', 'AIS-CONSENT-VALID-AFTER-SCA']);
      assert.equal(green.code, 0, green.output);
      assert.equal(green.verdict('SCA-REDIRECT-OK'), 'passed');
    } finally {
      await own.close();
    }
  });
});

describe('oauth-5-minutes', () => {
  const RULES = ['OAUTH-PKCE', 'OAUTH-TOKEN-EXPIRY', 'AIS-TX-90D-GRACE', 'AIS-TX-90D', 'PIIS-CONSENT'];

  it('runs green with a bearer token on every request; its PKCE, 5-minute tokens, 5-minute window and open-ended PIIS consents are what those rules check: a bank otherwise fails each', async () => {
    const p = preset('oauth-5-minutes');
    const own = await bank(p);
    // The same bank with hour-long tokens and window, no PKCE, PIIS consents only with a real end date.
    const other = await startSandbox({
      port: 0,
      settings: { freshScaMs: 60 * 60_000 },
      oauth: { requireToken: true, accessTokenTtlSeconds: 3600 },
      faults: ['oauth-pkce-not-verified', 'piis-consent-open-ended-refused'],
    });
    try {
      const [green, otherwise] = await Promise.all([run(p.profile, own.url, RULES), run(p.profile, other.url, RULES)]);
      assert.equal(green.code, 0, green.output);
      for (const id of RULES) assert.equal(green.verdict(id), 'passed', id);
      assert.equal(otherwise.code, 1, otherwise.output);
      for (const id of ['OAUTH-PKCE', 'OAUTH-TOKEN-EXPIRY', 'AIS-TX-90D', 'PIIS-CONSENT']) assert.equal(otherwise.verdict(id), 'failed', id);
    } finally {
      await Promise.all([own.close(), other.close()]);
    }
  });
});

describe('widget-accounts', () => {
  const OFFERED = 'AIS-CONSENT-BANK-OFFERED';

  it('runs green when the script ticks the account on the bank\'s page (and goes on where there is none); without the tick SCA-REDIRECT-OK fails quoting the page and the consent is not judged', async () => {
    const p = preset('widget-accounts');
    const own = await bank(p);
    try {
      const [green, untouched] = await Promise.all([
        run(p.profile, own.url, [OFFERED, 'AIS-ACCOUNTS-READ', 'AIS-CONSENT-VALID-AFTER-SCA']),
        run(p.profile, own.url, [OFFERED], (t) => t.replace(/^ *check: .*\n/m, '')),
      ]);
      assert.equal(green.code, 0, green.output);
      for (const id of [OFFERED, 'AIS-ACCOUNTS-READ', 'AIS-CONSENT-VALID-AFTER-SCA', 'SCA-REDIRECT-OK']) assert.equal(green.verdict(id), 'passed', id);

      assert.equal(untouched.code, 1, untouched.output);
      assert.equal(untouched.verdict('SCA-REDIRECT-OK'), 'failed');
      assert.equal(untouched.verdict(OFFERED), 'inconclusive');
      assert.match(untouched.output, /Please tick at least one account/);
    } finally {
      await own.close();
    }
  });
});

describe('oauth-scoped', () => {
  const SCOPE = 'OAUTH-SCOPE';

  it('runs green with its declared deviation, the failure naming the OAuth error the bank sent; without the entry OAUTH-SCOPE fails', async () => {
    const p = preset('oauth-scoped');
    const own = await bank(p);
    try {
      const [green, undeclared] = await Promise.all([
        run(p.profile, own.url, [SCOPE, 'OAUTH-TOKEN-ACCEPTED']),
        run(p.profile, own.url, [SCOPE], (t) => t.replace(/\ndeviations:[\s\S]*$/, '\n')),
      ]);
      assert.equal(green.code, 0, green.output);
      assert.equal(green.verdict(SCOPE), 'accepted deviation');
      assert.equal(green.verdict('OAUTH-TOKEN-ACCEPTED'), 'passed');
      assert.match(green.output, /error code should be TOKEN_INVALID, got none: the body is an OAuth error instead \(error insufficient_scope: "The access token's scope does not cover AIS\."\)/);
      assert.match(green.output, /ACCEPTED OAUTH-SCOPE: accepted until 2099-12-31/);
      assert.match(green.requestsLog(), /^www-authenticate: Bearer realm="xs2a", error="insufficient_scope", error_description="The access token's scope does not cover AIS\.", scope="AIS"$/m);

      assert.equal(undeclared.code, 1, undeclared.output);
      assert.equal(undeclared.verdict(SCOPE), 'failed');
    } finally {
      await own.close();
    }
  });
});

describe('explicit-start', () => {
  // The AIS consent cases with redirect SCA, one that lists the authorisation, a payment's, and a
  // consent's decoupled SCA (the start then prefers decoupled and polls the scaStatus it answers).
  const CASES = ['consent-approved', 'consent-denied', 'consent-type-dedicated', 'authorisations-listed', 'authorisation-sca-status', 'settles-single-sct', 'decoupled-approved'];

  it('the suites written for an implicit start drive it: each SCA journey first POSTs the startAuthorisation link the bank gives, judged under SCA-START-AUTHORISATION (its faults: test/faults)', async () => {
    const p = preset('explicit-start');
    const own = await bank(p);
    try {
      const green = await runGrep(p.profile, own.url, grepForCases(CASES));
      assert.equal(green.code, 0, green.output);
      for (const id of ['SCA-START-AUTHORISATION', 'SCA-REDIRECT-OK', 'SCA-REDIRECT-NOK', 'AIS-CONSENT-VALID-AFTER-SCA', 'AIS-CONSENT-AUTHORISATIONS', 'AIS-CONSENT-SCA-STATUS', 'PIS-STATUS-FLOW', 'SCA-DECOUPLED-STATUS']) {
        assert.equal(green.verdict(id), 'passed', id);
      }
      const log = green.requestsLog();
      assert.match(log, /^POST \S+\/v1\/consents\/[^/\s]+\/authorisations$/m);
      assert.match(log, /^POST \S+\/v1\/payments\/sepa-credit-transfers\/[^/\s]+\/authorisations$/m);
      // The decoupled start says so: the bank's app then asks the PSU, and the TPP polls.
      assert.match(log, /^TPP-Decoupled-Preferred: true$/m);
    } finally {
      await own.close();
    }
  });
});
