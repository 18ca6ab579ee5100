import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from '../util/repo-root.ts';
import { generateAll } from './generate.ts';

/** Regenerates specs/ from the official Berlin Group files: `npm run specs [-- --shared DIR]`. */

function sharedDirFrom(argv: readonly string[]): string {
  const i = argv.indexOf('--shared');
  if (i === -1) return resolve(repoRoot, '../shared/specs/berlin-group');
  const dir = argv[i + 1];
  if (dir === undefined) throw new TypeError('--shared needs a directory, e.g. --shared ../shared/specs/berlin-group');
  return resolve(dir);
}

const sharedDir = sharedDirFrom(process.argv.slice(2));
if (!existsSync(sharedDir)) {
  console.error(`specgen: ${sharedDir} does not exist; pass --shared DIR with the official Berlin Group OpenAPI files`);
  process.exit(2);
}
const outDir = join(repoRoot, 'specs');
mkdirSync(outDir, { recursive: true });
for (const [name, text] of generateAll(sharedDir)) {
  writeFileSync(join(outDir, name), text);
  console.log(`specgen: wrote specs/${name} (${text.length} bytes)`);
}
