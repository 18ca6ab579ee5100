import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, repoRoot, tempDir } from './helpers/cli.ts';

const broken = `suite: broken-suite
title: Broken
cases:
  - id: typo
    title: a step key typo
    requirements: [AIS-CONSENT-CREATE]
    steps:
      - kind: request
        operation: createConsent
        bdy: { access: {} }
`;

function brokenSuite(): string {
  const dir = tempDir('psd2-cli-');
  const file = join(dir, 'broken.yaml');
  writeFileSync(file, broken);
  return file;
}

test('lint: a step-key typo fails with file:line:column, the allowed keys and a suggestion', async () => {
  const file = brokenSuite();
  const { code, output } = await cli(['lint', file]);
  assert.equal(code, 1);
  assert.match(output, /broken\.yaml:10:9 .*unknown key 'bdy'/);
  assert.match(output, /allowed: kind, title, operation, method, path, params, query, headers, body, capture, validate/);
  assert.match(output, /did you mean 'body'\?/);
});

test('lint: an operationId the profile\'s spec lacks is located, with a suggestion', async () => {
  const file = brokenSuite().replace('broken.yaml', 'op.yaml');
  writeFileSync(file, broken.replace('bdy: { access: {} }', 'body: { access: {} }').replace('createConsent', 'createConsnt'));
  const { code, output } = await cli(['lint', file]);
  assert.equal(code, 1);
  assert.match(output, /op\.yaml:8:9 error UNKNOWN_OPERATION .*'createConsnt' is not in spec berlin-group-1\.3\.12 — did you mean 'createConsent'\?/);
});

test('lint: the committed suites are clean', async () => {
  const { code, output } = await cli(['lint']);
  assert.equal(code, 0, output);
});

test('run: a malformed suite fails its own test, located, and the other suites still run', async () => {
  const reports = tempDir('psd2-cli-run-');
  const { code, output } = await cli(
    ['run', brokenSuite(), join(repoRoot, 'suites/ais/consent-redirect.yaml'), '--grep', 'without-request-id|loads', '--no-report'],
    { PSD2_REPORTS: reports },
  );
  assert.notEqual(code, 0);
  assert.match(output, /broken\.yaml:10:9/);
  assert.match(output, /1 failed/);
  assert.match(output, /1 passed/);
});

test('run: bad arguments are a usage error, not a test failure', async () => {
  const { code, output } = await cli(['run', '--workers', 'many']);
  assert.equal(code, 2);
  assert.match(output, /--workers must be a positive whole number/);
});
