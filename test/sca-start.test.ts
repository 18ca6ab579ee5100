import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { AspspTransportError } from '../src/http/errors.ts';
import type { AspspRequest, AspspResponse } from '../src/http/types.ts';
import { loadProfile } from '../src/profile/load.ts';
import type { ScaDriver } from '../src/sca/types.ts';
import { CaseStopError } from '../src/steps/errors.ts';
import { scaStep } from '../src/steps/sca.ts';
import { startAuthorisationStep } from '../src/steps/start-authorisation.ts';
import type { ScaStep, StartAuthorisationStep } from '../src/suite/types.ts';
import { repoRoot } from './helpers/cli.ts';
import { noEvidence, response, scriptedContext } from './helpers/step-context.ts';

/**
 * Implicit and explicit start of the authorisation (an implementer option): the sca step with
 * `links:` follows the bank's scaRedirect, or first POSTs its startAuthorisation link, judged under
 * SCA-START-AUTHORISATION. Driven over a scripted bank and browser.
 */

const profile = loadProfile(join(repoRoot, 'fixtures/aspsps/reference.yaml'));
const at = { file: '/suites/x.yaml', line: 1, column: 1 };
const SCA_PAGE = 'https://bank.localhost/sca/a-1';
const START = '/v1/consents/c-1/authorisations';

/** A browser whose every journey returns the PSU to the TPP's redirect URI; it logs the links opened. */
function browser(opened: string[]): ScaDriver {
  return {
    open: async (link) => {
      opened.push(link);
      return {
        perform: async () => ({ image: Buffer.alloc(0), when: 'as shown' as const }),
        reload: async () => {},
        returned: () => undefined,
        returnedTo: async () => profile.tpp.redirectUri,
        describe: async () => 'on the bank page',
        pageErrors: () => [],
        trace: async () => undefined,
        close: async () => {},
      };
    },
  };
}

function bank(links: unknown, answer: (req: AspspRequest) => AspspResponse | Promise<AspspResponse>) {
  const opened: string[] = [];
  return { ...scriptedContext({ profile, answer, vars: { links }, sca: browser(opened) }), opened };
}

const started = (links: Record<string, unknown> = { scaRedirect: { href: SCA_PAGE }, scaStatus: { href: `${START}/a-1` } }) =>
  response(201, { scaStatus: 'received', authorisationId: 'a-1', _links: links });
const approve: ScaStep = { kind: 'sca', at, links: '${links}', outcome: 'approve', rule: 'SCA-REDIRECT-OK' };
const verdicts = (findings: readonly { ruleId: string; passed: boolean }[]) => findings.map((f) => `${f.ruleId} ${f.passed ? 'passed' : 'failed'}`);

test('implicit start: the links offer scaRedirect, the PSU goes there and nothing is POSTed', async () => {
  const { ctx, sent, findings, opened } = bank({ scaRedirect: { href: SCA_PAGE }, startAuthorisation: { href: START } }, () => assert.fail('no request expected'));
  await scaStep.run(approve, ctx, noEvidence);
  assert.deepEqual(sent, []);
  assert.deepEqual(opened, [SCA_PAGE]);
  assert.deepEqual(verdicts(findings), ['SCA-REDIRECT-OK passed']);
});

test('explicit start: the TPP POSTs the startAuthorisation link (relative to the API) with the PSU and its redirect URIs, the start is judged, the PSU goes to the scaRedirect of its answer', async () => {
  const { ctx, sent, findings, opened } = bank({ startAuthorisation: { href: START } }, () => started());
  await scaStep.run(approve, ctx, noEvidence);
  assert.equal(sent.length, 1);
  const [post] = sent;
  assert.equal(post!.method, 'POST');
  assert.equal(post!.url, `${profile.baseUrl.replace(/\/$/, '')}${START}`);
  assert.equal(post!.headers['PSU-ID'], profile.psu['id']);
  assert.equal(post!.headers['TPP-Redirect-URI'], profile.tpp.redirectUri);
  assert.equal(post!.headers['TPP-Nok-Redirect-URI'], profile.tpp.nokRedirectUri);
  assert.ok(post!.headers['X-Request-ID']);
  assert.deepEqual(opened, [SCA_PAGE]);
  assert.deepEqual(verdicts(findings), [...Array(4).fill('SCA-START-AUTHORISATION passed'), 'SCA-REDIRECT-OK passed']);
});

test('explicit start with PSU identification: the step\'s headers go over the defaults', async () => {
  const { ctx, sent } = bank({ startAuthorisationWithPsuIdentification: { href: START } }, () => started());
  await scaStep.run({ ...approve, headers: { 'PSU-ID': 'PSU-9', 'TPP-Nok-Redirect-URI': null } }, ctx, noEvidence);
  assert.equal(sent[0]!.headers['PSU-ID'], 'PSU-9');
  assert.equal(sent[0]!.headers['TPP-Nok-Redirect-URI'], undefined);
});

test('explicit start answered without an scaRedirect link fails SCA-START-AUTHORISATION; the PSU never gets a page, so the journey is not judged', async () => {
  const { ctx, findings, opened } = bank({ startAuthorisation: { href: START } }, () => started({ scaStatus: { href: `${START}/a-1` } }));
  await assert.rejects(scaStep.run(approve, ctx, noEvidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED' && /SCA-START-AUTHORISATION failed/.test(e.message));
  assert.deepEqual(opened, []);
  const failed = findings.filter((f) => !f.passed);
  assert.deepEqual(failed.map((f) => [f.ruleId, f.where]), [['SCA-START-AUTHORISATION', '/_links/scaRedirect/href']]);
  assert.ok(!findings.some((f) => f.ruleId === 'SCA-REDIRECT-OK'));
});

test('explicit start answered 400 fails the rule on its status and missing members', async () => {
  const { ctx, findings } = bank({ startAuthorisation: { href: START } }, () => response(400, { tppMessages: [{ category: 'ERROR', code: 'FORMAT_ERROR' }] }));
  await assert.rejects(scaStep.run(approve, ctx, noEvidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED');
  assert.deepEqual(findings.filter((f) => !f.passed).map((f) => f.where), ['status', '/scaStatus', '/authorisationId', '/_links/scaRedirect/href']);
});

test('explicit start not answered is not the bank\'s failure: a transport stop, no finding', async () => {
  const { ctx, findings } = bank({ startAuthorisation: { href: START } }, () => {
    throw new AspspTransportError('ASPSP_TIMEOUT', 'POST /v1/consents/c-1/authorisations', 'no answer in 10 s');
  });
  await assert.rejects(scaStep.run(approve, ctx, noEvidence), (e: unknown) => e instanceof CaseStopError && e.code === 'ASPSP_TRANSPORT');
  assert.deepEqual(findings, []);
});

test('links without scaRedirect or a start link leave nothing to follow: not captured (the creation\'s check judges it), no request', async () => {
  const { ctx, sent, findings } = bank({ self: { href: '/v1/consents/c-1' } }, () => assert.fail('no request expected'));
  await assert.rejects(scaStep.run(approve, ctx, noEvidence), (e: unknown) => e instanceof CaseStopError && e.code === 'CAPTURE_MISSING' && /its links: self/.test(e.message));
  assert.deepEqual([sent, findings], [[], []]);
});

test('a start that wants the PSU\'s password is embedded SCA, not a redirect: a stop, no request', async () => {
  // The OAS spells the method-selection link two ways; a bank may use either.
  for (const name of ['startAuthorisationWithPsuAuthentication', 'startAuthorisationWithAuthentciationMethodSelection', 'startAuthorisationWithProprietaryData']) {
    const { ctx, sent } = bank({ [name]: { href: START } }, () => assert.fail('no request expected'));
    await assert.rejects(scaStep.run(approve, ctx, noEvidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED' && new RegExp(`${name}.*embedded`).test(e.message));
    assert.deepEqual(sent, [], name);
  }
});

test('start-authorisation step: after an implicit start it sends nothing; where the bank asks, it POSTs the start and judges it', async () => {
  const step: StartAuthorisationStep = { kind: 'start-authorisation', at, links: '${links}' };
  const implicit = bank({ scaRedirect: { href: SCA_PAGE } }, () => assert.fail('no request expected'));
  await startAuthorisationStep.run(step, implicit.ctx, noEvidence);
  assert.deepEqual([implicit.sent, implicit.findings], [[], []]);

  const explicit = bank({ startAuthorisation: { href: START } }, () => started());
  await startAuthorisationStep.run(step, explicit.ctx, noEvidence);
  assert.equal(explicit.sent.length, 1);
  assert.deepEqual(explicit.opened, []);
  assert.deepEqual(verdicts(explicit.findings), Array(4).fill('SCA-START-AUTHORISATION passed'));
});

test('start-authorisation with as: the sca step after it goes to the started authorisation\'s page, and no second one is started', async () => {
  const start: StartAuthorisationStep = { kind: 'start-authorisation', at, links: '${links}', as: 'scaLinks' };
  const sca: ScaStep = { ...approve, links: '${scaLinks}' };
  for (const links of [{ scaRedirect: { href: SCA_PAGE } }, { startAuthorisation: { href: START } }]) {
    const b = bank(links, () => started());
    await startAuthorisationStep.run(start, b.ctx, noEvidence);
    await scaStep.run(sca, b.ctx, noEvidence);
    assert.equal(b.sent.length, 'startAuthorisation' in links ? 1 : 0, 'one start at most');
    assert.deepEqual(b.opened, [SCA_PAGE]);
  }
});

// Decoupled SCA: the link to go on with is scaStatus (to poll), not scaRedirect.
const STATUS = `${START}/a-7`;
const decoupled: ScaStep = { kind: 'sca', at, approach: 'decoupled', links: '${links}', outcome: 'approve', rule: 'SCA-DECOUPLED-STATUS' };
const decoupledStarted = (links: Record<string, unknown> = { scaStatus: { href: STATUS } }) =>
  response(201, { scaStatus: 'started', authorisationId: 'a-7', psuMessage: 'Please confirm in your app.', _links: links });
/** The bank's start answer on POST, the authorisation finalised on every poll. */
const decoupledBank = (answer: AspspResponse) => (req: AspspRequest) => (req.method === 'POST' ? answer : response(200, { scaStatus: 'finalised' }));

test('decoupled, implicit start: the links offer scaStatus; the PSU answers in the app for its authorisation and the TPP polls it, nothing POSTed', async () => {
  const { ctx, sent, findings, opened } = bank({ scaStatus: { href: `${START}/a-3` }, self: { href: '/v1/consents/c-1' } }, decoupledBank(decoupledStarted()));
  await scaStep.run(decoupled, ctx, noEvidence);
  assert.deepEqual(sent.map((r) => `${r.method} ${new URL(r.url).pathname}`), [`GET ${START}/a-3`]);
  assert.equal(opened.length, 1);
  assert.match(opened[0]!, /\/a-3$/);
  assert.deepEqual(verdicts(findings), ['SCA-DECOUPLED-STATUS passed']);
});

test('decoupled, explicit start: the TPP POSTs the start preferring decoupled (PSU-ID, no redirect URIs), it is judged on its scaStatus link, the app opens for its authorisationId and the TPP polls that link', async () => {
  const { ctx, sent, findings, opened } = bank({ startAuthorisation: { href: START } }, decoupledBank(decoupledStarted()));
  await scaStep.run(decoupled, ctx, noEvidence);
  assert.deepEqual(sent.map((r) => `${r.method} ${new URL(r.url).pathname}`), [`POST ${START}`, `GET ${STATUS}`]);
  const post = sent[0]!;
  assert.equal(post.headers['TPP-Decoupled-Preferred'], 'true');
  assert.equal(post.headers['PSU-ID'], profile.psu['id']);
  assert.equal(post.headers['TPP-Redirect-Preferred'], undefined);
  assert.equal(post.headers['TPP-Redirect-URI'], undefined);
  assert.match(opened[0]!, /\/a-7$/);
  assert.deepEqual(verdicts(findings), [...Array(4).fill('SCA-START-AUTHORISATION passed'), 'SCA-DECOUPLED-STATUS passed']);
});

test('decoupled, explicit start answered without a scaStatus link fails SCA-START-AUTHORISATION (an scaRedirect is not asked for); the PSU is never asked, nothing polled', async () => {
  const { ctx, sent, findings, opened } = bank({ startAuthorisation: { href: START } }, decoupledBank(decoupledStarted({ scaRedirect: { href: SCA_PAGE } })));
  await assert.rejects(scaStep.run(decoupled, ctx, noEvidence), (e: unknown) => e instanceof CaseStopError && e.code === 'SCA_NOT_COMPLETED' && /no authorisation to poll/.test(e.message));
  assert.deepEqual([sent.length, opened], [1, []]);
  assert.deepEqual(findings.filter((f) => !f.passed).map((f) => [f.ruleId, f.where]), [['SCA-START-AUTHORISATION', '/_links/scaStatus/href']]);
  assert.ok(!findings.some((f) => f.ruleId === 'SCA-DECOUPLED-STATUS'));
});

test('start-authorisation step, approach decoupled: nothing to start when the links offer scaStatus; where the bank asks, the start prefers decoupled and is judged on its scaStatus link', async () => {
  const step: StartAuthorisationStep = { kind: 'start-authorisation', at, links: '${links}', approach: 'decoupled', as: 'started' };
  const implicit = bank({ scaStatus: { href: STATUS } }, () => assert.fail('no request expected'));
  await startAuthorisationStep.run(step, implicit.ctx, noEvidence);
  assert.deepEqual([implicit.sent, implicit.findings], [[], []]);

  const explicit = bank({ startAuthorisation: { href: START } }, decoupledBank(decoupledStarted()));
  await startAuthorisationStep.run(step, explicit.ctx, noEvidence);
  assert.equal(explicit.sent[0]?.headers['TPP-Decoupled-Preferred'], 'true');
  assert.deepEqual(verdicts(explicit.findings), Array(4).fill('SCA-START-AUTHORISATION passed'));
  assert.deepEqual(explicit.ctx.state.vars.get('started'), { scaStatus: { href: STATUS } });
});
