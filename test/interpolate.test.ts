import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { interpolate, InterpolationError, templateNames, type Scope } from '../src/plan/interpolate.ts';

const now = new Date('2025-02-27T10:11:12.000Z');
const profile = { psu: { id: 'PSU-1001', password: 'pw' }, tpp: { redirectUri: 'https://tpp.example/ok' } };
const scope = (vars: Record<string, unknown> = {}): Scope => ({ vars: new Map(Object.entries(vars)), profile, now, uuid: () => 'uuid-1' });
const at = { file: 'suites/ais/x.yaml', line: 12, column: 9 };

describe('interpolate', () => {
  test('a whole-string template keeps the value type', () => {
    const s = scope({ count: 3, flag: false, access: { allPsd2: 'allAccounts' }, nothing: null });
    assert.equal(interpolate('${count}', s), 3);
    assert.equal(interpolate('${flag}', s), false);
    assert.equal(interpolate('${nothing}', s), null);
    assert.deepEqual(interpolate('${access}', s), { allPsd2: 'allAccounts' });
    assert.deepEqual(interpolate('${profile.psu}', s), profile.psu);
  });

  test('mixed text concatenates', () => {
    const s = scope({ consentId: 'c-1', n: 2, o: { a: 1 } });
    assert.equal(interpolate('/v1/consents/${consentId}/status', s), '/v1/consents/c-1/status');
    assert.equal(interpolate('${n}x${n}', s), '2x2');
    assert.equal(interpolate('o=${o}', s), 'o={"a":1}');
    assert.equal(interpolate('psu ${profile.psu.id} back to ${profile.tpp.redirectUri}', s), 'psu PSU-1001 back to https://tpp.example/ok');
  });

  test('today+profile.KEY: a day count the bank chose, from its profile; not a whole number is the author\'s mistake', () => {
    const s: Scope = { vars: new Map(), profile: { ais: { maxConsentDays: 180, historyGracePeriod: 'PT5M' } }, now };
    assert.equal(interpolate('${today+profile.ais.maxConsentDays}', s), '2025-08-26');
    assert.equal(interpolate('${today-profile.ais.maxConsentDays}', s), '2024-08-31');
    assert.throws(() => interpolate('${today+profile.ais.historyGracePeriod}', s, at), (e: unknown) => e instanceof InterpolationError && e.code === 'BAD_TEMPLATE' && /not a whole number of days/.test(e.message));
    assert.throws(() => interpolate('${today+profile.ais.nope}', s, at), (e: unknown) => e instanceof InterpolationError && e.code === 'UNKNOWN_VARIABLE');
  });

  test('generators use the scope clock and uuid source', () => {
    const s = scope();
    assert.equal(interpolate('${today}', s), '2025-02-27');
    assert.equal(interpolate('${today+90d}', s), '2025-05-28');
    assert.equal(interpolate('${today-30d}', s), '2025-01-28');
    assert.equal(interpolate('${today+2d}', s), '2025-03-01', 'crosses a month end (2025 is not a leap year)');
    assert.equal(interpolate('${now}', s), '2025-02-27T10:11:12.000Z');
    assert.equal(interpolate('${uuid}', s), 'uuid-1');
  });

  test('uuid is fresh each time by default', () => {
    const s: Scope = { vars: {}, now };
    const a = interpolate('${uuid}', s) as string;
    const b = interpolate('${uuid}', s) as string;
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(a, b);
  });

  test('$${ escapes a literal ${', () => {
    assert.equal(interpolate('cost $${amount} for ${n}', scope({ n: 1 })), 'cost ${amount} for 1');
    assert.equal(interpolate('$${x}', scope()), '${x}');
  });

  test('deep values resolve and the input is not mutated', () => {
    const input = Object.freeze({
      access: Object.freeze({ accounts: Object.freeze([Object.freeze({ iban: '${iban}' })]) }),
      validUntil: '${today+90d}',
      frequencyPerDay: '${freq}',
      recurringIndicator: true,
    });
    const before = JSON.stringify(input);
    const out = interpolate(input, scope({ iban: 'DE02100100109307118603', freq: 4 }));
    assert.deepEqual(out, {
      access: { accounts: [{ iban: 'DE02100100109307118603' }] },
      validUntil: '2025-05-28',
      frequencyPerDay: 4,
      recurringIndicator: true,
    });
    assert.equal(JSON.stringify(input), before);
    assert.notEqual(out, input);
  });

  test('vars may be a plain record (e.g. psu/tpp for SCA scripts)', () => {
    const s: Scope = { vars: { psu: profile.psu, tpp: profile.tpp }, now };
    assert.equal(interpolate('${psu.id}', s), 'PSU-1001');
    assert.throws(() => interpolate('${profile.psu.id}', s), InterpolationError);
  });

  test('an unknown variable is a typed error with position, known names and a suggestion', () => {
    const s = scope({ consentId: 'c-1', scaRedirect: 'https://x' });
    const err = catchError(() => interpolate({ path: '/v1/consents/${consentID}' }, s, at));
    assert.equal(err.code, 'UNKNOWN_VARIABLE');
    assert.equal(err.variable, 'consentID');
    assert.equal(err.where, 'path');
    assert.deepEqual(err.at, at);
    assert.equal(err.suggestion, 'consentId');
    assert.ok(err.known.includes('scaRedirect') && err.known.includes('today+Nd'));
    assert.match(err.message, /unknown variable '\$\{consentID\}' in path \(known: .*\) — did you mean '\$\{consentId\}'\?/);
  });

  test('a missing profile key suggests a sibling, without showing values', () => {
    const err = catchError(() => interpolate('${profile.psu.passwrd}', scope()));
    assert.equal(err.suggestion, 'profile.psu.password');
    assert.deepEqual(err.known, ['profile.psu.id', 'profile.psu.password']);
    assert.doesNotMatch(err.message, /\bpw\b/);
  });

  test('malformed templates are BAD_TEMPLATE errors', () => {
    assert.equal(catchError(() => interpolate('abc ${oops', scope())).code, 'BAD_TEMPLATE');
    assert.equal(catchError(() => interpolate('${}', scope())).code, 'BAD_TEMPLATE');
  });
});

describe('templateNames', () => {
  test('lists each referenced name once, in order, skipping escapes', () => {
    const value = { a: '${consentId}', b: ['x ${today+90d} ${consentId}', '$${literal}'], c: { d: '${profile.psu.id}' }, e: 5 };
    assert.deepEqual(templateNames(value), ['consentId', 'today+90d', 'profile.psu.id']);
  });
});

function catchError(fn: () => unknown): InterpolationError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof InterpolationError, String(e));
    return e;
  }
  assert.fail('expected an InterpolationError');
}
