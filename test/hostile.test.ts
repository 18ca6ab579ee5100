import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, repoRoot } from './helpers/cli.ts';
import { CONTROL_BYTES_BODY, startHostileBank, type HostileBank, type HostileMode } from './helpers/hostile-bank.ts';

/**
 * The harness against banks it has never seen: each misbehaviour of the hostile bank must give
 * the right verdict category (the bank failed a rule / the rule is inconclusive), name its cause,
 * end within its budget and leave summary.json behind. The real suites run, unchanged.
 */

interface Summary {
  outcome: string;
  exitCode: number;
  rules: { id: string; verdict: string; reasons?: string[] }[];
  cases: { title: string; status: string; stopped?: { code: string; category: string; message: string } }[];
  suiteErrors: { title: string; message: string }[];
}

interface Run {
  readonly code: number;
  readonly output: string;
  readonly summary: Summary;
  readonly ms: number;
  readonly dir: string;
  verdict(id: string): string | undefined;
}

const SUITE = join(repoRoot, 'suites/ais/consent-redirect.yaml');
// Generous where the test is not about them: runs overlap with other test files on two cores.
const TIMEOUTS = { request: 5000, case: 30_000, scaPage: 10_000, scaReturn: 10_000 };

function profileText(baseUrl: string, options: { timeouts?: Partial<typeof TIMEOUTS>; headers?: Record<string, string>; frame?: string } = {}): string {
  const frame = options.frame ? `, frame: '${options.frame}'` : '';
  return [
    `name: Hostile bank`,
    `baseUrl: ${baseUrl}`,
    `spec: berlin-group-1.3.12`,
    `scaApproaches: [REDIRECT]`,
    `headers: ${JSON.stringify({ 'PSU-IP-Address': '192.0.2.10', ...options.headers })}`,
    `psu: { id: PSU-1, iban: DE27100200300012345678, password: Hostile-Pass-4711 }`,
    `tpp: { redirectUri: 'https://tpp.localhost/callback/ok', nokRedirectUri: 'https://tpp.localhost/callback/nok' }`,
    `timeouts: ${JSON.stringify({ ...TIMEOUTS, ...options.timeouts })}`,
    `sca:`,
    `  redirect:`,
    `    approve: [{ page: login, waitFor: '#username', fill: { '#username': '\${psu.id}', '#password': '\${psu.password}' }, click: '#login'${frame} }]`,
    `    deny: [{ page: login, waitFor: '#deny', click: '#deny'${frame} }]`,
    '',
  ].join('\n');
}

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function runAgainst(
  baseUrl: string,
  options: { grep?: string; report?: boolean; suites?: string[]; env?: NodeJS.ProcessEnv } & Parameters<typeof profileText>[1] = {},
): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'psd2-hostile-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'profile.yaml'), profileText(baseUrl, options));
  const args = ['run', ...(options.suites ?? [SUITE]), '--profile', join(dir, 'profile.yaml'), '--out', join(dir, 'run'), ...(options.grep ? ['--grep', options.grep] : []), ...(options.report ? [] : ['--no-report'])];
  const started = performance.now();
  const { code, output } = await cli(args, { PSD2_REPORTS: join(dir, 'reports'), ...options.env });
  const ms = performance.now() - started;
  const file = join(dir, 'run', 'summary.json');
  assert.ok(existsSync(file), `no summary.json after the run:\n${output}`);
  const summary = JSON.parse(readFileSync(file, 'utf8')) as Summary;
  return { code, output, summary, ms, dir, verdict: (id) => summary.rules.find((r) => r.id === id)?.verdict };
}

function failedRules(run: Run): string[] {
  return run.summary.rules.filter((r) => r.verdict === 'failed').map((r) => r.id);
}

// Runs overlap: most of their time is spent waiting on the bank's misbehaviour, not on the CPU.
describe('against a hostile bank', { concurrency: 3 }, () => {
  let bank: HostileBank;
  const at = (mode: HostileMode) => `${bank.url}/${mode}`;
  before(async () => {
    bank = await startHostileBank();
  });
  after(() => bank.close());

  test('its conformant core passes: every misbehaviour below is the only difference', async () => {
    const run = await runAgainst(at('conformant'));
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(failedRules(run), []);
  });

  test('a bank that trickles every body: each case stops on the request deadline, within budget, causes in summary.json', async () => {
    const run = await runAgainst(at('trickle'), { timeouts: { request: 1500, case: 8000 } });
    assert.equal(run.code, 2, run.output);
    assert.deepEqual(failedRules(run), []);
    assert.ok(run.summary.cases.length >= 3);
    for (const c of run.summary.cases) {
      assert.equal(c.stopped?.code, 'ASPSP_TRANSPORT', JSON.stringify(c));
      assert.match(c.stopped.message, /ASPSP_TIMEOUT: .*no complete answer within 1\.5 s: timed out after the headers, \d+ byte\(s\) of body received/);
    }
    // The stop codes above prove the request deadline fired, not the case budget; this bound only
    // catches a run that hangs (the margin is the runner's start on a machine busy with other work).
    assert.ok(run.ms < run.summary.cases.length * 8000 + 60_000, `took ${run.ms} ms`);
    assert.match(run.output, /Stopped cases/);
  });

  test('a chunked body that never ends: the case budget stops it, naming the budget', async () => {
    const run = await runAgainst(at('endless-chunked'), { grep: 'without-request-id', timeouts: { request: 60_000, case: 2000 } });
    assert.equal(run.code, 2, run.output);
    assert.equal(run.summary.cases[0]?.stopped?.code, 'CASE_DEADLINE');
    assert.match(run.summary.cases[0]!.stopped!.message, /time budget/);
    assert.equal(run.verdict('HDR-XREQID-REQUIRED'), 'inconclusive');
    // Stopped by the 2 s case budget, well before the 60 s request deadline (the margin is the runner's start on a busy machine).
    assert.ok(run.ms < 50_000, `took ${run.ms} ms`);
  });

  test('no headers ever: timeout before the response headers', async () => {
    const run = await runAgainst(at('silent'), { grep: 'without-request-id' });
    assert.match(run.summary.cases[0]?.stopped?.message ?? '', /ASPSP_TIMEOUT: .*timed out before the response headers/);
  });

  test('a body cut off mid-JSON is named truncated, not unreachable', async () => {
    const run = await runAgainst(at('truncated-json'), { grep: 'consent-approved' });
    assert.equal(run.code, 2, run.output);
    assert.match(run.summary.cases[0]?.stopped?.message ?? '', /ASPSP_TRUNCATED: .*cut off.*of 500 announced/);
    assert.doesNotMatch(run.output, /unreachable/);
  });

  test('a connection reset before the headers is named a reset', async () => {
    const run = await runAgainst(at('reset-before-headers'), { grep: 'without-request-id' });
    assert.match(run.summary.cases[0]?.stopped?.message ?? '', /ASPSP_RESET: .*before the response headers/);
  });

  test('a body over the size limit stops the case, naming the limit', async () => {
    const run = await runAgainst(at('huge-body'), { grep: 'without-request-id', timeouts: { request: 20_000 } });
    assert.match(run.summary.cases[0]?.stopped?.message ?? '', /ASPSP_BODY_TOO_LARGE: .*over \d+ bytes/);
  });

  test('a bank down for maintenance (503 on every call, asked again as Retry-After allows): each case stopped as unavailable, no rule failed', async () => {
    const run = await runAgainst(at('unavailable'));
    assert.equal(run.code, 2, run.output);
    assert.deepEqual(failedRules(run), []);
    assert.ok(run.summary.cases.length >= 3);
    for (const c of run.summary.cases) {
      assert.equal(c.stopped?.code, 'ASPSP_UNAVAILABLE', JSON.stringify(c));
      assert.match(c.stopped?.message ?? '', /answered HTTP 503, asked 3 times/);
    }
  });

  test('a gateway that throttles each request once (bare 429, Retry-After: 0): asked again, the run passes', async () => {
    const run = await runAgainst(at('throttled-first'));
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(failedRules(run), []);
  });

  test('a redirect to itself is judged as the undeclared status it is, once', async () => {
    const run = await runAgainst(at('redirect-loop'), { grep: 'without-request-id' });
    assert.equal(run.code, 1, run.output);
    assert.equal(run.verdict('BG-OAS-STATUS'), 'failed');
    assert.equal(run.verdict('HDR-XREQID-REQUIRED'), 'failed');
  });

  test('duplicate member names fail the body rule with their location, and the ambiguous value is not passed', async () => {
    const run = await runAgainst(at('duplicate-members'), { grep: 'consent-approved' });
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /\[BG-OAS-BODY\] getConsentStatus 200: member \/consentStatus appears more than once \(line 1, column \d+\)/);
    assert.equal(run.verdict('AIS-CONSENT-STATUS'), 'failed');
    assert.match(run.output, /\[AIS-CONSENT-STATUS\] .*\/consentStatus cannot be judged as the bank meant it/);
  });

  test('invalid UTF-8 fails the body rule at its byte offset', async () => {
    const run = await runAgainst(at('invalid-utf8'), { grep: 'consent-approved' });
    assert.match(run.output, /\[BG-OAS-BODY\] createConsent 201: the body is not valid UTF-8: byte 0xc3 at offset \d+/);
    assert.equal(run.verdict('BG-OAS-BODY'), 'failed');
  });

  test('JSON under a wrong content type: the content type rule fails, the content is still judged (and passes)', async () => {
    const run = await runAgainst(at('wrong-content-type'), { grep: 'consent-denied' });
    assert.equal(run.verdict('BG-OAS-CONTENT-TYPE'), 'failed');
    assert.equal(run.verdict('AIS-CONSENT-CREATE'), 'passed', run.output);
    assert.equal(run.verdict('SCA-REDIRECT-NOK'), 'passed', run.output);
  });

  test('a gzip body that does not decode names the decoding error', async () => {
    const run = await runAgainst(at('bad-gzip'), { grep: 'consent-approved' });
    assert.match(run.output, /\[BG-OAS-BODY\] createConsent 201: the body does not decode as content-encoding gzip/);
  });

  test('control bytes from the bank never reach the console or the summary, and the evidence keeps the exact bytes', async () => {
    const run = await runAgainst(at('control-bytes'), { grep: 'consent-approved', report: false });
    assert.equal(run.code, 1, run.output);
    assert.doesNotMatch(run.output, /\u001b\[31mEVIL/);
    assert.doesNotMatch(run.output, /\u0000/);
    assert.doesNotMatch(readFileSync(join(run.dir, 'run/summary.json'), 'utf8'), /\u001b|\\u001b\[31mEVIL\\u001b/);
    const results = join(run.dir, 'run/allure-results');
    const raw = readdirSync(results).some((f) => readFileSync(join(results, f)).equals(Buffer.from(CONTROL_BYTES_BODY)));
    assert.ok(raw, 'no attachment holds the body exactly as the bank sent it');
  });

  test('a bank that requires OAuth, with a profile that has no OAuth settings: no rule failed, each case says why', async () => {
    const run = await runAgainst(at('oauth-required'));
    assert.deepEqual(failedRules(run), [], run.output);
    assert.equal(run.code, 2);
    for (const c of run.summary.cases) assert.equal(c.stopped?.code, 'CREDENTIALS', JSON.stringify(c));
    const create = run.summary.rules.find((r) => r.id === 'AIS-CONSENT-CREATE');
    assert.equal(create?.verdict, 'inconclusive');
    assert.match(create?.reasons?.join('\n') ?? '', /401 TOKEN_INVALID \(WWW-Authenticate: Bearer\): it wants an access token, and the profile gives the harness none/);
  });

  test('a header the spec declares only on 201 is not judged on a 400', async () => {
    const run = await runAgainst(at('consent-400'), { grep: 'consent-approved' });
    assert.equal(run.verdict('AIS-CONSENT-CREATE'), 'failed');
    const approach = run.summary.rules.find((r) => r.id === 'SCA-APPROACH-HEADER');
    assert.equal(approach?.verdict, 'inconclusive', run.output);
    assert.match(approach?.reasons?.join('\n') ?? '', /the spec does not declare ASPSP-SCA-Approach on createConsent 400/);
  });

  test('an SCA link that answers 404: the SCA rule fails at once, and nothing after it passes or fails on a state SCA never made', async () => {
    const run = await runAgainst(at('sca-404'), { timeouts: { scaPage: 60_000 } });
    assert.equal(run.code, 1, run.output);
    assert.equal(run.verdict('SCA-REDIRECT-OK'), 'failed');
    assert.equal(run.verdict('SCA-REDIRECT-NOK'), 'failed');
    assert.match(run.output, /\[SCA-REDIRECT-OK\] the ASPSP's SCA link does not work: the SCA link .* answered HTTP 404: 404 This authorisation does not exist/);
    for (const id of ['AIS-CONSENT-VALID-AFTER-SCA', 'AIS-ACCOUNTS-READ', 'AIS-CONSENT-REJECTED-AFTER-DENY', 'AIS-CONSENT-INVALID-USE']) {
      assert.equal(run.verdict(id), 'inconclusive', `${id}: ${run.verdict(id)}`);
    }
    // An error page ends the step at once: nowhere near the 60 s page timeout per case.
    assert.ok(run.ms < 45_000, `took ${run.ms} ms`);
  });

  test('an SCA page whose script crashes: the step says what it waited for, where, and the page error', async () => {
    const run = await runAgainst(at('sca-script-error'), { grep: 'consent-approved', timeouts: { scaPage: 4000 } });
    assert.equal(run.verdict('SCA-REDIRECT-OK'), 'inconclusive', run.output);
    assert.equal(run.summary.cases[0]?.stopped?.code, 'SCA_NOT_COMPLETED');
    assert.match(run.output, /waited 4 s for "#username" at http:\/\/127\.0\.0\.1:\d+\/sca-script-error\/sca\/c\d+ \("Bank login"\); it never showed/);
    assert.match(run.output, /script error on .*bank widget failed to start/);
  });

  test('a login form inside an iframe: a hint names the frame, and frame: in the profile reaches it', async () => {
    const without = await runAgainst(at('sca-iframe'), { grep: 'consent-approved' });
    assert.match(without.output, /it is inside an iframe \(.*\/form\): add frame: 'iframe#login' to this page's action in the profile/);
    const within = await runAgainst(at('sca-iframe'), { grep: 'consent-approved', frame: 'iframe#login' });
    assert.equal(within.code, 0, within.output);
  });

  test('a bank nobody listens for: unreachable, named with the request, inconclusive', async () => {
    const run = await runAgainst('http://127.0.0.1:9', { grep: 'without-request-id' });
    assert.equal(run.code, 2, run.output);
    assert.match(run.output, /case stopped \(ASPSP_TRANSPORT\): ASPSP_UNREACHABLE: POST http:\/\/127\.0\.0\.1:9\/v1\/consents: unreachable/);
    assert.equal(run.verdict('HDR-XREQID-REQUIRED'), 'inconclusive');
  });

  test('a header value the harness cannot send is a suite or profile error, not an unreachable bank', async () => {
    const run = await runAgainst(at('conformant'), { grep: 'without-request-id', headers: { 'X-Note': 'line one\nline two' } });
    assert.equal(run.code, 2, run.output);
    assert.equal(run.summary.cases[0]?.stopped?.code, 'REQUEST_INVALID');
    assert.match(run.output, /nothing was sent: request header "X-Note" cannot be sent/);
    assert.doesNotMatch(run.output, /unreachable/);
  });

  test('no browser on the machine: SCA rules are inconclusive (environment), never failed', async () => {
    const run = await runAgainst(at('conformant'), { grep: 'consent-approved', env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
    assert.equal(run.code, 2, run.output);
    assert.deepEqual(failedRules(run), []);
    assert.equal(run.summary.cases[0]?.stopped?.code, 'ENVIRONMENT');
    assert.equal(run.verdict('SCA-REDIRECT-OK'), 'inconclusive');
  });

  test('one suite with an unknown alias: the valid suite runs, the report is written, the broken file is named with its position, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'psd2-suites-'));
    dirs.push(dir);
    const good = join(dir, 'good.yaml');
    writeFileSync(
      good,
      [
        'suite: good',
        'title: Good',
        'cases:',
        '  - id: no-request-id',
        '    title: A request without X-Request-ID is refused',
        '    requirements: [HDR-XREQID-REQUIRED]',
        '    steps:',
        '      - { kind: request, operation: createConsent, headers: { X-Request-ID: null }, body: { access: { allPsd2: allAccounts }, recurringIndicator: false, validUntil: "${today+1d}", frequencyPerDay: 1 } }',
        '      - { kind: expect, rule: HDR-XREQID-REQUIRED, status: 400, errorCode: FORMAT_ERROR }',
        '',
      ].join('\n'),
    );
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'suite: broken\ntitle: Broken\ncases:\n  - id: x\n    title: x\n    requirements: [HDR-XREQID-REQUIRED]\n    steps: *nowhere\n');
    const run = await runAgainst(at('conformant'), { suites: [good, broken], report: true });
    assert.equal(run.code, 2, run.output);
    assert.match(run.output, /broken\.yaml:7:12 error YAML_SYNTAX unknown alias \*nowhere/);
    assert.equal(run.verdict('HDR-XREQID-REQUIRED'), 'passed');
    assert.equal(run.summary.suiteErrors.length, 1);
    assert.ok(existsSync(join(run.dir, 'run/allure-report/index.html')), 'no report');
  });
});

test('a bank behind TLS the harness does not trust: the TLS error and its code, inconclusive', async () => {
  const bank = await startHostileBank({ tls: true });
  try {
    const run = await runAgainst(`${bank.url}/conformant`, { grep: 'without-request-id' });
    assert.equal(run.code, 2, run.output);
    assert.match(run.summary.cases[0]?.stopped?.message ?? '', /ASPSP_TLS: .*TLS failed: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS\w*)/);
  } finally {
    await bank.close();
  }
});
