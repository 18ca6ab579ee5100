import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cli, repoRoot, run, tempDir } from './helpers/cli.ts';
import { commands, names } from '../src/cli/commands.ts';

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

const polling = `suite: polling-suite
title: Polling
cases:
  - id: poll
    title: a transition check on a product without a status graph
    requirements: [PIS-STATUS-TRANSITIONS]
    steps:
      - kind: request
        operation: initiatePayment
        params: { payment-service: payments, payment-product: sepa-credit-transfers }
        capture: { paymentId: /paymentId }
      - kind: repeat
        request:
          operation: getPaymentInitiationStatus
          params: { payment-service: payments, payment-product: sepa-credit-transfers, paymentId: "\${paymentId}" }
        until: { body: { /transactionStatus: ACSC } }
        rule: PIS-STATUS-TRANSITIONS
        transitions: { product: sepa-credit-transfer, from: ACTS }
`;

test('lint: a transition check naming a product without a status graph, or an unknown status, is located', async () => {
  const dir = tempDir('psd2-cli-transitions-');
  const file = join(dir, 'polling.yaml');
  writeFileSync(file, polling);
  const { code, output } = await cli(['lint', file]);
  assert.equal(code, 1, output);
  assert.match(output, /polling\.yaml:12:9 error UNKNOWN_PRODUCT .*'sepa-credit-transfer' has no status graph.* did you mean 'sepa-credit-transfers'\?/);
  assert.match(output, /polling\.yaml:12:9 error UNKNOWN_STATUS .*'ACTS' is not a transaction status.* did you mean 'ACTC'\?/);
  // Lint checks a templated product (and the variable it uses) only for the variable: its graph is looked up at run time.
  writeFileSync(file, polling.replace('product: sepa-credit-transfer,', 'product: "\${product}",'));
  const templated = await cli(['lint', file]);
  assert.match(templated.output, /UNDEFINED_VARIABLE .*'\$\{product\}' is used before any step captures it/);
  assert.doesNotMatch(templated.output, /UNKNOWN_PRODUCT/);
  // A poll over several payments: each item's product is checked, and ${item.key} must be a key of every item.
  writeFileSync(file, polling
    .replace('        request:\n', '        over:\n          - { id: one, product: sepa-credit-transfers, paymentId: "\${paymentId}" }\n          - { id: two, product: target-2-payment }\n        request:\n')
    .replace('paymentId: "\${paymentId}" }\n        until', 'paymentId: "\${item.paymentId}" }\n        until')
    .replace('product: sepa-credit-transfer, from: ACTS', 'product: "\${item.product}"'));
  const over = await cli(['lint', file]);
  assert.equal(over.code, 1, over.output);
  assert.match(over.output, /polling\.yaml:12:9 error UNKNOWN_PRODUCT .*'target-2-payment' has no status graph.* did you mean 'target-2-payments'\?/);
  assert.match(over.output, /polling\.yaml:12:9 error UNDEFINED_VARIABLE .*'\$\{item\.paymentId\}': over\[1\] has no 'paymentId'/);
  assert.doesNotMatch(over.output, /'sepa-credit-transfers' has no status graph/);
});

test('lint --profile: a status graph override for a product neither built in nor offered is located in the profile', async () => {
  const dir = tempDir('psd2-cli-graph-');
  const reference = readFileSync(join(repoRoot, 'fixtures/aspsps/reference.yaml'), 'utf8');
  const profile = join(dir, 'graph.yaml');
  writeFileSync(profile, reference
    .replace('$schema=./profile.schema.json', `$schema=${join(repoRoot, 'fixtures/aspsps/profile.schema.json')}`)
    .replace(/^(  amounts:)/m, '  statusGraph:\n    instant-sepa-credit-transfer: { ACTC: [ACSC] }\n$1'));
  const { code, output } = await cli(['lint', '--profile', profile]);
  assert.equal(code, 2, output);
  assert.match(output, /graph\.yaml:\d+:5 error UNKNOWN_PRODUCT .*'instant-sepa-credit-transfer'.* did you mean 'instant-sepa-credit-transfers'\?/);
});

test('lint: the committed suites are clean, given or found in a folder', async () => {
  const { code, output } = await cli(['lint']);
  assert.equal(code, 0, output);
  const folder = await cli(['lint', join(repoRoot, 'suites'), '--profile', join(repoRoot, 'fixtures/aspsps/reference.yaml')]);
  assert.equal(folder.code, 0, folder.output);
  assert.match(folder.output, /^\d+ suite file\(s\), [1-9]\d* case\(s\) loaded, no errors/m);
});

test('lint --profile: cases the profile cannot serve are listed as not applicable with the reason', async () => {
  const dir = tempDir('psd2-cli-thin-');
  const reference = readFileSync(join(repoRoot, 'fixtures/aspsps/reference.yaml'), 'utf8');
  const thin = reference
    .replace(/^psus:\n(?:  .*\n|\n)*?(?=^\S)/m, '')
    .replace(/^capabilities:\n(?:  - .*\n)+/m, 'capabilities: [dedicated-consent]\n')
    .replace(/^clock:\n(?:  .*\n)+/m, '')
    .replace('$schema=./profile.schema.json', `$schema=${join(repoRoot, 'fixtures/aspsps/profile.schema.json')}`);
  const profile = join(dir, 'thin.yaml');
  writeFileSync(profile, thin);
  const { code, output } = await cli(['lint', '--profile', profile]);
  // Missing profile keys are also lint errors (the profile author should know); options and clock are not.
  assert.equal(code, 1, output);
  assert.match(output, /PROFILE_KEY_MISSING .*psus\.main\.secondAccountId/);
  assert.match(output, /card-accounts: not applicable: needs implementer option .*card-accounts/);
  assert.match(output, /uncovered-account-refused: not applicable: needs profile key psus\.main\.secondAccountId/);
  assert.match(output, /ninety-day-window: not applicable: needs the bank's clock to move PT5M/);
});

test('run: a malformed suite fails its own test, located, and the other suites still run (a folder stands for its suites)', async () => {
  const reports = tempDir('psd2-cli-run-');
  const { code, output } = await cli(
    ['run', dirname(brokenSuite()), join(repoRoot, 'suites/ais/consent-redirect.yaml'), '--grep', 'without-request-id|loads', '--no-report'],
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

// Every command of the table, so a new one is covered the day it is added.
const commandNames: readonly string[] = names;

test('--help, -h, help and no arguments print the overview with every command and exit 0', async () => {
  for (const args of [['--help'], ['-h'], ['help'], []]) {
    const { code, output } = await cli(args);
    assert.equal(code, 0, `${args.join(' ')}: ${output}`);
    assert.match(output, /^Usage: psd2-conformance <command> \[options\]$/m);
    for (const name of names) {
      const { help } = await commands[name]();
      assert.ok(output.includes(`  ${help.usage}`) && output.includes(help.summary), `${name} missing from the overview`);
    }
    assert.match(output, /Exit codes: 0 .*; 1 .*; 2 /);
  }
});

for (const name of commandNames) {
  test(`${name} --help, ${name} -h and help ${name} print its usage and exit 0 without doing anything`, async () => {
    // A reports folder with no results: `report` would fail (2) if it did anything.
    const reports = tempDir('psd2-cli-help-');
    for (const args of [[name, '--help'], [name, '-h'], ['help', name], [name, '--no-such-option', '--help']]) {
      const { code, output } = await cli(args, { PSD2_REPORTS: reports });
      assert.equal(code, 0, `${args.join(' ')}: ${output}`);
      assert.match(output, new RegExp(`^Usage: psd2-conformance ${name}\\b`), args.join(' '));
      assert.match(output, /^ {2}-h, --help +show this help$/m);
      assert.doesNotMatch(output, /listening|Report:|error/i, args.join(' '));
    }
  });
}

test('--version prints the version of package.json', async () => {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const { code, output } = await cli([flag]);
    assert.equal(code, 0);
    assert.equal(output, `${version}\n`);
  }
});

test('usage errors print one line and a pointer to --help, and exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['rn'], /^psd2-conformance: unknown command 'rn' — did you mean 'run'\?\nRun 'psd2-conformance --help' for usage\.\n$/],
    [['--frobnicate'], /^psd2-conformance: unknown option '--frobnicate'\n/],
    [['run', '--fault', 'nope'], /^psd2-conformance run: unknown fault 'nope' .*--list-faults.*\nRun 'psd2-conformance run --help' for usage\.\n$/],
    [['run', '--fault', 'consent-created-20'], /unknown fault 'consent-created-20' — did you mean 'consent-created-200'\?/],
    [['run', '--grp', 'x'], /^psd2-conformance run: unknown option '--grp' — did you mean '--grep'\?\n/],
    [['run', '--profile'], /^psd2-conformance run: option '--profile' needs a value \(FILE\)\n/],
    [['run', '--no-report=yes'], /option '--no-report' takes no value/],
    [['run', '--trace', 'always'], /^psd2-conformance run: --trace must be on, off, snapshots, got 'always'\n/],
    [['sandbox', '--port', '99999'], /^psd2-conformance sandbox: --port must be a whole number from 0 to 65535, got '99999'\n/],
    [['sandbox', 'extra'], /^psd2-conformance sandbox: unexpected argument 'extra'\n/],
    [['sandbox', '--fault', 'nope'], /^psd2-conformance sandbox: unknown fault 'nope'/],
    [['report', '--out'], /^psd2-conformance report: unknown option '--out'\n/],
    [['lint', '--profil', 'x.yaml'], /unknown option '--profil' — did you mean '--profile'\?/],
    [['sandbox', '--settle-after', 'soon'], /--settle-after must be a positive duration such as 3s/],
    [['help', 'nope'], /^psd2-conformance: unknown command 'nope'\n/],
  ];
  for (const [args, expected] of cases) {
    const { code, output } = await cli(args);
    assert.equal(code, 2, `${args.join(' ')}: ${output}`);
    assert.match(output, expected, args.join(' '));
    assert.doesNotMatch(output, /\n {4}at /, `${args.join(' ')} printed a stack trace`);
  }
});

test('lint: a file failing its schema still reports its unknown operationId, in the same pass', async () => {
  const file = brokenSuite().replace('broken.yaml', 'both.yaml');
  writeFileSync(file, broken.replace('createConsent', 'createConsnt'));
  const { code, output } = await cli(['lint', file]);
  assert.equal(code, 1);
  assert.match(output, /both\.yaml:8:9 error UNKNOWN_OPERATION .*'createConsnt'.* — did you mean 'createConsent'\?/);
  assert.match(output, /both\.yaml:10:9 error SCHEMA .*unknown key 'bdy'/);
  assert.match(output, /2 error\(s\) in 1 file\(s\)/);
});

test('lint: every file given is checked, and each broken one is named', async () => {
  const dir = tempDir('psd2-cli-lint-');
  const one = join(dir, 'one.yaml');
  const two = join(dir, 'two.yaml');
  writeFileSync(one, broken);
  writeFileSync(two, broken.replace('suite: broken-suite', 'suite: other-suite').replace('createConsent', 'createConsnt').replace('bdy:', 'body:'));
  const { code, output } = await cli(['lint', join(repoRoot, 'suites/ais/consent-redirect.yaml'), one, two, join(dir, 'missing.yaml')]);
  assert.equal(code, 1);
  assert.match(output, /one\.yaml:10:9 error SCHEMA/);
  assert.match(output, /two\.yaml:8:9 error UNKNOWN_OPERATION/);
  assert.match(output, /missing\.yaml error FILE_UNREADABLE/);
  assert.match(output, /^4 suite file\(s\), .*3 error\(s\) in 3 file\(s\): \S*one\.yaml, \S*two\.yaml, \S*missing\.yaml /m);
  assert.doesNotMatch(output, /consent-redirect\.yaml.*error/);
});

test('lint --profile: a profile that does not load is exit 2, naming it', async () => {
  const dir = tempDir('psd2-cli-lintp-');
  const profile = join(dir, 'bank.yaml');
  writeFileSync(profile, 'name: Bank\n');
  const { code, output } = await cli(['lint', '--profile', profile]);
  assert.equal(code, 2);
  assert.match(output, /bank\.yaml:1:1 error SCHEMA .*baseUrl/);
});

test('npm run bench -- --help prints usage and exits 0; a bad option is exit 2 without a stack trace', async () => {
  const bench = (args: string[]) => run(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/bench/main.ts'), ...args]);
  const help = await bench(['--help']);
  assert.equal(help.code, 0, help.output);
  assert.match(help.output, /^Usage: npm run bench/);
  const bad = await bench(['--bogus']);
  assert.equal(bad.code, 2);
  assert.match(bad.output, /Unknown option '--bogus'\nRun 'npm run bench -- --help' for usage\.\n$/);
  assert.doesNotMatch(bad.output, /\n {4}at /);
});
