import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, delimiter, join, resolve } from 'node:path';
import { parseCommandArgs, UsageError, type CommandHelp } from './args.ts';
import { assertFreshRunDir, newRunId, pruneTestResults, reportsRoot, RUN_FILES } from '../report/runs.ts';
import { readRunInfo } from '../report/build.ts';
import { shardProblems } from '../report/shards.ts';
import { packageBin, repoRoot } from './paths.ts';
import { run } from './spawn.ts';

const options = {
  out: { type: 'string', arg: 'DIR', help: "the merged run's folder (default: a new run under reports/runs)" },
} as const;

export const mergeHelp: CommandHelp = {
  usage: 'merge RUN-DIR… [--out DIR]',
  summary: 'Merge the shards of a run (run --shard i/n) into one run.',
  details: "One report, one coverage matrix, one summary recomputed from all shards' results. RUN-DIR is a shard's run folder (it holds blob/, written by --shard).",
  options,
};

export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, options, { positionals: true });
  if (positionals.length === 0) throw new UsageError('give the run folders of the shards to merge');
  const shards = positionals.map((p) => resolve(p));
  const blobs = shards.map((dir) => {
    const blob = join(dir, RUN_FILES.blob);
    const zips = existsSync(blob) ? readdirSync(blob).filter((f) => f.endsWith('.zip')) : [];
    if (!zips.length) throw new Error(`${dir} has no ${RUN_FILES.blob}/*.zip: was it run with --shard?`);
    return { dir, blob, zips };
  });

  const problems = shardProblems(shards.map((dir) => ({ dir, info: readRunInfo(dir) })));
  if (problems.length) throw new UsageError(`cannot merge:\n  ${problems.join('\n  ')}`);

  const root = reportsRoot();
  const runId = newRunId();
  const runDir = values.out ? resolve(values.out) : join(root, 'runs', runId);
  assertFreshRunDir(runDir);
  // The shards' blobs are kept in the merged run: they are what its report was made from.
  const merged = join(runDir, RUN_FILES.blob);
  mkdirSync(merged, { recursive: true });
  for (const b of blobs) for (const z of b.zips) copyFileSync(join(b.blob, z), join(merged, `${basename(b.dir)}-${z}`));

  const env: NodeJS.ProcessEnv = { ...process.env, PSD2_REPORTS: root, PSD2_RUN_DIR: runDir, PSD2_RUN_ID: runId, PSD2_MERGED_FROM: shards.join(delimiter) };
  delete env.PSD2_SHARD;
  delete env.PSD2_NO_REPORT;
  const args = [packageBin('@playwright/test', 'playwright'), 'merge-reports', '--config', join(repoRoot, 'playwright.config.ts'), merged];
  const code = await run(process.execPath, args, env, repoRoot);
  pruneTestResults(runDir);
  return code;
}
