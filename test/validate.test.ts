import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Finding } from '../src/rules/types.ts';
import { compiledCount, loadSpec, SpecLoadError } from '../src/validate/index.ts';
import type { ResponseView } from '../src/validate/index.ts';
import { tempDir } from './helpers/cli.ts';

const requestId = '99391c7e-ad88-49ec-a2ad-99ddcb1f7721';
const json = { 'x-request-id': requestId, 'content-type': 'application/json; charset=utf-8' };

const consentCreated: ResponseView = {
  status: 201,
  headers: { ...json, location: 'https://api.testbank.com/psd2/v1/consents/1234', 'aspsp-sca-approach': 'REDIRECT' },
  body: {
    consentStatus: 'received',
    consentId: '1234',
    _links: { scaRedirect: { href: 'https://bank.example/sca' }, status: { href: '/v1/consents/1234/status' } },
  },
};

const failures = (findings: Finding[], ruleId: string): Finding[] => findings.filter((f) => f.ruleId === ruleId && !f.passed);

test('a conformant createConsent 201 passes every rule checked', () => {
  const findings = loadSpec('berlin-group-1.3.12').validateResponse('createConsent', consentCreated);
  assert.deepEqual(findings.filter((f) => !f.passed), []);
  assert.deepEqual(findings.map((f) => f.ruleId), ['BG-OAS-STATUS', 'BG-OAS-HEADERS', 'BG-OAS-CONTENT-TYPE', 'BG-OAS-BODY']);
});

test('200 instead of 201 fails BG-OAS-STATUS', () => {
  const findings = loadSpec('berlin-group-1.3.12').validateResponse('createConsent', { ...consentCreated, status: 200 });
  const [finding] = failures(findings, 'BG-OAS-STATUS');
  assert.equal(finding?.where, 'status');
  assert.equal(finding?.actual, 200);
  assert.match(finding?.message ?? '', /^createConsent 200: status 200 is not declared/);
});

test('a consent status body without consentStatus fails BG-OAS-BODY naming the property', () => {
  const findings = loadSpec('berlin-group-1.3.12').validateResponse('getConsentStatus', { status: 200, headers: json, body: { psuMessage: 'hi' } });
  const [finding] = failures(findings, 'BG-OAS-BODY');
  assert.equal(finding?.where, '/');
  assert.equal(finding?.expected, 'consentStatus');
  assert.match(finding?.message ?? '', /^getConsentStatus 200: \/: .*consentStatus/);
});

test('a wrong enum value names pointer, expected and actual', () => {
  const body = { ...(consentCreated.body as object), consentStatus: 'pending' };
  const [finding] = failures(loadSpec('berlin-group-1.3.12').validateResponse('createConsent', { ...consentCreated, body }), 'BG-OAS-BODY');
  assert.equal(finding?.where, '/consentStatus');
  assert.equal(finding?.actual, 'pending');
  assert.match(finding?.message ?? '', /createConsent 201: \/consentStatus: must be equal to one of the allowed values \(expected one of received, rejected, .*; actual "pending"\)/);
});

test('a missing or malformed X-Request-ID fails BG-OAS-HEADERS', () => {
  const v = loadSpec('berlin-group-1.3.12');
  const { 'x-request-id': _, ...withoutId } = consentCreated.headers;
  const [missing] = failures(v.validateResponse('createConsent', { ...consentCreated, headers: withoutId }), 'BG-OAS-HEADERS');
  assert.equal(missing?.where, 'header:X-Request-ID');
  const [malformed] = failures(v.validateResponse('createConsent', { ...consentCreated, headers: { ...consentCreated.headers, 'x-request-id': 'abc' } }), 'BG-OAS-HEADERS');
  assert.equal(malformed?.where, 'header:X-Request-ID');
  assert.equal(malformed?.actual, 'abc');
});

test('an undeclared content type fails BG-OAS-CONTENT-TYPE', () => {
  const findings = loadSpec('berlin-group-1.3.12').validateResponse('createConsent', { ...consentCreated, headers: { ...consentCreated.headers, 'content-type': 'text/html' } });
  assert.equal(failures(findings, 'BG-OAS-CONTENT-TYPE')[0]?.actual, 'text/html');
});

test('400 INVALID_REQUEST fails BG-ERR-CODE, FORMAT_ERROR passes', () => {
  const v = loadSpec('berlin-group-1.3.12');
  const error = (code: string): ResponseView => ({ status: 400, headers: json, body: { tppMessages: [{ category: 'ERROR', code }] } });
  const [bad] = failures(v.validateResponse('createConsent', error('INVALID_REQUEST')), 'BG-ERR-CODE');
  assert.equal(bad?.where, '/tppMessages/0/code');
  assert.equal(bad?.actual, 'INVALID_REQUEST');
  const good = v.validateResponse('createConsent', error('FORMAT_ERROR'));
  assert.deepEqual(good.filter((f) => !f.passed), []);
  assert.ok(good.some((f) => f.ruleId === 'BG-ERR-CODE' && f.passed));
});

test('the error schema names the service: 405 on cancelPayment allows CANCELLATION_INVALID', () => {
  const v = loadSpec('berlin-group-1.3.12');
  const findings = v.validateResponse('cancelPayment', { status: 405, headers: json, body: { tppMessages: [{ category: 'ERROR', code: 'CANCELLATION_INVALID' }] } });
  assert.deepEqual(findings.filter((f) => !f.passed), []);
});

test('an RFC 7807 problem+json 400 is accepted', () => {
  const findings = loadSpec('berlin-group-1.3.12').validateResponse('getConsentStatus', {
    status: 400,
    headers: { 'x-request-id': requestId, 'content-type': 'application/problem+json' },
    body: { type: 'https://berlin-group.org/problems/format-error', code: 'FORMAT_ERROR', additionalErrors: [{ code: 'PERIOD_INVALID' }] },
  });
  assert.deepEqual(findings.filter((f) => !f.passed), []);
  assert.ok(findings.some((f) => f.ruleId === 'BG-ERR-CODE' && f.passed));
});

test('the 1.3.8 bundle works too', () => {
  const v = loadSpec('berlin-group-1.3.8');
  assert.match(v.version, /^1\.3\.8/);
  assert.deepEqual(v.validateResponse('createConsent', consentCreated).filter((f) => !f.passed), []);
  assert.equal(failures(v.validateResponse('getConsentStatus', { status: 200, headers: json, body: { consentStatus: 'pending' } }), 'BG-OAS-BODY').length, 1);
});

test('findOperation picks the most specific template', () => {
  const v = loadSpec('berlin-group-1.3.12');
  assert.equal(v.findOperation('GET', '/v1/consents/abc/status')?.operationId, 'getConsentStatus');
  assert.equal(v.findOperation('get', '/v1/consents/abc')?.operationId, 'getConsentInformation');
  assert.equal(v.findOperation('GET', '/v1/payments/sepa-credit-transfers/p1')?.operationId, 'getPaymentInformation');
  assert.equal(v.findOperation('POST', '/psd2/v1/consents')?.operationId, 'createConsent');
  assert.equal(v.findOperation('PATCH', '/v1/consents'), undefined);
  assert.equal(v.operation('createConsent')?.service, 'AIS');
  assert.equal(v.operation('createSigningBasket')?.service, 'SBS');
  assert.equal(v.operation('checkAvailabilityOfFunds')?.service, 'PIIS');
});

test('an unknown operationId is harness misuse, with a suggestion', () => {
  assert.throws(() => loadSpec('berlin-group-1.3.12').validateResponse('createConsents', consentCreated), /did you mean createConsent\?/);
});

const tinySpec = `openapi: 3.0.1
info: { title: Tiny ASPSP, version: "0.1" }
paths:
  /v1/consents/{consentId}/status:
    get:
      operationId: getConsentStatus
      tags: [AIS]
      responses:
        "200":
          headers:
            X-Request-ID: { required: true, schema: { type: string, format: uuid } }
          content:
            application/json:
              schema:
                type: object
                required: [consentStatus]
                properties:
                  consentStatus: { type: string, enum: [received, valid], nullable: true }
                  frequencyPerDay: { type: integer, minimum: 1, exclusiveMinimum: true }
`;

test('an ASPSP OpenAPI YAML file path is accepted, its 3.0 dialect normalised', () => {
  const dir = tempDir('psd2-spec-');
  writeFileSync(join(dir, 'aspsp.yaml'), tinySpec);
  const v = loadSpec('aspsp.yaml', { baseDir: dir });
  assert.equal(v.version, '0.1');
  assert.equal(loadSpec(join(dir, 'aspsp.yaml')), v, 'cached per resolved file');
  const ok = v.validateResponse('getConsentStatus', { status: 200, headers: json, body: { consentStatus: null, frequencyPerDay: 2 } });
  assert.deepEqual(ok.filter((f) => !f.passed), []);
  const bad = v.validateResponse('getConsentStatus', { status: 200, headers: json, body: { consentStatus: 'valid', frequencyPerDay: 1 } });
  assert.equal(failures(bad, 'BG-OAS-BODY')[0]?.where, '/frequencyPerDay');
});

test('a broken YAML file is a SpecLoadError naming file and line:col', () => {
  const dir = tempDir('psd2-spec-');
  writeFileSync(join(dir, 'broken.yaml'), 'openapi: 3.0.1\ninfo: { title: x\npaths: {}\n');
  assert.throws(
    () => loadSpec('broken.yaml', { baseDir: dir }),
    (err: unknown) => err instanceof SpecLoadError && err.code === 'SPEC_SYNTAX' && /broken\.yaml:\d+:\d+/.test(err.message),
  );
  assert.throws(() => loadSpec('missing.yaml', { baseDir: dir }), (err: unknown) => err instanceof SpecLoadError && err.code === 'SPEC_NOT_FOUND');
});

test('a file without the OpenAPI 3.0 top level (openapi 3.x, info with a version, paths) is SPEC_INVALID, saying what is missing', () => {
  const dir = tempDir('psd2-spec-');
  const cases: [string, RegExp][] = [
    ['swagger: "2.0"\ninfo: { title: x, version: "1" }\npaths: {}\n', /not an OpenAPI 3\.0 document \(Swagger 2\.0\)/],
    ['openapi: 3.0.1\ninfo: { title: x, version: "1" }\n', /has no paths object/],
    ['openapi: 3.0.1\ninfo: { title: x }\npaths: {}\n', /has no info object with a title and a version/],
  ];
  cases.forEach(([text, message], i) => {
    writeFileSync(join(dir, `bad${i}.yaml`), text);
    assert.throws(() => loadSpec(`bad${i}.yaml`, { baseDir: dir }), (err: unknown) => err instanceof SpecLoadError && err.code === 'SPEC_INVALID' && message.test(err.message));
  });
});

test('every response validator of both bundles compiles', () => {
  for (const name of ['berlin-group-1.3.12', 'berlin-group-1.3.8']) {
    assert.ok(loadSpec(name).compileAll() > 0, name);
  }
});

test('validators compile once: a second validateResponse compiles nothing new', () => {
  const dir = tempDir('psd2-spec-');
  writeFileSync(join(dir, 'aspsp.yaml'), tinySpec);
  const v = loadSpec(join(dir, 'aspsp.yaml'));
  assert.equal(compiledCount(v), 0, 'nothing compiled at load');
  const response: ResponseView = { status: 200, headers: json, body: { consentStatus: 'valid' } };
  v.validateResponse('getConsentStatus', response);
  const afterFirst = compiledCount(v);
  assert.ok(afterFirst > 0);
  v.validateResponse('getConsentStatus', { ...response, body: { consentStatus: 'nope' } });
  assert.equal(compiledCount(v), afterFirst);
});

test('Location may be any URI reference (loopback host, relative path), not only a public web URL', () => {
  const v = loadSpec('berlin-group-1.3.12');
  for (const location of ['http://127.0.0.1:34567/v1/consents/1', 'http://localhost:3000/v1/consents/1', '/psd2/v1/consents/1']) {
    const findings = v.validateResponse('createConsent', { ...consentCreated, headers: { ...consentCreated.headers, location } });
    assert.deepEqual(failures(findings, 'BG-OAS-HEADERS'), [], location);
  }
});
