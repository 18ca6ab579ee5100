import { join } from 'node:path';
import type { ReporterDescription } from '@playwright/test';
import { RUN_FILES, type RunRef } from './runs.ts';

export interface ReporterOptions {
  readonly profileFile: string;
  /** Write a blob report, so shards of a run can be merged later. */
  readonly sharded: boolean;
  readonly html: boolean;
  readonly mergedFrom?: readonly string[];
}

/**
 * The reporters of a run, writing into its run folder; shared by playwright.config.ts and
 * `merge` (whose merged run replays the shards' events through the same reporters).
 */
export function runReporters(run: RunRef, options: ReporterOptions): ReporterDescription[] {
  const here = import.meta.dirname;
  return [
    [join(here, 'progress-reporter.ts')],
    [join(here, 'allure-reporter.ts'), { resultsDir: join(run.dir, RUN_FILES.results), detail: false, suiteTitle: true }],
    [join(here, 'summary-reporter.ts'), { outputFile: join(run.dir, RUN_FILES.summary) }],
    ['junit', { outputFile: join(run.dir, RUN_FILES.junit) }],
    ...(options.sharded ? [['blob', { outputDir: join(run.dir, RUN_FILES.blob) }] as ReporterDescription] : []),
    // Last: it reads what the others wrote.
    [
      join(here, 'run-reporter.ts'),
      { runDir: run.dir, runId: run.id, profileFile: options.profileFile, html: options.html, ...(options.mergedFrom ? { mergedFrom: options.mergedFrom } : {}) },
    ],
  ];
}
