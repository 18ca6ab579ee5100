import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProfile } from '../src/profile/load.ts';
import type { ScaDriver } from '../src/sca/types.ts';
import { CaseStopError } from '../src/steps/errors.ts';
import { scaStep } from '../src/steps/sca.ts';
import type { ScaStep } from '../src/suite/types.ts';
import { repoRoot } from './helpers/cli.ts';
import { noEvidence, scriptedContext } from './helpers/step-context.ts';

/** The SCA link as the bank gives it: full, relative (the IG lets the ASPSP choose), or not a web page at all. */

const reference = loadProfile(join(repoRoot, 'fixtures/aspsps/reference.yaml'));
const profile = { ...reference, baseUrl: 'https://api.bank.example/psd2' };
const step: ScaStep = { kind: 'sca', at: { file: '/suites/x.yaml', line: 1, column: 1 }, link: '${scaRedirect}', outcome: 'approve', rule: 'SCA-REDIRECT-OK' };

function bankWith(scaRedirect: string) {
  const opened: string[] = [];
  const sca: ScaDriver = {
    open: async (link) => {
      opened.push(link);
      return {
        perform: async () => ({ image: Buffer.alloc(0), when: 'as shown' as const }),
        reload: async () => {},
        returned: () => profile.tpp.redirectUri,
        returnedTo: async () => profile.tpp.redirectUri,
        describe: async () => '',
        pageErrors: () => [],
        trace: async () => undefined,
        close: async () => {},
      };
    },
  };
  return { opened, ...scriptedContext({ profile, answer: () => ({ status: 200, headers: {}, body: {}, text: '{}', bytes: Buffer.alloc(0), durationMs: 1 }), vars: { scaRedirect }, sca }) };
}

test('a relative SCA link opens on the bank\'s host; a full one as it is', async () => {
  const links: readonly (readonly [string, string])[] = [
    ['/sca/login?session=s1', 'https://api.bank.example/sca/login?session=s1'],
    ['https://sca.bank.example/login', 'https://sca.bank.example/login'],
  ];
  for (const [href, url] of links) {
    const { ctx, opened, findings } = bankWith(href);
    await scaStep.run(step, ctx, noEvidence);
    assert.deepEqual(opened, [url]);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.passed]), [['SCA-REDIRECT-OK', true]]);
  }
});

test('an app link (app-to-app SCA) cannot be opened by a browser: the case stops, the bank is not failed', async () => {
  const { ctx, opened, findings } = bankWith('bankapp://authorise?session=s1');
  await assert.rejects(scaStep.run(step, ctx, noEvidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED' && /bankapp:\/\/authorise\S* is not a web page/.test(e.message) && !e.message.includes('s1'));
  assert.deepEqual(opened, []);
  assert.deepEqual(findings, []);
});
