import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { OWN_SCHEMAS } from '../src/yaml/own-schemas.ts';
import { validatorModule } from '../src/yaml/standalone.ts';
import { validatorFor } from '../src/yaml/validator.ts';
import { repoRoot } from './helpers/cli.ts';

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

for (const own of OWN_SCHEMAS) {
  test(`the committed validator of ${own.name} is what npm run schemas makes from ${relative(repoRoot, own.schema)}`, () => {
    assert.equal(readFileSync(own.module, 'utf8'), validatorModule(read(own.schema)), `${relative(repoRoot, own.module)} is stale: run npm run schemas`);
  });
}

test('the precompiled profile validator is used, and judges like the schema', () => {
  const schema = read(OWN_SCHEMAS[0].schema);
  const validate = validatorFor(schema) as ReturnType<typeof validatorFor> & { schemaDigest?: string };
  assert.equal(typeof validate.schemaDigest, 'string', 'the generated module was not used');
  assert.equal(validate({ name: 'x' }), false);
  assert.ok(validate.errors?.some((e) => e.keyword === 'required' && e.parentSchema !== undefined), 'errors carry their parent schema (verbose)');
});

test('a schema edited after generation is compiled afresh, never judged by the stale module', () => {
  const schema = read(OWN_SCHEMAS[0].schema);
  const edited = { ...schema, required: [...(schema['required'] as string[]), 'extraKeyOnlyHere'] };
  const validate = validatorFor(edited) as ReturnType<typeof validatorFor> & { schemaDigest?: string };
  assert.equal(validate.schemaDigest, undefined);
  validate({});
  assert.ok(validate.errors?.some((e) => (e.params as { missingProperty?: string }).missingProperty === 'extraKeyOnlyHere'));
});
