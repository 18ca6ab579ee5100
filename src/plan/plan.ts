import type { Profile } from '../profile/types.ts';
import { valueAtPath } from '../util/json-pointer.ts';
import type { Case, Step, Suite } from '../suite/types.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import type { LoadError } from '../yaml/errors.ts';
import { notApplicable } from './applicability.ts';
import { itemKeyProblems, ITEM, transitionProblems } from './transitions.ts';
import { isGeneratorName, profileKeyOf, RESERVED_NAMES, templateNames } from './interpolate.ts';

/** A case ready to run against one ASPSP: whether it applies, and what is wrong with it before any request. */
export interface PlannedCase {
  readonly suite: Suite;
  readonly kase: Case;
  readonly notApplicable?: string;
  /** Every profile key the case refers to (`psus.other.iban`), found or not: what a profile must give. */
  readonly profileKeys: readonly string[];
  /** Suite mistakes against this profile and spec: the case fails without touching the bank. */
  readonly problems: readonly LoadError[];
}

export interface PlanInput {
  readonly suites: readonly Suite[];
  readonly profile: Profile;
  /** The operationIds of the profile's spec. */
  readonly operationIds: ReadonlySet<string>;
}

/** Suite + profile + spec → frozen plan. No I/O: everything it needs is passed in. */
export function plan(input: PlanInput): readonly PlannedCase[] {
  return Object.freeze(input.suites.flatMap((suite) => suite.cases.map((kase) => planCase(suite, kase, input))));
}

/**
 * A profile key the case needs and the profile lacks makes the case not applicable at run time
 * (the skip comes first), and is a PROFILE_KEY_MISSING problem for `lint --profile` to list.
 */
export function planCase(suite: Suite, kase: Case, input: Omit<PlanInput, 'suites'>): PlannedCase {
  const profileKeys = [...new Set(kase.steps.flatMap((s) => templateNames(templatedParts(s)).flatMap((n) => profileKeyOf(n) ?? [])))];
  return Object.freeze({
    suite,
    kase,
    notApplicable: notApplicable(kase, input.profile, profileKeys),
    profileKeys: Object.freeze(profileKeys),
    problems: Object.freeze(caseProblems(suite, kase, input)),
  });
}

/**
 * What the plan's checks read of a step. A loaded Step is one; so is a step read leniently off a
 * file that failed its schema (see lenient.ts), so lint reports both kinds of mistake in one pass.
 */
export interface StepView {
  readonly kind: string;
  readonly at: { readonly file: string; readonly line: number; readonly column: number };
  readonly operation?: string;
  readonly captureNames: readonly string[];
  /** The parts whose strings are resolved at run time. */
  readonly templated: unknown;
  /** A repeat step's transition check, as written (read loosely: lint also reads broken files). */
  readonly transitions?: unknown;
  /** A repeat step's `over` items, as written: within the step, `${item.<key>}` names their values. */
  readonly over?: unknown;
}

function caseProblems(suite: Suite, kase: Case, input: Omit<PlanInput, 'suites'>): LoadError[] {
  const views = kase.steps.map((step): StepView => {
    const request = step.kind === 'request' ? step : step.kind === 'repeat' ? step.request : undefined;
    return {
      kind: step.kind,
      at: { file: suite.file, line: step.at.line, column: step.at.column },
      ...(request?.operation !== undefined ? { operation: request.operation } : {}),
      captureNames: [...Object.keys(request?.capture ?? {}), ...tokenNames(step)],
      templated: templatedParts(step),
      ...(step.kind === 'repeat' && step.transitions ? { transitions: step.transitions } : {}),
      ...(step.kind === 'repeat' && step.over ? { over: step.over } : {}),
    };
  });
  return stepProblems(views, suite.cases.indexOf(kase), input);
}

/** The plan's checks over one case's steps, in order (a capture is known from its step on). */
export function stepProblems(steps: readonly StepView[], caseIndex: number, input: Omit<PlanInput, 'suites'>): LoadError[] {
  const problems: LoadError[] = [];
  const captured = new Set<string>();
  steps.forEach((step, i) => {
    const at = { ...step.at, path: `cases[${caseIndex}].steps[${i}]` };
    if (step.operation !== undefined && !input.operationIds.has(step.operation)) {
      const suggestion = didYouMean(step.operation, input.operationIds);
      problems.push({ ...at, code: 'UNKNOWN_OPERATION', message: `operation '${step.operation}' is not in spec ${input.profile.spec}`, ...(suggestion ? { suggestion } : {}) });
    }
    const items = Array.isArray(step.over) ? (step.over as unknown[]) : undefined;
    problems.push(...transitionProblems(step.transitions, at, input.profile, items));
    for (const name of templateNames(step.templated)) {
      if (items && name.split('.')[0] === ITEM) {
        problems.push(...itemKeyProblems(name, items, at));
        continue;
      }
      const problem = checkName(name, captured, input.profile);
      if (problem) problems.push({ ...at, ...problem });
    }
    if (items) {
      for (const name of templateNames(items)) {
        const problem = checkName(name, captured, input.profile);
        if (problem) problems.push({ ...at, ...problem });
      }
    }
    for (const name of step.captureNames) {
      if (RESERVED_NAMES.includes(name)) {
        problems.push({ ...at, code: 'UNDEFINED_VARIABLE', message: `capture name '${name}' is reserved (${RESERVED_NAMES.join(', ')})` });
      }
      captured.add(name);
    }
  });
  return problems;
}

/** The parts of a step whose strings are resolved at run time. */
export function templatedParts(step: { readonly kind: string }): unknown {
  // Read loosely: lint also asks this of steps that failed the suite schema.
  const part = (from: unknown, key: string): unknown => (from !== null && typeof from === 'object' ? (from as Record<string, unknown>)[key] : undefined);
  const requestParts = (r: unknown) => [part(r, 'path'), part(r, 'params'), part(r, 'query'), part(r, 'headers'), part(r, 'body')];
  switch (step.kind) {
    case 'request':
      return requestParts(step);
    case 'sca':
      return [part(step, 'link'), part(step, 'consent'), part(step, 'state')];
    case 'oauth':
      return [part(step, 'scope'), part(step, 'state'), part(step, 'redirectUri')];
    case 'expect':
      return [part(step, 'headers'), part(step, 'body')];
    case 'clock':
      return [part(step, 'advance'), part(step, 'consent'), part(step, 'payment')];
    case 'repeat':
      return [
        ...requestParts(part(step, 'request')), part(part(step, 'until'), 'body'), part(step, 'payment'), part(step, 'consent'),
        part(part(step, 'transitions'), 'product'), part(part(step, 'transitions'), 'from'), part(part(step, 'expect'), 'headers'), part(part(step, 'expect'), 'body'),
      ];
    case 'pages':
      return part(step, 'headers');
    default:
      return undefined;
  }
}

/** The token names a step keeps its access token under: from that step on, ${name} holds it. */
export function tokenNames(step: { readonly kind: string }): string[] {
  const part = (key: string): unknown => (step as Record<string, unknown>)[key];
  const name = (value: unknown) => (typeof value === 'string' ? [value] : []);
  switch (step.kind) {
    case 'oauth':
      return typeof part('token') === 'string' ? name(part('token')) : ['accessToken'];
    case 'refresh':
      return name(part('as') ?? part('token'));
    case 'sca':
      if (part('approach') === 'oauth') return typeof part('token') === 'string' ? name(part('token')) : ['accessToken'];
      // A redirect approval may bring back a confirmationCode (authorisation confirmation).
      return part('approach') !== 'decoupled' && part('outcome') === 'approve' ? ['confirmationCode'] : [];
    default:
      return [];
  }
}

function checkName(name: string, captured: ReadonlySet<string>, profile: Profile): Pick<LoadError, 'code' | 'message' | 'suggestion'> | undefined {
  const key = profileKeyOf(name);
  if (key !== undefined) {
    if (valueAtPath(profile, key.split('.')) !== undefined) return undefined;
    return { code: 'PROFILE_KEY_MISSING', message: `'\${${name}}': profile ${profile.file} has no ${key}` };
  }
  if (isGeneratorName(name)) return undefined;
  const root = name.split('.')[0];
  if (root !== undefined && captured.has(root)) return undefined;
  const suggestion = didYouMean(name, [...captured]);
  return {
    code: 'UNDEFINED_VARIABLE',
    message: `'\${${name}}' is used before any step captures it (captured so far: ${[...captured].join(', ') || 'none'})`,
    ...(suggestion ? { suggestion } : {}),
  };
}
