import type { FullConfig, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';

interface Options {
  /** Most lines of one failure's message shown on the console; the report holds the rest. Default 40. */
  readonly maxLines?: number;
}

/**
 * The console during a run: cases done / total, failures so far, elapsed. A failing case shows its
 * findings (its error message: the `[RULE-ID] …` and `case stopped (…)` lines), never its
 * attachments: the report holds the evidence. On a terminal the progress line is rewritten in
 * place; elsewhere (CI logs) it is printed about every tenth of the run.
 */
export default class ProgressReporter implements Reporter {
  private readonly maxLines: number;
  private readonly tty = process.stdout.isTTY === true;
  private total = 0;
  private done = 0;
  private readonly counts = { passed: 0, failed: 0, skipped: 0 };
  private started = Date.now();
  private nextMilestone = 0;
  private statusShown = false;

  constructor(options: Options = {}) {
    this.maxLines = options.maxLines ?? 40;
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.total = suite.allTests().length;
    this.started = Date.now();
    this.nextMilestone = this.step();
    this.write(`Running ${this.total} case(s) with ${config.workers} worker(s)\n`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    // A retried case counts once, by its last attempt.
    if (result.retry < test.retries && (result.status === 'failed' || result.status === 'timedOut')) return;
    this.done++;
    if (result.status === 'passed') this.counts.passed++;
    else if (result.status === 'skipped') this.counts.skipped++;
    else {
      this.counts.failed++;
      this.write(this.failure(test, result));
    }
    if (this.tty) this.showStatus();
    else if (this.done >= this.nextMilestone && this.done < this.total) {
      this.write(`${this.status()}\n`);
      this.nextMilestone += this.step();
    }
  }

  // What a case prints itself (rare: the harness does not) still reaches the console.
  onStdOut(chunk: string | Buffer): void {
    this.write(chunk.toString());
  }

  onStdErr(chunk: string | Buffer): void {
    this.write(chunk.toString());
  }

  onError(error: TestError): void {
    this.write(`error: ${firstLines(error.message ?? error.value ?? 'unknown error', this.maxLines)}\n`);
  }

  onEnd(): void {
    this.clearStatus();
    const { passed, failed, skipped } = this.counts;
    const notRun = this.total - this.done;
    const parts = [`${passed} passed`, `${failed} failed`, ...(skipped ? [`${skipped} not applicable`] : []), ...(notRun ? [`${notRun} not run`] : [])];
    process.stdout.write(`${this.done}/${this.total} case(s): ${parts.join(', ')} in ${seconds(Date.now() - this.started)}\n`);
  }

  private failure(test: TestCase, result: TestResult): string {
    // Without the project and the spec file: every case runs from the same spec; the suite names it.
    const title = test.parent.titlePath().filter((t) => t && !/\.spec\.ts$/.test(t)).concat(test.title).join(' › ');
    const head = `✘ ${title} (${result.status === 'timedOut' ? 'timed out' : 'failed'}, ${seconds(result.duration)})`;
    const messages = result.errors.map((e) => firstLines(stripAnsi(e.message ?? e.value ?? ''), this.maxLines));
    return `${head}\n${messages.map((m) => indent(m)).join('\n')}\n`;
  }

  private status(): string {
    const failed = this.counts.failed ? `, ${this.counts.failed} failed` : '';
    return `[${this.done}/${this.total}]${failed}, ${seconds(Date.now() - this.started)}`;
  }

  private step(): number {
    return Math.max(1, Math.ceil(this.total / 10));
  }

  /** Lines printed while a status line is shown first erase it, then redraw it below. */
  private write(text: string): void {
    this.clearStatus();
    process.stdout.write(text);
    if (this.tty && this.done > 0 && this.done < this.total) this.showStatus();
  }

  private showStatus(): void {
    process.stdout.write(`\r\x1b[2K${this.status()}`);
    this.statusShown = true;
  }

  private clearStatus(): void {
    if (!this.statusShown) return;
    process.stdout.write('\r\x1b[2K');
    this.statusShown = false;
  }
}

function firstLines(text: string, max: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.length <= max ? lines.join('\n') : [...lines.slice(0, max), `… ${lines.length - max} more line(s) in the report`].join('\n');
}

function indent(text: string): string {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}

function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

// Playwright colours expect() messages; a log file should not carry escape codes.
function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
