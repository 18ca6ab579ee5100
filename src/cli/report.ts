import { join } from 'node:path';
import { buildRunReport } from '../report/build.ts';
import { displayPath, findRun, reportsRoot, RUN_FILES } from '../report/runs.ts';
import { parseCommandArgs, UsageError, type CommandHelp } from './args.ts';

const options = {
  run: { type: 'string', arg: 'ID|DIR', help: 'a run id under reports/runs, or a run folder (default: the latest run)' },
  latest: { type: 'boolean', help: 'the newest run (the default)' },
} as const;

export const reportHelp: CommandHelp = {
  usage: 'report [--run ID|DIR]',
  summary: "Rebuild a run's HTML report, coverage matrix and manifest from its results.",
  details: 'Reads the run folder (default: the latest run in PSD2_REPORTS, else reports/). `run` does this itself.',
  options,
};

export async function reportCommand(argv: string[] = []): Promise<number> {
  const { values } = parseCommandArgs(argv, options, { positionals: false });
  if (values.run && values.latest) throw new UsageError('--run and --latest name different runs: give one');
  const run = findRun(reportsRoot(), values.run);
  const built = await buildRunReport(run.dir);
  for (const m of built.messages) process.stderr.write(`${m}\n`);
  if (!built.ok) return 2;
  process.stdout.write(`Report: ${displayPath(join(run.dir, RUN_FILES.report, 'index.html'))}\nIntegrity manifest: ${displayPath(join(run.dir, RUN_FILES.manifest))}\n`);
  return 0;
}
