import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageBin, repoRoot, reportsDir } from './paths.ts';
import { run } from './spawn.ts';
import { parseCommandArgs, type CommandHelp } from './args.ts';

export const reportHelp: CommandHelp = {
  usage: 'report',
  summary: 'Build the HTML report and its SHA-256 manifest from the last run\'s results.',
  details: [
    'Reads PSD2_REPORTS/allure-results (default reports/) and writes allure-report/index.html and',
    'report.sha256 (check with: cd reports && sha256sum -c report.sha256). `run` does this itself.',
  ].join('\n'),
  options: {},
};

export async function reportCommand(argv: string[]): Promise<number> {
  parseCommandArgs(argv, {}, { positionals: false });
  return buildReport(reportsDir());
}

/**
 * Allure 3 HTML from the run's results, then a SHA-256 manifest of every report file, so an
 * archived report can later be shown untouched (`sha256sum -c report.sha256` in reports/).
 */
export async function buildReport(reports: string): Promise<number> {
  const results = join(reports, 'allure-results');
  if (!existsSync(results)) {
    process.stderr.write(`no results in ${results}: run the suites first\n`);
    return 2;
  }
  const out = join(reports, 'allure-report');
  const code = await run(
    process.execPath,
    [packageBin('allure', 'allure'), 'generate', results, '--output', out, '--config', join(repoRoot, 'allurerc.mjs')],
    { ...process.env, PSD2_REPORTS: reports },
    repoRoot,
  );
  const index = join(out, 'index.html');
  if (code !== 0 || !existsSync(index)) {
    process.stderr.write(`the HTML report was not written (allure exit code ${code})\n`);
    return code || 1;
  }
  const manifest = join(reports, 'report.sha256');
  const summary = join(reports, 'summary.json');
  const evidence = [...filesUnder(out), ...(existsSync(summary) ? [summary] : [])];
  writeFileSync(manifest, evidence.map((f) => `${sha256(f)}  ${relative(reports, f)}`).join('\n') + '\n');
  process.stdout.write(`\nReport: ${relative(process.cwd(), index) || index}\nIntegrity manifest: ${relative(process.cwd(), manifest)} (check with: cd ${relative(process.cwd(), reports) || '.'} && sha256sum -c report.sha256)\n`);
  return 0;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
