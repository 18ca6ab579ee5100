import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface AllureAttachment {
  readonly name: string;
  readonly source: string;
}
interface AllureStep {
  readonly name?: string;
  readonly steps?: readonly AllureStep[];
  readonly attachments?: readonly AllureAttachment[];
}
interface AllureResult extends AllureStep {
  readonly fullName?: string;
  readonly status?: string;
  readonly start?: number;
}

const EXCHANGE = new Set(['request', 'response']);

/**
 * Every request and response of a run, in case order, from the Allure results: the transcripts
 * there were redacted when attached (header names masked, profile secrets removed), so this log
 * holds nothing the report does not.
 */
export function requestLog(resultsDir: string): string {
  const results = readdirSync(resultsDir)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as AllureResult)
    .sort((a, b) => (a.start ?? 0) - (b.start ?? 0) || (a.fullName ?? '').localeCompare(b.fullName ?? ''));
  const out: string[] = [];
  for (const result of results) {
    const lines: string[] = [];
    const walk = (step: AllureStep, path: readonly string[]) => {
      for (const a of step.attachments ?? []) {
        if (!EXCHANGE.has(a.name)) continue;
        lines.push(`--- ${path.join(' › ')} [${a.name}]`, readFileSync(join(resultsDir, a.source), 'utf8').trimEnd(), '');
      }
      for (const s of step.steps ?? []) walk(s, EXCHANGE.has(s.name ?? '') ? path : [...path, s.name ?? '']);
    };
    walk(result, []);
    if (lines.length) out.push(`=== ${result.name ?? result.fullName} (${result.status ?? 'unknown'})`, '', ...lines);
  }
  return out.join('\n') + '\n';
}
