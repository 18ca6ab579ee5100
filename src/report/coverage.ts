import type { RuleSummary, Verdict } from './summary.ts';
import type { RunInfo } from './run-info.ts';

/** summary.json as the summary reporter writes it (the fields coverage reads). */
export interface SummaryFile {
  readonly outcome?: string;
  readonly suiteErrors?: readonly { readonly title: string; readonly message: string }[];
  readonly rules: readonly RuleSummary[];
  readonly cases: readonly {
    readonly title: string;
    readonly status: string;
    readonly requirements: readonly string[];
    readonly skipReason?: string;
    readonly failures: readonly { readonly ruleId: string; readonly message: string }[];
  }[];
}

export const VERDICTS: readonly Verdict[] = ['passed', 'failed', 'accepted deviation', 'inconclusive', 'not applicable', 'not run'];

export interface CoverageCase {
  readonly title: string;
  readonly status: string;
  readonly skipReason?: string;
}

/** A rule's summary with its cases spelled out (title, outcome, why not applicable). */
export interface CoverageRow extends Omit<RuleSummary, 'cases'> {
  readonly cases: readonly CoverageCase[];
}

/** The requirement coverage matrix: one row per requirement id, the run summary on top. */
export interface Coverage {
  readonly run?: RunInfo;
  /** conformant / non-conformant / not judged, as the run's exit code says. */
  readonly outcome?: string;
  /** Suite files that did not load: their cases are missing from the rows. */
  readonly suiteErrors: readonly { readonly title: string; readonly message: string }[];
  readonly requirements: Readonly<Record<Verdict, number>>;
  readonly cases: { readonly total: number; readonly passed: number; readonly failed: number; readonly notApplicable: number };
  readonly rows: readonly CoverageRow[];
}

/** The case's own title, without the runner's file and project segments. */
export function caseTitle(title: string): string {
  return title.split(' › ').filter((s) => s && !/\.spec\.ts$/.test(s)).join(' › ');
}

export function buildCoverage(summary: SummaryFile, run?: RunInfo): Coverage {
  const statusOf = new Map(summary.cases.map((c) => [c.title, c]));
  const rows = summary.rules.map((r): CoverageRow => ({
    id: r.id,
    title: r.title,
    sources: r.sources,
    verdict: r.verdict,
    checks: r.checks,
    failures: r.failures,
    ...(r.deviations ? { deviations: r.deviations } : {}),
    cases: r.cases.map((t) => {
      const c = statusOf.get(t);
      return { title: caseTitle(t), status: c?.status ?? 'unknown', ...(c?.skipReason ? { skipReason: c.skipReason } : {}) };
    }),
    ...(r.reasons?.length ? { reasons: r.reasons } : {}),
  }));
  const requirements = Object.fromEntries(VERDICTS.map((v) => [v, rows.filter((r) => r.verdict === v).length])) as Record<Verdict, number>;
  const count = (s: string) => summary.cases.filter((c) => c.status === s).length;
  const cases = {
    total: summary.cases.length,
    passed: count('passed'),
    failed: summary.cases.length - count('passed') - count('skipped'),
    notApplicable: count('skipped'),
  };
  return { ...(run ? { run } : {}), ...(summary.outcome ? { outcome: summary.outcome } : {}), suiteErrors: summary.suiteErrors ?? [], requirements, cases, rows };
}
