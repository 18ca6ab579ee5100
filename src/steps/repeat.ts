import type { ExpectStep, Matcher, RepeatStep, RequestStep } from '../suite/types.ts';
import type { Finding } from '../rules/types.ts';
import { resolveStatusGraph, type StatusGraph } from '../rules/payment-status-graph.ts';
import { ITEM } from '../plan/transitions.ts';
import { clockMeans } from '../profile/clock.ts';
import { attachJson } from '../report/attach.ts';
import { getByPointer } from '../util/json-pointer.ts';
import { parseDuration } from '../util/duration.ts';
import { moveClock } from './clock.ts';
import { CaseStopError, FindingsError } from './errors.ts';
import { sleep } from './sleep.ts';
import { matches } from './matchers.ts';
import { expectStep } from './expect.ts';
import { requestStep } from './request.ts';
import { awaitedStatuses } from './awaited.ts';
import { resolveTemplates } from './resolve.ts';
import { judgeTransitions } from './transitions.ts';
import type { CaseState, StepContext, StepDefinition, StepEvidence } from './types.ts';

const DEFAULT_WITHIN = 'PT30S';
const DEFAULT_INTERVAL = 'PT1S';
const DEFAULT_STATUS_POINTER = '/transactionStatus';

function untilReached(step: RepeatStep, ctx: StepContext): boolean {
  const until = step.until;
  const response = ctx.state.last?.response;
  if (!until || !response) return false;
  const statuses = until.status === undefined ? undefined : ([] as number[]).concat(until.status as number | number[]);
  if (statuses && !statuses.includes(response.status)) return false;
  return Object.entries(until.body ?? {}).every(([pointer, m]) => matches(resolveTemplates(m, ctx, step.at) as Matcher, getByPointer(response.body, pointer)));
}

function graphFor(step: RepeatStep, ctx: StepContext): StatusGraph | undefined {
  if (!step.transitions) return undefined;
  const product = String(resolveTemplates(step.transitions.product, ctx, step.at));
  const graph = resolveStatusGraph(product, ctx.profile.payments?.statusGraph);
  if (!graph) {
    throw new CaseStopError('PROFILE_INCOMPLETE', `no status graph for payment product '${product}': add it under payments.statusGraph in profile ${ctx.profile.file}`, step.at);
  }
  return graph;
}

/**
 * One request, sent `times` in a row or until its answer matches `until` (polling). Each try is a
 * full request step (spec-checked, captures). Between polling tries the bank's clock moves by
 * `advance` when the profile has a test clock control, so a settlement of days takes
 * milliseconds; otherwise the step waits `interval` in real time, within `within`. A poll that
 * used up its `times` ends there and the expect step after it judges the last answer (unless
 * `until.required`: then the case stops); one that runs out of `within` stops the case.
 *
 * With `statuses`, the status of every try is checked under `rule` in one finding (a limit: "the
 * fifth is refused"); with `transitions`, the values seen at its pointer are, in order, checked
 * against the product's status graph under `rule` (never backwards, final stays final, no status
 * the graph does not know). These checks and `expect` stop the case when they fail, as an expect
 * step does, unless the step is `soft`; the spec's findings on the tries never do.
 */
export const repeatStep: StepDefinition<RepeatStep> = {
  kind: 'repeat',
  title: (s) => s.title ?? (s.times !== undefined && !s.until ? `${s.request.operation ?? `${s.request.method} ${s.request.path}`} × ${s.times}` : `${s.request.operation ?? s.request.path} until it matches`),
  async run(step, ctx, evidence) {
    // The statuses this step asks for are judged, not retried as an unavailable bank; the runner
    // sets them with the expects after it too, so a step run on its own still knows its own.
    if (!ctx.state.awaited?.length) ctx.state.awaited = awaitedStatuses([step], 0);
    const failed = step.over ? await pollTogether(step, step.over, ctx) : findingsOf(step, [await series(step, ctx, evidence)]);
    if (failed) throw failed;
  },
};

/**
 * `over`: one series of tries per item, all at once, so their waits overlap (against a bank that
 * settles in real time, several payments take as long as the slowest, not the sum). Each item
 * sees its values as `${item.<key>}` and keeps its own answers, captures and checks; the case's
 * last answer is the last item's. An item that cannot go on (its payment never created, its read
 * not answered) stops alone, named: the others are still polled and judged, then its stop stops the
 * case, so the step's rules are inconclusive unless the bank failed them on another item.
 */
async function pollTogether(step: RepeatStep, over: NonNullable<RepeatStep['over']>, ctx: StepContext): Promise<FindingsError | undefined> {
  const states: (CaseState | undefined)[] = over.map(() => undefined);
  const settled = await Promise.allSettled(
    over.map(async (written, i) => {
      const label = labelOf(written, i);
      try {
        const item = resolveTemplates(written, ctx, step.at) as Readonly<Record<string, string>>;
        const state: CaseState = { vars: new Map(ctx.state.vars).set(ITEM, item), missing: new Map(ctx.state.missing), ...(ctx.state.awaited ? { awaited: ctx.state.awaited } : {}) };
        states[i] = state;
        // Each finding names its item: the three answers of one poll step read alike otherwise.
        const named = (findings: readonly Finding[]) => findings.map((f) => ({ ...f, message: `${label}: ${f.message}` }));
        const itemCtx: StepContext = {
          ...ctx,
          state,
          record: (findings) => ctx.record(named(findings)),
          inconclusive: (unjudged) => ctx.inconclusive({ ...unjudged, reason: `${label}: ${unjudged.reason}` }),
        };
        return await ctx.step(label, async (ev) => {
          const { spec, checks } = await series(step, itemCtx, ev);
          return { spec: named(spec), checks: named(checks) };
        });
      } catch (e) {
        if (e instanceof CaseStopError) throw new CaseStopError(e.code, `${label}: ${e.message}`, undefined, { cause: e });
        throw e;
      }
    }),
  );
  const last = states.at(-1)?.last;
  if (last) ctx.state.last = last;
  const stop = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (stop) throw stop.reason;
  return findingsOf(step, settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])));
}

/** What a series failed: the spec's findings on its answers' form, and the step's own checks. */
interface SeriesFailures {
  readonly spec: Finding[];
  readonly checks: Finding[];
}

/**
 * The step's failures as one error, or none: its own checks (statuses, transitions, expect) stop
 * the case unless the step is `soft`, as an expect step's do; the spec's findings never do.
 */
function findingsOf(step: RepeatStep, series: readonly SeriesFailures[]): FindingsError | undefined {
  const checks = series.flatMap((s) => s.checks);
  const failed = [...series.flatMap((s) => s.spec), ...checks];
  return failed.length ? new FindingsError(failed, step.soft ? {} : { blocking: checks }) : undefined;
}

function labelOf(item: Readonly<Record<string, string>>, index: number): string {
  // As written: a label never needs a capture the item may lack.
  return item['id'] ?? `item ${index + 1}`;
}

/** One series of tries (one resource), then its transition check and `expect`; returns the failed findings, throws a stop. */
async function series(step: RepeatStep, ctx: StepContext, evidence: StepEvidence): Promise<SeriesFailures> {
  const inner: RequestStep = { ...step.request, kind: 'request', at: step.at } as RequestStep;
  const deadline = Date.now() + (parseDuration(step.within ?? DEFAULT_WITHIN) ?? 30_000);
  const pause = parseDuration(step.interval ?? (step.until ? DEFAULT_INTERVAL : 'PT0S')) ?? 0;
  const means = step.advance === undefined ? undefined : clockMeans(ctx.profile, step.advance);
  const control = means?.kind === 'control' ? means.url : undefined;
  const graph = graphFor(step, ctx);
  const pointer = step.transitions?.pointer ?? DEFAULT_STATUS_POINTER;
  const seen: number[] = [];
  const values: string[] = [];
  const spec: Finding[] = [];
  const failed: Finding[] = [];
  let reached = false;
  let timedOut = false;
  let unreached: string | undefined;
  for (let i = 0; step.until ? true : i < (step.times ?? 1); i++) {
    try {
      await ctx.step(`try ${i + 1}`, (ev) => requestStep.run(inner, ctx, ev));
    } catch (e) {
      if (!(e instanceof FindingsError)) throw e;
      spec.push(...e.findings);
    }
    const response = ctx.state.last?.response;
    if (response) seen.push(response.status);
    const value = response && response.status < 300 ? getByPointer(response.body, pointer) : undefined;
    if (graph && typeof value === 'string') values.push(value);
    if (step.until && untilReached(step, ctx)) {
      reached = true;
      break;
    }
    if (step.times !== undefined && step.until && i + 1 >= step.times) break;
    if (step.until && Date.now() + (control ? 0 : pause) > deadline) {
      timedOut = true;
      break;
    }
    if (!step.until && i + 1 >= (step.times ?? 1)) break;
    if (step.advance !== undefined && control) {
      const advance = step.advance;
      await ctx.step(`the bank's clock moves ${advance}`, (ev) => moveClock(ctx, control, { advance, ...clockScope(step) }, step.at, ev));
    } else if (!step.until && means?.kind === 'wait') {
      // Time must pass between these tries: the profile allows a real wait this long.
      await sleep(means.ms, ctx.signal);
    } else if (pause > 0) {
      await sleep(pause, ctx.signal);
    }
  }
  if (step.until && !reached) {
    const why = `the answer never matched 'until' ${timedOut ? `within ${step.within ?? DEFAULT_WITHIN}` : `in ${seen.length} tries`} (${control ? `the bank's clock moved ${step.advance} between tries; ` : ''}statuses ${seen.join(', ')}${values.length ? `; ${pointer} ${values.join(', ')}` : ''})`;
    await evidence.attach('until not reached', { body: why, contentType: 'text/plain' });
    unreached = why;
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
  if (graph && step.transitions && step.rule) {
    const finding = await judgeValues(step, ctx, evidence, graph, values, pointer);
    if (finding && !finding.passed) failed.push(finding);
  }
  // The state waited for never came in time (what follows cannot be judged), or all tries
  // were used up on a state the case needs.
  if (unreached !== undefined && timedOut) throw new CaseStopError('CASE_DEADLINE', unreached, step.at);
  if (unreached !== undefined && step.until?.required) throw new CaseStopError('CAPTURE_MISSING', `${unreached}, and the case needs that state`, step.at);
  if (step.expect) {
    const expect: ExpectStep = { ...step.expect, kind: 'expect', at: step.at };
    try {
      await ctx.step(expectStep.title(expect), (ev) => expectStep.run(expect, ctx, ev));
    } catch (e) {
      if (!(e instanceof FindingsError)) throw e;
      failed.push(...e.findings);
    }
  }
  return { spec, checks: failed };
}

function clockScope(step: RepeatStep): { payment?: string; consent?: string } {
  return { ...(step.payment === undefined ? {} : { payment: step.payment }), ...(step.consent === undefined ? {} : { consent: step.consent }) };
}

async function judgeValues(step: RepeatStep, ctx: StepContext, evidence: StepEvidence, graph: StatusGraph, values: readonly string[], pointer: string): Promise<Finding | undefined> {
  const rule = step.rule ?? '';
  const product = String(resolveTemplates(step.transitions?.product ?? '', ctx, step.at));
  if (values.length === 0) {
    ctx.inconclusive({ ruleId: rule, reason: `no answer while polling carried ${pointer}, so no transition could be judged (${step.at.file}:${step.at.line})` });
    return undefined;
  }
  const fromTemplate = step.transitions?.from;
  const from = fromTemplate === undefined ? undefined : String(resolveTemplates(fromTemplate, ctx, step.at));
  const verdict = judgeTransitions(graph, values, from);
  const finding: Finding = {
    ruleId: rule,
    passed: verdict.passed,
    where: pointer,
    expected: `each status a legal successor of the one before by the ${product} status graph`,
    actual: verdict.path,
    at: step.at,
    message: `${product}: ${pointer} went ${verdict.path.join(' → ')}${verdict.passed ? ', each a legal transition' : `: ${verdict.problems.join('; ')}`}`,
  };
  ctx.record([finding]);
  await attachJson(evidence, 'findings', [finding]);
  return finding;
}
