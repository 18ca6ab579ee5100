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
export function transitionProblems(transitions: unknown, at: At, profile: Profile): LoadError[] {
  if (transitions === null || typeof transitions !== 'object') return [];
  const { product, from } = transitions as { product?: unknown; from?: unknown };
  const problems: LoadError[] = [];
  const overrides = profile.payments?.statusGraph;
  if (typeof product === 'string' && !isTemplate(product) && !resolveStatusGraph(product, overrides)) {
    const known = knownProducts(profile);
    const suggestion = didYouMean(product, known);
    problems.push({
      ...at,
      path: `${at.path}.transitions.product`,
      code: 'UNKNOWN_PRODUCT',
      message: `transitions.product '${product}' has no status graph: neither a built-in one nor one under payments.statusGraph in profile ${profile.file}`,
      allowed: known,
      ...(suggestion ? { suggestion } : {}),
    });
  }
  if (typeof from === 'string' && !isTemplate(from) && !(TRANSACTION_STATUSES as readonly string[]).includes(from)) {
    const suggestion = didYouMean(from, TRANSACTION_STATUSES);
    problems.push({
      ...at,
      path: `${at.path}.transitions.from`,
      code: 'UNKNOWN_STATUS',
      message: `transitions.from '${from}' is not a transaction status`,
      allowed: [...TRANSACTION_STATUSES],
      ...(suggestion ? { suggestion } : {}),
    });
  }
  return problems;
}

/** The products with a status graph for this profile: the built-in ones and the profile's own. */
export function knownProducts(profile: Profile): string[] {
  return [...new Set([...Object.keys(statusGraphs), ...Object.keys(profile.payments?.statusGraph ?? {})])];
}
