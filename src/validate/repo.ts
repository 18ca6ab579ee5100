import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in it (works from any cwd). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const specsDir = join(repoRoot, 'specs');

/** Names of the generated bundles in specs/, e.g. berlin-group-1.3.12. */
export const bundleNamePattern = /^berlin-group-[0-9.]+$/;
