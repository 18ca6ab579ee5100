import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { faults, parseFaults } from '../src/sandbox/faults/catalog.ts';
import { createApp, startSandbox } from '../src/sandbox/server.ts';
import { type App, formOf, post } from './helpers/sandbox-pages.ts';

const PSU = { id: 'PSU-1001', password: 'test-pass', otp: '111222' };
const OK_URI = 'https://tpp.example/cb/ok';
const NOK_URI = 'https://tpp.example/cb/nok';

const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
  'X-Request-ID': randomUUID(),
  'PSU-IP-Address': '192.168.8.78',
  'TPP-Redirect-URI': OK_URI,
  'TPP-Nok-Redirect-URI': NOK_URI,
  'Content-Type': 'application/json',
  ...extra,
});

const consentBody = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    access: { accounts: [{ iban: 'DE27100200300012345678' }], transactions: [{ iban: 'DE27100200300012345678' }] },
    recurringIndicator: true,
    validUntil: '9999-12-31',
    frequencyPerDay: 4,
    combinedServiceIndicator: false,
    ...over,
  });

async function createConsent(app: App, over: Record<string, unknown> = {}) {
  const res = await app.request('/v1/consents', { method: 'POST', headers: headers(), body: consentBody(over) });
  const body = (await res.json()) as { consentId: string; consentStatus: string; _links: Record<string, { href: string }> };
  return { res, body };
}

/** Walks login → OTP → confirm and clicks the given button. */
async function walkSca(app: App, scaHref: string, decision: 'approve' | 'deny') {
  const path = new URL(scaHref).pathname;
  const login = await (await app.request(path)).text();
  assert.match(login, /id="username"/);
  assert.match(login, /id="password" name="password" type="password"/);
  assert.match(login, /id="login"/);
  const otp = await (await post(app, login, { username: PSU.id, password: PSU.password })).text();
  assert.match(otp, /id="otp" name="otp" type="password"/);
  const confirm = await (await post(app, otp, { otp: PSU.otp })).text();
  assert.match(confirm, /id="approve"/);
  assert.match(confirm, /id="deny"/);
  return post(app, confirm, { decision });
}

const get = (app: App, path: string, extra: Record<string, string> = {}) => app.request(path, { headers: headers(extra) });

describe('sandbox: consent and SCA flow', () => {
  it('walks create → SCA pages → valid → accounts → transactions over a real socket', async () => {
    const sandbox = await startSandbox({ port: 0, psu: PSU });
    try {
      const health = await fetch(`${sandbox.url}/health`);
      assert.deepEqual(await health.json(), { status: 'ok' });
      const res = await fetch(`${sandbox.url}/v1/consents`, { method: 'POST', headers: headers(), body: consentBody() });
      assert.equal(res.status, 201);
      const body = (await res.json()) as { consentId: string; _links: Record<string, { href: string }> };
      assert.equal(res.headers.get('aspsp-sca-approach'), 'REDIRECT');
      assert.equal(res.headers.get('location'), `${sandbox.url}/v1/consents/${body.consentId}`);
      assert.ok(body._links['scaRedirect']?.href.startsWith(`${sandbox.url}/sca/`));

      let page = await (await fetch(body._links['scaRedirect']?.href ?? '')).text();
      const submit = async (fields: Record<string, string>) => {
        const { action, token } = formOf(page);
        return fetch(`${sandbox.url}${action}`, { method: 'POST', body: new URLSearchParams({ token, ...fields }), redirect: 'manual' });
      };
      page = await (await submit({ username: PSU.id, password: PSU.password })).text();
      page = await (await submit({ otp: PSU.otp })).text();
      const done = await submit({ decision: 'approve' });
      assert.equal(done.status, 302);
      assert.equal(done.headers.get('location'), OK_URI);
    } finally {
      await sandbox.close();
    }
  });

  it('moves consentStatus and scaStatus as the PSU goes, then serves account data', async () => {
    const app = createApp({ psu: PSU });
    const { res, body } = await createConsent(app);
    assert.equal(res.status, 201);
    assert.equal(body.consentStatus, 'received');
    const id = body.consentId;
    const scaStatusHref = body._links['scaStatus']?.href ?? '';
    assert.deepEqual(await (await get(app, `/v1/consents/${id}/status`)).json(), { consentStatus: 'received' });
    assert.deepEqual(await (await get(app, scaStatusHref)).json(), { scaStatus: 'received' });

    const done = await walkSca(app, body._links['scaRedirect']?.href ?? '', 'approve');
    assert.equal(done.status, 302);
    assert.equal(done.headers.get('location'), OK_URI);
    assert.deepEqual(await (await get(app, `/v1/consents/${id}/status`)).json(), { consentStatus: 'valid' });
    assert.deepEqual(await (await get(app, scaStatusHref)).json(), { scaStatus: 'finalised' });

    const info = (await (await get(app, `/v1/consents/${id}`)).json()) as { validUntil: string; consentStatus: string };
    assert.equal(info.consentStatus, 'valid');
    assert.notEqual(info.validUntil, '9999-12-31', 'the maximum validity is shortened');

    const list = await get(app, '/v1/accounts', { 'Consent-ID': id });
    assert.equal(list.status, 200);
    const { accounts } = (await list.json()) as { accounts: { resourceId: string; iban: string; _links: Record<string, unknown> }[] };
    assert.deepEqual(accounts.map((a) => a.iban), ['DE27100200300012345678']);
    const account = accounts[0];
    assert.ok(account?._links['transactions']);

    const from = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const tx = await get(app, `/v1/accounts/${account.resourceId}/transactions?bookingStatus=both&dateFrom=${from}`, { 'Consent-ID': id });
    assert.equal(tx.status, 200);
    const report = (await tx.json()) as { transactions: { booked: { bookingDate: string }[]; pending: unknown[]; _links: unknown } };
    assert.ok(report.transactions.booked.length > 0);
    assert.ok(report.transactions.booked.every((t) => t.bookingDate >= from));
    assert.ok(report.transactions._links);
    const again = await (await get(app, `/v1/accounts/${account.resourceId}/transactions?bookingStatus=both&dateFrom=${from}`, { 'Consent-ID': id })).json();
    assert.deepEqual(again, report, 'generated transactions are deterministic');

    const balances = await get(app, `/v1/accounts/${account.resourceId}/balances`, { 'Consent-ID': id });
    assert.equal(balances.status, 401, 'the consent does not cover balances');

    assert.equal((await app.request(`/v1/consents/${id}`, { method: 'DELETE', headers: headers() })).status, 204);
    assert.deepEqual(await (await get(app, `/v1/consents/${id}/status`)).json(), { consentStatus: 'terminatedByTpp' });
  });

  it('deny → rejected, scaStatus failed, redirect to the nok URI; use then answers 401 CONSENT_INVALID', async () => {
    const app = createApp({ psu: PSU });
    const { body } = await createConsent(app);
    const done = await walkSca(app, body._links['scaRedirect']?.href ?? '', 'deny');
    assert.equal(done.status, 302);
    assert.equal(done.headers.get('location'), NOK_URI);
    assert.deepEqual(await (await get(app, `/v1/consents/${body.consentId}/status`)).json(), { consentStatus: 'rejected' });
    assert.deepEqual(await (await get(app, body._links['scaStatus']?.href ?? '')).json(), { scaStatus: 'failed' });
    const res = await get(app, '/v1/accounts', { 'Consent-ID': body.consentId });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { tppMessages: { code: string }[] }).tppMessages[0]?.code, 'CONSENT_INVALID');
  });

  it('re-shows the login page with an error on wrong credentials', async () => {
    const app = createApp({ psu: PSU });
    const { body } = await createConsent(app);
    const login = await (await app.request(new URL(body._links['scaRedirect']?.href ?? '').pathname)).text();
    const again = await (await post(app, login, { username: PSU.id, password: 'wrong' })).text();
    assert.match(again, /role="alert"/);
    assert.match(again, /id="username"/);
    assert.deepEqual(await (await get(app, body._links['scaStatus']?.href ?? '')).json(), { scaStatus: 'received' });
  });
});

describe('sandbox: faults', () => {
  it('consent-created-200', async () => {
    assert.equal((await createConsent(createApp({ faults: ['consent-created-200'] }))).res.status, 200);
  });

  it('consent-status-missing', async () => {
    const app = createApp({ faults: ['consent-status-missing'] });
    const { body } = await createConsent(app);
    assert.deepEqual(await (await get(app, `/v1/consents/${body.consentId}/status`)).json(), {});
  });

  it('request-id-not-echoed', async () => {
    assert.equal((await createConsent(createApp({ faults: ['request-id-not-echoed'] }))).res.headers.get('x-request-id'), null);
    assert.ok((await createConsent(createApp())).res.headers.get('x-request-id'));
  });

  it('sca-approval-ignored', async () => {
    const app = createApp({ faults: ['sca-approval-ignored'], psu: PSU });
    const { body } = await createConsent(app);
    assert.equal((await walkSca(app, body._links['scaRedirect']?.href ?? '', 'approve')).status, 302);
    assert.deepEqual(await (await get(app, `/v1/consents/${body.consentId}/status`)).json(), { consentStatus: 'received' });
  });

  const withoutRequestId = (app: App) => {
    const h = headers();
    delete h['X-Request-ID'];
    return app.request('/v1/consents', { method: 'POST', headers: h, body: consentBody() });
  };

  it('error-code-unknown', async () => {
    const code = async (app: App) => ((await (await withoutRequestId(app)).json()) as { tppMessages: { code: string }[] }).tppMessages[0]?.code;
    assert.equal(await code(createApp()), 'FORMAT_ERROR');
    assert.equal(await code(createApp({ faults: ['error-code-unknown'] })), 'INVALID_REQUEST');
  });

  it('missing-request-id-accepted', async () => {
    assert.equal((await withoutRequestId(createApp())).status, 400);
    const res = await withoutRequestId(createApp({ faults: ['missing-request-id-accepted'] }));
    assert.equal(res.status, 201);
  });

  it('invalid-consent-accepted', async () => {
    const app = createApp({ faults: ['invalid-consent-accepted'] });
    const { body } = await createConsent(app);
    await app.request(`/v1/consents/${body.consentId}`, { method: 'DELETE', headers: headers() });
    assert.equal((await get(app, '/v1/accounts', { 'Consent-ID': body.consentId })).status, 200);
  });

  it('sca-no-return: Approve answers a 200 done page instead of redirecting; the consent still becomes valid', async () => {
    const conformant = createApp({ psu: PSU });
    const ok = await createConsent(conformant);
    const redirected = await walkSca(conformant, ok.body._links['scaRedirect']?.href ?? '', 'approve');
    assert.equal(redirected.status, 302);
    assert.equal(redirected.headers.get('location'), OK_URI);

    const app = createApp({ faults: ['sca-no-return'], psu: PSU });
    const { body } = await createConsent(app);
    const done = await walkSca(app, body._links['scaRedirect']?.href ?? '', 'approve');
    assert.equal(done.status, 200);
    assert.equal(done.headers.get('location'), null);
    assert.match(done.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await done.text(), /id="done"/);
    assert.deepEqual(await (await get(app, `/v1/consents/${body.consentId}/status`)).json(), { consentStatus: 'valid' });
  });

  it('sca-deny-to-ok-uri: Deny redirects to TPP-Redirect-URI; the consent is still rejected', async () => {
    const app = createApp({ faults: ['sca-deny-to-ok-uri'], psu: PSU });
    const { body } = await createConsent(app);
    const done = await walkSca(app, body._links['scaRedirect']?.href ?? '', 'deny');
    assert.equal(done.status, 302);
    assert.equal(done.headers.get('location'), OK_URI);
    assert.deepEqual(await (await get(app, `/v1/consents/${body.consentId}/status`)).json(), { consentStatus: 'rejected' });
    // Conformant: the nok URI (covered in full by the deny test above).
    const conformant = createApp({ psu: PSU });
    const ok = await createConsent(conformant);
    assert.equal((await walkSca(conformant, ok.body._links['scaRedirect']?.href ?? '', 'deny')).headers.get('location'), NOK_URI);
  });

  it('sca-deny-ignored: after Deny the consent stays received, redirect to the nok URI as usual', async () => {
    const app = createApp({ faults: ['sca-deny-ignored'], psu: PSU });
    const { body } = await createConsent(app);
    const done = await walkSca(app, body._links['scaRedirect']?.href ?? '', 'deny');
    assert.equal(done.status, 302);
    assert.equal(done.headers.get('location'), NOK_URI);
    assert.deepEqual(await (await get(app, `/v1/consents/${body.consentId}/status`)).json(), { consentStatus: 'received' });
    const conformant = createApp({ psu: PSU });
    const ok = await createConsent(conformant);
    await walkSca(conformant, ok.body._links['scaRedirect']?.href ?? '', 'deny');
    assert.deepEqual(await (await get(conformant, `/v1/consents/${ok.body.consentId}/status`)).json(), { consentStatus: 'rejected' });
  });

  it('an SCA session left idle past the timeout (on the consent\'s clock) ends at the nok URI: consent rejected, scaStatus failed', async () => {
    const timedOut = async (faultNames: string[] = []) => {
      const app = createApp({ faults: faultNames, psu: PSU });
      const { body } = await createConsent(app);
      const path = new URL(body._links['scaRedirect']?.href ?? '').pathname;
      const login = await (await app.request(path)).text();
      const move = (advance: string) => app.request('/test/clock', { method: 'POST', headers: headers(), body: JSON.stringify({ advance, consentId: body.consentId }) });
      // Activity within the timeout keeps the session alive; the reload refreshes it.
      assert.equal((await move('PT4M')).status, 200);
      assert.equal((await app.request(path)).status, 200);
      assert.equal((await move('PT5M30S')).status, 200);
      const back = await post(app, login, { username: PSU.id, password: PSU.password });
      const consentStatus = ((await (await get(app, `/v1/consents/${body.consentId}/status`)).json()) as { consentStatus: string }).consentStatus;
      const scaStatus = ((await (await get(app, body._links['scaStatus']?.href ?? '')).json()) as { scaStatus: string }).scaStatus;
      return { status: back.status, location: back.headers.get('location'), consentStatus, scaStatus };
    };
    assert.deepEqual(await timedOut(), { status: 302, location: NOK_URI, consentStatus: 'rejected', scaStatus: 'failed' });
    const neverExpires = await timedOut(['sca-session-never-expires']);
    assert.equal(neverExpires.status, 200, 'the login goes on as if no time had passed');
    assert.equal(neverExpires.scaStatus, 'psuIdentified');
    assert.deepEqual(await timedOut(['sca-timeout-status-unchanged']), { status: 302, location: NOK_URI, consentStatus: 'received', scaStatus: 'received' });
  });

  it('a payment initiated with TPP-Decoupled-Preferred waits in the bank app; approving there finalises its authorisation', async () => {
    const app = createApp({ psu: PSU });
    const payment = JSON.stringify({
      debtorAccount: { iban: 'DE27100200300012345678' },
      instructedAmount: { currency: 'EUR', amount: '1.00' },
      creditorAccount: { iban: 'DE89370400440532013000' },
      creditorName: 'Payee',
    });
    const plain = { 'X-Request-ID': randomUUID(), 'PSU-IP-Address': '192.168.8.78', 'Content-Type': 'application/json' };
    const noPsu = await app.request('/v1/payments/instant-sepa-credit-transfers', { method: 'POST', headers: { ...plain, 'TPP-Decoupled-Preferred': 'true' }, body: payment });
    assert.equal(noPsu.status, 400, 'decoupled needs PSU-ID');
    const res = await app.request('/v1/payments/instant-sepa-credit-transfers', { method: 'POST', headers: { ...plain, 'X-Request-ID': randomUUID(), 'TPP-Decoupled-Preferred': 'true', 'PSU-ID': PSU.id }, body: payment });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('aspsp-sca-approach'), 'DECOUPLED');
    const body = (await res.json()) as { paymentId: string; _links: Record<string, { href: string }> };
    assert.equal(body._links['scaRedirect'], undefined);
    const statusLink = body._links['scaStatus']?.href ?? '';
    assert.deepEqual(await (await get(app, statusLink)).json(), { scaStatus: 'started' });
    const authorisationId = statusLink.split('/').pop() ?? '';
    const answered = await app.request(`/bank-app/${authorisationId}/decision`, { method: 'POST', body: new URLSearchParams({ decision: 'approve' }) });
    assert.equal(answered.status, 200);
    assert.match(await answered.text(), /You approved/);
    assert.deepEqual(await (await get(app, statusLink)).json(), { scaStatus: 'finalised' });
    assert.deepEqual(await (await get(app, `/v1/payments/instant-sepa-credit-transfers/${body.paymentId}/status`)).json(), { transactionStatus: 'ACSC' });
  });

  it('a decoupled SCA the PSU never answers ends after the session timeout (on the subject\'s clock): scaStatus failed, consent rejected, payment RJCT', async () => {
    const move = (app: App, advance: string, subject: Record<string, string>) => app.request('/test/clock', { method: 'POST', headers: headers(), body: JSON.stringify({ advance, ...subject }) });
    const readStatus = async (app: App, link: string) => ((await (await get(app, link)).json()) as { scaStatus: string }).scaStatus;
    const consentAbandoned = async (faultNames: string[] = []) => {
      const app = createApp({ faults: faultNames, psu: PSU });
      const res = await app.request('/v1/consents', { method: 'POST', headers: headers({ 'TPP-Decoupled-Preferred': 'true', 'PSU-ID': PSU.id }), body: consentBody() });
      const body = (await res.json()) as { consentId: string; _links: Record<string, { href: string }> };
      const link = body._links['scaStatus']?.href ?? '';
      // Within the timeout the push still waits.
      assert.equal((await move(app, 'PT4M', { consentId: body.consentId })).status, 200);
      const before = await readStatus(app, link);
      assert.equal((await move(app, 'PT1M30S', { consentId: body.consentId })).status, 200);
      const after = await readStatus(app, link);
      const consentStatus = ((await (await get(app, `/v1/consents/${body.consentId}/status`)).json()) as { consentStatus: string }).consentStatus;
      return { before, after, consentStatus };
    };
    assert.deepEqual(await consentAbandoned(), { before: 'started', after: 'failed', consentStatus: 'rejected' });
    assert.deepEqual(await consentAbandoned(['decoupled-session-never-times-out']), { before: 'started', after: 'started', consentStatus: 'received' });
    assert.deepEqual(await consentAbandoned(['sca-timeout-status-unchanged']), { before: 'started', after: 'failed', consentStatus: 'received' });

    const app = createApp({ psu: PSU });
    const payment = JSON.stringify({ debtorAccount: { iban: 'DE27100200300012345678' }, instructedAmount: { currency: 'EUR', amount: '1.00' }, creditorAccount: { iban: 'DE89370400440532013000' }, creditorName: 'Payee' });
    const res = await app.request('/v1/payments/instant-sepa-credit-transfers', { method: 'POST', headers: headers({ 'TPP-Decoupled-Preferred': 'true', 'PSU-ID': PSU.id }), body: payment });
    const body = (await res.json()) as { paymentId: string; _links: Record<string, { href: string }> };
    assert.equal((await move(app, 'PT5M30S', { paymentId: body.paymentId })).status, 200);
    assert.equal(await readStatus(app, body._links['scaStatus']?.href ?? ''), 'failed');
    assert.equal(((await (await get(app, `/v1/payments/instant-sepa-credit-transfers/${body.paymentId}/status`)).json()) as { transactionStatus: string }).transactionStatus, 'RJCT');

    // The PSU who answers in the app only after the session ran out is told so, not thanked.
    const late = await app.request('/v1/payments/instant-sepa-credit-transfers', { method: 'POST', headers: headers({ 'TPP-Decoupled-Preferred': 'true', 'PSU-ID': PSU.id }), body: payment });
    const lateBody = (await late.json()) as { paymentId: string; _links: Record<string, { href: string }> };
    await move(app, 'PT5M30S', { paymentId: lateBody.paymentId });
    const lateId = lateBody._links['scaStatus']?.href.split('/').pop() ?? '';
    const answer = await (await app.request(`/bank-app/${lateId}/decision`, { method: 'POST', body: new URLSearchParams({ decision: 'approve' }) })).text();
    assert.match(answer, /timed out/);
    assert.doesNotMatch(answer, /Thank you|You approved/);
  });

  it('sca-approach-embedded: createConsent says EMBEDDED but still links scaRedirect', async () => {
    assert.equal((await createConsent(createApp())).res.headers.get('aspsp-sca-approach'), 'REDIRECT');
    const { res, body } = await createConsent(createApp({ faults: ['sca-approach-embedded'] }));
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('aspsp-sca-approach'), 'EMBEDDED');
    assert.ok(body._links['scaRedirect']);
  });

  it('consent-without-sca-link: the 201 body lacks _links.scaRedirect, other links stay', async () => {
    const links = ['scaRedirect', 'scaOAuth', 'self', 'status', 'scaStatus'];
    assert.deepEqual(Object.keys((await createConsent(createApp())).body._links), links);
    const { res, body } = await createConsent(createApp({ faults: ['consent-without-sca-link'] }));
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(body._links), links.slice(1));
  });

  it('consent-valid-before-sca: the status resource says valid while the consent is still received', async () => {
    const conformant = createApp();
    const ok = await createConsent(conformant);
    assert.deepEqual(await (await get(conformant, `/v1/consents/${ok.body.consentId}/status`)).json(), { consentStatus: 'received' });

    const app = createApp({ faults: ['consent-valid-before-sca'] });
    const { body } = await createConsent(app);
    assert.deepEqual(await (await get(app, `/v1/consents/${body.consentId}/status`)).json(), { consentStatus: 'valid' });
    const info = (await (await get(app, `/v1/consents/${body.consentId}`)).json()) as { consentStatus: string };
    assert.equal(info.consentStatus, 'received', 'only the status representation lies');
    assert.equal((await get(app, '/v1/accounts', { 'Consent-ID': body.consentId })).status, 401, 'the stored state is unchanged');
  });

  it('accounts-empty: getAccountList on a valid consent answers 200 with no accounts', async () => {
    const listOf = async (app: App) => {
      const { body } = await createConsent(app);
      await walkSca(app, body._links['scaRedirect']?.href ?? '', 'approve');
      const res = await get(app, '/v1/accounts', { 'Consent-ID': body.consentId });
      assert.equal(res.status, 200);
      return (await res.json()) as { accounts: unknown[] };
    };
    assert.equal((await listOf(createApp({ psu: PSU }))).accounts.length, 1);
    assert.deepEqual(await listOf(createApp({ faults: ['accounts-empty'], psu: PSU })), { accounts: [] });
  });

  it('errors-as-html: 4xx errors keep their status but are sent as text/html', async () => {
    const requests: [string, RequestInit][] = [
      ['/v1/consents', { method: 'POST', headers: headers(), body: '{not json' }],
      ['/v1/consents/nope/status', { headers: headers() }],
      ['/v1/nothing-here', { headers: headers() }],
      ['/v1/consents', { method: 'PATCH', headers: headers() }],
      ['/v1/consents', { method: 'POST', headers: headers(), body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }) }],
    ];
    for (const [path, init] of requests) {
      const conformant = await createApp().request(path, init);
      assert.ok(conformant.status >= 400 && conformant.status < 500);
      assert.match(conformant.headers.get('content-type') ?? '', /^application\/json/);

      const res = await createApp({ faults: ['errors-as-html'] }).request(path, init);
      assert.equal(res.status, conformant.status, path);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/, path);
      assert.ok(res.headers.get('x-request-id'), 'X-Request-ID is still echoed');
      assert.match(await res.text(), new RegExp(`<h1>Error ${conformant.status}</h1>`));
    }
    const fine = await createConsent(createApp({ faults: ['errors-as-html'] }));
    assert.equal(fine.res.status, 201, 'successes stay JSON');
    assert.match(fine.res.headers.get('content-type') ?? '', /^application\/json/);
  });

  it('every fault names a rule id; unknown names are rejected with the known list', () => {
    for (const f of faults) assert.match(f.ruleId, /^[A-Z]+(-[A-Z0-9]+)+$/);
    assert.throws(() => parseFaults(['no-such-fault']), (err: Error) => faults.every((f) => err.message.includes(f.name)));
    assert.throws(() => createApp({ faults: ['consent-created-201'] }), /Known faults/);
  });
});

describe('sandbox: hostile input never yields 500', () => {
  type Case = { name: string; path: string; method?: string; body?: string; headers?: Record<string, string>; status: number; code: string };
  const big = JSON.stringify({ access: { accounts: [] }, pad: 'x'.repeat(1_100_000) });
  const cases: Case[] = [
    { name: 'garbage JSON', path: '/v1/consents', method: 'POST', body: '{not json', status: 400, code: 'FORMAT_ERROR' },
    { name: 'JSON array', path: '/v1/consents', method: 'POST', body: '[1,2]', status: 400, code: 'FORMAT_ERROR' },
    { name: 'JSON null', path: '/v1/consents', method: 'POST', body: 'null', status: 400, code: 'FORMAT_ERROR' },
    { name: 'empty body', path: '/v1/consents', method: 'POST', body: '', status: 400, code: 'FORMAT_ERROR' },
    { name: 'wrong types', path: '/v1/consents', method: 'POST', body: consentBody({ recurringIndicator: 'yes', frequencyPerDay: '4' }), status: 400, code: 'FORMAT_ERROR' },
    { name: 'access as string', path: '/v1/consents', method: 'POST', body: consentBody({ access: 'all' }), status: 400, code: 'FORMAT_ERROR' },
    { name: 'bad date', path: '/v1/consents', method: 'POST', body: consentBody({ validUntil: '2024-02-30' }), status: 400, code: 'FORMAT_ERROR' },
    { name: 'past date', path: '/v1/consents', method: 'POST', body: consentBody({ validUntil: '2001-01-01' }), status: 400, code: 'FORMAT_ERROR' },
    { name: 'frequency 0', path: '/v1/consents', method: 'POST', body: consentBody({ frequencyPerDay: 0 }), status: 400, code: 'FORMAT_ERROR' },
    { name: 'sessions', path: '/v1/consents', method: 'POST', body: consentBody({ combinedServiceIndicator: true }), status: 400, code: 'SESSIONS_NOT_SUPPORTED' },
    { name: 'huge body', path: '/v1/consents', method: 'POST', body: big, status: 400, code: 'FORMAT_ERROR' },
    { name: 'no PSU-IP-Address', path: '/v1/consents', method: 'POST', body: consentBody(), headers: { 'PSU-IP-Address': '' }, status: 400, code: 'FORMAT_ERROR' },
    { name: 'relative redirect URI', path: '/v1/consents', method: 'POST', body: consentBody(), headers: { 'TPP-Redirect-URI': '/cb' }, status: 400, code: 'FORMAT_ERROR' },
    { name: 'malformed X-Request-ID', path: '/v1/consents', method: 'POST', body: consentBody(), headers: { 'X-Request-ID': 'abc' }, status: 400, code: 'FORMAT_ERROR' },
    { name: 'unknown path', path: '/v1/nothing-here', status: 404, code: 'RESOURCE_UNKNOWN' },
    { name: 'unknown consent', path: '/v1/consents/nope/status', status: 403, code: 'CONSENT_UNKNOWN' },
    { name: 'wrong method', path: '/v1/consents', method: 'PATCH', status: 405, code: 'SERVICE_INVALID' },
    { name: 'wrong method on status', path: '/v1/consents/x/status', method: 'DELETE', status: 405, code: 'SERVICE_INVALID' },
    { name: 'accounts without Consent-ID', path: '/v1/accounts', status: 400, code: 'FORMAT_ERROR' },
    { name: 'accounts with unknown Consent-ID', path: '/v1/accounts', headers: { 'Consent-ID': 'nope' }, status: 400, code: 'CONSENT_UNKNOWN' },
    { name: 'bad bookingStatus', path: '/v1/accounts/acc-giro-001/transactions?bookingStatus=all&dateFrom=2024-01-01', headers: { 'Consent-ID': 'x' }, status: 400, code: 'PARAMETER_NOT_SUPPORTED' },
    { name: 'missing dateFrom', path: '/v1/accounts/acc-giro-001/transactions?bookingStatus=booked', headers: { 'Consent-ID': 'x' }, status: 400, code: 'FORMAT_ERROR' },
    { name: 'bad dateFrom', path: '/v1/accounts/acc-giro-001/transactions?bookingStatus=booked&dateFrom=yesterday', headers: { 'Consent-ID': 'x' }, status: 400, code: 'FORMAT_ERROR' },
  ];

  for (const t of cases) {
    it(`${t.name} → ${t.status} ${t.code}`, async () => {
      const app = createApp();
      const init: RequestInit = { method: t.method ?? 'GET', headers: headers(t.headers) };
      if (t.body !== undefined) init.body = t.body;
      const res = await app.request(t.path, init);
      assert.equal(res.status, t.status);
      assert.ok(res.headers.get('x-request-id'), 'X-Request-ID on error responses too');
      const body = (await res.json()) as { tppMessages: { category: string; code: string }[] };
      assert.equal(body.tppMessages[0]?.category, 'ERROR');
      assert.equal(body.tppMessages[0]?.code, t.code);
    });
  }

  it('SCA steps cannot be skipped or replayed', async () => {
    const app = createApp({ psu: PSU });
    const { body } = await createConsent(app);
    const id = new URL(body._links['scaRedirect']?.href ?? '').pathname.split('/').at(-1) ?? '';
    const login = await (await app.request(`/sca/${id}`)).text();
    const { token } = formOf(login);
    const otpFirst = await app.request(`/sca/${id}/otp`, { method: 'POST', body: new URLSearchParams({ token, otp: PSU.otp }) });
    assert.equal(otpFirst.status, 409);
    assert.match(await otpFirst.text(), /role="alert"/);
    const noToken = await app.request(`/sca/${id}/login`, { method: 'POST', body: new URLSearchParams({ username: PSU.id, password: PSU.password }) });
    assert.equal(noToken.status, 403);
    const unknown = await app.request('/sca/does-not-exist');
    assert.equal(unknown.status, 404);
    const garbage = await app.request(`/sca/${id}/login`, { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, body: '--nope' });
    assert.ok(garbage.status < 500);
    assert.deepEqual(await (await get(app, body._links['scaStatus']?.href ?? '')).json(), { scaStatus: 'received' });
  });
});

describe('sandbox: explicit start of the authorisation', () => {
  const payment = JSON.stringify({
    debtorAccount: { iban: 'DE27100200300012345678' },
    instructedAmount: { currency: 'EUR', amount: '1.00' },
    creditorAccount: { iban: 'DE89370400440532013000' },
    creditorName: 'Payee',
  });
  const start = (app: App, href: string) => app.request(href, { method: 'POST', headers: headers({ 'PSU-ID': PSU.id }), body: '{}' });
  type Started = { scaStatus: string; authorisationId: string; _links: Record<string, { href: string }> };

  it('an explicit-start bank links startAuthorisation, starts nothing until the TPP POSTs it, then answers 201 with the scaRedirect the PSU approves on', async () => {
    const app = createApp({ psu: PSU, settings: { authorisationStart: 'explicit' } });
    const { res, body } = await createConsent(app);
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(body._links), ['startAuthorisation', 'scaOAuth', 'self', 'status']);
    const id = body.consentId;
    assert.equal(body._links['startAuthorisation']?.href, `/v1/consents/${id}/authorisations`);
    assert.deepEqual(await (await get(app, `/v1/consents/${id}/authorisations`)).json(), { authorisationIds: [] });

    const started = await start(app, body._links['startAuthorisation']!.href);
    assert.equal(started.status, 201);
    const answer = (await started.json()) as Started;
    assert.equal(answer.scaStatus, 'received');
    assert.deepEqual(Object.keys(answer._links), ['scaRedirect', 'scaStatus']);
    assert.deepEqual(await (await get(app, `/v1/consents/${id}/authorisations`)).json(), { authorisationIds: [answer.authorisationId] });
    const done = await walkSca(app, answer._links['scaRedirect']!.href, 'approve');
    assert.equal(done.headers.get('location'), OK_URI);
    assert.deepEqual(await (await get(app, answer._links['scaStatus']!.href)).json(), { scaStatus: 'finalised' });
    assert.deepEqual(await (await get(app, `/v1/consents/${id}/status`)).json(), { consentStatus: 'valid' });
  });

  it('a payment initiation of an explicit-start bank links startAuthorisation; its start answers 201 with scaRedirect', async () => {
    const app = createApp({ psu: PSU, settings: { authorisationStart: 'explicit' } });
    const res = await app.request('/v1/payments/sepa-credit-transfers', { method: 'POST', headers: headers(), body: payment });
    assert.equal(res.status, 201);
    const body = (await res.json()) as { paymentId: string; _links: Record<string, { href: string }> };
    assert.equal(body._links['scaRedirect'], undefined);
    assert.equal(body._links['startAuthorisation']?.href, `/v1/payments/sepa-credit-transfers/${body.paymentId}/authorisations`);
    const started = await start(app, body._links['startAuthorisation']!.href);
    assert.equal(started.status, 201);
    assert.ok(((await started.json()) as Started)._links['scaRedirect']);
  });

  it('the default bank starts implicitly unless the TPP prefers explicit start (TPP-Explicit-Authorisation-Preferred: true)', async () => {
    const app = createApp({ psu: PSU });
    assert.ok((await createConsent(app)).body._links['scaRedirect']);
    const preferred = await app.request('/v1/consents', { method: 'POST', headers: headers({ 'TPP-Explicit-Authorisation-Preferred': 'true' }), body: consentBody() });
    const links = ((await preferred.json()) as { _links: Record<string, unknown> })._links;
    assert.equal(links['scaRedirect'], undefined);
    assert.ok(links['startAuthorisation']);
    const notPreferred = await app.request('/v1/consents', { method: 'POST', headers: headers({ 'TPP-Explicit-Authorisation-Preferred': 'false' }), body: consentBody() });
    assert.ok(((await notPreferred.json()) as { _links: Record<string, unknown> })._links['scaRedirect']);
  });

  it('a decoupled consent or payment of an explicit-start bank links startAuthorisation; the start preferring decoupled answers 201 with scaStatus started and the scaStatus link, and the bank app asks the PSU', async () => {
    const app = createApp({ psu: PSU, settings: { authorisationStart: 'explicit' } });
    const decoupled = { 'TPP-Decoupled-Preferred': 'true', 'PSU-ID': PSU.id };
    const created = await app.request('/v1/consents', { method: 'POST', headers: headers(decoupled), body: consentBody() });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('aspsp-sca-approach'), 'DECOUPLED');
    const body = (await created.json()) as { consentId: string; _links: Record<string, { href: string }> };
    assert.deepEqual(Object.keys(body._links), ['startAuthorisation', 'self', 'status']);
    const refused = await app.request(body._links['startAuthorisation']!.href, { method: 'POST', headers: headers({ 'TPP-Decoupled-Preferred': 'true' }), body: '{}' });
    assert.equal(refused.status, 400, 'a decoupled start needs PSU-ID');
    const started = await app.request(body._links['startAuthorisation']!.href, { method: 'POST', headers: headers(decoupled), body: '{}' });
    assert.equal(started.status, 201);
    assert.equal(started.headers.get('aspsp-sca-approach'), 'DECOUPLED');
    const answer = (await started.json()) as Started;
    assert.equal(answer.scaStatus, 'started');
    assert.deepEqual(Object.keys(answer._links), ['scaStatus']);
    const answered = await app.request(`/bank-app/${answer.authorisationId}/decision`, { method: 'POST', body: new URLSearchParams({ decision: 'approve' }) });
    assert.equal(answered.status, 200);
    assert.deepEqual(await (await get(app, answer._links['scaStatus']!.href)).json(), { scaStatus: 'finalised' });
    assert.deepEqual(await (await get(app, `/v1/consents/${body.consentId}/status`)).json(), { consentStatus: 'valid' });

    const initiated = await app.request('/v1/payments/sepa-credit-transfers', { method: 'POST', headers: headers(decoupled), body: payment });
    assert.equal(initiated.headers.get('aspsp-sca-approach'), 'DECOUPLED');
    const links = ((await initiated.json()) as { _links: Record<string, { href: string }> })._links;
    assert.deepEqual(Object.keys(links), ['startAuthorisation', 'self', 'status']);
    const paymentStart = await app.request(links['startAuthorisation']!.href, { method: 'POST', headers: headers(decoupled), body: '{}' });
    assert.equal(paymentStart.status, 201);
    const paymentAnswer = (await paymentStart.json()) as Started;
    assert.equal(paymentAnswer.scaStatus, 'started');
    assert.ok(paymentAnswer._links['scaStatus']);
  });

  it('decoupled-start-without-sca-status: the decoupled start answers 201 with scaStatus and authorisationId but no scaStatus link', async () => {
    const app = createApp({ psu: PSU, settings: { authorisationStart: 'explicit' }, faults: ['decoupled-start-without-sca-status'] });
    const decoupled = { 'TPP-Decoupled-Preferred': 'true', 'PSU-ID': PSU.id };
    const created = (await (await app.request('/v1/consents', { method: 'POST', headers: headers(decoupled), body: consentBody() })).json()) as { _links: Record<string, { href: string }> };
    const started = await app.request(created._links['startAuthorisation']!.href, { method: 'POST', headers: headers(decoupled), body: '{}' });
    assert.equal(started.status, 201);
    const answer = (await started.json()) as Started;
    assert.equal(answer.scaStatus, 'started');
    assert.ok(answer.authorisationId);
    assert.deepEqual(answer._links, {});
    // A redirect start is untouched by it.
    const redirect = (await createConsent(app)).body;
    assert.ok(((await (await start(app, redirect._links['startAuthorisation']!.href)).json()) as Started)._links['scaRedirect']);
  });

  it('start-authorisation-without-sca-redirect: the start answers 201 with scaStatus and authorisationId but no scaRedirect', async () => {
    const app = createApp({ psu: PSU, settings: { authorisationStart: 'explicit' }, faults: ['start-authorisation-without-sca-redirect'] });
    const { body } = await createConsent(app);
    const started = await start(app, body._links['startAuthorisation']!.href);
    assert.equal(started.status, 201);
    const answer = (await started.json()) as Started;
    assert.equal(answer.scaStatus, 'received');
    assert.ok(answer.authorisationId);
    assert.deepEqual(Object.keys(answer._links), ['scaStatus']);
  });
});
