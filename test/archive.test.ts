import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { chromiumLaunchOptions } from '../fixtures/browser.ts';
import { loadProfile } from '../src/profile/load.ts';
import { ruleCatalog } from '../src/rules/catalog.ts';
import { verifyContents } from '../src/report/archive-verify.ts';
import { readZip, writeZip } from '../src/report/zip.ts';
import { sha256 } from '../src/report/run-info.ts';
import { listRuns } from '../src/report/runs.ts';
import { cli, freePort, latestRunDir, repoRoot, tempDir } from './helpers/cli.ts';

/**
 * What a compliance team keeps: a run against the reference ASPSP, its offline report, coverage
 * matrix, and a signed archive that shows any change to it. The smoke cases make that run (the
 * whole default run is test/conformance.test.ts's): every part of the evidence is there, in less time.
 */
const reports = tempDir('psd2-archive-');
let run = '';
let summary: { rules: { id: string; verdict: string; cases: string[] }[]; cases: unknown[] };

before(async () => {
  const { code, output } = await cli(['run', '--grep', '@smoke(?![a-z0-9-])'], { PSD2_REPORTS: reports });
  assert.equal(code, 0, output);
  run = latestRunDir(reports);
  summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as typeof summary;
});

async function withBrowser<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

test('the single-file report loads nothing from the network and opens from file:// every time', async () => {
  const index = join(run, 'allure-report', 'index.html');
  const html = readFileSync(index, 'utf8');
  assert.doesNotMatch(html, /googletagmanager|gtag\(/);
  await withBrowser(async (browser) => {
    for (let open = 1; open <= 5; open++) {
      const context = await browser.newContext();
      const requested: string[] = [];
      context.on('request', (r) => requested.push(r.url()));
      const page = await context.newPage();
      await page.goto(pathToFileURL(index).href);
      // The tree node of the bank: shown only once the app has read its embedded data.
      await page.getByText('Reference ASPSP (embedded)', { exact: true }).first().waitFor({ timeout: 20_000 });
      const text = await page.locator('body').innerText();
      const shown = /Results\s*(\d+)/.exec(text)?.[1];
      assert.equal(Number(shown), summary.cases.length, `open ${open}: the report shows ${shown} results, the summary has ${summary.cases.length} cases`);
      const outside = requested.filter((u) => !(u === pathToFileURL(index).href || u.startsWith('data:') || u.startsWith('blob:')));
      assert.deepEqual(outside, [], `open ${open} requested outside the file`);
      await context.close();
    }
  });
});

test('the report shows requirement labels, links to their sources, the environment and the coverage page', async () => {
  const index = join(run, 'allure-report', 'index.html');
  await withBrowser(async (browser) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 2000 } });
    await page.goto(pathToFileURL(index).href);
    await page.getByText('profile.sha256').first().waitFor({ timeout: 20_000 });
    await page.getByText('harness.commit').first().waitFor();

    await page.getByText('Reference ASPSP (embedded)', { exact: true }).first().click();
    await page.getByText('AIS consent with redirect SCA', { exact: true }).first().click();
    await page.getByText(/^consent-approved:/).first().click();
    await page.getByText('requirement', { exact: true }).first().waitFor();
    await page.getByText('AIS-CONSENT-CREATE', { exact: true }).first().waitFor();
    const links = await page.locator('a[href^="https://"]').evaluateAll((as) => as.map((a) => `${a.getAttribute('href')} ${a.textContent}`));
    assert.ok(links.some((l) => l.startsWith('https://eur-lex.europa.eu/') && l.includes('SCA-REDIRECT-OK: RTS')), links.join('\n'));
    assert.ok(links.some((l) => l.startsWith('https://www.berlin-group.org/') && l.includes('AIS-CONSENT-CREATE: IG')), links.join('\n'));

    await page.goto(`${pathToFileURL(index).href}#globalAttachments`);
    await page.getByText('coverage.html', { exact: true }).first().click();
    const frame = page.frameLocator('iframe').first();
    await frame.getByRole('heading', { name: 'Requirement coverage' }).waitFor();
    for (const rule of summary.rules) await frame.locator(`tr[id="${rule.id}"]`).getByText(rule.verdict, { exact: true }).waitFor();
  });
});

test('the coverage matrix has every requirement of the catalog with the summary verdict and its cases', () => {
  const coverage = JSON.parse(readFileSync(join(run, 'coverage.json'), 'utf8')) as {
    run: { runId: string };
    rows: { id: string; verdict: string; cases: { title: string }[] }[];
  };
  assert.equal(coverage.run.runId, readdirSync(join(reports, 'runs'))[0]);
  assert.deepEqual(coverage.rows.map((r) => r.id), [...ruleCatalog.keys()].sort());
  for (const r of coverage.rows) {
    const s = summary.rules.find((x) => x.id === r.id)!;
    assert.equal(r.verdict, s.verdict, r.id);
    assert.equal(r.cases.length, s.cases.length, r.id);
  }
  assert.match(readFileSync(join(run, 'coverage.html'), 'utf8'), /<tr id="AIS-CONSENT-CREATE">/);
});

/** The archive's entries, with `change` applied, written as a new archive. */
async function rewrite(from: string, to: string, change: (entries: Map<string, Buffer>) => void): Promise<string> {
  const { entries } = await readZip(from);
  const copy = new Map(entries);
  change(copy);
  await writeZip(to, [...copy].map(([path, data]) => ({ path, data })));
  return to;
}

test('verify passes on a fresh archive and names every file changed by one byte, removed or added', async () => {
  const { code, output } = await cli(['archive', '--latest'], { PSD2_REPORTS: reports });
  assert.equal(code, 0, output);
  const archive = join(reports, 'archive', `${readdirSync(join(reports, 'runs'))[0]}.zip`);
  const ok = await cli(['verify', archive]);
  assert.equal(ok.code, 0, ok.output);
  assert.match(ok.output, /^OK: /);

  const { entries } = await readZip(archive);
  for (const name of ['report.html', 'coverage.html', 'coverage.json', 'requests.log', 'profile.yaml', 'summary.json', 'junit.xml', 'run.json', 'manifest.json', 'signing-key.jwk.json']) {
    assert.ok(entries.has(name), `${name} is not in the archive`);
  }
  assert.ok([...entries.keys()].some((n) => n.startsWith('allure-results/') && n.endsWith('-result.json')));

  // One byte of each file, checked on the entries as read (re-zipping each time costs minutes):
  // every file outside allure-results, and a spread of result and attachment files inside it.
  const names = [...entries.keys()];
  const inResults = (n: string) => n.startsWith('allure-results/');
  const sample = [
    ...names.filter((n) => !inResults(n)),
    ...names.filter((n) => inResults(n) && n.endsWith('-result.json')).slice(0, 12),
    ...names.filter((n) => inResults(n) && n.includes('-attachment')).slice(0, 12),
    ...names.filter((n) => inResults(n) && !n.endsWith('-result.json') && !n.includes('-attachment')),
  ];
  for (const name of sample) {
    if (name === 'manifest.jws') continue;
    const changed = new Map(entries);
    const data = Buffer.from(entries.get(name)!);
    const at = data.length >> 1;
    data[at] = (data[at] ?? 0) ^ 0x01;
    changed.set(name, data);
    const result = await verifyContents({ entries: changed, unreadable: [], duplicates: [] });
    assert.equal(result.ok, false, `a changed byte in ${name} went unnoticed`);
    const named = name === 'manifest.json' || name === 'signing-key.jwk.json' ? 'signature' : name;
    assert.ok(result.problems.some((p) => p.startsWith(`${named}:`)), `${name}: ${result.problems.join('; ')}`);
  }

  const work = tempDir('psd2-tamper-');
  const oneByte = await rewrite(archive, join(work, 'one-byte.zip'), (e) => {
    const data = Buffer.from(e.get('report.html')!);
    data[100] = (data[100] ?? 0) ^ 0x01;
    e.set('report.html', data);
  });
  const r0 = await cli(['verify', oneByte]);
  assert.equal(r0.code, 1);
  assert.match(r0.output, /^FAILED: [^\n]*\n {2}report\.html: content changed/);

  const removed = await rewrite(archive, join(work, 'removed.zip'), (e) => e.delete('coverage.json'));
  const r1 = await cli(['verify', removed]);
  assert.equal(r1.code, 1);
  assert.match(r1.output, /coverage\.json: missing/);

  const added = await rewrite(archive, join(work, 'added.zip'), (e) => e.set('allure-results/extra-result.json', Buffer.from('{}')));
  const r2 = await cli(['verify', added]);
  assert.equal(r2.code, 1);
  assert.match(r2.output, /allure-results\/extra-result\.json: not in the manifest \(added\)/);
});

test('with a trusted key, verify refuses a manifest re-signed with another key', async () => {
  const work = tempDir('psd2-keys-');
  const trusted = await generateKeyPair('ES256', { extractable: true });
  const privateFile = join(work, 'org.private.jwk.json');
  const publicFile = join(work, 'org.public.jwk.json');
  writeFileSync(privateFile, JSON.stringify(await exportJWK(trusted.privateKey)));
  writeFileSync(publicFile, JSON.stringify(await exportJWK(trusted.publicKey)));
  const archive = join(work, 'signed.zip');
  const made = await cli(['archive', '--key', privateFile, '--out', archive], { PSD2_REPORTS: reports });
  assert.equal(made.code, 0, made.output);
  const good = await cli(['verify', archive, '--key', publicFile]);
  assert.equal(good.code, 0, good.output);
  assert.match(good.output, /ES256 .*\(the trusted key\)/);

  // Someone edits a file, fixes its digest in the manifest and signs it with their own key.
  const other = await generateKeyPair('EdDSA', { extractable: true });
  const forged = await rewrite(archive, join(work, 'forged.zip'), (e) => {
    e.set('coverage.json', Buffer.from('{"forged":true}\n'));
    const manifest = JSON.parse(e.get('manifest.json')!.toString('utf8')) as { files: { path: string; sha256: string; size: number }[] };
    const entry = manifest.files.find((f) => f.path === 'coverage.json')!;
    entry.sha256 = sha256(e.get('coverage.json')!);
    entry.size = e.get('coverage.json')!.length;
    e.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
  });
  const { entries } = await readZip(forged);
  const otherPublic = await exportJWK(other.publicKey);
  const jws = await new CompactSign(entries.get('manifest.json')!).setProtectedHeader({ alg: 'EdDSA' }).sign(other.privateKey);
  await rewrite(forged, forged, (e) => {
    e.set('manifest.jws', Buffer.from(jws));
    e.set('signing-key.jwk.json', Buffer.from(JSON.stringify(otherPublic)));
  });
  const refused = await cli(['verify', forged, '--key', publicFile]);
  assert.equal(refused.code, 1, refused.output);
  assert.match(refused.output, /signature: manifest\.jws does not verify with the trusted key/);
});

test('no secret the run used appears in the archive or anywhere under the reports folder', async () => {
  const profile = loadProfile(join(repoRoot, 'fixtures/aspsps/reference.yaml'));
  assert.ok(profile.secrets.length >= 2);
  const texts: [string, string][] = [];
  const blobsOf = (raw: string) => (raw.match(/[A-Za-z0-9+/]{40,}={0,2}/g) ?? []).map((b) => Buffer.from(b, 'base64').toString('latin1'));
  for (const file of readdirSync(reports, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
    const path = join(file.parentPath, file.name);
    if (path.endsWith('.zip')) {
      for (const [name, data] of (await readZip(path)).entries) {
        const raw = data.toString('latin1');
        for (const t of [raw, ...blobsOf(raw)]) texts.push([`${path}:${name}`, t]);
      }
    } else {
      const raw = readFileSync(path).toString('latin1');
      for (const t of [raw, ...blobsOf(raw)]) texts.push([path, t]);
    }
  }
  assert.ok(texts.some(([where]) => where.endsWith(':report.html')), 'the scan did not reach into an archive');
  for (const [where, text] of texts) {
    profile.secrets.forEach((secret, i) => {
      // As a value, as the redactor sees one: a 6-digit OTP inside a millisecond timestamp is not the OTP.
      for (const form of [secret, encodeURIComponent(secret)]) {
        const at = wholeValue(form).exec(text)?.index;
        // Which one, by its place in the profile's list and its length: the message must not hold it either.
        assert.equal(at, undefined, `secret #${i} (${secret.length} characters) appears in ${where} at ${at}`);
      }
    });
  }
});

function wholeValue(value: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`);
}

/** Every line of a run's report.sha256 holds for the files as they are now. */
function manifestHolds(dir: string): void {
  const lines = readFileSync(join(dir, 'report.sha256'), 'utf8').trim().split('\n');
  assert.ok(lines.some((l) => l.endsWith('  allure-report/index.html')));
  for (const line of lines) {
    const [digest, file] = [line.slice(0, 64), line.slice(66)];
    assert.equal(sha256(readFileSync(join(dir, file))), digest, `${dir}: ${file} changed`);
  }
}

test('a second run (here through npx playwright test) writes its own folder; the first is untouched; latest names the newest', async () => {
  const first = run;
  const child = spawn(process.execPath, [join(repoRoot, 'node_modules/@playwright/test/cli.js'), 'test', '--grep', 'without-request-id'], {
    cwd: repoRoot,
    env: { ...process.env, PSD2_REPORTS: reports, PSD2_SANDBOX_PORT: String(await freePort()) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  assert.equal(code, 0, output);

  const runs = listRuns(reports);
  assert.equal(runs.length, 2);
  const second = latestRunDir(reports);
  assert.notEqual(second, first);
  assert.equal(second, runs[1]!.dir);
  for (const dir of [first, second]) {
    for (const f of ['allure-report/index.html', 'summary.json', 'coverage.html', 'coverage.json', 'junit.xml', 'requests.log', 'profile.yaml', 'run.json']) {
      assert.ok(existsSync(join(dir, f)), `${dir} has no ${f}`);
    }
    manifestHolds(dir);
  }
  const secondSummary = JSON.parse(readFileSync(join(second, 'summary.json'), 'utf8')) as { cases: unknown[] };
  assert.equal(secondSummary.cases.length, 1);
  assert.match(readFileSync(join(second, 'junit.xml'), 'utf8'), /<testsuites[^>]*tests="1"/);
});
