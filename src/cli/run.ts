import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve, delimiter } from 'node:path';
import { freePort, packageBin, repoRoot, reportsDir } from './paths.ts';
import { run } from './spawn.ts';
import { buildReport } from './report.ts';
import { tryLoadProfile } from '../profile/load.ts';
import { formatLoadErrors } from '../yaml/errors.ts';
import { integerOption, parseCommandArgs, UsageError, type CommandHelp } from './args.ts';
import { checkFaultNames } from './faults.ts';

const options = {
  profile: { type: 'string', arg: 'FILE', help: 'the ASPSP profile (default: PSD2_PROFILE, else the embedded reference ASPSP)' },
  grep: { type: 'string', arg: 'PATTERN', help: 'only cases whose title matches this regular expression' },
  workers: { type: 'string', arg: 'N', help: 'parallel workers (default 2)' },
  fault: { type: 'string', multiple: true, arg: 'NAME', help: 'start the embedded reference ASPSP with this fault mode (see sandbox --list-faults)' },
  'no-report': { type: 'boolean', help: 'skip building the HTML report' },
} as const;

export const runHelp: CommandHelp = {
  usage: 'run [suite.yaml…] [options]',
  summary: 'Run suites against an ASPSP and write the report.',
  details: [
    'Runs the suites given (default: suites/**/*.yaml) against the profile\'s ASPSP. Without a profile',
    'the embedded reference ASPSP is started for the run on a free port. Results, the Allure report,',
    'summary.json and report.sha256 are written under PSD2_REPORTS (default reports/).',
  ].join('\n'),
  options,
  examples: ['', '--profile bank.yaml', 'suites/ais/consent-redirect.yaml --grep consent', '--fault consent-created-200'],
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

  // A profile that does not load is the user's mistake, not the bank's: say so before any test runs.
  if (profileFile) {
    const { errors } = tryLoadProfile(profileFile);
    if (errors.length) {
      process.stderr.write(`${formatLoadErrors(errors)}\n`);
      return 2;
    }
  }

  const reports = reportsDir();
  // Results of an earlier run must not mix into this run's evidence.
  for (const entry of ['allure-results', 'allure-report', 'test-results', 'summary.json', 'report.sha256']) {
    rmSync(resolve(reports, entry), { recursive: true, force: true });
  }

  const env: NodeJS.ProcessEnv = { ...process.env, PSD2_REPORTS: reports };
  if (profileFile) env.PSD2_PROFILE = profileFile;
  if (positionals.length) env.PSD2_SUITES = positionals.map((p) => resolve(p)).join(delimiter);
  if (!profileFile) {
    env.PSD2_SANDBOX_PORT = process.env.PSD2_SANDBOX_PORT ?? String(await freePort());
    if (faults.length) env.PSD2_SANDBOX_FAULTS = faults.join(',');
  }

  const args = [packageBin('@playwright/test', 'playwright'), 'test', '-c', resolve(repoRoot, 'playwright.config.ts')];
  if (values.grep) args.push('--grep', values.grep);
  if (values.workers) args.push('--workers', values.workers);
  const playwrightCode = await run(process.execPath, args, env, repoRoot);
  const code = verdictExitCode(resolve(reports, 'summary.json'), playwrightCode);

  if (values['no-report']) return code;
  const reportCode = await buildReport(reports);
  return code !== 0 ? code : reportCode === 0 ? 0 : 2;
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
