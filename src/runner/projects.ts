import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ProfileProject {
  readonly name: string;
  readonly grep?: RegExp;
  readonly use: { readonly profileFile: string };
}

interface WrittenProject {
  readonly name?: unknown;
  readonly profile?: unknown;
  readonly grep?: unknown;
}

/**
 * Several profiles in one run (PSD2_PROJECTS names a JSON file: [{ name, profile, grep? }]): one
 * Playwright project per profile, so a single runner process and worker pool serve them all —
 * e.g. several banks at once, or the reference ASPSP under each of its faults.
 */
export function profileProjects(file: string | undefined): ProfileProject[] | undefined {
  if (!file) return undefined;
  const list = JSON.parse(readFileSync(resolve(file), 'utf8')) as unknown;
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${file}: expected a non-empty list of { name, profile, grep? }`);
  return (list as WrittenProject[]).map((p, i) => {
    if (typeof p.name !== 'string' || typeof p.profile !== 'string') throw new Error(`${file}: entry ${i} needs a name and a profile (strings)`);
    if (p.grep !== undefined && typeof p.grep !== 'string') throw new Error(`${file}: entry ${i}: grep must be a regular expression as a string`);
    return { name: p.name, ...(p.grep ? { grep: new RegExp(p.grep) } : {}), use: { profileFile: resolve(p.profile) } };
  });
}
