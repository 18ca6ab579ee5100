import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { ruleCatalog } from '../rules/catalog.ts';
import { REQUIREMENT_ANNOTATION } from './annotations.ts';
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
  private readonly outputFile: string;

  constructor(options: Options = {}) {
    this.outputFile = options.outputFile ?? 'reports/summary.json';
  }

  printsToStdio(): boolean {
    return true;
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

  onEnd(): void {
    const results = [...this.results.values()];
    const suiteErrors = [...this.suiteErrors.values()];
    const rules = summarise(ruleCatalog, results);
    const outcome = runOutcome(rules, results, suiteErrors);
    process.stdout.write(`\n${formatSummary(rules, results, suiteErrors)}\n`);
    mkdirSync(dirname(this.outputFile), { recursive: true });
    const cases = results.map(({ findings, ...c }) => ({ ...c, failures: findings.filter((f) => !f.passed) }));
    const projects = this.byProject(suiteErrors);
    writeFileSync(this.outputFile, `${JSON.stringify({ outcome, exitCode: EXIT_CODES[outcome], rules, cases, suiteErrors, ...(projects ? { projects } : {}) }, null, 2)}\n`);
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
        const rules = summarise(ruleCatalog, results);
        const outcome = runOutcome(rules, results, suiteErrors);
        const cases = results.map(({ findings, ...c }) => ({ ...c, failures: findings.filter((f) => !f.passed) }));
        return [name, { outcome, exitCode: EXIT_CODES[outcome], rules: rules.filter((r) => r.verdict !== 'not run'), cases }];
      }),
    );
  }
}
