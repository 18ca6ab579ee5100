import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import type { Finding } from '../rules/types.ts';
import { ruleCatalog } from '../rules/catalog.ts';
import { REQUIREMENT_ANNOTATION } from './annotations.ts';
import { formatSummary, summarise, type CaseResult } from './summary.ts';

interface Options {
  /** Where the machine-readable summary goes (the CLI and the project's tests read it). */
  readonly outputFile?: string;
}

/** Listens to the run and prints verdicts by requirement id; it never changes an outcome. */
export default class RequirementSummaryReporter implements Reporter {
  private readonly results = new Map<string, CaseResult>();
  private readonly outputFile: string;

  constructor(options: Options = {}) {
    this.outputFile = options.outputFile ?? 'reports/summary.json';
  }

  printsToStdio(): boolean {
    return true;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const attachment = result.attachments.find((a) => a.name === 'findings.json' && a.body);
    let findings: Finding[] = [];
    try {
      findings = attachment?.body ? (JSON.parse(attachment.body.toString('utf8')) as Finding[]) : [];
    } catch {
      findings = [];
    }
    // The last retry wins, as in Playwright's own verdict.
    this.results.set(test.id, {
      title: test.titlePath().slice(1).join(' › '),
      status: result.status,
      requirements: test.annotations.filter((a) => a.type === REQUIREMENT_ANNOTATION).map((a) => a.description ?? ''),
      findings,
      skipReason: test.annotations.find((a) => a.type === 'skip')?.description,
    });
  }

  onEnd(): void {
    const results = [...this.results.values()];
    const rules = summarise(ruleCatalog, results);
    process.stdout.write(`\n${formatSummary(rules, results)}\n`);
    mkdirSync(dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, `${JSON.stringify({ rules, cases: results.map(({ findings, ...c }) => ({ ...c, failures: findings.filter((f) => !f.passed) })) }, null, 2)}\n`);
  }
}
