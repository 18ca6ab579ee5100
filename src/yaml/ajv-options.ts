import type { Options } from 'ajv';

/**
 * Options of the ajv for the schemas we own (suite, profile), shared by the runtime compiler and the
 * standalone code generator, so precompiled and runtime validators judge alike: strict, so a schema
 * typo fails loudly; `verbose` so errors carry parent schema and data for good messages;
 * `discriminator` so a step's errors come only from the branch its `kind` selects.
 */
export const OWN_SCHEMA_OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  discriminator: true,
  strict: true,
  // `anyOf: [{required: [operation]}, {required: [method, path]}]` names properties defined one level up.
  strictRequired: false,
  allowUnionTypes: true,
};
