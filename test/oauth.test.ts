import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBank } from '../src/sandbox/server.ts';
import { cli, latestRunDir, repoRoot, tempDir } from './helpers/cli.ts';
import { evidenceTexts, holdsSecret } from './helpers/evidence-texts.ts';

/**
 * OAuth-protected banks end to end: the reference ASPSP with --require-token, the harness with a
 * profile whose API needs the token (the pre-step), and with a profile that has no oauth: at all.
 */

interface Summary {
  rules: { id: string; verdict: string }[];
  cases: { title: string; status: string; inconclusive: { ruleId: string; reason: string }[] }[];
}

/** A reference ASPSP in this process, so the test sees every token, refresh token and code it issues. */
async function protectedBank(): Promise<{ url: string; issued: Set<string>; close(): Promise<void> }> {
  const { listener } = createBank({ oauth: { requireToken: true } });
  const issued = new Set<string>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) => {
      if (name.toLowerCase() === 'location') {
        const code = new URL(String(value), 'http://bank.localhost').searchParams.get('code');
        if (code) issued.add(code);
      }
      return setHeader(name, value);
    };
    const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
    res.end = ((chunk?: unknown) => {
      if (chunk !== undefined && req.url?.startsWith('/oauth/token')) {
        try {
          const body = JSON.parse(String(chunk)) as Record<string, unknown>;
          for (const key of ['access_token', 'refresh_token']) if (typeof body[key] === 'string') issued.add(body[key]);
        } catch {
          // Not a token response.
        }
      }
      return end(chunk);
    }) as typeof res.end;
    listener(req, res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    issued,
    close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
  };
}

function profileFor(url: string, dir: string, edit: (text: string) => string): string {
  const text = readFileSync(join(repoRoot, 'fixtures/aspsps/reference.yaml'), 'utf8')
    .replace(/^baseUrl:.*$/m, `baseUrl: ${url}`)
    .replace('$schema=./profile.schema.json', `$schema=${join(repoRoot, 'fixtures/aspsps/profile.schema.json')}`);
  const file = join(dir, 'profile.yaml');
  writeFileSync(file, edit(text));
  return file;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

test('oauth.api: true — every request gets a bearer token from the OAuth pre-step; no token, code or verifier reaches the run folder', async () => {
  const bank = await protectedBank();
  const dir = tempDir('psd2-oauth-api-');
  try {
    const profile = profileFor(bank.url, dir, (t) => t.replace(/^  api: false$/m, '  api: true'));
    const { code, output } = await cli(
      ['run', 'suites/ais/consent-redirect.yaml', 'suites/oauth/tokens.yaml', '--grep', 'consent-approved|refresh-token-rotated|token-expired', '--profile', profile, '--no-report', '--trace', 'on'],
      { PSD2_REPORTS: dir },
    );
    assert.equal(code, 0, output);
    assert.ok(bank.issued.size >= 4, `the bank issued only ${bank.issued.size} tokens and codes`);
    const run = latestRunDir(dir);
    let traces = 0;
    for (const file of filesUnder(run)) {
      // Attached browser traces are zip archives: every entry is scanned.
      const scanned = await evidenceTexts(readFileSync(file));
      traces += scanned.traces;
      for (const text of scanned.texts) {
        for (const secret of bank.issued) assert.ok(!text.includes(secret), `${file} holds a token or code the bank issued`);
        assert.doesNotMatch(text, /code_verifier=(?!\[REDACTED\])[A-Za-z0-9_-]{20,}/, `${file} holds a PKCE verifier`);
        assert.ok(!text.includes('Sandbox-Client-Secret-4821'), `${file} holds the client secret`);
        assert.ok(!text.includes('Sandbox-Pass-7319'), `${file} holds the PSU's password`);
        assert.ok(!holdsSecret(text, '583021'), `${file} holds the PSU's OTP`);
      }
    }
    assert.ok(traces > 0, 'no browser trace in the run folder: the scan never looked inside one');
  } finally {
    await bank.close();
  }
});

test('a bank that wants a token and a profile without oauth: no rule is failed; the cases are inconclusive (CREDENTIALS) or not applicable, with the reason', async () => {
  const bank = await protectedBank();
  const dir = tempDir('psd2-oauth-none-');
  try {
    const profile = profileFor(bank.url, dir, (t) => t.slice(0, t.indexOf('\n# The bank\'s OAuth2 authorisation server')));
    const { code, output } = await cli(['run', 'suites/ais/consent-redirect.yaml', 'suites/oauth/tokens.yaml', '--profile', profile, '--no-report'], { PSD2_REPORTS: dir });
    assert.notEqual(code, 0, output);
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as Summary;
    assert.deepEqual(summary.rules.filter((r) => r.verdict === 'failed').map((r) => r.id), [], output);
    assert.ok(summary.rules.some((r) => r.id === 'AIS-CONSENT-CREATE' && r.verdict === 'inconclusive'), output);
    const reasons = summary.cases.flatMap((c) => c.inconclusive.map((i) => i.reason)).join('\n');
    assert.match(reasons, /wants an access token, and the profile gives the harness none/);
    assert.equal(summary.rules.find((r) => r.id === 'OAUTH-TOKEN-EXPIRY')?.verdict, 'not applicable');
    const run = latestRunDir(dir);
    assert.ok(
      filesUnder(run).some((f) => readFileSync(f, 'utf8').includes('not applicable: needs OAuth')),
      'the run folder gives no reason for the OAuth cases being not applicable',
    );
  } finally {
    await bank.close();
  }
});
