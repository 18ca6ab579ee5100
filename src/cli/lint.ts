import { dirname, relative, resolve } from 'node:path';
import { discoverSuites, expandSuitePaths } from '../suite/discover.ts';
import { lintSuites } from '../suite/lint.ts';
import { plan } from '../plan/plan.ts';
import { lenientSuiteProblems } from '../plan/lenient.ts';
import { loadProfile } from '../profile/load.ts';
import { loadSpec } from '../validate/index.ts';
import { formatLoadError, type LoadError } from '../yaml/errors.ts';
import { sortByPosition } from '../yaml/load.ts';
import { parseCommandArgs, type CommandHelp } from './args.ts';
import { repoRoot } from './paths.ts';

const options = {
  profile: {
    type: 'string',
    arg: 'FILE',
    help: 'check operationIds and ${profile.*} keys against this profile and its spec (default: PSD2_PROFILE, else the reference ASPSP\'s)',
  },
} as const;

export const lintHelp: CommandHelp = {
  usage: 'lint [suite.yaml|folder…] [options]',
  summary: 'Check suite files against the suite schema, a profile and its spec; runs nothing.',
  details: [
    'Every problem of every file in one pass, each as file:line:column with the allowed values and a',
    'likely fix: unknown keys, wrong types, unknown requirement ids, operationIds the spec lacks,',
    'variables used before a step captures them, profile keys the profile lacks. Default: suites/**/*.yaml.',
    'Exit code 1 when a file has a problem, 2 when the profile itself does not load.',
  ].join('\n'),
  options,
  examples: ['', 'suites/ais/consent-redirect.yaml', '--profile bank.yaml suites/'],
};

export async function lintCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, options, { positionals: true });
  const files = positionals.length ? expandSuitePaths(positionals) : discoverSuites(resolve(repoRoot, 'suites'));
  const { errors, suites, unbuilt } = lintSuites(files);
  const profile = loadProfile(resolve(values.profile ?? process.env.PSD2_PROFILE ?? resolve(repoRoot, 'fixtures/aspsps/reference.yaml')));
  const operationIds = new Set(loadSpec(profile.spec, { baseDir: dirname(profile.file) }).operationIds());
  const input = { profile, operationIds };
  const planned = plan({ suites, ...input });
  const problems = [
    ...planned.flatMap((c) => c.problems),
    ...unbuilt.flatMap((u) => lenientSuiteProblems(u.raw, u.locator, input)),
  ];
  const all = byFile(files, [...errors, ...problems]);
  for (const e of all) process.stderr.write(`${formatLoadError(e)}\n`);
  // Not errors: the profile says the bank lacks what these cases need (an option, a key, a clock).
  for (const c of planned) {
    if (c.notApplicable) process.stdout.write(`${shown(c.suite.file)}:${c.kase.at.line}:${c.kase.at.column} ${c.kase.id}: ${c.notApplicable}\n`);
  }

  const broken = [...new Set(all.map((e) => e.file))];
  const cases = suites.reduce((n, s) => n + s.cases.length, 0);
  const skipped = planned.filter((c) => c.notApplicable).length;
  const verdict = broken.length ? `${all.length} error(s) in ${broken.length} file(s): ${broken.map(shown).join(', ')}` : 'no errors';
  process.stdout.write(`${files.length} suite file(s), ${cases} case(s) loaded, ${verdict} (${skipped} not applicable; profile: ${profile.name}, spec ${profile.spec})\n`);
  return all.length ? 1 : 0;
}

/** Files in the order given, each file's errors by position. */
function byFile(given: readonly string[], errors: readonly LoadError[]): LoadError[] {
  // Errors may also name files not given (e.g. the first definition of a duplicate id): those last.
  const files = [...new Set([...given, ...errors.map((e) => e.file)])];
  return files.flatMap((f) => sortByPosition(errors.filter((e) => e.file === f)));
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}
