import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AspspRequest, AspspResponse } from '../src/http/types.ts';
import { retryAfterMs, unavailability } from '../src/http/availability.ts';
import { loadProfile } from '../src/profile/load.ts';
import type { OAuthProfile, Profile } from '../src/profile/types.ts';
import { createOAuthClient } from '../src/oauth/client.ts';
import { reach } from '../src/steps/oauth-flow.ts';
import { awaitedStatuses } from '../src/steps/awaited.ts';
import { CaseStopError } from '../src/steps/errors.ts';
import { requestStep } from '../src/steps/request.ts';
import type { Case, Step } from '../src/suite/types.ts';
import { runCase } from '../src/runner/run-case.ts';
import { repoRoot } from './helpers/cli.ts';
import { noEvidence, response, scriptedContext } from './helpers/step-context.ts';

const profile = loadProfile(join(repoRoot, 'fixtures/aspsps/reference.yaml'));
const at = { file: '/suites/x.yaml', line: 3, column: 7 };
const step = { kind: 'request' as const, at, operation: 'getConsentStatus', params: { consentId: 'c-1' } };
const withHeaders = (r: AspspResponse, headers: Record<string, string>): AspspResponse => ({ ...r, headers });

function bank(answers: AspspResponse[], p: Profile = profile) {
  let i = 0;
  return scriptedContext({ profile: p, answer: () => answers[Math.min(i++, answers.length - 1)]!, operations: { getConsentStatus: '/v1/consents/{consentId}/status' } });
}
const requestIds = (sent: AspspRequest[]) => sent.map((r) => r.headers['X-Request-ID']);

test('unavailable answers: 503, 504 and a 429 without ACCESS_EXCEEDED; a 429 with it, a 502 (the bank broke its gateway\'s answer) and other errors are answers to judge', () => {
  for (const status of [503, 504]) assert.match(unavailability(response(status, {})) ?? '', new RegExp(`HTTP ${status}`));
  assert.equal(unavailability(response(502, {})), undefined);
  assert.match(unavailability(response(429, 'Too Many Requests')) ?? '', /throttling/);
  assert.equal(unavailability(response(429, { tppMessages: [{ category: 'ERROR', code: 'ACCESS_EXCEEDED' }] })), undefined);
  assert.equal(unavailability(response(429, { type: 'x', code: 'ACCESS_EXCEEDED' })), undefined, 'problem+json form too');
  for (const status of [200, 400, 401, 403, 404, 500, 502]) assert.equal(unavailability(response(status, {})), undefined);
});

test('Retry-After: seconds or an HTTP-date, a past date is no wait, anything else unknown', () => {
  const now = Date.parse('2026-06-15T10:00:00Z');
  assert.equal(retryAfterMs('5', now), 5000);
  assert.equal(retryAfterMs(' 0 ', now), 0);
  assert.equal(retryAfterMs('Mon, 15 Jun 2026 10:00:30 GMT', now), 30_000);
  assert.equal(retryAfterMs('Mon, 15 Jun 2026 09:00:00 GMT', now), 0);
  for (const junk of [undefined, '', '-1', '1.5', 'soon', '2026-06-15', 'Monday']) assert.equal(retryAfterMs(junk, now), undefined, String(junk));
});

test('a 503 with Retry-After: 0, then the answer: the same request asked again (X-Request-ID too, a replay check keeps its id), the answer judged', async () => {
  const { ctx, sent } = bank([withHeaders(response(503, {}), { 'retry-after': '0' }), response(200, { consentStatus: 'valid' })]);
  await requestStep.run({ ...step, headers: { 'X-Request-ID': 'replayed-id' } }, ctx, noEvidence);
  assert.equal(sent.length, 2);
  assert.deepEqual(requestIds(sent), ['replayed-id', 'replayed-id']);
  assert.equal(ctx.state.last?.response.status, 200);
});

test('after a gateway timeout (504) only a safe request is asked again: a POST stops at once, unavailable, sent once', async () => {
  const post = { kind: 'request' as const, at, method: 'POST' as const, path: '/v1/payments/sepa-credit-transfers', body: { x: 1 } };
  const timeout = withHeaders(response(504, 'Gateway Timeout'), { 'retry-after': '0' });
  const once = bank([timeout, response(201, {})]);
  await assert.rejects(requestStep.run(post, once.ctx, noEvidence), (e: unknown) => e instanceof CaseStopError && e.code === 'ASPSP_UNAVAILABLE' && /a POST is not sent again after a gateway timeout/.test(e.message));
  assert.equal(once.sent.length, 1);
  const get = bank([timeout, response(200, { consentStatus: 'valid' })]);
  await requestStep.run(step, get.ctx, noEvidence);
  assert.equal(get.sent.length, 2, 'a GET is');
});

test('a bank that stays unavailable: asked three times, then the case stops as unavailable (inconclusive), naming the request and the status', async () => {
  const { ctx, sent, findings } = bank([withHeaders(response(503, {}), { 'retry-after': '0' })]);
  await assert.rejects(requestStep.run(step, ctx, noEvidence), (e: unknown) => e instanceof CaseStopError && e.code === 'ASPSP_UNAVAILABLE' && /GET http.*\/v1\/consents\/c-1\/status answered HTTP 503, asked 3 times.*\(\/suites\/x\.yaml:3:7\)/.test(e.message));
  assert.equal(sent.length, 3);
  assert.deepEqual(findings, [], 'no rule judged on it');
});

test('a Retry-After longer than timeouts.retryAfter is not waited: the case stops at once, saying so', async () => {
  const { ctx, sent } = bank([withHeaders(response(429, 'slow down'), { 'retry-after': '3600' })]);
  await assert.rejects(requestStep.run(step, ctx, noEvidence), (e: unknown) => e instanceof CaseStopError && e.code === 'ASPSP_UNAVAILABLE' && /retry after 3600 s, longer than timeouts\.retryAfter \(10 s\)/.test(e.message));
  assert.equal(sent.length, 1);
  const never: Profile = { ...profile, timeouts: { ...profile.timeouts, retryAfter: 0 } };
  const once = bank([withHeaders(response(503, {}), { 'retry-after': '0' })], never);
  await assert.rejects(requestStep.run(step, once.ctx, noEvidence), (e: unknown) => e instanceof CaseStopError && e.code === 'ASPSP_UNAVAILABLE');
  assert.equal(once.sent.length, 1, 'timeouts.retryAfter: 0 never asks again');
});

test('a status the case expects is judged as it comes, bare 429 included: never retried', async () => {
  const steps: Step[] = [step, { kind: 'expect', at, rule: 'AIS-FREQ-LIMIT', status: 429 }, { kind: 'expect', at, rule: 'X', status: [200, 503] }, step];
  assert.deepEqual(awaitedStatuses(steps, 0), [429, 200, 503]);
  assert.deepEqual(awaitedStatuses(steps, 3), []);
  assert.deepEqual(awaitedStatuses([{ kind: 'repeat', at, times: 2, statuses: [200, 429], request: { operation: 'x' } }], 0), [200, 429]);
  assert.deepEqual(awaitedStatuses([{ kind: 'revoke', at, token: 't' } as Step, { kind: 'expect', at, rule: 'X', status: 503 }], 0), [503], 'any step that sends');
  const { ctx, sent } = bank([response(429, 'limit')]);
  ctx.state.awaited = awaitedStatuses(steps, 0);
  await requestStep.run(step, ctx, noEvidence);
  assert.equal(sent.length, 1);
  assert.equal(ctx.state.last?.response.status, 429);
});

test('the authorisation server too: a token request answered 503 is asked again; still 503, the OAuth step stops as unavailable', async () => {
  const oauthProfile: OAuthProfile = { clientId: 'tpp', redirectUri: 'https://tpp.example/cb', endpoints: { authorization: 'https://as.example/authorize', token: 'https://as.example/token' }, scripts: { approve: [] } };
  const tokenJson = { ...response(200, { access_token: 'at-1', token_type: 'Bearer', expires_in: 300 }), headers: { 'content-type': 'application/json' } };
  const busy = { ...response(503, 'busy'), headers: { 'retry-after': '0' } };
  const answers = [busy, tokenJson];
  const sent: AspspRequest[] = [];
  const http = { send: async (req: AspspRequest) => (sent.push(req), answers.shift() ?? busy), close: async () => {} };
  const client = createOAuthClient(oauthProfile, http, { baseUrl: 'https://api.example' });
  const server = await client.server();
  const call = await client.refresh(server, 'rt-1');
  assert.equal(call.tokens?.access_token, 'at-1');
  assert.equal(sent.length, 2);

  const down = createOAuthClient(oauthProfile, { send: async () => busy, close: async () => {} }, { baseUrl: 'https://api.example', retryAfterMs: 0 });
  await assert.rejects(reach(at, 'the refresh request could not be sent', () => down.refresh(server, 'rt-1')), (e: unknown) => e instanceof CaseStopError && e.code === 'ASPSP_UNAVAILABLE' && /refresh request could not be sent: POST https:\/\/as\.example\/token answered HTTP 503/.test(e.message));
});

test('the runner tells each step what the expects after it ask for: a bare 429 the case expects is judged as it comes (sent once, the rule passed)', async () => {
  const { ctx, sent } = bank([response(429, 'limit')]);
  const { state: _state, record: _record, step: _step, inconclusive: _inconclusive, signal: _signal, ...shared } = ctx;
  const kase: Case = { id: 'c', title: 'c', requirements: ['AIS-FREQ-LIMIT'], tags: [], at, steps: [step, { kind: 'expect', at, rule: 'AIS-FREQ-LIMIT', status: 429 }] };
  const outcome = await runCase(kase, shared, (_title, body) => body(noEvidence), { signal: new AbortController().signal, ms: 60_000 });
  assert.equal(sent.length, 1);
  assert.equal(outcome.stopped, undefined);
  assert.deepEqual(outcome.findings.map((f) => [f.ruleId, f.passed]), [['AIS-FREQ-LIMIT', true]]);
});
