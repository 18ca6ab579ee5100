import type { Profile } from '../profile/types.ts';
import { resolveStatusGraph, statusGraphs, TRANSACTION_STATUSES } from '../rules/payment-status-graph.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import type { LoadError } from '../yaml/errors.ts';

type At = Pick<LoadError, 'file' | 'line' | 'column' | 'path'>;

const isTemplate = (value: unknown): boolean => typeof value === 'string' && value.includes('${');

/**
 * What a repeat step's transition check refers to, checked before any request: its product must
 * have a status graph (built in, or the profile's payments.statusGraph), and a literal `from` must
 * be a transaction status. Templated values (`${item.product}`) are left to run time, where a
 * missing graph stops the case as PROFILE_INCOMPLETE.
 */
export function transitionProblems(transitions: unknown, at: At, profile: Profile, over?: readonly unknown[]): LoadError[] {
  if (transitions === null || typeof transitions !== 'object') return [];
  const { product, from } = transitions as { product?: unknown; from?: unknown };
  // `${item.product}` over literal items: each item's product is checked as if written here.
  const products = typeof product === 'string' && over ? (itemValues(product, over) ?? [product]) : [product];
  const froms = typeof from === 'string' && over ? (itemValues(from, over) ?? [from]) : [from];
  const problems: LoadError[] = [];
  const overrides = profile.payments?.statusGraph;
  for (const p of new Set(products)) {
    if (typeof p !== 'string' || isTemplate(p) || resolveStatusGraph(p, overrides)) continue;
    const known = knownProducts(profile);
    const suggestion = didYouMean(p, known);
    problems.push({
      ...at,
      path: `${at.path}.transitions.product`,
      code: 'UNKNOWN_PRODUCT',
      message: `transitions.product '${p}' has no status graph: neither a built-in one nor one under payments.statusGraph in profile ${profile.file}`,
      allowed: known,
      ...(suggestion ? { suggestion } : {}),
    });
  }
  for (const f of new Set(froms)) {
    if (typeof f !== 'string' || isTemplate(f) || (TRANSACTION_STATUSES as readonly string[]).includes(f)) continue;
    const suggestion = didYouMean(f, TRANSACTION_STATUSES);
    problems.push({
      ...at,
      path: `${at.path}.transitions.from`,
      code: 'UNKNOWN_STATUS',
      message: `transitions.from '${f}' is not a transaction status`,
      allowed: [...TRANSACTION_STATUSES],
      ...(suggestion ? { suggestion } : {}),
    });
  }
  return problems;
}

/** The name a repeat step's `over` items go by in its templates. */
export const ITEM = 'item';

const ITEM_REF = /^\$\{item\.([^.}]+)\}$/;

/** The literal values `${item.key}` takes over the items, or undefined when `value` is not exactly such a reference. */
function itemValues(value: string, over: readonly unknown[]): string[] | undefined {
  const key = ITEM_REF.exec(value)?.[1];
  if (key === undefined) return undefined;
  return over.flatMap((item) => {
    const v = item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined;
    return typeof v === 'string' ? [v] : [];
  });
}

/** `${item.key}` must name a key every item of `over` has. */
export function itemKeyProblems(name: string, over: readonly unknown[], at: At): LoadError[] {
  const [, key] = name.split('.');
  if (key === undefined) return [{ ...at, code: 'UNDEFINED_VARIABLE', message: `'\${${name}}' names no key of the items (write \${${ITEM}.<key>})` }];
  const lacking = over.flatMap((item, i) => (item !== null && typeof item === 'object' && Object.hasOwn(item, key) ? [] : [i]));
  if (!lacking.length) return [];
  const keys = [...new Set(over.flatMap((item) => (item !== null && typeof item === 'object' ? Object.keys(item) : [])))];
  const suggestion = didYouMean(key, keys);
  return [{
    ...at,
    code: 'UNDEFINED_VARIABLE',
    message: `'\${${name}}': ${lacking.map((i) => `over[${i}]`).join(', ')} ${lacking.length === 1 ? 'has' : 'have'} no '${key}' (keys: ${keys.join(', ')})`,
    allowed: keys,
    ...(suggestion ? { suggestion: `${ITEM}.${suggestion}` } : {}),
  }];
}

/** The products with a status graph for this profile: the built-in ones and the profile's own. */
export function knownProducts(profile: Profile): string[] {
  return [...new Set([...Object.keys(statusGraphs), ...Object.keys(profile.payments?.statusGraph ?? {})])];
}
