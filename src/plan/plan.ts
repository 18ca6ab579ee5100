import type { Profile } from '../profile/types.ts';
import type { Case, Step, Suite } from '../suite/types.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import type { LoadError } from '../yaml/errors.ts';
import { notApplicable } from './applicability.ts';
import { isGeneratorName, RESERVED_NAMES, templateNames } from './interpolate.ts';

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

export function planCase(suite: Suite, kase: Case, input: Omit<PlanInput, 'suites'>): PlannedCase {
  const profileKeys = [...new Set(kase.steps.flatMap((s) => templateNames(templatedParts(s))).filter((n) => n.startsWith('profile.')).map((n) => n.slice('profile.'.length)))];
  return Object.freeze({
    suite,
    kase,
    notApplicable: notApplicable(kase, input.profile, profileKeys),
    profileKeys: Object.freeze(profileKeys),
    problems: Object.freeze(caseProblems(suite, kase, input)),
  });
}

function caseProblems(suite: Suite, kase: Case, input: Omit<PlanInput, 'suites'>): LoadError[] {
  const problems: LoadError[] = [];
  const captured = new Set<string>();
  kase.steps.forEach((step, i) => {
    const path = `cases[${suite.cases.indexOf(kase)}].steps[${i}]`;
    const at = { file: suite.file, line: step.at.line, column: step.at.column, path };
    const operation = step.kind === 'request' ? step.operation : step.kind === 'repeat' ? step.request.operation : undefined;
    if (operation && !input.operationIds.has(operation)) {
      const suggestion = didYouMean(operation, input.operationIds);
      problems.push({ ...at, code: 'UNKNOWN_OPERATION', message: `operation '${operation}' is not in spec ${input.profile.spec}`, ...(suggestion ? { suggestion } : {}) });
    }
    for (const name of templateNames(templatedParts(step))) {
      const problem = checkName(name, captured);
      if (problem) problems.push({ ...at, ...problem });
    }
    const captures = step.kind === 'request' ? step.capture : step.kind === 'repeat' ? step.request.capture : undefined;
    {
      for (const name of Object.keys(captures ?? {})) {
        if (RESERVED_NAMES.includes(name)) {
          problems.push({ ...at, code: 'UNDEFINED_VARIABLE', message: `capture name '${name}' is reserved (${RESERVED_NAMES.join(', ')})` });
        }
        captured.add(name);
      }
    }
  });
  return problems;
}

/** The parts of a step whose strings are resolved at run time. */
function templatedParts(step: Step): unknown {
  switch (step.kind) {
    case 'request':
      return [step.params, step.query, step.headers, step.body];
    case 'sca':
      return step.link;
    case 'expect':
      return [step.headers, step.body];
    case 'clock':
      return step.consent;
    case 'repeat':
      return [step.request.params, step.request.query, step.request.headers, step.request.body, step.until?.body];
    case 'pages':
      return step.headers;
  }
}

function checkName(name: string, captured: ReadonlySet<string>): Pick<LoadError, 'code' | 'message' | 'suggestion'> | undefined {
  if (isGeneratorName(name)) return undefined;
  const [root, ...rest] = name.split('.');
  // A key the profile lacks makes the case not applicable (applicability.ts), not wrong.
  if (root === 'profile') return undefined;
  if (root !== undefined && captured.has(root)) return undefined;
  const suggestion = didYouMean(name, [...captured]);
  return {
    code: 'UNDEFINED_VARIABLE',
    message: `'\${${name}}' is used before any step captures it (captured so far: ${[...captured].join(', ') || 'none'})`,
    ...(suggestion ? { suggestion } : {}),
  };
}
