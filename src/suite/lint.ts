import { join } from 'node:path';
import { formatLoadErrors, type LoadError } from '../yaml/errors.ts';
import { discoverSuites } from './discover.ts';
import { loadSuites } from './load.ts';
import type { Suite } from './types.ts';

export interface LintResult {
  readonly files: readonly string[];
  readonly suites: readonly Suite[];
  readonly errors: readonly LoadError[];
}

/** `psd2-conformance lint [files]`: no files means every suite under `root`/suites. */
export function lintSuites(files: readonly string[] = [], root: string = process.cwd()): LintResult {
  const targets = files.length > 0 ? [...files] : discoverSuites(join(root, 'suites'));
  const { suites, errors } = loadSuites(targets);
  return { files: targets, suites, errors };
}

/** One line per error, then a summary line; the CLI prints it and exits non-zero when `errors` is non-empty. */
export function formatLintResult(result: LintResult, relativeTo: string = process.cwd()): string {
  const lines = result.errors.length > 0 ? formatLoadErrors(result.errors, relativeTo).split('\n') : [];
  const cases = result.suites.reduce((n, s) => n + s.cases.length, 0);
  const badFiles = new Set(result.errors.map((e) => e.file)).size;
  if (result.files.length === 0) lines.push('no suite files found (suites/**/*.yaml)');
  else if (result.errors.length === 0) {
    lines.push(`ok: ${result.suites.length} suite(s), ${cases} case(s) in ${result.files.length} file(s)`);
  } else {
    lines.push(`${result.errors.length} error(s) in ${badFiles} of ${result.files.length} file(s)`);
  }
  return lines.join('\n');
}
