import { resolve } from 'node:path';

/** The repository root, from this file's place in it (works from any cwd). */
export const repoRoot = resolve(import.meta.dirname, '../..');
