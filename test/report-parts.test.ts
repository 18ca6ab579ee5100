import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { matchCategory, normalizeCategoriesConfig, type CategoriesConfig } from '@allurereport/core-api';
import { makeOffline } from '../src/report/single-file.ts';
import { epicOf, requirementLink, severityOf } from '../src/report/labels.ts';
import { buildCoverage } from '../src/report/coverage.ts';
import { coverageHtml } from '../src/report/coverage-html.ts';
import { environmentProperties, type RunInfo } from '../src/report/run-info.ts';
import { shardProblems } from '../src/report/shards.ts';
import { signingKey } from '../src/report/archive-keys.ts';
import { exportJWK, generateKeyPair } from 'jose';
import { findRun, isRunId, latestRun, newRunId, pointLatest } from '../src/report/runs.ts';
import type { Case, Suite } from '../src/suite/types.ts';
import type { Rule } from '../src/rules/types.ts';
import { repoRoot, tempDir } from './helpers/cli.ts';

const allureConfig = ((await import(pathToFileURL(join(repoRoot, 'allurerc.mjs')).href)) as { default: { categories: CategoriesConfig } }).default;

/** The layout allure 3.18 writes for a single-file report, reduced to its scripts. */
const allureLike = `<!DOCTYPE html><html><head><script>window.allureReportOptions = {"id":"awesome"}</script></head><body>
<div id="allure-app-loader"></div><div id="app"></div>
<script>const { origin, pathname } = window.location;</script>
<script>window.allure = window.allure || {};</script>
<script   src="data:text/javascript;base64,QVBQ"></script>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('config', 'G-X');
    </script>
    <script async>
      window.allureReportDataReady = false;
      window.allureReportData = window.allureReportData || {};
      function d(name, value){ return new Promise(function (resolve) { window.allureReportData[name] = value; return resolve(true); }); }
    </script>
    <script defer>
      Promise.allSettled([d("widgets/statistic.json","e30=")])
        .then(function(){ window.allureReportDataReady = true; })
    </script>
</body></html>`;

test('single-file report: analytics removed, embedded data defined before the app boots', () => {
  const out = makeOffline(allureLike);
  assert.doesNotMatch(out, /googletagmanager|gtag|dataLayer/);
  const bundle = out.indexOf('data:text/javascript;base64,QVBQ');
  assert.ok(out.indexOf('window.allureReportData = ') < bundle, 'data store defined after the app');
  assert.ok(out.indexOf('Promise.allSettled([d("widgets/statistic.json"') < bundle, 'data filled after the app');
  assert.ok(out.indexOf('window.allure = window.allure') < bundle);
  assert.equal(makeOffline(out), out, 'post-processing twice changes nothing');
});

test('single-file report: an unknown layout or a leftover outside reference is an error, not a silent pass', () => {
  assert.throws(() => makeOffline('<html><body><script src="app.js"></script></body></html>'), /expected single-file layout/);
  const withFont = allureLike.replace('<div id="app"></div>', '<div id="app"></div><link rel="stylesheet" href="https://fonts.example/x.css">');
  assert.throws(() => makeOffline(withFont), /outside resource: <link rel="stylesheet" href="https:\/\/fonts\.example/);
});

const suiteAt = (file: string): Suite => ({ file, id: 's', title: 'S', rules: [], cases: [], at: { file, line: 1, column: 1 } });
const caseWith = (tags: string[], requirements: string[] = []): Case => ({ id: 'c', title: 'C', requirements, tags, steps: [], at: { file: 'x', line: 1, column: 1 } });

test('epic: from the case tags (a service tag wins over oauth/sca), else from the suite folder', () => {
  assert.equal(epicOf(suiteAt('/r/suites/ais/a.yaml'), caseWith(['consent', 'redirect'])), 'AIS');
  assert.equal(epicOf(suiteAt('/r/suites/misc/a.yaml'), caseWith(['sca', 'pis'])), 'PIS');
  assert.equal(epicOf(suiteAt('/r/suites/misc/a.yaml'), caseWith(['PIIS'])), 'PIIS');
  assert.equal(epicOf(suiteAt('/r/suites/oauth/a.yaml'), caseWith([])), 'OAuth & SCA');
  assert.equal(epicOf(suiteAt('/r/suites/misc/a.yaml'), caseWith(['sca'])), 'OAuth & SCA');
  assert.equal(epicOf(suiteAt('/r/elsewhere/a.yaml'), caseWith(['smoke'])), 'Other');
});

const rts: Rule = { id: 'X-RTS', title: 't', sources: [{ doc: 'IG', ref: 'ig part' }, { doc: 'RTS', ref: 'Art. 10' }] };
const ig: Rule = { id: 'X-IG', title: 't', sources: [{ doc: 'IG', ref: 'ig part' }] };
const profileOnly: Rule = { id: 'X-P', title: 't', sources: [{ doc: 'PROFILE', ref: 'scaApproaches' }] };

test('severity: a severity tag, else critical for an RTS requirement, else normal', () => {
  assert.equal(severityOf(caseWith(['minor']), [rts]), 'minor');
  assert.equal(severityOf(caseWith([]), [ig, rts]), 'critical');
  assert.equal(severityOf(caseWith([]), [ig, undefined]), 'normal');
});

test('requirement link: the law first, then the Berlin Group documents; none for a profile-only rule', () => {
  assert.deepEqual(requirementLink(rts), { url: 'https://eur-lex.europa.eu/eli/reg_del/2018/389/oj', name: 'X-RTS: RTS Art. 10' });
  assert.equal(requirementLink(ig)?.url, 'https://www.berlin-group.org/nextgenpsd2-downloads');
  assert.equal(requirementLink(profileOnly), undefined);
});

test('categories: findings are ASPSP non-conformance, stops and timeouts the harness, skips not applicable', () => {
  const categories = normalizeCategoriesConfig(allureConfig.categories);
  const name = (status: 'failed' | 'broken' | 'skipped', message: string, labels: { name: string; value: string }[] = []) =>
    matchCategory(categories, { status, message, labels, flaky: false })?.name;
  const finding = 'violated: AIS-CONSENT-CREATE\n[AIS-CONSENT-CREATE] createConsent 500: status should be 201, got 500 (suites/ais/x.yaml:30:9)';
  assert.equal(name('broken', finding), 'ASPSP non-conformance');
  assert.equal(name('failed', `${finding}\ncase stopped (CAPTURE_MISSING): cannot go on without 'consentId'`), 'ASPSP non-conformance');
  assert.equal(name('broken', 'the case could not complete\ncase stopped (ASPSP_TRANSPORT): POST http://127.0.0.1:9/v1/consents: unreachable'), 'Harness, configuration or connectivity problem');
  assert.equal(name('failed', 'Test timeout of 120000ms exceeded.'), 'Harness, configuration or connectivity problem');
  assert.equal(name('failed', '2 error(s) in suites/x.yaml:', [{ name: 'tag', value: 'suite-error' }]), 'Harness, configuration or connectivity problem');
  assert.equal(name('skipped', 'the profile offers no EMBEDDED SCA'), 'Not applicable');
});

const info: RunInfo = {
  runId: '2026-11-30T17-00-00.000Z-abcdef',
  startedAt: '2026-11-30T17:00:00.000Z',
  endedAt: '2026-11-30T17:01:00.000Z',
  aspsp: { name: 'Bank: Ünïcode = yes', baseUrl: 'https://api.bank.example/psd2', spec: 'berlin-group-1.3.12' },
  profileSha256: 'a'.repeat(64),
  harness: { version: '0.1.0', commit: 'abc123' },
};

test('environment.properties: every run fact, escaped as Java properties', () => {
  const text = environmentProperties(info);
  assert.match(text, /^ASPSP=Bank: \\u00dcn\\u00efcode = yes at https:\/\/api\.bank\.example\/psd2$/m);
  for (const key of ['spec', 'profile.sha256', 'harness.version', 'harness.commit', 'run.id', 'run.start', 'run.end']) assert.match(text, new RegExp(`^${key.replace('.', '\\.')}=.+$`, 'm'));
});

test('coverage: one row per requirement with its verdict and cases, totals on top; the page escapes text', () => {
  const coverage = buildCoverage(
    {
      rules: [
        { id: 'A', title: 'a <b>', sources: 'IG: x', verdict: 'passed', checks: 2, failures: 0, cases: [' › conformance.spec.ts › S › c1: one'] },
        { id: 'B', title: 'b', sources: 'IG: y', verdict: 'not applicable', checks: 0, failures: 0, cases: [' › conformance.spec.ts › S › c2: two'] },
        { id: 'C', title: 'c', sources: 'IG: z', verdict: 'not run', checks: 0, failures: 0, cases: [] },
        { id: 'D', title: 'd', sources: 'IG: w', verdict: 'inconclusive', checks: 0, failures: 0, cases: [], reasons: ['c3: case stopped <early>'] },
      ],
      outcome: 'not judged',
      suiteErrors: [{ title: 'suites/bad.yaml', message: 'bad.yaml:1:1 unknown key' }],
      cases: [
        { title: ' › conformance.spec.ts › S › c1: one', status: 'passed', requirements: ['A'], failures: [] },
        { title: ' › conformance.spec.ts › S › c2: two', status: 'skipped', requirements: ['B'], skipReason: 'no PIIS', failures: [] },
      ],
    },
    info,
  );
  assert.deepEqual(coverage.requirements, { passed: 1, failed: 0, 'accepted deviation': 0, inconclusive: 1, 'not applicable': 1, 'not run': 1 });
  assert.equal(coverage.outcome, 'not judged');
  assert.deepEqual(coverage.rows[3]!.reasons, ['c3: case stopped <early>']);
  assert.deepEqual(coverage.cases, { total: 2, passed: 1, failed: 0, notApplicable: 1 });
  assert.deepEqual(coverage.rows[1]!.cases, [{ title: 'S › c2: two', status: 'skipped', skipReason: 'no PIIS' }]);
  const html = coverageHtml(coverage);
  assert.match(html, /a &#60;b&#62;/);
  assert.match(html, /no case covers it/);
  assert.match(html, /c3: case stopped &#60;early&#62;/);
  assert.match(html, /Outcome: <strong>not judged<\/strong>/);
  assert.match(html, /suites\/bad\.yaml<pre>bad\.yaml:1:1 unknown key<\/pre>/);
  assert.doesNotMatch(html, /<script|https?:\/\/(?!api\.bank\.example)/);
});

test('run ids sort by time and are unique', () => {
  const a = newRunId(new Date('2026-11-30T17:00:00.000Z'));
  const b = newRunId(new Date('2026-11-30T17:00:00.001Z'));
  assert.ok(isRunId(a) && isRunId(b), a);
  assert.ok(a < b);
  assert.notEqual(newRunId(new Date(0)), newRunId(new Date(0)));
});

test('latest: a relative symlink to the newest run; runs found by id, path or latest', () => {
  const root = tempDir('psd2-runs-');
  const [r1, r2] = ['2026-11-30T17-00-00.000Z-aaaaaa', '2026-11-30T18-00-00.000Z-bbbbbb'];
  for (const id of [r1, r2]) mkdirSync(join(root, 'runs', id), { recursive: true });
  assert.equal(latestRun(root), undefined);
  pointLatest(root, join(root, 'runs', r1));
  pointLatest(root, join(root, 'runs', r2));
  assert.ok(lstatSync(join(root, 'latest')).isSymbolicLink());
  assert.equal(latestRun(root)?.id, r2);
  assert.equal(findRun(root).id, r2);
  assert.equal(findRun(root, r1).dir, join(root, 'runs', r1));
  assert.throws(() => findRun(root, 'nope'), /no run 'nope'.*recent runs: .*bbbbbb/);
  // A run outside runs/ (run --out) leaves latest alone.
  pointLatest(root, join(root, 'elsewhere'));
  assert.equal(latestRun(root)?.id, r2);
});

test('latest: where symlinks fail, a text file naming the run is read the same way', () => {
  const root = tempDir('psd2-runs-');
  const id = '2026-11-30T17-00-00.000Z-cccccc';
  mkdirSync(join(root, 'runs', id), { recursive: true });
  writeFileSync(join(root, 'latest'), `${id}\n`);
  assert.equal(latestRun(root)?.dir, join(root, 'runs', id));
  // Pointing again replaces the file (by a symlink here, where symlinks work).
  pointLatest(root, join(root, 'runs', id));
  assert.ok(lstatSync(join(root, 'latest')).isSymbolicLink());
  assert.equal(latestRun(root)?.id, id);
});

test('shards: only the complete shards of one run, against one profile, merge', () => {
  const shard = (i: string, over: Partial<RunInfo> = {}) => ({ dir: `/r/${i.replace('/', '-')}`, info: { ...info, shard: i, ...over } });
  assert.deepEqual(shardProblems([shard('1/2'), shard('2/2')]), []);
  assert.deepEqual(shardProblems([shard('1/3'), shard('3/3')]), ['shard 2/3 missing: their cases would read as not run']);
  assert.match(shardProblems([shard('1/2'), shard('1/2')]).join('\n'), /shard 1\/2 given twice/);
  assert.match(shardProblems([shard('1/2'), shard('2/3')]).join('\n'), /split different runs/);
  assert.match(shardProblems([shard('1/2'), shard('2/2', { profileSha256: 'b'.repeat(64) })]).join('\n'), /different profiles/);
  assert.match(shardProblems([{ dir: '/r/x', info: info }, shard('1/1')]).join('\n'), /\/r\/x: not a shard/);
  assert.match(shardProblems([{ dir: '/r/y' }]).join('\n'), /\/r\/y: no run\.json/);
});

test('signing key: PSD2_ARCHIVE_KEY inline or as a file, private JWK only, never echoed; else a generated one', async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const fromEnv = await signingKey(undefined, { PSD2_ARCHIVE_KEY: JSON.stringify(jwk) });
  assert.equal(fromEnv.origin, 'provided');
  assert.equal(fromEnv.alg, 'ES256');
  assert.equal(fromEnv.publicJwk.d, undefined);
  const file = join(tempDir('psd2-key-'), 'key.jwk.json');
  writeFileSync(file, JSON.stringify(jwk));
  assert.equal((await signingKey(file, {})).thumbprint, fromEnv.thumbprint);
  await assert.rejects(signingKey(undefined, { PSD2_ARCHIVE_KEY: JSON.stringify(await exportJWK(publicKey)) }), /is a public key/);
  await assert.rejects(signingKey('{"kty":"EC","d":"secret-material-xyz"', {}), (e: Error) => /not a JSON Web Key/.test(e.message) && !e.message.includes('secret-material-xyz'));
  const generated = await signingKey(undefined, {});
  assert.equal(generated.origin, 'generated');
  assert.equal(generated.alg, 'EdDSA');
});
