import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadSuites, parseSuite } from '../src/suite/load.ts';
import { cli, tempDir } from './helpers/cli.ts';

/** A suite's own requirement ids: declared with their sources, named by its cases, judged and listed like the built-in ones. */

const dir = tempDir('psd2-declared-');
after(() => rmSync(dir, { recursive: true, force: true }));

/** A consent creation judged under `rule` by its status. */
const consentSteps = (rule: string, status: number) => `      - kind: request
        operation: createConsent
        headers: { PSU-ID: "\${profile.psu.id}", TPP-Redirect-URI: "\${profile.tpp.redirectUri}" }
        body: { access: { allPsd2: allAccounts }, recurringIndicator: true, validUntil: "\${today+30d}", frequencyPerDay: 4, combinedServiceIndicator: false }
      - kind: expect
        rule: ${rule}
        status: ${status}
`;
const suiteText = (rules: string, requirement = 'ACME-CONSENT-CREATED', status = 201) => `suite: acme-house-rules
title: ACME house rules
rules:
${rules}
cases:
  - id: consent-created
    title: The consent is created
    requirements: [${requirement}]
    steps:
${consentSteps(requirement, status)}`;
const created = `  - id: ACME-CONSENT-CREATED
    title: A consent request is answered 201
    sources: [{ doc: PROFILE, ref: "ACME sandbox guide 4.2" }]`;

test('declared rules load; a built-in id, a second declaration and an undeclared id are errors at their position', () => {
  assert.deepEqual(parseSuite('/s/a.yaml', suiteText(created)).errors, []);
  const suite = parseSuite('/s/a.yaml', suiteText(created)).suite!;
  assert.deepEqual(suite.rules, [{ id: 'ACME-CONSENT-CREATED', title: 'A consent request is answered 201', sources: [{ doc: 'PROFILE', ref: 'ACME sandbox guide 4.2' }] }]);
  assert.deepEqual(suite.cases[0]?.declaredRules?.map((r) => r.id), ['ACME-CONSENT-CREATED']);

  const builtIn = parseSuite('/s/b.yaml', suiteText(created.replace('ACME-CONSENT-CREATED', 'AIS-CONSENT-CREATE'), 'AIS-CONSENT-CREATE')).errors;
  assert.deepEqual(builtIn.map((e) => [e.code, e.line, e.column]), [['DUPLICATE_ID', 4, 9]]);
  assert.match(builtIn[0]!.message, /'AIS-CONSENT-CREATE' is built in/);

  const twice = parseSuite('/s/c.yaml', suiteText(`${created}\n${created}`)).errors;
  assert.deepEqual(twice.map((e) => [e.code, e.line]), [['DUPLICATE_ID', 7]]);

  const undeclared = parseSuite('/s/d.yaml', suiteText(created, 'ACME-OTHER')).errors.filter((e) => e.message.includes("'ACME-OTHER'"));
  assert.deepEqual(undeclared.map((e) => e.code), ['UNKNOWN_RULE', 'UNKNOWN_RULE']);
  assert.match(undeclared[0]!.message, /declare it under the suite's rules:/);

  const listedOnly = parseSuite('/s/f.yaml', suiteText(`${created}\n  - id: ACME-LISTED-ONLY\n    title: listed, never checked\n    sources: [{ doc: PROFILE, ref: x }]`)).errors;
  assert.deepEqual(listedOnly.map((e) => [e.code, e.line]), [['UNKNOWN_RULE', 7]]);
  assert.match(listedOnly[0]!.message, /'ACME-LISTED-ONLY' is checked by no step/);

  const noSources = parseSuite('/s/e.yaml', suiteText(`  - id: ACME-CONSENT-CREATED\n    title: x\n    sources: []`)).errors;
  assert.deepEqual(noSources.map((e) => e.code), ['SCHEMA']);
});

test('two suites may share a declared id only with one meaning', () => {
  const a = join(dir, 'a.yaml');
  const b = join(dir, 'b.yaml');
  writeFileSync(a, suiteText(created));
  writeFileSync(b, suiteText(created).replace('acme-house-rules', 'acme-more'));
  assert.deepEqual(loadSuites([a, b]).errors, []);
  writeFileSync(b, suiteText(created.replace('guide 4.2', 'guide 5.1')).replace('acme-house-rules', 'acme-more'));
  const { errors, suites } = loadSuites([a, b]);
  assert.equal(suites.length, 1);
  assert.match(errors[0]?.message ?? '', /'ACME-CONSENT-CREATED' is declared by .*a\.yaml with another title or sources/);
});

test('a run lists the declared rules with their sources and verdicts: passed, and failed naming the id', async () => {
  const file = join(dir, 'house.yaml');
  const failing = `  - id: ACME-CONSENT-200
    title: A consent request is answered 200 (a wrong house rule, to be failed)
    sources: [{ doc: PROFILE, ref: "ACME errata 1" }]`;
  writeFileSync(file, `${suiteText(`${created}\n${failing}`)}  - id: consent-200
    title: The consent is answered 200
    requirements: [ACME-CONSENT-200]
    steps:
${consentSteps('ACME-CONSENT-200', 200)}`);
  const out = join(dir, 'run');
  const { code, output } = await cli(['run', file, '--out', out, '--no-report']);
  assert.equal(code, 1, output);
  assert.match(output, /\[ACME-CONSENT-200\]/);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { rules: { id: string; title: string; sources: unknown; verdict: string }[] };
  const rule = (id: string) => summary.rules.find((r) => r.id === id);
  assert.deepEqual(rule('ACME-CONSENT-CREATED'), { ...rule('ACME-CONSENT-CREATED'), title: 'A consent request is answered 201', sources: 'PROFILE: ACME sandbox guide 4.2', verdict: 'passed' });
  assert.equal(rule('ACME-CONSENT-200')?.verdict, 'failed');
  assert.ok(existsSync(join(out, 'coverage.json')));
  assert.match(readFileSync(join(out, 'coverage.json'), 'utf8'), /ACME sandbox guide 4\.2/);
});
