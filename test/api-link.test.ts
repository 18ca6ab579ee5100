import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProfile } from '../src/profile/load.ts';
import { apiLinkUrl } from '../src/steps/api-link.ts';
import { CaseStopError } from '../src/steps/errors.ts';
import { pagesStep } from '../src/steps/pages.ts';
import { repoRoot, tempDir } from './helpers/cli.ts';
import { noEvidence, scriptedContext } from './helpers/step-context.ts';

/** The bank's API links are followed with the TPP's credentials: only to the bank's own API. */

const profile = { ...loadProfile(join(repoRoot, 'fixtures/aspsps/reference.yaml')), baseUrl: 'https://api.bank.example/psd2' };
const at = { file: '/suites/x.yaml', line: 1, column: 1 };
const refused = (e: unknown) => e instanceof CaseStopError && e.code === 'LINK_REFUSED' && /points to https:\/\/collector\.example/.test(e.message);

test('a link to the bank\'s own API is followed, relative or full', () => {
  const { ctx } = scriptedContext({ profile, answer: () => { throw new Error('nothing is sent'); } });
  assert.equal(apiLinkUrl('/v1/accounts?page=2', ctx, at, 'next'), 'https://api.bank.example/psd2/v1/accounts?page=2');
  assert.equal(apiLinkUrl('https://api.bank.example:443/psd2/v1/accounts', ctx, at, 'next'), 'https://api.bank.example:443/psd2/v1/accounts', 'the default port is the same origin');
});

test('a link to another host is not followed: the case stops, naming the host, and nothing is sent there', async () => {
  const { ctx, sent } = scriptedContext({ profile, answer: () => { throw new Error('nothing is sent'); } });
  assert.throws(() => apiLinkUrl('https://collector.example/v1/accounts', ctx, at, 'next'), refused);
  const body = { accounts: [{ resourceId: 'a1' }], _links: { next: { href: 'https://collector.example/v1/accounts?page=2' } } };
  ctx.state.last = {
    request: { method: 'GET', url: 'https://api.bank.example/psd2/v1/accounts', headers: {} },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body, text: JSON.stringify(body), bytes: Buffer.from(JSON.stringify(body)), durationMs: 1 },
  };
  await assert.rejects(pagesStep.run({ kind: 'pages', at, rule: 'AIS-TX-PAGING', items: ['/accounts'], id: '/resourceId', links: '/_links' }, ctx, noEvidence), refused);
  assert.deepEqual(sent, []);
});

test('an origin the profile lists under linkOrigins is the bank\'s too: its links are followed', () => {
  const { ctx } = scriptedContext({ profile: { ...profile, linkOrigins: ['https://psd2-api.bank.example'] }, answer: () => { throw new Error('nothing is sent'); } });
  assert.equal(apiLinkUrl('https://psd2-api.bank.example/v1/accounts?page=2', ctx, at, 'next'), 'https://psd2-api.bank.example/v1/accounts?page=2');
  assert.throws(() => apiLinkUrl('https://collector.example/v1/accounts', ctx, at, 'next'), refused);
});

test('linkOrigins in a profile file: each an origin, kept in the browser\'s normal form', () => {
  const file = join(tempDir('psd2-link-origins-'), 'bank.yaml');
  writeFileSync(file, `${readFileSync(join(repoRoot, 'fixtures/aspsps/reference.yaml'), 'utf8')}\nlinkOrigins: [https://PSD2-api.bank.example:443]\n`);
  assert.deepEqual(loadProfile(file).linkOrigins, ['https://psd2-api.bank.example']);
});
