import { join } from 'node:path';
import { repoRoot } from '../util/repo-root.ts';

export const specsDir = join(repoRoot, 'specs');

/** Names of the generated bundles in specs/, e.g. berlin-group-1.3.12. */
export const bundleNamePattern = /^berlin-group-[0-9.]+$/;
