import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createServer } from 'node:net';

const require = createRequire(import.meta.url);

export { repoRoot } from '../util/repo-root.ts';
import { repoRoot } from '../util/repo-root.ts';

export function reportsDir(): string {
  return resolve(process.env.PSD2_REPORTS ?? join(repoRoot, 'reports'));
}

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

/** A port nobody listens on right now: the machine is shared. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
