import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { AspspTransportError } from '../src/http/errors.ts';
import type { AspspRequest, AspspResponse } from '../src/http/types.ts';
import { loadProfile } from '../src/profile/load.ts';
import type { Profile } from '../src/profile/types.ts';
import { ScaPageError, type ScaDriver, type ScaSession } from '../src/sca/types.ts';
import { CaseStopError, FindingsError } from '../src/steps/errors.ts';
import { clockStep } from '../src/steps/clock.ts';
import { expectStep } from '../src/steps/expect.ts';
import { scaStep } from '../src/steps/sca.ts';
import { runScaOAuth } from '../src/steps/sca-oauth.ts';
import { runScaDecoupled } from '../src/steps/sca-decoupled.ts';
import type { ScaStep } from '../src/suite/types.ts';
import type { StepContext } from '../src/steps/types.ts';
import { repoRoot } from './helpers/cli.ts';
import { noEvidence, scriptedContext } from './helpers/step-context.ts';

/**
 * Verdicts on states a case did not establish: a rule is inconclusive when its precondition did
 * not hold, failed only for what the bank answered to what it checks, never passed on a state the
 * case did not reach. Steps driven without a browser or a bank.
 */

const profile = loadProfile(join(repoRoot, 'fixtures/aspsps/reference.yaml'));
const at = { file: '/suites/x.yaml', line: 1, column: 1 };
const evidence = noEvidence;
const OK = profile.tpp.redirectUri;
const NOK = profile.tpp.nokRedirectUri;

function response(status: number, body: unknown): AspspResponse {
  const text = JSON.stringify(body);
  return { status, headers: { 'content-type': 'application/json' }, body, text, bytes: Buffer.from(text), durationMs: 1 };
}

const ISSUER = 'https://bank.localhost';
/** The fake bank's API: its OAuth metadata, and a test clock that accepts every move. */
function answer(req: AspspRequest): AspspResponse {
  if (req.url.startsWith(`${ISSUER}/.well-known/oauth-authorization-server`)) {
    return response(200, { issuer: ISSUER, authorization_endpoint: `${ISSUER}/authorize`, token_endpoint: `${ISSUER}/token`, code_challenge_methods_supported: ['S256'] });
  }
  return response(200, {});
}

/** Where the browser goes: a URI, or one made from the link the PSU opened (an OAuth redirect keeps its state). */
type Target = string | ((link: string) => string);

/** How the fake bank's SCA pages behave. */
interface Pages {
  /** The bank sends the browser here as soon as the page opens (before the PSU does anything). */
  readonly early?: Target;
  /** Where the browser ends after the PSU reloads (abandon) or acts. */
  readonly back?: Target;
  /** The SCA link answers with an error page. */
  readonly openError?: ScaPageError;
  /** The script cannot drive the page (the profile's script and the bank's page disagree). */
  readonly performError?: ScaPageError;
  /** Only on this page of the script (its `page` name), the pages before it going fine. */
  readonly performErrorOn?: string;
}

function driverFor(pages: Pages, log: string[]): ScaDriver {
  return {
    open: async (link) => {
      if (pages.openError) throw pages.openError;
      const to = (t: Target | undefined) => (typeof t === 'function' ? t(link) : t);
      let returned = to(pages.early);
      const back = to(pages.back);
      const session: ScaSession = {
        perform: async (action) => {
          if (pages.performError && (pages.performErrorOn === undefined || pages.performErrorOn === action.page)) throw pages.performError;
          log.push(`page ${action.page}`);
          return { image: Buffer.alloc(0), when: 'as shown' };
        },
        reload: async () => {
          log.push('reload');
          returned ??= back;
        },
        returned: () => returned,
        returnedTo: async () => returned ?? back,
        describe: async () => 'on the bank page',
        pageErrors: () => [],
        trace: async () => undefined,
        close: async () => {},
      };
      return session;
    },
  };
}

function contextFor(pages: Pages, p: Profile = profile, api: (req: AspspRequest) => AspspResponse = answer) {
  const log: string[] = [];
  const vars = { consentId: 'c-1', scaRedirect: 'https://bank.localhost/sca/1' };
  return { ...scriptedContext({ profile: p, answer: api, vars, sca: driverFor(pages, log) }), log };
}

const abandon: ScaStep = { kind: 'sca', at, link: '${scaRedirect}', outcome: 'abandon', consent: '${consentId}', rule: 'SCA-SESSION-TIMEOUT' };
const clockMoves = (sent: readonly AspspRequest[]) => sent.filter((r) => r.url.endsWith('/test/clock')).length;

test('abandon: the PSU leaves, the clock moves past the session timeout, the reload lands on the nok URI: passed', async () => {
  const { ctx, sent, findings, log } = contextFor({ back: NOK });
  await scaStep.run(abandon, ctx, evidence);
  assert.equal(clockMoves(sent), 1);
  assert.ok(log.includes('reload'));
  assert.deepEqual(findings.map((f) => [f.ruleId, f.passed]), [['SCA-SESSION-TIMEOUT', true]]);
});

test('abandon: a bank that sends the browser back before the PSU left never had its session timeout tested: inconclusive, not passed', async () => {
  const { ctx, sent, findings } = contextFor({ early: NOK });
  await assert.rejects(scaStep.run(abandon, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED' && /before the PSU left/.test(e.message));
  assert.equal(clockMoves(sent), 0);
  assert.deepEqual(findings, []);
});

test('abandon: an SCA link that answers an error page before the PSU left is not a session-timeout failure: inconclusive', async () => {
  const { ctx, findings } = contextFor({ openError: new ScaPageError('error-page', 'the SCA link answered HTTP 500', 500) });
  await assert.rejects(scaStep.run(abandon, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED' && /HTTP 500/.test(e.message));
  assert.deepEqual(findings, []);
});

test('abandon: after the timeout, a reload that lands on the OK URI fails the rule (the bank answered what it checks)', async () => {
  const { ctx, findings } = contextFor({ back: OK });
  await assert.rejects(scaStep.run(abandon, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED');
  assert.deepEqual(findings.map((f) => [f.ruleId, f.passed]), [['SCA-SESSION-TIMEOUT', false]]);
});

test('abandon: a clock control that answers an error leaves the rule unjudged (a stop, no finding)', async () => {
  const { ctx, findings } = contextFor({ back: NOK });
  const refusing: StepContext = { ...ctx, aspsp: { send: async () => response(500, { error: 'clock broken' }), close: async () => {} } };
  await assert.rejects(scaStep.run(abandon, refusing, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'PROFILE_INCOMPLETE' && /clock control/.test(e.message));
  assert.deepEqual(findings, []);
});

test('abandon: a profile without clock control nor real waits cannot leave the PSU away: a stop, no finding', async () => {
  const { ctx, findings } = contextFor({ back: NOK }, { ...profile, clock: {} });
  await assert.rejects(scaStep.run(abandon, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'PROFILE_INCOMPLETE');
  assert.deepEqual(findings, []);
});

/** The OAuth redirect back with error=access_denied and the state the authorisation request sent. */
const denied = (link: string) => `${profile.oauth!.redirectUri}?error=access_denied&state=${new URL(link).searchParams.get('state')}`;
const abandonOAuth: ScaStep = { ...abandon, approach: 'oauth', link: `${ISSUER}/.well-known/oauth-authorization-server` };

test('OAuth abandon: the PSU leaves the login page, the session times out, the reload ends at access_denied: passed', async () => {
  const { ctx, sent, findings } = contextFor({ back: denied });
  await runScaOAuth(abandonOAuth, ctx, evidence);
  assert.equal(clockMoves(sent), 1);
  assert.deepEqual(findings.map((f) => [f.ruleId, f.passed]), [['SCA-SESSION-TIMEOUT', true]]);
});

test('OAuth abandon: access_denied before the PSU left the login page is not a session timeout: inconclusive, not passed', async () => {
  const { ctx, sent, findings } = contextFor({ early: denied });
  await assert.rejects(runScaOAuth(abandonOAuth, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED' && /before the PSU left/.test(e.message));
  assert.equal(clockMoves(sent), 0);
  assert.deepEqual(findings, []);
});

test('OAuth abandon: a login page answering an error before the PSU left is not a session-timeout failure: inconclusive', async () => {
  const { ctx, findings } = contextFor({ openError: new ScaPageError('error-page', 'the authorisation endpoint answered HTTP 500', 500) });
  await assert.rejects(runScaOAuth(abandonOAuth, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED' && /HTTP 500/.test(e.message));
  assert.deepEqual(findings, []);
});

const decoupled: ScaStep = { kind: 'sca', at, approach: 'decoupled', link: `${profile.baseUrl}/v1/consents/c-1/authorisations/a-1`, outcome: 'approve', rule: 'SCA-DECOUPLED-STATUS' };
const quick: Profile = { ...profile, timeouts: { ...profile.timeouts, scaReturn: 1 } };
const scaStatus = (status: string) => () => response(200, { scaStatus: status });

test('decoupled: a bank app page the script cannot drive is the harness\'s problem: a stop, no poll, no finding', async () => {
  const { ctx, sent, findings } = contextFor({ performError: new ScaPageError('element-missing', "page 'bank app': #approve never showed") }, quick, scaStatus('started'));
  await assert.rejects(runScaDecoupled(decoupled, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED' && /could not act in the bank's app/.test(e.message));
  assert.equal(sent.length, 0);
  assert.deepEqual(findings, []);
});

test('decoupled: the PSU approved in the app and the bank never finalises: the rule fails, then the case stops', async () => {
  const { ctx, findings, log } = contextFor({}, quick, scaStatus('started'));
  await assert.rejects(runScaDecoupled(decoupled, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED');
  assert.deepEqual(log, ['page bank app']);
  assert.deepEqual(findings.map((f) => [f.ruleId, f.passed, f.actual]), [['SCA-DECOUPLED-STATUS', false, 'started']]);
});

test('decoupled: the status poll not answered is not the bank\'s failure: a transport stop, no finding', async () => {
  const { ctx, findings } = contextFor({}, quick, () => {
    throw new AspspTransportError('ASPSP_RESET', 'GET scaStatus', 'the connection was reset');
  });
  await assert.rejects(runScaDecoupled(decoupled, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'ASPSP_TRANSPORT');
  assert.deepEqual(findings, []);
});

const abandonDecoupled: ScaStep = { ...decoupled, outcome: 'abandon', consent: '${consentId}', rule: 'SCA-SESSION-TIMEOUT' };
/** A decoupled authorisation that waits (`started`) until the clock moved, then reads `after`. */
function decoupledBank(after: string, clock: (req: AspspRequest) => AspspResponse = () => response(200, {})) {
  let moved = false;
  return (req: AspspRequest) => {
    if (req.url.endsWith('/test/clock')) {
      moved = true;
      return clock(req);
    }
    return response(200, { scaStatus: moved ? after : 'started' });
  };
}

test('decoupled abandon: the PSU ignores the app, the clock moves past the session timeout, the bank ends the authorisation as failed: passed', async () => {
  const { ctx, sent, findings, log } = contextFor({}, quick, decoupledBank('failed'));
  await runScaDecoupled(abandonDecoupled, ctx, evidence);
  assert.deepEqual(log, [], 'nobody acts in the bank app');
  assert.deepEqual(sent.map((r) => r.url.endsWith('/test/clock') ? `clock ${r.body}` : 'poll'), ['poll', 'clock {"advance":"PT330S","consentId":"c-1"}', 'poll']);
  assert.deepEqual(findings.map((f) => [f.ruleId, f.passed, f.actual]), [['SCA-SESSION-TIMEOUT', true, 'failed']]);
});

test('decoupled abandon: a session that never ends (scaStatus still started after the timeout) fails the rule, then the case stops', async () => {
  const { ctx, findings } = contextFor({}, quick, decoupledBank('started'));
  await assert.rejects(runScaDecoupled(abandonDecoupled, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED');
  assert.deepEqual(findings.map((f) => [f.ruleId, f.passed, f.actual]), [['SCA-SESSION-TIMEOUT', false, 'started']]);
  assert.match(findings[0]!.message, /poll forever/);
});

test('decoupled abandon: a clock control that refuses the move leaves the rule unjudged: a stop, no finding', async () => {
  const { ctx, sent, findings } = contextFor({}, quick, decoupledBank('started', () => response(500, { error: 'clock broken' })));
  await assert.rejects(runScaDecoupled(abandonDecoupled, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'PROFILE_INCOMPLETE' && /clock control/.test(e.message));
  assert.equal(sent.filter((r) => !r.url.endsWith('/test/clock')).length, 1, 'no poll after the refused move');
  assert.deepEqual(findings, []);
});

test('decoupled abandon: an authorisation already final before the PSU ignored it never had its timeout tested: inconclusive, no clock move', async () => {
  const { ctx, sent, findings } = contextFor({}, quick, scaStatus('failed'));
  await assert.rejects(runScaDecoupled(abandonDecoupled, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED' && /already failed/.test(e.message));
  assert.equal(clockMoves(sent), 0);
  assert.deepEqual(findings, []);
});

test('decoupled abandon: a poll not answered, or refused for credentials the profile lacks, is not the bank\'s failure: a stop, no finding', async () => {
  let polls = 0;
  const resetAfterMove = contextFor({}, quick, (req) => {
    if (req.url.endsWith('/test/clock')) return response(200, {});
    if ((polls += 1) > 1) throw new AspspTransportError('ASPSP_RESET', 'GET scaStatus', 'the connection was reset');
    return response(200, { scaStatus: 'started' });
  });
  await assert.rejects(runScaDecoupled(abandonDecoupled, resetAfterMove.ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'ASPSP_TRANSPORT');
  const refused = contextFor({}, quick, () => ({ ...response(401, { tppMessages: [{ category: 'ERROR', code: 'TOKEN_INVALID' }] }), headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' } }));
  await assert.rejects(runScaDecoupled(abandonDecoupled, refused.ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'CREDENTIALS');
  assert.deepEqual([...resetAfterMove.findings, ...refused.findings], []);
});

const approveOAuth: ScaStep = { ...abandonOAuth, outcome: 'approve', rule: 'OAUTH-STATE' };
const withCode = (link: string) => `${profile.oauth!.redirectUri}?code=c0de&state=${new URL(link).searchParams.get('state')}`;
const tokenAnswer = (status: number, body: unknown) => (req: AspspRequest) => (req.url === `${ISSUER}/token` ? response(status, body) : answer(req));

test('OAuth SCA: a token endpoint refusing the client the profile describes (invalid_client) is the profile\'s credentials, not the bank\'s SCA: a stop', async () => {
  const { ctx, findings } = contextFor({ back: withCode }, profile, tokenAnswer(401, { error: 'invalid_client', error_description: 'client authentication failed' }));
  await assert.rejects(runScaOAuth(approveOAuth, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'CREDENTIALS' && /invalid_client/.test(e.message));
  assert.deepEqual(findings, []);
});

test('OAuth SCA: a code the token endpoint refuses as invalid_grant fails the rule (the bank\'s own code)', async () => {
  const { ctx, findings } = contextFor({ back: withCode }, profile, tokenAnswer(400, { error: 'invalid_grant' }));
  await assert.rejects(runScaOAuth(approveOAuth, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED');
  assert.deepEqual(findings.map((f) => [f.ruleId, f.passed]), [['OAUTH-STATE', false]]);
});

test('OAuth SCA: code and state in the fragment, not the query: the rule fails saying where they were', async () => {
  const inFragment = (link: string) => withCode(link).replace('?', '#');
  const { ctx, findings } = contextFor({ back: inFragment }, profile, tokenAnswer(200, { access_token: 'at-1', token_type: 'Bearer', expires_in: 300 }));
  await assert.rejects(runScaOAuth(approveOAuth, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED');
  assert.deepEqual(findings.map((f) => [f.ruleId, f.passed]), [['OAUTH-STATE', false]]);
  assert.match(findings[0]!.message, /in the URL fragment/);
});

test('OAuth SCA: code and state back, a token from the code: passed', async () => {
  const { ctx, findings } = contextFor({ back: withCode }, profile, tokenAnswer(200, { access_token: 'at-1', token_type: 'Bearer', expires_in: 300 }));
  await runScaOAuth(approveOAuth, ctx, evidence);
  assert.deepEqual(findings.map((f) => [f.ruleId, f.passed]), [['OAUTH-STATE', true]]);
});

test('OAuth SCA: a relative scaOAuth link (IG: "relative or full links, to be decided by the ASPSP") is the metadata at the bank\'s host: passed', async () => {
  const atBank: Profile = { ...profile, baseUrl: `${ISSUER}/psd2` };
  const { ctx, findings } = contextFor({ back: withCode }, atBank, tokenAnswer(200, { access_token: 'at-1', token_type: 'Bearer', expires_in: 300 }));
  await runScaOAuth({ ...approveOAuth, link: '/.well-known/oauth-authorization-server' }, ctx, evidence);
  assert.deepEqual(findings.map((f) => [f.ruleId, f.passed]), [['OAUTH-STATE', true]]);
});

test('clock: a control that answers an error or does not answer is test equipment failing: a stop, never a finding', async () => {
  const move = { kind: 'clock' as const, at, advance: 'P91D', consent: '${consentId}' };
  const refused = contextFor({}, profile, () => response(500, { error: 'clock broken' }));
  await assert.rejects(clockStep.run(move, refused.ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'PROFILE_INCOMPLETE' && /answered 500/.test(e.message));
  const silent = contextFor({}, profile, () => {
    throw new AspspTransportError('ASPSP_TIMEOUT', 'POST /test/clock', 'no answer in time');
  });
  await assert.rejects(clockStep.run(move, silent.ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'ASPSP_TRANSPORT');
  assert.deepEqual([...refused.findings, ...silent.findings], []);
});

test('decoupled: a poll the bank refuses for a token the profile does not give is the profile\'s credentials: a stop, not a failed SCA', async () => {
  const refused = () => ({ ...response(401, { tppMessages: [{ category: 'ERROR', code: 'TOKEN_INVALID' }] }), headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' } });
  const { ctx, findings } = contextFor({}, quick, refused);
  await assert.rejects(runScaDecoupled(decoupled, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'CREDENTIALS');
  assert.deepEqual(findings, []);
});

test('expect captured: a value the case captured passes without being shown; one it could not capture fails with why, under the step\'s rule', async () => {
  const code = 'conf-7f3a9c';
  const got = contextFor({ back: OK });
  got.ctx.state.vars.set('confirmationCode', code);
  const step = { kind: 'expect', at, rule: 'AIS-CONSENT-SCA-STATUS', captured: ['confirmationCode'] } as const;
  await expectStep.run(step, got.ctx, evidence);
  assert.deepEqual(got.findings.map((f) => [f.ruleId, f.passed]), [['AIS-CONSENT-SCA-STATUS', true]]);
  assert.ok(!JSON.stringify(got.findings).includes(code), 'the code authorises: no finding shows it');

  const none = contextFor({ back: OK });
  none.ctx.state.missing.set('confirmationCode', { why: 'the ASPSP returned the PSU without a confirmationCode', code: 'CAPTURE_MISSING' });
  await assert.rejects(expectStep.run(step, none.ctx, evidence), (e: unknown) => e instanceof FindingsError && e.blocking.length === 1);
  assert.equal(none.findings[0]?.passed, false);
  assert.match(none.findings[0]!.message, /confirmationCode should have been captured, but the ASPSP returned the PSU without a confirmationCode/);
});

const approve: ScaStep = { kind: 'sca', at, link: '${scaRedirect}', outcome: 'approve', rule: 'SCA-REDIRECT-OK' };

test('an SCA link or page that answers 503 (or a gateway 504, a rate limit 429): unavailable, inconclusive; a 500 or 502 there fails the rule', async () => {
  for (const status of [429, 503, 504]) {
    const { ctx, findings } = contextFor({ openError: new ScaPageError('error-page', `the SCA link answered HTTP ${status}`, status) });
    await assert.rejects(scaStep.run(approve, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'ASPSP_UNAVAILABLE' && /the SCA link answered HTTP/.test(e.message));
    assert.deepEqual(findings, [], `HTTP ${status}`);
  }
  const page = contextFor({ performError: new ScaPageError('error-page', 'the ASPSP answered HTTP 503 at https://bank.localhost/otp', 503) });
  await assert.rejects(scaStep.run(approve, page.ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'ASPSP_UNAVAILABLE' && /SCA page 'login' answered HTTP 503/.test(e.message));
  assert.deepEqual(page.findings, []);
  for (const status of [500, 502]) {
    const broken = contextFor({ openError: new ScaPageError('error-page', `the SCA link answered HTTP ${status}`, status) });
    await assert.rejects(scaStep.run(approve, broken.ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED');
    assert.deepEqual(broken.findings.map((f) => [f.ruleId, f.passed]), [['SCA-REDIRECT-OK', false]], `HTTP ${status}`);
  }
});

test('a 429 page after the PSU acted (too many attempts) is the bank\'s answer to the PSU: judged, not unavailable', async () => {
  const { ctx, findings } = contextFor({ performError: new ScaPageError('error-page', 'the ASPSP answered HTTP 429 at https://bank.localhost/otp: Too many attempts', 429), performErrorOn: 'one-time password' });
  await assert.rejects(scaStep.run(approve, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED');
  assert.deepEqual(findings.map((f) => [f.ruleId, f.passed]), [['SCA-REDIRECT-OK', false]]);
});

test('OAuth: a login page answering 503 stops the case as unavailable, no finding', async () => {
  const { ctx, findings } = contextFor({ openError: new ScaPageError('error-page', 'the authorisation endpoint answered HTTP 503', 503) });
  await assert.rejects(runScaOAuth({ ...abandonOAuth, outcome: 'approve', rule: 'OAUTH-SCA' }, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'ASPSP_UNAVAILABLE' && /OAuth page answered HTTP 503/.test(e.message));
  assert.deepEqual(findings, []);
});
