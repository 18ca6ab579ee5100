import type { StatusGraph } from '../rules/payment-status-graph.ts';

export interface TransitionVerdict {
  readonly passed: boolean;
  /** The statuses in the order seen, repeats collapsed (the `from` status first when given). */
  readonly path: readonly string[];
  /** Each illegal step or unknown status, in words. */
  readonly problems: readonly string[];
}

/**
 * Judges a sequence of statuses against a graph: each must be one the graph knows, and each change
 * must go to a successor the graph allows (staying put is always allowed; a final status has none).
 */
export function judgeTransitions(graph: StatusGraph, seen: readonly string[], from?: string): TransitionVerdict {
  const path: string[] = [];
  for (const s of from === undefined ? seen : [from, ...seen]) if (path.at(-1) !== s) path.push(s);
  const known = new Set([...Object.keys(graph), ...Object.values(graph).flat()]);
  const problems: string[] = [];
  for (const s of new Set(path)) if (!known.has(s)) problems.push(`status ${s} is not in the status graph`);
  for (let i = 1; i < path.length; i++) {
    const [before, after] = [path[i - 1] ?? '', path[i] ?? ''];
    const next = graph[before];
    if (next === undefined || !known.has(after)) continue;
    if (!next.includes(after)) {
      problems.push(`${before} → ${after} is not a legal transition (${before} may be followed by ${next.length ? next.join(', ') : 'nothing: it is final'})`);
    }
  }
  return { passed: problems.length === 0, path, problems };
}
