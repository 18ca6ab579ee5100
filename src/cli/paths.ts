import { join, resolve } from 'node:path';
import { createServer } from 'node:net';

export { packageBin } from '../util/package-bin.ts';
export { repoRoot } from '../util/repo-root.ts';
import { repoRoot } from '../util/repo-root.ts';

export function reportsDir(): string {
  return resolve(process.env.PSD2_REPORTS ?? join(repoRoot, 'reports'));
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
