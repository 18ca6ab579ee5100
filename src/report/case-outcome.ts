import type { Finding } from '../rules/types.ts';

/**
 * How a case's outcome travels from the test to the reporters: a JSON attachment of this name
 * holding a CaseOutcomeRecord (findings, inconclusive rules, the stop). The summary reporter
 * reads it; reporters never see the runner's objects.
 */
export const CASE_OUTCOME_ATTACHMENT = 'findings.json';

/** Tag of the test that stands for a suite file that did not load. */
export const SUITE_ERROR_TAG = '@suite-error';

export interface CaseOutcomeRecord {
  readonly findings: readonly Finding[];
  readonly inconclusive: readonly { readonly ruleId: string; readonly reason: string }[];
  readonly stopped?: { readonly code: string; readonly category: string; readonly message: string };
}

/** Reads an attachment body; the findings-only array of older runs is still understood. */
export function parseCaseOutcome(text: string | undefined): CaseOutcomeRecord {
  if (!text) return { findings: [], inconclusive: [] };
  try {
    const value = JSON.parse(text) as unknown;
    if (Array.isArray(value)) return { findings: value as Finding[], inconclusive: [] };
    const record = value as Partial<CaseOutcomeRecord>;
    return { findings: record.findings ?? [], inconclusive: record.inconclusive ?? [], ...(record.stopped ? { stopped: record.stopped } : {}) };
  } catch {
    return { findings: [], inconclusive: [] };
  }
}
