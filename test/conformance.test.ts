import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../fixtures/browser.ts';
import { loadProfile } from '../src/profile/load.ts';
import { cli, latestRunDir, repoRoot, tempDir } from './helpers/cli.ts';
import { evidenceTexts, holdsSecret } from './helpers/evidence-texts.ts';

/** The main job end to end: every suite against the embedded reference ASPSP, report written. */
test('a clean reference ASPSP passes every suite, and the report holds no secret (browser traces on)', async () => {
  const reports = tempDir('psd2-clean-');
  // Traces are off unless asked: asked here, so the secret check below reaches into them too.
  const { code, output } = await cli(['run', '--trace', 'on'], { PSD2_REPORTS: reports });
  assert.equal(code, 0, output);
  assert.match(output, /Requirements: \d+ passed, 0 failed/);
  const run = latestRunDir(reports);

  const index = join(run, 'allure-report', 'index.html');
  assert.ok(existsSync(index), 'no HTML report');
  const manifest = readFileSync(join(run, 'report.sha256'), 'utf8');
  assert.match(manifest, /^[0-9a-f]{64} {2}allure-report\/index\.html$/m);
  assert.match(manifest, /^[0-9a-f]{64} {2}summary\.json$/m);

  const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as { rules: { id: string; verdict: string }[] };
  const failed = summary.rules.filter((r) => r.verdict === 'failed');
  assert.deepEqual(failed, []);

  // The values the run typed into the ASPSP's pages must appear nowhere in the evidence, not even
  // inside the single-file report's base64 blobs nor inside the browser traces (zip archives).
  const profile = loadProfile(join(repoRoot, 'fixtures/aspsps/reference.yaml'));
  assert.ok(profile.secrets.length >= 2, 'the reference profile should declare the PSU password and OTP');
  const files = readdirSync(reports, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  assert.ok(files.length > 3);
  let decodedAttachments = 0;
  let traces = 0;
  for (const entry of files) {
    const file = join(entry.parentPath, entry.name);
    const content = readFileSync(file);
    const asWritten = content.toString('latin1');
    const scanned = await evidenceTexts(content);
    traces += scanned.traces;
    for (const text of scanned.texts) {
      if (text !== asWritten && text.includes('HTTP 201 (')) decodedAttachments++;
      for (const secret of profile.secrets) assert.ok(!holdsSecret(text, secret), `a secret appears in ${file}`);
    }
  }
  // Proof the blob decoding reaches attachment text: a response transcript is found in a decoded blob.
  assert.ok(decodedAttachments > 0, 'no decoded report blob holds attachment text: the secret check would be blind');
  // And the scan went inside browser traces (redirect SCA, OAuth login, bank app each record one).
  assert.ok(traces > 0, 'no browser trace was found in the report: the secret check never looked inside one');

  // The evidence is there: steps and attachments of the cases made it into the report results.
  const results = readdirSync(join(run, 'allure-results')).filter((f) => f.endsWith('-result.json'));
  const all = results.map((f) => readFileSync(join(run, 'allure-results', f), 'utf8')).join('\n');
  assert.match(all, /consent-approved/);
  assert.match(all, /"name":\s*"request"/);
  assert.match(all, /SCA page: /);

  await assertReportShowsEvidence(index);
});

/** What a compliance reader sees: the report opened in Chromium, cases, steps and attachments. */
async function assertReportShowsEvidence(index: string): Promise<void> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(index).href);
    await page.getByText('Reference ASPSP (embedded)', { exact: true }).first().click({ timeout: 60_000 });
    await page.getByText('AIS consent with redirect SCA', { exact: true }).first().click();
    for (const id of ['consent-approved', 'consent-denied', 'consent-without-request-id']) {
      await page.getByText(new RegExp(`^${id}:`)).first().waitFor();
    }
    await page.getByText(/^consent-approved:/).first().click();
    await page.getByText("TPP asks for a consent on the PSU's account").first().click();
    await page.getByText('response', { exact: true }).first().click();
    await page.getByText(/^HTTP 201/).first().waitFor();
    await page.getByText("PSU approves on the ASPSP's SCA pages").first().click();
    await page.getByText('SCA page: login').first().click();
    await page.getByText('login (after input)').first().waitFor();
    // The session's trace sits on the SCA step itself, after its pages.
    await page.getByText('browser trace', { exact: true }).first().waitFor();
  } finally {
    await browser.close();
  }
}
