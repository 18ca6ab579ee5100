import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AspspRequest, AspspResponse } from '../src/http/types.ts';
import { loadProfile } from '../src/profile/load.ts';
import type { Profile } from '../src/profile/types.ts';
import type { Finding } from '../src/rules/types.ts';
import { ruleCatalog } from '../src/rules/catalog.ts';
import { EXIT_CODES, formatSummary, runOutcome, summarise } from '../src/report/summary.ts';
import { caseFailure, runCase, type CaseOutcome } from '../src/runner/run-case.ts';
import type { StepContext } from '../src/steps/types.ts';
import type { Case, RepeatStep, Step } from '../src/suite/types.ts';
import type { SpecValidator } from '../src/validate/types.ts';
import { repoRoot } from './helpers/cli.ts';

/**
 * A failed check stops its case (as Playwright's `expect`): what the steps after it would judge
 * rests on a state the case never established, so their rules are inconclusive, naming the failed
 * rule and where it failed. `soft: true` goes on (`expect.soft`); the spec's findings on an
 * answer's form never stop. Driven without a browser or a bank.
 */

const reference = loadProfile(join(repoRoot, 'fixtures/aspsps/reference.yaml'));
const FILE = '/suites/gate.yaml';
const at = (line: number) => ({ file: FILE, line, column: 9 });
const evidence = { attach: async () => {} };

function response(status: number, body: unknown): AspspResponse {
  const text = JSON.stringify(body);
  return { status, headers: { 'content-type': 'application/json' }, body, text, bytes: Buffer.from(text), durationMs: 1 };
}

/** A bank whose consent never becomes valid: created, then `received` for good; its accounts refused (correctly) with 401. */
function bank(path: string): AspspResponse {
  if (path.endsWith('/consents')) return response(201, { consentId: 'c-1', consentStatus: 'received' });
  if (path.endsWith('/status')) return response(200, { consentStatus: 'received' });
  if (path.endsWith('/accounts')) return response(401, { tppMessages: [{ category: 'ERROR', code: 'CONSENT_INVALID' }] });
  return response(404, {});
}

const specFinding = (operationId: string): Finding => ({ ruleId: 'BG-OAS-RESPONSE', passed: false, where: '/consentStatus', expected: 'a string', actual: 1, message: `${operationId}: the body does not match the spec` });

/** Runs `steps` as one case against the bank; `spec` names the paths whose answers the spec rejects. */
async function run(steps: readonly Step[], options: { spec?: readonly string[]; profile?: Profile; requirements?: readonly string[] } = {}) {
  const sent: string[] = [];
  const validator = {
    name: 'fake',
    operation: () => undefined,
    findOperation: (_method: string, path: string) => ({ operationId: path.split('/').filter(Boolean).join('-') }),
    validateResponse: (operationId: string) => (options.spec?.some((p) => operationId === p) ? [specFinding(operationId)] : []),
    declaredHeaders: () => undefined,
  } as unknown as SpecValidator;
  const ctx: Omit<StepContext, 'state' | 'record' | 'step' | 'inconclusive' | 'signal'> = {
    profile: options.profile ?? reference,
    aspsp: {
      send: async (req: AspspRequest) => {
        const path = new URL(req.url).pathname;
        sent.push(path);
        return bank(path);
      },
      close: async () => {},
    },
    validator,
    sca: { open: async () => assert.fail('no SCA in these cases') },
    now: () => new Date('2026-06-15T10:00:00Z'),
  };
  const rules = [...new Set(steps.flatMap((s) => ('rule' in s && typeof s.rule === 'string' ? [s.rule] : [])))];
  const kase: Case = { id: 'gate', title: 'gate', requirements: options.requirements ?? rules, tags: [], steps, at: at(1) };
  const outcome = await runCase(kase, ctx, (_title, body) => body(evidence), { signal: new AbortController().signal, ms: 60_000 });
  const result = { title: 'gate', status: caseFailure(outcome) ? ('failed' as const) : ('passed' as const), requirements: kase.requirements, ...outcome };
  const summary = summarise(ruleCatalog, [result]);
  const verdict = (id: string) => summary.find((r) => r.id === id)?.verdict;
  const outcomeOfRun = runOutcome(summary, [result], []);
  return { outcome, sent, verdict, run: outcomeOfRun, exitCode: EXIT_CODES[outcomeOfRun], console: formatSummary(summary, [result]), failure: caseFailure(outcome) };
}

const createConsent: Step = { kind: 'request', at: at(2), method: 'POST', path: '/v1/consents', body: {}, capture: { consentId: '/consentId' } };
const readStatus: Step = { kind: 'request', at: at(3), method: 'GET', path: '/v1/consents/${consentId}/status' };
const valid = (soft?: boolean): Step => ({ kind: 'expect', at: at(4), rule: 'AIS-CONSENT-VALID-AFTER-SCA', status: 200, body: { '/consentStatus': 'valid' }, ...(soft ? { soft } : {}) });
const readAccounts: Step = { kind: 'request', at: at(5), method: 'GET', path: '/v1/accounts', headers: { 'Consent-ID': '${consentId}' } };
const accountsRead: Step = { kind: 'expect', at: at(6), rule: 'AIS-ACCOUNTS-READ', status: 200 };

/** Whether `o` left `rule` inconclusive with a reason naming what failed where. */
function unjudgedFor(o: CaseOutcome, rule: string): string | undefined {
  return o.inconclusive.find((i) => i.ruleId === rule)?.reason;
}

test('a failed expect stops its case: the request after it is not sent, its rule is inconclusive naming the failed rule and its position, the run stays non-conformant (exit 1)', async () => {
  const r = await run([createConsent, readStatus, valid(), readAccounts, accountsRead], { requirements: ['AIS-CONSENT-VALID-AFTER-SCA', 'AIS-ACCOUNTS-READ', 'AIS-CONSENT-STATUS'] });
  assert.deepEqual(r.sent, ['/v1/consents', '/v1/consents/c-1/status']);
  assert.equal(r.outcome.stopped?.code, 'CHECK_FAILED');
  assert.equal(r.outcome.stopped?.category, 'precondition');
  assert.deepEqual(r.outcome.stopped?.at, at(4));
  const reason = `not judged: AIS-CONSENT-VALID-AFTER-SCA failed at ${FILE}:4:9, so the state this check needs was not established`;
  assert.equal(unjudgedFor(r.outcome, 'AIS-ACCOUNTS-READ'), reason);
  // A requirement the case never reached is not judged either.
  assert.equal(unjudgedFor(r.outcome, 'AIS-CONSENT-STATUS'), reason);
  assert.equal(unjudgedFor(r.outcome, 'AIS-CONSENT-VALID-AFTER-SCA'), undefined);
  assert.equal(r.verdict('AIS-CONSENT-VALID-AFTER-SCA'), 'failed');
  assert.equal(r.verdict('AIS-ACCOUNTS-READ'), 'inconclusive');
  assert.equal(r.run, 'non-conformant');
  assert.equal(r.exitCode, 1);
  assert.match(r.failure ?? '', /^violated: AIS-CONSENT-VALID-AFTER-SCA\n/);
  assert.match(r.failure ?? '', /case stopped \(CHECK_FAILED\): AIS-CONSENT-VALID-AFTER-SCA failed at \/suites\/gate\.yaml:4:9/);
  assert.match(r.failure ?? '', /inconclusive: AIS-ACCOUNTS-READ, AIS-CONSENT-STATUS/);
  assert.match(r.console, /Stopped cases[^\n]*\n {2}CHECK_FAILED +gate: AIS-CONSENT-VALID-AFTER-SCA failed at/);
  assert.match(r.console, /Outcome: non-conformant \(exit code 1\)/);
});

test('soft: true records the failure and goes on: the later rule is judged on what the bank answered', async () => {
  const r = await run([createConsent, readStatus, valid(true), readAccounts, accountsRead]);
  assert.deepEqual(r.sent, ['/v1/consents', '/v1/consents/c-1/status', '/v1/accounts']);
  assert.equal(r.outcome.stopped, undefined);
  assert.deepEqual(r.outcome.inconclusive, []);
  assert.equal(r.verdict('AIS-CONSENT-VALID-AFTER-SCA'), 'failed');
  assert.equal(r.verdict('AIS-ACCOUNTS-READ'), 'failed');
  assert.equal(r.exitCode, 1);
});

test('the spec\'s findings on an answer\'s form (BG-OAS-*) never stop the case: the checks after them are judged', async () => {
  const r = await run([createConsent, { ...accountsRead, rule: 'AIS-CONSENT-CREATE', status: 201 }], { spec: ['v1-consents'] });
  assert.equal(r.outcome.stopped, undefined);
  assert.deepEqual(r.outcome.findings.map((f) => [f.ruleId, f.passed]), [['BG-OAS-RESPONSE', false], ['AIS-CONSENT-CREATE', true]]);
  assert.equal(r.verdict('AIS-CONSENT-CREATE'), 'passed');
});

test('a failed expect with nothing after it to judge ends the case failed, not stopped: nothing is inconclusive', async () => {
  const r = await run([createConsent, readStatus, valid()]);
  assert.equal(r.outcome.stopped, undefined);
  assert.deepEqual(r.outcome.inconclusive, []);
  assert.equal(r.verdict('AIS-CONSENT-VALID-AFTER-SCA'), 'failed');
  assert.equal(r.exitCode, 1);
});

test('a passed expect does not stop: every rule is judged', async () => {
  const r = await run([createConsent, { kind: 'expect', at: at(3), rule: 'AIS-CONSENT-CREATE', status: 201 }, readAccounts, { ...accountsRead, status: 401 }]);
  assert.equal(r.outcome.stopped, undefined);
  assert.equal(r.verdict('AIS-CONSENT-CREATE'), 'passed');
  assert.equal(r.verdict('AIS-ACCOUNTS-READ'), 'passed');
  assert.equal(r.exitCode, 0);
});

test('repeat: its own failed check stops the case as an expect does, soft: true goes on; the spec\'s findings on its tries do not stop', async () => {
  const poll = (soft?: boolean): RepeatStep => ({
    kind: 'repeat', at: at(4), request: { method: 'GET', path: '/v1/consents/${consentId}/status' }, times: 2,
    expect: { rule: 'AIS-CONSENT-VALID-AFTER-SCA', status: 200, body: { '/consentStatus': 'valid' } }, ...(soft ? { soft } : {}),
  });
  const hard = await run([createConsent, poll(), readAccounts, accountsRead]);
  assert.equal(hard.outcome.stopped?.code, 'CHECK_FAILED');
  assert.match(unjudgedFor(hard.outcome, 'AIS-ACCOUNTS-READ') ?? '', /^not judged: AIS-CONSENT-VALID-AFTER-SCA failed at \/suites\/gate\.yaml:4:9/);
  assert.ok(!hard.sent.includes('/v1/accounts'));

  const soft = await run([createConsent, poll(true), readAccounts, accountsRead]);
  assert.equal(soft.outcome.stopped, undefined);
  assert.equal(soft.verdict('AIS-ACCOUNTS-READ'), 'failed');

  const formOnly = await run([createConsent, { ...poll(), expect: { rule: 'AIS-CONSENT-STATUS', status: 200 } }, readAccounts, { ...accountsRead, status: 401 }], { spec: ['v1-consents-c-1-status'] });
  assert.equal(formOnly.outcome.stopped, undefined);
  assert.equal(formOnly.verdict('AIS-ACCOUNTS-READ'), 'passed');
});

test('a failed check the profile accepts as a known deviation still stops: the state was not established either way', async () => {
  const profile: Profile = { ...reference, deviations: [{ rule: 'AIS-CONSENT-VALID-AFTER-SCA', reason: 'the bank validates consents later', expires: '2099-12-31' }] };
  const r = await run([createConsent, readStatus, valid(), readAccounts, accountsRead], { profile });
  assert.equal(r.outcome.stopped?.code, 'CHECK_FAILED');
  assert.ok(r.outcome.findings.some((f) => !f.passed && f.deviation && !f.deviation.expired));
  assert.equal(r.verdict('AIS-CONSENT-VALID-AFTER-SCA'), 'accepted deviation');
  assert.equal(r.verdict('AIS-ACCOUNTS-READ'), 'inconclusive');
  // Accepted, yet the rules after it were not judged: the run cannot say conformant.
  assert.equal(r.run, 'not judged');
});
