import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, repoRoot, tempDir } from './helpers/cli.ts';

interface Summary {
  rules: { id: string; verdict: string }[];
  cases: { title: string; status: string }[];
}

const summaryOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
const verdicts = (s: Summary) => Object.fromEntries(s.rules.map((r) => [r.id, r.verdict]));

/** Sharded on several machines, merged on one: the same verdict per requirement as one run. */
test('two shards merged give the per-requirement verdicts of one unsharded run', async () => {
  const reports = tempDir('psd2-merge-');
  const suite = join(repoRoot, 'suites/ais/consent-redirect.yaml');
  const grep = ['--grep', 'consent-denied|without-request-id'];
  const dirs = { one: join(reports, 'one'), s1: join(reports, 'shard-1'), s2: join(reports, 'shard-2'), merged: join(reports, 'merged') };

  for (const [args, out] of [
    [[], dirs.one],
    [['--shard', '1/2', '--no-report'], dirs.s1],
    [['--shard', '2/2', '--no-report'], dirs.s2],
  ] as const) {
    const { code, output } = await cli(['run', suite, ...grep, ...args, '--out', out], { PSD2_REPORTS: reports });
    assert.equal(code, 0, output);
  }
  const [s1, s2] = [summaryOf(dirs.s1), summaryOf(dirs.s2)];
  assert.equal(s1.cases.length, 1, 'shard 1 should run one of the two cases');
  assert.equal(s2.cases.length, 1, 'shard 2 should run the other');

  const alone = await cli(['merge', dirs.s1], { PSD2_REPORTS: reports });
  assert.equal(alone.code, 2, alone.output);
  assert.match(alone.output, /shard 2\/2 missing/);

  const { code, output } = await cli(['merge', dirs.s1, dirs.s2, '--out', dirs.merged], { PSD2_REPORTS: reports });
  assert.equal(code, 0, output);
  const merged = summaryOf(dirs.merged);
  assert.equal(merged.cases.length, 2);
  assert.deepEqual(verdicts(merged), verdicts(summaryOf(dirs.one)));
  // A shard alone leaves some requirement unproven: the merge is what makes the verdicts whole.
  assert.notDeepEqual(verdicts(s1), verdicts(merged));

  for (const f of ['allure-report/index.html', 'coverage.json', 'coverage.html', 'junit.xml', 'report.sha256', 'profile.yaml']) {
    assert.ok(existsSync(join(dirs.merged, f)), `the merged run has no ${f}`);
  }
  // The merged report holds the shards' cases with their labels and evidence, not only names.
  const results = readdirSync(join(dirs.merged, 'allure-results')).filter((f) => f.endsWith('-result.json'));
  assert.equal(results.length, 2);
  const all = results.map((f) => readFileSync(join(dirs.merged, 'allure-results', f), 'utf8')).join('\n');
  assert.match(all, /"name":\s*"epic",\s*"value":\s*"AIS"/);
  assert.match(all, /"name":\s*"requirement"/);
  assert.match(all, /"name":\s*"request"/);
  const info = JSON.parse(readFileSync(join(dirs.merged, 'run.json'), 'utf8')) as { mergedFrom?: string[] };
  assert.equal(info.mergedFrom?.length, 2);
  const coverage = JSON.parse(readFileSync(join(dirs.merged, 'coverage.json'), 'utf8')) as { cases: { total: number } };
  assert.equal(coverage.cases.total, 2);
});
