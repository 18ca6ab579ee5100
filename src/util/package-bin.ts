import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The JS entry of a package's bin, run with this Node (no npx, no network). */
export function packageBin(pkg: string, bin: string): string {
  // Not require.resolve(`${pkg}/package.json`): packages with an exports map (allure) hide it.
  const manifest = (require.resolve.paths(pkg) ?? []).map((dir) => join(dir, pkg, 'package.json')).find((f) => existsSync(f));
  if (!manifest) throw new Error(`package ${pkg} is not installed (run npm ci)`);
  const bins = (require(manifest) as { bin?: string | Record<string, string> }).bin;
  const rel = typeof bins === 'string' ? bins : bins?.[bin];
  if (!rel) throw new Error(`package ${pkg} has no bin ${bin}`);
  return join(dirname(manifest), rel);
}
