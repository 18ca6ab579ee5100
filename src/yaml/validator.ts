import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * One ajv for the schemas we own (suite, profile): strict, so a schema typo fails loudly;
 * `verbose` so errors carry parent schema and data for good messages; `discriminator` so a
 * step's errors come only from the branch its `kind` selects.
 */
const ajv = new Ajv({
  allErrors: true,
  verbose: true,
  discriminator: true,
  strict: true,
  // `anyOf: [{required: [operation]}, {required: [method, path]}]` names properties defined one level up.
  strictRequired: false,
  allowUnionTypes: true,
});
addFormats.default(ajv);

// ajv caches by schema object too, but a schema with an $id may only be added once: key by object.
const compiled = new WeakMap<object, ValidateFunction>();

export function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}
