import { isDeepStrictEqual } from 'node:util';
import type { Matcher } from '../suite/types.ts';
import { show } from '../util/show.ts';

interface Operator {
  test(argument: unknown, actual: unknown): boolean;
  describe(argument: unknown): string;
}

/** The matcher operators of suites/suite.schema.json, one entry each; a bare value means `equals`. */
const operators: Readonly<Record<'equals' | 'matches' | 'oneOf' | 'present', Operator>> = {
  equals: { test: (arg, actual) => isDeepStrictEqual(arg, actual), describe: (arg) => show(arg) },
  matches: { test: (arg, actual) => typeof actual === 'string' && new RegExp(String(arg)).test(actual), describe: (arg) => `matching /${String(arg)}/` },
  oneOf: {
    test: (arg, actual) => Array.isArray(arg) && arg.some((v) => isDeepStrictEqual(v, actual)),
    describe: (arg) => (Array.isArray(arg) && arg.length === 1 ? show(arg[0]) : `one of ${Array.isArray(arg) ? arg.map((v) => show(v)).join(', ') : show(arg)}`),
  },
  present: { test: (arg, actual) => (actual !== undefined) === arg, describe: (arg) => (arg ? 'present' : 'absent') },
};

function operatorOf(m: Matcher): [Operator, unknown] {
  if (m !== null && typeof m === 'object') {
    const [name, argument] = Object.entries(m)[0] ?? [];
    const op = name ? operators[name as keyof typeof operators] : undefined;
    if (op) return [op, argument];
  }
  return [operators.equals, m];
}

export function matches(m: Matcher, actual: unknown): boolean {
  const [op, argument] = operatorOf(m);
  return op.test(argument, actual);
}

export function describeMatcher(m: Matcher): string {
  const [op, argument] = operatorOf(m);
  return op.describe(argument);
}
