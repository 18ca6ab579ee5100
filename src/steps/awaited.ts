import type { Step } from '../suite/types.ts';

const statuses = (s: number | readonly number[] | undefined): number[] => (s === undefined ? [] : ([] as number[]).concat(s));

/**
 * The statuses the case itself expects of the answers to the step at `index`: a repeat's own
 * (`statuses`, `until`, `expect`), and for any step that sends (a request, a repeat, an OAuth
 * token or revocation call) those of the expect steps right after it. An answer with one of them
 * is judged even when it reads as the bank being unavailable: a case that asks for a 429 gets it,
 * however bare.
 */
export function awaitedStatuses(steps: readonly Step[], index: number): readonly number[] {
  const step = steps[index];
  const out: number[] = step?.kind === 'repeat' ? [...(step.statuses ?? []), ...statuses(step.until?.status), ...statuses(step.expect?.status)] : [];
  for (const next of steps.slice(index + 1)) {
    if (next.kind !== 'expect') break;
    out.push(...statuses(next.status));
  }
  return out;
}
