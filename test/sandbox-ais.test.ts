import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { createApp } from '../src/sandbox/server.ts';

/** The reference ASPSP's AIS depth: PSUs, consent types, the test clock, paging, the 90-day and frequency rules. */
type App = ReturnType<typeof createApp>;
const MAIN = { id: 'PSU-1001', password: 'test-pass', otp: '111222' };
const OTHER = { id: 'PSU-1002', password: 'Sandbox-Pass-2468', otp: '620417' };
const MAIN_IBAN = 'DE27100200300012345678';
const T0 = Date.parse('2026-06-15T10:00:00Z');

const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
  'X-Request-ID': randomUUID(),
  'PSU-IP-Address': '192.168.8.78',
  'TPP-Redirect-URI': 'https://tpp.example/ok',
  'Content-Type': 'application/json',
  ...extra,
});

const appAt = (faults: string[] = []) => createApp({ psu: MAIN, faults, now: () => new Date(T0) });

async function consent(app: App, access: unknown, over: Record<string, unknown> = {}) {
  const body = JSON.stringify({ access, recurringIndicator: true, validUntil: '2026-07-15', frequencyPerDay: 4, combinedServiceIndicator: false, ...over });
  const res = await app.request('/v1/consents', { method: 'POST', headers: headers(), body });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()) as { consentId: string; _links: { scaRedirect: { href: string } } };
}

function formOf(html: string): { action: string; token: string } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(action && token, `no form in page:\n${html}`);
  return { action, token };
}

async function post(app: App, html: string, fields: [string, string][]) {
  const { action, token } = formOf(html);
  return app.request(action, { method: 'POST', body: new URLSearchParams([['token', token], ...fields]) });
}

/** Login as `psu`, OTP, then approve with the ticked accounts (undefined: what the page ticks). */
async function approve(app: App, created: { _links: { scaRedirect: { href: string } } }, psu = MAIN, ticked?: string[]) {
  const login = await (await app.request(new URL(created._links.scaRedirect.href).pathname)).text();
  const otp = await (await post(app, login, [['username', psu.id], ['password', psu.password]])).text();
  const confirm = await (await post(app, otp, [['otp', psu.otp]])).text();
  const offered = [...confirm.matchAll(/name="account" value="([^"]+)" checked/g)].map((m) => m[1]!);
  const res = await post(app, confirm, [['decision', 'approve'], ...(ticked ?? offered).map((k): [string, string] => ['account', k])]);
  assert.equal(res.status, 302, await res.text());
  return offered;
}

const read = (app: App, path: string, consentId: string, extra: Record<string, string> = {}) =>
  app.request(path, { headers: headers({ 'Consent-ID': consentId, ...extra }) });

describe('reference ASPSP: AIS', () => {
  it('authorisation confirmation: PSU-1003\'s redirect SCA stays unconfirmed until the TPP sends the confirmationCode; a wrong code fails it', async () => {
    const CONFIRMING = { id: 'PSU-1003', password: 'Sandbox-Pass-1357', otp: '771903' };
    for (const right of [true, false]) {
      const app = appAt();
      const c = await consent(app, { accounts: [{ iban: 'DE16100200300010030001' }] });
      const login = await (await app.request(new URL(c._links.scaRedirect.href).pathname)).text();
      const otp = await (await post(app, login, [['username', CONFIRMING.id], ['password', CONFIRMING.password]])).text();
      const confirm = await (await post(app, otp, [['otp', CONFIRMING.otp]])).text();
      const back = await post(app, confirm, [['decision', 'approve']]);
      assert.equal(back.status, 302);
      const location = new URL(back.headers.get('location') ?? '');
      assert.equal(location.origin + location.pathname, 'https://tpp.example/ok');
      const code = location.searchParams.get('confirmationCode');
      assert.ok(code);
      const { authorisationIds } = (await (await app.request(`/v1/consents/${c.consentId}/authorisations`, { headers: headers() })).json()) as { authorisationIds: string[] };
      const authorisation = `/v1/consents/${c.consentId}/authorisations/${authorisationIds[0]}`;
      const scaStatus = async () => ((await (await app.request(authorisation, { headers: headers() })).json()) as { scaStatus: string }).scaStatus;
      const consentStatus = async () => ((await (await app.request(`/v1/consents/${c.consentId}/status`, { headers: headers() })).json()) as { consentStatus: string }).consentStatus;
      assert.equal(await scaStatus(), 'unconfirmed');
      assert.equal(await consentStatus(), 'received');
      const put = await app.request(authorisation, { method: 'PUT', headers: headers(), body: JSON.stringify({ confirmationCode: right ? code : `${code}x` }) });
      assert.equal(put.status, 200);
      assert.equal(((await put.json()) as { scaStatus: string }).scaStatus, right ? 'finalised' : 'failed');
      assert.equal(await scaStatus(), right ? 'finalised' : 'failed');
      assert.equal(await consentStatus(), right ? 'valid' : 'rejected');
      const again = await app.request(authorisation, { method: 'PUT', headers: headers(), body: JSON.stringify({ confirmationCode: code }) });
      assert.equal(again.status, 409);
    }
  });

  it('authorisation confirmation applies to PSU-1003 only; the confirmation-not-required fault finalises at once', async () => {
    for (const [psu, iban, faults] of [[MAIN, MAIN_IBAN, []], [{ id: 'PSU-1003', password: 'Sandbox-Pass-1357', otp: '771903' }, 'DE16100200300010030001', ['confirmation-not-required']]] as const) {
      const app = appAt([...faults]);
      const c = await consent(app, { accounts: [{ iban }] });
      await approve(app, c, psu);
      assert.equal(((await (await app.request(`/v1/consents/${c.consentId}/status`, { headers: headers() })).json()) as { consentStatus: string }).consentStatus, 'valid');
    }
  });

  it('a bank-offered consent offers the logged-in PSU\'s accounts, and GET consent shows the ones ticked', async () => {
    const app = appAt();
    const c = await consent(app, { accounts: [], balances: [], transactions: [] });
    const offered = await approve(app, c, MAIN, [MAIN_IBAN]);
    assert.ok(offered.includes(MAIN_IBAN) && offered.includes('525412******3241'), offered.join());
    const info = (await (await app.request(`/v1/consents/${c.consentId}`, { headers: headers() })).json()) as { access: { accounts: { iban?: string }[] } };
    assert.deepEqual(info.access.accounts, [{ iban: MAIN_IBAN }]);
    const list = (await (await read(app, '/v1/accounts', c.consentId)).json()) as { accounts: { iban: string }[] };
    assert.deepEqual(list.accounts.map((a) => a.iban), [MAIN_IBAN]);
  });

  it('an allPsd2 consent of PSU-1002 shows only PSU-1002\'s accounts; the other-psu fault leaks one', async () => {
    for (const [faults, leak] of [[[], false], [['other-psu-account-visible'], true]] as const) {
      const app = appAt([...faults]);
      const c = await consent(app, { allPsd2: 'allAccounts' });
      await approve(app, c, OTHER);
      const list = (await (await read(app, '/v1/accounts', c.consentId)).json()) as { accounts: { iban: string }[] };
      assert.equal(list.accounts.some((a) => !a.iban.startsWith('DE65') && !a.iban.startsWith('DE38')), leak);
      assert.equal((await read(app, '/v1/accounts/acc-giro-001/balances', c.consentId)).status, 401);
    }
  });

  it('the test clock moves one consent\'s time: expiry, the 90-day grace and the daily limit follow it', async () => {
    const app = appAt();
    const c = await consent(app, { accounts: [{ iban: MAIN_IBAN }], balances: [{ iban: MAIN_IBAN }], transactions: [{ iban: MAIN_IBAN }] }, { validUntil: '2026-06-16' });
    await approve(app, c);
    const old = `/v1/accounts/acc-giro-001/transactions?bookingStatus=booked&dateFrom=2026-01-01&dateTo=2026-02-01`;
    assert.equal((await read(app, old, c.consentId)).status, 200, 'inside the grace period');
    const clock = (body: unknown) => app.request('/test/clock', { method: 'POST', headers: headers(), body: JSON.stringify(body) });
    assert.equal((await clock({ advance: 'PT6M', consentId: c.consentId })).status, 200);
    const late = await read(app, old, c.consentId);
    assert.equal(late.status, 400);
    assert.match(await late.text(), /PERIOD_INVALID/);
    const unattended = () => read(app, '/v1/accounts/acc-giro-001/balances', c.consentId, { 'PSU-IP-Address': '' });
    for (let i = 0; i < 4; i++) assert.equal((await unattended()).status, 200);
    assert.equal((await unattended()).status, 429);
    const global = (await (await app.request('/test/clock')).json()) as { now: string };
    assert.equal(global.now, new Date(T0).toISOString(), 'other consents keep the bank\'s time');
    await clock({ advance: 'P2D', consentId: c.consentId });
    const expired = await read(app, '/v1/accounts', c.consentId);
    assert.equal(expired.status, 401);
    assert.match(await expired.text(), /CONSENT_EXPIRED/);
    assert.equal((await clock({ advance: 'P1M' })).status, 400, 'months have no fixed length');
  });

  it('a consent the PSU revokes at the bank reports revokedByPsu and gives no access', async () => {
    const app = appAt();
    const c = await consent(app, { allPsd2: 'allAccounts' });
    await approve(app, c);
    assert.equal((await app.request(`/test/psu/consents/${c.consentId}/revoke`, { method: 'POST', headers: headers() })).status, 200);
    const status = (await (await app.request(`/v1/consents/${c.consentId}/status`, { headers: headers() })).json()) as { consentStatus: string };
    assert.equal(status.consentStatus, 'revokedByPsu');
    assert.equal((await read(app, '/v1/accounts', c.consentId)).status, 401);
    assert.equal((await app.request(`/test/psu/consents/${c.consentId}/revoke`, { method: 'POST', headers: headers() })).status, 409);
  });

  it('embedded SCA: PSU-ID alone identifies the PSU (psuIdentified); an availableAccounts consent is exempted after the password', async () => {
    const app = appAt();
    const create = async (access: unknown) => {
      const body = JSON.stringify({ access, recurringIndicator: true, validUntil: '2026-07-15', frequencyPerDay: 4, combinedServiceIndicator: false });
      const res = await app.request('/v1/consents', { method: 'POST', headers: headers({ 'TPP-Redirect-Preferred': 'false' }), body });
      assert.equal(res.status, 201, await res.clone().text());
      const { consentId } = (await res.json()) as { consentId: string };
      const { authorisationIds } = (await (await app.request(`/v1/consents/${consentId}/authorisations`, { headers: headers() })).json()) as { authorisationIds: string[] };
      return `/v1/consents/${consentId}/authorisations/${authorisationIds[0]}`;
    };
    const put = (url: string, body: unknown, extra: Record<string, string> = {}) => app.request(url, { method: 'PUT', headers: headers(extra), body: JSON.stringify(body) });
    const scaStatus = async (url: string) => ((await (await app.request(url, { headers: headers() })).json()) as { scaStatus: string }).scaStatus;

    const dedicated = await create({ accounts: [{ iban: MAIN_IBAN }] });
    assert.equal((await put(dedicated, { psuData: { password: MAIN.password } })).status, 400, 'no PSU-ID yet');
    assert.equal((await put(dedicated, {})).status, 400, 'identification needs PSU-ID');
    assert.equal((await put(dedicated, {}, { 'PSU-ID': MAIN.id })).status, 200);
    assert.equal(await scaStatus(dedicated), 'psuIdentified');
    assert.equal((await put(dedicated, { psuData: { password: MAIN.password } })).status, 200);
    assert.equal(await scaStatus(dedicated), 'psuAuthenticated');

    const list = await create({ availableAccounts: 'allAccounts' });
    assert.equal((await put(list, { psuData: { password: MAIN.password } }, { 'PSU-ID': MAIN.id })).status, 200);
    assert.equal(await scaStatus(list), 'exempted');
    assert.equal((await put(list, { authenticationMethodId: 'sms-otp' })).status, 409, 'nothing left to authorise');
  });

  it('transaction pages link first/next/last, are full but the last, and together hold every entry once', async () => {
    const app = appAt();
    const c = await consent(app, { allPsd2: 'allAccounts' });
    await approve(app, c);
    let href: string | undefined = '/v1/accounts/acc-giro-001/transactions?bookingStatus=both&dateFrom=2025-06-15';
    const ids: string[] = [];
    const sizes: number[] = [];
    while (href) {
      const body = (await (await read(app, href, c.consentId)).json()) as { transactions: { booked: { transactionId: string }[]; pending: { transactionId: string }[]; _links: Record<string, { href: string }> } };
      const page = [...body.transactions.pending, ...body.transactions.booked].map((t) => t.transactionId);
      ids.push(...page);
      sizes.push(page.length);
      href = body.transactions._links['next']?.href;
    }
    assert.ok(sizes.length >= 7, `${sizes.length} pages`);
    assert.ok(sizes.slice(0, -1).every((n) => n === 50));
    assert.equal(new Set(ids).size, ids.length);
    const detail = await read(app, `/v1/accounts/acc-giro-001/transactions/${ids[10]}`, c.consentId);
    assert.equal(detail.status, 200);
  });
});
