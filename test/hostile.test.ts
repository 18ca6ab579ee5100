import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { cli, latestRunDir, repoRoot, tempDir } from './helpers/cli.ts';

/** A "bank" that answers HTML to everything, or nothing at all: findings and a complete report, never a crash. */
async function withHtmlBank<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const server = createServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'text/html' });
    res.end('<html><body>Something went wrong</body></html>');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    return await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.close();
  }
}

function profileAt(url: string): { file: string; reports: string } {
  const dir = tempDir('psd2-hostile-');
  const text = readFileSync(join(repoRoot, 'fixtures/aspsps/reference.yaml'), 'utf8').replace(/^baseUrl:.*$/m, `baseUrl: ${url}`);
  writeFileSync(join(dir, 'profile.yaml'), text);
  return { file: join(dir, 'profile.yaml'), reports: join(dir, 'reports') };
}

test('an ASPSP answering HTML 500s fails on the spec rules, and the run still writes its summary', async () => {
  await withHtmlBank(async (url) => {
    const { file, reports } = profileAt(url);
    const { code, output } = await cli(['run', '--profile', file, '--no-report'], { PSD2_REPORTS: reports });
    assert.notEqual(code, 0);
    assert.match(output, /\[BG-OAS-HEADERS\] createConsent 500: required response header X-Request-ID is missing/);
    assert.match(output, /\[AIS-CONSENT-CREATE\] createConsent 500: status should be 201, got 500/);
    assert.match(output, /case stopped \(CAPTURE_MISSING\): cannot go on without 'consentId'/);
    assert.ok(existsSync(join(latestRunDir(reports), 'summary.json')));
  });
});

test('an unreachable ASPSP stops each case naming the request, rules stay inconclusive', async () => {
  const { file, reports } = profileAt('http://127.0.0.1:9');
  const { code, output } = await cli(['run', '--profile', file, '--grep', 'without-request-id', '--no-report'], { PSD2_REPORTS: reports });
  assert.notEqual(code, 0);
  assert.match(output, /case stopped \(ASPSP_TRANSPORT\): POST http:\/\/127\.0\.0\.1:9\/v1\/consents: unreachable/);
  const summary = JSON.parse(readFileSync(join(latestRunDir(reports), 'summary.json'), 'utf8')) as { rules: { id: string; verdict: string }[] };
  assert.equal(summary.rules.find((r) => r.id === 'HDR-XREQID-REQUIRED')?.verdict, 'inconclusive');
});
