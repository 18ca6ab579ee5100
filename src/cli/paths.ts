import { join, resolve } from 'node:path';

export { packageBin } from '../util/package-bin.ts';
export { repoRoot } from '../util/repo-root.ts';
import { repoRoot } from '../util/repo-root.ts';

export function reportsDir(): string {
  return resolve(process.env.PSD2_REPORTS ?? join(repoRoot, 'reports'));
}
