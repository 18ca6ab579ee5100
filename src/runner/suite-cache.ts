import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSuites, type SuitesLoadResult } from '../suite/load.ts';

/**
 * Suites are loaded once per run: the runner's main process parses and checks them while it
 * collects the tests, and each worker reads that result instead of parsing every YAML file again
 * (a cold YAML parser costs a worker most of a second; a run over many profiles has many workers).
 */
export function loadSuitesOnce(files: readonly string[], runId: string | undefined): SuitesLoadResult {
  const cache = runId ? cacheFile(runId) : undefined;
  const key = JSON.stringify(files);
  if (cache && existsSync(cache)) {
    try {
      const saved = JSON.parse(readFileSync(cache, 'utf8')) as { key: string; result: SuitesLoadResult };
      if (saved.key === key) return saved.result;
    } catch {
      // a half-written or foreign file: load as usual
    }
  }
  const result = loadSuites(files);
  if (cache) writeFileSync(cache, JSON.stringify({ key, result }));
  return result;
}

export function cacheFile(runId: string): string {
  return join(tmpdir(), `psd2-suites-${runId.replace(/[^\w.-]/g, '_')}.json`);
}

/** Global teardown: the cache is this run's alone. */
export function dropSuiteCache(runId: string | undefined): void {
  if (runId) rmSync(cacheFile(runId), { force: true });
}
