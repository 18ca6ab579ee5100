import type { Clock } from './state.ts';

/**
 * The bank's test clock: the wall clock (or an injected one) plus offsets a test moves forward.
 * An offset can be global or belong to one consent, so a case that jumps 91 days ahead on its own
 * consent does not expire the consents of cases running beside it.
 */
export interface TestClock {
  now(consentId?: string): Date;
  /** Moves time forward (never back: the bank's history and counters assume it only grows). */
  advance(ms: number, consentId?: string): Date;
}

export function createTestClock(base: Clock): TestClock {
  let global = 0;
  const perConsent = new Map<string, number>();
  const offset = (consentId?: string) => global + (consentId === undefined ? 0 : (perConsent.get(consentId) ?? 0));
  return {
    now: (consentId) => new Date(base().getTime() + offset(consentId)),
    advance(ms, consentId) {
      if (consentId === undefined) global += ms;
      else perConsent.set(consentId, (perConsent.get(consentId) ?? 0) + ms);
      return new Date(base().getTime() + offset(consentId));
    },
  };
}

/** ISO 8601 durations (P91D, PT6M) as milliseconds: the harness's own reading, a leaf both sides share. */
export { parseDuration as parseDurationMs } from '../../util/duration.ts';
