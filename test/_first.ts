import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { loadProfile } from '../src/profile/load.ts';
import { loadSpec } from '../src/validate/index.ts';
const P = (l: string, t: number) => l + ' ' + (performance.now() - t).toFixed(1);
let t0 = performance.now(); let t = t0; const out = [];
const profileBase = loadProfile(resolve('fixtures/aspsps/reference.yaml')); out.push(P('profile', t)); t = performance.now();
const validator = loadSpec(profileBase.spec, { baseDir: resolve(profileBase.file, '..') }); out.push(P('spec', t)); t = performance.now();
validator.validateResponse('createConsent', {
  status: 201,
  headers: { 'content-type': 'application/json', 'x-request-id': randomUUID(), 'aspsp-sca-approach': 'REDIRECT', location: '/v1/consents/c1' },
  body: { consentStatus: 'received', consentId: 'c1', _links: { scaRedirect: { href: 'https://bank.example/sca' } } },
}); out.push(P('first', t)); out.push(P('total', t0)); console.log(out.join(' | '));
