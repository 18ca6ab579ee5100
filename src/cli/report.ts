import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildRunReport } from '../report/build.ts';
import { displayPath, findRun, reportsRoot, RUN_FILES } from '../report/runs.ts';

export const reportHelp = `Usage: psd2-conformance report [--run ID|DIR | --latest]
  Rebuild a run's HTML report, coverage matrix and manifest from its Allure results
  (default: the latest run in $PSD2_REPORTS, else reports/).
`;

export async function reportCommand(argv: string[] = []): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { run: { type: 'string' }, latest: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(reportHelp);
    return 0;
  }
  if (values.run && values.latest) throw new Error('--run and --latest name different runs: give one');
  const run = findRun(reportsRoot(), values.run);
  const built = await buildRunReport(run.dir);
  for (const m of built.messages) process.stderr.write(`${m}\n`);
  if (!built.ok) return 1;
  process.stdout.write(`Report: ${displayPath(join(run.dir, RUN_FILES.report, 'index.html'))}\nIntegrity manifest: ${displayPath(join(run.dir, RUN_FILES.manifest))}\n`);
  return 0;
}
