import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FullConfig, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import ProgressReporter from '../src/report/progress-reporter.ts';

function fakeCase(suite: string, title: string): TestCase {
  return { title, retries: 0, parent: { titlePath: () => ['', '', 'conformance.spec.ts', suite] } } as unknown as TestCase;
}

function fakeResult(status: TestResult['status'], message?: string): TestResult {
  const evidence = Array.from({ length: 150 }, (_, i) => `attachment line ${i}`).join('\n');
  return {
    status,
    retry: 0,
    duration: 1234,
    errors: message ? [{ message }] : [],
    attachments: [{ name: 'createConsent response', contentType: 'text/plain', body: Buffer.from(evidence) }],
  } as unknown as TestResult;
}

/** Everything the reporter writes to stdout during `run`. */
function captured(run: () => void): string {
  const original = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    run();
  } finally {
    process.stdout.write = original;
  }
  return out;
}

test('progress: counts, the findings of a failing case, none of its attachments, and a final tally', () => {
  const cases = Array.from({ length: 20 }, (_, i) => fakeCase('AIS consent', `case-${i}`));
  const reporter = new ProgressReporter();
  const finding = 'Error: violated: BG-OAS-STATUS\n[BG-OAS-STATUS] createConsent 200: status 200 is not declared\ncase stopped (CAPTURE_MISSING): cannot go on without \'consentId\'';
  const out = captured(() => {
    reporter.onBegin({ workers: 2 } as FullConfig, { allTests: () => cases } as unknown as Suite);
    cases.forEach((c, i) => {
      if (i === 3) reporter.onTestEnd(c, fakeResult('failed', finding));
      else if (i === 7) reporter.onTestEnd(c, fakeResult('skipped'));
      else reporter.onTestEnd(c, fakeResult('passed'));
    });
    reporter.onEnd();
  });
  assert.match(out, /^Running 20 case\(s\) with 2 worker\(s\)$/m);
  assert.match(out, /^✘ AIS consent › case-3 \(failed, 1\.2 s\)$/m);
  assert.match(out, /^ {4}\[BG-OAS-STATUS\] createConsent 200: status 200 is not declared$/m);
  assert.match(out, /^ {4}case stopped \(CAPTURE_MISSING\): cannot go on without 'consentId'$/m);
  assert.doesNotMatch(out, /attachment line/);
  assert.match(out, /^\[4\/20\], 1 failed, \d+\.\d s$/m);
  assert.match(out, /^20\/20 case\(s\): 18 passed, 1 failed, 1 not applicable in \d+\.\d s$/m);
  // About every tenth of the run in a log, not a line per case.
  const progressLines = out.split('\n').filter((l) => /^\[\d+\/20\]/.test(l));
  assert.ok(progressLines.length <= 10, progressLines.join('\n'));
});

test('progress: a very long failure message is cut, pointing at the report', () => {
  const reporter = new ProgressReporter({ maxLines: 5 });
  const c = fakeCase('S', 'long');
  const message = Array.from({ length: 12 }, (_, i) => `[BG-OAS-BODY] line ${i}`).join('\n');
  const out = captured(() => {
    reporter.onBegin({ workers: 1 } as FullConfig, { allTests: () => [c] } as unknown as Suite);
    reporter.onTestEnd(c, fakeResult('failed', message));
    reporter.onEnd();
  });
  assert.match(out, /line 4\n {4}… 7 more line\(s\) in the report\n/);
  assert.doesNotMatch(out, /line 5/);
});
