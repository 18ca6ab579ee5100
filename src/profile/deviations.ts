import type { Deviation } from './types.ts';

/** A failure the bank declared as a known deviation: accepted until `expires`, a failure again after. */
export interface DeviationMark {
  readonly reason: string;
  /** Last day accepted, YYYY-MM-DD. */
  readonly expires: string;
  /** The entry's expiry has passed: the failure counts again. */
  readonly expired: boolean;
}

/**
 * The profile's entry for a failure of `ruleId` in case `caseId` on `today` (YYYY-MM-DD, UTC):
 * an entry naming the case beats one for the whole rule, a live entry beats an expired one.
 */
export function deviationFor(deviations: readonly Deviation[] | undefined, ruleId: string, caseId: string, today: string): DeviationMark | undefined {
  const matching = (deviations ?? []).filter((d) => d.rule === ruleId && (d.case === undefined || d.case === caseId));
  const rank = (d: Deviation) => (d.expires >= today ? 0 : 2) + (d.case === undefined ? 1 : 0);
  const best = [...matching].sort((a, b) => rank(a) - rank(b))[0];
  return best && { reason: best.reason, expires: best.expires, expired: best.expires < today };
}

export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}
