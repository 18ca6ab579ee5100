import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { discoverSuites } from '../suite/discover.ts';
import { lintSuites } from '../suite/lint.ts';
import { plan } from '../plan/plan.ts';
import { loadProfile } from '../profile/load.ts';
import { loadSpec } from '../validate/index.ts';
import { formatLoadError } from '../yaml/errors.ts';
import { repoRoot } from './paths.ts';

/** Suites against their schema, then against a profile and its spec (operationIds, templates). */
export async function lintCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { profile: { type: 'string' } } });
  const files = positionals.length ? positionals.map((f) => resolve(f)) : discoverSuites(resolve(repoRoot, 'suites'));
  const { errors, suites } = lintSuites(files);
  const profile = loadProfile(resolve(values.profile ?? process.env.PSD2_PROFILE ?? resolve(repoRoot, 'fixtures/aspsps/reference.yaml')));
  const operationIds = new Set(loadSpec(profile.spec, { baseDir: dirname(profile.file) }).operationIds());
  const planned = plan({ suites, profile, operationIds });
  const problems = planned.flatMap((c) => c.problems);
  const all = [...errors, ...problems];
  for (const e of all) process.stderr.write(`${formatLoadError(e)}\n`);
  // Not errors: the profile says the bank lacks what these cases need (an option, a key, a clock).
  for (const c of planned) {
    if (c.notApplicable) process.stdout.write(`${c.suite.file}:${c.kase.at.line}:${c.kase.at.column} ${c.kase.id}: ${c.notApplicable}\n`);
  }
  const cases = suites.reduce((n, s) => n + s.cases.length, 0);
  const skipped = planned.filter((c) => c.notApplicable).length;
  process.stdout.write(`${files.length} suite file(s), ${cases} case(s), ${skipped} not applicable, ${all.length} error(s) (profile: ${profile.name}, spec ${profile.spec})\n`);
  return all.length ? 1 : 0;
}
