import type { Finding } from '../rules/types.ts';
import type { Rule } from '../rules/types.ts';

/**
 * 'inconclusive': a case meant to check the rule could not judge it (a step before it failed or
 * stopped, the PSU never acted, the harness could not send or receive): the bank is not blamed.
 */
export type Verdict = 'passed' | 'failed' | 'accepted deviation' | 'inconclusive' | 'not applicable' | 'not run';

/** A deviation entry as the summary shows it: the bank's reason, its expiry, whether it has passed. */
export interface DeviationNote {
  readonly reason: string;
  readonly expires: string;
  readonly expired: boolean;
}

export interface CaseResult {
  readonly title: string;
  readonly status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  readonly requirements: readonly string[];
  readonly findings: readonly Finding[];
  /** Rules this case could not judge, with why. */
  readonly inconclusive?: readonly { readonly ruleId: string; readonly reason: string }[];
  /** Why the case stopped early: the cause shown in the console, the report and summary.json. */
  readonly stopped?: { readonly code: string; readonly category: string; readonly message: string };
  readonly skipReason?: string;
}

export interface RuleSummary {
  readonly id: string;
  readonly title: string;
  readonly sources: string;
  readonly verdict: Verdict;
  readonly checks: number;
  readonly failures: number;
  readonly cases: readonly string[];
  /** Why the rule could not be judged, when it is inconclusive (one line per case). */
  readonly reasons?: readonly string[];
  /**
   * The profile's deviation entries its failures matched: live ones make the verdict 'accepted
   * deviation' (when they cover every failure); expired ones leave it 'failed' and say so.
   */
  readonly deviations?: readonly DeviationNote[];
}

/** A suite file that did not load: reported, never silently dropped. */
export interface SuiteError {
  readonly title: string;
  readonly message: string;
}

/**
 * Exit codes, one table (README "Exit codes"):
 * 0 conformant — every applicable case judged and passed;
 * 1 non-conformant — the ASPSP failed at least one rule;
 * 2 not judged — usage, profile, suite or environment error, or a rule left inconclusive
 *   (the harness could not establish what a case needs), or nothing at all could be judged.
 */
export type RunOutcome = 'conformant' | 'non-conformant' | 'not judged';
export const EXIT_CODES: Readonly<Record<RunOutcome, number>> = { conformant: 0, 'non-conformant': 1, 'not judged': 2 };

/**
 * Rule verdicts from case results: failed when any finding for it failed; inconclusive when a
 * case meant to check it could not (or stopped without a word, e.g. killed by a timeout); passed
 * when it was checked and never failed; not applicable when only skipped cases name it.
 */
export function summarise(catalog: ReadonlyMap<string, Rule>, results: readonly CaseResult[]): RuleSummary[] {
  const ids = new Set<string>(catalog.keys());
  for (const r of results) {
    for (const f of r.findings) ids.add(f.ruleId);
    for (const i of r.inconclusive ?? []) ids.add(i.ruleId);
  }
  return [...ids].sort().map((id) => {
    const rule = catalog.get(id);
    const findings = results.flatMap((r) => r.findings.filter((f) => f.ruleId === id));
    const tagged = results.filter((r) => r.requirements.includes(id) || r.findings.some((f) => f.ruleId === id) || r.inconclusive?.some((i) => i.ruleId === id));
    const failed = findings.filter((f) => !f.passed);
    const failures = failed.length;
    // Failures not covered by a live deviation entry: any one of them fails the rule.
    const open = failed.filter((f) => !f.deviation || f.deviation.expired).length;
    const notes = [...new Map(failed.flatMap((f) => (f.deviation ? [f.deviation] : [])).map((d) => [`${d.reason}\u0000${d.expires}\u0000${d.expired}`, d])).values()];
    const ranTagged = tagged.filter((r) => r.status !== 'skipped');
    const reasons = ranTagged.flatMap((r) => (r.inconclusive ?? []).filter((i) => i.ruleId === id).map((i) => `${r.title}: ${i.reason}`));
    // A case that meant to check the rule but ended without checking it (and without saying why) leaves it unproven too.
    const silent = ranTagged.filter((r) => r.status !== 'passed' && !r.findings.some((f) => f.ruleId === id) && !r.inconclusive?.some((i) => i.ruleId === id));
    for (const r of silent) reasons.push(`${r.title}: the case ended (${r.status}) before checking it${r.stopped ? `: ${r.stopped.message}` : ''}`);
    const verdict: Verdict = open
      ? 'failed'
      : failures
        ? 'accepted deviation'
        : reasons.length
          ? 'inconclusive'
          : findings.length
            ? 'passed'
            : tagged.length && !ranTagged.length
              ? 'not applicable'
              : 'not run';
    return {
      id,
      title: rule?.title ?? '(not in the requirement catalog)',
      sources: rule ? rule.sources.map((s) => `${s.doc}: ${s.ref}`).join('; ') : '',
      verdict,
      checks: findings.length,
      failures,
      cases: tagged.map((r) => r.title),
      ...(verdict === 'inconclusive' ? { reasons } : {}),
      ...(notes.length ? { deviations: notes } : {}),
    };
  });
}

/** The run's verdict: the bank's failures first; then anything that kept the run from judging. */
export function runOutcome(rules: readonly RuleSummary[], results: readonly CaseResult[], suiteErrors: readonly SuiteError[]): RunOutcome {
  if (rules.some((r) => r.verdict === 'failed')) return 'non-conformant';
  const judged = rules.some((r) => r.verdict === 'passed' || r.verdict === 'accepted deviation');
  const unjudged =
    suiteErrors.length > 0 ||
    rules.some((r) => r.verdict === 'inconclusive') ||
    results.some((r) => r.status !== 'passed' && r.status !== 'skipped' && !onlyAcceptedDeviations(r));
  return unjudged || !judged ? 'not judged' : 'conformant';
}

/** A case that is red only for failures the profile accepts as known deviations: judged, not broken. */
function onlyAcceptedDeviations(r: CaseResult): boolean {
  const failed = r.findings.filter((f) => !f.passed);
  return !r.stopped && failed.length > 0 && failed.every((f) => f.deviation && !f.deviation.expired);
}

const MARK: Record<Verdict, string> = { passed: 'PASS', failed: 'FAIL', 'accepted deviation': 'DEV ', inconclusive: 'INC ', 'not applicable': 'N/A ', 'not run': '----' };

/** `outcome`: the run's, when more than the results decide it (an interrupted run is never conformant). */
export function formatSummary(rules: readonly RuleSummary[], results: readonly CaseResult[], suiteErrors: readonly SuiteError[] = [], outcome: RunOutcome = runOutcome(rules, results, suiteErrors)): string {
  const width = Math.max(...rules.map((r) => r.id.length), 10);
  const lines = rules.map((r) => {
    const counts = r.verdict === 'failed' || r.verdict === 'accepted deviation' ? `${r.failures}/${r.checks} checks failed` : r.checks ? `${r.checks} checks` : '';
    return `  ${MARK[r.verdict]}  ${r.id.padEnd(width)}  ${counts.padEnd(20)} ${r.title}`;
  });
  const count = (v: Verdict) => rules.filter((r) => r.verdict === v).length;
  const cases = (s: CaseResult['status']) => results.filter((r) => r.status === s).length;
  const stopped = results.filter((r) => r.stopped);
  const broken = results.length - cases('passed') - cases('skipped');
  const deviationLines = rules.flatMap((r) =>
    (r.deviations ?? []).map((d) =>
      d.expired
        ? `  EXPIRED ${r.id}: the deviation expired on ${d.expires}, so the failure counts again (${d.reason})`
        : `  ${r.verdict === 'accepted deviation' ? 'ACCEPTED' : 'PARTIAL '} ${r.id}: accepted until ${d.expires} (${d.reason})${r.verdict === 'failed' ? '; other failures of this rule are not covered' : ''}`,
    ),
  );
  return [
    'Requirements',
    ...lines,
    ...(deviationLines.length ? ['', 'Known deviations (profile deviations:) — failures shown, not hidden', ...deviationLines] : []),
    ...(stopped.length ? ['', 'Stopped cases (the rules they had yet to judge are inconclusive, not failed)', ...stopped.map((r) => `  ${r.stopped!.code.padEnd(18)} ${r.title}: ${firstLine(r.stopped!.message)}`)] : []),
    ...(suiteErrors.length ? ['', 'Suite errors', ...suiteErrors.map((e) => `  ${firstLine(e.message)}`)] : []),
    '',
    `Requirements: ${count('passed')} passed, ${count('failed')} failed, ${count('accepted deviation') ? `${count('accepted deviation')} accepted deviation(s), ` : ''}${count('inconclusive')} inconclusive, ${count('not applicable')} not applicable, ${count('not run')} not run`,
    `Cases: ${cases('passed')} passed, ${broken} failed, ${cases('skipped')} not applicable${suiteErrors.length ? `; ${suiteErrors.length} suite file(s) did not load` : ''}`,
    `Outcome: ${outcome} (exit code ${EXIT_CODES[outcome]})`,
  ].join('\n');
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
