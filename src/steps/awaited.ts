import type { Step } from '../suite/types.ts';

const statuses = (s: number | readonly number[] | undefined): number[] => (s === undefined ? [] : ([] as number[]).concat(s));

/**
 * The statuses the case itself expects of the answers to the step at `index`: a repeat's own
 * (`statuses`, `until`, `expect`), a request's those of the expect steps right after it. An answer
 * with one of them is judged even when it reads as the bank being unavailable: a case that asks
 * for a 429 gets it, however bare.
 */
export function awaitedStatuses(steps: readonly Step[], index: number): readonly number[] {
  const step = steps[index];
  if (step?.kind === 'repeat') return [...(step.statuses ?? []), ...statuses(step.until?.status), ...statuses(step.expect?.status)];
  if (step?.kind !== 'request') return [];
  const out: number[] = [];
  for (const next of steps.slice(index + 1)) {
    if (next.kind !== 'expect') break;
    out.push(...statuses(next.status));
  }
  return out;
}
