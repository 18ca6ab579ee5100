import { isDeepStrictEqual } from 'node:util';
import type { ExpectStep, Matcher } from '../suite/types.ts';
import type { Finding } from '../rules/types.ts';
import { attachJson } from '../report/attach.ts';
import { CaseStopError, FindingsError } from './errors.ts';
import { getByPointer } from './pointer.ts';
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
        expected: describe(m),
        actual,
        at: step.at,
        message: `${subject} ${response.status}: ${where} ${passed ? 'is' : 'should be'} ${describe(m)}${passed ? '' : `, got ${show(actual)}`}`,
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
      const codes = errorCodes(response.body);
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

function matches(m: Matcher, actual: unknown): boolean {
  if (m !== null && typeof m === 'object') {
    if ('equals' in m) return isDeepStrictEqual(m.equals, actual);
    if ('matches' in m) return typeof actual === 'string' && new RegExp(m.matches).test(actual);
    if ('oneOf' in m) return m.oneOf.some((v) => isDeepStrictEqual(v, actual));
    if ('present' in m) return (actual !== undefined) === m.present;
  }
  return isDeepStrictEqual(m, actual);
}

function describe(m: Matcher): string {
  if (m !== null && typeof m === 'object') {
    if ('equals' in m) return show(m.equals);
    if ('matches' in m) return `matching /${m.matches}/`;
    if ('oneOf' in m) return m.oneOf.length === 1 ? show(m.oneOf[0]) : `one of ${m.oneOf.map(show).join(', ')}`;
    if ('present' in m) return m.present ? 'present' : 'absent';
  }
  return show(m);
}

function show(v: unknown): string {
  if (v === undefined) return 'absent';
  const s = JSON.stringify(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/** Both error forms the spec allows: tppMessages[] and RFC 7807 (code, additionalErrors[]). */
function errorCodes(body: unknown): string[] {
  if (body === null || typeof body !== 'object') return [];
  const b = body as { tppMessages?: { code?: unknown }[]; code?: unknown; additionalErrors?: { code?: unknown }[] };
  const all = [...(b.tppMessages ?? []), b, ...(b.additionalErrors ?? [])].map((m) => m?.code);
  return all.filter((c): c is string => typeof c === 'string');
}
