import type { ExpectStep, Matcher } from '../suite/types.ts';
import type { Finding } from '../rules/types.ts';
import type { Exchange } from '../http/types.ts';
import { attachJson } from '../report/attach.ts';
import { CaseStopError, FindingsError } from './errors.ts';
import { getByPointer, pointerSegments } from '../util/json-pointer.ts';
import { show } from '../util/show.ts';
import { describeMatcher, matches } from './matchers.ts';
import { messageCodesIn } from '../validate/index.ts';
import { missingCredentials } from './credentials.ts';
import { resolveTemplates } from './resolve.ts';
import type { Inconclusive, StepContext, StepDefinition, StepEvidence } from './types.ts';

/**
 * Checks the last response under one requirement id. A check is made only where it means
 * something: on a response the bank sent to the request the case meant (not a refusal of
 * credentials the profile lacks), and for a header only where the spec declares that header for
 * the status the bank answered.
 */
export const expectStep: StepDefinition<ExpectStep> = {
  kind: 'expect',
  title: (s) => s.title ?? `expect ${s.rule}`,
  async run(step, ctx, evidence) {
    const captured = capturedFindings(step, ctx);
    if (!judgesResponse(step)) return settle(step, ctx, evidence, captured, []);
    const last = ctx.state.last;
    if (!last) throw new CaseStopError('TEMPLATE', 'an expect step needs a request step before it', step.at);
    const { response } = last;
    const subject = last.operationId ?? `${last.request.method} ${new URL(last.request.url).pathname}`;
    const statuses = step.status === undefined ? undefined : ([] as number[]).concat(step.status as number | number[]);

    const refused = missingCredentials(last, ctx.profile);
    if (refused && !statuses?.includes(response.status)) throw new CaseStopError('CREDENTIALS', `${subject}: ${refused}`, step.at);

    const findings: Finding[] = [...captured];
    const unjudged: Inconclusive[] = [];
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

    if (statuses !== undefined) findings.push(check('status', { oneOf: statuses }, response.status));
    for (const [name, matcher] of Object.entries(step.headers ?? {})) {
      const undeclared = headerNotDeclared(ctx, last, name, matcher);
      if (undeclared) unjudged.push({ ruleId: step.rule, reason: `${subject} ${response.status}: header ${name} not judged: ${undeclared}` });
      else findings.push(check(`header:${name}`, matcher, response.headers[name.toLowerCase()]));
    }
    for (const [pointer, matcher] of Object.entries(step.body ?? {})) {
      const duplicate = ambiguousMember(last, pointer);
      findings.push(
        duplicate
          ? { ruleId: step.rule, passed: false, where: pointer, expected: describeMatcher(matcher as Matcher), actual: 'ambiguous', at: step.at, message: `${subject} ${response.status}: ${pointer} cannot be judged as the bank meant it: ${duplicate}` }
          : check(pointer, matcher, getByPointer(response.body, pointer)),
      );
    }
    if (step.errorCode !== undefined) {
      const codes = messageCodesIn(response.body).map((c) => c.code).filter((c): c is string => typeof c === 'string');
      const wanted = ([] as string[]).concat(step.errorCode as string | string[]);
      const passed = codes.some((c) => wanted.includes(c));
      const oauth = codes.length ? undefined : oauthErrorIn(response.body);
      const got = codes.length ? codes.join(', ') : oauth ? `none: the body is an OAuth error instead (${oauth})` : 'none';
      findings.push({
        ruleId: step.rule, passed, where: 'error code', expected: wanted, actual: codes, at: step.at,
        message: `${subject} ${response.status}: error code ${passed ? 'is' : 'should be'} ${wanted.join(' or ')}${passed ? '' : `, got ${got}`}`,
      });
    }

    await settle(step, ctx, evidence, findings, unjudged);
  },
};

function judgesResponse(step: ExpectStep): boolean {
  return step.status !== undefined || step.headers !== undefined || step.body !== undefined || step.errorCode !== undefined;
}

/** Records the step's findings and what it could not judge; a failure ends the step and, unless soft, the case. */
async function settle(step: ExpectStep, ctx: StepContext, evidence: StepEvidence, findings: Finding[], unjudged: Inconclusive[]): Promise<void> {
  ctx.record(findings);
  for (const item of unjudged) ctx.inconclusive(item);
  await attachJson(evidence, 'findings', unjudged.length ? { findings, inconclusive: unjudged } : findings);
  const failed = findings.filter((f) => !f.passed);
  if (failed.length) throw new FindingsError(failed, step.soft ? {} : { blocking: failed });
}

/**
 * Values the bank had to give the case outside a response body, e.g. the confirmationCode on the
 * PSU's return to the TPP: judged by whether the case captured them, never by their value (a code
 * authorises, so no finding shows it).
 */
function capturedFindings(step: ExpectStep, ctx: StepContext): Finding[] {
  return (step.captured ?? []).map((name) => {
    const passed = ctx.state.vars.get(name) !== undefined;
    const why = ctx.state.missing.get(name)?.why ?? 'the case never captured it';
    return {
      ruleId: step.rule,
      passed,
      where: `captured:${name}`,
      expected: 'captured',
      actual: passed ? 'captured' : 'not captured',
      at: step.at,
      message: passed ? `${name} was captured` : `${name} should have been captured, but ${why}`,
    };
  });
}

/**
 * An RFC 6749 §5.2 / RFC 6750 §3 error body (`error`, `error_description`), which some banks'
 * gateways send instead of Berlin Group tppMessages: named, so the failure says what came instead.
 */
function oauthErrorIn(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const { error, error_description: description } = body as Record<string, unknown>;
  if (typeof error !== 'string' || !/^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,100}$/.test(error)) return undefined;
  return `error ${error}${typeof description === 'string' ? `: ${show(description)}` : ''}`;
}

/** Why a header check does not apply to this response, or undefined when it does. Absence checks always apply. */
function headerNotDeclared(ctx: StepContext, last: Exchange, name: string, matcher: unknown): string | undefined {
  if (!last.operationId) return undefined;
  if (matcher !== null && typeof matcher === 'object' && 'present' in matcher && (matcher as { present: unknown }).present === false) return undefined;
  const declared = ctx.validator.declaredHeaders(last.operationId, last.response.status);
  if (declared === undefined) return `the spec declares no ${last.response.status} response for ${last.operationId}`;
  if (declared.includes(name.toLowerCase())) return undefined;
  return `the spec does not declare ${name} on ${last.operationId} ${last.response.status}`;
}

/** A pointer through a member the body has twice: JSON readers disagree on which copy is meant. */
function ambiguousMember(last: Exchange, pointer: string): string | undefined {
  const segments = pointerSegments(pointer);
  for (const p of last.response.bodyProblems ?? []) {
    if (p.kind !== 'duplicate-member' || !p.pointer) continue;
    const dup = pointerSegments(p.pointer);
    if (dup.length <= segments.length && dup.every((s, i) => s === segments[i])) return p.message;
  }
  return undefined;
}
