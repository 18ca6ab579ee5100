import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { plan } from '../src/plan/plan.ts';
import { parseSuite } from '../src/suite/load.ts';
import { loadProfile } from '../src/profile/load.ts';
import { repoRoot } from './helpers/cli.ts';

const profile = loadProfile(join(repoRoot, 'fixtures/aspsps/reference.yaml'));
const operationIds = new Set(['createConsent', 'getConsentStatus', 'getAccountList']);

function planOf(steps: string, scaApproaches = '') {
  const text = `suite: s\ntitle: S\ncases:\n  - id: c\n    title: C\n    requirements: [AIS-CONSENT-CREATE]\n${scaApproaches}    steps:\n${steps}`;
  const { suite, errors } = parseSuite('/suites/s.yaml', text);
  assert.deepEqual(errors, []);
  return plan({ suites: [suite!], profile, operationIds })[0]!;
}

test('an unknown operationId is located, with a suggestion', () => {
  const c = planOf('      - kind: request\n        operation: createConsnt\n');
  assert.equal(c.problems[0]?.code, 'UNKNOWN_OPERATION');
  assert.equal(c.problems[0]?.line, 8);
  assert.equal(c.problems[0]?.suggestion, 'createConsent');
});

test('a variable used before a step captures it is an error; after, it is fine', () => {
  const early = planOf('      - kind: request\n        operation: getConsentStatus\n        params: { consentId: "${consentId}" }\n');
  assert.equal(early.problems[0]?.code, 'UNDEFINED_VARIABLE');
  const late = planOf(
    '      - kind: request\n        operation: createConsent\n        capture: { consentId: /consentId }\n' +
      '      - kind: request\n        operation: getConsentStatus\n        params: { consentId: "${consentId}" }\n',
  );
  assert.deepEqual(late.problems, []);
});

test('a profile key the case needs but the profile lacks makes it not applicable, naming the key (and lint lists it)', () => {
  const c = planOf('      - kind: request\n        operation: createConsent\n        headers: { PSU-ID: "${profile.psu.corporateId}" }\n');
  // The run skips the case before it looks at problems; `lint --profile` reports the missing key.
  assert.deepEqual(c.problems.map((p) => p.code), ['PROFILE_KEY_MISSING']);
  assert.deepEqual(c.profileKeys, ['psu.corporateId']);
  assert.match(c.notApplicable ?? '', /needs profile key psu\.corporateId/);
});

test('a bank choice from the profile (the grace period a clock step waits out, a day count) is a profile key: absent, the case is not applicable and lint lists it', () => {
  const steps =
    '      - kind: clock\n        advance: ${profile.ais.historyGracePeriod}\n' +
    '      - kind: request\n        operation: createConsent\n        body: { validUntil: "${today+profile.ais.maxConsentDays}" }\n';
  const c = planOf(steps);
  assert.deepEqual(c.problems, []);
  assert.deepEqual(c.profileKeys, ['ais.historyGracePeriod', 'ais.maxConsentDays']);
  assert.equal(c.notApplicable, undefined);
  const text = `suite: s\ntitle: S\ncases:\n  - id: c\n    title: C\n    requirements: [AIS-CONSENT-CREATE]\n    steps:\n${steps}`;
  const { suite } = parseSuite('/suites/s.yaml', text);
  const [without] = plan({ suites: [suite!], profile: { ...profile, ais: {} }, operationIds });
  assert.deepEqual(without!.problems.map((p) => [p.code, p.line]), [['PROFILE_KEY_MISSING', 8], ['PROFILE_KEY_MISSING', 10]]);
  assert.match(without!.notApplicable ?? '', /needs profile key ais\.historyGracePeriod, ais\.maxConsentDays/);
  // The profile's duration decides whether the clock can move that far.
  const [slow] = plan({ suites: [suite!], profile: { ...profile, ais: { historyGracePeriod: 'PT5M', maxConsentDays: 180 }, clock: { maxRealWait: 'PT1M' } }, operationIds });
  assert.match(slow!.notApplicable ?? '', /clock to move PT5M.*PT1M/);
});

test('a case requiring an implementer option the profile lacks is not applicable, naming the option', () => {
  const text = 'suite: s\ntitle: S\ncases:\n  - id: c\n    title: C\n    requirements: [AIS-CONSENT-CREATE]\n    requires: [card-accounts]\n    steps:\n      - kind: clock\n        advance: P1D\n';
  const { suite, errors } = parseSuite('/suites/s.yaml', text);
  assert.deepEqual(errors, []);
  const without = { ...profile, capabilities: [], clock: {} };
  assert.match(plan({ suites: [suite!], profile: without, operationIds })[0]!.notApplicable ?? '', /needs implementer option card-accounts/);
  const noClock = { ...profile, clock: { maxRealWait: 'PT1M' } };
  assert.match(plan({ suites: [suite!], profile: noClock, operationIds })[0]!.notApplicable ?? '', /clock to move P1D.*PT1M/);
  assert.equal(plan({ suites: [suite!], profile, operationIds })[0]!.notApplicable, undefined);
});

test('an abandoned SCA session needs the profile\'s sca.sessionTimeout and a way past it: the clock control, else a real wait the profile allows', () => {
  const text = 'suite: s\ntitle: S\ncases:\n  - id: c\n    title: C\n    requirements: [SCA-SESSION-TIMEOUT]\n    steps:\n      - kind: sca\n        link: https://bank.example/sca\n        outcome: abandon\n        rule: SCA-SESSION-TIMEOUT\n';
  const { suite, errors } = parseSuite('/suites/s.yaml', text);
  assert.deepEqual(errors, []);
  const notApplicable = (p: typeof profile) => plan({ suites: [suite!], profile: p, operationIds })[0]!.notApplicable;
  assert.equal(notApplicable(profile), undefined);
  assert.match(notApplicable({ ...profile, sca: { ...profile.sca, sessionTimeout: undefined } }) ?? '', /needs the bank's SCA session timeout; .* does not set sca\.sessionTimeout/);
  // PT5M plus a tenth is 330 s: a real wait of 6 minutes covers it, one of 5 does not.
  assert.equal(notApplicable({ ...profile, clock: { maxRealWait: 'PT6M' } }), undefined);
  assert.match(notApplicable({ ...profile, clock: { maxRealWait: 'PT5M' } }) ?? '', /past the SCA session timeout \(PT5M\).*PT330S/);
});

test('a decoupled SCA the PSU never answers: not applicable without DECOUPLED in scaApproaches, but needs no sca.decoupled app script', () => {
  const text =
    'suite: s\ntitle: S\ncases:\n  - id: c\n    title: C\n    requirements: [SCA-SESSION-TIMEOUT]\n    scaApproaches: [DECOUPLED]\n    steps:\n' +
    '      - kind: sca\n        approach: decoupled\n        link: https://bank.example/v1/consents/c/authorisations/a\n        outcome: abandon\n        consent: c\n        rule: SCA-SESSION-TIMEOUT\n';
  const { suite, errors } = parseSuite('/suites/s.yaml', text);
  assert.deepEqual(errors, []);
  const notApplicable = (p: typeof profile) => plan({ suites: [suite!], profile: p, operationIds })[0]!.notApplicable;
  assert.equal(notApplicable(profile), undefined);
  assert.equal(notApplicable({ ...profile, sca: { ...profile.sca, decoupled: undefined } }), undefined);
  assert.match(notApplicable({ ...profile, scaApproaches: ['REDIRECT'] }) ?? '', /needs SCA approach DECOUPLED; .* supports REDIRECT/);
  assert.match(notApplicable({ ...profile, sca: { ...profile.sca, sessionTimeout: undefined } }) ?? '', /does not set sca\.sessionTimeout/);
});

test('each: a data-driven case becomes one case per item, ids suffixed, values substituted with their type', () => {
  const text =
    'suite: s\ntitle: S\ncases:\n  - id: c\n    title: C ${each.id}\n    requirements: [AIS-CONSENT-CREATE]\n' +
    '    each:\n      - { id: booked, status: booked, n: 3 }\n      - { id: pending, status: pending, n: 4 }\n' +
    '    steps:\n      - kind: request\n        operation: createConsent\n        query: { bookingStatus: "${each.status}" }\n        body: { frequencyPerDay: "${each.n}" }\n';
  const { suite, errors } = parseSuite('/suites/s.yaml', text);
  assert.deepEqual(errors, []);
  assert.deepEqual(suite!.cases.map((c) => [c.id, c.title]), [['c-booked', 'C booked'], ['c-pending', 'C pending']]);
  const step = suite!.cases[1]!.steps[0]!;
  assert.ok(step.kind === 'request');
  assert.deepEqual([step.query, step.body], [{ bookingStatus: 'pending' }, { frequencyPerDay: 4 }]);
});

test('generators and profile values are always defined; a case for another SCA approach is not applicable', () => {
  const c = planOf(
    '      - kind: request\n        operation: createConsent\n        headers: { X-Request-ID: "${uuid}", PSU-ID: "${profile.psu.id}" }\n        body: { validUntil: "${today+90d}" }\n',
    '    scaApproaches: [EMBEDDED]\n',
  );
  assert.deepEqual(c.problems, []);
  assert.match(c.notApplicable ?? '', /needs SCA approach EMBEDDED/);
});

test('implementer option names agree: the catalog, the profile schema and the suite schema', async () => {
  const { CAPABILITIES } = await import('../src/rules/capabilities.ts');
  const profileSchema = (await import('../fixtures/aspsps/profile.schema.json', { with: { type: 'json' } })).default as { properties: { capabilities: { items: { enum: string[] } } } };
  const suiteSchema = (await import('../suites/suite.schema.json', { with: { type: 'json' } })).default as { definitions: { case: { properties: { requires: { items: { enum: string[] } } } } } };
  assert.deepEqual(profileSchema.properties.capabilities.items.enum, [...CAPABILITIES]);
  assert.deepEqual(suiteSchema.definitions.case.properties.requires.items.enum, [...CAPABILITIES]);
});
