import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { generateAll } from '../src/specgen/generate.ts';
import { repoRoot } from '../src/util/repo-root.ts';

const sharedDir = resolve(repoRoot, '../shared/specs/berlin-group');
const specsDir = join(repoRoot, 'specs');
const committed = ['berlin-group-1.3.12.json', 'berlin-group-1.3.8.json', 'message-codes.json'];
const read = (name: string): string => readFileSync(join(specsDir, name), 'utf8');

test('specs/ matches what the official files generate (drift)', (t) => {
  if (!existsSync(sharedDir)) {
    t.skip(`official Berlin Group files not found at ${sharedDir}; drift not checked`);
    return;
  }
  const generated = generateAll(sharedDir);
  assert.deepEqual([...generated.keys()].sort(), [...committed].sort());
  for (const [name, text] of generated) {
    assert.ok(text === read(name), `specs/${name} is stale: run npm run specs and commit the result`);
  }
});

test('generation is deterministic', (t) => {
  if (!existsSync(sharedDir)) {
    t.skip(`official Berlin Group files not found at ${sharedDir}`);
    return;
  }
  assert.deepEqual(generateAll(sharedDir), generateAll(sharedDir));
});

test('no Berlin Group prose in the committed bundles', () => {
  const keywords = new Set(['description', 'summary', 'example', 'examples', 'externalDocs']);
  for (const name of committed) {
    const text = read(name);
    const leaked: string[] = [];
    JSON.parse(text, (key, value: unknown) => {
      if (keywords.has(key)) leaked.push(key);
      return value;
    });
    assert.deepEqual(leaked, [], `${name} keeps prose keywords`);
  }
});

test('no sentence of the official files\' prose appears in the committed bundles', (t) => {
  if (!existsSync(sharedDir)) {
    t.skip(`official Berlin Group files not found at ${sharedDir}; prose probe not run`);
    return;
  }
  // Probes come from the official files at run time, so the project itself never holds their prose.
  const sentences = new Set<string>();
  for (const file of readdirSync(sharedDir).filter((f) => f.endsWith('.yaml'))) {
    collectProse(parse(readFileSync(join(sharedDir, file), 'utf8')), sentences);
  }
  assert.ok(sentences.size > 100, 'found too little prose to probe with');
  const bundles = committed.map(read).join('\n');
  const leaked = [...sentences].filter((line) => bundles.includes(JSON.stringify(line).slice(1, -1)));
  assert.deepEqual(leaked.slice(0, 3), []);
});

/** Every line of 40+ characters in description/summary texts. */
function collectProse(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => collectProse(n, out));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'description' || key === 'summary') && typeof value === 'string') {
        for (const line of value.split('\n')) if (line.trim().length >= 40) out.add(line.trim());
      } else collectProse(value, out);
    }
  }
}

test('bundles keep the facts and the licence', () => {
  const doc = JSON.parse(read('berlin-group-1.3.12.json')) as {
    info: { title: string; version: string; license: { name: string } };
    paths: Record<string, Record<string, { operationId?: string }>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };
  assert.equal(doc.info.version, '1.3.12_2022-07-01');
  assert.match(doc.info.license.name, /Creative Commons Attribution 4\.0/);
  assert.equal(doc.paths['/v1/consents']?.['post']?.operationId, 'createConsent');
  assert.ok(doc.components.schemas['consentsResponse-201']?.properties?.['consentStatus']);
  assert.ok(doc.components.schemas['Error400_AIS']?.properties?.['title'], 'a property named like a prose keyword survives');
});

/** RULES.md "Codes by HTTP status", as written there (CERTIFICATE_REVOKED: the OpenAPI spells it CERTIFICATE_REVOKE). */
const rulesCodes: Record<string, string[]> = {
  '400': ['FORMAT_ERROR', 'PARAMETER_NOT_CONSISTENT', 'PARAMETER_NOT_SUPPORTED', 'SERVICE_INVALID', 'RESOURCE_UNKNOWN', 'RESOURCE_EXPIRED', 'RESOURCE_BLOCKED', 'TIMESTAMP_INVALID', 'PERIOD_INVALID', 'SCA_METHOD_UNKNOWN', 'SCA_INVALID', 'CONSENT_UNKNOWN', 'SESSIONS_NOT_SUPPORTED'],
  '401': ['CERTIFICATE_INVALID', 'CERTIFICATE_EXPIRED', 'CERTIFICATE_BLOCKED', 'CERTIFICATE_REVOKE', 'CERTIFICATE_MISSING', 'ROLE_INVALID', 'SIGNATURE_INVALID', 'SIGNATURE_MISSING', 'CORPORATE_ID_INVALID', 'PSU_CREDENTIALS_INVALID', 'CONSENT_INVALID', 'CONSENT_EXPIRED', 'TOKEN_UNKNOWN', 'TOKEN_INVALID', 'TOKEN_EXPIRED'],
  '403': ['CONSENT_UNKNOWN', 'SERVICE_BLOCKED', 'RESOURCE_UNKNOWN', 'RESOURCE_EXPIRED', 'PRODUCT_INVALID'],
  '404': ['RESOURCE_UNKNOWN', 'PRODUCT_UNKNOWN'],
  '405': ['SERVICE_INVALID', 'CANCELLATION_INVALID'],
  '406': ['REQUESTED_FORMATS_INVALID'],
  '409': ['STATUS_INVALID'],
  '429': ['ACCESS_EXCEEDED'],
};

test('the message-code catalog covers every code RULES.md lists per status', () => {
  const catalog = JSON.parse(read('message-codes.json')) as { codes: Record<string, Record<string, string[]>> };
  assert.deepEqual(Object.keys(catalog.codes), Object.keys(rulesCodes));
  for (const [status, codes] of Object.entries(rulesCodes)) {
    const defined = new Set(Object.values(catalog.codes[status] ?? {}).flat());
    assert.deepEqual(codes.filter((c) => !defined.has(c)), [], `status ${status}`);
  }
  assert.ok(catalog.codes['400']?.['AIS']?.includes('SESSIONS_NOT_SUPPORTED'));
  assert.deepEqual(catalog.codes['405']?.['PIS_CANC'], ['CANCELLATION_INVALID', 'SERVICE_INVALID']);
  assert.deepEqual(catalog.codes['429'], { AIS: ['ACCESS_EXCEEDED'] });
});
