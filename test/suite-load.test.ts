import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { discoverSuites } from '../src/suite/discover.ts';
import { lintSuites } from '../src/suite/lint.ts';
import { loadSuite, loadSuites } from '../src/suite/load.ts';
import { formatLoadError, type LoadError } from '../src/yaml/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'suite-load-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function write(text: string, name = `s${++n}.yaml`): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** 1-based line/column of the first occurrence of `needle` in `text`. */
function where(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} not in fixture`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

const VALID = `# yaml-language-server: $schema=../suite.schema.json
suite: consent-basics
title: Consent basics
cases:
  - id: create-consent
    title: Create a consent
    requirements: [AIS-CONSENT-CREATE]
    tags: [smoke]
    steps:
      - kind: request
        operation: createConsent
        body:
          recurringIndicator: false
          validUntil: \${today+90d}
        capture:
          consentId: /consentId
      - kind: expect
        rule: AIS-CONSENT-CREATE
        status: 201
        body:
          /consentStatus: received
          /consentId: { present: true }
  - id: redirect-approve
    title: Approve by redirect
    requirements: [SCA-REDIRECT-OK]
    scaApproaches: [REDIRECT]
    steps:
      - kind: sca
        link: \${scaRedirect}
        outcome: approve
        rule: SCA-REDIRECT-OK
`;

function only(errors: readonly LoadError[], code: LoadError['code']): LoadError {
  const found = errors.filter((e) => e.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got:\n${errors.map(formatLoadError).join('\n')}`);
  return found[0]!;
}

describe('loadSuite', () => {
  test('a valid suite loads with positions, defaults and frozen objects', () => {
    const file = write(VALID);
    const { suite, errors } = loadSuite(file);
    assert.deepEqual(errors, []);
    assert.ok(suite);
    assert.equal(suite.id, 'consent-basics');
    assert.equal(suite.file, file);
    assert.deepEqual(suite.at, { file, line: 2, column: 1 });
    const [first, second] = suite.cases;
    assert.ok(first && second);
    assert.deepEqual(first.at, { file, ...where(VALID, 'id: create-consent') });
    assert.deepEqual(first.tags, ['smoke']);
    assert.deepEqual(second.tags, []);
    assert.deepEqual(second.scaApproaches, ['REDIRECT']);
    assert.deepEqual(first.steps[0]?.at, { file, ...where(VALID, 'kind: request') });
    assert.deepEqual(first.steps[1]?.at, { file, ...where(VALID, 'kind: expect') });
    assert.deepEqual(second.steps[0], {
      kind: 'sca',
      link: '${scaRedirect}',
      outcome: 'approve',
      rule: 'SCA-REDIRECT-OK',
      at: { file, ...where(VALID, 'kind: sca') },
    });
    assert.ok(Object.isFrozen(suite) && Object.isFrozen(first.steps[0]) && Object.isFrozen(first.requirements));
    assert.ok(first.steps[0]?.kind === 'request' && Object.isFrozen(first.steps[0].body));
  });

  test('a step key typo names file:line:col, the allowed keys and the likely fix', () => {
    const text = VALID.replace('        body:\n          recurringIndicator', '        bdy:\n          recurringIndicator');
    const file = write(text, 'typo.yaml');
    const e = only(loadSuite(file).errors, 'SCHEMA');
    assert.equal(e.file, file);
    assert.deepEqual({ line: e.line, column: e.column }, where(text, 'bdy:'));
    assert.equal(e.path, 'cases[0].steps[0]');
    assert.equal(e.suggestion, 'body');
    assert.deepEqual(e.allowed, ['kind', 'title', 'operation', 'method', 'path', 'params', 'query', 'headers', 'body', 'capture', 'validate', 'clientCertificate', 'signature']);
    const { line, column } = where(text, 'bdy:');
    assert.equal(
      formatLoadError(e),
      `${file}:${line}:${column} error SCHEMA cases[0].steps[0]: unknown key 'bdy' ` +
        `(allowed: kind, title, operation, method, path, params, query, headers, body, capture, validate, clientCertificate, signature) — did you mean 'body'?`,
    );
  });

  test('a matches pattern that is not a valid regular expression is located', () => {
    const text = VALID.replace('/consentStatus: received', '/consentStatus: { matches: "(unclosed" }');
    const file = write(text, 'regex.yaml');
    const e = only(loadSuite(file).errors, 'SCHEMA');
    assert.equal(e.line, where(text, '(unclosed').line);
    assert.match(e.message, /not a valid regular expression/);
  });

  test('an unknown kind reports only the discriminator error, with allowed kinds', () => {
    const text = VALID.replace('kind: expect', 'kind: expct');
    const { errors } = loadSuite(write(text));
    const e = only(errors, 'SCHEMA');
    assert.equal(errors.length, 1);
    assert.match(e.message, /unknown kind 'expct'/);
    assert.deepEqual(e.allowed, ['request', 'sca', 'start-authorisation', 'expect', 'clock', 'repeat', 'pages', 'oauth', 'refresh', 'revoke']);
    assert.equal(e.suggestion, 'expect');
    assert.deepEqual({ line: e.line, column: e.column }, where(text, 'expct'));
  });

  test('a YAML syntax error is located and stops schema checks', () => {
    const text = 'suite: x\ntitle: t: u\ncases: []\n';
    const file = write(text);
    const { errors, suite } = loadSuite(file);
    assert.equal(suite, undefined);
    const e = only(errors, 'YAML_SYNTAX');
    assert.equal(errors.length, 1, 'no schema echoes of the syntax error');
    assert.deepEqual({ line: e.line, column: e.column }, { line: 2, column: 8 });
    assert.match(formatLoadError(e), /:2:8 error YAML_SYNTAX Nested mappings are not allowed/);
  });

  test('a duplicate YAML key is a located syntax error', () => {
    const e = only(loadSuite(write(VALID.replace('title: Consent basics', 'title: Consent basics\ntitle: again'))).errors, 'YAML_SYNTAX');
    assert.equal(e.line, 4);
  });

  test('a duplicate case id names both positions', () => {
    const text = VALID.replace('id: redirect-approve', 'id: create-consent');
    const file = write(text);
    const e = only(loadSuite(file).errors, 'DUPLICATE_ID');
    assert.deepEqual({ line: e.line, column: e.column }, where(text, 'create-consent', 2));
    assert.deepEqual(e.related, { file, ...where(text, 'create-consent', 1) });
    assert.equal(e.path, 'cases[1].id');
    assert.match(formatLoadError(e), /case id 'create-consent' is already used by cases\[0\] \(see .*:5:9\)/);
  });

  test('an unknown rule id suggests the closest catalog id', () => {
    const text = VALID.replace('rule: AIS-CONSENT-CREATE', 'rule: AIS-CONSENT-CRATE');
    const e = only(loadSuite(write(text)).errors, 'UNKNOWN_RULE');
    assert.equal(e.suggestion, 'AIS-CONSENT-CREATE');
    assert.equal(e.path, 'cases[0].steps[1].rule');
    assert.deepEqual({ line: e.line, column: e.column }, where(text, 'AIS-CONSENT-CRATE'));
    assert.ok(e.allowed?.includes('SCA-REDIRECT-OK'));
  });

  test('every mistake in a file is reported in one run, in file order', () => {
    const text = VALID.replace('requirements: [AIS-CONSENT-CREATE]', 'requirements: [AIS-CONSENT-CREATED]')
      .replace('        body:\n          recurringIndicator', '        bdy:\n          recurringIndicator')
      .replace('status: 201', 'status: "201"')
      .replace('outcome: approve', 'outcome: accept')
      .replace('id: redirect-approve', 'id: create-consent');
    const { errors } = loadSuite(write(text));
    assert.deepEqual(
      errors.map((e) => e.code),
      ['UNKNOWN_RULE', 'SCHEMA', 'SCHEMA', 'DUPLICATE_ID', 'SCHEMA'],
      errors.map(formatLoadError).join('\n'),
    );
    const lines = errors.map((e) => e.line ?? 0);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
    assert.equal(errors.find((e) => e.path === 'cases[1].steps[0].outcome')?.suggestion, undefined);
    assert.deepEqual(errors.find((e) => e.path === 'cases[1].steps[0].outcome')?.allowed, ['approve', 'deny', 'cancel', 'lockout', 'abandon']);
  });

  test('request steps need an operation or method + path', () => {
    const text = VALID.replace('operation: createConsent', 'method: POST');
    const e = only(loadSuite(write(text)).errors, 'SCHEMA');
    assert.equal(e.message, "needs 'operation' or 'method' and 'path'");
  });

  test('an unreadable file is a FILE_UNREADABLE error, not a throw', () => {
    const { errors } = loadSuite(join(dir, 'missing.yaml'));
    assert.equal(errors[0]?.code, 'FILE_UNREADABLE');
    assert.equal(errors[0]?.line, undefined);
  });
});

describe('loadSuites, discoverSuites, lintSuites', () => {
  test('discovery is sorted; all files\' errors are collected; a suite id used twice is reported', () => {
    const root = mkdtempSync(join(dir, 'lint-'));
    const suites = join(root, 'suites');
    const files = { a: join(suites, 'ais', 'a.yaml'), b: join(suites, 'b.yaml'), z: join(suites, 'ais', 'z.yaml') };
    for (const f of Object.values(files)) mkdirSync(dirname(f), { recursive: true });
    writeFileSync(files.a, VALID);
    writeFileSync(files.b, VALID);
    writeFileSync(files.z, 'suite: x\ntitle: t\ncases: []\n');
    writeFileSync(join(suites, 'notes.md'), '#');
    assert.deepEqual(discoverSuites(suites), [files.a, files.z, files.b]);

    const loaded = loadSuites(discoverSuites(suites));
    assert.equal(loaded.suites.length, 1);
    assert.deepEqual(
      loaded.errors.map((e) => [e.code, e.file]),
      [
        ['SCHEMA', files.z],
        ['DUPLICATE_ID', files.b],
      ],
    );
    const lint = lintSuites([], root);
    assert.deepEqual(lint.files, [files.a, files.z, files.b]);
    assert.equal(lint.errors.length, 2);
  });
});

test('an unknown alias, an alias bomb and a file that is not UTF-8 are located errors of their own file; the other files load', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { loadSuites } = await import('../src/suite/load.ts');
  const dir = mkdtempSync(join(tmpdir(), 'psd2-yaml-'));
  try {
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'suite: good\ntitle: Good\ncases:\n  - id: a\n    title: A\n    requirements: [HDR-XREQID-REQUIRED]\n    steps:\n      - { kind: request, operation: createConsent }\n');
    const alias = join(dir, 'alias.yaml');
    writeFileSync(alias, 'suite: alias\ntitle: Alias\ncases: *nowhere\n');
    const bomb = join(dir, 'bomb.yaml');
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(10).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]`);
    writeFileSync(bomb, `${levels.join('\n')}\nsuite: bomb\n`);
    const latin1 = join(dir, 'latin1.yaml');
    writeFileSync(latin1, Buffer.concat([Buffer.from('suite: x\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const started = performance.now();
    const { suites, errors } = loadSuites([good, alias, bomb, latin1]);
    assert.ok(performance.now() - started < 2000, 'loading is bounded in time');
    assert.deepEqual(suites.map((s) => s.id), ['good']);
    const byFile = (f: string) => errors.filter((e) => e.file === f);
    assert.match(`${byFile(alias)[0]?.line}:${byFile(alias)[0]?.column} ${byFile(alias)[0]?.message}`, /^3:8 unknown alias \*nowhere/);
    assert.match(byFile(bomb)[0]?.message ?? '', /expands past 100 aliases/);
    assert.equal(byFile(bomb)[0]?.line, 3, 'the first alias of an alias that holds aliases');
    assert.equal(byFile(latin1)[0]?.code, 'FILE_ENCODING');
    assert.match(`${byFile(latin1)[0]?.line}:${byFile(latin1)[0]?.column} ${byFile(latin1)[0]?.message}`, /^2:11 suite is not UTF-8: byte 0xe9/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a YAML syntax error shows its first cause with a hint, not a cascade', async () => {
  const { parseSuite } = await import('../src/suite/load.ts');
  const { errors } = parseSuite('/x/profileish.yaml', 'suite: s\ntitle: t\nheaders: { PSU-ID: ${env:X}, b: c }\ncases: []\n');
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.match(errors[0]!.message, /quote values that start with \$/);
});
