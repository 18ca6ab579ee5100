import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { plan } from '../src/plan/plan.ts';
import { loadProfile } from '../src/profile/load.ts';
import { resolveStatusGraph, statusGraphs } from '../src/rules/payment-status-graph.ts';
import { parseSuite } from '../src/suite/load.ts';
import { repoRoot } from './helpers/cli.ts';
import { createApp } from '../src/sandbox/server.ts';
import { defaultPaymentSettings } from '../src/sandbox/store/payment-settings.ts';
import type { FaultName } from '../src/sandbox/faults/catalog.ts';
import { judgeTransitions } from '../src/steps/transitions.ts';
import { type App, post } from './helpers/sandbox-pages.ts';

const PSUS = {
  main: { id: 'PSU-1001', password: 'Sandbox-Pass-7319', otp: '583021' },
  other: { id: 'PSU-1002', password: 'Sandbox-Pass-2468', otp: '620417' },
};
const OK_URI = 'https://tpp.example/cb/ok';
const MAIN_IBAN = 'DE27100200300012345678';
const JOINT_IBAN = 'DE28100200300066600088';
const CREDITOR = 'DE89370400440532013000';

const headers = (extra: Record<string, string | undefined> = {}): Record<string, string> =>
  Object.fromEntries(
    Object.entries({ 'X-Request-ID': randomUUID(), 'PSU-IP-Address': '192.0.2.10', 'TPP-Redirect-URI': OK_URI, 'Content-Type': 'application/json', ...extra }).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );

const single = (over: Record<string, unknown> = {}) => ({
  debtorAccount: { iban: MAIN_IBAN },
  instructedAmount: { currency: 'EUR', amount: '12.34' },
  creditorAccount: { iban: CREDITOR },
  creditorName: 'Payee',
  ...over,
});

interface Json {
  [key: string]: unknown;
}

async function call(app: App, method: string, path: string, body?: unknown, extra: Record<string, string | undefined> = {}): Promise<{ status: number; body: Json }> {
  const res = await app.request(path, { method, headers: headers(extra), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

async function initiate(app: App, service: string, product: string, body: unknown) {
  const res = await call(app, 'POST', `/v1/${service}/${product}`, body);
  const links = res.body['_links'] as Record<string, { href: string }> | undefined;
  return { ...res, paymentId: String(res.body['paymentId']), scaRedirect: links?.['scaRedirect']?.href ?? '' };
}

/** The PSU's way through the SCA pages; returns the final answer (a redirect, or a page). */
async function approve(app: App, scaHref: string, psu = PSUS.main, decision = 'approve') {
  const login = await (await app.request(new URL(scaHref).pathname)).text();
  const otp = await (await post(app, login, { username: psu.id, password: psu.password })).text();
  const confirm = await (await post(app, otp, { otp: psu.otp })).text();
  assert.match(confirm, /id="payment"/, 'the confirm page describes the payment');
  return post(app, confirm, { decision });
}

const status = async (app: App, service: string, product: string, id: string) =>
  (await call(app, 'GET', `/v1/${service}/${product}/${id}/status`)).body['transactionStatus'];

const advance = (app: App, paymentId: string, duration: string) => call(app, 'POST', '/test/clock', { advance: duration, paymentId });

const bank = (faults: FaultName[] = []) => createApp({ psu: PSUS.main, faults });

describe('reference ASPSP: payment initiation', () => {
  it('answers 201 RCVD with links for every offered service and product, 404 PRODUCT_UNKNOWN otherwise', async () => {
    const app = bank();
    const ok = await initiate(app, 'payments', 'sepa-credit-transfers', single());
    assert.equal(ok.status, 201);
    assert.equal(ok.body['transactionStatus'], 'RCVD');
    assert.match(ok.scaRedirect, /\/sca\//);
    const bulk = await initiate(app, 'bulk-payments', 'instant-sepa-credit-transfers', { debtorAccount: { iban: MAIN_IBAN }, payments: [single({ debtorAccount: undefined })] });
    assert.equal(bulk.status, 201);
    const notOffered = await call(app, 'POST', '/v1/bulk-payments/target-2-payments', { debtorAccount: { iban: MAIN_IBAN }, payments: [] });
    assert.equal(notOffered.status, 404);
    assert.deepEqual((notOffered.body['tppMessages'] as Json[])[0]?.['code'], 'PRODUCT_UNKNOWN');
  });

  it('answers 403 PRODUCT_INVALID for an offered product from an account it is not available for (instant from savings); 404 under its fault', async () => {
    const savings = 'DE66100200300087654321';
    const instant = await initiate(bank(), 'payments', 'instant-sepa-credit-transfers', single({ debtorAccount: { iban: savings } }));
    assert.equal(instant.status, 403);
    assert.deepEqual((instant.body['tppMessages'] as Json[])[0]?.['code'], 'PRODUCT_INVALID');
    // The same account may send the products it is not barred from, and other accounts may send instant payments.
    assert.equal((await initiate(bank(), 'payments', 'sepa-credit-transfers', single({ debtorAccount: { iban: savings } }))).status, 201);
    assert.equal((await initiate(bank(), 'payments', 'instant-sepa-credit-transfers', single())).status, 201);
    const faulty = await initiate(bank(['product-invalid-as-unknown']), 'payments', 'instant-sepa-credit-transfers', single({ debtorAccount: { iban: savings } }));
    assert.equal(faulty.status, 404);
    assert.deepEqual((faulty.body['tppMessages'] as Json[])[0]?.['code'], 'PRODUCT_UNKNOWN');
  });

  it('refuses bad input with 400 and the offending path', async () => {
    const app = bank();
    const cases: [unknown, string, string][] = [
      [single({ creditorAccount: { iban: 'DE89370400440532013001' } }), 'creditorAccount.iban', 'FORMAT_ERROR'],
      [single({ instructedAmount: { currency: 'EUR', amount: 12.34 } }), 'instructedAmount.amount', 'FORMAT_ERROR'],
      [single({ instructedAmount: { currency: 'EUR', amount: '12.3456' } }), 'instructedAmount.amount', 'FORMAT_ERROR'],
      [single({ instructedAmount: { currency: 'USD', amount: '1.00' } }), 'instructedAmount.currency', 'FORMAT_ERROR'],
      [single({ requestedExecutionDate: '2001-01-01' }), 'requestedExecutionDate', 'EXECUTION_DATE_INVALID'],
    ];
    for (const [body, path, code] of cases) {
      const res = await call(app, 'POST', '/v1/payments/sepa-credit-transfers', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual((res.body['tppMessages'] as Json[])[0], { ...(res.body['tppMessages'] as Json[])[0], code, path });
    }
    const periodic = { ...single(), startDate: '2099-01-10', endDate: '2099-01-01', frequency: 'Monthly' };
    assert.equal((await call(app, 'POST', '/v1/periodic-payments/sepa-credit-transfers', periodic)).status, 400);
    const zeroPadded = { ...single(), startDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), frequency: 'Monthly', dayOfExecution: '05' };
    assert.equal((await call(app, 'POST', '/v1/periodic-payments/sepa-credit-transfers', zeroPadded)).status, 400);
    const noIp = await call(app, 'POST', '/v1/payments/sepa-credit-transfers', single(), { 'PSU-IP-Address': undefined });
    assert.equal(noIp.status, 400);
  });

  it('replays an initiation retried with the same X-Request-ID and body, and refuses it with another body', async () => {
    const app = bank();
    const requestId = randomUUID();
    const first = await call(app, 'POST', '/v1/payments/sepa-credit-transfers', single(), { 'X-Request-ID': requestId });
    const again = await call(app, 'POST', '/v1/payments/sepa-credit-transfers', single(), { 'X-Request-ID': requestId });
    assert.equal(again.body['paymentId'], first.body['paymentId']);
    const other = await call(app, 'POST', '/v1/payments/sepa-credit-transfers', single({ creditorName: 'Else' }), { 'X-Request-ID': requestId });
    assert.equal(other.status, 400);
  });
});

describe('reference ASPSP: real-time mode (sandbox --settle-after)', () => {
  it('settles in wall time, earlier statuses in proportion, and refuses to move its clock', async () => {
    const app = createApp({ psu: PSUS.main, settings: { payments: { ...defaultPaymentSettings, settleAfterMs: 300 } } });
    const p = await initiate(app, 'payments', 'sepa-credit-transfers', single());
    await approve(app, p.scaRedirect);
    const first = await status(app, 'payments', 'sepa-credit-transfers', p.paymentId);
    assert.ok(first === 'ACTC' || first === 'ACSP', `just after SCA: ${String(first)}`);
    const moved = await advance(app, p.paymentId, 'P2D');
    assert.equal(moved.status, 409);
    await new Promise((r) => setTimeout(r, 350));
    assert.equal(await status(app, 'payments', 'sepa-credit-transfers', p.paymentId), 'ACSC');
  });
});

describe('reference ASPSP: transaction status on the test clock', () => {
  it('settles a SEPA credit transfer RCVD → ACTC → ACSP → ACSC, each status only forward', async () => {
    const app = bank();
    const p = await initiate(app, 'payments', 'sepa-credit-transfers', single());
    assert.equal((await approve(app, p.scaRedirect)).status, 302);
    const seen = [await status(app, 'payments', 'sepa-credit-transfers', p.paymentId)];
    for (let i = 0; i < 30; i++) {
      await advance(app, p.paymentId, 'PT1H');
      seen.push(await status(app, 'payments', 'sepa-credit-transfers', p.paymentId));
    }
    const path = seen.filter((s, i) => s !== seen[i - 1]);
    assert.deepEqual(path, ['ACTC', 'ACSP', 'ACSC']);
  });

  it('settles an instant payment at once and refuses to cancel it (400 RESOURCE_BLOCKED once final)', async () => {
    const app = bank();
    const p = await initiate(app, 'payments', 'instant-sepa-credit-transfers', single());
    await approve(app, p.scaRedirect);
    assert.equal(await status(app, 'payments', 'instant-sepa-credit-transfers', p.paymentId), 'ACSC');
    const cancel = await call(app, 'DELETE', `/v1/payments/instant-sepa-credit-transfers/${p.paymentId}`);
    assert.equal(cancel.status, 400);
    assert.equal((cancel.body['tppMessages'] as Json[])[0]?.['code'], 'RESOURCE_BLOCKED');
  });

  it('rejects a payment beyond the balance with RJCT and a reason; without reason under its fault', async () => {
    for (const faults of [[], ['payment-rejected-without-reason']] as FaultName[][]) {
      const app = bank(faults);
      const p = await initiate(app, 'payments', 'sepa-credit-transfers', single({ instructedAmount: { currency: 'EUR', amount: '90000.00' } }));
      await approve(app, p.scaRedirect);
      const res = await call(app, 'GET', `/v1/payments/sepa-credit-transfers/${p.paymentId}/status`);
      assert.equal(res.body['transactionStatus'], 'RJCT');
      assert.equal(res.body['tppMessages'] === undefined, faults.length > 0);
    }
  });

  it('keeps a joint-account payment PATC until the second holder authorises', async () => {
    const app = bank();
    const p = await initiate(app, 'payments', 'sepa-credit-transfers', single({ debtorAccount: { iban: JOINT_IBAN } }));
    await approve(app, p.scaRedirect);
    assert.equal(await status(app, 'payments', 'sepa-credit-transfers', p.paymentId), 'PATC');
    const again = await call(app, 'POST', `/v1/payments/sepa-credit-transfers/${p.paymentId}/authorisations`, {});
    const href = (again.body['_links'] as Record<string, { href: string }>)['scaRedirect']?.href ?? '';
    const sameHolder = await approve(app, href, PSUS.main);
    assert.equal(sameHolder.status, 200, 'the first holder cannot sign twice');
    assert.match(await sameHolder.text(), /another account holder/);
    const second = await call(app, 'POST', `/v1/payments/sepa-credit-transfers/${p.paymentId}/authorisations`, {});
    await approve(app, (second.body['_links'] as Record<string, { href: string }>)['scaRedirect']?.href ?? '', PSUS.other);
    assert.equal(await status(app, 'payments', 'sepa-credit-transfers', p.paymentId), 'ACTC');
  });

  it('cancels before SCA at once, after SCA through a cancellation authorisation, never once executing', async () => {
    const app = bank();
    const future = single({ requestedExecutionDate: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10) });
    const before = await initiate(app, 'payments', 'sepa-credit-transfers', future);
    assert.equal((await call(app, 'DELETE', `/v1/payments/sepa-credit-transfers/${before.paymentId}`)).status, 204);
    assert.equal(await status(app, 'payments', 'sepa-credit-transfers', before.paymentId), 'CANC');

    const after = await initiate(app, 'payments', 'sepa-credit-transfers', future);
    await approve(app, after.scaRedirect);
    const asked = await call(app, 'DELETE', `/v1/payments/sepa-credit-transfers/${after.paymentId}`);
    assert.equal(asked.status, 202);
    const start = await call(app, 'POST', `/v1/payments/sepa-credit-transfers/${after.paymentId}/cancellation-authorisations`, {});
    assert.equal(start.status, 201);
    await approve(app, (start.body['_links'] as Record<string, { href: string }>)['scaRedirect']?.href ?? '');
    assert.equal(await status(app, 'payments', 'sepa-credit-transfers', after.paymentId), 'CANC');

    const running = await initiate(app, 'payments', 'sepa-credit-transfers', single());
    await approve(app, running.scaRedirect);
    await advance(app, running.paymentId, 'PT2H');
    const refused = await call(app, 'DELETE', `/v1/payments/sepa-credit-transfers/${running.paymentId}`);
    assert.equal(refused.status, 405);
    assert.equal((refused.body['tppMessages'] as Json[])[0]?.['code'], 'CANCELLATION_INVALID');
  });

  it('grants a PIIS consent valid until 9999-12-31 after SCA; funds under its Consent-ID need it valid and for its account', async () => {
    const app = bank();
    const created = await call(app, 'POST', '/v1/consents/confirmation-of-funds', { account: { iban: MAIN_IBAN }, validUntil: '9999-12-31' });
    assert.equal(created.status, 201);
    assert.equal(created.body['consentStatus'], 'received');
    const consentId = String(created.body['consentId']);
    const ask = (iban: string) =>
      call(app, 'POST', '/v1/funds-confirmations', { account: { iban }, instructedAmount: { currency: 'EUR', amount: '1.00' } }, { 'Consent-ID': consentId });
    assert.equal((await ask(MAIN_IBAN)).status, 401, 'not yet authorised');
    const page = await (await app.request(new URL((created.body['_links'] as Record<string, { href: string }>)['scaRedirect']!.href).pathname)).text();
    const otp = await (await post(app, page, { username: PSUS.main.id, password: PSUS.main.password })).text();
    const confirm = await (await post(app, otp, { otp: PSUS.main.otp })).text();
    assert.match(confirm, /until you revoke it/);
    assert.equal((await post(app, confirm, { decision: 'approve' })).status, 302);
    assert.deepEqual((await ask(MAIN_IBAN)).body, { fundsAvailable: true });
    assert.equal((await ask(JOINT_IBAN)).status, 400, 'another account than the consent names');
  });

  it('answers funds confirmation by the available balance', async () => {
    const app = bank();
    const ask = (amount: string) => call(app, 'POST', '/v1/funds-confirmations', { account: { iban: MAIN_IBAN }, instructedAmount: { currency: 'EUR', amount } });
    assert.deepEqual((await ask('1.00')).body, { fundsAvailable: true });
    assert.deepEqual((await ask('90000.00')).body, { fundsAvailable: false });
  });
});

describe('status graph and transition check', () => {
  const sct = statusGraphs['sepa-credit-transfers']!;

  it('accepts forward moves and repeats, from a known start', () => {
    const v = judgeTransitions(sct, ['ACTC', 'ACTC', 'ACSP', 'ACSC'], 'RCVD');
    assert.deepEqual(v, { passed: true, path: ['RCVD', 'ACTC', 'ACSP', 'ACSC'], problems: [] });
  });

  it('fails a step backwards, a change of a final status and a status the graph does not know', () => {
    assert.match(judgeTransitions(sct, ['ACTC', 'ACSP', 'ACTC']).problems.join(), /ACSP → ACTC is not a legal transition/);
    assert.match(judgeTransitions(sct, ['ACSC', 'RJCT']).problems.join(), /ACSC → RJCT .*nothing: it is final/);
    const unknown = judgeTransitions(sct, ['ACTC', 'XXXX', 'ACSC']);
    assert.equal(unknown.passed, false);
    assert.match(unknown.problems.join(), /status XXXX is not in the status graph/);
  });

  it('takes a profile override per product and status, and knows no graph for an unknown product', () => {
    const graph = resolveStatusGraph('sepa-credit-transfers', { 'sepa-credit-transfers': { ACSP: ['ACSC'] } });
    assert.deepEqual(graph?.['ACSP'], ['ACSC']);
    assert.equal(judgeTransitions(graph!, ['ACSP', 'RJCT']).passed, false);
    assert.equal(resolveStatusGraph('pain.001-sepa-credit-transfers'), undefined);
    assert.ok(resolveStatusGraph('own-product', { 'own-product': { RCVD: ['ACSC'] } }));
  });
});

describe('payment cases and the profile', () => {
  const profile = loadProfile(join(repoRoot, 'fixtures/aspsps/reference.yaml'));
  const planOf = (caseLines: string, p = profile) => {
    const text = `suite: s\ntitle: S\ncases:\n  - id: c\n    title: C\n    requirements: [PIS-INITIATE]\n${caseLines}    steps:\n      - kind: request\n        operation: initiatePayment\n`;
    const { suite, errors } = parseSuite('/suites/s.yaml', text);
    assert.deepEqual(errors, []);
    return plan({ suites: [suite!], profile: p, operationIds: new Set(['initiatePayment']) })[0]!;
  };

  it('applies a case to an offered service and product, and names what is missing otherwise', () => {
    assert.equal(planOf('    payment: { service: payments, product: target-2-payments }\n').notApplicable, undefined);
    assert.match(planOf('    payment: { service: bulk-payments, product: target-2-payments }\n').notApplicable ?? '', /needs bulk-payments of target-2-payments; profile .* offers sepa-credit-transfers, instant-sepa-credit-transfers for bulk-payments/);
    const { payments: _payments, ...withoutPayments } = profile;
    assert.match(planOf('    payment: { service: payments, product: sepa-credit-transfers }\n', withoutPayments).notApplicable ?? '', /declares no payment services/);
    // A case initiating several payments applies only when every product is offered.
    const several = (second: string) => `    payment:\n      - { service: payments, product: sepa-credit-transfers }\n      - { service: ${second} }\n`;
    assert.equal(planOf(several('payments, product: target-2-payments')).notApplicable, undefined);
    assert.match(planOf(several('bulk-payments, product: target-2-payments')).notApplicable ?? '', /needs bulk-payments of target-2-payments/);
  });

  it('makes a repeat that must span days not applicable without a way to move the clock', () => {
    const spanning = `    steps:\n      - kind: repeat\n        request: { operation: initiatePayment }\n        times: 3\n        advance: P1D\n`;
    const text = `suite: s\ntitle: S\ncases:\n  - id: c\n    title: C\n    requirements: [PIS-STATUS-FINAL]\n${spanning}`;
    const { suite } = parseSuite('/suites/s.yaml', text);
    const planned = (p: typeof profile) => plan({ suites: [suite!], profile: p, operationIds: new Set(['initiatePayment']) })[0]!;
    assert.equal(planned(profile).notApplicable, undefined);
    assert.match(planned({ ...profile, clock: {} }).notApplicable ?? '', /needs the bank's clock to move P1D/);
  });
});
