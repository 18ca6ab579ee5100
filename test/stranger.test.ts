import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startReferenceAspsp, type RunningAspsp } from '../src/util/reference-aspsp.ts';
import { cli, latestRunDir, repoRoot, tempDir } from './helpers/cli.ts';
import { legalVariations, startStrangerProxy, type Variation } from './helpers/stranger-proxy.ts';

/**
 * A stranger bank: the reference ASPSP behind a proxy that answers in every legal shape it does
 * not use itself (chunked, other header spellings and extra headers, content-type parameters,
 * gzip, JSON re-serialised, full links for relative ones and back, …). A conformant bank must get
 * the same verdicts whatever legal shape it picks: nothing failed, nothing stopped, nothing
 * inconclusive. The default run (every suite, the reference profile) runs once with every
 * variation on; test/conformance.test.ts proves the same run directly is all green.
 */

interface Summary {
  exitCode: number;
  rules: { id: string; verdict: string; failures?: unknown[]; reasons?: string[] }[];
  cases: { title: string; status: string; skipReason?: string; inconclusive: unknown[]; failures: unknown[]; stopped?: { code: string; message: string } }[];
  suiteErrors: { title: string; message: string }[];
}

let bank: RunningAspsp;
before(async () => {
  bank = await startReferenceAspsp(repoRoot);
});
after(() => bank.stop());

/** The reference profile, its baseUrl the proxy's API root: the same bank, PSUs, capabilities and scripts. */
async function runThrough(variations: readonly Variation[], args: readonly string[] = []) {
  const proxy = await startStrangerProxy(bank.url, variations);
  const reports = tempDir('psd2-stranger-');
  const profile = join(reports, 'stranger.yaml');
  const reference = readFileSync(join(repoRoot, 'fixtures/aspsps/reference.yaml'), 'utf8');
  const baseUrl = /^baseUrl: .*$/m;
  assert.match(reference, baseUrl);
  writeFileSync(profile, reference.replace(baseUrl, `baseUrl: ${proxy.apiUrl}`).replace(/^name: .*$/m, 'name: Stranger bank (the reference ASPSP behind a proxy)'));
  try {
    const started = performance.now();
    const { code, output } = await cli(['run', '--no-report', '--profile', profile, ...args], { PSD2_REPORTS: reports });
    const file = join(latestRunDir(reports), 'summary.json');
    assert.ok(existsSync(file), `no summary.json:\n${output}`);
    return { code, output, ms: performance.now() - started, applied: new Map(proxy.applied), summary: JSON.parse(readFileSync(file, 'utf8')) as Summary };
  } finally {
    await proxy.close();
  }
}

test('a stranger bank answering in every legal shape gets the verdicts of the reference ASPSP: nothing failed, stopped or inconclusive', async () => {
  const run = await runThrough(legalVariations);
  const show = (x: unknown) => JSON.stringify(x, null, 1).slice(0, 4000);

  // Each variation changed answers: one that never applied would prove nothing.
  for (const v of legalVariations) assert.ok((run.applied.get(v) ?? 0) > 0, `variation ${v} never applied`);

  assert.deepEqual(run.summary.suiteErrors, []);
  const stopped = run.summary.cases.filter((c) => c.stopped || c.inconclusive.length || c.failures.length);
  assert.deepEqual(stopped.map((c) => ({ title: c.title, stopped: c.stopped, inconclusive: c.inconclusive, failures: c.failures })), [], 'cases not green through the proxy');
  // Not applicable comes from the profile alone (the same profile as the direct run), never from the bank's answers.
  for (const c of run.summary.cases) {
    if (c.status === 'passed') continue;
    assert.equal(c.status, 'skipped', show(c));
    assert.match(c.skipReason ?? '', /^not applicable: /, show(c));
  }
  const notGreen = run.summary.rules.filter((r) => r.verdict !== 'passed' && r.verdict !== 'not applicable');
  assert.deepEqual(notGreen, [], 'rules neither passed nor not applicable through the proxy');
  assert.ok(run.summary.rules.filter((r) => r.verdict === 'passed').length > 50, 'too few rules passed: did the run reach the bank?');
  assert.equal(run.code, 0, run.output);
});

test('the test can fail: a bank that drops X-Request-ID (required on every answer) fails through the same proxy', async () => {
  const run = await runThrough([...legalVariations, 'drop-request-id'], ['suites/ais/consent-redirect.yaml', '--grep', 'consent-approved']);
  assert.ok((run.applied.get('drop-request-id') ?? 0) > 0);
  assert.equal(run.code, 1, run.output);
  assert.equal(run.summary.rules.find((r) => r.id === 'BG-OAS-HEADERS')?.verdict, 'failed', run.output);
});
