import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deviationFor } from '../src/profile/deviations.ts';
import { parseProfile } from '../src/profile/load.ts';
import { buildCoverage } from '../src/report/coverage.ts';
import { coverageHtml } from '../src/report/coverage-html.ts';
import { EXIT_CODES, formatSummary, runOutcome, summarise, type CaseResult } from '../src/report/summary.ts';
import type { Finding, Rule } from '../src/rules/types.ts';
import { caseFailure } from '../src/runner/run-case.ts';
import { cli, latestRunDir, repoRoot, startSandboxProcess, tempDir } from './helpers/cli.ts';

/** Known deviations: a declared failure is reported as such until its expiry, then fails again. */

const live = { rule: 'R-DEV', reason: 'BANK-42: fixed in release 7', expires: '2027-01-31' };
const lapsed = { rule: 'R-DEV', case: 'old-case', reason: 'BANK-7', expires: '2026-01-31' };

describe('deviationFor', () => {
  it('matches rule and case; the expiry day is still accepted, the day after is not', () => {
    assert.deepEqual(deviationFor([live], 'R-DEV', 'any-case', '2027-01-31'), { reason: live.reason, expires: live.expires, expired: false });
    assert.equal(deviationFor([live], 'R-DEV', 'any-case', '2027-02-01')?.expired, true);
    assert.equal(deviationFor([live], 'R-OTHER', 'any-case', '2026-12-01'), undefined);
    assert.equal(deviationFor([{ ...live, case: 'one' }], 'R-DEV', 'two', '2026-12-01'), undefined);
  });
  it('prefers a live entry over an expired one', () => {
    assert.equal(deviationFor([lapsed, { ...live, case: 'old-case' }], 'R-DEV', 'old-case', '2026-12-01')?.expired, false);
  });
});

describe('the accepted-deviation verdict', () => {
  const catalog = new Map<string, Rule>(['R-DEV', 'R-OK'].map((id) => [id, { id, title: id, sources: [{ doc: 'IG', ref: 'x' }] }]));
  const fail = (deviation?: Finding['deviation']): Finding => ({ ruleId: 'R-DEV', passed: false, message: 'wrong status', ...(deviation ? { deviation } : {}) });
  const results = (deviation?: Finding['deviation']): CaseResult[] => [
    { title: 'suite › bad-case: t', status: 'failed', requirements: ['R-DEV'], findings: [fail(deviation)] },
    { title: 'suite › good-case: t', status: 'passed', requirements: ['R-OK'], findings: [{ ruleId: 'R-OK', passed: true, message: 'ok' }] },
  ];

  it('a live entry: verdict accepted deviation, exit code 0, shown in the console summary and coverage', () => {
    const rs = results({ reason: live.reason, expires: live.expires, expired: false });
    const rules = summarise(catalog, rs);
    const dev = rules.find((r) => r.id === 'R-DEV')!;
    assert.equal(dev.verdict, 'accepted deviation');
    assert.equal(dev.failures, 1);
    assert.deepEqual(dev.deviations, [{ reason: live.reason, expires: live.expires, expired: false }]);
    const outcome = runOutcome(rules, rs, []);
    assert.equal(outcome, 'conformant');
    assert.equal(EXIT_CODES[outcome], 0);
    const text = formatSummary(rules, rs);
    assert.match(text, /DEV +R-DEV +1\/1 checks failed/);
    assert.match(text, /ACCEPTED R-DEV: accepted until 2027-01-31 \(BANK-42: fixed in release 7\)/);
    assert.match(text, /1 accepted deviation\(s\)/);
    const coverage = buildCoverage({ rules, cases: rs.map((c) => ({ ...c, failures: [] })) });
    assert.equal(coverage.requirements['accepted deviation'], 1);
    assert.match(coverageHtml(coverage), /Accepted deviation until 2027-01-31 — BANK-42/);
  });

  it('an expired entry: failed again, and the summary says the deviation expired', () => {
    const rs = results({ reason: lapsed.reason, expires: lapsed.expires, expired: true });
    const rules = summarise(catalog, rs);
    assert.equal(rules.find((r) => r.id === 'R-DEV')!.verdict, 'failed');
    assert.equal(runOutcome(rules, rs, []), 'non-conformant');
    assert.match(formatSummary(rules, rs), /EXPIRED R-DEV: the deviation expired on 2026-01-31, so the failure counts again \(BANK-7\)/);
  });

  it('a failure the entry does not cover still fails the rule', () => {
    const rs: CaseResult[] = [
      ...results({ reason: live.reason, expires: live.expires, expired: false }),
      { title: 'suite › other-case: t', status: 'failed', requirements: ['R-DEV'], findings: [fail()] },
    ];
    assert.equal(summarise(catalog, rs).find((r) => r.id === 'R-DEV')!.verdict, 'failed');
  });

  it('the case message starts "accepted deviation:" only when every failure is a live deviation (the Allure category)', () => {
    const accepted = caseFailure({ findings: [fail({ reason: 'r', expires: '2027-01-31', expired: false })], inconclusive: [] });
    assert.match(accepted!, /^accepted deviation: R-DEV\n\[R-DEV\] wrong status \[accepted deviation until 2027-01-31: r\]/);
    const expired = caseFailure({ findings: [fail({ reason: 'r', expires: '2026-01-31', expired: true })], inconclusive: [] });
    assert.match(expired!, /^violated: R-DEV\n.*\[deviation expired on 2026-01-31, counts as a failure again: r\]/);
    const allurerc = readFileSync(join(repoRoot, 'allurerc.mjs'), 'utf8');
    assert.ok(allurerc.indexOf("id: 'accepted-deviation'") < allurerc.indexOf("id: 'aspsp-non-conformance'"), 'the deviation category is matched first');
  });

  it('a profile entry naming an unknown rule is a load error with a suggestion', () => {
    const text = readFileSync(join(repoRoot, 'fixtures/aspsps/reference.yaml'), 'utf8') + '\ndeviations:\n  - { rule: AIS-TX-90DD, reason: x, expires: "2027-01-01" }\n';
    const { errors } = parseProfile(join(repoRoot, 'fixtures/aspsps/reference.yaml'), text, {});
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.code, 'UNKNOWN_RULE');
    assert.match(errors[0]!.message, /did you mean AIS-TX-90D\?/);
  });
});

describe('a run against a faulted bank with a deviation entry', () => {
  let sandbox: { url: string; stop(): Promise<void> };
  before(async () => {
    sandbox = await startSandboxProcess(['--fault', 'consent-created-200']);
  });
  after(() => sandbox?.stop());

  const runWith = async (expires: string) => {
    const dir = tempDir('psd2-deviation-');
    const text = readFileSync(join(repoRoot, 'fixtures/aspsps/reference.yaml'), 'utf8')
      .replace(/^baseUrl:.*$/m, `baseUrl: ${sandbox.url}`)
      .replace('$schema=./profile.schema.json', `$schema=${join(repoRoot, 'fixtures/aspsps/profile.schema.json')}`);
    const profile = join(dir, 'profile.yaml');
    writeFileSync(profile, `${text}\ndeviations:\n  - rule: BG-OAS-STATUS\n    case: delete-received\n    reason: "BANK-123: createConsent answers 200, fix planned"\n    expires: "${expires}"\n`);
    const result = await cli(['run', 'suites/ais/consent-lifecycle.yaml', '--grep', 'delete-received', '--profile', profile, '--no-report'], { PSD2_REPORTS: dir });
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { exitCode: number; rules: { id: string; verdict: string; deviations?: { expired: boolean }[] }[] };
    return { ...result, rule: summary.rules.find((r) => r.id === 'BG-OAS-STATUS')!, exitCode: summary.exitCode };
  };

  it('until the expiry the failure is an accepted deviation and the run exits 0; after it the run fails again and says so', async () => {
    const accepted = await runWith('2999-12-31');
    assert.equal(accepted.code, 0, accepted.output);
    assert.equal(accepted.rule.verdict, 'accepted deviation');
    assert.match(accepted.output, /ACCEPTED BG-OAS-STATUS: accepted until 2999-12-31 \(BANK-123/);
    assert.match(accepted.output, /\[BG-OAS-STATUS\]/, 'the failure itself is still shown');

    const expired = await runWith('2020-01-01');
    assert.equal(expired.code, 1, expired.output);
    assert.equal(expired.rule.verdict, 'failed');
    assert.equal(expired.rule.deviations?.[0]?.expired, true);
    assert.match(expired.output, /EXPIRED BG-OAS-STATUS: the deviation expired on 2020-01-01, so the failure counts again/);
  });
});
