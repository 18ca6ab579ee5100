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

test('a profile key the suite needs but the profile lacks names both', () => {
  const c = planOf('      - kind: request\n        operation: createConsent\n        headers: { PSU-ID: "${profile.psu.corporateId}" }\n');
  assert.equal(c.problems[0]?.code, 'PROFILE_KEY_MISSING');
  assert.match(c.problems[0]!.message, /has no psu\.corporateId/);
});

test('generators and profile values are always defined; a case for another SCA approach is not applicable', () => {
  const c = planOf(
    '      - kind: request\n        operation: createConsent\n        headers: { X-Request-ID: "${uuid}", PSU-ID: "${profile.psu.id}" }\n        body: { validUntil: "${today+90d}" }\n',
    '    scaApproaches: [DECOUPLED]\n',
  );
  assert.deepEqual(c.problems, []);
  assert.match(c.notApplicable ?? '', /needs SCA approach DECOUPLED/);
});
