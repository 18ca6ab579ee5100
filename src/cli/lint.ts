import { resolve } from 'node:path';
import { discoverSuites } from '../suite/discover.ts';
import { lintSuites } from '../suite/lint.ts';
import { formatLoadError } from '../yaml/errors.ts';
import { repoRoot } from './paths.ts';

export async function lintCommand(argv: string[]): Promise<number> {
  const files = argv.length ? argv.map((f) => resolve(f)) : discoverSuites(resolve(repoRoot, 'suites'));
  const { errors, suites } = lintSuites(files);
  for (const e of errors) process.stderr.write(`${formatLoadError(e)}\n`);
  const cases = suites.reduce((n, s) => n + s.cases.length, 0);
  process.stdout.write(`${files.length} suite file(s), ${cases} case(s), ${errors.length} error(s)\n`);
  return errors.length ? 1 : 0;
}
