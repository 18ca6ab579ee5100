import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/**
 * Every `**\/*.yaml` under `dir` (the suites folder), in a stable order: by path relative to
 * `dir`, `/`-separated, code-unit order, so runs and reports do not depend on the file system.
 * Paths are `dir` joined with the relative path: a relative `dir` gives short relative paths.
 */
export function discoverSuites(dir: string): string[] {
  const found: string[] = [];
  walk(dir, found);
  const key = (f: string) => relative(dir, f).split(sep).join('/');
  return found.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // no suites folder: nothing to discover; callers report "no suites"
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && entry.name.endsWith('.yaml')) out.push(path);
  }
}

/** Suite arguments as users give them: a folder stands for the suites under it; anything else is a file (an unreadable one is reported by the loader). */
export function expandSuitePaths(args: readonly string[]): string[] {
  return args.flatMap((arg) => {
    const path = resolve(arg);
    const isDir = statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
    return isDir ? discoverSuites(path) : [path];
  });
}
