import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, delimiter } from 'node:path';
import { packageBin, repoRoot } from './paths.ts';
import { startReferenceAspsp, type RunningAspsp } from '../util/reference-aspsp.ts';
import { run } from './spawn.ts';
import { assertFreshRunDir, newRunId, pruneTestResults, reportsRoot, RUN_FILES } from '../report/runs.ts';
import { tryLoadProfile } from '../profile/load.ts';
import { formatLoadErrors } from '../yaml/errors.ts';
import { integerOption, parseCommandArgs, UsageError, type CommandHelp } from './args.ts';
import { checkFaultNames } from './faults.ts';
import { TRACE_WORDS } from '../profile/trace-setting.ts';

const options = {
  profile: { type: 'string', arg: 'FILE', help: 'the ASPSP profile (default: PSD2_PROFILE, else the embedded reference ASPSP)' },
  grep: { type: 'string', arg: 'PATTERN', help: 'only cases whose title matches this regular expression' },
  workers: { type: 'string', arg: 'N', help: 'parallel workers (default 2)' },
  fault: { type: 'string', multiple: true, arg: 'NAME', help: 'start the embedded reference ASPSP with this fault mode (see sandbox --list-faults)' },
  out: { type: 'string', arg: 'DIR', help: "this run's folder (default: reports/runs/<run-id>/, with reports/latest pointing at it)" },
  shard: { type: 'string', arg: 'I/N', help: 'run shard I of N (merge the shards with psd2-conformance merge)' },
  trace: { type: 'string', arg: 'MODE', help: "record a masked Playwright trace of each PSU browser session: on, snapshots (with DOM snapshots and the network log) or off (default: the profile's sca.traces, else off)" },
  'no-report': { type: 'boolean', help: 'skip building the HTML report (results, summary and coverage are still written)' },
} as const;

export const runHelp: CommandHelp = {
  usage: 'run [suite.yaml|folder…] [options]',
  summary: 'Run suites against an ASPSP and write the report.',
  details: [
    "Runs the suites given (a folder: the suites under it; default: suites/**/*.yaml) against the",
    "profile's ASPSP. Without a profile the embedded reference ASPSP is started for the run on a free",
    'port. Each run writes a folder of its own, reports/runs/<run-id>/ (PSD2_REPORTS moves reports/):',
    'Allure results and report, summary.json, junit.xml, coverage.html/json, requests.log and',
    'report.sha256; reports/latest points at the newest. Exit code 0 conformant, 1 the bank failed a',
    'rule, 2 not judged.',
  ].join('\n'),
  options,
  examples: ['', '--profile bank.yaml', '--trace on', 'suites/ais/consent-redirect.yaml --grep consent', '--fault consent-created-200', '--shard 1/2 --out shard-1'],
};

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, options, { positionals: true });
  const faults = values.fault ?? [];
  checkFaultNames(faults);
  // --profile, else PSD2_PROFILE as playwright.config.ts reads it; neither means the embedded ASPSP.
  const profileArg = values.profile ?? process.env.PSD2_PROFILE;
  const profileFile = profileArg ? resolve(profileArg) : undefined;
  if (faults.length && profileFile) {
    throw new UsageError('--fault starts the embedded reference ASPSP with that fault; it cannot be combined with --profile or PSD2_PROFILE');
  }
  if (values.workers !== undefined) integerOption('workers', values.workers, 1);
  if (values.trace !== undefined && !Object.hasOwn(TRACE_WORDS, values.trace)) {
    throw new UsageError(`--trace must be ${Object.keys(TRACE_WORDS).join(', ')}, got '${values.trace}'`);
  }
  if (values.shard !== undefined) {
    const m = /^([1-9]\d*)\/([1-9]\d*)$/.exec(values.shard);
    if (!m || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard must be I/N with 1 <= I <= N, got '${values.shard}'`);
  }

  // A profile that does not load is the user's mistake, not the bank's: say so before any test runs.
  if (profileFile) {
    const { errors } = tryLoadProfile(profileFile);
    if (errors.length) {
      process.stderr.write(`${formatLoadErrors(errors)}\n`);
      return 2;
    }
  }

  // Every run writes a folder of its own: an earlier run's evidence is never touched.
  const root = reportsRoot();
  const runId = newRunId();
  const runDir = values.out ? resolve(values.out) : join(root, 'runs', runId);
  assertFreshRunDir(runDir);

  const env: NodeJS.ProcessEnv = { ...process.env, PSD2_REPORTS: root, PSD2_RUN_DIR: runDir, PSD2_RUN_ID: runId };
  delete env.PSD2_MERGED_FROM;
  if (values['no-report']) env.PSD2_NO_REPORT = '1';
  if (values.trace !== undefined) env.PSD2_TRACE = values.trace;
  if (values.shard) env.PSD2_SHARD = values.shard;
  if (profileFile) env.PSD2_PROFILE = profileFile;
  if (positionals.length) env.PSD2_SUITES = positionals.map((p) => resolve(p)).join(delimiter);
  // The embedded reference ASPSP: on PSD2_SANDBOX_PORT when the user names one (the runner starts
  // it there, or reuses one already there), else started here on a port the system gives it as it
  // binds. A port picked beforehand could be taken by another server in between, and the run would
  // judge that bank instead (the runner reuses a server it finds on its port).
  let sandbox: RunningAspsp | undefined;
  if (!profileFile && process.env.PSD2_SANDBOX_PORT) {
    if (faults.length) env.PSD2_SANDBOX_FAULTS = faults.join(',');
  } else if (!profileFile) {
    try {
      sandbox = await startReferenceAspsp(repoRoot, faults.flatMap((f) => ['--fault', f]));
    } catch (e) {
      process.stderr.write(`the embedded reference ASPSP did not start: ${(e as Error).message}\n`);
      return 2;
    }
    env.PSD2_SANDBOX_PORT = new URL(sandbox.url).port;
    env.PSD2_SANDBOX_STARTED = '1';
  }

  const args = [packageBin('@playwright/test', 'playwright'), 'test', '-c', resolve(repoRoot, 'playwright.config.ts')];
  if (values.grep) args.push('--grep', values.grep);
  if (values.workers) args.push('--workers', values.workers);
  if (values.shard) args.push('--shard', values.shard);
  // The runner's last reporter writes the report and the manifest (as under `npx playwright test`).
  let playwrightCode: number;
  try {
    // Ctrl-C stops the runner gracefully (what ran is judged and reported) while the bank it
    // judges stays up until it has stopped: neither dies under the cases still running.
    playwrightCode = await run(process.execPath, args, { ...env, PSD2_STOP_WITH_PARENT: '1' }, repoRoot, { passInterrupts: true, stdinPipe: true });
  } finally {
    await sandbox?.stop();
  }
  pruneTestResults(runDir);
  const code = verdictExitCode(join(runDir, RUN_FILES.summary), playwrightCode);
  // A conformant run whose evidence was not written has not done its job: nothing to archive.
  const evidence = values['no-report'] ? [RUN_FILES.summary] : [RUN_FILES.summary, join(RUN_FILES.report, 'index.html'), RUN_FILES.manifest];
  const missing = evidence.filter((f) => !existsSync(join(runDir, f)));
  if (code === 0 && missing.length) {
    process.stderr.write(`the run's evidence is incomplete: ${missing.join(', ')} not written in ${runDir}\n`);
    return 2;
  }
  return code;
}

/**
 * The run's exit code is the verdict's (0 conformant, 1 the bank failed a rule, 2 not judged),
 * not Playwright's, which is 1 for any red test whoever was to blame. No summary means the run
 * itself broke: not judged.
 */
function verdictExitCode(summaryFile: string, playwrightCode: number): number {
  if (!existsSync(summaryFile)) return 2;
  try {
    const { exitCode } = JSON.parse(readFileSync(summaryFile, 'utf8')) as { exitCode?: unknown };
    return typeof exitCode === 'number' ? exitCode : playwrightCode === 0 ? 0 : 2;
  } catch {
    return 2;
  }
}
