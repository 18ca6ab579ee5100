import { isDeepStrictEqual } from 'node:util';
import type { Matcher } from '../suite/types.ts';
import { hrefOf } from '../http/links.ts';
import { getByPointer } from '../util/json-pointer.ts';
import { show } from '../util/show.ts';

interface Operator {
  test(argument: unknown, actual: unknown): boolean;
  describe(argument: unknown): string;
}

type OperatorName = 'equals' | 'matches' | 'oneOf' | 'present' | 'atLeast' | 'atMost' | 'between' | 'length' | 'contains' | 'excludes' | 'each' | 'hasLink';

/** Dates (YYYY-MM-DD) and timestamps compare as strings; numbers as numbers; anything else never matches. */
function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/** `partial` is found in `actual`: every key it names has that value (deeply), other keys are free. */
function includes(actual: unknown, partial: unknown): boolean {
  if (partial !== null && typeof partial === 'object' && !Array.isArray(partial)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(partial).every(([k, v]) => includes((actual as Record<string, unknown>)[k], v));
  }
  return isDeepStrictEqual(partial, actual);
}

const entriesOf = (arg: unknown): [string, Matcher][] => (arg !== null && typeof arg === 'object' ? (Object.entries(arg) as [string, Matcher][]) : []);

/** The matcher operators of suites/suite.schema.json, one entry each; a bare value means `equals`. */
const operators: Readonly<Record<OperatorName, Operator>> = {
  equals: { test: (arg, actual) => isDeepStrictEqual(arg, actual), describe: (arg) => show(arg) },
  matches: { test: (arg, actual) => typeof actual === 'string' && new RegExp(String(arg)).test(actual), describe: (arg) => `matching /${String(arg)}/` },
  oneOf: {
    test: (arg, actual) => Array.isArray(arg) && arg.some((v) => isDeepStrictEqual(v, actual)),
    describe: (arg) => (Array.isArray(arg) && arg.length === 1 ? show(arg[0]) : `one of ${Array.isArray(arg) ? arg.map((v) => show(v)).join(', ') : show(arg)}`),
  },
  present: { test: (arg, actual) => (actual !== undefined) === arg, describe: (arg) => (arg ? 'present' : 'absent') },
  atLeast: { test: (arg, actual) => (compare(actual, arg) ?? -1) >= 0, describe: (arg) => `at least ${show(arg)}` },
  atMost: { test: (arg, actual) => (compare(actual, arg) ?? 1) <= 0, describe: (arg) => `at most ${show(arg)}` },
  between: {
    test: (arg, actual) => Array.isArray(arg) && (compare(actual, arg[0]) ?? -1) >= 0 && (compare(actual, arg[1]) ?? 1) <= 0,
    describe: (arg) => (Array.isArray(arg) ? `between ${show(arg[0])} and ${show(arg[1])}` : `between ${show(arg)}`),
  },
  length: { test: (arg, actual) => Array.isArray(actual) && actual.length === Number(arg), describe: (arg) => `a list of ${show(arg)}` },
  contains: { test: (arg, actual) => Array.isArray(actual) && actual.some((el) => includes(el, arg)), describe: (arg) => `a list containing ${show(arg)}` },
  excludes: { test: (arg, actual) => Array.isArray(actual) && !actual.some((el) => includes(el, arg)), describe: (arg) => `a list without ${show(arg)}` },
  // Where the standard lets the bank choose among links (scaRedirect, or startAuthorisation for an
  // explicit start): a `_links` object holding one of them with an address to follow. The spec does
  // not require href, so `{ scaRedirect: {} }` is schema-valid, and useless to a TPP.
  hasLink: {
    test: (arg, actual) => Array.isArray(arg) && arg.some((name) => typeof name === 'string' && hrefOf(actual, name) !== undefined),
    describe: (arg) => `links with an href for ${Array.isArray(arg) ? arg.map(String).join(' or ') : show(arg)}`,
  },
  each: {
    test: (arg, actual) => Array.isArray(actual) && actual.every((el) => entriesOf(arg).every(([p, m]) => matches(m, getByPointer(el, p)))),
    describe: (arg) => `a list where every item has ${entriesOf(arg).map(([p, m]) => `${p} ${describeMatcher(m)}`).join(', ')}`,
  },
};

function operatorOf(m: Matcher): [Operator, unknown] {
  if (m !== null && typeof m === 'object') {
    const [name, argument] = Object.entries(m)[0] ?? [];
    const op = name ? operators[name as OperatorName] : undefined;
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
