import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { ruleCatalog } from '../rules/catalog.ts';
import type { Rule } from '../rules/types.ts';
import { DECLARED_RULE_ANNOTATION, REQUIREMENT_ANNOTATION } from './annotations.ts';
import { CASE_OUTCOME_ATTACHMENT, parseCaseOutcome, SUITE_ERROR_TAG } from './case-outcome.ts';
import { EXIT_CODES, formatSummary, runOutcome, summarise, type CaseResult, type SuiteError } from './summary.ts';

interface Options {
  /** Where the machine-readable summary goes (the CLI and the project's tests read it). */
  readonly outputFile?: string;
}

/** Listens to the run and prints verdicts by requirement id; it never changes an outcome. */
export default class RequirementSummaryReporter implements Reporter {
  private readonly results = new Map<string, CaseResult>();
  /** Test id → project name, when the run has projects (one per profile). */
  private readonly projectOf = new Map<string, string>();
  private readonly suiteErrors = new Map<string, SuiteError>();
  /** Rules the suites declare themselves, from the tests' annotations: listed beside the built-in catalog. */
  private readonly declared = new Map<string, Rule>();
  private readonly outputFile: string;

  constructor(options: Options = {}) {
    this.outputFile = options.outputFile ?? 'reports/summary.json';
  }

  printsToStdio(): boolean {
    return true;
  }

  /** Every test's declared rules, run or not: one whose cases never ran (interrupted, --grep) is listed as not run. */
  onBegin(_config: FullConfig, suite: Suite): void {
    for (const test of suite.allTests()) {
      for (const a of test.annotations) {
        if (a.type !== DECLARED_RULE_ANNOTATION || !a.description) continue;
        const rule = parseRule(a.description);
        if (rule && !this.declared.has(rule.id)) this.declared.set(rule.id, rule);
      }
    }
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const title = test.titlePath().slice(1).join(' › ');
    const project = test.parent.project()?.name;
    if (project) this.projectOf.set(test.id, project);
    if (test.tags.includes(SUITE_ERROR_TAG)) {
      this.suiteErrors.set(test.id, { title, message: result.errors.map((e) => e.message ?? '').join('\n') });
      return;
    }
    const attachment = result.attachments.find((a) => a.name === CASE_OUTCOME_ATTACHMENT && a.body);
    const outcome = parseCaseOutcome(attachment?.body?.toString('utf8'));
    // The last retry wins, as in Playwright's own verdict.
    this.results.set(test.id, {
      title,
      status: result.status,
      requirements: test.annotations.filter((a) => a.type === REQUIREMENT_ANNOTATION).map((a) => a.description ?? ''),
      findings: outcome.findings,
      inconclusive: outcome.inconclusive,
      ...(outcome.stopped ? { stopped: outcome.stopped } : result.status === 'timedOut' ? { stopped: { code: 'CASE_DEADLINE', category: 'connectivity', message: `Playwright's test timeout (${test.timeout} ms) ended the case` } } : {}),
      skipReason: test.annotations.find((a) => a.type === 'skip')?.description,
    });
  }

  onEnd(result: FullResult): void {
    const results = [...this.results.values()];
    const suiteErrors = [...this.suiteErrors.values()];
    const rules = summarise(this.catalog(), results);
    // Stopped before every case ran (Ctrl-C): what ran is judged, but a run that found nothing wrong so far is not conformant.
    const interrupted = result.status === 'interrupted';
    const judged = runOutcome(rules, results, suiteErrors);
    const outcome = interrupted && judged === 'conformant' ? 'not judged' : judged;
    if (interrupted) process.stdout.write(`\nThe run was interrupted: ${results.length} case(s) finished; the rest did not run.\n`);
    process.stdout.write(`\n${formatSummary(rules, results, suiteErrors, outcome)}\n`);
    mkdirSync(dirname(this.outputFile), { recursive: true });
    const cases = results.map(({ findings, ...c }) => ({ ...c, failures: findings.filter((f) => !f.passed) }));
    const projects = this.byProject(suiteErrors);
    writeFileSync(this.outputFile, `${JSON.stringify({ outcome, exitCode: EXIT_CODES[outcome], ...(interrupted ? { interrupted } : {}), rules, cases, suiteErrors, ...(projects ? { projects } : {}) }, null, 2)}\n`);
  }

  private catalog(): ReadonlyMap<string, Rule> {
    return this.declared.size ? new Map([...ruleCatalog, ...this.declared]) : ruleCatalog;
  }

  /**
   * A run over several profiles (one Playwright project each) is judged per profile too: one
   * bank's failure must not read as another's. Undefined for a run of one project.
   */
  private byProject(suiteErrors: readonly SuiteError[]): Record<string, unknown> | undefined {
    const names = [...new Set(this.projectOf.values())];
    if (names.length < 2) return undefined;
    return Object.fromEntries(
      names.map((name) => {
        const results = [...this.results].filter(([id]) => this.projectOf.get(id) === name).map(([, r]) => r);
        const rules = summarise(this.catalog(), results);
        const outcome = runOutcome(rules, results, suiteErrors);
        const cases = results.map(({ findings, ...c }) => ({ ...c, failures: findings.filter((f) => !f.passed) }));
        return [name, { outcome, exitCode: EXIT_CODES[outcome], rules: rules.filter((r) => r.verdict !== 'not run'), cases }];
      }),
    );
  }
}

/** A declared rule as the runner wrote it; anything else is ignored (the rule is then listed by id alone). */
function parseRule(text: string): Rule | undefined {
  try {
    const value = JSON.parse(text) as Partial<Rule>;
    if (typeof value.id !== 'string' || typeof value.title !== 'string' || !Array.isArray(value.sources)) return undefined;
    return { id: value.id, title: value.title, sources: value.sources };
  } catch {
    return undefined;
  }
}
