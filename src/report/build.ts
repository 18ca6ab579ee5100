import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageBin } from '../util/package-bin.ts';
import { repoRoot } from '../util/repo-root.ts';
import { runProcess } from '../util/run-process.ts';
import { buildCoverage, type SummaryFile } from './coverage.ts';
import { coverageHtml } from './coverage-html.ts';
import { writeRunManifest } from './manifest.ts';
import { requestLog } from './request-log.ts';
import { environmentProperties, type RunInfo } from './run-info.ts';
import { RUN_FILES } from './runs.ts';
import { makeOffline } from './single-file.ts';

export interface BuildResult {
  readonly ok: boolean;
  readonly messages: readonly string[];
}

export function readRunInfo(runDir: string): RunInfo | undefined {
  const file = join(runDir, RUN_FILES.run);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunInfo) : undefined;
}

/**
 * A run folder's derived evidence, from its Allure results and summary: environment for Allure,
 * coverage matrix (HTML + JSON), request log, the single-file HTML report (offline), then the
 * folder's SHA-256 manifest last, so it covers everything. `html: false` skips the Allure report.
 */
export async function buildRunReport(runDir: string, options: { html: boolean } = { html: true }): Promise<BuildResult> {
  const results = join(runDir, RUN_FILES.results);
  if (!existsSync(results)) return { ok: false, messages: [`no results in ${results}: run the suites first`] };
  const info = readRunInfo(runDir);
  if (info) writeFileSync(join(results, 'environment.properties'), environmentProperties(info));

  const summaryFile = join(runDir, RUN_FILES.summary);
  if (existsSync(summaryFile)) {
    const coverage = buildCoverage(JSON.parse(readFileSync(summaryFile, 'utf8')) as SummaryFile, info);
    writeFileSync(join(runDir, RUN_FILES.coverageJson), `${JSON.stringify(coverage, null, 2)}\n`);
    writeFileSync(join(runDir, RUN_FILES.coverageHtml), coverageHtml(coverage));
  }
  writeFileSync(join(runDir, RUN_FILES.requestLog), requestLog(results));

  const messages: string[] = [];
  let ok = true;
  if (options.html) {
    const out = join(runDir, RUN_FILES.report);
    rmSync(out, { recursive: true, force: true });
    const code = await runProcess(
      process.execPath,
      [packageBin('allure', 'allure'), 'generate', results, '--output', out, '--config', join(repoRoot, 'allurerc.mjs')],
      { ...process.env, PSD2_RUN_DIR: runDir },
      repoRoot,
    );
    const index = join(out, 'index.html');
    if (code !== 0 || !existsSync(index)) {
      ok = false;
      messages.push(`the HTML report was not written (allure exit code ${code})`);
    } else {
      writeFileSync(index, makeOffline(readFileSync(index, 'utf8')));
    }
  }
  writeRunManifest(runDir);
  return { ok, messages };
}
