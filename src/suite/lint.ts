import { join } from 'node:path';
import type { LoadError } from '../yaml/errors.ts';
import { discoverSuites } from './discover.ts';
import { loadSuites } from './load.ts';
import type { UnbuiltSuite } from './load.ts';
import type { Suite } from './types.ts';

export interface LintResult {
  readonly files: readonly string[];
  readonly suites: readonly Suite[];
  readonly errors: readonly LoadError[];
  /** Files that parsed but did not load: the plan's checks still run on them, leniently. */
  readonly unbuilt: readonly UnbuiltSuite[];
}

/** `psd2-conformance lint [files]`: no files means every suite under `root`/suites. */
export function lintSuites(files: readonly string[] = [], root: string = process.cwd()): LintResult {
  const targets = files.length > 0 ? [...files] : discoverSuites(join(root, 'suites'));
  const { suites, errors, unbuilt } = loadSuites(targets);
  return { files: targets, suites, errors, unbuilt };
}

