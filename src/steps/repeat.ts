import type { Matcher, RepeatStep, RequestStep } from '../suite/types.ts';
import type { Finding } from '../rules/types.ts';
import { attachJson } from '../report/attach.ts';
import { getByPointer } from '../util/json-pointer.ts';
import { parseDuration } from '../util/duration.ts';
import { CaseStopError, FindingsError } from './errors.ts';
import { sleep } from './sleep.ts';
import { matches } from './matchers.ts';
import { requestStep } from './request.ts';
import { resolveTemplates } from './resolve.ts';
import type { StepContext, StepDefinition } from './types.ts';

const DEFAULT_WITHIN = 'PT30S';
const DEFAULT_INTERVAL = 'PT1S';

function untilReached(step: RepeatStep, ctx: StepContext): boolean {
  const until = step.until;
  const response = ctx.state.last?.response;
  if (!until || !response) return false;
  const statuses = until.status === undefined ? undefined : ([] as number[]).concat(until.status as number | number[]);
  if (statuses && !statuses.includes(response.status)) return false;
  return Object.entries(until.body ?? {}).every(([pointer, m]) => matches(resolveTemplates(m, ctx, step.at) as Matcher, getByPointer(response.body, pointer)));
}

/**
 * One request, sent `times` in a row or until its answer matches `until` within a time budget.
 * Each try is a full request step (spec-checked, captures); with `statuses`, the status of every
 * try is checked under `rule` in one finding, so a limit ("the fifth is refused") is one check.
 */
export const repeatStep: StepDefinition<RepeatStep> = {
  kind: 'repeat',
  title: (s) => s.title ?? (s.times !== undefined ? `${s.request.operation ?? `${s.request.method} ${s.request.path}`} × ${s.times}` : `${s.request.operation ?? s.request.path} until it matches`),
  async run(step, ctx, evidence) {
    const inner: RequestStep = { ...step.request, kind: 'request', at: step.at } as RequestStep;
    const deadline = Date.now() + (parseDuration(step.within ?? DEFAULT_WITHIN) ?? 30_000);
    const pause = parseDuration(step.interval ?? (step.until ? DEFAULT_INTERVAL : 'PT0S')) ?? 0;
    const seen: number[] = [];
    const failed: Finding[] = [];
    for (let i = 0; step.until ? true : i < (step.times ?? 1); i++) {
      try {
        await ctx.step(`try ${i + 1}`, (ev) => requestStep.run(inner, ctx, ev));
      } catch (e) {
        if (!(e instanceof FindingsError)) throw e;
        failed.push(...e.findings);
      }
      const status = ctx.state.last?.response.status;
      if (status !== undefined) seen.push(status);
      if (step.until && untilReached(step, ctx)) break;
      if (step.times !== undefined && step.until && i + 1 >= step.times) break;
      if (step.until && Date.now() + pause > deadline) {
        // The state waited for never came: what follows cannot be judged.
        throw new CaseStopError('CASE_DEADLINE', `the answer never matched 'until' within ${step.within ?? DEFAULT_WITHIN} (${seen.length} tries, statuses ${seen.join(', ')})`, step.at);
      }
      if (pause > 0) await sleep(pause, ctx.signal);
    }
    if (step.statuses && step.rule) {
      const passed = seen.length === step.statuses.length && seen.every((s, i) => s === step.statuses?.[i]);
      const finding: Finding = {
        ruleId: step.rule,
        passed,
        where: 'status',
        expected: step.statuses,
        actual: seen,
        at: step.at,
        message: `${step.request.operation ?? step.request.path} sent ${seen.length} times: statuses ${passed ? 'are' : 'should be'} ${step.statuses.join(', ')}${passed ? '' : `, got ${seen.join(', ')}`}`,
      };
      ctx.record([finding]);
      await attachJson(evidence, 'findings', [finding]);
      if (!passed) failed.push(finding);
    }
    if (failed.length) throw new FindingsError(failed);
  },
};
