import type { Finding } from '../rules/types.ts';
import type { Rule } from '../rules/types.ts';

/**
 * 'inconclusive': a case meant to check the rule stopped before it could (ASPSP unreachable, a
 * capture missing, a suite mistake): the run fails, but the rule is not blamed.
 */
export type Verdict = 'passed' | 'failed' | 'inconclusive' | 'not applicable' | 'not run';

export interface CaseResult {
  readonly title: string;
  readonly status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  readonly requirements: readonly string[];
  readonly findings: readonly Finding[];
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
}

/**
 * Rule verdicts from case results: a rule failed when any finding for it failed, passed when it
 * was checked and never failed; a rule only tagged by skipped cases is not applicable.
 */
export function summarise(catalog: ReadonlyMap<string, Rule>, results: readonly CaseResult[]): RuleSummary[] {
  const ids = new Set<string>(catalog.keys());
  for (const r of results) for (const f of r.findings) ids.add(f.ruleId);
  return [...ids].sort().map((id) => {
    const rule = catalog.get(id);
    const findings = results.flatMap((r) => r.findings.filter((f) => f.ruleId === id));
    const tagged = results.filter((r) => r.requirements.includes(id) || r.findings.some((f) => f.ruleId === id));
    const failures = findings.filter((f) => !f.passed).length;
    const ranTagged = tagged.filter((r) => r.status !== 'skipped');
    // A case that meant to check the rule but stopped before any check of it leaves it unproven.
    const unproven = ranTagged.some((r) => r.status !== 'passed' && !r.findings.some((f) => f.ruleId === id));
    const verdict: Verdict = failures
      ? 'failed'
      : unproven
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
    };
  });
}

const MARK: Record<Verdict, string> = { passed: 'PASS', failed: 'FAIL', inconclusive: 'INC ', 'not applicable': 'N/A ', 'not run': '----' };

export function formatSummary(rules: readonly RuleSummary[], results: readonly CaseResult[]): string {
  const width = Math.max(...rules.map((r) => r.id.length), 10);
  const lines = rules.map((r) => {
    const counts = r.verdict === 'failed' ? `${r.failures}/${r.checks} checks failed` : r.checks ? `${r.checks} checks` : '';
    return `  ${MARK[r.verdict]}  ${r.id.padEnd(width)}  ${counts.padEnd(20)} ${r.title}`;
  });
  const count = (v: Verdict) => rules.filter((r) => r.verdict === v).length;
  const cases = (s: CaseResult['status']) => results.filter((r) => r.status === s).length;
  const broken = results.length - cases('passed') - cases('skipped');
  return [
    'Requirements',
    ...lines,
    '',
    `Requirements: ${count('passed')} passed, ${count('failed')} failed, ${count('inconclusive')} inconclusive, ${count('not applicable')} not applicable, ${count('not run')} not run`,
    `Cases: ${cases('passed')} passed, ${broken} failed, ${cases('skipped')} not applicable`,
  ].join('\n');
}
