import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SpecLoadError } from './errors.ts';
import { checkOpenApiDocument } from './document.ts';
import { parseSpecText } from './parse.ts';
import { bundleNamePattern, specsDir } from './repo.ts';
import type { SpecValidator } from './types.ts';
import { createSpecValidator } from './validator.ts';

export interface LoadSpecOptions {
  /** Directory a relative file path is resolved against (default: the working directory). */
  readonly baseDir?: string;
}

/** Compiling is the expensive part: one SpecValidator per resolved file per process. */
const cache = new Map<string, SpecValidator>();

/**
 * `ref` is a bundle name (`berlin-group-1.3.12` -> specs/berlin-group-1.3.12.json, plain JSON,
 * no YAML parsing) or a path to an ASPSP's own OpenAPI 3.0 file (YAML or JSON).
 */
export function loadSpec(ref: string, opts: LoadSpecOptions = {}): SpecValidator {
  const isBundle = bundleNamePattern.test(ref);
  const file = isBundle ? join(specsDir, `${ref}.json`) : resolve(opts.baseDir ?? process.cwd(), ref);
  const cached = cache.get(file);
  if (cached) return cached;
  if (!existsSync(file)) {
    const hint = isBundle ? ' (run npm run specs to generate the bundles)' : '';
    throw new SpecLoadError('SPEC_NOT_FOUND', file, `spec ${ref} not found at ${file}${hint}`);
  }
  const doc = checkOpenApiDocument(parseSpecText(readFileSync(file, 'utf8'), file), file);
  const validator = createSpecValidator(doc, isBundle ? ref : file);
  cache.set(file, validator);
  return validator;
}
