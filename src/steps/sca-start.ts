import { randomUUID } from 'node:crypto';
import type { ScaStep } from '../suite/types.ts';
import type { Finding } from '../rules/types.ts';
import type { AspspRequest } from '../http/types.ts';
import { apiPath, hrefOf } from '../http/links.ts';
import { EMBEDDED_START_LINKS, PLAIN_START_LINKS, PROPRIETARY_START_LINKS } from '../rules/start-links.ts';
import { apiLinkUrl } from './api-link.ts';
import { attachExchange, attachJson } from '../report/attach.ts';
import { getByPointer } from '../util/json-pointer.ts';
import { show } from '../util/show.ts';
import { CaseStopError } from './errors.ts';
import { sendOrStop } from './send.ts';
import { missingCredentials } from './credentials.ts';
import { mergeHeaders } from './request.ts';
import { resolveTemplates } from './resolve.ts';
import type { StepContext } from './types.ts';

/** The rule an explicit start is judged under (src/rules/catalog/sca.ts). */
export const START_RULE = 'SCA-START-AUTHORISATION';

/**
 * The start links a redirect or decoupled journey can follow (the TPP sends at most the PSU's
 * identity), and those it cannot: the PSU's password, a chosen method or an OTP (embedded SCA),
 * or data of the bank's own making.
 */
const PLAIN_STARTS = PLAIN_START_LINKS;
const OTHER_STARTS = [...EMBEDDED_START_LINKS, ...PROPRIETARY_START_LINKS];

/** What an explicit start needs of its step: the bank's links, extra headers, where it is written. */
export type StartInput = Pick<ScaStep, 'links' | 'headers' | 'at'>;

/**
 * The SCA approach the started authorisation goes on with, and so the link its answer must give:
 * the PSU's browser goes to scaRedirect (redirect), the TPP polls scaStatus while the PSU answers
 * in the bank's app (decoupled).
 */
export type StartApproach = 'redirect' | 'decoupled';
const NEXT_LINK: Readonly<Record<StartApproach, { readonly name: string; readonly what: string }>> = {
  redirect: { name: 'scaRedirect', what: 'a link to the SCA page' },
  decoupled: { name: 'scaStatus', what: 'a link to poll the scaStatus' },
};

/**
 * The URL of the bank's SCA page for a redirect sca step. With `link:` it is that template; with
 * `links:` (the creation response's `_links`) the step follows what the bank offers: its
 * scaRedirect when it started the authorisation implicitly, or else its startAuthorisation link,
 * POSTed first as the TPP would (judged under SCA-START-AUTHORISATION), then the scaRedirect of
 * that answer. Never a guessed URL.
 */
export async function scaRedirectOf(step: ScaStep, ctx: StepContext): Promise<unknown> {
  if (step.links === undefined) return resolveTemplates(step.link, ctx, step.at);
  const links = linksOf(step, ctx);
  const redirect = hrefOf(links, 'scaRedirect');
  if (redirect !== undefined) return redirect;
  const [name, href] = startLinkOf(links, step);
  return (await startAuthorisation(step, ctx, name, apiLinkUrl(href, ctx, step.at, `the bank's ${name} link`), 'redirect')).href;
}

/**
 * The scaStatus link a decoupled sca step polls, and the authorisation's id when the bank told it.
 * With `link:` it is that template; with `links:` the creation's scaStatus link when the bank
 * started the authorisation implicitly, or else the start link, POSTed first with the TPP's
 * preference for decoupled SCA (judged under SCA-START-AUTHORISATION), then the scaStatus link and
 * authorisationId of that answer.
 */
export async function scaStatusOf(step: ScaStep, ctx: StepContext): Promise<{ readonly url: string; readonly authorisationId?: string }> {
  if (step.links === undefined) {
    return { url: apiLinkUrl(String(resolveTemplates(step.link, ctx, step.at)), ctx, step.at, "the authorisation's scaStatus link") };
  }
  const links = linksOf(step, ctx);
  const status = hrefOf(links, 'scaStatus');
  if (status !== undefined) return { url: apiLinkUrl(status, ctx, step.at, "the authorisation's scaStatus link") };
  const [name, href] = startLinkOf(links, step, 'decoupled');
  const started = await startAuthorisation(step, ctx, name, apiLinkUrl(href, ctx, step.at, `the bank's ${name} link`), 'decoupled');
  return { url: apiLinkUrl(started.href, ctx, step.at, "the started authorisation's scaStatus link"), authorisationId: started.authorisationId };
}

/**
 * The start-authorisation step: the TPP starts the authorisation where the bank asks it to
 * (explicit start), judged as the sca step judges it; after an implicit start (the links offer
 * scaRedirect, or for decoupled scaStatus) there is nothing to start. Returns whether it started
 * one, and the links the PSU's SCA then follows (the start's answer, or the given links).
 */
export async function startIfAsked(step: StartInput, ctx: StepContext, approach: StartApproach = 'redirect'): Promise<{ readonly started: boolean; readonly links: object }> {
  const links = linksOf(step, ctx);
  if (hrefOf(links, NEXT_LINK[approach].name) !== undefined) return { started: false, links };
  const [name, href] = startLinkOf(links, step, approach);
  return { started: true, links: (await startAuthorisation(step, ctx, name, apiLinkUrl(href, ctx, step.at, `the bank's ${name} link`), approach)).links };
}

function linksOf(step: StartInput, ctx: StepContext): object {
  const links = resolveTemplates(step.links, ctx, step.at);
  if (links === null || typeof links !== 'object' || Array.isArray(links)) {
    // Captured from the bank's answer, so not the suite's mistake: the creation's own check judged that answer.
    throw new CaseStopError('CAPTURE_MISSING', `links must be the _links object of the bank's answer (capture: { links: /_links }), got ${show(links)}`, step.at);
  }
  return links;
}

/** The start link a redirect or decoupled journey can follow, or why there is none. */
function startLinkOf(links: object, step: StartInput, approach: StartApproach = 'redirect'): [string, string] {
  for (const name of PLAIN_STARTS) {
    const href = hrefOf(links, name);
    if (href !== undefined) return [name, href];
  }
  const other = OTHER_STARTS.find((name) => hrefOf(links, name) !== undefined);
  if (other) {
    throw new CaseStopError('SCA_NOT_COMPLETED', `the bank asks to start the authorisation with ${other}, which sends the PSU's credentials, chosen method or data of the bank's own (embedded or proprietary SCA), not ${approach} SCA`, step.at);
  }
  // The creation's own check judges a response without an SCA link; nothing is left to follow here.
  const names = Object.keys(links).join(', ') || 'none';
  throw new CaseStopError('CAPTURE_MISSING', `the bank's answer links neither ${NEXT_LINK[approach].name} nor ${PLAIN_STARTS.join(' nor ')} (its links: ${names})`, step.at);
}

/** The TPP's preference sent with the start: the approach it goes on with (OAS: both headers are start parameters). */
function preferenceHeaders(ctx: StepContext, approach: StartApproach): Record<string, string> {
  const id = ctx.profile.psu['id'];
  const psu: Record<string, string> = id ? { 'PSU-ID': id } : {};
  if (approach === 'decoupled') return { ...psu, 'TPP-Decoupled-Preferred': 'true' };
  const { redirectUri, nokRedirectUri } = ctx.profile.tpp;
  return { ...psu, 'TPP-Redirect-Preferred': 'true', 'TPP-Redirect-URI': redirectUri, ...(nokRedirectUri ? { 'TPP-Nok-Redirect-URI': nokRedirectUri } : {}) };
}

/**
 * The TPP's POST on the start link: its answer judged against the spec and under
 * SCA-START-AUTHORISATION, the link to go on with as the approach needs it (NEXT_LINK).
 */
async function startAuthorisation(
  step: StartInput,
  ctx: StepContext,
  name: string,
  url: string,
  approach: StartApproach,
): Promise<{ readonly href: string; readonly links: object; readonly authorisationId: string }> {
  const next = NEXT_LINK[approach];
  return ctx.step(`TPP starts the ${approach} authorisation (${name}: POST ${new URL(url).pathname})`, async (evidence) => {
    const request: AspspRequest = {
      method: 'POST',
      url,
      headers: mergeHeaders(
        { 'X-Request-ID': randomUUID(), Accept: 'application/json', 'Content-Type': 'application/json' },
        ctx.profile.headers,
        preferenceHeaders(ctx, approach),
        resolveTemplates(step.headers ?? {}, ctx, step.at) as Record<string, string | null>,
      ),
      body: '{}',
    };
    const response = await sendOrStop(ctx, request, evidence, step.at);
    const operationId = ctx.validator.findOperation('POST', apiPath(url, ctx.profile.baseUrl))?.operationId;
    const exchange = { request: response.request ?? request, response, operationId };
    await attachExchange(evidence, exchange.request, response);
    const refused = missingCredentials(exchange, ctx.profile);
    if (refused) throw new CaseStopError('CREDENTIALS', `the start of the authorisation: ${refused}`, step.at);

    // The form of the answer is the spec's to judge (BG-OAS-*); it fails the case but does not stop it.
    const spec = (operationId ? ctx.validator.validateResponse(operationId, response) : []).map((f) => ({ ...f, at: step.at }));
    const subject = `${operationId ?? 'POST'} ${response.status}`;
    const check = (where: string, expected: string, passed: boolean, actual: unknown): Finding => ({
      ruleId: START_RULE,
      passed,
      where,
      expected,
      actual,
      at: step.at,
      message: `${subject}: ${where} ${passed ? 'is' : 'should be'} ${expected}${passed ? '' : `, got ${show(actual)}`}`,
    });
    const body = response.body;
    const href = hrefOf(getByPointer(body, '/_links'), next.name);
    const authorisationId = getByPointer(body, '/authorisationId');
    const rule = [
      check('status', '201', response.status === 201, response.status),
      check('/scaStatus', 'a string', typeof getByPointer(body, '/scaStatus') === 'string', getByPointer(body, '/scaStatus')),
      check('/authorisationId', 'a string', typeof authorisationId === 'string', authorisationId),
      check(`/_links/${next.name}/href`, next.what, href !== undefined, getByPointer(body, `/_links/${next.name}/href`)),
    ];
    const findings = [...spec, ...rule];
    ctx.record(findings);
    await attachJson(evidence, 'findings', findings);
    if (rule.some((f) => !f.passed)) {
      const lacking = approach === 'redirect' ? 'gave the PSU no SCA page to go to' : 'gave the TPP no authorisation to poll';
      throw new CaseStopError('SCA_NOT_COMPLETED', `the explicit start of the authorisation ${lacking} (${START_RULE} failed)`, step.at);
    }
    // Judged above: the answer has its link and authorisationId, so its _links is an object.
    return { href: href!, links: getByPointer(body, '/_links') as object, authorisationId: authorisationId as string };
  });
}
