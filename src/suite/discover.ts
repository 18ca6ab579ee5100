import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Every `suites/**\/*.yaml` under `root`, as absolute paths in a stable order (by path relative
 * to root, `/`-separated, code-unit order) so runs and reports do not depend on the file system.
 */
export function discoverSuites(root: string): string[] {
  const dir = join(root, 'suites');
  const found: string[] = [];
  walk(dir, found);
  const key = (f: string) => relative(root, f).split(sep).join('/');
  return found.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // no suites folder: nothing to discover, the caller reports "no suites"
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && entry.name.endsWith('.yaml')) out.push(path);
  }
}
