import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AspspRequest, AspspResponse } from '../src/http/types.ts';
import { loadProfile } from '../src/profile/load.ts';
import type { Profile } from '../src/profile/types.ts';
import { clockStep } from '../src/steps/clock.ts';
import { AspspTransportError } from '../src/http/errors.ts';
import { CaseStopError, FindingsError } from '../src/steps/errors.ts';
import { matches } from '../src/steps/matchers.ts';
import { pagesStep } from '../src/steps/pages.ts';
import { repeatStep } from '../src/steps/repeat.ts';
import { repoRoot } from './helpers/cli.ts';
import { noEvidence, response, scriptedContext } from './helpers/step-context.ts';

const profile = loadProfile(join(repoRoot, 'fixtures/aspsps/reference.yaml'));
const at = { file: '/suites/x.yaml', line: 1, column: 1 };
const evidence = noEvidence;

/** A step context over a scripted bank: `answer` decides each response, every request is kept. */
function contextFor(answer: (req: AspspRequest) => AspspResponse, p: Profile = profile) {
  return scriptedContext({ profile: p, answer, vars: { consentId: 'c-1' }, operations: { getBalances: '/v1/accounts/{account-id}/balances' } });
}

test('list and range matchers: between, each, contains, excludes, length', () => {
  assert.ok(matches({ between: ['2026-01-01', '2026-01-31'] }, '2026-01-31'));
  assert.ok(!matches({ between: ['2026-01-01', '2026-01-31'] }, '2026-02-01'));
  assert.ok(matches({ each: { '/d': { atLeast: '2026-01-01' } } }, [{ d: '2026-01-02' }, { d: '2026-03-01' }]));
  assert.ok(!matches({ each: { '/d': { atLeast: '2026-01-01' } } }, [{ d: '2025-12-31' }]));
  assert.ok(matches({ contains: { iban: 'A', x: { y: 1 } } }, [{ iban: 'A', x: { y: 1, z: 2 } }]));
  assert.ok(matches({ excludes: { iban: 'B' } }, [{ iban: 'A' }]));
  assert.ok(!matches({ excludes: { iban: 'A' } }, [{ iban: 'A' }]));
  assert.ok(matches({ length: '2' }, [1, 2]) && !matches({ length: 1 }, 'x'));
});

test('repeat: statuses of every try are one finding; a limit hit too early fails it', async () => {
  let n = 0;
  const { ctx, sent, findings } = contextFor(() => response(++n > 3 ? 429 : 200, {}));
  const step = { kind: 'repeat' as const, at, times: 5, rule: 'AIS-FREQ-LIMIT', statuses: [200, 200, 200, 200, 429], request: { operation: 'getBalances', params: { 'account-id': 'a' } } };
  await assert.rejects(repeatStep.run(step, ctx, evidence), FindingsError);
  assert.equal(sent.length, 5);
  assert.deepEqual(findings.map((f) => [f.ruleId, f.passed, f.actual]), [['AIS-FREQ-LIMIT', false, [200, 200, 200, 429, 429]]]);
});

test('repeat until: stops at the first matching answer, and gives up after the budget', async () => {
  let n = 0;
  const { ctx, sent } = contextFor(() => response(200, { consentStatus: ++n >= 3 ? 'valid' : 'received' }));
  await repeatStep.run({ kind: 'repeat', at, until: { body: { '/consentStatus': 'valid' } }, interval: 'PT0.01S', request: { operation: 'getBalances', params: { 'account-id': 'a' } } }, ctx, evidence);
  assert.equal(sent.length, 3);
  const never = contextFor(() => response(200, { consentStatus: 'received' }));
  await assert.rejects(
    repeatStep.run({ kind: 'repeat', at, until: { status: 201 }, within: 'PT0.05S', interval: 'PT0.01S', request: { operation: 'getBalances', params: { 'account-id': 'a' } } }, never.ctx, evidence),
    /never matched 'until'/,
  );
});

test('clock: posts the advance (and the consent) to the profile\'s control; no control and no waits allowed stops the case', async () => {
  const { ctx, sent } = contextFor(() => response(200, { now: 'x' }));
  await clockStep.run({ kind: 'clock', at, advance: 'P91D', consent: '${consentId}' }, ctx, evidence);
  assert.equal(sent[0]?.url, `${profile.baseUrl}/test/clock`);
  assert.deepEqual(JSON.parse(sent[0]?.body ?? '{}'), { advance: 'P91D', consentId: 'c-1' });
  const none = contextFor(() => response(200, {}), { ...profile, clock: {} });
  await assert.rejects(clockStep.run({ kind: 'clock', at, advance: 'PT6M' }, none.ctx, evidence), /no clock.control/);
});

/** Pages of `size` ids over `total` items; `skip` drops the first item of every later page. */
function pagedBank(total: number, size: number, skip = 0) {
  const pages = Math.ceil(total / size);
  return (req: AspspRequest) => {
    const page = Number(new URL(req.url).searchParams.get('page') ?? 0);
    const ids = Array.from({ length: total }, (_, i) => ({ id: `t${i}` })).slice(page * size + (page ? skip : 0), (page + 1) * size);
    const at = (n: number) => ({ href: `/v1/tx?page=${n}` });
    return response(200, { list: ids, _links: { first: at(0), last: at(pages - 1), ...(page < pages - 1 ? { next: at(page + 1) } : {}) } });
  };
}

test('pages: complete non-overlapping pages pass; a page that lost an item fails naming it', async () => {
  const step = { kind: 'pages' as const, at, rule: 'AIS-TX-PAGING', items: ['/list'], links: '/_links', id: '/id' };
  for (const [skip, passed] of [[0, true], [1, false]] as const) {
    const bank = pagedBank(120, 50, skip);
    const { ctx, findings } = contextFor(bank);
    const first: AspspRequest = { method: 'GET', url: `${profile.baseUrl}/v1/tx`, headers: {} };
    ctx.state.last = { request: first, response: bank(first) };
    const run = pagesStep.run(step, ctx, evidence);
    if (passed) await run;
    else await assert.rejects(run, FindingsError);
    assert.equal(findings.at(-1)?.passed, passed, findings.at(-1)?.message);
    if (!passed) assert.match(findings.at(-1)?.message ?? '', /page 2 has 49 items/);
  }
});

test('pages: a first request the bank refused is no list to page through: the paging rule is not judged (a stop), not failed', async () => {
  const step = { kind: 'pages' as const, at, rule: 'AIS-TX-PAGING', items: ['/list'], links: '/_links', id: '/id' };
  const { ctx, sent, findings } = contextFor(() => response(200, {}));
  const first: AspspRequest = { method: 'GET', url: `${profile.baseUrl}/v1/tx`, headers: {} };
  ctx.state.last = { request: first, response: response(401, { tppMessages: [{ category: 'ERROR', code: 'CONSENT_INVALID' }] }) };
  await assert.rejects(pagesStep.run(step, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'CAPTURE_MISSING' && /401/.test(e.message));
  assert.deepEqual(findings, []);
  assert.equal(sent.length, 0);
});

test('pages: a page request that fails at transport level mid-way stops the case; a next link the bank answers with an error fails the rule', async () => {
  const step = { kind: 'pages' as const, at, rule: 'AIS-TX-PAGING', items: ['/list'], links: '/_links', id: '/id' };
  const bank = pagedBank(120, 50, 0);
  const first: AspspRequest = { method: 'GET', url: `${profile.baseUrl}/v1/tx`, headers: {} };
  const reset = contextFor((req) => {
    if (req.url.includes('page=2')) throw new AspspTransportError('ASPSP_RESET', `GET ${req.url}`, 'reset');
    return bank(req);
  });
  reset.ctx.state.last = { request: first, response: bank(first) };
  await assert.rejects(pagesStep.run(step, reset.ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'ASPSP_TRANSPORT');
  assert.deepEqual(reset.findings, []);
  const broken = contextFor((req) => (req.url === first.url ? bank(req) : response(500, { tppMessages: [{ category: 'ERROR', code: 'INTERNAL_SERVER_ERROR' }] })));
  broken.ctx.state.last = { request: first, response: bank(first) };
  await assert.rejects(pagesStep.run(step, broken.ctx, evidence), FindingsError);
  assert.match(broken.findings.at(-1)?.message ?? '', /answered 500/);
});
