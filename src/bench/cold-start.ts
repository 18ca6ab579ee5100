import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { loadProfile } from '../profile/load.ts';
import { loadSpec } from '../validate/index.ts';

/**
 * One worker's start, in a fresh process (a start can be timed only once per process): the
 * profile and its spec loaded, then the first response validated (validators compile on first
 * use). Prints the figures as JSON for the bench to gather. Usage: cold-start.ts PROFILE
 */
const t0 = performance.now();
const profile = loadProfile(resolve(process.argv[2] ?? 'fixtures/aspsps/reference.yaml'));
const validator = loadSpec(profile.spec, { baseDir: resolve(profile.file, '..') });
const loadMs = performance.now() - t0;
validator.validateResponse('createConsent', {
  status: 201,
  headers: { 'content-type': 'application/json', 'x-request-id': randomUUID(), 'aspsp-sca-approach': 'REDIRECT', location: '/v1/consents/c1' },
  body: { consentStatus: 'received', consentId: 'c1', _links: { scaRedirect: { href: 'https://bank.example/sca' } } },
});
const firstMs = performance.now() - t0;
process.stdout.write(JSON.stringify({ loadMs, firstMs, spec: `${validator.name} (${validator.version})` }));
