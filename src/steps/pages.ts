import { randomUUID } from 'node:crypto';
import type { PagesStep } from '../suite/types.ts';
import type { Finding } from '../rules/types.ts';
import type { AspspRequest, AspspResponse } from '../http/types.ts';
import { attachExchange, attachJson } from '../report/attach.ts';
import { getByPointer } from '../util/json-pointer.ts';
import { sendOrStop } from './send.ts';
import { CaseStopError, FindingsError } from './errors.ts';
import { missingCredentials } from './credentials.ts';
import { linkUrl } from '../http/links.ts';
import { apiLinkUrl } from './api-link.ts';
import { resolveTemplates } from './resolve.ts';
import type { StepDefinition } from './types.ts';

/** A runaway `next` chain ends here: far more pages than any suite asks for. */
const MAX_PAGES = 200;

function hrefAt(body: unknown, links: string, name: string): string | undefined {
  const v = getByPointer(body, `${links}/${name}/href`);
  return typeof v === 'string' ? v : undefined;
}

/**
 * Follows `_links.next` from the last response to the end and judges the pages together: no item
 * twice (non-overlapping), every page but the last full (complete, for banks with a fixed page
 * size), the chain ends at the page `_links.last` names, and `_links.first` leads back to page one.
 */
export const pagesStep: StepDefinition<PagesStep> = {
  kind: 'pages',
  title: (s) => s.title ?? `follow the pages of ${s.items.join(', ')}`,
  async run(step, ctx, evidence) {
    const start = ctx.state.last;
    if (!start) throw new CaseStopError('TEMPLATE', 'a pages step needs a request step before it', step.at);
    // Paging is judged on a list the bank served: a refused first request (its own checks judged
    // it) leaves nothing to page through, and says nothing about the bank's paging.
    const refused = missingCredentials(start, ctx.profile);
    if (refused) throw new CaseStopError('CREDENTIALS', `${step.rule} not judged: ${refused}`, step.at);
    if (start.response.status < 200 || start.response.status > 299) {
      throw new CaseStopError('CAPTURE_MISSING', `${step.rule} not judged: the first page (${start.request.method} ${new URL(start.request.url).pathname}) answered ${start.response.status}, not a list to page through`, step.at);
    }
    const extra = resolveTemplates(step.headers ?? {}, ctx, step.at) as Record<string, string | null>;
    const headers = { ...start.request.headers };
    for (const [k, v] of Object.entries(extra)) if (v === null) delete headers[k]; else headers[k] = v;

    const get = async (url: string, n: number): Promise<AspspResponse> => {
      const req: AspspRequest = { method: 'GET', url, headers: { ...headers, 'X-Request-ID': randomUUID() } };
      return ctx.step(`page ${n}`, async (ev) => {
        const response = await sendOrStop(ctx, req, ev, step.at);
        await attachExchange(ev, response.request ?? req, response);
        if (start.operationId) ctx.record(ctx.validator.validateResponse(start.operationId, response).map((f) => ({ ...f, at: step.at })));
        return response;
      });
    };

    const itemsOf = (body: unknown) => step.items.flatMap((p) => {
      const list = getByPointer(body, p);
      return Array.isArray(list) ? list : [];
    });
    const pages: { url: string; ids: unknown[] }[] = [{ url: start.request.url, ids: itemsOf(start.response.body).map((i) => getByPointer(i, step.id)) }];
    let body = start.response.body;
    let next = hrefAt(body, step.links, 'next');
    const lastHref = hrefAt(body, step.links, 'last');
    const problems: string[] = [];
    while (next !== undefined && pages.length < MAX_PAGES) {
      const url = apiLinkUrl(next, ctx, step.at, `_links.next of page ${pages.length}`);
      const response = await get(url, pages.length + 1);
      if (response.status !== 200) {
        // The bank's own next link does not work: the pages cannot be complete.
        problems.push(`_links.next of page ${pages.length} (${url}) answered ${response.status}`);
        break;
      }
      body = response.body;
      pages.push({ url, ids: itemsOf(body).map((i) => getByPointer(i, step.id)) });
      next = hrefAt(body, step.links, 'next');
    }

    const minPages = step.minPages ?? 2;
    if (pages.length < minPages) problems.push(`only ${pages.length} page(s); the request should span at least ${minPages}`);
    const seen = new Map<string, number>();
    pages.forEach((p, i) =>
      p.ids.forEach((id) => {
        const key = JSON.stringify(id);
        if (id === undefined) problems.push(`page ${i + 1} has an item without ${step.id}`);
        else if (seen.has(key)) problems.push(`${step.id} ${key} is on page ${seen.get(key)} and again on page ${i + 1}`);
        else seen.set(key, i + 1);
      }),
    );
    const size = pages[0]?.ids.length ?? 0;
    if (step.fullPages !== false) {
      pages.slice(0, -1).forEach((p, i) => {
        if (p.ids.length !== size) problems.push(`page ${i + 1} has ${p.ids.length} items, page 1 has ${size}: items are missing before the last page`);
      });
    }
    const lastPage = pages.at(-1);
    if (pages.length > 1 && lastHref !== undefined && lastPage && linkUrl(lastHref, ctx.profile.baseUrl) !== lastPage.url) {
      problems.push(`_links.last (${lastHref}) is not the page the next links end at (${lastPage.url})`);
    }
    const firstHref = hrefAt(body, step.links, 'first');
    if (pages.length > 1 && firstHref !== undefined) {
      const first = await get(apiLinkUrl(firstHref, ctx, step.at, '_links.first'), 1);
      const ids = itemsOf(first.body).map((i) => JSON.stringify(getByPointer(i, step.id)));
      if (JSON.stringify(ids) !== JSON.stringify(pages[0]?.ids.map((id) => JSON.stringify(id)))) problems.push('_links.first does not lead back to the first page');
    }

    const finding: Finding = {
      ruleId: step.rule,
      passed: problems.length === 0,
      where: step.links,
      expected: 'complete, non-overlapping pages',
      actual: { pages: pages.length, items: seen.size, problems: problems.slice(0, 5) },
      at: step.at,
      message: problems.length
        ? `paging over ${pages.length} page(s): ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (+${problems.length - 3} more)` : ''}`
        : `${pages.length} pages, ${seen.size} items, complete and non-overlapping`,
    };
    ctx.record([finding]);
    await attachJson(evidence, 'findings', [finding]);
    if (!finding.passed) throw new FindingsError([finding], step.soft ? {} : { blocking: [finding] });
  },
};

