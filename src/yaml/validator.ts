import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { OWN_SCHEMA_OPTIONS } from './ajv-options.ts';
import { OWN_SCHEMAS, schemaDigest } from './own-schemas.ts';

const require = createRequire(import.meta.url);
let ajv: Ajv | undefined;

// ajv caches by schema object too, but a schema with an $id may only be added once: key by object.
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * The validator for one of our schemas: the generated standalone module when it was made from this
 * very schema (its digest matches), else compiled here — an edited schema is never judged by stale code.
 */
export function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = precompiled(schema) ?? compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function precompiled(schema: object): ValidateFunction | undefined {
  const id = (schema as { $id?: unknown }).$id;
  const own = OWN_SCHEMAS.find((s) => typeof id === 'string' && s.schema.endsWith(id.slice(id.lastIndexOf('/'))));
  if (!own) return undefined;
  try {
    const module = require(own.module) as ValidateFunction & { schemaDigest?: string };
    return module.schemaDigest === schemaDigest(schema) ? module : undefined;
  } catch {
    return undefined;
  }
}

function compile(schema: object): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv(OWN_SCHEMA_OPTIONS);
    addFormats.default(ajv);
  }
  return ajv.compile(schema);
}
