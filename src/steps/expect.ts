import type { ExpectStep, Matcher } from '../suite/types.ts';
import type { Finding } from '../rules/types.ts';
import { attachJson } from '../report/attach.ts';
import { CaseStopError, FindingsError } from './errors.ts';
import { getByPointer } from '../util/json-pointer.ts';
import { show } from '../util/show.ts';
import { describeMatcher, matches } from './matchers.ts';
import { messageCodesIn } from '../validate/index.ts';
import { resolveTemplates } from './resolve.ts';
import type { StepDefinition } from './types.ts';

export const expectStep: StepDefinition<ExpectStep> = {
  kind: 'expect',
  title: (s) => s.title ?? `expect ${s.rule}`,
  async run(step, ctx, evidence) {
    const last = ctx.state.last;
    if (!last) throw new CaseStopError('TEMPLATE', 'an expect step needs a request step before it', step.at);
    const { response } = last;
    const subject = last.operationId ?? `${last.request.method} ${new URL(last.request.url).pathname}`;
    const check = (where: string, matcher: unknown, actual: unknown): Finding => {
      const m = resolveTemplates(matcher, ctx, step.at) as Matcher;
      const passed = matches(m, actual);
      return {
        ruleId: step.rule,
        passed,
        where,
        expected: describeMatcher(m),
        actual,
        at: step.at,
        message: `${subject} ${response.status}: ${where} ${passed ? 'is' : 'should be'} ${describeMatcher(m)}${passed ? '' : `, got ${show(actual)}`}`,
      };
    };

    const findings: Finding[] = [];
    if (step.status !== undefined) {
      findings.push(check('status', { oneOf: ([] as number[]).concat(step.status as number | number[]) }, response.status));
    }
    for (const [name, matcher] of Object.entries(step.headers ?? {})) {
      findings.push(check(`header:${name}`, matcher, response.headers[name.toLowerCase()]));
    }
    for (const [pointer, matcher] of Object.entries(step.body ?? {})) {
      findings.push(check(pointer, matcher, getByPointer(response.body, pointer)));
    }
    if (step.errorCode !== undefined) {
      const codes = messageCodesIn(response.body).map((c) => c.code).filter((c): c is string => typeof c === 'string');
      const wanted = ([] as string[]).concat(step.errorCode as string | string[]);
      const passed = codes.some((c) => wanted.includes(c));
      findings.push({
        ruleId: step.rule, passed, where: 'error code', expected: wanted, actual: codes, at: step.at,
        message: `${subject} ${response.status}: error code ${passed ? 'is' : 'should be'} ${wanted.join(' or ')}${passed ? '' : `, got ${codes.length ? codes.join(', ') : 'none'}`}`,
      });
    }

    ctx.record(findings);
    await attachJson(evidence, 'findings', findings);
    const failed = findings.filter((f) => !f.passed);
    if (failed.length) throw new FindingsError(failed);
  },
};



