import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AspspRequest, AspspResponse } from '../src/http/types.ts';
import { loadProfile } from '../src/profile/load.ts';
import type { Profile } from '../src/profile/types.ts';
import type { Finding } from '../src/rules/types.ts';
import { AspspTransportError } from '../src/http/errors.ts';
import { ruleCatalog } from '../src/rules/catalog.ts';
import { summarise } from '../src/report/summary.ts';
import { runCase } from '../src/runner/run-case.ts';
import { CaseStopError, FindingsError } from '../src/steps/errors.ts';
import { repeatStep } from '../src/steps/repeat.ts';
import { scaAsPsuStep } from '../src/steps/sca-psu.ts';
import type { RepeatStep } from '../src/suite/types.ts';
import { repoRoot } from './helpers/cli.ts';
import { noEvidence, response, scriptedContext } from './helpers/step-context.ts';

const profile = loadProfile(join(repoRoot, 'fixtures/aspsps/reference.yaml'));
const at = { file: '/suites/pis.yaml', line: 1, column: 1 };
const evidence = noEvidence;

/** Three payments polled together, their ids in the case's variables a, b and c. */
const OVER_THREE_PAYMENTS: Pick<RepeatStep, 'over' | 'request' | 'payment'> = {
  over: [
    { id: 'first', paymentId: '${a}' },
    { id: 'second', paymentId: '${b}' },
    { id: 'third', paymentId: '${c}' },
  ],
  request: { operation: 'getPaymentInitiationStatus', params: { 'payment-service': 'payments', 'payment-product': 'sepa-credit-transfers', paymentId: '${item.paymentId}' } },
  payment: '${item.paymentId}',
};
const PAYMENT_STATUS = { getPaymentInitiationStatus: '/v1/{payment-service}/{payment-product}/{paymentId}/status' };

/**
 * A bank whose payment walks through `statuses`, one step each time its test clock moves (or
 * each read, when `perRead`); every request is kept.
 */
function bankWith(statuses: readonly (string | number)[], p: Profile = profile, perRead = false) {
  let index = 0;
  const answer = (req: AspspRequest): AspspResponse => {
    if (req.url.endsWith('/test/clock')) {
      index = Math.min(index + 1, statuses.length - 1);
      return response(200, { now: '2026-06-15T11:00:00Z' });
    }
    const s = statuses[index] ?? 'RCVD';
    if (perRead) index = Math.min(index + 1, statuses.length - 1);
    return typeof s === 'number' ? response(s, { tppMessages: [] }) : response(200, { transactionStatus: s });
  };
  return scriptedContext({ profile: p, answer, vars: { paymentId: 'p-1' }, operations: PAYMENT_STATUS });
}

const poll = (over: Partial<RepeatStep> = {}): RepeatStep => ({
  kind: 'repeat',
  at,
  request: { operation: 'getPaymentInitiationStatus', params: { 'payment-service': 'payments', 'payment-product': 'sepa-credit-transfers', paymentId: '${paymentId}' } },
  until: { body: { '/transactionStatus': { oneOf: ['ACSC', 'ACCC', 'RJCT', 'CANC'] } } },
  times: 20,
  advance: 'PT1H',
  payment: '${paymentId}',
  rule: 'PIS-STATUS-TRANSITIONS',
  transitions: { product: 'sepa-credit-transfers', from: 'RCVD' },
  ...over,
});

test('polling moves the payment\'s test clock between reads and passes a forward path', async () => {
  const { ctx, sent, findings } = bankWith(['ACTC', 'ACTC', 'ACSP', 'ACSC']);
  await repeatStep.run(poll(), ctx, evidence);
  const clock = sent.filter((r) => r.url.endsWith('/test/clock'));
  assert.equal(clock.length, 3);
  assert.deepEqual(JSON.parse(String(clock[0]?.body)), { advance: 'PT1H', paymentId: 'p-1' });
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.passed, true);
  assert.deepEqual(findings[0]?.actual, ['RCVD', 'ACTC', 'ACSP', 'ACSC']);
});

test('a status going backwards, or one the graph does not know, fails the transition rule', async () => {
  const back = bankWith(['ACTC', 'ACSP', 'ACTC', 'ACSC']);
  await assert.rejects(repeatStep.run(poll(), back.ctx, evidence), (e: unknown) => e instanceof FindingsError && /ACSP → ACTC is not a legal transition/.test(e.message));
  const unknown = bankWith(['ACTC', 'ACXX', 'ACSC']);
  await assert.rejects(repeatStep.run(poll(), unknown.ctx, evidence), /status ACXX is not in the status graph/);
});

test('a profile graph override makes its transition legal', async () => {
  const graph = { 'sepa-credit-transfers': { ACSP: ['ACTC', 'ACSC'] } };
  const own = { ...profile, payments: { ...profile.payments!, statusGraph: graph } };
  const { ctx, findings } = bankWith(['ACTC', 'ACSP', 'ACTC', 'ACSC'], own);
  await repeatStep.run(poll(), ctx, evidence);
  assert.equal(findings[0]?.passed, true);
});

test('a poll that uses up its tries leaves the last answer to the next expect; with required, the case stops', async () => {
  const stuck = bankWith(['ACTC', 'ACSP']);
  await repeatStep.run(poll({ times: 5 }), stuck.ctx, evidence);
  assert.equal(stuck.ctx.state.last?.response.body && (stuck.ctx.state.last.response.body as { transactionStatus: string }).transactionStatus, 'ACSP');
  const needed = bankWith(['ACTC', 'ACSP']);
  const step = poll({ times: 5, until: { body: { '/transactionStatus': 'ACSC' }, required: true } });
  await assert.rejects(repeatStep.run(step, needed.ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'CAPTURE_MISSING');
});

test('without a test clock, polls wait in real time and run out of within as a deadline stop', async () => {
  const real = { ...profile, clock: {} };
  const { ctx, sent } = bankWith(['ACTC'], real);
  const step = poll({ within: 'PT0.05S', interval: 'PT0.01S', times: 100 });
  await assert.rejects(repeatStep.run(step, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'CASE_DEADLINE');
  assert.equal(sent.filter((r) => r.url.endsWith('/test/clock')).length, 0);
});

test('no status in any answer leaves the transition rule inconclusive, not passed', async () => {
  const { ctx, findings, inconclusive } = bankWith([404]);
  await repeatStep.run(poll({ times: 3 }), ctx, evidence);
  assert.deepEqual(findings, []);
  assert.equal(inconclusive[0]?.ruleId, 'PIS-STATUS-TRANSITIONS');
});

test('an unknown product has no graph: the profile must give one', async () => {
  const { ctx } = bankWith(['ACTC']);
  await assert.rejects(repeatStep.run(poll({ transitions: { product: 'own-transfers' } }), ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'PROFILE_INCOMPLETE');
});

test('sca as another PSU needs that role in the profile', async () => {
  const { ctx } = bankWith(['ACTC']);
  const step = { kind: 'sca' as const, at, link: 'https://bank.example/sca/1', outcome: 'approve' as const, rule: 'PIS-SCA-FURTHER-AUTHORISATION', psu: 'treasurer' };
  await assert.rejects(scaAsPsuStep.run(step, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'PROFILE_INCOMPLETE' && /psus\.treasurer/.test(e.message));
});

test('a poll over several payments polls them at once, judges each one\'s transitions and expect, and names the item in each finding', async () => {
  // Each payment walks its own statuses, one step per read of it; reads are kept in order.
  const walks: Record<string, string[]> = { 'p-a': ['ACTC', 'ACSP', 'ACSC'], 'p-b': ['ACSC'], 'p-c': ['ACSP', 'ACTC', 'ACSC'] };
  const reads: string[] = [];
  const { ctx, findings } = scriptedContext({
    profile: { ...profile, clock: {} },
    answer: (req: AspspRequest) => {
      const id = /\/(p-[a-z])\/status/.exec(req.url)?.[1] ?? '';
      reads.push(id);
      const walk = walks[id] ?? [];
      return response(200, { transactionStatus: walk.length > 1 ? walk.shift() : walk[0] });
    },
    vars: { a: 'p-a', b: 'p-b', c: 'p-c' },
    operations: PAYMENT_STATUS,
  });
  const step = poll({
    ...OVER_THREE_PAYMENTS,
    interval: 'PT0.01S',
    transitions: { product: 'sepa-credit-transfers', from: 'RCVD' },
    expect: { rule: 'PIS-STATUS-FLOW', body: { '/transactionStatus': 'ACSC' } },
  });
  await assert.rejects(repeatStep.run(step, ctx, evidence), (e: unknown) => e instanceof FindingsError && /third: sepa-credit-transfers: .*ACSP → ACTC is not a legal transition/.test(e.message));
  // At once: every payment is read before any is read a second time.
  assert.deepEqual(reads.slice(0, 3).sort(), ['p-a', 'p-b', 'p-c']);
  assert.equal(reads.filter((r) => r === 'p-b').length, 1, 'a settled payment is not read again while the others wait');
  const transitions = findings.filter((f) => f.ruleId === 'PIS-STATUS-TRANSITIONS');
  assert.deepEqual(transitions.map((f) => [f.message.split(':')[0], f.passed]).sort(), [['first', true], ['second', true], ['third', false]]);
  const flow = findings.filter((f) => f.ruleId === 'PIS-STATUS-FLOW');
  assert.deepEqual([...new Set(flow.map((f) => f.message.split(':')[0]))].sort(), ['first', 'second', 'third']);
  assert.ok(flow.every((f) => f.passed));
  assert.equal((ctx.state.last?.response.body as { transactionStatus: string }).transactionStatus, 'ACSC', 'the case goes on with the last item\'s answer');
});

/**
 * Three payments polled together on a bank whose payments settle at once; `broken` says how one
 * read of a payment goes wrong (a status, or a transport failure), every other read answers ACSC.
 */
function togetherOn(broken: (id: string) => number | 'reset' | undefined, vars: Record<string, string> = { a: 'p-a', b: 'p-b', c: 'p-c' }) {
  const reads: string[] = [];
  const { ctx, findings, inconclusive } = scriptedContext({
    profile,
    answer: (req: AspspRequest) => {
      if (req.url.endsWith('/test/clock')) return response(200, {});
      const id = /\/(p-[a-z])\/status/.exec(req.url)?.[1] ?? '';
      reads.push(id);
      const wrong = broken(id);
      if (wrong === 'reset') throw new AspspTransportError('ASPSP_RESET', `GET ${req.url}`, 'the connection was reset');
      return wrong === undefined ? response(200, { transactionStatus: 'ACSC' }) : response(wrong, { tppMessages: [{ category: 'ERROR', code: 'INTERNAL_SERVER_ERROR' }] });
    },
    vars,
    operations: PAYMENT_STATUS,
  });
  const step = poll({
    ...OVER_THREE_PAYMENTS,
    times: 3,
    transitions: { product: 'sepa-credit-transfers', from: 'RCVD' },
    expect: { rule: 'PIS-STATUS-FLOW', status: 200, body: { '/transactionStatus': 'ACSC' } },
  });
  return { ctx, step, findings, inconclusive, reads };
}

const itemOf = (f: Finding) => f.message.split(':')[0];

test('poll over items: a read that fails at transport level stops its item (named), the others are judged, nothing of the failed item is passed', async () => {
  const { ctx, step, findings } = togetherOn((id) => (id === 'p-b' ? 'reset' : undefined));
  await assert.rejects(repeatStep.run(step, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'ASPSP_TRANSPORT' && /^second: /.test(e.message));
  assert.deepEqual([...new Set(findings.map(itemOf))].sort(), ['first', 'third']);
  assert.ok(findings.every((f) => f.passed));
});

test('poll over items: an item whose payment was never created stops (named) without keeping the others from being polled and judged', async () => {
  const { ctx, step, findings, reads } = togetherOn(() => undefined, { a: 'p-a', c: 'p-c' });
  ctx.state.missing.set('b', { why: 'the 400 response of initiatePayment had no /paymentId', code: 'CAPTURE_MISSING' });
  await assert.rejects(repeatStep.run(step, ctx, evidence), (e: unknown) => e instanceof CaseStopError && e.code === 'CAPTURE_MISSING' && /^second: .*no \/paymentId/.test(e.message));
  assert.deepEqual([...new Set(reads)].sort(), ['p-a', 'p-c']);
  assert.deepEqual([...new Set(findings.map(itemOf))].sort(), ['first', 'third']);
});

test('poll over items, whole case: one item unjudged leaves the rules inconclusive, not passed; another item\'s wrong answer still fails its rule', async () => {
  const kase = (step: RepeatStep) => ({ id: 'together', title: 'together', requirements: ['PIS-STATUS-FLOW', 'PIS-STATUS-TRANSITIONS'], tags: [], steps: [step], at });
  const judge = async (broken: (id: string) => number | 'reset' | undefined) => {
    const { ctx, step: written } = togetherOn(broken);
    // A case starts with no captures: the payments are named as written.
    const step = { ...written, over: [{ id: 'first', paymentId: 'p-a' }, { id: 'second', paymentId: 'p-b' }, { id: 'third', paymentId: 'p-c' }] };
    const { state: _s, record: _r, step: _st, inconclusive: _i, signal: _g, ...shared } = ctx;
    const outcome = await runCase(kase(step), shared, (_title, body) => body(evidence), { signal: new AbortController().signal, ms: 60_000 });
    const rules = summarise(ruleCatalog, [{ title: 'together', status: outcome.stopped ? 'failed' : 'passed', requirements: kase(step).requirements, ...outcome }]);
    return Object.fromEntries(rules.filter((r) => r.id === 'PIS-STATUS-FLOW' || r.id === 'PIS-STATUS-TRANSITIONS').map((r) => [r.id, r.verdict]));
  };
  assert.deepEqual(await judge((id) => (id === 'p-b' ? 'reset' : undefined)), { 'PIS-STATUS-FLOW': 'inconclusive', 'PIS-STATUS-TRANSITIONS': 'inconclusive' });
  // The third payment's status read answers 500 every time: the bank's own answer, judged.
  const verdicts = await judge((id) => (id === 'p-b' ? 'reset' : id === 'p-c' ? 500 : undefined));
  assert.equal(verdicts['PIS-STATUS-FLOW'], 'failed');
});
