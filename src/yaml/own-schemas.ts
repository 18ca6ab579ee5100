import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { repoRoot } from '../util/repo-root.ts';

/**
 * The JSON Schemas this project owns, each with the standalone validator module generated from it
 * (`npm run schemas`): a worker or a `lint` validates a profile or suite without compiling the
 * schema first (ajv compiles these two in ~150 ms, more than everything else a worker does before its first request).
 */
export const OWN_SCHEMAS = [
  { name: 'profile', schema: resolve(repoRoot, 'fixtures/aspsps/profile.schema.json'), module: resolve(import.meta.dirname, 'generated/profile.schema.cjs') },
  { name: 'suite', schema: resolve(repoRoot, 'suites/suite.schema.json'), module: resolve(import.meta.dirname, 'generated/suite.schema.cjs') },
] as const;

/** Identifies the schema a validator was generated from: a stale module is never used. */
export function schemaDigest(schema: object): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}
