import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { OWN_SCHEMAS } from './own-schemas.ts';
import { validatorModule } from './standalone.ts';
import { repoRoot } from '../util/repo-root.ts';

/** `npm run schemas`: regenerate the standalone validator module of every schema this project owns. */
for (const own of OWN_SCHEMAS) {
  const schema = JSON.parse(readFileSync(own.schema, 'utf8')) as object;
  writeFileSync(own.module, validatorModule(schema));
  console.log(`${relative(repoRoot, own.module)} from ${relative(repoRoot, own.schema)}`);
}
