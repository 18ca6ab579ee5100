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

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** ISO 8601 durations in weeks, days, hours, minutes and seconds (P91D, PT6M, P1DT2H); months and years are ambiguous, so refused. */
export function parseDurationMs(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const [, w, d, h, min, s] = m;
  const n = (v: string | undefined) => (v === undefined ? 0 : Number(v));
  return (((n(w) * 7 + n(d)) * 24 + n(h)) * 60 + n(min)) * 60_000 + n(s) * 1000;
}
