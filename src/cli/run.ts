import { join, resolve, delimiter } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, packageBin, repoRoot } from './paths.ts';
import { run } from './spawn.ts';
import { assertFreshRunDir, newRunId, pruneTestResults, reportsRoot } from '../report/runs.ts';
import { tryLoadProfile } from '../profile/load.ts';
import { formatLoadErrors } from '../yaml/errors.ts';

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      profile: { type: 'string' },
      grep: { type: 'string' },
      workers: { type: 'string' },
      fault: { type: 'string', multiple: true },
      'no-report': { type: 'boolean' },
      out: { type: 'string' },
      shard: { type: 'string' },
    },
  });
  const faults = values.fault ?? [];
  // --profile, else PSD2_PROFILE as playwright.config.ts reads it; neither means the embedded ASPSP.
  const profileArg = values.profile ?? process.env.PSD2_PROFILE;
  const profileFile = profileArg ? resolve(profileArg) : undefined;
  if (faults.length && profileFile) {
    throw new Error('--fault starts the embedded reference ASPSP with that fault; it cannot be combined with --profile or PSD2_PROFILE');
  }
  if (values.workers !== undefined && !/^[1-9]\d*$/.test(values.workers)) {
    throw new Error(`--workers must be a positive whole number, got '${values.workers}'`);
  }

  // A profile that does not load is the user's mistake, not the bank's: say so before any test runs.
  if (profileFile) {
    const { errors } = tryLoadProfile(profileFile);
    if (errors.length) {
      process.stderr.write(`${formatLoadErrors(errors)}\n`);
      return 2;
    }
  }

  if (values.shard !== undefined) {
    const m = /^([1-9]\d*)\/([1-9]\d*)$/.exec(values.shard);
    if (!m || Number(m[1]) > Number(m[2])) throw new Error(`--shard must be i/n with 1 <= i <= n, got '${values.shard}'`);
  }

  // Every run writes a folder of its own: an earlier run's evidence is never touched.
  const root = reportsRoot();
  const runId = newRunId();
  const runDir = values.out ? resolve(values.out) : join(root, 'runs', runId);
  assertFreshRunDir(runDir);

  const env: NodeJS.ProcessEnv = { ...process.env, PSD2_REPORTS: root, PSD2_RUN_DIR: runDir, PSD2_RUN_ID: runId };
  delete env.PSD2_MERGED_FROM;
  if (values['no-report']) env.PSD2_NO_REPORT = '1';
  if (values.shard) env.PSD2_SHARD = values.shard;
  if (profileFile) env.PSD2_PROFILE = profileFile;
  if (positionals.length) env.PSD2_SUITES = positionals.map((p) => resolve(p)).join(delimiter);
  if (!profileFile) {
    env.PSD2_SANDBOX_PORT = process.env.PSD2_SANDBOX_PORT ?? String(await freePort());
    if (faults.length) env.PSD2_SANDBOX_FAULTS = faults.join(',');
  }

  const args = [packageBin('@playwright/test', 'playwright'), 'test', '-c', resolve(repoRoot, 'playwright.config.ts')];
  if (values.grep) args.push('--grep', values.grep);
  if (values.workers) args.push('--workers', values.workers);
  if (values.shard) args.push('--shard', values.shard);
  // The runner's last reporter writes the report and the manifest (as under `npx playwright test`).
  const code = await run(process.execPath, args, env, repoRoot);
  pruneTestResults(runDir);
  return code;
}
